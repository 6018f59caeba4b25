//! Loading TOML data files (agendas, themes, catalogs) with errors a non-programmer can act on.
//!
//! Every data file error names the file, the line and column, what is wrong and what to do about
//! it, so a facilitator who edited an agenda by hand can find the mistake without a stack trace.

use serde::de::DeserializeOwned;
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// A problem in a data file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFileError {
    /// The file name as the user knows it (a path, or `(built-in) NAME` for embedded defaults).
    pub(crate) file: String,
    /// 1-based line, when known.
    pub(crate) line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub(crate) column: Option<usize>,
    /// What is wrong.
    pub(crate) message: String,
    /// What to do about it.
    pub(crate) hint: String,
}

impl DataFileError {
    /// An error at a byte span of `text` (as given by `toml::Spanned` or a parser error).
    pub(crate) fn at(
        file: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_col(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        Self {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An error about the file as a whole (cannot be read, empty, …).
    pub(crate) fn whole(file: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::at(file, "", None, message, hint)
    }
}

impl fmt::Display for DataFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(col) = self.column {
                write!(f, ", column {col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  To fix: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for DataFileError {}

/// 1-based (line, column) of a byte offset; the column counts characters, not bytes, so it
/// matches what an editor shows for Japanese text.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut cut = offset;
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Parse TOML text into `T`, turning syntax and type errors into a located [`DataFileError`].
pub(crate) fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DataFileError> {
    toml::from_str::<T>(text).map_err(|e| {
        // toml's message repeats the offending line with carets; keep only its first line, the
        // location is reported separately.
        let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
        DataFileError::at(
            file,
            text,
            e.span(),
            message,
            "check the TOML syntax at that place (quotes around text, `key = value`, [[section]] headers)",
        )
    })
}

/// The largest agenda or theme file read: real ones are a few kilobytes.
pub(crate) const MAX_DATA_FILE_BYTES: u64 = 1024 * 1024;

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

/// Read a data file from disk and parse it, reporting unreadable files in the same form.
pub(crate) fn load_toml<T: DeserializeOwned>(path: &Path) -> Result<(T, String), DataFileError> {
    let name = path.display().to_string();
    let bytes = read_bounded(path, MAX_DATA_FILE_BYTES).map_err(|e| {
        DataFileError::whole(
            &name,
            format!("cannot read the file ({e})"),
            "check the path and the file's permissions",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
        DataFileError {
            file: name.clone(),
            line: Some(line),
            column: Some(column),
            message: "the file is not valid UTF-8".into(),
            hint: "save the file as UTF-8 (not Shift_JIS)".into(),
        }
    })?;
    let value = parse_toml(&name, &text)?;
    Ok((value, text))
}

fn line_col_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
    line_col(&valid, valid.len())
}

/// The candidate closest to `word`, if it is close enough to be a typo ("did you mean"), by
/// optimal-string-alignment distance, so a swap of two neighbours (`bleu`) counts as one edit.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Demo {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        minutes: u32,
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\n名前 = 2\n";
        let offset = text.find('2').unwrap();
        assert_eq!(line_col(text, offset), (2, 6));
    }

    #[test]
    fn syntax_error_is_located() {
        let text = "name = \"x\"\nminutes = = 5\n";
        let err = parse_toml::<Demo>("demo.toml", text).unwrap_err();
        assert_eq!(err.line, Some(2));
        let shown = err.to_string();
        assert!(shown.starts_with("demo.toml, line 2"), "{shown}");
        assert!(shown.contains("To fix"), "{shown}");
    }

    #[test]
    fn type_error_is_located() {
        let text = "name = \"x\"\nminutes = \"five\"\n";
        let err = parse_toml::<Demo>("demo.toml", text).unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn unknown_field_is_reported() {
        let text = "name = \"x\"\nminutes = 5\ncolour = \"red\"\n";
        let err = parse_toml::<Demo>("demo.toml", text).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("colour"), "{}", err.message);
    }

    #[test]
    fn non_utf8_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sjis.toml");
        std::fs::write(&path, b"name = \"\x83\x65\"\n").unwrap();
        let err = load_toml::<Demo>(&path).unwrap_err();
        assert!(err.message.contains("UTF-8"));
        assert_eq!(err.line, Some(1));
    }
}
