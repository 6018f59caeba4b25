//! The meeting screen rendered through ratatui's TestBackend, driven by a fake clock:
//! snapshots of every phase in both languages at 80×24 and 160×45, the warning states, the
//! overlays, and a headless walk through a whole meeting that checks the stored clock events.

use caseconf::agenda::{ClockEventKind, FakeClock, RunState, Warning};
use caseconf::app::{Action, App, Screen, Settings};
use caseconf::config;
use caseconf::config::theme;
use caseconf::i18n::Lang;
use caseconf::store::{self, conferences};
use caseconf::ui;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    // 13:30 in Japan.
    Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap()
}

fn settings(lang: Lang) -> Settings {
    Settings {
        lang,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).unwrap(),
        config_dir: None,
    }
}

/// An app on a fresh in-memory database with one conference, opened.
fn meeting_app(lang: Lang) -> (App, Arc<FakeClock>) {
    let conn = store::open_memory().unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "第3回 多機関事例検討会".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: "熊谷保健所".into(),
        facilitator: "保健師".into(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    let clock = Arc::new(FakeClock::new(t0()));
    let mut app = App::new(conn, clock.clone(), settings(lang)).unwrap();
    app.open_conference(id).unwrap();
    (app, clock)
}

fn render(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer as text, one line per row; the big clock's lit cells shown as '#'.
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            if sym == " " && cell.modifier.contains(ratatui::style::Modifier::REVERSED) {
                out.push('#');
            } else {
                out.push_str(sym);
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
        }
        out.push('\n');
    }
    out
}

fn snap(name: &str, app: &App, w: u16, h: u16) {
    let buf = render(app, w, h);
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
}

fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

#[test]
fn every_phase_in_both_languages_and_sizes() {
    for lang in [Lang::Ja, Lang::En] {
        let (mut app, clock) = meeting_app(lang);
        snap(&format!("not_started_{}", lang_name(lang)), &app, 80, 24);
        app.update(Action::StartPause);
        for phase in 0..9 {
            if phase > 0 {
                app.update(Action::NextPhase);
                if phase == 7 {
                    // Leaving まとめ reads the plan back; the facilitator confirms.
                    assert!(matches!(
                        app.overlay,
                        caseconf::app::Overlay::ReadBack { .. }
                    ));
                    app.update(Action::ConfirmReadBack);
                }
            }
            // Two minutes into each phase.
            clock.advance(TimeDelta::minutes(2));
            app.update(Action::Tick);
            for (w, h) in [(80, 24), (160, 45)] {
                snap(
                    &format!("phase{}_{}", phase + 1, lang_name(lang)),
                    &app,
                    w,
                    h,
                );
            }
        }
    }
}

#[test]
fn amber_red_and_overrun_states() {
    for lang in [Lang::Ja, Lang::En] {
        let (mut app, clock) = meeting_app(lang);
        app.update(Action::StartPause);
        // Phase 1 is 5 minutes: 4 minutes is 80% (amber).
        clock.advance(TimeDelta::minutes(4));
        app.update(Action::Tick);
        let theme = app.theme().clone();
        let m = app.meeting().unwrap();
        assert_eq!(m.view.phases[0].warning, Warning::Amber);
        for (w, h) in [(80, 24), (160, 45)] {
            snap(&format!("amber_{}", lang_name(lang)), &app, w, h);
            assert!(
                clock_cells_have(&render(&app, w, h), theme.clock_amber),
                "amber clock at {w}x{h}"
            );
        }
        // 5 minutes: red, the time is used up (+00:00, over).
        clock.advance(TimeDelta::minutes(1));
        app.update(Action::Tick);
        assert_eq!(app.meeting().unwrap().view.phases[0].warning, Warning::Red);
        for (w, h) in [(80, 24), (160, 45)] {
            snap(&format!("red_{}", lang_name(lang)), &app, w, h);
            assert!(clock_cells_have(&render(&app, w, h), theme.clock_red));
        }
        // 7 minutes 30 seconds: 2:30 over, the meeting is behind, a re-plan is offered.
        clock.advance(TimeDelta::seconds(150));
        app.update(Action::Tick);
        let m = app.meeting().unwrap();
        assert_eq!(m.view.phases[0].overrun_ms, 150_000);
        assert!(!m.replan.is_empty());
        for (w, h) in [(80, 24), (160, 45)] {
            let buf = render(&app, w, h);
            let shown = text(&buf);
            assert!(
                shown.contains(if lang == Lang::Ja {
                    "遅れ +3分"
                } else {
                    "behind +3min"
                }) || shown.contains("+3"),
                "{shown}"
            );
            snap(&format!("overrun_{}", lang_name(lang)), &app, w, h);
        }
        // Accepting the re-plan brings the projected end back to plan.
        app.update(Action::AcceptReplan);
        let m = app.meeting().unwrap();
        assert!(
            m.view.behind_ms <= 0,
            "behind {} ms after re-plan",
            m.view.behind_ms
        );
        assert!(m.replan.is_empty());
        snap(&format!("replanned_{}", lang_name(lang)), &app, 80, 24);
    }
}

