//! What a screen or a dialog asks of the app: to go somewhere, to run an effect, to say
//! something on the status line, to open a dialog. Screens never call each other: they
//! answer with messages, and [`crate::tui::state::App`] carries them out in one place
//! (`App::navigate` stores the text being typed once and keeps the way back).

use super::effect::Effect;
use super::popups::Popup;

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
