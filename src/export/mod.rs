//! Exporting a conference's record — Word, HTML, Markdown, CSV and the lossless JSON — and
//! importing the JSON back.
//!
//! Every format starts from one [`Snapshot`] of the conference read from the store; with
//! `--redact` the snapshot first goes through one [`RedactionMap`], so a name gets the same
//! label everywhere. Word, HTML and Markdown render the same report (headings, tables,
//! lists, charts, built by `report::write`), whose labels are in the conference's own
//! language. A Word file written to disk holds only the conference without its notes: the
//! notes are read from the store as the report's sections are written (`source::Streamed`),
//! through the same redaction, and make the same bytes. Nothing in an export depends on the
//! clock or the machine: the same conference gives the same bytes.
//!
//! Files are written private (0600) whatever the umask, through a temporary file renamed into
//! place, so a reader never sees half a file.

pub mod case;
pub(crate) mod csv;
pub(crate) mod dates;
pub(crate) mod docx;
pub(crate) mod followup;
pub(crate) mod html;
pub(crate) mod import;
pub(crate) mod json;
pub(crate) mod labels;
pub(crate) mod layout;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod patterns;
pub mod png;
pub(crate) mod redact;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod source;

pub use csv::CsvTable;
pub(crate) use dates::DateStyle;
pub use docx::DocxError;
pub use import::{ImportError, Imported, import, import_record};
pub use model::{FORMAT_VERSION, Snapshot};
pub use redact::{RedactionMap, redact, redaction_map};
pub use review::{Review, review};

use crate::platform::{self, Access};
use crate::store::StoreError;
use rusqlite::Connection;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The demo conference (fictional, fully filled in, in Japanese), as an import file.
pub const DEMO_JSON: &str = include_str!("../../data/demo/demo.json");
/// How the demo file is named in messages.
pub(crate) const DEMO_LABEL: &str = "(built-in) data/demo/demo.json";

/// The formats of an export, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Word
    #[value(alias = "word")]
    Docx,
    #[value(alias = "htm")]
    Html,
    /// Markdown
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// A table for spreadsheets
    Csv,
    /// Lossless, for `caseconf import`
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Docx,
        Format::Html,
        Format::Markdown,
        Format::Csv,
        Format::Json,
    ];

    /// The file extension (without the dot).
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// How to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Replace participants' and registered names by labels.
    pub redact: bool,
    /// Which table a CSV export holds.
    pub table: CsvTable,
    /// How dates are written; `None`: as chosen for the conference (Japanese by default).
    pub date_style: Option<DateStyle>,
}

/// Why an export failed. Messages never contain note text.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] StoreError),

    #[error("the Word document could not be assembled: {0}")]
    Docx(#[from] docx::DocxError),

    #[error("the JSON could not be written: {0}")]
    Json(String),

    #[error("the CSV could not be written: {0}")]
    Csv(String),

    #[error(
        "cannot write {path}: {source}. Nothing was written; choose another place with -o PATH."
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Render a snapshot in `format`. The snapshot is redacted here when `options.redact` is set.
pub fn render(
    snapshot: &Snapshot,
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    let (snapshot, style, _) = as_recorded(snapshot, options);
    let snapshot = snapshot.as_ref();
    let report = || report::build(snapshot, options.redact, style);
    Ok(match format {
        Format::Json => json::render(snapshot)
            .map_err(|e| ExportError::Json(e.to_string()))?
            .into_bytes(),
        Format::Csv => csv::render(snapshot, options.table, style)
            .map_err(|e| ExportError::Csv(e.to_string()))?,
        Format::Markdown => markdown::render(&report()?).into_bytes(),
        Format::Html => html::render(&report()?).into_bytes(),
        Format::Docx => docx::render(&report()?, &snapshot.conference.date)?,
    })
}

/// The snapshot as the record shows it (redacted when `options.redact` is set), the date
/// style it is written in, and the redaction map used (for notes read afterwards): shared by
/// every format and by the streamed Word export.
fn as_recorded<'a>(
    snapshot: &'a Snapshot,
    options: &Options,
) -> (
    std::borrow::Cow<'a, Snapshot>,
    DateStyle,
    Option<RedactionMap>,
) {
    let (snapshot, map) = if options.redact {
        let map = redaction_map(snapshot);
        (std::borrow::Cow::Owned(redact(snapshot, &map)), Some(map))
    } else {
        (std::borrow::Cow::Borrowed(snapshot), None)
    };
    let style = options
        .date_style
        .or_else(|| DateStyle::from_key(&snapshot.conference.date_style))
        .unwrap_or_default();
    (snapshot, style, map)
}

/// Export conference `conference_id` in `format`.
pub fn export(
    conn: &Connection,
    conference_id: i64,
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    let snapshot = Snapshot::load(conn, conference_id)?;
    render(&snapshot, format, options)
}