/// Whether any reversed (big clock) cell carries the colour of `style`.
fn clock_cells_have(buf: &Buffer, style: ratatui::style::Style) -> bool {
    buf.content.iter().any(|c| {
        c.modifier.contains(ratatui::style::Modifier::REVERSED)
            && style.fg.is_none_or(|fg| c.fg == fg)
    })
}

#[test]
fn paused_finished_help_jump_and_picker() {
    let (mut app, clock) = meeting_app(Lang::Ja);
    app.update(Action::StartPause);
    clock.advance(TimeDelta::seconds(95));
    app.update(Action::StartPause);
    clock.advance(TimeDelta::minutes(10));
    app.update(Action::Tick);
    assert_eq!(app.meeting().unwrap().view.state, RunState::Paused);
    snap("paused_ja", &app, 80, 24);
    app.update(Action::ToggleHelp);
    snap("help_ja", &app, 80, 24);
    snap("help_ja", &app, 160, 45);
    app.update(Action::ToggleHelp);
    app.update(Action::OpenJump);
    app.update(Action::JumpMove(3));
    snap("jump_ja", &app, 80, 24);
    app.update(Action::ConfirmJump);
    assert_eq!(app.meeting().unwrap().view.current, 3);
    app.update(Action::JumpTo(8));
    app.update(Action::StartPause);
    app.update(Action::NextPhase);
    assert_eq!(
        app.meeting().unwrap().view.state,
        RunState::Running,
        "the first F8 on the last phase only reads the plan back"
    );
    assert!(matches!(
        app.overlay,
        caseconf::app::Overlay::ReadBack { .. }
    ));
    snap("confirm_finish_ja", &app, 80, 24);
    app.update(Action::NextPhase);
    assert_eq!(app.meeting().unwrap().view.state, RunState::Finished);
    snap("finished_ja", &app, 80, 24);
    app.lang = Lang::En;
    snap("finished_en", &app, 160, 45);
}

#[test]
fn picker_and_new_conference_dialog() {
    let conn = store::open_memory().unwrap();
    let clock = Arc::new(FakeClock::new(t0()));
    let mut app = App::new(conn, clock, settings(Lang::Ja)).unwrap();
    // An empty database opens the dialog at once.
    assert!(app.text_has_focus());
    snap("new_dialog_ja", &app, 80, 24);
    for c in "B氏".chars() {
        app.update(Action::DialogKey(key(c)));
    }
    app.update(Action::DialogField(1));
    app.update(Action::DialogPaste("第1回\n事例検討会\u{1b}[31m".into()));
    app.update(Action::DialogField(3));
    app.update(Action::DialogField(1));
    app.update(Action::DialogAgenda(1));
    snap("new_dialog_filled_ja", &app, 80, 24);
    app.update(Action::DialogSubmit);
    let Screen::Meeting(m) = &app.screen else {
        panic!("the new conference opens")
    };
    assert_eq!(m.conf().case_label, "B氏");
    assert_eq!(
        m.conf().title,
        "第1回 事例検討会[31m",
        "newlines and escape characters are removed from a paste"
    );
    assert_eq!(m.conf().agenda_id, "standard-90");
    assert_eq!(m.conf().date, "2026-11-21");

    // The picker lists it.
    let conn = store::open_memory().unwrap();
    for (label, title) in [("A氏", "第1回"), ("A氏", "第2回"), ("C氏", "初回")] {
        let new = store::NewConference {
            case_label: label.into(),
            title: title.into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        };
        conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    }
    let mut app = App::new(conn, Arc::new(FakeClock::new(t0())), settings(Lang::En)).unwrap();
    assert!(!app.text_has_focus());
    app.update(Action::PickerMove(1));
    snap("picker_en", &app, 80, 24);
    app.update(Action::PickerOpen);
    assert_eq!(app.meeting().unwrap().conf().title, "第2回");
}

