//! Every key of the wizard, as data: the same table drives the keys, the footer and the
//! help screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a key applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere.
    Global,
    Home,
    Journey,
    /// On a form, whatever field has focus.
    Form,
    /// A text field (its editor takes the other keys).
    Text,
    /// A single choice, state or yes/no field.
    Choice,
    /// A multiple choice or several states.
    Multi,
    YesNo,
    Date,
    /// The header of a repeatable group, or a field inside a row.
    Group,
    Review,
}

impl Context {
    /// Heading on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Home => "Drafts",
            Context::Journey => "Journey",
            Context::Form => "Form",
            Context::Text => "Text fields",
            Context::Choice => "Choices and states",
            Context::Multi => "Multiple choices",
            Context::YesNo => "Yes/no",
            Context::Date => "Dates",
            Context::Group => "Repeatable groups",
            Context::Review => "Review",
        }
    }
}

/// A key: code and modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

/// One binding: the keys, what they do, and how the help names them.
#[derive(Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// How the keys are written in the footer and help.
    pub shown: &'static str,
    pub help: &'static str,
    /// Shown in the footer of its context.
    pub footer: bool,
}

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $action:expr, $shown:literal, $help:literal, $footer:literal) => {
        Binding { context: Context::$ctx, keys: &[$($k),+], action: $action, shown: $shown, help: $help, footer: $footer }
    };
}

use KeyCode::{BackTab, Delete, Down, Enter, Esc, F, Insert, PageDown, PageUp, Tab, Up};

/// The keymap, most specific contexts first within each screen.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind!(Global, [ctrl('q'), ctrl('c')], Action::Quit, "Ctrl-Q", "save and quit (Ctrl-C too)", true),
    bind!(Global, [ctrl('s')], Action::Save, "Ctrl-S", "save now (drafts also save by themselves)", false),
    bind!(Global, [key(F(1))], Action::Help, "F1 ?", "this help (? outside text fields)", true),
    bind!(Home, [key(Up), ch('k')], Action::Up, "↑↓", "choose a draft", false),
    bind!(Home, [key(Down), ch('j')], Action::Down, "↓", "next draft", false),
    bind!(Home, [key(Enter)], Action::Select, "Enter", "open the draft", true),
    bind!(Home, [ch('n')], Action::NewDraft, "n", "new draft", true),
    bind!(Home, [ch('c')], Action::DuplicateDraft, "c", "copy (duplicate) the draft", true),
    bind!(Home, [ch('r')], Action::RenameDraft, "r", "rename the draft", true),
    bind!(Home, [ch('d'), key(Delete)], Action::DeleteDraft, "d", "delete the draft (asks first)", true),
    bind!(Journey, [key(Up), ch('k')], Action::Up, "↑↓", "choose a form", true),
    bind!(Journey, [key(Down), ch('j')], Action::Down, "↓", "next form", false),
    bind!(Journey, [key(Enter)], Action::Select, "Enter", "open the form", true),
    bind!(Journey, [ctrl('r')], Action::Review, "Ctrl-R", "review the form", true),
    bind!(Journey, [key(Esc)], Action::Back, "Esc", "back to the drafts", true),
    bind!(Form, [key(Tab)], Action::NextField, "Tab", "next field", true),
    bind!(Form, [key(BackTab)], Action::PrevField, "Shift-Tab", "previous field", true),
    bind!(Form, [key(PageDown)], Action::NextSection, "PgDn", "next section", true),
    bind!(Form, [key(PageUp)], Action::PrevSection, "PgUp", "previous section", false),
    bind!(Form, [ctrl('r')], Action::Review, "Ctrl-R", "review the form and its open items", true),
    bind!(Form, [ctrl('n')], Action::NotApplicable, "Ctrl-N", "mark not applicable, with a reason", false),
    bind!(Form, [ctrl('l')], Action::AskLater, "Ctrl-L", "ask later, with a note on who to ask", false),
    bind!(Form, [ctrl('d')], Action::ClearAnswer, "Ctrl-D", "clear the answer", false),
    bind!(Form, [key(Esc)], Action::Back, "Esc", "back (to the review or the journey)", true),
    bind!(Text, [key(Enter)], Action::Select, "Enter", "next field (a new line in multi-line text)", false),
    bind!(Text, [key(Up)], Action::Up, "↑↓", "previous/next field (lines in multi-line text)", false),
    bind!(Text, [key(Down)], Action::Down, "↓", "next field", false),
    bind!(Text, [ctrl('e')], Action::ExternalEditor, "Ctrl-E", "edit in $EDITOR", false),
    bind!(Date, [ch('+')], Action::StepDate(1), "+ -", "next/previous day (- once the date is complete)", true),
    bind!(Date, [ch('-')], Action::StepDate(-1), "-", "previous day", false),
    bind!(Choice, [key(Up)], Action::Up, "↑↓", "move", true),
    bind!(Choice, [key(Down)], Action::Down, "↓", "move", false),
    bind!(Choice, [key(Enter)], Action::Select, "Enter", "pick and go on; type to filter, 1-9 to pick", true),
    bind!(Multi, [key(Up)], Action::Up, "↑↓", "move", true),
    bind!(Multi, [key(Down)], Action::Down, "↓", "move", false),
    bind!(Multi, [ch(' ')], Action::Toggle, "Space", "pick or unpick; type to filter, 1-9 to toggle", true),
    bind!(Multi, [key(Enter)], Action::Select, "Enter", "go on", false),
    bind!(YesNo, [ch('y')], Action::Answer(true), "y n", "yes or no", true),
    bind!(YesNo, [ch('n')], Action::Answer(false), "n", "no", false),
    bind!(YesNo, [key(Up), key(Down)], Action::Down, "↑↓", "next field", false),
    bind!(YesNo, [key(Enter)], Action::Select, "Enter", "next field", false),
    bind!(Group, [key(Insert), ch('+'), alt(KeyCode::Char('a'))], Action::AddRow, "+", "add a row (Alt-A inside a row)", true),
    bind!(Group, [alt(Delete), alt(KeyCode::Char('x'))], Action::RemoveRow, "Alt-X", "remove the row", true),
    bind!(Group, [alt(Up)], Action::MoveRowUp, "Alt-↑↓", "move the row up or down", true),
    bind!(Group, [alt(Down)], Action::MoveRowDown, "Alt-↓", "move the row down", false),
    bind!(Group, [key(Up)], Action::Up, "↑↓", "previous/next field", false),
    bind!(Group, [key(Down), key(Enter)], Action::Down, "↓", "next field", false),
    bind!(Review, [key(Up), ch('k')], Action::Up, "↑↓", "choose an open item", true),
    bind!(Review, [key(Down), ch('j')], Action::Down, "↓", "next item", false),
    bind!(Review, [key(Enter)], Action::Select, "Enter", "go to the field (Esc or Ctrl-R comes back)", true),
    bind!(Review, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "scroll the answers", true),
    bind!(Review, [key(PageDown)], Action::PageDown, "PgDn", "scroll", false),
    bind!(Review, [ch('e')], Action::Export, "e", "export: summary, CSV, JSON or an e-mail ready to send", true),
    bind!(Review, [ch('f')], Action::Finalize, "f", "finalize a complete form (read-only until reopened)", true),
    bind!(Review, [ch('u')], Action::Reopen, "u", "reopen a finalized form", false),
    bind!(Review, [key(Esc)], Action::Back, "Esc", "back to the journey", true),
];

