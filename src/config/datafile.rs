//! Loading TOML data files (agendas, themes, catalogs) with errors a non-programmer can act on.
//!
//! Every data file error names the file, the line and column, what is wrong and what to do about
//! it, so a facilitator who edited an agenda by hand can find the mistake without a stack trace.
//! [`load`] reads a file from disk; [`Source`] parses its text and makes every located error,
//! and [`did_you_mean`] suggests the name a typo was meant to be.

use serde::de::DeserializeOwned;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

use crate::input_file::read_bounded;

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
    fn at(
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
fn line_col(text: &str, offset: usize) -> (usize, usize) {
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

/// A data file being checked: its name as the user knows it and its text, so that every
/// complaint about it says where. Agenda, theme and catalog loading all go through this one
/// reader, which is why their messages have the same shape.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

/// What a file may contain, told to the user when its shape is wrong (the syntax is fine but a
/// field is misspelt, missing or of the wrong type). `None` keeps the generic syntax hint.
#[derive(Clone, Copy, Default)]
pub(crate) struct ShapeHints<'h> {
    /// For a field the file may not have (a misspelling, usually).
    pub(crate) unknown_field: Option<&'h str>,
    /// For a required field that is absent.
    pub(crate) missing_field: Option<&'h str>,
    /// For a value of the wrong type (text where a number belongs, …).
    pub(crate) wrong_type: Option<&'h str>,
}

impl<'a> Source<'a> {
    /// `file` names the file in messages: a path, or `(built-in) NAME` for embedded defaults.
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self { file, text }
    }

    /// Parse the TOML text into `T`. A syntax error gets the syntax hint; a well-formed file of
    /// the wrong shape gets the matching hint from `hints`.
    pub(crate) fn parse<T: DeserializeOwned>(
        &self,
        hints: &ShapeHints<'_>,
    ) -> Result<T, DataFileError> {
        // Two steps, so that a syntax error is told apart from a shape error by where it
        // arose, not by its wording.
        let document = toml::de::Deserializer::parse(self.text)
            .map_err(|e| self.toml_error(&e, SYNTAX_HINT))?;
        T::deserialize(document).map_err(|e| {
            let hint = match Shape::of(&e) {
                Shape::UnknownField => hints.unknown_field,
                Shape::MissingField => hints.missing_field,
                Shape::WrongType => hints.wrong_type,
                Shape::Other => None,
            };
            self.toml_error(&e, hint.unwrap_or(SYNTAX_HINT))
        })
    }

    fn toml_error(&self, e: &toml::de::Error, hint: &str) -> DataFileError {
        // toml's message may repeat the offending line with carets; keep only its first line,
        // the location is reported separately.
        let message = e.message().lines().next().unwrap_or("invalid TOML");
        self.error(e.span(), message, hint)
    }

    /// An error at a byte span of the text (`None`: the file as a whole).
    pub(crate) fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> DataFileError {
        DataFileError::at(self.file, self.text, span, message, hint)
    }

    /// An error at a value as written in the file.
    pub(crate) fn error_at<T>(
        &self,
        value: &Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> DataFileError {
        self.error(Some(value.span()), message, hint)
    }

    /// An error at the very end of the text, where something missing would be added.
    pub(crate) fn error_at_end(
        &self,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> DataFileError {
        let end = self.text.len();
        self.error(Some(end..end), message, hint)
    }

    /// The 1-based line a value starts on (to point back at an earlier entry).
    pub(crate) fn line_of<T>(&self, value: &Spanned<T>) -> usize {
        line_col(self.text, value.span().start).0
    }

    /// The trimmed text of a field that must not be blank; a blank one is reported at the
    /// field with `message` and `hint`.
    pub(crate) fn non_blank(
        &self,
        value: &Spanned<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Result<String, DataFileError> {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            return Err(self.error_at(value, message, hint));
        }
        Ok(trimmed.to_string())
    }
}

/// The hint for a TOML syntax error.
const SYNTAX_HINT: &str =
    "check the TOML syntax at that place (quotes around text, `key = value`, [[section]] headers)";

/// The kinds of shape error serde reports, told apart by the fixed opening words serde gives
/// each kind (`toml::de::Error` carries no kind of its own).
enum Shape {
    UnknownField,
    MissingField,
    WrongType,
    Other,
}

impl Shape {
    fn of(e: &toml::de::Error) -> Self {
        let message = e.message();
        if message.starts_with("unknown field") {
            Self::UnknownField
        } else if message.starts_with("missing field") {
            Self::MissingField
        } else if message.starts_with("invalid type") {
            Self::WrongType
        } else {
            Self::Other
        }
    }
}

/// The largest agenda, theme or catalog file read: real ones are a few kilobytes.
const MAX_DATA_FILE_BYTES: u64 = 1024 * 1024;

/// Read a data file from disk and hand its name and text to `parse`, reporting a file that
/// cannot be read, or is not UTF-8, in the same located form as a mistake inside it.
pub(crate) fn load<T>(
    path: &Path,
    parse: impl FnOnce(&str, &str) -> Result<T, DataFileError>,
) -> Result<T, DataFileError> {
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
    parse(&name, &text)
}

fn line_col_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
    line_col(&valid, valid.len())
}

/// " (did you mean `x`?)" when a candidate is close enough to `word` to be what was meant,
/// otherwise nothing; for the end of an "unknown …" message.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    closest(word, candidates)
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `word`, if it is close enough to be a typo, by
/// optimal-string-alignment distance, so a swap of two neighbours (`bleu`) counts as one edit.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
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

    const HINTS: ShapeHints<'static> = ShapeHints {
        unknown_field: Some("spelling"),
        missing_field: Some("add it"),
        wrong_type: None,
    };

    fn demo(text: &str) -> Result<Demo, DataFileError> {
        Source::new("demo.toml", text).parse(&HINTS)
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
        let err = demo(text).unwrap_err();
        assert_eq!(err.line, Some(2));
        let shown = err.to_string();
        assert!(shown.starts_with("demo.toml, line 2"), "{shown}");
        assert!(shown.contains("To fix"), "{shown}");
    }

    #[test]
    fn type_error_is_located() {
        let text = "name = \"x\"\nminutes = \"five\"\n";
        let err = demo(text).unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn unknown_field_is_reported() {
        let text = "name = \"x\"\nminutes = 5\ncolour = \"red\"\n";
        let err = demo(text).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("colour"), "{}", err.message);
        assert_eq!(err.hint, "spelling");
    }

    #[test]
    fn each_shape_error_gets_its_own_hint() {
        let err = demo("name = \"x\"\n").unwrap_err();
        assert!(err.message.starts_with("missing field"), "{}", err.message);
        assert_eq!(err.hint, "add it");
        // No hint given for a wrong type: the syntax hint stays.
        let err = demo("name = \"x\"\nminutes = \"five\"\n").unwrap_err();
        assert!(err.hint.contains("TOML syntax"), "{}", err.hint);
        // A value that quotes a shape error's words is still a wrong type.
        let err = demo("name = \"x\"\nminutes = \"unknown field\"\n").unwrap_err();
        assert!(err.hint.contains("TOML syntax"), "{}", err.hint);
        let err = demo("name = = \"x\"\n").unwrap_err();
        assert!(err.hint.contains("TOML syntax"), "{}", err.hint);
    }

    #[test]
    fn did_you_mean_suggests_only_near_names() {
        assert_eq!(
            did_you_mean("bleu", &["blue", "black"]),
            " (did you mean `blue`?)"
        );
        assert_eq!(did_you_mean("purple", &["blue", "black"]), "");
    }

    #[test]
    fn non_utf8_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sjis.toml");
        std::fs::write(&path, b"name = \"\x83\x65\"\n").unwrap();
        let err = load(&path, |file, text| {
            Source::new(file, text).parse::<Demo>(&HINTS)
        })
        .unwrap_err();
        assert!(err.message.contains("UTF-8"));
        assert_eq!(err.line, Some(1));
    }
}
