//! Actions: the only way the application state changes. Keys become actions in `keys`;
//! `App::update` applies them.

use crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    CloseOverlay,
    CycleTheme,
    ToggleLang,
    /// Time passed: recompute the clock view.
    Tick,
    /// The terminal changed size.
    Resize,

    // The meeting clock.
    StartPause,
    NextPhase,
    PrevPhase,
    OpenJump,
    JumpMove(isize),
    JumpTo(usize),
    ConfirmJump,
    /// Extend (+) or shorten (-) the current phase by N minutes.
    Adjust(i32),
    AcceptReplan,

    // The conference picker.
    PickerMove(isize),
    PickerOpen,
    PickerNew,

    // The new-conference dialog.
    DialogKey(KeyEvent),
    DialogPaste(String),
    DialogField(isize),
    DialogAgenda(isize),
    DialogSubmit,
    DialogCancel,
}