/// Keys of dialogs (fixed, shown in the dialogs themselves).
pub fn dialog_action(event: &KeyEvent) -> Option<Action> {
    match event.code {
        Enter => Some(Action::Confirm),
        Esc => Some(Action::Cancel),
        _ => None,
    }
}

/// The action a key has in a context, if any.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| {
            b.keys
                .iter()
                .any(|k| k.code == event.code && (k.mods == mods || k.code == BackTab))
        })
        .map(|b| b.action.clone())
}

/// Footer hints of the given contexts, in order.
pub fn footer(contexts: &[Context]) -> Vec<(&'static str, &'static str)> {
    contexts
        .iter()
        .flat_map(|c| BINDINGS.iter().filter(move |b| b.context == *c && b.footer))
        .map(|b| (b.shown, short(b.help)))
        .collect()
}

fn short(help: &'static str) -> &'static str {
    help.split([';', '(', ','])
        .next()
        .unwrap_or(help)
        .trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve_by_context() {
        let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(lookup(Context::Form, &tab), Some(Action::NextField));
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Form, &back), Some(Action::PrevField));
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Global, &q), Some(Action::Quit));
        assert_eq!(lookup(Context::Form, &q), None);
        let plus = KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Date, &plus), Some(Action::StepDate(1)));
    }

    #[test]
    fn every_context_has_help() {
        for b in BINDINGS {
            assert!(!b.help.is_empty() && !b.shown.is_empty(), "{b:?}");
        }
        assert!(
            footer(&[Context::Global])
                .iter()
                .any(|(k, _)| *k == "Ctrl-Q")
        );
    }
}
