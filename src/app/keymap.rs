//! The one key table: every key the program answers to, where it works, what it does, how it
//! is written and where it is shown. Key handling ([`action_for`]), the footer ([`footer`]), the
//! help overlay ([`help`]) and README's key list ([`readme_keys`]) all read this table, so a key
//! is written once and what is shown is what works.
//!
//! Commands use function keys or a modifier, so that once a text field has focus a single
//! printable key is always text. Only key presses count: a release or repeat report from
//! terminals with the kitty protocol must not fire a command twice.

use super::{App, Overlay, Screen};
use crate::agenda::RunState;
use crate::app::action::{Action, Caret};
use crate::i18n::{Lang, Msg, t};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// Every screen of the note-taker's program, overlays included.
    Global,
    /// The meeting screen with no overlay open.
    Meeting,
    /// The list of conferences.
    Picker,
    /// The new-conference dialog.
    Dialog,
    /// The help overlay.
    Help,
    /// The phase chooser (F2), the board chooser (Ctrl+B) and the export dialog (Ctrl+E).
    Lists,
    /// `caseconf present`: the room's screen.
    Present,
    /// The plan read back before leaving まとめ or finishing.
    ReadBack,
    /// The case over time (from the list of conferences).
    Case,
}

/// The heading a binding is listed under in the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Boards,
    Clock,
    Phases,
    View,
    Picker,
    Lists,
}

impl Group {
    const ORDER: [Group; 6] = [
        Group::Boards,
        Group::Clock,
        Group::Phases,
        Group::View,
        Group::Picker,
        Group::Lists,
    ];

    pub(crate) fn title(self) -> Msg {
        match self {
            Group::Boards => Msg::HelpBoards,
            Group::Clock => Msg::HelpClock,
            Group::Phases => Msg::HelpPhases,
            Group::View => Msg::HelpView,
            Group::Picker => Msg::HelpPicker,
            Group::Lists => Msg::HelpLists,
        }
    }
}

/// A key or a family of keys. Shift is ignored on characters and Shift+Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Plain(KeyCode),
    Ctrl(char),
    /// Ctrl with a key that is not a character (Ctrl+←).
    CtrlCode(KeyCode),
    Alt(KeyCode),
    Shift(KeyCode),
    /// Any digit `from..=to` without modifiers.
    Digits(char, char),
    /// Alt with a digit `from..=to`.
    AltDigits(char, char),
    /// Any letter `from..=to` without modifiers.
    Letters(char, char),
    /// Any printable character (typing).
    Text,
    /// Any key at all (a dialog's text field takes every key the table has not taken).
    Any,
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers;
        let plain_mods = |code: KeyCode| {
            let ignore_shift = matches!(code, KeyCode::Char(_) | KeyCode::BackTab);
            let m = if ignore_shift {
                mods - KeyModifiers::SHIFT
            } else {
                mods
            };
            m.is_empty()
        };
        let same = |a: KeyCode, b: KeyCode| match (a, b) {
            (KeyCode::Char(x), KeyCode::Char(y)) => x.eq_ignore_ascii_case(&y),
            _ => a == b,
        };
        let char_in =
            |from: char, to: char| matches!(ev.code, KeyCode::Char(c) if (from..=to).contains(&c));
        match self {
            Key::Plain(code) => same(code, ev.code) && plain_mods(ev.code),
            Key::Ctrl(c) => {
                same(KeyCode::Char(c), ev.code)
                    && (mods - KeyModifiers::SHIFT) == KeyModifiers::CONTROL
            }
            Key::Alt(code) => {
                same(code, ev.code) && (mods - KeyModifiers::SHIFT) == KeyModifiers::ALT
            }
            Key::CtrlCode(code) => same(code, ev.code) && mods == KeyModifiers::CONTROL,
            Key::Shift(code) => same(code, ev.code) && mods == KeyModifiers::SHIFT,
            Key::Any => true,
            Key::Digits(a, b) => char_in(a, b) && plain_mods(ev.code),
            Key::Letters(a, b) => {
                let lower = matches!(ev.code, KeyCode::Char(c) if (a..=b).contains(&c.to_ascii_lowercase()));
                lower && plain_mods(ev.code)
            }
            Key::AltDigits(a, b) => {
                char_in(a, b) && (mods - KeyModifiers::SHIFT) == KeyModifiers::ALT
            }
            Key::Text => {
                matches!(ev.code, KeyCode::Char(_))
                    && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
        }
    }

    /// How the key is written: `short` in the footer ("^B"), else in help and README ("Ctrl+B").
    pub(crate) fn label(self, lang: Lang, short: bool) -> String {
        let code = |c: KeyCode| -> String {
            match c {
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift+Tab".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
                _ => "?".into(),
            }
        };
        match self {
            Key::Plain(c) => code(c),
            Key::Ctrl(c) if short => format!("^{}", c.to_ascii_uppercase()),
            Key::Ctrl(c) => format!("Ctrl+{}", c.to_ascii_uppercase()),
            Key::CtrlCode(c) => format!("Ctrl+{}", code(c)),
            Key::Alt(c) => format!("Alt+{}", code(c)),
            Key::Shift(c) => format!("Shift+{}", code(c)),
            Key::Digits(a, b) => format!("{a}–{b}"),
            Key::AltDigits(a, b) => format!("Alt+{a}–{b}"),
            Key::Letters(a, b) => format!("{}–{}", a.to_ascii_uppercase(), b.to_ascii_uppercase()),
            Key::Text | Key::Any => t(lang, Msg::KeyText).to_string(),
        }
    }
}

