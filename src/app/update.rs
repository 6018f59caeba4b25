//! `App::update`'s work, one method per part of the screen an action belongs to; `update`
//! itself (in `app/mod.rs`) says which, and what follows every action.

use super::*;

impl App {
    /// Apply an action that is not time passing.
    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Quit
            | Action::ToggleHelp
            | Action::CloseOverlay
            | Action::CycleTheme
            | Action::ToggleLang => self.on_view(action),
            Action::OpenExport
            | Action::ExportMove(_)
            | Action::ExportToggleRedact
            | Action::ExportTo(_)
            | Action::ConfirmExport
            | Action::ConfirmReview => self.on_export(action),
            Action::OpenBoards
            | Action::BoardsMove(_)
            | Action::BoardsTo(_)
            | Action::ConfirmBoards
            | Action::ReturnToPhase => self.on_boards(action),
            Action::StartPause
            | Action::NextPhase
            | Action::PrevPhase
            | Action::OpenJump
            | Action::JumpMove(_)
            | Action::JumpTo(_)
            | Action::ConfirmJump
            | Action::Adjust(_)
            | Action::AcceptReplan
            | Action::ConfirmReadBack
            | Action::ReadBackFix => self.on_clock(action),
            Action::PickerMove(_)
            | Action::PickerOpen
            | Action::PickerNew
            | Action::DialogKey(_)
            | Action::DialogPaste(_)
            | Action::DialogField(_)
            | Action::DialogChoice(_)
            | Action::DialogAgenda(_)
            | Action::DialogSubmit
            | Action::DialogCancel
            | Action::OpenCase => self.on_picker(action),
            Action::ResolveConflict
            | Action::ResolveMove(_)
            | Action::ResolveWith(_)
            | Action::ConfirmResolve => self.on_conflict(action),
            Action::Type(_)
            | Action::Paste(_)
            | Action::Backspace
            | Action::Delete
            | Action::Newline
            | Action::Enter
            | Action::Caret(_)
            | Action::Vertical(_)
            | Action::Tab(_)
            | Action::DeleteRow
            | Action::Undo
            | Action::Redo
            | Action::MoveRow(_)
            | Action::Choice(_)
            | Action::AcceptSuggestion(_) => self.edit(action),
            Action::Tick | Action::Sync | Action::Resize => {}
        }
    }

    /// The screen itself: help, overlays closed, theme, language, quitting.
    fn on_view(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                }
            }
            Action::CloseOverlay => self.overlay = Overlay::None,
            Action::CycleTheme => {
                let next = self.theme.next_builtin();
                self.theme = if self.no_color {
                    next.without_color()
                } else {
                    next
                };
            }
            Action::ToggleLang => self.lang = self.lang.toggle(),
            _ => {}
        }
    }

    /// The export chooser and the redaction review.
    fn on_export(&mut self, action: Action) {
        match action {
            Action::OpenExport if self.meeting().is_some() => {
                self.overlay = Overlay::Export {
                    selected: 0,
                    redact: false,
                };
            }
            Action::ExportMove(delta)
                if let Overlay::Export { selected, .. } = &mut self.overlay =>
            {
                let n = EXPORT_CHOICES.len() as isize;
                *selected = (*selected as isize + delta).rem_euclid(n) as usize;
            }
            Action::ExportToggleRedact
                if let Overlay::Export { redact, .. } = &mut self.overlay =>
            {
                *redact = !*redact;
            }
            Action::ExportTo(i) => {
                if let Overlay::Export { redact, .. } = self.overlay
                    && i < EXPORT_CHOICES.len()
                {
                    self.export_or_review(i, redact);
                }
            }
            Action::ConfirmExport if let Overlay::Export { selected, redact } = self.overlay => {
                self.export_or_review(selected, redact);
            }
            Action::ConfirmReview if let Overlay::Review { choice } = self.overlay => {
                self.overlay = Overlay::None;
                self.review.clear();
                self.export(choice, true);
            }
            _ => {}
        }
    }

    /// Moving between boards: the chooser (Ctrl+B) and back to the current phase.
    fn on_boards(&mut self, action: Action) {
        match action {
            Action::OpenBoards if let Some(m) = self.meeting() => {
                let current = m.session.focus.board;
                let selected = Board::ALL.iter().position(|b| *b == current).unwrap_or(0);
                self.overlay = Overlay::Boards { selected };
            }
            Action::BoardsMove(delta) if let Overlay::Boards { selected } = &mut self.overlay => {
                let n = Board::ALL.len() as isize;
                *selected = (*selected as isize + delta).rem_euclid(n) as usize;
            }
            Action::BoardsTo(i) if i < Board::ALL.len() => {
                self.overlay = Overlay::None;
                self.show_board(Board::ALL[i]);
            }
            Action::ConfirmBoards if let Overlay::Boards { selected } = self.overlay => {
                self.overlay = Overlay::None;
                self.show_board(Board::ALL[selected.min(Board::ALL.len() - 1)]);
            }
            Action::ReturnToPhase if let Some(board) = self.meeting().map(Meeting::phase_board) => {
                self.show_board(board);
            }
            _ => {}
        }
    }

    /// The meeting clock: start, pause, phases, adjustments, the re-plan and the plan read-back.
    fn on_clock(&mut self, action: Action) {
        match action {
            Action::StartPause => {
                let kind = match self.meeting().map(|m| m.view.state) {
                    Some(RunState::NotStarted) => ClockEventKind::Start,
                    Some(RunState::Running) => ClockEventKind::Pause,
                    Some(RunState::Paused) => ClockEventKind::Resume,
                    _ => return self.refresh(),
                };
                self.clock_event(kind);
            }
            Action::NextPhase => self.next_phase(),
            Action::PrevPhase => self.clock_event(ClockEventKind::Previous),
            Action::OpenJump if let Some(m) = self.meeting() => {
                self.overlay = Overlay::Jump {
                    selected: m.view.current,
                };
            }
            Action::JumpMove(delta) => {
                let count = self.meeting().map_or(0, |m| m.phases.len());
                if let Overlay::Jump { selected } = &mut self.overlay
                    && count > 0
                {
                    *selected = (*selected as isize + delta).rem_euclid(count as isize) as usize;
                }
            }
            Action::JumpTo(phase) if self.meeting().is_some_and(|m| phase < m.phases.len()) => {
                self.overlay = Overlay::None;
                self.go_to(phase);
            }
            Action::ConfirmJump if let Overlay::Jump { selected } = self.overlay => {
                self.overlay = Overlay::None;
                self.go_to(selected);
            }
            Action::Adjust(minutes) if let Some(m) = self.meeting() => {
                let phase = m.view.current;
                self.clock_event(ClockEventKind::Adjust { phase, minutes });
            }
            Action::AcceptReplan => {
                let plan = self.meeting().map(|m| m.replan.clone()).unwrap_or_default();
                if !plan.is_empty() && self.clock_events(&plan) {
                    self.notice = Some(Notice::Info(Msg::ReplanDone));
                }
            }
            Action::ConfirmReadBack if let Overlay::ReadBack { proceed } = self.overlay => {
                self.overlay = Overlay::None;
                self.clock_event(proceed);
            }
            Action::ReadBackFix if matches!(self.overlay, Overlay::ReadBack { .. }) => {
                self.overlay = Overlay::None;
                self.fix_plan();
                self.notice = Some(Notice::Info(Msg::ReadBackFixHint));
            }
            _ => {}
        }
    }

    /// The conference picker, the new-conference dialog and the case view.
    fn on_picker(&mut self, action: Action) {
        match action {
            Action::PickerMove(delta) => {
                if let Screen::Picker(p) = &mut self.screen
                    && !p.list.is_empty()
                {
                    p.selected =
                        (p.selected as isize + delta).clamp(0, p.list.len() as isize - 1) as usize;
                }
            }
            Action::PickerOpen => {
                let id = match &self.screen {
                    Screen::Picker(p) => p.list.get(p.selected).map(|c| c.id),
                    Screen::Meeting(_) => None,
                };
                if let Some(id) = id
                    && let Err(e) = self.open_conference(id)
                {
                    self.notice = Some(Notice::Error(e.to_string()));
                }
            }
            Action::PickerNew => {
                let agendas = app_agendas(&self.config_dir);
                let today = self.today();
                if let Screen::Picker(p) = &mut self.screen {
                    p.dialog = Some(NewDialog::new(agendas, today));
                }
            }
            Action::DialogKey(key) => {
                if let Some(d) = self.dialog_mut()
                    && let Some(input) = d.focused_input()
                {
                    // Single-line fields: Enter submits (handled in keys), so never a newline.
                    input.input(key);
                    d.error = None;
                }
            }
            Action::DialogPaste(text) => {
                if let Some(d) = self.dialog_mut()
                    && let Some(input) = d.focused_input()
                {
                    input.insert_str(single_line(&text));
                }
            }
            Action::DialogField(delta) => {
                let leaving_case = self
                    .dialog_mut()
                    .is_some_and(|d| d.focused_field() == Some(picker::Field::Case));
                if leaving_case {
                    self.prefill_dialog();
                }
                if let Some(d) = self.dialog_mut() {
                    d.move_focus(delta);
                }
            }
            Action::DialogChoice(delta) if let Some(d) = self.dialog_mut() => {
                d.choose(delta);
                d.error = None;
            }
            Action::DialogAgenda(delta) => {
                if let Some(d) = self.dialog_mut()
                    && !d.agendas.is_empty()
                {
                    let n = d.agendas.len() as isize;
                    d.agenda = (d.agenda as isize + delta).rem_euclid(n) as usize;
                }
            }
            Action::DialogSubmit => self.submit_dialog(),
            Action::DialogCancel if let Screen::Picker(p) = &mut self.screen => {
                p.dialog = None;
            }

            Action::OpenCase => {
                let label = match &self.screen {
                    Screen::Picker(p) => p.list.get(p.selected).map(|c| c.case_label.clone()),
                    Screen::Meeting(m) => Some(m.conf().case_label.clone()),
                };
                if let Some(label) = label {
                    let record = store::case::load(&db(&self.db), &label);
                    match record {
                        Ok(record) => {
                            self.case_view = Some(record);
                            self.overlay = Overlay::Case;
                        }
                        Err(e) => self.notice = Some(Notice::Error(e.to_string())),
                    }
                }
            }
            _ => {}
        }
    }

    /// Settling a card kept beside another note-taker's (Ctrl+K).
    fn on_conflict(&mut self, action: Action) {
        match action {
            Action::ResolveConflict => {
                let conflict = self
                    .meeting()
                    .is_some_and(|m| m.session.row().is_some_and(crate::board::Row::conflict));
                if conflict {
                    self.overlay = Overlay::Resolve { selected: 0 };
                } else if self.meeting().is_some() {
                    self.notice = Some(Notice::Info(Msg::NoConflictHere));
                }
            }
            Action::ResolveMove(delta) if let Overlay::Resolve { selected } = &mut self.overlay => {
                let n = RESOLUTIONS.len() as isize;
                *selected = (*selected as isize + delta).rem_euclid(n) as usize;
            }
            Action::ResolveWith(i) if i < RESOLUTIONS.len() => {
                self.overlay = Overlay::None;
                self.resolve(RESOLUTIONS[i].0);
            }
            Action::ConfirmResolve if let Overlay::Resolve { selected } = self.overlay => {
                self.overlay = Overlay::None;
                self.resolve(RESOLUTIONS[selected.min(RESOLUTIONS.len() - 1)].0);
            }
            _ => {}
        }
    }
}
