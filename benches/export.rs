//! Exporting a large conference (2,000 notes) in every format. Budget: all five formats
//! together well under 200 ms.
//!
//! Then the memory of a Word export (BENCHMARKS.md): the release program exports a conference
//! of 2,000 notes and one of 20,000 (databases built here, three runs each) and the peak
//! resident memory of each run is read from `wait4`; the medians and their ratio are printed
//! with the load average. Budget: 20,000 notes within 1.2x of 2,000. `EXPORT_BEFORE=PATH`
//! measures another build of the program in the same run; `EXPORT_MEMORY=only` runs the memory
//! check alone, `EXPORT_MEMORY=0` skips it.
//!
//! `EXPORT_DB=PATH EXPORT_NOTES=N` instead writes a database file holding one such conference
//! of N notes and prints its number, for measuring the program by hand (`/usr/bin/time -v
//! caseconf --db PATH export ID -o out.docx`).

#[path = "../tests/export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, CsvTable, Format, Options, Snapshot};
use caseconf::store;
use criterion::{Criterion, criterion_group};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let conn = store::open_memory().expect("in-memory database");
    let id = fixture::big(&conn, 2_000);
    let plain = Options::default();
    let redacted = Options {
        redact: true,
        ..Options::default()
    };

    let mut group = c.benchmark_group("export_2000_notes");
    for format in Format::ALL {
        group.bench_function(format!("{format:?}"), |b| {
            b.iter(|| export::export(&conn, black_box(id), format, &plain).expect("export"))
        });
    }
    group.bench_function("all_formats", |b| {
        b.iter(|| {
            for format in Format::ALL {
                black_box(export::export(&conn, id, format, &plain).expect("export"));
            }
        })
    });
    group.bench_function("all_formats_redacted", |b| {
        b.iter(|| {
            for format in Format::ALL {
                black_box(export::export(&conn, id, format, &redacted).expect("export"));
            }
        })
    });
    let snapshot = Snapshot::load(&conn, id).expect("snapshot");
    group.bench_function("csv_notes_from_snapshot", |b| {
        let options = Options {
            table: CsvTable::Notes,
            ..Options::default()
        };
        b.iter(|| export::render(black_box(&snapshot), Format::Csv, &options).expect("csv"))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    if let Some(path) = std::env::var_os("EXPORT_DB") {
        let n = std::env::var("EXPORT_NOTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        let conn = store::open(std::path::Path::new(&path)).expect("database file");
        let id = fixture::big(&conn, n);
        println!("{id}");
        return;
    }
    let memory = std::env::var("EXPORT_MEMORY").unwrap_or_default();
    if memory != "only" {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
    if memory != "0" {
        memory::report();
    }
}

/// The peak memory of the program exporting a Word file, against the number of notes.
#[cfg(unix)]
mod memory {
    use super::fixture;
    use caseconf::store;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    const SMALL: usize = 2_000;
    const LARGE: usize = 20_000;
    const RUNS: usize = 3;
    /// 20,000 notes may take at most this many times the memory of 2,000.
    const BUDGET: f64 = 1.2;

    pub(super) fn report() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let databases: Vec<(usize, PathBuf, i64)> = [SMALL, LARGE]
            .into_iter()
            .map(|n| {
                let path = dir.path().join(format!("n{n}.db"));
                let conn = store::open(&path).expect("database file");
                let id = fixture::big(&conn, n);
                (n, path, id)
            })
            .collect();
        let mut programs = vec![(
            "this build".to_string(),
            PathBuf::from(env!("CARGO_BIN_EXE_caseconf")),
        )];
        if let Some(before) = std::env::var_os("EXPORT_BEFORE") {
            programs.push((
                format!("before ({})", Path::new(&before).display()),
                before.into(),
            ));
        }
        println!(
            "\nWord export, peak resident memory (median of {RUNS} runs), load average {}",
            load_average()
        );
        for (name, program) in &programs {
            let figures: Vec<(u64, f64)> = databases
                .iter()
                .map(|(_, db, id)| median(program, db, *id, dir.path()))
                .collect();
            let [(small, small_s), (large, large_s)] = figures[..] else {
                return;
            };
            let ratio = large as f64 / small as f64;
            let verdict = if ratio <= BUDGET { "met" } else { "not met" };
            println!(
                "  {name}: {SMALL} notes {:.1} MB ({small_s:.2} s), {LARGE} notes {:.1} MB ({large_s:.2} s): \
                 {ratio:.2}x (budget {BUDGET:.1}x: {verdict})",
                small as f64 / 1024.0,
                large as f64 / 1024.0,
            );
        }
        println!("  load average after: {}", load_average());
    }

    /// The median peak resident memory (KiB) and wall time of `RUNS` exports.
    fn median(program: &Path, db: &Path, id: i64, dir: &Path) -> (u64, f64) {
        let mut runs: Vec<(u64, f64)> = (0..RUNS).map(|_| export(program, db, id, dir)).collect();
        runs.sort_by_key(|(kib, _)| *kib);
        runs[RUNS / 2]
    }

    /// One export of conference `id` of `db` to a Word file: its peak resident memory (KiB,
    /// from `wait4`) and its wall time.
    fn export(program: &Path, db: &Path, id: i64, dir: &Path) -> (u64, f64) {
        let out = dir.join("record.docx");
        let started = std::time::Instant::now();
        // Waited for below with wait4, which also gives its resource usage.
        #[allow(clippy::zombie_processes)]
        let child = Command::new(program)
            .arg("--db")
            .arg(db)
            .args(["export", &id.to_string(), "-o"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the program starts");
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: the child is ours and not waited for elsewhere; both pointers are valid.
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        let seconds = started.elapsed().as_secs_f64();
        assert!(
            pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "{} export failed",
            program.display()
        );
        (usage.ru_maxrss.max(0) as u64, seconds)
    }

    fn load_average() -> String {
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".to_string())
    }
}

#[cfg(not(unix))]
mod memory {
    pub(super) fn report() {
        println!("The Word export's memory is measured on Unix only (wait4).");
    }
}
