//! Themes: one named [`Style`] per kind of thing on screen, loaded from TOML under `themes/`.
//!
//! Widgets never hard-code colours; they ask the [`Theme`] for a slot (`theme.clock_red`,
//! `theme.selection`, …). The four built-in themes are embedded with `include_str!` so the
//! binary works without any files installed; users can add their own in
//! `CONFIG_DIR/themes/NAME.toml` or pass a path.
//!
//! A theme file is deliberately strict: every slot must be present (a missing slot would
//! silently fall back to the terminal default, which may be unreadable on a projector) and
//! unknown slots or fields are refused (a typo such as `clok_red` must not be ignored). Every
//! error names the file, line and column, and says what to write instead.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::config::datafile::{self, DataFileError, ShapeHints, Source, did_you_mean};

/// Defines [`Theme`], the list of slot names and name-based access from one list, so the
/// struct, the TOML validation and the slot list can never drift apart.
macro_rules! theme_slots {
    ($( $(#[doc = $doc:literal])+ $slot:ident ),+ $(,)?) => {
        /// A complete set of styles for the user interface.
        ///
        /// Build one with [`parse`], [`load_path`], [`builtin`], [`resolve`] or
        /// [`default_theme`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            /// Short name, e.g. `projector-light`; used to cycle through the built-ins.
            pub name: String,
            /// One-line description in Japanese, shown in the theme picker.
            pub(crate) description_ja: String,
            /// One-line description in English.
            pub(crate) description_en: String,
            $( $(#[doc = $doc])+ pub $slot: Style, )+
        }

        /// The style slots every theme file must define under `[styles]`, in file order.
        pub(crate) const SLOTS: &[&str] = &[$(stringify!($slot)),+];

        impl Theme {
            /// The style of a slot by its name in the theme file (`"clock_red"`), if it exists.
            pub(crate) fn style(&self, slot: &str) -> Option<Style> {
                match slot {
                    $( stringify!($slot) => Some(self.$slot), )+
                    _ => None,
                }
            }

            /// Every slot with its style, in [`SLOTS`] order (for previews and tests).
            pub(crate) fn slots(&self) -> Vec<(&'static str, Style)> {
                vec![$( (stringify!($slot), self.$slot) ),+]
            }

            fn style_mut(&mut self, slot: &str) -> Option<&mut Style> {
                match slot {
                    $( stringify!($slot) => Some(&mut self.$slot), )+
                    _ => None,
                }
            }

            /// A theme with the given names and every slot set to the default (empty) style.
            fn blank(name: &str, description_ja: &str, description_en: &str) -> Theme {
                Theme {
                    name: name.to_string(),
                    description_ja: description_ja.to_string(),
                    description_en: description_en.to_string(),
                    $( $slot: Style::new(), )+
                }
            }
        }
    };
}

theme_slots! {
    /// Body text and the screen background; other slots are drawn on top of it.
    text,
    /// Secondary text: explanations, placeholders, guidance for the phase.
    muted,
    /// Titles of panes and of the conference.
    title,
    /// The header bar at the top of the screen.
    header,
    /// Borders of unfocused panes.
    border,
    /// The border of the pane that receives typing.
    border_focus,
    /// The selected row in a list or table.
    selection,
    /// Phases already finished, in the phase strip.
    phase_done,
    /// The phase running now, in the phase strip; must stand out even without colour.
    phase_current,
    /// Phases still to come, in the phase strip.
    phase_upcoming,
    /// The big clock before the meeting starts: `fg` paints the digits, `bg` the panel behind
    /// them. Every clock slot is drawn the same way, so its two colours are all the digits are
    /// seen against.
    clock_idle,
    /// The big clock while the phase is on time.
    clock,
    /// The big clock while the meeting is paused (a pause sign is drawn in front of the digits).
    clock_paused,
    /// The big clock from 80% of the phase's planned time (the panel is framed as well).
    clock_amber,
    /// The big clock from 100% of the phase's planned time (a "+" leads the digits).
    clock_red,
    /// The big clock once the meeting is finished (it shows the meeting's length).
    clock_finished,
    /// The total overrun of the meeting.
    overrun,
    /// Success messages (saved, exported).
    ok,
    /// Warnings that need attention but do not block.
    warning,
    /// Errors.
    error,
    /// The key itself in the footer (`F1`, `Ctrl+N`).
    key_hint,
    /// What the key does, next to it in the footer.
    key_label,
    /// Pop-up dialogs (help, confirmations).
    popup,
    /// A note card on a board.
    card,
    /// The note card being edited or selected.
    card_selected,
    /// Heading of the 事例性 (case-ness) column on the assessment board.
    column_case,
    /// Heading of the 疾病性 (illness-ness) column on the assessment board.
    column_illness,
}

/// The embedded built-in themes, in the order the live theme key cycles through them.
const BUILTINS: &[(&str, &str)] = &[
    (
        "projector-light",
        include_str!("../../themes/projector-light.toml"),
    ),
    (
        "projector-dark",
        include_str!("../../themes/projector-dark.toml"),
    ),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

const BUILTIN_NAMES: &[&str] = &["projector-light", "projector-dark", "high-contrast", "mono"];

/// The colour names `Color::from_str` accepts, listed in hints.
const COLOR_NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
    "reset",
];

const STYLE_FIELDS: &str = "fg, bg, bold, italic, underlined, reversed, dim";

/// A theme file as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: Spanned<String>,
    #[serde(default)]
    description_ja: String,
    #[serde(default)]
    description_en: String,
    styles: Spanned<BTreeMap<Spanned<String>, Spanned<RawStyle>>>,
}

/// One style as written: `{ fg = "#111111", bold = true }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    bold: Option<bool>,
    italic: Option<bool>,
    underlined: Option<bool>,
    reversed: Option<bool>,
    dim: Option<bool>,
}

/// Parse a theme from TOML text. `file_label` names the file in error messages.
pub fn parse(file_label: &str, text: &str) -> Result<Theme, DataFileError> {
    let src = Source::new(file_label, text);
    let shape = format!(
        "a theme file has name, description_ja, description_en and a [styles] table with \
         one line per slot; each style may use {STYLE_FIELDS}"
    );
    let raw: RawTheme = src.parse(&ShapeHints {
        unknown_field: Some(&shape),
        missing_field: Some(&shape),
        wrong_type: Some(
            "each slot is an inline table such as { fg = \"#111111\", bold = true }: fg \
             and bg are quoted colours; bold, italic, underlined, reversed and dim are true \
             or false",
        ),
    })?;
    build(&src, raw)
}

/// Read and parse a theme file.
pub fn load_path(path: &Path) -> Result<Theme, DataFileError> {
    datafile::load(path, parse)
}

/// Names of the built-in themes, in the order the theme key cycles through them.
pub fn builtin_names() -> &'static [&'static str] {
    BUILTIN_NAMES
}

