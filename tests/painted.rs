//! What the room sees, checked on the painted screen rather than in the theme files: every
//! state of the clock, in every theme and under NO_COLOR, on a dark and on a light terminal, at
//! every screen size, on the note-taker's screen and on the projector view. Each cell of the big
//! clock and of the strip's current phase is resolved to the colours the terminal shows
//! (the terminal's own colours where a cell has none, swapped where it is reversed) and the
//! digits must keep 4.5:1 against their panel.

use caseconf::agenda::{FakeClock, RunState};
use caseconf::app::{Action, App, Settings};
use caseconf::config;
use caseconf::config::theme::{self, Theme, contrast_ratio};
use caseconf::i18n::Lang;
use caseconf::store::{self, conferences};
use caseconf::ui;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::collections::BTreeMap;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    NotStarted,
    Running,
    Paused,
    Amber,
    Over,
    MeetingOver,
    Finished,
}

const STATES: [State; 7] = [
    State::NotStarted,
    State::Running,
    State::Paused,
    State::Amber,
    State::Over,
    State::MeetingOver,
    State::Finished,
];

const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (160, 45), (240, 67)];

/// A terminal's own colours: (foreground, background).
const DARK: (Color, Color) = (Color::Rgb(229, 229, 229), Color::Rgb(0, 0, 0));
const LIGHT: (Color, Color) = (Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255));

