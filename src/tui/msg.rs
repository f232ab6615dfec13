//! What a screen or a dialog asks of the app: to go somewhere, to run an effect, to say
//! something on the status line, to open a dialog. Screens never call each other: they
//! answer with messages, and [`crate::tui::state::App`] carries them out in one place
//! (`App::navigate` stores the text being typed once and keeps the way back).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::effect::Effect;
use super::popups::Popup;
use crate::domain::change::edit::Edit;
use crate::export::Format;

/// One thing a screen asks for.
#[derive(Debug)]
pub enum Msg {
    /// Show a view; the one shown now is kept to come back to (Esc).
    Go(To),
    /// Esc: the view this one was reached from, else the journey (below every view),
    /// else the drafts.
    Back,
    Effect(Effect),
    Info(String),
    Error(String),
    Popup(Popup),
    /// Close the top dialog.
    ClosePopup,
    /// What only the app can do, carried out in one place (`App::request`,
    /// `src/tui/request.rs`).
    Request(Request),
    /// The key only changed the text being typed: a typing-only frame will do.
    Typed,
}

/// Where to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum To {
    /// A form, at a field (else its first).
    Form { id: String, field: Option<String> },
    /// A form's review.
    Review(String),
    /// The deadlines, at the first one from today on.
    Deadlines,
}

/// What a dialog asks of the app that reaches past the dialog: the open form, the
/// draft's records, the draft itself. A refusal is shown in the dialog that asked
/// (`Popup::set_error`), which stays open; else the dialog closes.
#[derive(Debug)]
pub enum Request {
    /// Quit without saving.
    Quit,
    /// Store a not-applicable reason or an ask-later note on a field of the open form.
    Special { key: String, edit: Edit },
    /// Finalize this form, its warnings confirmed.
    Finalize(String),
    /// Reopen this sent form, confirmed.
    Reopen(String),
    /// Record the day a form was sent, or CenturyLink's acknowledgement of it (with a
    /// reference, empty for none).
    SentLog {
        form: String,
        on: NaiveDate,
        reference: Option<String>,
    },
    /// Export the form (the typed text stored first) in this format (none: everything).
    Export {
        form: String,
        format: Option<Format>,
        overwrite: bool,
        /// E-mails attach the answers as JSON too.
        attach_json: bool,
    },
    /// Import a file's entries into a form (all or nothing), as one undo step.
    Import {
        form: String,
        file: PathBuf,
        entries: Vec<crate::domain::change::import::Entry>,
    },
    /// Open the form's e-mail: the one just written, else the last on disk.
    OpenEmail {
        form: String,
        written: Option<PathBuf>,
    },
}