/// A built-in theme by name (case-insensitive), or `None` if there is no such built-in.
pub fn builtin(name: &str) -> Option<Theme> {
    let name = name.trim();
    BUILTINS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        // The embedded files are checked by the tests, so a parse error here cannot reach a
        // user; `ok()` keeps this path free of panics all the same.
        .and_then(|(n, text)| parse(&format!("(built-in) themes/{n}.toml"), text).ok())
}

/// The default theme, `projector-light`. Never fails: if the embedded file were ever broken
/// it returns a colourless theme built in code, which is readable on any terminal.
pub fn default_theme() -> Theme {
    builtin(BUILTIN_NAMES[0]).unwrap_or_else(fallback_theme)
}

impl Default for Theme {
    fn default() -> Self {
        default_theme()
    }
}

/// Find a theme by built-in name, then as `CONFIG_DIR/themes/NAME.toml`, then as a path.
///
/// An argument that looks like a path (contains a slash or ends in `.toml`) is loaded as a
/// file directly; a bare name that matches nothing gives an error listing every available name.
pub(crate) fn resolve(
    name_or_path: &str,
    config_dir: Option<&Path>,
) -> Result<Theme, DataFileError> {
    let arg = name_or_path.trim();
    if let Some(theme) = builtin(arg) {
        return Ok(theme);
    }
    let looks_like_path = arg.contains('/') || arg.contains('\\') || arg.ends_with(".toml");
    if looks_like_path {
        return load_path(Path::new(arg));
    }
    if let Some(dir) = config_dir {
        let candidate = dir.join("themes").join(format!("{arg}.toml"));
        if candidate.is_file() {
            return load_path(&candidate);
        }
    }
    if Path::new(arg).is_file() {
        return load_path(Path::new(arg));
    }

    let mut available: Vec<String> = BUILTIN_NAMES.iter().map(|s| s.to_string()).collect();
    if let Some(dir) = config_dir {
        available.extend(user_theme_names(dir));
    }
    let candidates: Vec<&str> = available.iter().map(String::as_str).collect();
    let message = format!(
        "there is no theme called `{arg}`{}",
        did_you_mean(arg, &candidates)
    );
    let own = match config_dir {
        Some(dir) => format!(
            "; put your own theme in {}",
            dir.join("themes").join("NAME.toml").display()
        ),
        None => String::new(),
    };
    Err(DataFileError::whole(
        &format!("theme `{arg}`"),
        message,
        format!(
            "use one of: {}{own}; or give the path to a theme file",
            available.join(", ")
        ),
    ))
}

