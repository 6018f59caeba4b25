//! `caseconf export`, `import` and `demo`: a conference's record or a case summary out to a
//! file (or standard output), and JSON exports in as conferences.

use super::{Cli, CliError, ExportArgs, Out, as_locked, open_db};
use crate::{export, store};
use std::path::{Path, PathBuf};

/// `-o -`: the export goes to standard output (for a pipe), and no file is made.
fn to_stdout(output: Option<&Path>) -> bool {
    output == Some(Path::new("-"))
}

/// `caseconf export --case LABEL`: the case summary, or with `--redact --check` its review.
pub(super) fn case_summary(
    cli: &Cli,
    label: &str,
    args: &ExportArgs,
    out: &mut Out,
) -> Result<(), CliError> {
    let format = args.format;
    if matches!(format, export::Format::Csv | export::Format::Json) {
        return Err(CliError::NoCaseFormat);
    }
    let conn = open_db(cli)?;
    let lang = cli.lang.unwrap_or_default();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    if args.check {
        // As for one conference: the review, and a failure while a token is left.
        let review = export::case::review_case(&conn, label)?;
        write!(out, "{}", review.render())?;
        if !review.is_clean() {
            return Err(CliError::CaseIdentifying {
                label: label.to_string(),
                count: review.suspects.len(),
            });
        }
        return Ok(());
    }
    let bytes = if args.redact {
        export::case::render_redacted(&conn, label, format, lang, &today)
    } else {
        export::case::render(&conn, label, format, lang, &today)
    }?;
    let ext = match format {
        export::Format::Html => "html",
        export::Format::Docx => "docx",
        _ => "md",
    };
    if to_stdout(args.output.as_deref()) {
        return out.bytes(&bytes);
    }
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("caseconf-case-{today}.{ext}")));
    export::write_private(&path, &bytes).map_err(|source| export::ExportError::Io {
        path: path.clone(),
        source,
    })?;
    writeln!(out, "{}", path.display())?;
    Ok(())
}

/// `caseconf export ID`: the conference's record, or with `--redact --check` its review.
pub(super) fn conference(
    cli: &Cli,
    id: i64,
    args: &ExportArgs,
    out: &mut Out,
) -> Result<(), CliError> {
    let options = export::Options {
        redact: args.redact,
        table: args.table,
        date_style: args.date_style,
    };
    let conn = open_db(cli)?;
    if args.check {
        let snapshot = export::Snapshot::load(&conn, id).map_err(|e| match e {
            store::StoreError::NotFound { .. } => CliError::NoConference { id },
            other => other.into(),
        })?;
        let review = export::review(&snapshot);
        write!(out, "{}", review.render())?;
        if !review.is_clean() {
            return Err(CliError::Identifying {
                id,
                count: review.suspects.len(),
            });
        }
        return Ok(());
    }
    let explain = |e| match e {
        export::ExportError::Store(store::StoreError::NotFound { .. }) => {
            CliError::NoConference { id }
        }
        other => other.into(),
    };
    if to_stdout(args.output.as_deref()) {
        let bytes = export::render_export(&conn, id, args.format, &options).map_err(explain)?;
        return out.bytes(&bytes);
    }
    let path = export::write_export(&conn, id, args.format, &options, args.output.as_deref())
        .map_err(explain)?;
    writeln!(out, "{}", path.display())?;
    Ok(())
}

/// An import's failure as the user reads it: a write that waited out the lock says so.
fn import_failed(cli: &Cli, e: export::ImportError) -> CliError {
    match e {
        export::ImportError::Store { source, .. } if source.is_busy() => {
            as_locked(cli, source).into()
        }
        other => other.into(),
    }
}

/// `caseconf import PATH`: a JSON export as a new conference, or as the update of the one it
/// was exported from.
pub(super) fn import(cli: &Cli, path: &Path, out: &mut Out) -> Result<(), CliError> {
    let label = path.display().to_string();
    let bytes = crate::input_file::read_bounded(path, export::import::MAX_IMPORT_BYTES).map_err(
        |source| export::ImportError::Read {
            file: label.clone(),
            source,
        },
    )?;
    let conn = open_db(cli)?;
    match export::import_record(&conn, &bytes, &label).map_err(|e| import_failed(cli, e))? {
        export::Imported::New(id) => writeln!(
            out,
            "Imported {label} as conference #{id}. Open it with: caseconf open {id}"
        ),
        export::Imported::Updated(id) => writeln!(
            out,
            "{label} is conference #{id}, imported before: it was updated to this \
             file's version (no second copy was made). Open it with: caseconf open {id}"
        ),
        export::Imported::Unchanged(id) => writeln!(
            out,
            "{label} is conference #{id}, imported before and unchanged: nothing was \
             imported. Open it with: caseconf open {id}"
        ),
    }
}

/// `caseconf demo`: the fictional demo conference, added once.
pub(super) fn demo(cli: &Cli, out: &mut Out) -> Result<(), CliError> {
    let conn = open_db(cli)?;
    let imported = export::import_record(&conn, export::DEMO_JSON.as_bytes(), export::DEMO_LABEL)
        .map_err(|e| import_failed(cli, e))?;
    let id = imported.id();
    if !matches!(imported, export::Imported::New(_)) {
        writeln!(out, "The demo conference is already here (#{id}).")?;
    }
    writeln!(
        out,
        "Added the demo conference (a fictional case) as #{id}.\n\
         Open it with:   caseconf open {id}\n\
         Export it with: caseconf export {id} --format html   (or docx, md, csv, json; add --redact to replace names)"
    )?;
    Ok(())
}