#[test]
fn dialog_refuses_missing_fields() {
    let conn = store::open_memory().unwrap();
    let mut app = App::new(conn, Arc::new(FakeClock::new(t0())), settings(Lang::En)).unwrap();
    app.update(Action::DialogSubmit);
    assert!(app.text_has_focus(), "still in the dialog");
    let shown = text(&render(&app, 80, 24));
    assert!(shown.contains("Enter a pseudonymous case label"), "{shown}");
}

fn key(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

#[test]
fn tiny_terminals_show_a_message_and_never_panic() {
    let (app, _) = meeting_app(Lang::Ja);
    for w in 1..=45 {
        for h in 1..=12 {
            render(&app, w, h);
        }
    }
    let shown = text(&render(&app, 30, 8));
    assert!(shown.contains("画面が小さすぎます"), "{shown}");
    snap(
        "too_small_en",
        &{
            let (mut a, _) = meeting_app(Lang::En);
            a.lang = Lang::En;
            a
        },
        30,
        8,
    );
    // Every size from small to very large lays out.
    for (w, h) in [(40, 10), (60, 16), (100, 30), (240, 67)] {
        let shown = text(&render(&app, w, h));
        assert!(shown.contains("開会"), "{w}x{h}\n{shown}");
    }
}

#[test]
fn themes_switch_live_and_no_color_has_no_colours() {
    let (mut app, _) = meeting_app(Lang::Ja);
    let first = app.theme().name.clone();
    let mut seen = vec![first.clone()];
    for _ in 0..4 {
        app.update(Action::CycleTheme);
        seen.push(app.theme().name.clone());
    }
    assert_eq!(
        seen.first(),
        seen.last(),
        "four themes cycle back: {seen:?}"
    );
    assert_eq!(seen.len(), 5);
    let mut s = settings(Lang::Ja);
    s.theme = s.theme.without_color();
    s.no_color = true;
    let conn = store::open_memory().unwrap();
    let mut app = App::new(conn, Arc::new(FakeClock::new(t0())), s).unwrap();
    app.update(Action::CycleTheme);
    let buf = render(&app, 80, 24);
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "NO_COLOR: no colour anywhere"
    );
}

#[test]
fn a_whole_meeting_stores_its_clock_events() {
    let (mut app, clock) = meeting_app(Lang::Ja);
    let id = app.meeting().unwrap().conf().id;
    let minute = TimeDelta::minutes(1);
    // Refused before the start: nothing is stored.
    app.update(Action::NextPhase);
    app.update(Action::StartPause); // start 13:30
    clock.advance(minute * 5);
    app.update(Action::NextPhase); // -> 2
    clock.advance(minute * 3);
    app.update(Action::StartPause); // pause
    clock.advance(minute * 10);
    app.update(Action::StartPause); // resume
    clock.advance(minute * 2);
    app.update(Action::NextPhase); // -> 3
    app.update(Action::Adjust(2)); // lecture 22
    clock.advance(minute * 22);
    app.update(Action::NextPhase); // -> 4
    clock.advance(minute * 20);
    app.update(Action::NextPhase); // -> 5
    app.update(Action::Adjust(1));
    app.update(Action::Adjust(1)); // assessment 27
    clock.advance(minute * 30); // 3 over
    app.update(Action::NextPhase); // -> 6
    app.update(Action::Adjust(-1)); // themes 19
    clock.advance(minute * 19);
    app.update(Action::PrevPhase); // back to 5 for a minute
    clock.advance(minute);
    app.update(Action::JumpTo(6)); // -> 7
    clock.advance(minute * 5);
    app.update(Action::NextPhase); // reads the plan back
    app.update(Action::ConfirmReadBack); // -> 8
    clock.advance(minute * 15);
    app.update(Action::NextPhase); // -> 9
    clock.advance(minute * 5);
    app.update(Action::NextPhase); // reads the plan back
    app.update(Action::NextPhase); // F8 again confirms: finishes

    let m = app.meeting().unwrap();
    assert_eq!(m.view.state, RunState::Finished);
    assert_eq!(m.conf().status.key(), "finished");
    // Running time: 5+5+22+20+30+19+1+5+15+5 = 127 minutes; the 10-minute pause is excluded.
    assert_eq!(m.view.elapsed_ms, 127 * 60_000);
    assert_eq!(m.view.phases[4].elapsed_ms, 31 * 60_000);
    assert_eq!(m.view.phases[4].planned_ms, 27 * 60_000);

    let stored: Vec<ClockEventKind> = conferences::clock_events(&app.conn(), id)
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    use ClockEventKind::*;
    assert_eq!(
        stored,
        vec![
            Start,
            Next,
            Pause,
            Resume,
            Next,
            Adjust {
                phase: 2,
                minutes: 2
            },
            Next,
            Next,
            Adjust {
                phase: 4,
                minutes: 1
            },
            Adjust {
                phase: 4,
                minutes: 1
            },
            Next,
            Adjust {
                phase: 5,
                minutes: -1
            },
            Previous,
            Jump { phase: 6 },
            Next,
            Next,
            Finish,
        ]
    );
    let events = conferences::clock_events(&app.conn(), id).unwrap();
    assert_eq!(events[0].at, t0());
    assert_eq!(events[2].at, t0() + minute * 8);
    assert_eq!(events.last().unwrap().at, t0() + minute * 137);
    assert_eq!(
        conferences::get(&app.conn(), id).unwrap().status.key(),
        "finished"
    );
}

