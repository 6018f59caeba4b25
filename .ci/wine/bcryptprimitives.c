/* A stand-in for Windows' bcryptprimitives.dll, which Wine 8 (Debian 12) lacks. Rust's standard
 * library calls its ProcessPrng at start-up (random keys for HashMap), so without it every Rust
 * program stops under that Wine with "Library bcryptprimitives.dll not found". CI builds this
 * with mingw (.ci/run) and puts it on WINEDLLPATH; it is never shipped with caseconf. */
#include <windows.h>

/* advapi32's RtlGenRandom, exported as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
