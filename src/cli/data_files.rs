//! `caseconf agenda` and `caseconf theme`: check a data file and say what to fix, or list the
//! ones available (a broken one is listed with its problem).

use super::{CliError, Out};
use crate::config::{agenda, theme};
use crate::paths;
use std::path::Path;

/// `caseconf agenda check PATH`: the agenda's phases and minutes, or what is wrong.
pub(super) fn check_agenda(path: &Path, out: &mut Out) -> Result<(), CliError> {
    let a = agenda::load_path(path)?;
    writeln!(
        out,
        "{}: OK — {} ({}), {} phases, {} minutes",
        path.display(),
        a.title_ja,
        a.id,
        a.phases.len(),
        a.total_minutes()
    )?;
    for (i, p) in a.phases.iter().enumerate() {
        writeln!(
            out,
            "  {:>2}. {:>3} min  {} / {}",
            i + 1,
            p.minutes,
            p.title_ja,
            p.title_en
        )?;
    }
    Ok(())
}

/// `caseconf agenda list`: the built-in agendas and those in the config folder.
pub(super) fn list_agendas(out: &mut Out) -> Result<(), CliError> {
    for (name, result) in agenda::list_available(paths::config_dir().as_deref()) {
        match result {
            Ok(a) => writeln!(
                out,
                "{name:<20} {:>3} min  {}",
                a.total_minutes(),
                a.title_ja
            ),
            Err(e) => writeln!(out, "{name:<20} BROKEN: {e}"),
        }?;
    }
    Ok(())
}

/// `caseconf theme check PATH`.
pub(super) fn check_theme(path: &Path, out: &mut Out) -> Result<(), CliError> {
    let t = theme::load_path(path)?;
    writeln!(out, "{}: OK — theme {}", path.display(), t.name)?;
    Ok(())
}

/// `caseconf theme list`: the built-in themes and those in the config folder's `themes/`.
pub(super) fn list_themes(out: &mut Out) -> Result<(), CliError> {
    for name in theme::builtin_names() {
        writeln!(out, "{name} (built-in)")?;
    }
    let Some(dir) = paths::config_dir() else {
        return Ok(());
    };
    let Ok(entries) = std::fs::read_dir(dir.join("themes")) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            match theme::load_path(&p) {
                Ok(t) => writeln!(out, "{} ({})", t.name, p.display()),
                Err(e) => writeln!(out, "BROKEN: {e}"),
            }?;
        }
    }
    Ok(())
}
