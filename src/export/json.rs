//! The lossless, versioned JSON exchange format: the [`Snapshot`] as it is, pretty-printed
//! with `format_version` first. `caseconf import` reads it back (see `export::import`).

use super::model::Snapshot;

/// Serialise a snapshot. Non-ASCII text is written as UTF-8, not as escapes, so the file is
/// readable; the output ends with a newline.
pub(crate) fn render(snapshot: &Snapshot) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(snapshot)?;
    text.push('\n');
    Ok(text)
}