/// Names of the user's themes: the `*.toml` files in `CONFIG_DIR/themes`, sorted.
/// A missing or unreadable folder simply has no themes.
pub(crate) fn user_theme_names(config_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(config_dir.join("themes")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

impl Theme {
    /// This theme for NO_COLOR: every foreground and background colour removed, modifiers kept.
    ///
    /// Slots that were told apart only by colour get a modifier so they still differ from what
    /// they sit next to: the selection and the current phase become reversed, the amber and red
    /// clock differ from the normal clock and from each other, warnings and errors differ from
    /// body text. A slot that already differs keeps exactly its own modifiers, so `mono` is
    /// unchanged.
    pub fn without_color(&self) -> Theme {
        let mut t = self.clone();
        for (slot, style) in self.slots() {
            if let Some(s) = t.style_mut(slot) {
                *s = strip_color(style);
            }
        }
        // A solid block of colour behind a highlight (the selection bar, the current phase,
        // a key cap) becomes a reversed block: the same shape, so the screen reads the same.
        // Pop-ups and cards are left alone: a whole reversed pop-up would be unreadable.
        const BLOCK_SLOTS: [&str; 10] = [
            "header",
            "selection",
            "card_selected",
            "phase_current",
            "key_hint",
            "clock_red",
            "overrun",
            "error",
            "column_case",
            "column_illness",
        ];
        for slot in BLOCK_SLOTS {
            let had_block = self
                .style(slot)
                .is_some_and(|s| s.bg.is_some() && s.bg != self.text.bg);
            if let (true, Some(s)) = (had_block, t.style_mut(slot)) {
                *s = s.add_modifier(Modifier::REVERSED);
            }
        }
        use Modifier as M;
        // Order matters: later slots are compared with the already adjusted earlier ones.
        t.muted = distinguish(t.muted, &[t.text], &[M::DIM, M::ITALIC]);
        t.title = distinguish(t.title, &[t.text], &[M::BOLD]);
        t.header = distinguish(t.header, &[t.text], &[M::REVERSED, M::BOLD]);
        t.border_focus = distinguish(t.border_focus, &[t.border], &[M::BOLD]);
        t.selection = distinguish(t.selection, &[t.text], &[M::REVERSED, M::BOLD]);
        t.card_selected = distinguish(t.card_selected, &[t.card, t.text], &[M::REVERSED, M::BOLD]);
        t.phase_current = distinguish(
            t.phase_current,
            &[t.phase_done, t.phase_upcoming],
            &[M::REVERSED, M::BOLD],
        );
        t.clock_amber = distinguish(t.clock_amber, &[t.clock], &[M::BOLD, M::UNDERLINED]);
        t.clock_red = distinguish(
            t.clock_red,
            &[t.clock, t.clock_amber],
            &[M::REVERSED, M::BOLD],
        );
        t.overrun = distinguish(t.overrun, &[t.text, t.clock], &[M::REVERSED, M::BOLD]);
        t.warning = distinguish(t.warning, &[t.text, t.ok], &[M::BOLD, M::UNDERLINED]);
        t.error = distinguish(t.error, &[t.text, t.ok, t.warning], &[M::REVERSED, M::BOLD]);
        t.key_hint = distinguish(t.key_hint, &[t.key_label], &[M::REVERSED, M::BOLD]);
        t.column_case = distinguish(t.column_case, &[t.text], &[M::BOLD, M::UNDERLINED]);
        t.column_illness = distinguish(t.column_illness, &[t.text], &[M::BOLD, M::UNDERLINED]);
        t
    }

    /// The built-in theme after this one in [`builtin_names`] order, wrapping around. A user
    /// theme (not a built-in name) is followed by the first built-in.
    ///
    /// The result has colours even if `self` came from [`Theme::without_color`]; under
    /// NO_COLOR the caller applies `without_color` again.
    pub(crate) fn next_builtin(&self) -> Theme {
        let next = BUILTIN_NAMES
            .iter()
            .position(|n| *n == self.name)
            .and_then(|i| BUILTIN_NAMES.get((i + 1) % BUILTIN_NAMES.len()))
            .copied()
            .unwrap_or(BUILTIN_NAMES[0]);
        builtin(next).unwrap_or_else(default_theme)
    }
}

/// A style with the same modifiers and no colours at all.
fn strip_color(style: Style) -> Style {
    // Building a new style (rather than clearing fg/bg) also drops the underline colour.
    Style::new()
        .add_modifier(style.add_modifier)
        .remove_modifier(style.sub_modifier)
}

/// Change `style` until it renders differently from every style in `others`: first add the
/// slot's preferred modifiers, then any other visible one; a style that already has them all
/// (only possible in a hand-written theme) loses modifiers instead.
fn distinguish(style: Style, others: &[Style], preferred: &[Modifier]) -> Style {
    const ANY: [Modifier; 5] = [
        Modifier::REVERSED,
        Modifier::BOLD,
        Modifier::UNDERLINED,
        Modifier::ITALIC,
        Modifier::DIM,
    ];
    let collides = |s: Style| others.iter().any(|o| o.add_modifier == s.add_modifier);
    let mut s = style;
    for m in preferred.iter().chain(ANY.iter()) {
        if !collides(s) {
            return s;
        }
        s = s.add_modifier(*m);
    }
    for m in ANY.iter().rev() {
        if !collides(s) {
            return s;
        }
        s = s.remove_modifier(*m);
    }
    s
}

/// A colourless theme built in code, used only if an embedded theme failed to parse.
fn fallback_theme() -> Theme {
    let mut t = Theme::blank(
        "mono",
        "モノクロ（組み込みの予備）",
        "Monochrome (built-in fallback)",
    );
    t.title = Style::new().add_modifier(Modifier::BOLD);
    t.clock = Style::new().add_modifier(Modifier::BOLD);
    t.without_color()
}

/// Validate a parsed theme file and turn it into a [`Theme`].
fn build(src: &Source<'_>, raw: RawTheme) -> Result<Theme, DataFileError> {
    let name = src.non_blank(
        &raw.name,
        "the theme name is empty",
        "write a short name, e.g. name = \"my-projector\"",
    )?;
    let mut theme = Theme::blank(&name, raw.description_ja.trim(), raw.description_en.trim());

    let styles_span = raw.styles.span();
    // Report problems in file order, not in the map's alphabetical order.
    let mut entries: Vec<(Spanned<String>, Spanned<RawStyle>)> =
        raw.styles.into_inner().into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    // What is written is checked first, line by line, so the first error is the one nearest
    // the top of the file; what is missing can only be judged afterwards.
    let mut seen: Vec<String> = Vec::new();
    for (key, style) in entries {
        let slot = key.get_ref().as_str();
        let Some(target) = theme.style_mut(slot) else {
            return Err(src.error_at(
                &key,
                format!("unknown style slot `{slot}`{}", did_you_mean(slot, SLOTS)),
                format!("rename or remove it; the slots are: {}", SLOTS.join(", ")),
            ));
        };
        *target = convert_style(src, style.into_inner())?;
        seen.push(key.into_inner());
    }
    let missing: Vec<&str> = SLOTS
        .iter()
        .copied()
        .filter(|slot| !seen.iter().any(|s| s == slot))
        .collect();
    if let Some(first) = missing.first() {
        let plural = if missing.len() == 1 { "" } else { "s" };
        return Err(src.error(
            Some(styles_span),
            format!("missing style slot{plural}: {}", missing.join(", ")),
            format!(
                "add a line for each under [styles], e.g. {first} = {{ fg = \"#111111\", bold = true }}; \
                 every slot is required so no part of the screen falls back to the terminal's default"
            ),
        ));
    }
    Ok(theme)
}

/// Turn a written style into a ratatui [`Style`]. `true` adds a modifier; an explicit `false`
/// removes it, so a slot drawn on top of another (`text.patch(selection)`) can turn bold off.
fn convert_style(src: &Source<'_>, raw: RawStyle) -> Result<Style, DataFileError> {
    let mut style = Style::new();
    if let Some(fg) = &raw.fg {
        style = style.fg(parse_color(src, fg)?);
    }
    if let Some(bg) = &raw.bg {
        style = style.bg(parse_color(src, bg)?);
    }
    let flags = [
        (raw.bold, Modifier::BOLD),
        (raw.italic, Modifier::ITALIC),
        (raw.underlined, Modifier::UNDERLINED),
        (raw.reversed, Modifier::REVERSED),
        (raw.dim, Modifier::DIM),
    ];
    for (flag, modifier) in flags {
        style = match flag {
            Some(true) => style.add_modifier(modifier),
            Some(false) => style.remove_modifier(modifier),
            None => style,
        };
    }
    Ok(style)
}

/// Parse a colour with ratatui's rules (names, `#rrggbb`, `0`–`255`, `reset`), located on error.
fn parse_color(src: &Source<'_>, value: &Spanned<String>) -> Result<Color, DataFileError> {
    let written = value.get_ref().as_str();
    if let Ok(color) = written.parse::<Color>() {
        return Ok(color);
    }
    let mut message = format!("`{written}` is not a colour");
    let trimmed = written.trim();
    if let Some(hex) = trimmed.strip_prefix('#') {
        if hex.len() != 6 {
            message.push_str(&format!(
                ": a #rrggbb colour needs exactly 6 hex digits, this one has {}",
                hex.chars().count()
            ));
        } else {
            message.push_str(": only 0-9 and a-f may follow #");
        }
    } else if trimmed.parse::<i64>().is_ok() {
        message.push_str(": a palette index must be 0 to 255");
    } else {
        let folded = trimmed.to_lowercase().replace([' ', '-', '_'], "");
        message.push_str(&did_you_mean(&folded, COLOR_NAMES));
    }
    Err(src.error_at(
        value,
        message,
        format!(
            "write a colour as a quoted name ({}), as \"#rrggbb\" with six hex digits \
             (e.g. \"#003a8c\"), as a palette index \"0\" to \"255\", or \"reset\" for the \
             terminal's own colour",
            COLOR_NAMES[..COLOR_NAMES.len() - 1].join(", ")
        ),
    ))
}

/// The sRGB value a colour shows as, using the xterm default palette for the 16 named colours;
/// `None` for [`Color::Reset`], whose value only the terminal knows.
pub(crate) fn color_rgb(color: Color) -> Option<(u8, u8, u8)> {
    const ANSI: [(u8, u8, u8); 16] = [
        (0, 0, 0),       // black
        (205, 0, 0),     // red
        (0, 205, 0),     // green
        (205, 205, 0),   // yellow
        (0, 0, 238),     // blue
        (205, 0, 205),   // magenta
        (0, 205, 205),   // cyan
        (229, 229, 229), // gray (ANSI white)
        (127, 127, 127), // dark gray (bright black)
        (255, 0, 0),     // light red
        (0, 255, 0),     // light green
        (255, 255, 0),   // light yellow
        (92, 92, 255),   // light blue
        (255, 0, 255),   // light magenta
        (0, 255, 255),   // light cyan
        (255, 255, 255), // white (bright white)
    ];
    let index = match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => return Some((r, g, b)),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
    };
    match index {
        0..=15 => ANSI.get(usize::from(index)).copied(),
        16..=231 => {
            // The 6×6×6 colour cube of the 256-colour palette.
            const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
            let i = usize::from(index - 16);
            Some((LEVELS[i / 36], LEVELS[(i / 6) % 6], LEVELS[i % 6]))
        }
        _ => {
            let v = 8 + 10 * (index - 232);
            Some((v, v, v))
        }
    }
}

/// WCAG 2 relative luminance of an sRGB colour (0 = black, 1 = white).
pub(crate) fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG 2 contrast ratio of two colours (1 to 21), or `None` if either is [`Color::Reset`].
pub fn contrast_ratio(a: Color, b: Color) -> Option<f64> {
    let la = relative_luminance(color_rgb(a)?);
    let lb = relative_luminance(color_rgb(b)?);
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_builtins() -> Vec<Theme> {
        builtin_names()
            .iter()
            .map(|n| builtin(n).unwrap_or_else(|| panic!("built-in {n} does not parse")))
            .collect()
    }

    /// A minimal valid theme with every slot, for error tests to break one piece at a time.
    fn valid_text() -> String {
        let mut s = String::from("name = \"t\"\n[styles]\n");
        for slot in SLOTS {
            s.push_str(&format!("{slot} = {{ fg = \"black\" }}\n"));
        }
        s
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    }

    #[test]
    fn every_builtin_parses_directly() {
        for (name, text) in BUILTINS {
            let theme = parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&theme.name, name);
            assert!(!theme.description_ja.is_empty() && !theme.description_en.is_empty());
        }
        assert_eq!(BUILTINS.len(), builtin_names().len());
        for (i, (name, _)) in BUILTINS.iter().enumerate() {
            assert_eq!(builtin_names()[i], *name);
        }
    }

    #[test]
    fn default_is_projector_light_and_not_the_fallback() {
        let d = default_theme();
        assert_eq!(d.name, "projector-light");
        assert_ne!(d, fallback_theme());
        assert_eq!(Theme::default(), d);
        assert_eq!(d.text.bg, Some(Color::Rgb(0xff, 0xff, 0xff)));
    }

    #[test]
    fn builtin_lookup_is_case_insensitive_and_rejects_unknown() {
        assert_eq!(
            builtin("Projector-Dark").map(|t| t.name),
            Some("projector-dark".into())
        );
        assert!(builtin("sepia").is_none());
    }

    #[test]
    fn text_contrast_is_at_least_7_to_1() {
        for t in all_builtins().iter().filter(|t| t.name != "mono") {
            let (fg, bg) = (t.text.fg.unwrap(), t.text.bg.unwrap());
            let ratio = contrast_ratio(fg, bg).unwrap();
            assert!(ratio >= 7.0, "{}: text {ratio:.2}:1", t.name);
        }
    }

    /// Contrast of a slot's text against what it is drawn on: its own background if it has
    /// one, otherwise the text background.
    fn slot_contrast(t: &Theme, style: Style) -> Option<f64> {
        let fg = style.fg?;
        let bg = style.bg.or(t.text.bg)?;
        contrast_ratio(fg, bg)
    }

    #[test]
    fn clock_and_current_phase_contrast_is_at_least_4_5_to_1() {
        for t in all_builtins().iter().filter(|t| t.name != "mono") {
            for (slot, style) in [
                ("clock_idle", t.clock_idle),
                ("clock", t.clock),
                ("clock_paused", t.clock_paused),
                ("clock_amber", t.clock_amber),
                ("clock_red", t.clock_red),
                ("clock_finished", t.clock_finished),
                ("phase_current", t.phase_current),
            ] {
                let ratio = slot_contrast(t, style).unwrap();
                assert!(ratio >= 4.5, "{} {slot}: {ratio:.2}:1", t.name);
            }
            // The clock's panel is painted from the slot itself, never from what happens to be
            // under it: each state names both of its colours.
            for (slot, style) in t
                .slots()
                .into_iter()
                .filter(|(s, _)| s.starts_with("clock"))
            {
                assert!(
                    style.fg.is_some() && style.bg.is_some(),
                    "{} {slot} needs fg and bg",
                    t.name
                );
            }
        }
    }

    #[test]
    fn every_coloured_slot_is_readable() {
        // Text slots need 4.5:1 (WCAG AA; 7:1 in high-contrast); borders are not text and
        // need 3:1 (WCAG 1.4.11).
        for t in all_builtins().iter().filter(|t| t.name != "mono") {
            for (slot, style) in t.slots() {
                let Some(ratio) = slot_contrast(t, style) else {
                    continue;
                };
                let min = match (t.name.as_str(), slot) {
                    ("high-contrast", _) => 7.0,
                    (_, "border") => 3.0,
                    _ => 4.5,
                };
                assert!(ratio >= min, "{} {slot}: {ratio:.2}:1 < {min}", t.name);
            }
        }
    }

    #[test]
    fn mono_has_no_colour_and_is_its_own_no_color_version() {
        let mono = builtin("mono").unwrap();
        for (slot, style) in mono.slots() {
            assert_eq!((style.fg, style.bg), (None, None), "mono {slot}");
        }
        assert_eq!(mono.without_color(), mono);
    }

    #[test]
    fn without_color_strips_colours_and_keeps_states_visible() {
        for t in all_builtins() {
            let m = t.without_color();
            for (slot, style) in m.slots() {
                assert_eq!((style.fg, style.bg), (None, None), "{} {slot}", t.name);
            }
            assert_ne!(m.selection, m.text, "{}", t.name);
            assert!(m.selection.add_modifier.contains(Modifier::REVERSED) || t.name == "mono");
            assert_ne!(m.phase_current, m.phase_upcoming, "{}", t.name);
            assert_ne!(m.phase_current, m.phase_done, "{}", t.name);
            assert_ne!(m.clock_amber, m.clock, "{}", t.name);
            assert_ne!(m.clock_red, m.clock_amber, "{}", t.name);
            assert_ne!(m.warning, m.text, "{}", t.name);
            assert_ne!(m.error, m.text, "{}", t.name);
            assert_ne!(m.card_selected, m.card, "{}", t.name);
            // Modifiers the theme asked for are kept.
            for ((slot, before), (_, after)) in t.slots().into_iter().zip(m.slots()) {
                assert!(after.add_modifier.contains(before.add_modifier), "{slot}");
            }
        }
    }

    #[test]
    fn fallback_theme_is_usable() {
        let f = fallback_theme();
        assert_ne!(f.selection, f.text);
        assert_ne!(f.phase_current, f.phase_upcoming);
        assert_ne!(f.clock_red, f.clock);
    }

    #[test]
    fn next_builtin_cycles_in_order() {
        let mut t = default_theme();
        let mut seen = vec![t.name.clone()];
        for _ in 0..4 {
            t = t.next_builtin();
            seen.push(t.name.clone());
        }
        assert_eq!(
            seen,
            [
                "projector-light",
                "projector-dark",
                "high-contrast",
                "mono",
                "projector-light"
            ]
        );
        let mut custom = default_theme();
        custom.name = "mine".into();
        assert_eq!(custom.next_builtin().name, "projector-light");
    }

    #[test]
    fn styles_and_modifiers_are_read() {
        let text = valid_text().replace(
            "selection = { fg = \"black\" }",
            "selection = { fg = \"#0050B3\", bg = \"231\", bold = true, reversed = true, dim = false }",
        );
        let t = parse("t.toml", &text).unwrap();
        assert_eq!(t.selection.fg, Some(Color::Rgb(0x00, 0x50, 0xb3)));
        assert_eq!(t.selection.bg, Some(Color::Indexed(231)));
        assert_eq!(
            t.selection.add_modifier,
            Modifier::BOLD | Modifier::REVERSED
        );
        assert_eq!(t.selection.sub_modifier, Modifier::DIM);
        assert_eq!(t.text.fg, Some(Color::Black));
        assert_eq!(t.style("selection"), Some(t.selection));
        assert_eq!(t.style("nope"), None);
    }

    #[test]
    fn syntax_error_is_located() {
        let text = valid_text().replace("clock = { fg = \"black\" }", "clock = { fg = black }");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.file, "t.toml");
        assert_eq!(err.line, Some(line_of(&text, "clock = ")));
    }

    #[test]
    fn bad_colour_name_is_located_with_accepted_forms() {
        let text = valid_text().replace("title = { fg = \"black\" }", "title = { fg = \"bleu\" }");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "title = ")));
        assert_eq!(err.column, Some(16));
        assert!(err.message.contains("`bleu`"), "{}", err.message);
        assert!(
            err.message.contains("did you mean `blue`"),
            "{}",
            err.message
        );
        assert!(
            err.hint.contains("#rrggbb") && err.hint.contains("lightblue"),
            "{}",
            err.hint
        );
        assert!(
            err.hint.contains("reset") && err.hint.contains("255"),
            "{}",
            err.hint
        );
    }

    #[test]
    fn short_hex_colour_is_located() {
        let text = valid_text().replace(
            "clock_red = { fg = \"black\" }",
            "clock_red = { bg = \"#12345\" }",
        );
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "clock_red = ")));
        assert!(err.message.contains("6 hex digits"), "{}", err.message);
        assert!(err.message.contains("has 5"), "{}", err.message);
    }

    #[test]
    fn palette_index_out_of_range_is_explained() {
        let text = valid_text().replace("ok = { fg = \"black\" }", "ok = { fg = \"256\" }");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "ok = ")));
        assert!(err.message.contains("0 to 255"), "{}", err.message);
    }

    #[test]
    fn unknown_slot_is_located_and_lists_valid_slots() {
        let text = valid_text().replace("clock_red = ", "clok_red = ");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "clok_red")));
        assert_eq!(err.column, Some(1));
        assert!(err.message.contains("`clok_red`"), "{}", err.message);
        assert!(
            err.message.contains("did you mean `clock_red`"),
            "{}",
            err.message
        );
        for slot in SLOTS {
            assert!(err.hint.contains(slot), "hint lacks {slot}: {}", err.hint);
        }
    }

    #[test]
    fn missing_slots_are_named() {
        let text: String = valid_text()
            .lines()
            .filter(|l| !l.starts_with("popup =") && !l.starts_with("overrun ="))
            .map(|l| format!("{l}\n"))
            .collect();
        let err = parse("t.toml", &text).unwrap_err();
        assert!(err.message.contains("overrun, popup"), "{}", err.message);
        assert!(
            err.message.starts_with("missing style slots"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(line_of(&text, "[styles]")));
        assert!(err.hint.contains("overrun = {"), "{}", err.hint);
    }

    #[test]
    fn unknown_style_field_is_located() {
        let text = valid_text().replace(
            "muted = { fg = \"black\" }",
            "muted = { fg = \"black\", underline = true }",
        );
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "muted = ")));
        assert!(err.message.contains("underline"), "{}", err.message);
        assert!(err.hint.contains("underlined"), "{}", err.hint);
    }

    #[test]
    fn unknown_top_level_field_and_missing_name_are_reported() {
        let text = format!("colour = \"red\"\n{}", valid_text());
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("colour"), "{}", err.message);

        let text = valid_text().replace("name = \"t\"\n", "");
        let err = parse("t.toml", &text).unwrap_err();
        assert!(err.message.contains("name"), "{}", err.message);

        let text = valid_text().replace("name = \"t\"", "name = \"  \"");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn wrong_type_gets_a_theme_hint() {
        let text = valid_text().replace("text = { fg = \"black\" }", "text = { bold = \"yes\" }");
        let err = parse("t.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "text = ")));
        assert!(err.hint.contains("true or false"), "{}", err.hint);
    }

    #[test]
    fn load_path_reports_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.toml");
        let text = valid_text().replace("card = { fg = \"black\" }", "card = { fg = \"bleu\" }");
        std::fs::write(&path, &text).unwrap();
        let err = load_path(&path).unwrap_err();
        assert_eq!(err.file, path.display().to_string());
        assert_eq!(err.line, Some(line_of(&text, "card = ")));

        let err = load_path(&dir.path().join("absent.toml")).unwrap_err();
        assert!(err.message.contains("cannot read"), "{}", err.message);
    }

    #[test]
    fn resolve_finds_builtin_config_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let themes = dir.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        let mine = valid_text().replace("name = \"t\"", "name = \"mine\"");
        std::fs::write(themes.join("mine.toml"), &mine).unwrap();

        assert_eq!(resolve("mono", Some(dir.path())).unwrap().name, "mono");
        assert_eq!(resolve("mine", Some(dir.path())).unwrap().name, "mine");
        let by_path = themes.join("mine.toml");
        assert_eq!(
            resolve(by_path.to_str().unwrap(), None).unwrap().name,
            "mine"
        );
        assert_eq!(user_theme_names(dir.path()), ["mine"]);

        let err = resolve("projektor-dark", Some(dir.path())).unwrap_err();
        assert!(
            err.message.contains("did you mean `projector-dark`"),
            "{}",
            err.message
        );
        for name in [
            "projector-light",
            "projector-dark",
            "high-contrast",
            "mono",
            "mine",
        ] {
            assert!(err.hint.contains(name), "{}", err.hint);
        }
        let err = resolve("nowhere/x.toml", None).unwrap_err();
        assert!(err.message.contains("cannot read"), "{}", err.message);
    }

    #[test]
    fn contrast_ratio_matches_wcag_reference_values() {
        let white = Color::Rgb(255, 255, 255);
        let black = Color::Rgb(0, 0, 0);
        assert!((contrast_ratio(white, black).unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(Color::White, Color::Black).unwrap() - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1 AA boundary.
        let ratio = contrast_ratio(Color::Rgb(0x76, 0x76, 0x76), white).unwrap();
        assert!((ratio - 4.54).abs() < 0.01, "{ratio}");
        assert_eq!(contrast_ratio(Color::Reset, white), None);
        assert_eq!(color_rgb(Color::Indexed(16)), Some((0, 0, 0)));
        assert_eq!(color_rgb(Color::Indexed(231)), Some((255, 255, 255)));
        assert_eq!(color_rgb(Color::Indexed(196)), Some((255, 0, 0)));
        assert_eq!(color_rgb(Color::Indexed(232)), Some((8, 8, 8)));
        assert_eq!(color_rgb(Color::Indexed(255)), Some((238, 238, 238)));
        assert_eq!(color_rgb(Color::Indexed(9)), color_rgb(Color::LightRed));
    }

    fn modifiers() -> impl Strategy<Value = Modifier> {
        (0u16..32).prop_map(|bits| {
            let all = [
                Modifier::BOLD,
                Modifier::DIM,
                Modifier::ITALIC,
                Modifier::UNDERLINED,
                Modifier::REVERSED,
            ];
            all.iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .fold(Modifier::empty(), |acc, (_, m)| acc | *m)
        })
    }

    proptest! {
        /// Whatever modifiers a user theme uses, NO_COLOR keeps the states apart.
        #[test]
        fn without_color_always_keeps_states_apart(
            mods in proptest::collection::vec(modifiers(), SLOTS.len()),
            rgb in any::<(u8, u8, u8)>(),
        ) {
            let mut t = Theme::blank("p", "", "");
            for (slot, m) in SLOTS.iter().zip(mods) {
                *t.style_mut(slot).unwrap() =
                    Style::new().fg(Color::Rgb(rgb.0, rgb.1, rgb.2)).bg(Color::Black).add_modifier(m);
            }
            let m = t.without_color();
            for (_, s) in m.slots() {
                prop_assert_eq!((s.fg, s.bg), (None, None));
            }
            prop_assert_ne!(m.selection.add_modifier, m.text.add_modifier);
            prop_assert_ne!(m.phase_current.add_modifier, m.phase_done.add_modifier);
            prop_assert_ne!(m.phase_current.add_modifier, m.phase_upcoming.add_modifier);
            prop_assert_ne!(m.clock_amber.add_modifier, m.clock.add_modifier);
            prop_assert_ne!(m.clock_red.add_modifier, m.clock.add_modifier);
            prop_assert_ne!(m.clock_red.add_modifier, m.clock_amber.add_modifier);
            prop_assert_ne!(m.warning.add_modifier, m.text.add_modifier);
            prop_assert_ne!(m.error.add_modifier, m.warning.add_modifier);
            prop_assert_ne!(m.card_selected.add_modifier, m.card.add_modifier);
            prop_assert_ne!(m.key_hint.add_modifier, m.key_label.add_modifier);
        }
    }
}
