//! The command line: argument definitions, and the dispatch of each non-interactive
//! subcommand to its module (`conferences`, `exports`, `data_files`, `database`).
//!
//! Each subcommand returns a [`CliError`] whose text is a one-paragraph message for the user;
//! `main` prints it and exits non-zero. Messages never contain note text.

mod conferences;
mod data_files;
mod database;
mod error;
mod exports;

pub use error::CliError;

use crate::export;
use crate::i18n::Lang;
use crate::paths;
use crate::store;
use clap::{Args, Parser, Subcommand};
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
    New(NewArgs),
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
    Export(ExportArgs),
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

// `caseconf new`: what the conference is created with.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Pseudonymous case label, e.g. A氏 (never a real name)
    #[arg(long = "case", value_name = "LABEL")]
    pub(crate) case_label: String,
    /// Conference title
    #[arg(long)]
    pub(crate) title: String,
    /// Date, YYYY-MM-DD [default: today]
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Venue
    #[arg(long, default_value = "")]
    pub(crate) venue: String,
    /// Facilitator (司会)
    #[arg(long, default_value = "")]
    pub(crate) facilitator: String,
    /// Purpose of the conference
    #[arg(long, default_value = "")]
    pub(crate) purpose: String,
    /// Who writes the record (記録者) [default: the facilitator]
    #[arg(long, default_value = "")]
    pub(crate) recorder: String,
    /// Agenda: a built-in name (standard-120, standard-90, short-60), a name in the config
    /// folder's agenda/, or a path to a TOML file
    #[arg(long, default_value = "standard-120")]
    pub(crate) agenda: String,
    /// Language of the record: ja or en
    #[arg(long, default_value = "ja")]
    pub(crate) lang: Lang,
    /// Kind of meeting: 事例検討会, 支援会議, 重層的支援会議, 個別ケース検討会議, or any
    /// other name (kept as typed)
    #[arg(long = "type", value_name = "KIND", default_value = "")]
    pub(crate) meeting_type: String,
}

// `caseconf export`: one conference's record, or (`--case`) a case summary.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The conference number shown by `caseconf list`
    #[arg(required_unless_present = "case")]
    pub(crate) id: Option<i64>,
    /// Instead of one conference: the summary of a case (its conferences in order and each
    /// action's history across them), as docx, html or md
    #[arg(long = "case", value_name = "LABEL", conflicts_with = "id")]
    pub(crate) case: Option<String>,
    /// docx (Word), html, md (Markdown), csv (a table for spreadsheets) or json (lossless,
    /// for `caseconf import`)
    #[arg(long, default_value = "docx")]
    pub(crate) format: export::Format,
    /// Where to write [default: caseconf-<id>-<date>.<ext> in the current folder]
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    /// Replace participants' names and the case's names to redact by labels
    /// (保健所職員1, B氏, …) everywhere in the record (or in the case summary)
    #[arg(long)]
    pub(crate) redact: bool,
    /// For --format csv: actions (the action items) or notes (every note)
    #[arg(long, default_value = "actions")]
    pub(crate) table: export::CsvTable,
    /// How dates are written: ja (2026年10月17日（土）), wareki (令和8年10月17日（土）) or
    /// iso (2026-10-17) [default: as set for the conference, else ja]
    #[arg(long, value_name = "STYLE")]
    pub(crate) date_style: Option<export::DateStyle>,
    /// With --redact: write nothing, print every replacement and every token left that
    /// may identify someone, and fail (exit 1) when such a token remains
    #[arg(long, requires = "redact")]
    pub(crate) check: bool,
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
pub(crate) fn open_db(cli: &Cli) -> Result<rusqlite::Connection, CliError> {
    let path = db_path(cli);
    Ok(crate::passphrase::with_key(&path, cli.encrypt, |key| {
        store::open::open_with(&path, &store::open::Options::with_key(key))
    })?)
}

/// A store error as the user reads it: a write that waited out the lock says so in the
/// prepared words (`Locked`) rather than SQLite's "database is locked".
fn as_locked(cli: &Cli, e: store::StoreError) -> store::StoreError {
    if e.is_busy() {
        return store::StoreError::Locked {
            path: db_path(cli),
            seconds: store::open::BUSY_TIMEOUT.as_secs(),
        };
    }
    e
}

