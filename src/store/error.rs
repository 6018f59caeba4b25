//! Store errors: each says what happened to which file and what the user can do, in one paragraph.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", crate::i18n::cli_text(
        &format!("{} は caseconf のデータベースではありません（別のプログラムのファイル、SQLite 以外のファイル、または壊れたファイルです）。何も変更していません。--db または CASECONF_DB のパスを確認するか、ファイルを別の場所に移してから新しいデータベースを作成してください。", path.display()),
        &format!("{} is not a caseconf database (it belongs to another program, is not an SQLite file, or is damaged). Nothing was changed. Check the path given with --db or CASECONF_DB, or move the file away to start a new database.", path.display()),
    ))]
    NotADatabase { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} は新しい caseconf で書かれています（スキーマ {found}、このプログラムは {supported} まで）。何も変更していません。新しい caseconf をインストールして開いてください。", path.display()),
        &format!("{} was written by a newer caseconf (database schema {found}; this program knows up to {supported}). Nothing was changed. Install the newer caseconf to open it.", path.display()),
    ))]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} に書き込めません（ファイルまたはフォルダが読み取り専用です）。何も変更していません。権限を確認する（ls -l）か、書き込める場所にコピーしてください。", path.display()),
        &format!("{} cannot be written (the file or its folder is read-only). Nothing was changed. Check the permissions (ls -l), or copy the file somewhere writable.", path.display()),
    ))]
    ReadOnly { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} は使用中です。別のプログラムが {seconds} 秒以上ロックしています。何も変更していません。そのプログラムを閉じてから（または少し待ってから）、もう一度実行してください。", path.display()),
        &format!("{} is busy: another program has held it locked for more than {seconds} seconds. Nothing was changed. Close the other program (or wait) and try again.", path.display()),
    ))]
    Locked { path: PathBuf, seconds: u64 },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} はネットワーク上のファイルシステム（{kind}）にあります。ここでは SQLite のロックが働かず、複数の書記が記録を壊すおそれがあります。何も変更していません。データベースはホストのローカルディスクに置き、書記は SSH で接続してください（README 参照）。1つのプロセスしか使わない場合に限り CASECONF_ALLOW_NETWORK_FS=1 を設定できます。", path.display()),
        &format!("{} is on a network file system ({kind}), where SQLite's locking does not work and several note-takers could corrupt the record. Nothing was changed. Keep the database on a local disk of the host and let note-takers connect with SSH (see README), or set CASECONF_ALLOW_NETWORK_FS=1 if only one process will ever use it.", path.display()),
    ))]
    NetworkFileSystem { path: PathBuf, kind: &'static str },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} はフォルダです。データベースはファイルです。何も変更していません。--db または CASECONF_DB にファイルのパスを指定してください（例: {}/caseconf.db）。", path.display(), path.display()),
        &format!("{} is a folder, not a database file. Nothing was changed. Give --db or CASECONF_DB the path of a file, e.g. {}/caseconf.db.", path.display(), path.display()),
    ))]
    IsFolder { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} は通常のファイルではありません（{}）。何も変更していません。--db、インポート、議事次第・テーマには通常のファイルを指定してください。", path.display(), kind.ja()),
        &format!("{} is not a regular file (it is {}). Nothing was changed or read. Give the path of an ordinary file.", path.display(), kind.en()),
    ))]
    NotAFile { path: PathBuf, kind: SpecialKind },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} はリンクですが、リンク先 {} がありません。何も変更していません。リンクを直すか、別のパスを --db に指定してください。", path.display(), target.display()),
        &format!("{} is a link to {}, which does not exist. Nothing was changed. Fix the link, or give --db another path.", path.display(), target.display()),
    ))]
    DanglingLink { path: PathBuf, target: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} を準備できません（{source}）。何も変更していません。パスと権限を確認してください。", path.display()),
        &format!("cannot prepare {}: {source}. Nothing was changed. Check the path and its permissions.", path.display()),
    ))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("the database reported an error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("{what} #{id} was not found")]
    NotFound { what: &'static str, id: i64 },

    #[error("{what} #{id} was changed by someone else (version {expected} is no longer current)")]
    Conflict {
        what: &'static str,
        id: i64,
        expected: i64,
    },

    #[error("invalid value: {0}")]
    Invalid(String),

    // Encryption at rest (see store::crypto). None of these ever holds the passphrase.
    #[error("{}", crate::i18n::cli_text(
        &format!("パスフレーズが違うか、{} は暗号化された caseconf のデータベースではありません。何も変更していません。もう一度入力する（大文字と小文字は区別されます）か、--db または CASECONF_DB のパスを確認してください。", path.display()),
        &format!("the passphrase is wrong, or {} is not an encrypted caseconf database; nothing was changed. Try again (the passphrase is case-sensitive), or check the path given with --db or CASECONF_DB.", path.display()),
    ))]
    WrongPassphrase { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("この caseconf は暗号化なしでビルドされているため、{} ことができません。何も変更していません。cargo build --release --features encryption でビルドしてください（README「Encryption at rest」参照）。", what_ja(what)),
        &format!("this caseconf was built without encryption at rest, so it cannot {what}. Nothing was changed. Build it with: cargo build --release --features encryption (see README, \"Encryption at rest\")."),
    ))]
    EncryptionUnavailable { what: &'static str },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} は別の caseconf（または別のプログラム）で開かれています。何も変更していません。ほかの画面（すべての書記と投影画面）を閉じてから、もう一度実行してください。", path.display()),
        &format!("{} is open in another caseconf (or another program). Nothing was changed. Close the others (every note-taker and the projector view), then run the command again.", path.display()),
    ))]
    InUse { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} はすでに暗号化されています（または caseconf のデータベースではありません）。何も変更していません。パスフレーズを変えるには: caseconf db rekey", path.display()),
        &format!("{} is already encrypted (or is not a caseconf database). Nothing was changed. To change its passphrase, use: caseconf db rekey", path.display()),
    ))]
    AlreadyEncrypted { path: PathBuf },

    #[error("{}", crate::i18n::cli_text(
        &format!("{} は暗号化されていないため、変えるパスフレーズがありません。何も変更していません。暗号化するには: caseconf db encrypt", path.display()),
        &format!("{} is not encrypted, so it has no passphrase to change. Nothing was changed. Encrypt it with: caseconf db encrypt", path.display()),
    ))]
    NotEncrypted { path: PathBuf },
}

