//! Key bindings: terminal events to actions, depending on what is on screen.
//!
//! Meeting commands use function keys or a modifier, so that once a text field has focus a
//! single printable key is always text (DESIGN.md §4.2). Only key presses count: a release or
//! repeat report from terminals with the kitty protocol must not fire a command twice.

use super::{App, Overlay, Screen};
use crate::app::action::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The action for a terminal event, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => key_action(app, key),
        Event::Paste(text) => match &app.screen {
            Screen::Picker(p) if p.dialog.is_some() => Some(Action::DialogPaste(text.clone())),
            _ => None,
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
        KeyCode::Char('q' | 'c') if ctrl => return Some(Action::Quit),
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
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::Quit),
                _ => None,
            }
        }
        Screen::Meeting(_) => match key.code {
            KeyCode::F(5) => Some(Action::StartPause),
            KeyCode::F(7) => Some(Action::PrevPhase),
            KeyCode::F(8) => Some(Action::NextPhase),
            KeyCode::Left if alt => Some(Action::PrevPhase),
            KeyCode::Right if alt => Some(Action::NextPhase),
            KeyCode::F(2) => Some(Action::OpenJump),
            KeyCode::F(9) => Some(Action::Adjust(-1)),
            KeyCode::F(10) => Some(Action::Adjust(1)),
            KeyCode::Down if alt => Some(Action::Adjust(-1)),
            KeyCode::Up if alt => Some(Action::Adjust(1)),
            KeyCode::F(3) => Some(Action::AcceptReplan),
            // No text field has focus on this screen yet, so `?` can open the help.
            KeyCode::Char('?') if !app.text_has_focus() => Some(Action::ToggleHelp),
            _ => None,
        },
    }
}