#[test]
fn reopening_restores_phase_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let conn = store::open(&path).unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "再開テスト".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: String::new(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    let clock = Arc::new(FakeClock::new(t0()));
    let mut app = App::new(conn, clock.clone(), settings(Lang::Ja)).unwrap();
    app.open_conference(id).unwrap();
    app.update(Action::StartPause);
    clock.advance(TimeDelta::minutes(6));
    app.update(Action::NextPhase);
    clock.advance(TimeDelta::seconds(70));
    app.update(Action::StartPause); // paused with 5:00 - 1:10 = 3:50 left
    let before = app.meeting().unwrap().view.clone();
    drop(app);
    // An hour later, another process opens it.
    clock.advance(TimeDelta::hours(1));
    let mut again = App::new(
        store::open(&path).unwrap(),
        clock.clone(),
        settings(Lang::Ja),
    )
    .unwrap();
    again.open_conference(id).unwrap();
    let after = &again.meeting().unwrap().view;
    assert_eq!(after.current, 1);
    assert_eq!(after.state, RunState::Paused);
    assert_eq!(after.phases[1].remaining_ms, before.phases[1].remaining_ms);
    assert_eq!(after.phases[1].remaining_ms, 230_000);
    assert_eq!(after.elapsed_ms, before.elapsed_ms);
    let shown = text(&render(&again, 80, 24));
    assert!(shown.contains("一時停止中"), "{shown}");
}

#[test]
fn idle_ticks_change_nothing_between_seconds() {
    let (mut app, clock) = meeting_app(Lang::Ja);
    app.update(Action::StartPause);
    clock.advance(TimeDelta::milliseconds(200));
    app.update(Action::Tick);
    let shown = text(&render(&app, 160, 45));
    assert_eq!(app.ms_to_next_change(), 800);
    clock.advance(TimeDelta::milliseconds(500));
    app.update(Action::Tick);
    assert_eq!(
        text(&render(&app, 160, 45)),
        shown,
        "nothing changes within the same second"
    );
    clock.advance(TimeDelta::milliseconds(300));
    app.update(Action::Tick);
    assert_ne!(text(&render(&app, 160, 45)), shown, "a new second shows");
    // Paused and before the start, nothing ticks faster than the header's minute.
    let (idle, _) = meeting_app(Lang::Ja);
    assert_eq!(idle.ms_to_next_change(), 60_000);
}

/// The screen is the same wherever in a second it is drawn, the very millisecond the second
/// turns included: the loop wakes on that turn, sometimes within the millisecond and
/// sometimes after it, and the big clock must not skip or repeat a second for that. Over the
/// phase's time too.
#[test]
fn a_second_shows_the_same_from_its_first_millisecond_to_its_last() {
    let (mut app, clock) = meeting_app(Lang::Ja);
    app.update(Action::StartPause);
    let mut at = 0;
    let mut last = String::new();
    for second in [0i64, 1, 59, 247, 299, 300, 301, 365] {
        let mut shown = Vec::new();
        for ms in [0, 1, 500, 999] {
            let to = second * 1000 + ms;
            clock.advance(TimeDelta::milliseconds(to - at));
            at = to;
            app.update(Action::Tick);
            shown.push(text(&render(&app, 160, 45)));
        }
        assert!(
            shown.iter().all(|s| *s == shown[0]),
            "second {second}: the screen changed within the second"
        );
        assert_ne!(shown[0], last, "second {second} looks like the one before");
        last = shown[0].clone();
    }
}

