//! Reading a file the user names as input (a data file, a record to import) without trusting
//! it: only regular files are opened, and never more than a stated number of bytes is read.

use std::path::Path;

/// Read a whole input file of at most `max` bytes. A folder, a device or a FIFO is refused
/// before it is opened (reading `/dev/zero` would never end, opening a FIFO would block), and
/// a larger file is refused after reading one byte past the limit, never read in full.
pub(crate) fn read_bounded(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    check_input_kind(path, &meta)?;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            crate::i18n::cli_text(
                &format!(
                    "ファイルが大きすぎます（上限 {}）。何も読み込んでいません。正しいファイルか確認してください",
                    human_size(max)
                ),
                &format!(
                    "the file is larger than the {} this program accepts; nothing was read. \
                     Check that it is the right file",
                    human_size(max)
                ),
            ),
        ));
    }
    Ok(bytes)
}

/// Refuse a folder, a device, a FIFO or a socket as an input file.
fn check_input_kind(path: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
    crate::store::look::check_regular(path, meta).map_err(|e| {
        // The caller adds its own closing words after this one.
        let text = e.to_string();
        let text = text.trim_end_matches(['.', '。']).to_string();
        std::io::Error::new(std::io::ErrorKind::InvalidInput, text)
    })
}

/// A byte count as the user reads it: "64 MB", "1 MB", "512 KB".
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