/// The default file name: `caseconf-<id>-<date>.<ext>` (the conference's date), with
/// `-redacted` before the extension for a redacted export and `-notes` for the notes CSV.
pub(crate) fn default_file_name(
    conference_id: i64,
    date: &str,
    format: Format,
    options: &Options,
) -> String {
    let date: String = date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let mut name = format!("caseconf-{conference_id}-{date}");
    if format == Format::Csv && options.table == CsvTable::Notes {
        name.push_str("-notes");
    }
    if options.redact {
        name.push_str("-redacted");
    }
    format!("{name}.{}", format.extension())
}

/// Export to a file: `path`, or the default name in the current folder. The file is private
/// (0600). Returns the path written.
/// The bytes of an export of `conference_id`, for writing to standard output (`-o -`).
pub fn render_export(
    conn: &Connection,
    conference_id: i64,
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    let snapshot = Snapshot::load(conn, conference_id)?;
    render(&snapshot, format, options)
}

pub fn write_export(
    conn: &Connection,
    conference_id: i64,
    format: Format,
    options: &Options,
    path: Option<&Path>,
) -> Result<PathBuf, ExportError> {
    if format == Format::Docx {
        return crate::store::read(conn, |conn| write_docx(conn, conference_id, options, path));
    }
    let snapshot = Snapshot::load(conn, conference_id)?;
    let path = path.map_or_else(
        || {
            let date = &snapshot.conference.date;
            PathBuf::from(default_file_name(conference_id, date, format, options))
        },
        Path::to_path_buf,
    );
    let bytes = render(&snapshot, format, options)?;
    write_private(&path, &bytes).map_err(|source| ExportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// The Word export written into the file as it is built, its notes read from the store one
/// by one ([`source::Streamed`]): a long record is never whole in memory. The same document
/// as [`render`] makes of the whole snapshot.
fn write_docx(
    conn: &Connection,
    conference_id: i64,
    options: &Options,
    path: Option<&Path>,
) -> Result<PathBuf, ExportError> {
    let (head, links) = Snapshot::load_head(conn, conference_id)?;
    let path = path.map_or_else(
        || {
            let date = &head.conference.date;
            PathBuf::from(default_file_name(
                conference_id,
                date,
                Format::Docx,
                options,
            ))
        },
        Path::to_path_buf,
    );
    let (head, style, map) = as_recorded(&head, options);
    let head = head.as_ref();
    let notes = source::Streamed {
        conn,
        conference_id,
        links,
        map: map.as_ref(),
        head,
    };
    // The file's own errors are told with its path; a failed read of the store as itself.
    let mut failed = None;
    let written = write_private_with(&path, |file| {
        let cover = report::cover(head);
        let write = || -> Result<(), ExportError> {
            let out = std::io::BufWriter::new(file);
            let mut writer = docx::Writer::new(out, &cover, &head.conference.date)?;
            report::write(head, &notes, options.redact, style, &mut writer)?;
            writer.finish()?.flush().map_err(docx::DocxError::from)?;
            Ok(())
        };
        write().map_err(|e| match e {
            ExportError::Docx(e) => e.into_io(),
            e => {
                failed = Some(e);
                std::io::Error::other("the record could not be read")
            }
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    written.map_err(|source| ExportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Write `bytes` to `path` readable by the owner only (0600 on Unix, an owner-only ACL on
/// Windows), whatever the umask: into a new temporary file beside it, synced, then renamed over
/// `path`.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_private_with(path, |file| file.write_all(bytes))
}

/// [`write_private`], the content written by `fill` into the new file.
pub(crate) fn write_private_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut file = platform::create_new_file(&tmp, Access::Private)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        platform::set_access(path, Access::Private)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Import the built-in demo conference; returns its id.
pub fn import_demo(conn: &Connection) -> Result<i64, ImportError> {
    import(conn, DEMO_JSON.as_bytes(), DEMO_LABEL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_keys_and_names() {
        for f in Format::ALL {
            assert_eq!(
                <Format as clap::ValueEnum>::from_str(f.extension(), true),
                Ok(f)
            );
        }
        assert_eq!(
            <Format as clap::ValueEnum>::from_str("Markdown", true),
            Ok(Format::Markdown)
        );
        assert!(<Format as clap::ValueEnum>::from_str("pdf", true).is_err());
        let o = Options::default();
        assert_eq!(
            default_file_name(3, "2026-11-21", Format::Docx, &o),
            "caseconf-3-2026-11-21.docx"
        );
        let o = Options {
            redact: true,
            table: CsvTable::Notes,
            date_style: None,
        };
        assert_eq!(
            default_file_name(3, "2026-11-21", Format::Csv, &o),
            "caseconf-3-2026-11-21-notes-redacted.csv"
        );
    }

    #[test]
    fn demo_imports_and_round_trips() {
        let conn = crate::store::open_memory().unwrap();
        let id = import_demo(&conn).unwrap();
        let json = export(&conn, id, Format::Json, &Options::default()).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), DEMO_JSON);
    }
}
