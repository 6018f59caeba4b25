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
    /// Time passed: recompute the clock view; make a save whose delay is over.
    Tick,
    /// The database may have changed (another process committed, or the safety-net poll):
    /// take in other note-takers' changes.
    Sync,
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

    // Editing the boards.
    Type(char),
    Paste(String),
    Backspace,
    Delete,
    /// A line break inside a card.
    Newline,
    /// Finish the card and start the next.
    Enter,
    Caret(Caret),
    /// ↑ (false) / ↓ (true): within the text, then to the neighbouring card.
    Vertical(bool),
    /// Tab (true) / Shift+Tab (false).
    Tab(bool),
    DeleteRow,
    Undo,
    Redo,
    /// Alt+↑ (true) / Alt+↓ (false).
    MoveRow(bool),
    /// ← / → on a choice field.
    Choice(isize),
    OpenBoards,
    OpenExport,
    ExportMove(isize),
    ExportTo(usize),
    ExportToggleRedact,
    ConfirmExport,
    /// Write the redacted export the review was shown for.
    ConfirmReview,
    BoardsMove(isize),
    BoardsTo(usize),
    ConfirmBoards,
    /// Back to the current phase's board (after Ctrl+B, or when another note-taker moved the
    /// meeting on while this one was typing).
    ReturnToPhase,
    /// Take the Nth completion suggestion shown beside an agency field (0-based).
    AcceptSuggestion(usize),
    /// Open the choices for a card marked as a conflict (keep one, keep both, merge).
    ResolveConflict,
    ResolveMove(isize),
    ResolveWith(usize),
    ConfirmResolve,

    /// The plan read-back: confirmed (the phase change or finish goes ahead), or back to fix
    /// the action items.
    ConfirmReadBack,
    ReadBackFix,
    /// The case over time for the conference selected in the picker.
    OpenCase,

    // The conference picker.
    PickerMove(isize),
    PickerOpen,
    PickerNew,

    // The new-conference dialog.
    DialogKey(KeyEvent),
    DialogPaste(String),
    DialogField(isize),
    DialogAgenda(isize),
    /// Take the next / previous value offered on the focused field (kind of meeting, consent).
    DialogChoice(isize),
    DialogSubmit,
    DialogCancel,
}

/// Cursor movements inside a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caret {
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
}
