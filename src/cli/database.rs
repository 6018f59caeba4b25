//! `caseconf db encrypt`, `db rekey`, `recover` and `purge`: work on the database file itself
//! (its encryption, the edits kept in recovery files, deleted cards erased for good).

use super::{Cli, CliError, Out, as_locked, db_path, open_db};
use crate::i18n::cli_text;
use crate::passphrase;
use crate::store::crypto::{self, FileKind};
use crate::store::{self, StoreError};

/// `caseconf db encrypt`: encrypt a plain database in place (or create an encrypted one).
pub(super) fn encrypt(cli: &Cli, out: &mut Out) -> Result<(), CliError> {
    let path = db_path(cli);
    if !crypto::AVAILABLE {
        return Err(passphrase::unavailable("encrypt a database").into());
    }
    let kind = crypto::file_kind(&path).map_err(|source| StoreError::Io {
        path: path.clone(),
        source,
    })?;
    match kind {
        FileKind::Encrypted => return Err(StoreError::AlreadyEncrypted { path }.into()),
        FileKind::Foreign => return Err(StoreError::NotADatabase { path }.into()),
        FileKind::New | FileKind::Plain => {}
    }
    let key = passphrase::new_passphrase(&path, passphrase::ENV)?;
    crypto::encrypt_file(&path, &key)?;
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
}

/// `caseconf db rekey`: change the passphrase of an encrypted database, the current one
/// checked before a new one is asked for.
pub(super) fn rekey(cli: &Cli, out: &mut Out) -> Result<(), CliError> {
    let path = db_path(cli);
    if !crypto::AVAILABLE {
        return Err(passphrase::unavailable("change a database's passphrase").into());
    }
    if !path.exists() {
        return Err(CliError::NoDatabase { path });
    }
    match crypto::file_kind(&path) {
        Ok(FileKind::Plain | FileKind::New) => {
            return Err(StoreError::NotEncrypted { path }.into());
        }
        Ok(FileKind::Foreign) => return Err(StoreError::NotADatabase { path }.into()),
        // Unreadable files: the open below says why.
        Ok(FileKind::Encrypted) | Err(_) => {}
    }
    let old = passphrase::existing(&path)?;
    // Check the current passphrase before asking for a new one.
    drop(store::open::open_with(
        &path,
        &store::open::Options::with_key(Some(old.clone())),
    )?);
    let new = passphrase::new_passphrase(&path, passphrase::NEW_ENV)?;
    crypto::rekey_file(&path, &old, &new)?;
    writeln!(
        out,
        "Changed the passphrase of {}. Every note-taker now needs the new one.",
        path.display()
    )
}

/// `caseconf recover`: restore (or with `discard`, delete) the recovery files of the database.
/// A file is removed only once its edits are in the database.
pub(super) fn recover(cli: &Cli, discard: bool, out: &mut Out) -> Result<(), CliError> {
    let path = db_path(cli);
    let files = crate::recovery::pending(&path);
    if files.is_empty() {
        return writeln!(
            out,
            "{}",
            cli_text(
                &format!("{} の復元ファイルはありません。", path.display()),
                &format!("There are no recovery files for {}.", path.display()),
            )
        );
    }
    let conn = if discard { None } else { Some(open_db(cli)?) };
    for file in files {
        let restored = match &conn {
            Some(conn) => {
                let rec = crate::recovery::read(&file)?;
                let n =
                    crate::recovery::restore(conn, &rec).map_err(|e| CliError::NotRestored {
                        file: file.clone(),
                        why: as_locked(cli, e),
                    })?;
                Some((n, rec.conference_id))
            }
            None => None,
        };
        std::fs::remove_file(&file).map_err(|source| CliError::Remove {
            path: file.clone(),
            source,
        })?;
        let shown = file.display();
        let said = match restored {
            Some((n, conference)) => cli_text(
                &format!(
                    "{n} 件の編集を会議 #{conference} に復元しました（{shown} は削除しました）。"
                ),
                &format!("Restored {n} edits into conference #{conference} (and removed {shown})."),
            ),
            None => cli_text(
                &format!("{shown} を削除しました。"),
                &format!("Removed {shown}."),
            ),
        };
        writeln!(out, "{said}")?;
    }
    Ok(())
}

/// `caseconf purge`: erase deleted cards from the database file for good.
pub(super) fn purge(cli: &Cli, out: &mut Out) -> Result<(), CliError> {
    let conn = open_db(cli)?;
    let n = store::purge::purge_deleted(&conn, None).map_err(|e| as_locked(cli, e))?;
    writeln!(
        out,
        "{}",
        cli_text(
            &format!("削除済みのカード {n} 件をデータベースファイルから消去しました。"),
            &format!("Erased {n} deleted cards from the database file."),
        )
    )
}
