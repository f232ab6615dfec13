//! What the user asked for, whatever key said it.

/// One thing to do. Keys become actions in [`super::keymap`]; [`super::app::App::update`]
/// applies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Save and quit (Ctrl-Q, Ctrl-C).
    Quit,
    /// Save now.
    Save,
    Help,
    /// Leave the screen (to the journey, to the drafts).
    Back,
    Up,
    Down,
    /// Enter: open, pick, move on.
    Select,
    PageUp,
    PageDown,
    // Drafts.
    NewDraft,
    DuplicateDraft,
    RenameDraft,
    DeleteDraft,
    // Form.
    NextField,
    PrevField,
    NextSection,
    PrevSection,
    Review,
    NotApplicable,
    AskLater,
    ClearAnswer,
    ExternalEditor,
    AddRow,
    RemoveRow,
    MoveRowUp,
    MoveRowDown,
    Toggle,
    Pick(usize),
    Answer(bool),
    StepDate(i64),
    // Review.
    Export,
    Finalize,
    Reopen,
    // Dialogs.
    Confirm,
    Cancel,
}
