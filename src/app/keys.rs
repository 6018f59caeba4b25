//! Key bindings: terminal events to actions, depending on what is on screen.
//!
//! Meeting commands use function keys or a modifier, so that once a text field has focus a
//! single printable key is always text (DESIGN.md §4.2). Only key presses count: a release or
//! repeat report from terminals with the kitty protocol must not fire a command twice.

use super::{App, Overlay, Screen};
use crate::app::action::{Action, Caret};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The action for a terminal event, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => key_action(app, key),
        Event::Paste(text) => match &app.screen {
            _ if app.overlay != Overlay::None => None,
            Screen::Picker(p) if p.dialog.is_some() => Some(Action::DialogPaste(text.clone())),
            Screen::Meeting(_) => Some(Action::Paste(text.clone())),
            Screen::Picker(_) => None,
        },
        Event::Resize(_, _) => Some(Action::Resize),
        _ => None,
    }
}

fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Keys that work everywhere.
    match key.code {
        KeyCode::Char('q') if ctrl => return Some(Action::Quit),
        // Ctrl+C quits only on the start screen: in a meeting it is too often a habit of "copy".
        KeyCode::Char('c')
            if ctrl && matches!(app.screen, Screen::Picker(_)) && !app.text_has_focus() =>
        {
            return Some(Action::Quit);
        }
        KeyCode::F(1) => return Some(Action::ToggleHelp),
        KeyCode::F(4) => return Some(Action::CycleTheme),
        KeyCode::F(6) => return Some(Action::ToggleLang),
        _ => {}
    }
    match app.overlay {
        Overlay::Help => {
            return match key.code {
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter => Some(Action::CloseOverlay),
                _ => None,
            };
        }
        Overlay::Jump { .. } => {
            return match key.code {
                KeyCode::Esc | KeyCode::F(2) => Some(Action::CloseOverlay),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::JumpMove(-1)),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::JumpMove(1)),
                KeyCode::Enter => Some(Action::ConfirmJump),
                KeyCode::Char(c @ '1'..='9') => Some(Action::JumpTo(c as usize - '1' as usize)),
                _ => None,
            };
        }
        Overlay::Export { .. } => {
            return match key.code {
                KeyCode::Esc => Some(Action::CloseOverlay),
                KeyCode::Char('e') if ctrl => Some(Action::CloseOverlay),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::ExportMove(-1)),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::ExportMove(1)),
                KeyCode::Char('r' | 'R') | KeyCode::Char(' ') => Some(Action::ExportToggleRedact),
                KeyCode::Enter => Some(Action::ConfirmExport),
                KeyCode::Char(c @ '1'..='6') => Some(Action::ExportTo(c as usize - '1' as usize)),
                _ => None,
            };
        }
        Overlay::Resolve { .. } => {
            return match key.code {
                KeyCode::Esc => Some(Action::CloseOverlay),
                KeyCode::Char('k') if ctrl => Some(Action::CloseOverlay),
                KeyCode::Up => Some(Action::ResolveMove(-1)),
                KeyCode::Down => Some(Action::ResolveMove(1)),
                KeyCode::Enter => Some(Action::ConfirmResolve),
                KeyCode::Char(c @ '1'..='4') => {
                    Some(Action::ResolveWith(c as usize - '1' as usize))
                }
                _ => None,
            };
        }
        Overlay::Boards { .. } => {
            return match key.code {
                KeyCode::Esc => Some(Action::CloseOverlay),
                KeyCode::Char('b') if ctrl => Some(Action::CloseOverlay),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::BoardsMove(-1)),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::BoardsMove(1)),
                KeyCode::Enter => Some(Action::ConfirmBoards),
                KeyCode::Char(c @ '1'..='9') => Some(Action::BoardsTo(c as usize - '1' as usize)),
                // Boards after the ninth are listed as a, b, c, …: every letter shown works.
                KeyCode::Char(c @ 'a'..='z') => {
                    Some(Action::BoardsTo(c as usize - 'a' as usize + 9))
                }
                _ => None,
            };
        }
        // The plan read-back (before leaving まとめ or finishing): confirm or go back.
        Overlay::ReadBack { .. } => {
            return match key.code {
                KeyCode::Enter | KeyCode::F(8) => Some(Action::ConfirmReadBack),
                KeyCode::Esc | KeyCode::F(7) => Some(Action::ReadBackFix),
                _ => None,
            };
        }
        // The case over time (from the picker).
        Overlay::Case => {
            return match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('c' | 'C' | 'q') => {
                    Some(Action::CloseOverlay)
                }
                _ => None,
            };
        }
        Overlay::None => {}
    }
    match &app.screen {
        Screen::Picker(picker) => {
            if picker.dialog.is_some() {
                return Some(match key.code {
                    KeyCode::Esc => Action::DialogCancel,
                    KeyCode::Enter => Action::DialogSubmit,
                    KeyCode::Tab | KeyCode::Down => Action::DialogField(1),
                    KeyCode::BackTab | KeyCode::Up => Action::DialogField(-1),
                    KeyCode::Left if picker.on_agenda_field() => Action::DialogAgenda(-1),
                    KeyCode::Right if picker.on_agenda_field() => Action::DialogAgenda(1),
                    _ => Action::DialogKey(*key),
                });
            }
            match key.code {
                KeyCode::Up | KeyCode::Char('k') => Some(Action::PickerMove(-1)),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::PickerMove(1)),
                KeyCode::Enter => Some(Action::PickerOpen),
                KeyCode::Char('n' | 'N') | KeyCode::F(3) => Some(Action::PickerNew),
                KeyCode::Char('c' | 'C') => Some(Action::OpenCase),
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::Quit),
                _ => None,
            }
        }
        Screen::Meeting(_) => meeting_key(app, key, ctrl, alt),
    }
}