type Act = fn(&App, &KeyEvent) -> Option<Action>;
type Label = fn(&App) -> Option<Msg>;

/// One line of the table.
pub(crate) struct Binding {
    pub(crate) ctx: Ctx,
    pub(crate) keys: &'static [Key],
    pub(crate) group: Group,
    /// What the key does, in the help.
    pub(crate) help: Msg,
    /// In the footer: a rank (lower first) and the label for now (`None`: not shown now).
    pub(crate) footer: Option<(u8, Label)>,
    /// The action for a key of this binding, or `None` to let a later binding have the key.
    pub(crate) act: Act,
}

impl Binding {
    /// The keys written short ("^B / F12") or in full.
    pub(crate) fn keys_written(&self, lang: Lang, short: bool) -> String {
        let sep = if short { "/" } else { " / " };
        self.keys
            .iter()
            .map(|k| k.label(lang, short))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

use Key::{Alt, AltDigits, Ctrl, CtrlCode, Digits, Letters, Plain, Shift, Text};

const fn b(
    ctx: Ctx,
    keys: &'static [Key],
    group: Group,
    help: Msg,
    footer: Option<(u8, Label)>,
    act: Act,
) -> Binding {
    Binding {
        ctx,
        keys,
        group,
        help,
        footer,
        act,
    }
}

/// The key that picks the `n`th entry (0-based) of a chooser list: 1 – 9, then A – I. The list
/// binding below reads keys by the same rule, and the board chooser labels its lines with it.
pub(crate) fn list_key(n: usize) -> Option<char> {
    match n {
        0..=8 => char::from_digit(n as u32 + 1, 10),
        9..=17 => Some(char::from(b'a' + (n - 9) as u8)),
        _ => None,
    }
}

fn digit(ev: &KeyEvent, from: char) -> Option<usize> {
    match ev.code {
        KeyCode::Char(c) if c.to_ascii_lowercase() >= from => {
            Some(c.to_ascii_lowercase() as usize - from as usize)
        }
        _ => None,
    }
}

fn meeting_state(app: &App) -> Option<RunState> {
    app.meeting().map(|m| m.view.state)
}

fn not_finished(app: &App) -> bool {
    meeting_state(app).is_some_and(|s| s != RunState::Finished)
}

fn text_focus(app: &App) -> bool {
    app.text_has_focus()
}

/// The table. Order matters twice: a key goes to the first binding of its context that takes
/// it, and the help lists bindings in this order.
pub(crate) static TABLE: &[Binding] = &[
    // Everywhere in the note-taker's program.
    b(
        Ctx::Global,
        &[Plain(KeyCode::F(1))],
        Group::View,
        Msg::HelpHelp,
        Some((0, |_| Some(Msg::KeyHelp))),
        |_, _| Some(Action::ToggleHelp),
    ),
    b(
        Ctx::Global,
        &[Ctrl('q')],
        Group::View,
        Msg::HelpQuit,
        Some((23, |_| Some(Msg::KeyQuit))),
        |_, _| Some(Action::Quit),
    ),
    b(
        Ctx::Global,
        &[Plain(KeyCode::F(4))],
        Group::View,
        Msg::HelpTheme,
        Some((34, |_| Some(Msg::KeyTheme))),
        |_, _| Some(Action::CycleTheme),
    ),
    b(
        Ctx::Global,
        &[Plain(KeyCode::F(6))],
        Group::View,
        Msg::HelpLang,
        Some((35, |_| Some(Msg::KeyLang))),
        |_, _| Some(Action::ToggleLang),
    ),
    // The meeting clock.
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(5))],
        Group::Clock,
        Msg::HelpStartPause,
        Some((10, |app| match meeting_state(app)? {
            RunState::NotStarted => Some(Msg::KeyStart),
            RunState::Running => Some(Msg::KeyPause),
            RunState::Paused => Some(Msg::KeyResume),
            RunState::Finished => None,
        })),
        |_, _| Some(Action::StartPause),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(3))],
        Group::Clock,
        Msg::HelpReplan,
        Some((12, |app| {
            app.meeting()
                .filter(|m| !m.replan.is_empty())
                .map(|_| Msg::KeyReplan)
        })),
        |_, _| Some(Action::AcceptReplan),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(9)), Alt(KeyCode::Char('-'))],
        Group::Clock,
        Msg::HelpShorten,
        Some((32, |app| not_finished(app).then_some(Msg::KeyShorten))),
        |_, _| Some(Action::Adjust(-1)),
    ),
    b(
        Ctx::Meeting,
        &[
            Plain(KeyCode::F(10)),
            Alt(KeyCode::Char('+')),
            Alt(KeyCode::Char('=')),
        ],
        Group::Clock,
        Msg::HelpExtend,
        Some((33, |app| not_finished(app).then_some(Msg::KeyExtend))),
        |_, _| Some(Action::Adjust(1)),
    ),
    // Phases.
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(8))],
        Group::Phases,
        Msg::HelpNext,
        Some((11, |app| {
            let m = app
                .meeting()
                .filter(|m| m.view.state != RunState::Finished)?;
            Some(if m.view.current + 1 >= m.phases.len() {
                Msg::KeyFinish
            } else {
                Msg::KeyNext
            })
        })),
        |_, _| Some(Action::NextPhase),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(7))],
        Group::Phases,
        Msg::HelpPrev,
        Some((30, |app| not_finished(app).then_some(Msg::KeyPrev))),
        |_, _| Some(Action::PrevPhase),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::F(2))],
        Group::Phases,
        Msg::HelpJump,
        Some((31, |_| Some(Msg::KeyJump))),
        |_, _| Some(Action::OpenJump),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::Esc)],
        Group::Phases,
        Msg::HelpReturnToPhase,
        Some((13, |app| {
            let m = app.meeting()?;
            (!m.phase_boards().contains(&m.session.focus.board)).then_some(Msg::KeyReturnToPhase)
        })),
        |_, _| Some(Action::ReturnToPhase),
    ),
    // Typing on the boards.
    b(
        Ctx::Meeting,
        &[Text],
        Group::Boards,
        Msg::HelpType,
        None,
        |_, ev| match ev.code {
            KeyCode::Char(c) => Some(Action::Type(c)),
            _ => None,
        },
    ),
    b(
        Ctx::Meeting,
        &[Alt(KeyCode::Enter), Shift(KeyCode::Enter), Ctrl('j')],
        Group::Boards,
        Msg::HelpNewline,
        Some((40, |app| text_focus(app).then_some(Msg::KeyNewline))),
        |_, _| Some(Action::Newline),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::Enter)],
        Group::Boards,
        Msg::HelpEnter,
        Some((20, |_| Some(Msg::KeyNewCard))),
        |_, _| Some(Action::Enter),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::Tab), Plain(KeyCode::BackTab)],
        Group::Boards,
        Msg::HelpTab,
        Some((21, |_| Some(Msg::KeyFieldNext))),
        |_, ev| Some(Action::Tab(ev.code == KeyCode::Tab)),
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::Up), Plain(KeyCode::Down)],
        Group::Boards,
        Msg::HelpArrows,
        None,
        |_, ev| Some(Action::Vertical(ev.code == KeyCode::Down)),
    ),
    b(
        Ctx::Meeting,
        &[
            Plain(KeyCode::Char(' ')),
            Plain(KeyCode::Left),
            Plain(KeyCode::Right),
        ],
        Group::Boards,
        Msg::HelpChoice,
        None,
        |app, ev| {
            if text_focus(app) {
                return None;
            }
            match ev.code {
                KeyCode::Left => Some(Action::Choice(-1)),
                KeyCode::Right => Some(Action::Choice(1)),
                _ => Some(Action::Type(' ')),
            }
        },
    ),
    b(
        Ctx::Meeting,
        &[
            Plain(KeyCode::Left),
            Plain(KeyCode::Right),
            CtrlCode(KeyCode::Left),
            CtrlCode(KeyCode::Right),
            Plain(KeyCode::Home),
            Plain(KeyCode::End),
        ],
        Group::Boards,
        Msg::HelpCaret,
        None,
        |_, ev| {
            let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
            Some(Action::Caret(match ev.code {
                KeyCode::Left if ctrl => Caret::WordLeft,
                KeyCode::Right if ctrl => Caret::WordRight,
                KeyCode::Left => Caret::Left,
                KeyCode::Right => Caret::Right,
                KeyCode::Home => Caret::Home,
                KeyCode::End => Caret::End,
                _ => return None,
            }))
        },
    ),
    b(
        Ctx::Meeting,
        &[Plain(KeyCode::Backspace), Plain(KeyCode::Delete)],
        Group::Boards,
        Msg::HelpErase,
        None,
        |_, ev| {
            Some(if ev.code == KeyCode::Backspace {
                Action::Backspace
            } else {
                Action::Delete
            })
        },
    ),
    b(
        Ctx::Meeting,
        &[Ctrl('d')],
        Group::Boards,
        Msg::HelpDelete,
        Some((50, |_| Some(Msg::KeyDelete))),
        |_, _| Some(Action::DeleteRow),
    ),
    b(
        Ctx::Meeting,
        &[Ctrl('z'), Ctrl('y')],
        Group::Boards,
        Msg::HelpUndo,
        Some((51, |_| Some(Msg::KeyUndo))),
        |_, ev| {
            Some(if ev.code == KeyCode::Char('y') {
                Action::Redo
            } else {
                Action::Undo
            })
        },
    ),
    b(
        Ctx::Meeting,
        &[Alt(KeyCode::Up), Alt(KeyCode::Down)],
        Group::Boards,
        Msg::HelpMove,
        Some((52, |_| Some(Msg::KeyMove))),
        |_, ev| Some(Action::MoveRow(ev.code == KeyCode::Up)),
    ),
    b(
        Ctx::Meeting,
        &[AltDigits('1', '5')],
        Group::Boards,
        Msg::HelpAcceptSuggestion,
        None,
        |_, ev| digit(ev, '1').map(Action::AcceptSuggestion),
    ),
    b(
        Ctx::Meeting,
        &[Ctrl('k')],
        Group::Boards,
        Msg::HelpResolveConflict,
        None,
        |_, _| Some(Action::ResolveConflict),
    ),
    b(
        Ctx::Meeting,
        &[Ctrl('b')],
        Group::Boards,
        Msg::HelpBoardChooser,
        Some((22, |_| Some(Msg::KeyBoards))),
        |_, _| Some(Action::OpenBoards),
    ),
    b(
        Ctx::Meeting,
        &[Ctrl('e'), Plain(KeyCode::F(12))],
        Group::View,
        Msg::HelpExport,
        Some((41, |_| Some(Msg::KeyExport))),
        |_, _| Some(Action::OpenExport),
    ),
    // The help overlay.
    b(
        Ctx::Help,
        &[
            Plain(KeyCode::Esc),
            Plain(KeyCode::Enter),
            Plain(KeyCode::Char('?')),
        ],
        Group::Lists,
        Msg::HelpClose,
        Some((1, |_| Some(Msg::KeyClose))),
        |_, _| Some(Action::CloseOverlay),
    ),
    // Choosers and the export dialog.
    b(
        Ctx::Lists,
        &[
            Plain(KeyCode::Up),
            Plain(KeyCode::Down),
            Plain(KeyCode::Char('k')),
            Plain(KeyCode::Char('j')),
        ],
        Group::Lists,
        Msg::HelpListMove,
        Some((10, |_| Some(Msg::KeyChoose))),
        |app, ev| {
            let step = if matches!(
                ev.code,
                KeyCode::Up | KeyCode::Char('k') | KeyCode::Char('K')
            ) {
                -1
            } else {
                1
            };
            match app.overlay {
                Overlay::Jump { .. } => Some(Action::JumpMove(step)),
                Overlay::Boards { .. } => Some(Action::BoardsMove(step)),
                Overlay::Export { .. } => Some(Action::ExportMove(step)),
                Overlay::Resolve { .. } => Some(Action::ResolveMove(step)),
                _ => None,
            }
        },
    ),
    b(
        Ctx::Lists,
        &[Plain(KeyCode::Enter)],
        Group::Lists,
        Msg::HelpListConfirm,
        Some((11, |_| Some(Msg::KeyConfirm))),
        |app, _| match app.overlay {
            Overlay::Jump { .. } => Some(Action::ConfirmJump),
            Overlay::Boards { .. } => Some(Action::ConfirmBoards),
            Overlay::Export { .. } => Some(Action::ConfirmExport),
            Overlay::Resolve { .. } => Some(Action::ConfirmResolve),
            Overlay::Review { .. } => Some(Action::ConfirmReview),
            _ => None,
        },
    ),
    b(
        Ctx::Lists,
        // Boards after the ninth are listed as A, B, … I (18 boards): every letter shown works.
        &[Digits('1', '9'), Letters('a', 'i')],
        Group::Lists,
        Msg::HelpListPick,
        None,
        |app, ev| {
            let n = digit(ev, '1').filter(|&n| n < 9).or_else(|| {
                matches!(ev.code, KeyCode::Char('a'..='i' | 'A'..='I'))
                    .then(|| digit(ev, 'a').map(|n| n + 9))
                    .flatten()
            })?;
            match app.overlay {
                Overlay::Jump { .. } if n < 9 => Some(Action::JumpTo(n)),
                Overlay::Boards { .. } => Some(Action::BoardsTo(n)),
                Overlay::Export { .. } if n < 6 => Some(Action::ExportTo(n)),
                Overlay::Resolve { .. } if n < super::RESOLUTIONS.len() => {
                    Some(Action::ResolveWith(n))
                }
                _ => None,
            }
        },
    ),
    b(
        Ctx::Lists,
        &[Plain(KeyCode::Char('r')), Plain(KeyCode::Char(' '))],
        Group::Lists,
        Msg::HelpRedact,
        Some((12, |app| {
            matches!(app.overlay, Overlay::Export { .. }).then_some(Msg::KeyRedact)
        })),
        |app, _| {
            matches!(app.overlay, Overlay::Export { .. }).then_some(Action::ExportToggleRedact)
        },
    ),
    b(
        Ctx::Lists,
        &[
            Plain(KeyCode::Esc),
            Plain(KeyCode::F(2)),
            Ctrl('b'),
            Ctrl('e'),
            Ctrl('k'),
        ],
        Group::Lists,
        Msg::HelpClose,
        Some((2, |_| Some(Msg::KeyClose))),
        |app, ev| {
            // The key that opened a list also closes it.
            let opener = match app.overlay {
                Overlay::Jump { .. } => ev.code == KeyCode::F(2),
                Overlay::Boards { .. } => ev.code == KeyCode::Char('b'),
                Overlay::Export { .. } => ev.code == KeyCode::Char('e'),
                Overlay::Resolve { .. } => ev.code == KeyCode::Char('k'),
                _ => false,
            };
            (ev.code == KeyCode::Esc || opener).then_some(Action::CloseOverlay)
        },
    ),
    // The plan read back before leaving まとめ or finishing: confirm, or go back to fix it.
    b(
        Ctx::ReadBack,
        &[Plain(KeyCode::Enter), Plain(KeyCode::F(8))],
        Group::Lists,
        Msg::HelpReadBackConfirm,
        Some((10, |_| Some(Msg::KeyConfirm))),
        |_, _| Some(Action::ConfirmReadBack),
    ),
    b(
        Ctx::ReadBack,
        &[Plain(KeyCode::Esc), Plain(KeyCode::F(7))],
        Group::Lists,
        Msg::HelpReadBackFix,
        Some((11, |_| Some(Msg::KeyFixPlan))),
        |_, _| Some(Action::ReadBackFix),
    ),
    // The case over time.
    b(
        Ctx::Case,
        &[
            Plain(KeyCode::Esc),
            Plain(KeyCode::Enter),
            Plain(KeyCode::Char('c')),
            Plain(KeyCode::Char('q')),
        ],
        Group::Lists,
        Msg::HelpClose,
        Some((2, |_| Some(Msg::KeyClose))),
        |_, _| Some(Action::CloseOverlay),
    ),
    // The list of conferences.
    b(
        Ctx::Picker,
        &[
            Plain(KeyCode::Up),
            Plain(KeyCode::Down),
            Plain(KeyCode::Char('k')),
            Plain(KeyCode::Char('j')),
        ],
        Group::Picker,
        Msg::HelpPickerMove,
        None,
        |_, ev| {
            Some(Action::PickerMove(
                if matches!(
                    ev.code,
                    KeyCode::Up | KeyCode::Char('k') | KeyCode::Char('K')
                ) {
                    -1
                } else {
                    1
                },
            ))
        },
    ),
    b(
        Ctx::Picker,
        &[Plain(KeyCode::Enter)],
        Group::Picker,
        Msg::HelpPickerOpen,
        Some((10, |_| Some(Msg::KeyOpen))),
        |_, _| Some(Action::PickerOpen),
    ),
    b(
        Ctx::Picker,
        &[Plain(KeyCode::Char('n')), Plain(KeyCode::F(3))],
        Group::Picker,
        Msg::HelpPickerNew,
        Some((11, |_| Some(Msg::KeyNew))),
        |_, _| Some(Action::PickerNew),
    ),
    b(
        Ctx::Picker,
        &[Plain(KeyCode::Char('c'))],
        Group::Picker,
        Msg::HelpCaseView,
        Some((12, |_| Some(Msg::KeyCaseView))),
        |_, _| Some(Action::OpenCase),
    ),
    b(
        Ctx::Picker,
        &[Plain(KeyCode::Char('?'))],
        Group::Picker,
        Msg::HelpHelp,
        None,
        |_, _| Some(Action::ToggleHelp),
    ),
    b(
        Ctx::Picker,
        &[Plain(KeyCode::Char('q')), Plain(KeyCode::Esc), Ctrl('c')],
        Group::Picker,
        Msg::HelpQuit,
        Some((23, |_| Some(Msg::KeyQuit))),
        |_, _| Some(Action::Quit),
    ),
    // The new-conference dialog.
    b(
        Ctx::Dialog,
        &[Plain(KeyCode::Enter)],
        Group::Picker,
        Msg::HelpDialogCreate,
        Some((10, |_| Some(Msg::KeyCreate))),
        |_, _| Some(Action::DialogSubmit),
    ),
    b(
        Ctx::Dialog,
        &[
            Plain(KeyCode::Tab),
            Plain(KeyCode::Down),
            Plain(KeyCode::BackTab),
            Plain(KeyCode::Up),
        ],
        Group::Picker,
        Msg::HelpDialogField,
        Some((11, |_| Some(Msg::KeyField))),
        |_, ev| {
            Some(Action::DialogField(
                if matches!(ev.code, KeyCode::Tab | KeyCode::Down) {
                    1
                } else {
                    -1
                },
            ))
        },
    ),
    b(
        Ctx::Dialog,
        &[Plain(KeyCode::Left), Plain(KeyCode::Right)],
        Group::Picker,
        Msg::HelpDialogAgenda,
        None,
        |app, ev| {
            let Screen::Picker(p) = &app.screen else {
                return None;
            };
            let delta = if ev.code == KeyCode::Left { -1 } else { 1 };
            if p.on_agenda_field() {
                Some(Action::DialogAgenda(delta))
            } else if p.dialog.as_ref().is_some_and(|d| d.choosing()) {
                // The kind of meeting and consent: the known values, until something else is
                // typed (then ← → move in the text).
                Some(Action::DialogChoice(delta))
            } else {
                None
            }
        },
    ),
    b(
        Ctx::Dialog,
        &[Plain(KeyCode::Esc)],
        Group::Picker,
        Msg::HelpDialogCancel,
        Some((12, |_| Some(Msg::KeyCancel))),
        |_, _| Some(Action::DialogCancel),
    ),
    b(
        Ctx::Dialog,
        &[Key::Any],
        Group::Picker,
        Msg::HelpType,
        None,
        |_, ev| Some(Action::DialogKey(*ev)),
    ),
    // The projector view: only what changes how it looks, and quitting.
    b(
        Ctx::Present,
        &[Plain(KeyCode::F(4))],
        Group::View,
        Msg::HelpTheme,
        Some((34, |_| Some(Msg::KeyTheme))),
        |_, _| Some(Action::CycleTheme),
    ),
    b(
        Ctx::Present,
        &[Plain(KeyCode::F(6))],
        Group::View,
        Msg::HelpLang,
        Some((35, |_| Some(Msg::KeyLang))),
        |_, _| Some(Action::ToggleLang),
    ),
    b(
        Ctx::Present,
        &[Plain(KeyCode::Char('q')), Plain(KeyCode::Esc), Ctrl('q')],
        Group::View,
        Msg::HelpQuitPresent,
        Some((23, |_| Some(Msg::KeyQuit))),
        |_, _| Some(Action::Quit),
    ),
];

