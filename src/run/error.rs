//! Why the full-screen program did not start, or ended with something it could not save.
//!
//! Each error prints as one paragraph for the person at the terminal (`main` prefixes
//! `caseconf:` and exits non-zero); none contains note text.

use crate::config::datafile::DataFileError;
use crate::i18n::Lang;
use crate::passphrase::PassphraseError;
use crate::store::StoreError;
use crate::terminal::Unusable;
use std::fmt;
use std::path::PathBuf;

/// Why the full-screen program stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Not a terminal the screen can work in.
    #[error(transparent)]
    Unusable(#[from] Unusable),
    /// The `--theme` file.
    #[error(transparent)]
    Theme(#[from] DataFileError),
    /// The database could not be opened (among others: a wrong passphrase).
    #[error(transparent)]
    Open(#[from] PassphraseError),
    /// Reading the database for the screen.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Raw mode, the alternate screen or the first frame.
    #[error("cannot prepare the terminal: {0}")]
    Terminal(#[source] std::io::Error),
    /// The program ended, but not everything was saved in the database.
    #[error(transparent)]
    LeftBehind(#[from] Box<LeftBehind>),
    /// A bug stopped the program, and not everything was saved in the database.
    #[error("stopped after an internal error. {0}")]
    PanickedLeftBehind(Box<LeftBehind>),
    /// A bug stopped the program; everything was saved.
    #[error("stopped after an internal error; what was typed has been saved")]
    Panicked,
}

/// What the last save could not put in the database, and where it went instead: told in the
/// screen's language, one line for each.
#[derive(Debug)]
pub struct LeftBehind {
    pub(crate) lang: Lang,
    /// The database file.
    pub(crate) path: PathBuf,
    /// When the file was deleted or replaced while open: where its content was copied.
    pub(crate) rescue: Option<Result<PathBuf, rusqlite::Error>>,
    /// Edits that could not be saved: how many, and the recovery file they were written to.
    pub(crate) unsaved: Option<(usize, std::io::Result<PathBuf>)>,
}

impl std::error::Error for LeftBehind {}

impl fmt::Display for LeftBehind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        // Each line in Japanese and in English; the screen's language picks.
        let rescue = self.rescue.as_ref().map(|copied| match copied {
            Ok(copy) => {
                let copy = copy.display();
                (
                    format!(
                        "データベースファイル {path} が使用中に削除または置き換えられました。ここまで保存した内容はすべて {copy} に保存しました。続けるには、このファイルを元の場所に戻す（mv）か、--db {copy} で開いてください。"
                    ),
                    format!(
                        "The database file {path} was deleted or replaced while in use. Everything saved until now has been copied to {copy}. To go on, move that file back into place (mv), or open it with --db {copy}."
                    ),
                )
            }
            Err(e) => (
                format!("データベースファイル {path} が使用中に削除または置き換えられ、内容を複製できませんでした（{e}）。"),
                format!("The database file {path} was deleted or replaced while in use, and its content could not be copied ({e})."),
            ),
        });
        let unsaved = self.unsaved.as_ref().map(|(count, written)| match written {
            Ok(file) => {
                let file = file.display();
                (
                    format!(
                        "保存できなかった {count} 件の編集を {file} に書き出しました（本人のみ読み書き可）。次に起動したときに、caseconf recover で復元できます。"
                    ),
                    format!(
                        "{count} edits could not be saved; they were written to {file} (readable by you only). Put them back with: caseconf recover"
                    ),
                )
            }
            Err(e) => (
                format!("保存できなかった {count} 件の編集を、復元ファイルにも書き出せませんでした（{e}）。空き容量を確保してください。"),
                format!("{count} edits could not be saved, nor written to a recovery file ({e}). Free some disk space."),
            ),
        });
        let lines: Vec<&str> = rescue
            .iter()
            .chain(&unsaved)
            .map(|(ja, en)| self.lang.pick(ja, en))
            .collect();
        f.write_str(&lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left(lang: Lang) -> LeftBehind {
        LeftBehind {
            lang,
            path: PathBuf::from("/srv/会議.db"),
            rescue: Some(Ok(PathBuf::from("/srv/caseconf-rescued-1.db"))),
            unsaved: Some((3, Err(std::io::Error::other("No space left on device")))),
        }
    }

    #[test]
    fn what_was_left_behind_is_one_line_each_in_the_screens_language() {
        let en = left(Lang::En).to_string();
        let lines: Vec<&str> = en.lines().collect();
        assert_eq!(lines.len(), 2, "{en}");
        assert!(lines[0].starts_with("The database file /srv/会議.db was deleted or replaced"));
        assert!(lines[0].contains("--db /srv/caseconf-rescued-1.db"));
        assert!(lines[1].starts_with(
            "3 edits could not be saved, nor written to a recovery file (No space left on device)"
        ));
        let ja = left(Lang::Ja).to_string();
        assert!(ja.contains("保存できなかった 3 件の編集を、復元ファイルにも書き出せませんでした"));
        let panicked = RunError::PanickedLeftBehind(Box::new(left(Lang::En))).to_string();
        assert!(panicked.starts_with("stopped after an internal error. The database file"));
    }

    #[test]
    fn nothing_but_the_recovery_file_is_one_line() {
        let only = LeftBehind {
            rescue: None,
            unsaved: Some((1, Ok(PathBuf::from("/srv/caseconf-recovery-1.json")))),
            ..left(Lang::En)
        };
        assert_eq!(
            only.to_string(),
            "1 edits could not be saved; they were written to /srv/caseconf-recovery-1.json \
             (readable by you only). Put them back with: caseconf recover"
        );
    }
}