/// Keys on the meeting screen: clock commands on function keys or with Alt, editing on the
/// rest. A plain printable key is always text.
fn meeting_key(app: &App, key: &KeyEvent, ctrl: bool, alt: bool) -> Option<Action> {
    let choice = !app.text_has_focus();
    Some(match key.code {
        KeyCode::F(5) => Action::StartPause,
        KeyCode::F(7) => Action::PrevPhase,
        KeyCode::F(8) => Action::NextPhase,
        KeyCode::F(2) => Action::OpenJump,
        KeyCode::F(9) => Action::Adjust(-1),
        KeyCode::F(10) => Action::Adjust(1),
        KeyCode::Char('-') if alt => Action::Adjust(-1),
        KeyCode::Char('+' | '=') if alt => Action::Adjust(1),
        KeyCode::F(3) => Action::AcceptReplan,
        KeyCode::Esc => Action::ReturnToPhase,
        KeyCode::Char('k') if ctrl => Action::ResolveConflict,
        KeyCode::Char(c @ '1'..='5') if alt => Action::AcceptSuggestion(c as usize - '1' as usize),
        KeyCode::Up if alt => Action::MoveRow(true),
        KeyCode::Down if alt => Action::MoveRow(false),
        KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => Action::Newline,
        KeyCode::Char('j') if ctrl => Action::Newline,
        KeyCode::Enter => Action::Enter,
        KeyCode::Tab => Action::Tab(true),
        KeyCode::BackTab => Action::Tab(false),
        KeyCode::Char('z') if ctrl => Action::Undo,
        KeyCode::Char('y') if ctrl => Action::Redo,
        KeyCode::Char('d') if ctrl => Action::DeleteRow,
        KeyCode::Char('b') if ctrl => Action::OpenBoards,
        KeyCode::Char('e') if ctrl => Action::OpenExport,
        KeyCode::F(12) => Action::OpenExport,
        KeyCode::Up => Action::Vertical(false),
        KeyCode::Down => Action::Vertical(true),
        KeyCode::Left if choice => Action::Choice(-1),
        KeyCode::Right if choice => Action::Choice(1),
        KeyCode::Left if ctrl => Action::Caret(Caret::WordLeft),
        KeyCode::Right if ctrl => Action::Caret(Caret::WordRight),
        KeyCode::Left => Action::Caret(Caret::Left),
        KeyCode::Right => Action::Caret(Caret::Right),
        KeyCode::Home => Action::Caret(Caret::Home),
        KeyCode::End => Action::Caret(Caret::End),
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Char(c) if !ctrl && !alt => Action::Type(c),
        // Esc then a character typed quickly arrives as Alt+character: the character is
        // text all the same, never dropped.
        KeyCode::Char(c) if alt && !ctrl => Action::Type(c),
        _ => return None,
    })
}
