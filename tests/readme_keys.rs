//! README's key list is the key table's own rendering: a key added, moved or relabelled in
//! `app::keymap` fails this test until README says the same. `UPDATE_README=1 cargo test --test
//! readme_keys` writes the section from the table.

use caseconf::app::keymap;
use caseconf::i18n::Lang;

const BEGIN: &str = "<!-- keys: generated from src/app/keymap.rs by tests/readme_keys.rs -->\n";
const END: &str = "<!-- end of keys -->";

#[test]
fn readme_key_section_is_the_key_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(BEGIN).expect("README has the keys marker") + BEGIN.len();
    let end = readme[start..]
        .find(END)
        .expect("README has the end marker")
        + start;
    let expected = format!("\n{}", keymap::readme_keys(Lang::En));
    if std::env::var("UPDATE_README").is_ok_and(|v| v == "1") {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        expected,
        "README's key section differs from the key table; run UPDATE_README=1 cargo test --test readme_keys"
    );
}

#[test]
fn the_section_lists_what_the_issue_named() {
    let keys = keymap::readme_keys(Lang::En);
    for needle in [
        "| F1 |",
        "| Esc |",
        "| Alt+1–5 |",
        "| Ctrl+K |",
        "| Ctrl+Q |",
        "| F4 |",
    ] {
        assert!(keys.contains(needle), "{needle} missing:\n{keys}");
    }
    // Keys that type a character on the meeting screen are not listed as commands there.
    let meeting = keys.split("**Inside").next().unwrap();
    assert!(!meeting.contains("| ? |"), "{meeting}");
}