/// No double-width character is followed by something drawn over its right half: ratatui's
/// diff never sends the cell after an unchanged wide character, so an overlay's border there
/// would vanish on a real terminal.
fn assert_well_formed(buf: &Buffer, what: &str) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width.saturating_sub(1) {
            let wide = unicode_width::UnicodeWidthStr::width(buf[(x, y)].symbol()) == 2;
            let next = buf[(x + 1, y)].symbol();
            assert!(
                !wide || next.trim().is_empty(),
                "{what}: {:?} at {x},{y} has {next:?} over its right half",
                buf[(x, y)].symbol()
            );
        }
    }
}

#[test]
fn overlay_borders_stay_whole_over_japanese_text() {
    let (mut app, _) = meeting_app(Lang::Ja);
    app.update(Action::StartPause);
    for phase in 0..9 {
        if phase > 0 {
            app.update(Action::CloseOverlay);
            app.update(Action::NextPhase);
        }
        for (w, h) in [
            (80, 24),
            (81, 24),
            (83, 25),
            (100, 30),
            (160, 45),
            (161, 45),
        ] {
            for action in [
                Action::OpenBoards,
                Action::OpenJump,
                Action::OpenExport,
                Action::ToggleHelp,
            ] {
                app.update(Action::CloseOverlay);
                app.update(action.clone());
                let buf = render(&app, w, h);
                assert_well_formed(&buf, &format!("{action:?} {w}x{h}"));
                // The border's left edge is drawn: a vertical line somewhere in every row of
                // the overlay's middle.
                let mid = h / 2;
                let row: String = (0..w).map(|x| buf[(x, mid)].symbol().to_string()).collect();
                assert!(row.contains('│'), "{action:?} {w}x{h}: {row}");
            }
        }
    }
}

/// At 80x24 (a projector with a large font) nothing the room needs is cut: the date and the
/// case on the header (a long title gives way), every phase's full title, the time left and
/// the footer's F1; the current phase's name in the strip is whole.
#[test]
fn nothing_essential_is_cut_at_80x24() {
    for lang in [Lang::Ja, Lang::En] {
        let conn = store::open_memory().unwrap();
        let new = store::NewConference {
            case_label: "A氏".into(),
            title: "第12回 熊谷保健所 精神保健福祉 多機関事例検討会（地域移行・地域定着支援）"
                .into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: "熊谷保健所".into(),
            facilitator: "保健師".into(),
            purpose: String::new(),
            lang: "ja".into(),
        };
        let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
        let clock = Arc::new(FakeClock::new(t0()));
        let mut app = App::new(conn, clock.clone(), settings(lang)).unwrap();
        app.open_conference(id).unwrap();
        app.update(Action::StartPause);
        for phase in 0..9 {
            if phase > 0 {
                app.update(Action::NextPhase);
                // Leaving まとめ reads the plan back first; the facilitator confirms.
                if matches!(app.overlay, caseconf::app::Overlay::ReadBack { .. }) {
                    app.update(Action::ConfirmReadBack);
                }
            }
            clock.advance(TimeDelta::minutes(1));
            app.update(Action::Tick);
            let shown = text(&render(&app, 80, 24));
            let rows: Vec<&str> = shown.lines().collect();
            assert!(
                rows[0].contains("2026-11-21") && rows[0].contains("A氏"),
                "{}",
                rows[0]
            );
            let m = app.meeting().unwrap();
            let p = &m.phases[phase];
            let title = lang.pick(&p.title_ja, &p.title_en);
            // The title may wrap over the phase area's lines (Japanese without spaces).
            let joined: String = rows[3..8].iter().map(|r| r.trim_end()).collect::<String>();
            let squeezed: String = joined.split_whitespace().collect();
            let want: String = title.split_whitespace().collect();
            assert!(squeezed.contains(&want), "{title}\n{shown}");
            assert!(
                rows[1].contains(&format!("{} {}", phase + 1, title)),
                "strip: {}",
                rows[1]
            );
            let left = if lang == Lang::Ja { "残り" } else { "left" };
            assert!(shown.contains(left), "{shown}");
            assert!(rows[23].starts_with("F1 "), "{}", rows[23]);
        }
    }
}
