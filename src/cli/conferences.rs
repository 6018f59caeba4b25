//! `caseconf new`, `list` and `case`: creating a conference, and reading what the database
//! holds, one line per conference.

use super::{Cli, CliError, NewArgs, Out, as_locked, db_path, open_db};
use crate::config::agenda;
use crate::paths;
use crate::store::{self, NewConference};
use chrono::NaiveDate;

/// `caseconf new`: create the conference (and its case, if the label is new), then say how
/// long it is, what it carries over from the case's previous conference, and whether the
/// database is encrypted.
pub(super) fn create(cli: &Cli, args: &NewArgs, out: &mut Out) -> Result<(), CliError> {
    let date = match &args.date {
        Some(d) => {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CliError::BadDate(d.clone()))?
        }
        None => chrono::Local::now().date_naive(),
    };
    let agenda = agenda::resolve(&args.agenda, paths::config_dir().as_deref())?;
    let conn = open_db(cli)?;
    let new = NewConference {
        case_label: args.case_label.clone(),
        title: args.title.clone(),
        date,
        venue: args.venue.clone(),
        facilitator: args.facilitator.clone(),
        purpose: args.purpose.clone(),
        lang: args.lang.code().to_string(),
    };
    let id = store::conferences::create_with_recorder(&conn, &new, &agenda, &args.recorder)
        .map_err(|e| as_locked(cli, e))?;
    let meeting_type = args.meeting_type.trim();
    if !meeting_type.is_empty() {
        let c = store::conferences::get(&conn, id)?;
        store::conferences::set_field(
            &conn,
            id,
            c.version,
            store::conferences::ConferenceField::MeetingType,
            meeting_type,
        )?;
    }
    writeln!(
        out,
        "Created conference #{id} ({} minutes, {} phases). Open it with: caseconf open {id}",
        agenda.total_minutes(),
        agenda.phases.len()
    )?;
    let carried = store::cards::action_items(&conn, id)?
        .iter()
        .filter(|a| a.carried)
        .count();
    if carried > 0 {
        writeln!(
            out,
            "{carried} open action(s) of the previous conference of {} are on its review board (前回からの確認).",
            args.case_label.trim()
        )?;
    }
    writeln!(out, "{}", encryption_status(cli))?;
    Ok(())
}

/// `caseconf list`: the conferences, newest first, one line each.
pub(super) fn list(cli: &Cli, out: &mut Out) -> Result<(), CliError> {
    let conn = open_db(cli)?;
    let list = store::conferences::list(&conn).map_err(|e| as_locked(cli, e))?;
    // On standard error: the listing itself stays one line per conference for scripts.
    eprintln!("{}", encryption_status(cli));
    if list.is_empty() {
        writeln!(
            out,
            "No conferences yet. Create one with: caseconf new --case A氏 --title …"
        )?;
    }
    for c in list {
        writeln!(
            out,
            "{:>4}  {}  {:<8}  {}  [{}]",
            c.id, c.date, c.status, c.case_label, c.title
        )?;
    }
    Ok(())
}

/// `caseconf case LABEL`: the conferences in order, then the open actions (overdue marked).
pub(super) fn show_case(cli: &Cli, label: &str, out: &mut Out) -> Result<(), CliError> {
    let conn = open_db(cli)?;
    let record = store::case::load(&conn, label)?;
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
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
        let mark = if a.overdue(&today) {
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