/// The Japanese for what a build without encryption cannot do.
fn what_ja(what: &str) -> &str {
    match what {
        "open an encrypted database" => "暗号化されたデータベースを開く",
        "create an encrypted database" => "暗号化されたデータベースを作る",
        "encrypt a database" => "データベースを暗号化する",
        "change a database's passphrase" => "データベースのパスフレーズを変える",
        other => other,
    }
}

/// What a path holds when it is not an ordinary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    Device,
    Fifo,
    Socket,
    Other,
}

impl SpecialKind {
    /// The kind of the non-regular, non-folder file `meta` describes.
    #[cfg(unix)]
    pub(crate) fn of(meta: &std::fs::Metadata) -> SpecialKind {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_block_device() || t.is_char_device() {
            SpecialKind::Device
        } else if t.is_fifo() {
            SpecialKind::Fifo
        } else if t.is_socket() {
            SpecialKind::Socket
        } else {
            SpecialKind::Other
        }
    }

    /// Elsewhere every non-regular file is reported alike.
    #[cfg(not(unix))]
    pub(crate) fn of(_meta: &std::fs::Metadata) -> SpecialKind {
        SpecialKind::Other
    }

    fn ja(self) -> &'static str {
        match self {
            SpecialKind::Device => "デバイス",
            SpecialKind::Fifo => "名前付きパイプ（FIFO）",
            SpecialKind::Socket => "ソケット",
            SpecialKind::Other => "特殊ファイル",
        }
    }

    fn en(self) -> &'static str {
        match self {
            SpecialKind::Device => "a device",
            SpecialKind::Fifo => "a named pipe (FIFO)",
            SpecialKind::Socket => "a socket",
            SpecialKind::Other => "a special file",
        }
    }
}

impl StoreError {
    /// Whether the database was only busy (another writer holds the lock): worth retrying.
    pub(crate) fn is_busy(&self) -> bool {
        match self {
            StoreError::Locked { .. } => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }

    /// Re-label a raw SQLite error for the file it happened on, so that a lock or a damaged
    /// file is reported as such instead of as an opaque code.
    pub fn classify(err: rusqlite::Error, path: &std::path::Path, busy_seconds: u64) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            match e.code {
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                    return StoreError::NotADatabase {
                        path: path.to_path_buf(),
                    };
                }
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    return StoreError::Locked {
                        path: path.to_path_buf(),
                        seconds: busy_seconds,
                    };
                }
                ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                    return StoreError::ReadOnly {
                        path: path.to_path_buf(),
                    };
                }
                _ => {}
            }
        }
        StoreError::Sqlite(err)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