/// The contexts in force now, most specific first; the first is the one the footer shows.
fn contexts(app: &App) -> Vec<Ctx> {
    if app.present {
        return vec![Ctx::Present];
    }
    let screen = match &app.screen {
        Screen::Picker(p) if p.dialog.is_some() => Ctx::Dialog,
        Screen::Picker(_) => Ctx::Picker,
        Screen::Meeting(_) => Ctx::Meeting,
    };
    match app.overlay {
        Overlay::None => vec![screen, Ctx::Global],
        Overlay::Help => vec![Ctx::Help, Ctx::Global],
        Overlay::Jump { .. }
        | Overlay::Boards { .. }
        | Overlay::Export { .. }
        | Overlay::Resolve { .. }
        | Overlay::Review { .. } => vec![Ctx::Lists, Ctx::Global],
        Overlay::ReadBack { .. } => vec![Ctx::ReadBack, Ctx::Global],
        Overlay::Case => vec![Ctx::Case, Ctx::Global],
    }
}

/// The action for a terminal event, if any.
pub(crate) fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => key_action(app, key),
        Event::Paste(text) => match &app.screen {
            _ if app.overlay != Overlay::None || app.present => None,
            Screen::Picker(p) if p.dialog.is_some() => Some(Action::DialogPaste(text.clone())),
            Screen::Meeting(_) => Some(Action::Paste(text.clone())),
            Screen::Picker(_) => None,
        },
        Event::Resize(_, _) => Some(Action::Resize),
        _ => None,
    }
}

fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let mut ctxs = contexts(app);
    // Global keys first (Ctrl+Q must quit from anywhere, F1 opens help even in a dialog).
    ctxs.sort_by_key(|c| *c != Ctx::Global);
    for ctx in ctxs {
        for binding in TABLE.iter().filter(|b| b.ctx == ctx) {
            if binding.keys.iter().any(|k| k.matches(key))
                && let Some(action) = (binding.act)(app, key)
            {
                return Some(action);
            }
        }
    }
    // Esc and then a character typed quickly reach us as Alt+character. No binding took it,
    // so it is text: a typed character is never dropped.
    match key.code {
        KeyCode::Char(c)
            if key.modifiers - KeyModifiers::SHIFT == KeyModifiers::ALT
                && contexts(app).first() == Some(&Ctx::Meeting)
                && app.text_has_focus() =>
        {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

/// The footer for a line of `width` columns: the most useful keys of the context now, F1 always
/// first. Each hint is the key as written short and its label.
pub(crate) fn footer(app: &App, width: u16) -> Vec<(String, &'static str)> {
    let lang = app.lang;
    let mut hints: Vec<(u8, usize, String, &'static str)> = Vec::new();
    for (order, ctx) in contexts(app).into_iter().enumerate() {
        for binding in TABLE.iter().filter(|b| b.ctx == ctx) {
            let Some((rank, label)) = binding.footer else {
                continue;
            };
            let Some(msg) = label(app) else { continue };
            let Some(key) = binding.keys.first() else {
                continue;
            };
            let key = key.label(lang, true);
            if hints.iter().any(|h| h.2 == key) {
                continue;
            }
            hints.push((rank, order, key, t(lang, msg)));
        }
    }
    hints.sort_by_key(|h| (h.0, h.1));
    let mut used = 0usize;
    let mut out = Vec::new();
    for (_, _, key, label) in hints {
        let w = hint_width(&key, label);
        if used + w > usize::from(width) {
            continue;
        }
        used += w;
        out.push((key, label));
    }
    out
}

/// Columns a footer hint takes: the key cap, a space, the label and a space.
pub(crate) fn hint_width(key: &str, label: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    key.width() + 1 + label.width() + 1
}

/// The help for what is on screen now: headings, then each binding's keys and what it does.
pub(crate) fn help(app: &App) -> Vec<(Group, Vec<(String, Msg)>)> {
    help_written(app, false)
}

/// [`help`] for a small screen: the keys written short ("^B"), what they do in a word.
pub(crate) fn help_short(app: &App) -> Vec<(Group, Vec<(String, Msg)>)> {
    help_written(app, true)
        .into_iter()
        .map(|(g, rows)| (g, rows.into_iter().map(|(k, m)| (k, brief(m))).collect()))
        .collect()
}

/// What a key does in a word or two, for the help on a small screen.
fn brief(help: Msg) -> Msg {
    match help {
        Msg::HelpType => Msg::BriefType,
        Msg::HelpNewline => Msg::KeyNewline,
        Msg::HelpEnter => Msg::KeyNewCard,
        Msg::HelpTab => Msg::BriefTab,
        Msg::HelpArrows => Msg::BriefArrows,
        Msg::HelpChoice => Msg::BriefChoice,
        Msg::HelpCaret => Msg::BriefCaret,
        Msg::HelpDelete => Msg::BriefDelete,
        Msg::HelpUndo => Msg::HelpUndo,
        Msg::HelpMove => Msg::BriefMove,
        Msg::HelpAcceptSuggestion => Msg::BriefSuggestion,
        Msg::HelpResolveConflict => Msg::BriefConflict,
        Msg::HelpBoardChooser => Msg::BriefBoards,
        Msg::HelpStartPause => Msg::BriefStartPause,
        Msg::HelpReplan => Msg::BriefReplan,
        Msg::HelpShorten => Msg::BriefShorten,
        Msg::HelpExtend => Msg::BriefExtend,
        Msg::HelpNext => Msg::BriefNext,
        Msg::HelpPrev => Msg::BriefPrev,
        Msg::HelpJump => Msg::KeyJump,
        Msg::HelpReturnToPhase => Msg::KeyReturnToPhase,
        Msg::HelpHelp => Msg::BriefHelp,
        Msg::HelpQuit => Msg::BriefQuit,
        Msg::HelpTheme => Msg::BriefTheme,
        Msg::HelpLang => Msg::BriefLang,
        Msg::HelpExport => Msg::BriefExport,
        other => other,
    }
}

fn help_written(app: &App, short: bool) -> Vec<(Group, Vec<(String, Msg)>)> {
    let ctxs: Vec<Ctx> = match contexts(app).first() {
        // Help over a screen lists that screen's keys, not the help's own (a list's keys are
        // in the footer while it is open).
        Some(Ctx::Help) | Some(Ctx::Lists) => match &app.screen {
            Screen::Meeting(_) => vec![Ctx::Meeting, Ctx::Global],
            Screen::Picker(p) if p.dialog.is_some() => vec![Ctx::Dialog, Ctx::Global],
            Screen::Picker(_) => vec![Ctx::Picker, Ctx::Global],
        },
        _ => contexts(app),
    };
    grouped(app.lang, &ctxs, short)
}

fn grouped(lang: Lang, ctxs: &[Ctx], short: bool) -> Vec<(Group, Vec<(String, Msg)>)> {
    Group::ORDER
        .iter()
        .filter_map(|g| {
            let rows: Vec<(String, Msg)> = TABLE
                .iter()
                .filter(|b| b.group == *g && ctxs.contains(&b.ctx))
                .map(|b| (b.keys_written(lang, short), b.help))
                .collect();
            (!rows.is_empty()).then_some((*g, rows))
        })
        .collect()
}

/// README's key list: the meeting screen's keys, then the projector view's, as Markdown tables.
pub fn readme_keys(lang: Lang) -> String {
    let mut out = String::new();
    let sections = [
        (&[Ctx::Meeting, Ctx::Global][..], Msg::ReadmeMeetingKeys),
        (&[Ctx::Lists][..], Msg::ReadmeListKeys),
        (&[Ctx::Picker, Ctx::Dialog][..], Msg::ReadmePickerKeys),
        (&[Ctx::Present][..], Msg::ReadmePresentKeys),
    ];
    for (ctxs, title) in sections {
        out.push_str(&format!("**{}**\n\n", t(lang, title)));
        let what = t(lang, Msg::ReadmeWhat);
        let key = t(lang, Msg::ReadmeKey);
        out.push_str(&format!("| {key} | {what} |\n|---|---|\n"));
        for (_, rows) in grouped(lang, ctxs, false) {
            for (keys, help) in rows {
                out.push_str(&format!(
                    "| {} | {} |\n",
                    keys.replace('|', "\\|"),
                    t(lang, help)
                ));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_has_keys_and_a_distinct_label() {
        for b in TABLE {
            assert!(!b.keys.is_empty(), "{:?}", b.help);
        }
    }

    #[test]
    fn labels_are_written_from_the_key() {
        assert_eq!(Ctrl('b').label(Lang::En, true), "^B");
        assert_eq!(Ctrl('b').label(Lang::En, false), "Ctrl+B");
        assert_eq!(Alt(KeyCode::Enter).label(Lang::En, false), "Alt+Enter");
        assert_eq!(Plain(KeyCode::F(10)).label(Lang::En, true), "F10");
    }
}
