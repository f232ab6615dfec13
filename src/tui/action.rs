//! What the user asked for, whatever key said it.

/// One thing to do. Keys become actions in [`super::keymap`]; [`super::state::App::update`]
/// applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save and quit (Ctrl-Q, Ctrl-C).
    Quit,
    /// Save now.
    Save,
    Help,
    /// Leave the screen (to the journey, to the drafts), or close a dialog.
    Back,
    Up,
    Down,
    /// Enter: open, pick, move on.
    Select,
    PageUp,
    PageDown,
    First,
    Last,
    // Drafts.
    NewDraft,
    DuplicateDraft,
    RenameDraft,
    DeleteDraft,
    /// The trash: bring a deleted draft back.
    RestoreDraft,
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
    /// Ctrl-U: clear the text before the cursor.
    ClearToStart,
    /// Ctrl-Z: undo the last edit or row removal.
    Undo,
    AddRow,
    RemoveRow,
    MoveRowUp,
    MoveRowDown,
    /// Settle the merge conflict where the focus is (the answer, or the row it is in) with
    /// this branch's side.
    KeepOurs,
    /// The same, with the other branch's side.
    KeepTheirs,
    Toggle,
    /// Number keys: the nth option shown (1-based).
    Pick(usize),
    Answer(bool),
    StepDate(i64),
    /// The Deadlines view (from the journey).
    Deadlines,
    /// Write the deadlines as an iCalendar file.
    ExportCalendar,
    // Review.
    Export,
    /// Import a file `export` wrote into the reviewed form.
    Import,
    Finalize,
    Reopen,
    /// Ask the day a form was sent (review, journey).
    MarkSent,
    /// Ask the day and reference of CenturyLink's acknowledgement (review, journey).
    MarkAcknowledged,
    // Dialogs.
    Confirm,
    Cancel,
    /// Open what was exported with the system's program.
    OpenFile,
    /// Attach the answers as JSON to the e-mails of the next export, or stop (export dialog).
    ToggleAttachJson,
}

impl Action {
    /// Whether the action changes answers or rows: none works on a read-only form (a
    /// finalized one, or a draft open elsewhere), so none is offered there.
    pub fn edits(self) -> bool {
        matches!(
            self,
            Action::NotApplicable
                | Action::AskLater
                | Action::ClearAnswer
                | Action::ExternalEditor
                | Action::ClearToStart
                | Action::Undo
                | Action::AddRow
                | Action::RemoveRow
                | Action::MoveRowUp
                | Action::MoveRowDown
                | Action::KeepOurs
                | Action::KeepTheirs
                | Action::Toggle
                | Action::Pick(_)
                | Action::Answer(_)
                | Action::StepDate(_)
        )
    }
}