fn app_in(state: State, theme: Theme, no_color: bool, present: bool) -> App {
    let conn = store::open_memory().unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "第3回 多機関事例検討会（熊谷保健所・精神保健福祉）".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: "熊谷保健所".into(),
        facilitator: "保健師".into(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    let clock = Arc::new(FakeClock::new(t0()));
    let settings = Settings {
        lang: Lang::Ja,
        theme,
        no_color,
        tz: FixedOffset::east_opt(9 * 3600).unwrap(),
        config_dir: None,
    };
    let mut app = App::new(conn, clock.clone(), settings).unwrap();
    app.open_conference(id).unwrap();
    let run = |minutes: i64, app: &mut App| {
        clock.advance(TimeDelta::minutes(minutes));
        app.update(Action::Tick);
    };
    if state != State::NotStarted {
        app.update(Action::StartPause);
    }
    match state {
        State::NotStarted => {}
        State::Running => run(1, &mut app),
        State::Paused => {
            run(1, &mut app);
            app.update(Action::StartPause);
        }
        // The first phase is 5 minutes: 4 is 80%.
        State::Amber => run(4, &mut app),
        State::Over => run(7, &mut app),
        // Past the whole agenda's 120 minutes.
        State::MeetingOver => run(125, &mut app),
        State::Finished => {
            run(2, &mut app);
            // Eight phase changes, and the plan read back (F8 again confirms) on leaving まとめ
            // and on finishing.
            for _ in 0..12 {
                app.update(Action::NextPhase);
            }
        }
    }
    let view = &app.meeting().unwrap().view;
    let expect = match state {
        State::NotStarted => RunState::NotStarted,
        State::Paused => RunState::Paused,
        State::Finished => RunState::Finished,
        _ => RunState::Running,
    };
    assert_eq!(view.state, expect, "{state:?}");
    app.present = present;
    app.read_only = present;
    app
}

fn render(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The colours a cell shows: (text, background).
fn shown(buf: &Buffer, x: u16, y: u16, terminal: (Color, Color)) -> (Color, Color) {
    let c = &buf[(x, y)];
    let fg = if c.fg == Color::Reset {
        terminal.0
    } else {
        c.fg
    };
    let bg = if c.bg == Color::Reset {
        terminal.1
    } else {
        c.bg
    };
    if c.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

fn ratio(a: Color, b: Color) -> f64 {
    contrast_ratio(a, b).unwrap()
}

/// Checks the clock at `r`: its blank cells show exactly two colours (panel and digits) at
/// 4.5:1 or more, enough of each; its text reads at 4.5:1. Returns the digits' colour count
/// per column 0 (to check a frame) and all blank colours.
fn check_clock(
    buf: &Buffer,
    r: Rect,
    terminal: (Color, Color),
    what: &str,
) -> BTreeMap<String, usize> {
    let mut blanks: BTreeMap<String, usize> = BTreeMap::new();
    let mut colours: Vec<Color> = Vec::new();
    for y in r.top()..r.bottom() {
        let mut hidden = 0;
        for x in r.left()..r.right() {
            let cell = &buf[(x, y)];
            // The column a wide character covers is drawn by that character.
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            hidden = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            assert!(
                !cell.modifier.contains(Modifier::DIM),
                "{what}: dim clock cell"
            );
            let (fg, bg) = shown(buf, x, y, terminal);
            if cell.symbol() == " " {
                *blanks.entry(format!("{bg:?}")).or_default() += 1;
                if !colours.contains(&bg) {
                    colours.push(bg);
                }
            } else if !cell.symbol().is_empty() {
                let k = ratio(fg, bg);
                assert!(
                    k >= 4.5,
                    "{what}: clock text {:?} at {x},{y} {k:.2}:1",
                    cell.symbol()
                );
            }
        }
    }
    assert_eq!(colours.len(), 2, "{what}: the clock shows {blanks:?}");
    let k = ratio(colours[0], colours[1]);
    assert!(
        k >= 4.5,
        "{what}: digits against their panel {k:.2}:1 ({blanks:?})"
    );
    assert!(blanks.values().all(|n| *n >= 20), "{what}: {blanks:?}");
    blanks
}

fn variants() -> Vec<(String, Theme, bool, (Color, Color))> {
    let mut out = Vec::new();
    for name in theme::builtin_names() {
        for (tname, term) in [("dark", DARK), ("light", LIGHT)] {
            out.push((
                format!("{name}/{tname}"),
                theme::builtin(name).unwrap(),
                false,
                term,
            ));
        }
    }
    for (tname, term) in [("dark", DARK), ("light", LIGHT)] {
        let t = theme::default_theme().without_color();
        out.push((format!("NO_COLOR/{tname}"), t, true, term));
    }
    out
}

#[test]
fn the_clock_and_the_current_phase_read_in_every_state_theme_and_size() {
    let mut checked = 0;
    for (variant, theme, no_color, terminal) in variants() {
        for state in STATES {
            for present in [false, true] {
                let app = app_in(state, theme.clone(), no_color, present);
                for (w, h) in SIZES {
                    let what = format!(
                        "{variant} {state:?} {w}x{h} {}",
                        if present { "present" } else { "meeting" }
                    );
                    let buf = render(&app, w, h);
                    let area = Rect::new(0, 0, w, h);
                    let clock = ui::clock_rect(&app, area)
                        .unwrap_or_else(|| panic!("{what}: no big clock"));
                    let blanks = check_clock(&buf, clock, terminal, &what);
                    // The warning is a shape too: amber and over time are framed (the
                    // clock's outer columns are all lit, in the colour of the digits).
                    // Framed: the two outer columns are lit on every row, the next one is
                    // the panel somewhere.
                    let col = |dx: u16, y: u16| shown(&buf, clock.x + dx, y, terminal).1;
                    let rows = clock.top()..clock.bottom();
                    let framed = rows.clone().all(|y| col(0, y) == col(1, y))
                        && rows.clone().any(|y| col(2, y) != col(0, y));
                    let warning = matches!(state, State::Amber | State::Over | State::MeetingOver);
                    assert_eq!(framed, warning, "{what}: frame {blanks:?}");
                    if no_color || theme.name == "mono" {
                        assert!(blanks.len() == 2, "{what}");
                    }

                    let cur = ui::strip_current_rect(&app, area)
                        .unwrap_or_else(|| panic!("{what}: no current phase"));
                    let mut letters = 0;
                    for y in cur.top()..cur.bottom() {
                        for x in cur.left()..cur.right() {
                            let sym = buf[(x, y)].symbol();
                            if sym.trim().is_empty() {
                                continue;
                            }
                            letters += 1;
                            let (fg, bg) = shown(&buf, x, y, terminal);
                            let k = ratio(fg, bg);
                            assert!(k >= 4.5, "{what}: strip {sym:?} at {x},{y} {k:.2}:1");
                        }
                    }
                    assert!(letters > 0, "{what}: the current phase has no name");
                    checked += 1;
                }
            }
        }
    }
    // 10 variants x 7 states x 2 screens x 4 sizes.
    assert_eq!(checked, 560);
}

/// The states differ in shape, not only in colour: under NO_COLOR each state's clock panel
/// differs from the running one.
#[test]
fn states_differ_without_colour() {
    let theme = theme::default_theme().without_color();
    let picture = |state: State| {
        let app = app_in(state, theme.clone(), true, false);
        let buf = render(&app, 160, 45);
        let r = ui::clock_rect(&app, Rect::new(0, 0, 160, 45)).unwrap();
        let mut s = String::new();
        for y in r.top()..r.bottom() {
            for x in r.left()..r.right() {
                let lit = buf[(x, y)].modifier.contains(Modifier::REVERSED);
                s.push(if lit { '#' } else { '.' });
            }
            s.push('\n');
        }
        s
    };
    let running = picture(State::Running);
    let paused = picture(State::Paused);
    let over = picture(State::Over);
    assert_ne!(running, paused);
    assert_ne!(running, over);
    // Over time: the panel is filled (reversed) with the digits cut out of it.
    assert!(
        over.matches('#').count() > over.matches('.').count(),
        "{over}"
    );
}
