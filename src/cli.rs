//! The command line: argument definitions and the non-interactive subcommands.
//!
//! Each subcommand returns `Result<(), String>` with a one-paragraph message for the user;
//! `main` prints it and exits non-zero. Messages never contain note text.

use crate::config::{agenda, theme};
use crate::export;
use crate::i18n::Lang;
use crate::paths;
use crate::store::{self, NewConference};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "caseconf",
    version,
    about = "Run a multi-agency case conference (事例検討会) in the terminal and record it",
    long_about = "Run a multi-agency case conference (事例検討会) in the terminal and record it.\n\n\
                  With no command, opens the full-screen meeting program."
)]
pub struct Cli {
    /// Database file [default: the platform data folder, e.g. ~/.local/share/caseconf/caseconf.db]
    #[arg(long, global = true, env = "CASECONF_DB", value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,

    /// Colour theme: projector-light, projector-dark, high-contrast, mono, or a TOML path
    #[arg(long, global = true, env = "CASECONF_THEME", value_name = "NAME|PATH")]
    pub(crate) theme: Option<String>,

    /// Interface language: ja or en [default: from LC_ALL / LANG]
    #[arg(long, global = true, value_name = "ja|en")]
    pub lang: Option<Lang>,

    /// Create a new database encrypted: asks for a new passphrase (needs a build with
    /// `--features encryption`; see README, "Encryption at rest"). An encrypted database is
    /// always recognised and its passphrase asked for, with or without this flag.
    #[arg(long, global = true)]
    pub(crate) encrypt: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a conference for a case (the case is created if its label is new)
    New {
        /// Pseudonymous case label, e.g. A氏 (never a real name)
        #[arg(long = "case", value_name = "LABEL")]
        case_label: String,
        /// Conference title
        #[arg(long)]
        title: String,
        /// Date, YYYY-MM-DD [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Venue
        #[arg(long, default_value = "")]
        venue: String,
        /// Facilitator (司会)
        #[arg(long, default_value = "")]
        facilitator: String,
        /// Purpose of the conference
        #[arg(long, default_value = "")]
        purpose: String,
        /// Who writes the record (記録者) [default: the facilitator]
        #[arg(long, default_value = "")]
        recorder: String,
        /// Agenda: a built-in name (standard-120, standard-90, short-60), a name in the config
        /// folder's agenda/, or a path to a TOML file
        #[arg(long, default_value = "standard-120")]
        agenda: String,
        /// Language of the record: ja or en
        #[arg(long, default_value = "ja")]
        lang: Lang,
        /// Kind of meeting: 事例検討会, 支援会議, 重層的支援会議, 個別ケース検討会議, or any
        /// other name (kept as typed)
        #[arg(long = "type", value_name = "KIND", default_value = "")]
        meeting_type: String,
    },
    /// A case over time: its conferences in order, and the actions still open across them
    /// (overdue ones marked)
    Case {
        /// The case label, e.g. A氏
        label: String,
    },
    /// Open a conference in the full-screen program
    Open {
        /// The conference number shown by `caseconf list`
        id: i64,
    },
    /// Show a conference read-only for the projector: follows the meeting, accepts no edits
    Present {
        /// The conference number shown by `caseconf list`
        id: i64,
    },
    /// List conferences, newest first
    List,
    /// Export a conference's record: Word, HTML, Markdown, CSV or JSON (for `import`)
    Export {
        /// The conference number shown by `caseconf list`
        #[arg(required_unless_present = "case")]
        id: Option<i64>,
        /// Instead of one conference: the summary of a case (its conferences in order and each
        /// action's history across them), as docx, html or md
        #[arg(long = "case", value_name = "LABEL", conflicts_with = "id")]
        case: Option<String>,
        /// docx (Word), html, md (Markdown), csv (a table for spreadsheets) or json (lossless,
        /// for `caseconf import`)
        #[arg(long, default_value = "docx")]
        format: export::Format,
        /// Where to write [default: caseconf-<id>-<date>.<ext> in the current folder]
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace participants' names and the case's names to redact by labels
        /// (保健所職員1, B氏, …) everywhere in the record (or in the case summary)
        #[arg(long)]
        redact: bool,
        /// For --format csv: actions (the action items) or notes (every note)
        #[arg(long, default_value = "actions")]
        table: export::CsvTable,
        /// How dates are written: ja (2026年10月17日（土）), wareki (令和8年10月17日（土）) or
        /// iso (2026-10-17) [default: as set for the conference, else ja]
        #[arg(long, value_name = "STYLE")]
        date_style: Option<export::DateStyle>,
        /// With --redact: write nothing, print every replacement and every token left that
        /// may identify someone, and fail (exit 1) when such a token remains
        #[arg(long, requires = "redact")]
        check: bool,
    },
    /// Import a JSON export as a new conference (the case is found or created by its label)
    Import {
        /// A file written by `caseconf export ID --format json`
        path: PathBuf,
    },
    /// Add a fictional, fully filled-in demo conference (in Japanese) to try the program and
    /// its exports
    Demo,
    /// Agenda files: check one, or list those available
    Agenda {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Theme files: check one, or list those available
    Theme {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Erase deleted cards from the database file for good (they can no longer be brought
    /// back with Ctrl+Z). caseconf also does this for a conference when its note-taker quits
    Purge,
    /// Put back edits that could not be saved when caseconf last had to stop (they were kept
    /// in a recovery file beside the database), or discard them
    Recover {
        /// Delete the recovery files without restoring them
        #[arg(long)]
        discard: bool,
    },
    /// Encryption at rest: encrypt the database, or change its passphrase (the passphrase is
    /// typed without echo, or read from CASECONF_PASSPHRASE; never given on the command line)
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Encrypt a plain database in place (asks for a new passphrase, twice). The encrypted copy
    /// replaces it only once complete; no plain copy is left beside it. Every other caseconf
    /// using the database must be closed first.
    Encrypt,
    /// Change the passphrase of an encrypted database (asks for the current one, then the new
    /// one twice; scripts may set CASECONF_NEW_PASSPHRASE). Every other caseconf using the
    /// database must be closed first.
    Rekey,
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Validate a file and say what to fix
    Check { path: PathBuf },
    /// List the built-in ones and those in the config folder
    List,
}

/// The database path chosen by `--db`, `CASECONF_DB` or the platform default.
pub(crate) fn db_path(cli: &Cli) -> PathBuf {
    cli.db.clone().unwrap_or_else(paths::default_db_path)
}

/// Open the database for a command, asking for the passphrase if it is encrypted (see
/// [`crate::passphrase::with_key`]).
pub(crate) fn open_db(cli: &Cli) -> Result<rusqlite::Connection, String> {
    let path = db_path(cli);
    crate::passphrase::with_key(&path, cli.encrypt, |key| {
        store::open::open_with(&path, &store::open::Options::with_key(key))
    })
}

/// A store error as the user reads it: a write that waited out the lock says so in the
/// prepared words rather than SQLite's "database is locked".
fn store_message(cli: &Cli, e: store::StoreError) -> String {
    if e.is_busy() {
        return store::StoreError::Locked {
            path: db_path(cli),
            seconds: store::open::BUSY_TIMEOUT.as_secs(),
        }
        .to_string();
    }
    e.to_string()
}

/// Whether the database is encrypted, in one line for `new` and `list`.
fn encryption_status(cli: &Cli) -> String {
    use store::crypto::{self, FileKind};
    let path = db_path(cli);
    let shown = path.display();
    match crypto::file_kind(&path) {
        Ok(FileKind::Encrypted) => crate::i18n::cli_text(
            &format!("データベース {shown} は暗号化されています。"),
            &format!("Database {shown} is encrypted."),
        ),
        _ if crypto::AVAILABLE => crate::i18n::cli_text(
            &format!(
                "データベース {shown} は暗号化されていません。暗号化するには: caseconf db encrypt（README「Encryption at rest」参照）"
            ),
            &format!(
                "Database {shown} is NOT encrypted. To encrypt it: caseconf db encrypt (see README, \"Encryption at rest\")."
            ),
        ),
        _ => crate::i18n::cli_text(
            &format!(
                "データベース {shown} は暗号化されていません（この caseconf は暗号化なしでビルドされています。README「Encryption at rest」参照）。"
            ),
            &format!(
                "Database {shown} is NOT encrypted (this caseconf was built without encryption; see README, \"Encryption at rest\")."
            ),
        ),
    }
}

/// `caseconf recover`: restore (or with `discard`, delete) the recovery files of the database.
fn run_recover(cli: &Cli, discard: bool, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write the output: {e}");
    let path = db_path(cli);
    let files = crate::recovery::pending(&path);
    if files.is_empty() {
        writeln!(
            out,
            "{}",
            crate::i18n::cli_text(
                &format!("{} の復元ファイルはありません。", path.display()),
                &format!("There are no recovery files for {}.", path.display()),
            )
        )
        .map_err(io)?;
        return Ok(());
    }
    let conn = if discard { None } else { Some(open_db(cli)?) };
    for file in files {
        if let Some(conn) = &conn {
            let rec = crate::recovery::read(&file)?;
            let n = crate::recovery::restore(conn, &rec).map_err(|e| {
                let why = store_message(cli, e);
                crate::i18n::cli_text(
                    &format!(
                        "{} を復元できませんでした: {why}。ファイルは残してあります。",
                        file.display()
                    ),
                    &format!(
                        "could not restore {}: {why}. The file is kept.",
                        file.display()
                    ),
                )
            })?;
            std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            writeln!(
                out,
                "{}",
                crate::i18n::cli_text(
                    &format!(
                        "{} 件の編集を会議 #{} に復元しました（{} は削除しました）。",
                        n,
                        rec.conference_id,
                        file.display()
                    ),
                    &format!(
                        "Restored {n} edits into conference #{} (and removed {}).",
                        rec.conference_id,
                        file.display()
                    ),
                )
            )
            .map_err(io)?;
        } else {
            std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            writeln!(
                out,
                "{}",
                crate::i18n::cli_text(
                    &format!("{} を削除しました。", file.display()),
                    &format!("Removed {}.", file.display()),
                )
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

/// `caseconf db encrypt` / `caseconf db rekey`.
fn run_db(cli: &Cli, command: &DbCommand, out: &mut dyn Write) -> Result<(), String> {
    use crate::passphrase;
    use store::crypto::{self, FileKind};
    let io = |e: std::io::Error| format!("cannot write the output: {e}");
    let path = db_path(cli);
    match command {
        DbCommand::Encrypt => {
            if !crypto::AVAILABLE {
                return Err(passphrase::unavailable("encrypt a database"));
            }
            let kind = crypto::file_kind(&path).map_err(|source| {
                store::StoreError::Io {
                    path: path.clone(),
                    source,
                }
                .to_string()
            })?;
            match kind {
                FileKind::Encrypted => {
                    return Err(store::StoreError::AlreadyEncrypted { path }.to_string());
                }
                FileKind::Foreign => {
                    return Err(store::StoreError::NotADatabase { path }.to_string());
                }
                FileKind::New | FileKind::Plain => {}
            }
            let key = passphrase::new_passphrase(&path, passphrase::ENV)?;
            crypto::encrypt_file(&path, &key).map_err(|e| e.to_string())?;
            let done = if kind == FileKind::New {
                "Created the encrypted database"
            } else {
                "Encrypted"
            };
            writeln!(
                out,
                "{done} {}. caseconf now asks for its passphrase each time it opens it. \
                 Keep the passphrase safe: without it the records cannot be recovered.",
                path.display()
            )
            .map_err(io)?;
        }
        DbCommand::Rekey => {
            if !crypto::AVAILABLE {
                return Err(passphrase::unavailable("change a database's passphrase"));
            }
            if !path.exists() {
                return Err(format!(
                    "there is no database at {}. Nothing was changed.",
                    path.display()
                ));
            }
            match crypto::file_kind(&path) {
                Ok(FileKind::Plain | FileKind::New) => {
                    return Err(store::StoreError::NotEncrypted { path }.to_string());
                }
                Ok(FileKind::Foreign) => {
                    return Err(store::StoreError::NotADatabase { path }.to_string());
                }
                // Unreadable files: the open below says why.
                Ok(FileKind::Encrypted) | Err(_) => {}
            }
            let old = passphrase::existing(&path)?;
            // Check the current passphrase before asking for a new one.
            drop(
                store::open::open_with(&path, &store::open::Options::with_key(Some(old.clone())))
                    .map_err(|e| e.to_string())?,
            );
            let new = passphrase::new_passphrase(&path, passphrase::NEW_ENV)?;
            crypto::rekey_file(&path, &old, &new).map_err(|e| e.to_string())?;
            writeln!(
                out,
                "Changed the passphrase of {}. Every note-taker now needs the new one.",
                path.display()
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

/// Run a non-interactive subcommand, writing its report to `out`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write the output: {e}");
    match command {
        Command::New {
            case_label,
            title,
            date,
            venue,
            facilitator,
            purpose,
            recorder,
            agenda: agenda_name,
            lang,
            meeting_type,
        } => {
            let date = match date {
                Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    format!("--date {d:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-21.")
                })?,
                None => chrono::Local::now().date_naive(),
            };
            let agenda = agenda::resolve(agenda_name, paths::config_dir().as_deref())
                .map_err(|e| e.to_string())?;
            let conn = open_db(cli)?;
            let new = NewConference {
                case_label: case_label.clone(),
                title: title.clone(),
                date,
                venue: venue.clone(),
                facilitator: facilitator.clone(),
                purpose: purpose.clone(),
                lang: lang.code().to_string(),
            };
            let id = store::conferences::create_with_recorder(&conn, &new, &agenda, recorder)
                .map_err(|e| store_message(cli, e))?;
            if !meeting_type.trim().is_empty() {
                let c = store::conferences::get(&conn, id).map_err(|e| e.to_string())?;
                store::conferences::set_field(
                    &conn,
                    id,
                    c.version,
                    store::conferences::ConferenceField::MeetingType,
                    meeting_type.trim(),
                )
                .map_err(|e| e.to_string())?;
            }
            writeln!(
                out,
                "Created conference #{id} ({} minutes, {} phases). Open it with: caseconf open {id}",
                agenda.total_minutes(),
                agenda.phases.len()
            )
            .map_err(io)?;
            let carried = store::cards::action_items(&conn, id)
                .map_err(|e| e.to_string())?
                .iter()
                .filter(|a| a.carried)
                .count();
            if carried > 0 {
                writeln!(
                    out,
                    "{carried} open action(s) of the previous conference of {} are on its review board (前回からの確認).",
                    case_label.trim()
                )
                .map_err(io)?;
            }
            writeln!(out, "{}", encryption_status(cli)).map_err(io)?;
        }
        Command::Open { id } => return crate::run_interactive(cli, Some(*id)),
        Command::Present { id } => return crate::run::run_present(cli, *id),
        Command::List => {
            let conn = open_db(cli)?;
            let list = store::conferences::list(&conn).map_err(|e| store_message(cli, e))?;
            // On standard error: the listing itself stays one line per conference for scripts.
            eprintln!("{}", encryption_status(cli));
            if list.is_empty() {
                writeln!(
                    out,
                    "No conferences yet. Create one with: caseconf new --case A氏 --title …"
                )
                .map_err(io)?;
            }
            for c in list {
                writeln!(
                    out,
                    "{:>4}  {}  {:<8}  {}  [{}]",
                    c.id, c.date, c.status, c.case_label, c.title
                )
                .map_err(io)?;
            }
        }
        Command::Export {
            case: Some(label),
            format,
            output,
            redact,
            check,
            ..
        } => {
            let format = *format;
            if matches!(format, export::Format::Csv | export::Format::Json) {
                return Err(crate::i18n::cli_text(
                    "事例の経過のまとめは docx・html・md で書き出せます（--format docx など）。",
                    "A case summary is written as docx, html or md (e.g. --format docx).",
                ));
            }
            let conn = open_db(cli)?;
            let lang = cli.lang.unwrap_or_default();
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            if *check {
                // As for one conference: the review, and a failure while a token is left.
                let review = export::case::review_case(&conn, label).map_err(|e| e.to_string())?;
                write!(out, "{}", review.render()).map_err(io)?;
                if !review.is_clean() {
                    let n = review.suspects.len();
                    return Err(crate::i18n::cli_text(
                        &format!(
                            "{label} の経過のまとめに、個人を特定しうる語が {n}件 残っています。\
                             何も書き出していません。事例のどの会議でも「伏せる氏名」に加えてから、\
                             もう一度確認してください。"
                        ),
                        &format!(
                            "{n} token(s) in the summary of {label} may still identify someone; \
                             nothing was written. Add the names to the names to redact (伏せる氏名) \
                             of any conference of the case and check again."
                        ),
                    ));
                }
                return Ok(());
            }
            let bytes = if *redact {
                export::case::render_redacted(&conn, label, format, lang, &today)
            } else {
                export::case::render(&conn, label, format, lang, &today)
            }
            .map_err(|e| e.to_string())?;
            let ext = match format {
                export::Format::Html => "html",
                export::Format::Docx => "docx",
                _ => "md",
            };
            // `-o -`: to standard output, as for one conference's record.
            if output.as_deref() == Some(std::path::Path::new("-")) {
                out.write_all(&bytes).map_err(io)?;
                out.flush().map_err(io)?;
                return Ok(());
            }
            let path = output
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("caseconf-case-{today}.{ext}")));
            export::write_private(&path, &bytes).map_err(|source| {
                export::ExportError::Io {
                    path: path.clone(),
                    source,
                }
                .to_string()
            })?;
            writeln!(out, "{}", path.display()).map_err(io)?;
        }
        Command::Case { label } => {
            let conn = open_db(cli)?;
            let record = store::case::load(&conn, label).map_err(|e| e.to_string())?;
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            print_case(&record, &today, out).map_err(io)?;
        }
        Command::Export {
            id: Some(id),
            format,
            output,
            redact,
            table,
            date_style,
            check,
            ..
        } => {
            let (format, table, date_style) = (*format, *table, *date_style);
            let options = export::Options {
                redact: *redact,
                table,
                date_style,
            };
            let conn = open_db(cli)?;
            if *check {
                let snapshot = export::Snapshot::load(&conn, *id).map_err(|e| match e {
                    store::StoreError::NotFound { .. } => format!(
                        "there is no conference #{id}. See the conferences with: caseconf list"
                    ),
                    other => other.to_string(),
                })?;
                let review = export::review(&snapshot);
                write!(out, "{}", review.render()).map_err(io)?;
                if !review.is_clean() {
                    return Err(format!(
                        "{} token(s) in conference #{id} may still identify someone; nothing was \
                         written. Add the names to the names to redact (伏せる氏名) and check again.",
                        review.suspects.len()
                    ));
                }
                return Ok(());
            }
            let explain = |e| match e {
                export::ExportError::Store(store::StoreError::NotFound { .. }) => {
                    format!("there is no conference #{id}. See the conferences with: caseconf list")
                }
                other => other.to_string(),
            };
            // `-o -`: the export itself goes to standard output (for a pipe), no file is made.
            if output.as_deref() == Some(std::path::Path::new("-")) {
                let bytes = export::render_export(&conn, *id, format, &options).map_err(explain)?;
                out.write_all(&bytes).map_err(io)?;
                out.flush().map_err(io)?;
                return Ok(());
            }
            let path = export::write_export(&conn, *id, format, &options, output.as_deref())
                .map_err(explain)?;
            writeln!(out, "{}", path.display()).map_err(io)?;
        }
        Command::Import { path } => {
            let label = path.display().to_string();
            let bytes = crate::input_file::read_bounded(path, export::import::MAX_IMPORT_BYTES)
                .map_err(|source| {
                    export::ImportError::Read {
                        file: label.clone(),
                        source,
                    }
                    .to_string()
                })?;
            let conn = open_db(cli)?;
            match export::import_record(&conn, &bytes, &label).map_err(|e| match e {
                export::ImportError::Store { source, .. } if source.is_busy() => {
                    store_message(cli, source)
                }
                other => other.to_string(),
            })? {
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
            .map_err(io)?;
        }
        Command::Demo => {
            let conn = open_db(cli)?;
            let imported =
                export::import_record(&conn, export::DEMO_JSON.as_bytes(), export::DEMO_LABEL)
                    .map_err(|e| match e {
                        export::ImportError::Store { source, .. } if source.is_busy() => {
                            store_message(cli, source)
                        }
                        other => other.to_string(),
                    })?;
            let id = imported.id();
            if !matches!(imported, export::Imported::New(_)) {
                writeln!(out, "The demo conference is already here (#{id}).").map_err(io)?;
            }
            writeln!(
                out,
                "Added the demo conference (a fictional case) as #{id}.\n\
                 Open it with:   caseconf open {id}\n\
                 Export it with: caseconf export {id} --format html   (or docx, md, csv, json; add --redact to replace names)"
            )
            .map_err(io)?;
        }
        Command::Agenda { command } => match command {
            DataCommand::Check { path } => {
                let a = agenda::load_path(path).map_err(|e| e.to_string())?;
                writeln!(
                    out,
                    "{}: OK — {} ({}), {} phases, {} minutes",
                    path.display(),
                    a.title_ja,
                    a.id,
                    a.phases.len(),
                    a.total_minutes()
                )
                .map_err(io)?;
                for (i, p) in a.phases.iter().enumerate() {
                    writeln!(
                        out,
                        "  {:>2}. {:>3} min  {} / {}",
                        i + 1,
                        p.minutes,
                        p.title_ja,
                        p.title_en
                    )
                    .map_err(io)?;
                }
            }
            DataCommand::List => {
                for (name, result) in agenda::list_available(paths::config_dir().as_deref()) {
                    match result {
                        Ok(a) => writeln!(
                            out,
                            "{name:<20} {:>3} min  {}",
                            a.total_minutes(),
                            a.title_ja
                        ),
                        Err(e) => writeln!(out, "{name:<20} BROKEN: {e}"),
                    }
                    .map_err(io)?;
                }
            }
        },
        Command::Theme { command } => match command {
            DataCommand::Check { path } => {
                let t = theme::load_path(path).map_err(|e| e.to_string())?;
                writeln!(out, "{}: OK — theme {}", path.display(), t.name).map_err(io)?;
            }
            DataCommand::List => {
                for name in theme::builtin_names() {
                    writeln!(out, "{name} (built-in)").map_err(io)?;
                }
                if let Some(dir) = paths::config_dir() {
                    let dir = dir.join("themes");
                    if let Ok(entries) = std::fs::read_dir(&dir) {
                        for e in entries.flatten() {
                            let p = e.path();
                            if p.extension().is_some_and(|x| x == "toml") {
                                match theme::load_path(&p) {
                                    Ok(t) => writeln!(out, "{} ({})", t.name, p.display()),
                                    Err(e) => writeln!(out, "BROKEN: {e}"),
                                }
                                .map_err(io)?;
                            }
                        }
                    }
                }
            }
        },
        Command::Db { command } => return run_db(cli, command, out),
        Command::Recover { discard } => return run_recover(cli, *discard, out),
        Command::Purge => {
            let conn = open_db(cli)?;
            let n = store::purge::purge_deleted(&conn, None).map_err(|e| store_message(cli, e))?;
            writeln!(
                out,
                "{}",
                crate::i18n::cli_text(
                    &format!("削除済みのカード {n} 件をデータベースファイルから消去しました。"),
                    &format!("Erased {n} deleted cards from the database file."),
                )
            )
            .map_err(io)?;
        }
        // clap requires an id or --case.
        Command::Export { .. } => {
            return Err("give a conference number, or --case LABEL for a case summary.".into());
        }
    }
    Ok(())
}

/// `caseconf case LABEL`: the conferences in order, then the open actions (overdue marked).
fn print_case(
    record: &store::case::CaseRecord,
    today: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "Case {} — conferences:", record.label)?;
    for c in &record.conferences {
        let kind = if c.meeting_type.is_empty() {
            String::new()
        } else {
            format!("  〔{}〕", c.meeting_type)
        };
        writeln!(
            out,
            "{:>4}  {}  {:<8}  {}{kind}",
            c.id, c.date, c.status, c.title
        )?;
    }
    let open: Vec<_> = record.actions.iter().filter(|a| a.open()).collect();
    writeln!(out, "Open actions ({}):", open.len())?;
    for a in open {
        let Some(s) = a.latest() else { continue };
        let mark = if a.overdue(today) {
            "!! OVERDUE 期限超過  "
        } else {
            ""
        };
        writeln!(
            out,
            "  {mark}{}  — {} {}  期限 {}  確認日 {}  (#{})",
            s.what,
            s.owner_agency,
            s.owner_person,
            crate::dates::due_display(&s.due_text, s.due.as_deref()),
            crate::dates::due_display(&s.review_text, s.review_due.as_deref()),
            s.conference_id
        )?;
    }
    Ok(())
}