/// Where a subcommand writes its report (standard output, or a buffer in tests). A failed
/// write is [`CliError::Output`], so `writeln!(out, …)?` needs no mapping.
struct Out<'a>(&'a mut dyn Write);

impl Out<'_> {
    fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
        self.0.write_fmt(args).map_err(CliError::Output)
    }

    /// Bytes as they are (an export sent to standard output with `-o -`), flushed.
    fn bytes(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        self.0
            .write_all(bytes)
            .and_then(|()| self.0.flush())
            .map_err(CliError::Output)
    }
}

/// Run a non-interactive subcommand, writing its report to `out`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), CliError> {
    let out = &mut Out(out);
    match command {
        Command::New(args) => conferences::create(cli, args, out),
        Command::Case { label } => conferences::show_case(cli, label, out),
        Command::List => conferences::list(cli, out),
        Command::Open { id } => Ok(crate::run_interactive(cli, Some(*id))?),
        Command::Present { id } => Ok(crate::run::run_present(cli, *id)?),
        Command::Export(args) => match (&args.case, args.id) {
            (Some(label), _) => exports::case_summary(cli, label, args, out),
            (None, Some(id)) => exports::conference(cli, id, args, out),
            // clap requires an id or --case.
            (None, None) => Err(CliError::NothingToExport),
        },
        Command::Import { path } => exports::import(cli, path, out),
        Command::Demo => exports::demo(cli, out),
        Command::Agenda { command } => match command {
            DataCommand::Check { path } => data_files::check_agenda(path, out),
            DataCommand::List => data_files::list_agendas(out),
        },
        Command::Theme { command } => match command {
            DataCommand::Check { path } => data_files::check_theme(path, out),
            DataCommand::List => data_files::list_themes(out),
        },
        Command::Db { command } => match command {
            DbCommand::Encrypt => database::encrypt(cli, out),
            DbCommand::Rekey => database::rekey(cli, out),
        },
        Command::Recover { discard } => database::recover(cli, *discard, out),
        Command::Purge => database::purge(cli, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run `args` as the binary would, on a plain database made beforehand (so no passphrase
    /// is proposed), and return the result and the report.
    fn caseconf(db: &std::path::Path, args: &[&str]) -> (Result<(), CliError>, String) {
        drop(store::open::open_with(db, &store::open::Options::with_key(None)).unwrap());
        let db = db.to_str().unwrap();
        let cli = Cli::try_parse_from(["caseconf", "--db", db].iter().chain(args)).unwrap();
        let mut out = Vec::new();
        let result = run(&cli, cli.command.as_ref().unwrap(), &mut out);
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_caller_matches_the_variant_and_the_user_reads_the_same_words() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("会議.db");
        let (result, out) = caseconf(&db, &["export", "7", "-o", "-"]);
        let err = result.unwrap_err();
        assert!(matches!(err, CliError::NoConference { id: 7 }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "there is no conference #7. See the conferences with: caseconf list"
        );
        assert!(out.is_empty());

        let (result, _) = caseconf(
            &db,
            &[
                "new",
                "--case",
                "A氏",
                "--title",
                "初回",
                "--date",
                "11月21日",
            ],
        );
        let err = result.unwrap_err();
        assert!(
            matches!(&err, CliError::BadDate(d) if d == "11月21日"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "--date \"11月21日\" is not a date: write it as YYYY-MM-DD, e.g. 2026-11-21."
        );
    }

    #[test]
    fn each_subcommand_reports_on_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("会議.db");
        let (result, out) = caseconf(
            &db,
            &[
                "new",
                "--case",
                "A氏",
                "--title",
                "初回",
                "--date",
                "2026-11-21",
            ],
        );
        result.unwrap();
        assert!(out.starts_with("Created conference #1 ("), "{out}");
        let (result, out) = caseconf(&db, &["list"]);
        result.unwrap();
        assert!(
            out.contains("2026-11-21") && out.contains("A氏  [初回]"),
            "{out}"
        );
    }
}
