//! Why a subcommand failed: one variant for each way, keeping the cause, so a caller can tell
//! a wrong passphrase from an unreadable file by matching rather than by reading the text.
//!
//! Each prints as the one paragraph the user reads (in the language of command-line messages
//! where it has one); `main` prefixes `caseconf:` and exits non-zero. None contains note text.

use crate::config::datafile::DataFileError;
use crate::export::{ExportError, ImportError};
use crate::i18n::cli_text;
use crate::passphrase::PassphraseError;
use crate::recovery;
use crate::run::RunError;
use crate::store::StoreError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The report could not be written to standard output (a closed pipe, a full disk).
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),

    /// The database could not be opened with its key (among others: a wrong passphrase, as
    /// `PassphraseError::Store(StoreError::WrongPassphrase { .. })`).
    #[error(transparent)]
    Open(#[from] PassphraseError),

    /// The database refused or failed; a write that waited out the lock is `Locked`.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// An agenda or theme file.
    #[error(transparent)]
    DataFile(#[from] DataFileError),

    #[error(transparent)]
    Export(#[from] ExportError),

    #[error(transparent)]
    Import(#[from] ImportError),

    /// `open` and `present`: the full-screen program.
    #[error(transparent)]
    Screen(#[from] RunError),

    /// A recovery file that cannot be read.
    #[error(transparent)]
    RecoveryFile(#[from] recovery::ReadError),

    /// A recovery file whose edits the database did not take; the file stays.
    #[error("{}", cli_text(
        &format!("{} を復元できませんでした: {why}。ファイルは残してあります。", file.display()),
        &format!("could not restore {}: {why}. The file is kept.", file.display()),
    ))]
    NotRestored { file: PathBuf, why: StoreError },

    /// A recovery file that could not be removed.
    #[error("{}: {source}", path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `new --date` that is not a date.
    #[error("--date {0:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-21.")]
    BadDate(String),

    /// `db rekey` where there is no file.
    #[error("there is no database at {}. Nothing was changed.", path.display())]
    NoDatabase { path: PathBuf },

    /// `export ID` for a number no conference has.
    #[error("there is no conference #{id}. See the conferences with: caseconf list")]
    NoConference { id: i64 },

    /// `export` with neither a conference number nor `--case` (clap requires one).
    #[error("give a conference number, or --case LABEL for a case summary.")]
    NothingToExport,

    /// `export --case` in a format that has no case summary.
    #[error(
        "{}",
        cli_text(
            "事例の経過のまとめは docx・html・md で書き出せます（--format docx など）。",
            "A case summary is written as docx, html or md (e.g. --format docx).",
        )
    )]
    NoCaseFormat,

    /// `export ID --redact --check`: tokens that may identify someone remain.
    #[error(
        "{count} token(s) in conference #{id} may still identify someone; nothing was \
         written. Add the names to the names to redact (伏せる氏名) and check again."
    )]
    Identifying { id: i64, count: usize },

    /// `export --case LABEL --redact --check`: tokens that may identify someone remain.
    #[error("{}", cli_text(
        &format!(
            "{label} の経過のまとめに、個人を特定しうる語が {count}件 残っています。\
             何も書き出していません。事例のどの会議でも「伏せる氏名」に加えてから、\
             もう一度確認してください。"
        ),
        &format!(
            "{count} token(s) in the summary of {label} may still identify someone; \
             nothing was written. Add the names to the names to redact (伏せる氏名) \
             of any conference of the case and check again."
        ),
    ))]
    CaseIdentifying { label: String, count: usize },
}
