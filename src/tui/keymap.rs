//! Every key of the wizard, as data: the same table drives the keys, the footers, the
//! dialogs' hints and the help screen. No view writes a key's name itself.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a key applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere (plain characters only where no text is being typed).
    Global,
    Home,
    Journey,
    /// On a form, whatever field has focus.
    Form,
    /// A one-line text field (its editor takes the other keys).
    Text,
    /// A multi-line text field.
    MultiLine,
    Date,
    /// A single choice or state.
    Choice,
    /// A multiple choice or several states.
    Multi,
    YesNo,
    /// The header of a repeatable group.
    Group,
    /// A field inside a row of a group: the row keys, with Alt (plain keys are typed).
    Row,
    Review,
    Deadlines,
    // Dialogs.
    Help,
    Prompt,
    Confirm,
    Message,
    Export,
    /// The import dialog: the file's path.
    Import,
    /// The import dialog: what the file would change.
    ImportList,
    /// The sent dialog: a date.
    Sent,
    /// The acknowledged dialog: a date and a reference.
    Acknowledged,
    /// The trash: deleted drafts to bring back.
    Trash,
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
            Context::MultiLine => "Multi-line text",
            Context::Date => "Dates",
            Context::Choice => "Choices and states",
            Context::Multi => "Multiple choices",
            Context::YesNo => "Yes/no",
            Context::Group => "Repeatable groups",
            Context::Row => "Rows of a group",
            Context::Review => "Review",
            Context::Deadlines => "Deadlines",
            Context::Help => "This help",
            Context::Prompt => "Questions",
            Context::Confirm => "Confirmations",
            Context::Message => "Messages",
            Context::Export => "Export",
            Context::Import => "Import: the file",
            Context::ImportList => "Import: what it changes",
            Context::Sent => "Sent on",
            Context::Acknowledged => "Acknowledged",
            Context::Trash => "Trash",
        }
    }

    /// Every context, in the help screen's order.
    pub(crate) const ALL: [Context; 24] = [
        Context::Global,
        Context::Home,
        Context::Journey,
        Context::Form,
        Context::Text,
        Context::MultiLine,
        Context::Date,
        Context::Choice,
        Context::Multi,
        Context::YesNo,
        Context::Group,
        Context::Row,
        Context::Review,
        Context::Deadlines,
        Context::Export,
        Context::Import,
        Context::ImportList,
        Context::Sent,
        Context::Acknowledged,
        Context::Trash,
        Context::Prompt,
        Context::Confirm,
        Context::Message,
        Context::Help,
    ];
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

/// One binding: the keys, what they do, and how the footer and help name them.
#[derive(Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// How the keys are written; empty for a key described by the row before it (the ↓
    /// of an ↑↓ pair), which then gets no row of its own.
    pub shown: &'static str,
    pub help: &'static str,
    /// Place in the footer: 1 matters most and is dropped last; 0 is help only.
    pub footer: u8,
}

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $action:expr, $shown:literal, $help:literal, $footer:literal) => {
        Binding { context: Context::$ctx, keys: &[$($k),+], action: $action, shown: $shown, help: $help, footer: $footer }
    };
}

/// The number keys 1 to 9; [`lookup`] turns `Pick(0)` into the digit pressed.
const DIGITS: &[Key] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

use KeyCode::{BackTab, Delete, Down, End, Enter, Esc, F, Home, Insert, PageDown, PageUp, Tab, Up};

/// The keymap. Within a context the first binding of a key wins.
#[rustfmt::skip]
pub(crate) const BINDINGS: &[Binding] = &[
    bind!(Global, [ctrl('q'), ctrl('c')], Action::Quit, "Ctrl-Q", "save and quit (Ctrl-C too)", 1),
    bind!(Global, [ctrl('s')], Action::Save, "Ctrl-S", "save now (drafts also save by themselves)", 0),
    bind!(Global, [key(F(1)), ch('?')], Action::Help, "F1", "every key (? too, outside text fields)", 2),
    bind!(Home, [key(Up), ch('k')], Action::Up, "↑↓", "choose a draft", 3),
    bind!(Home, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Home, [key(Home)], Action::First, "Home/End", "the first/last draft", 0),
    bind!(Home, [key(End)], Action::Last, "", "", 0),
    bind!(Home, [key(Enter)], Action::Select, "Enter", "open: the draft's journey", 1),
    bind!(Home, [ch('n')], Action::NewDraft, "n", "new draft", 1),
    bind!(Home, [ch('c')], Action::DuplicateDraft, "c", "copy (duplicate) the draft", 3),
    bind!(Home, [ch('r')], Action::RenameDraft, "r", "rename the draft", 3),
    bind!(Home, [ch('d'), key(Delete)], Action::DeleteDraft, "d", "delete: move the draft to the trash (asks first; y moves it)", 3),
    bind!(Home, [ch('u')], Action::RestoreDraft, "u", "trash: bring a deleted draft back", 2),
    bind!(Journey, [key(Up), ch('k')], Action::Up, "↑↓", "choose a form", 3),
    bind!(Journey, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Journey, [key(Home)], Action::First, "Home/End", "the first/last form", 0),
    bind!(Journey, [key(End)], Action::Last, "", "", 0),
    bind!(Journey, [key(Enter)], Action::Select, "Enter", "open the form", 1),
    bind!(Journey, [ctrl('r')], Action::Review, "Ctrl-R", "review the form", 1),
    bind!(Journey, [ch('d')], Action::Deadlines, "d", "deadlines: every dated obligation, by date", 2),
    bind!(Journey, [ch('s')], Action::MarkSent, "s", "sent: record the day the form was sent", 3),
    bind!(Journey, [ch('a')], Action::MarkAcknowledged, "a", "acknowledged: CenturyLink's day and reference", 3),
    bind!(Journey, [key(PageDown)], Action::PageDown, "PgDn", "scroll what to do (the right pane) down", 4),
    bind!(Journey, [key(PageUp)], Action::PageUp, "PgUp", "scroll what to do back up", 0),
    bind!(Journey, [key(Esc)], Action::Back, "Esc", "back to the drafts", 1),
    bind!(Form, [key(Esc)], Action::Back, "Esc", "back: to where the form was opened from (review, deadlines, journey)", 1),
    bind!(Form, [ctrl('r')], Action::Review, "Ctrl-R", "review: the open items and answers", 1),
    bind!(Form, [key(Tab)], Action::NextField, "Tab", "next field", 2),
    bind!(Form, [key(BackTab)], Action::PrevField, "Shift-Tab", "previous field", 3),
    bind!(Form, [ctrl('n')], Action::NotApplicable, "Ctrl-N", "not applicable, with a reason", 2),
    bind!(Form, [ctrl('l')], Action::AskLater, "Ctrl-L", "ask later, with a note on who to ask", 2),
    bind!(Form, [ctrl('d')], Action::ClearAnswer, "Ctrl-D", "clear the answer", 4),
    bind!(Form, [ctrl('o')], Action::KeepOurs, "Ctrl-O", "keep ours: settle a merge conflict here with this branch's side (the answer, or the row removed or kept)", 1),
    bind!(Form, [ctrl('t')], Action::KeepTheirs, "Ctrl-T", "keep theirs: settle it with the other branch's side", 1),
    bind!(Form, [ctrl('z')], Action::Undo, "Ctrl-Z", "undo the last change (several times)", 4),
    bind!(Form, [key(PageDown)], Action::NextSection, "PgDn", "next section (PgUp: previous)", 4),
    bind!(Form, [key(PageUp)], Action::PrevSection, "", "", 0),
    bind!(Text, [key(Enter)], Action::Select, "Enter", "next field", 3),
    bind!(Text, [key(Up)], Action::Up, "↑↓", "previous/next field", 0),
    bind!(Text, [key(Down)], Action::Down, "", "", 0),
    bind!(Text, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start of the line", 0),
    bind!(Text, [ctrl('e')], Action::ExternalEditor, "Ctrl-E", "edit in $EDITOR", 0),
    bind!(MultiLine, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start of the line", 0),
    bind!(MultiLine, [ctrl('e')], Action::ExternalEditor, "Ctrl-E", "edit in $EDITOR", 3),
    bind!(MultiLine, [key(Enter)], Action::Select, "Enter", "new line (Tab: next field)", 0),
    bind!(Date, [ch('+')], Action::StepDate(1), "+ -", "next/previous day (+ on an empty date: today)", 2),
    bind!(Date, [ch('-')], Action::StepDate(-1), "", "", 0),
    bind!(Date, [key(Enter)], Action::Select, "Enter", "next field; dates are typed YYYY-MM-DD", 0),
    bind!(Date, [key(Up)], Action::Up, "↑↓", "previous/next field", 0),
    bind!(Date, [key(Down)], Action::Down, "", "", 0),
    bind!(Date, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start of the line", 0),
    bind!(Choice, [key(Up)], Action::Up, "↑↓", "move in the list", 2),
    bind!(Choice, [key(Down)], Action::Down, "", "", 0),
    bind!(Choice, [key(Enter)], Action::Select, "Enter", "pick and go on (type to filter)", 1),
    Binding { context: Context::Choice, keys: DIGITS, action: Action::Pick(0), shown: "1-9", help: "pick the numbered option", footer: 0 },
    bind!(Choice, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "a page up or down a long list", 0),
    bind!(Choice, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Choice, [key(Home)], Action::First, "Home/End", "the first/last option", 0),
    bind!(Choice, [key(End)], Action::Last, "", "", 0),
    bind!(Multi, [key(Up)], Action::Up, "↑↓", "move in the list", 2),
    bind!(Multi, [key(Down)], Action::Down, "", "", 0),
    bind!(Multi, [ch(' ')], Action::Toggle, "Space", "pick or unpick (type to filter)", 1),
    bind!(Multi, [key(Enter)], Action::Select, "Enter", "next field", 3),
    Binding { context: Context::Multi, keys: DIGITS, action: Action::Pick(0), shown: "1-9", help: "pick or unpick the numbered option", footer: 0 },
    bind!(Multi, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "a page up or down a long list", 0),
    bind!(Multi, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Multi, [key(Home)], Action::First, "Home/End", "the first/last option", 0),
    bind!(Multi, [key(End)], Action::Last, "", "", 0),
    bind!(YesNo, [ch('y')], Action::Answer(true), "y n", "yes or no", 1),
    bind!(YesNo, [ch('n')], Action::Answer(false), "", "", 0),
    bind!(YesNo, [key(Up)], Action::Up, "↑↓", "previous/next field", 0),
    bind!(YesNo, [key(Down)], Action::Down, "", "", 0),
    bind!(YesNo, [key(Enter)], Action::Select, "Enter", "next field", 0),
    bind!(Group, [key(Insert), ch('+'), alt(KeyCode::Char('a'))], Action::AddRow, "+", "add a row (Alt-A inside a row)", 1),
    bind!(Group, [key(Up)], Action::Up, "↑↓", "previous/next field", 0),
    bind!(Group, [key(Down), key(Enter)], Action::Down, "", "", 0),
    bind!(Row, [alt(KeyCode::Char('a')), alt(Insert)], Action::AddRow, "Alt-A", "add a row (+ on the group's header)", 2),
    bind!(Row, [alt(Delete), alt(KeyCode::Char('x'))], Action::RemoveRow, "Alt-X", "remove the row (Ctrl-Z brings it back)", 2),
    bind!(Row, [alt(Up)], Action::MoveRowUp, "Alt-↑↓", "move the row up or down", 3),
    bind!(Row, [alt(Down)], Action::MoveRowDown, "", "", 0),
    bind!(Review, [key(Esc)], Action::Back, "Esc", "back: to the form and field it was opened from, or the journey", 1),
    bind!(Review, [ch('e')], Action::Export, "e", "export: summary, CSV, JSON, PDF, a workbook (.xlsx) or an e-mail", 1),
    bind!(Review, [ch('f')], Action::Finalize, "f", "finalize: a complete form becomes read-only until reopened", 1),
    bind!(Review, [ch('u')], Action::Reopen, "u", "reopen: a finalized form can change again", 1),
    bind!(Review, [ch('i')], Action::Import, "i", "import: answers from a file export wrote (xlsx, CSV, JSON), listed before they apply", 3),
    bind!(Review, [ctrl('z')], Action::Undo, "Ctrl-Z", "undo the last change (an import at once)", 4),
    bind!(Review, [ch('s')], Action::MarkSent, "s", "sent: record the day the form was sent", 3),
    bind!(Review, [ch('a')], Action::MarkAcknowledged, "a", "acknowledged: CenturyLink's day and reference", 3),
    bind!(Review, [key(Enter)], Action::Select, "Enter", "go to the field (Esc comes back)", 2),
    bind!(Review, [key(Up), ch('k')], Action::Up, "↑↓", "choose an open item", 3),
    bind!(Review, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Review, [key(Home)], Action::First, "Home/End", "the first/last open item", 0),
    bind!(Review, [key(End)], Action::Last, "", "", 0),
    bind!(Review, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "scroll the answers", 3),
    bind!(Review, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Deadlines, [key(Esc)], Action::Back, "Esc", "back: to the journey", 1),
    bind!(Deadlines, [key(Enter)], Action::Select, "Enter", "go to the field the date comes from (Esc comes back)", 1),
    bind!(Deadlines, [ch('c')], Action::ExportCalendar, "c", "calendar: write the deadlines as an .ics file to import", 1),
    bind!(Deadlines, [key(Up), ch('k')], Action::Up, "↑↓", "choose a deadline", 2),
    bind!(Deadlines, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Deadlines, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "a page up or down", 3),
    bind!(Deadlines, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Deadlines, [key(Home)], Action::First, "Home/End", "the first/last deadline", 0),
    bind!(Deadlines, [key(End)], Action::Last, "", "", 0),
    bind!(Export, [key(Enter)], Action::Select, "Enter", "export", 1),
    Binding { context: Context::Export, keys: DIGITS, action: Action::Pick(0), shown: "1-7", help: "export in the numbered format: .txt, .md, .csv, .json, .pdf, .eml, or every form (each in all five, a workbook .xlsx and the e-mails)", footer: 0 },
    bind!(Export, [key(Up), ch('k')], Action::Up, "↑↓", "choose", 2),
    bind!(Export, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Export, [key(Home)], Action::First, "Home/End", "the first/last format", 0),
    bind!(Export, [key(End)], Action::Last, "", "", 0),
    bind!(Export, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "scroll the files", 3),
    bind!(Export, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Export, [ch('a')], Action::ToggleAttachJson, "a", "attach the answers as JSON to the e-mails too, or leave them out (left out unless asked)", 0),
    bind!(Export, [ch('o')], Action::OpenFile, "o", "open the e-mail: in the mail program (the one written last for this form)", 2),
    bind!(Export, [key(Esc), ch('q')], Action::Back, "Esc", "close", 1),
    bind!(Import, [key(Enter)], Action::Confirm, "Enter", "read the file: list what it changes", 1),
    bind!(Import, [key(Esc)], Action::Cancel, "Esc", "cancel", 1),
    bind!(Import, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start", 3),
    bind!(ImportList, [ch('y')], Action::Confirm, "y", "import: apply every change listed", 1),
    bind!(ImportList, [ch('n'), key(Esc)], Action::Cancel, "n/Esc", "cancel: change nothing", 1),
    bind!(ImportList, [key(Up), ch('k')], Action::Up, "↑↓", "scroll", 2),
    bind!(ImportList, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(ImportList, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "scroll a page", 3),
    bind!(ImportList, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Prompt, [key(Enter)], Action::Confirm, "Enter", "OK", 1),
    bind!(Prompt, [key(Esc)], Action::Cancel, "Esc", "cancel", 1),
    bind!(Prompt, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start", 3),
    bind!(Sent, [key(Enter)], Action::Confirm, "Enter", "record", 1),
    bind!(Sent, [key(Esc)], Action::Cancel, "Esc", "cancel", 1),
    bind!(Sent, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start", 3),
    bind!(Acknowledged, [key(Enter)], Action::Confirm, "Enter", "record", 1),
    bind!(Acknowledged, [key(Esc)], Action::Cancel, "Esc", "cancel", 1),
    bind!(Acknowledged, [key(Tab), key(BackTab)], Action::NextField, "Tab", "date or reference", 2),
    bind!(Acknowledged, [ctrl('u')], Action::ClearToStart, "Ctrl-U", "clear to the start", 3),
    bind!(Confirm, [ch('y')], Action::Confirm, "y", "yes", 1),
    bind!(Confirm, [ch('n'), key(Esc), key(Enter)], Action::Cancel, "n/Esc/Enter", "no (Enter never says yes)", 1),
    bind!(Trash, [key(Enter)], Action::Select, "Enter", "restore: the draft under its name, with its backup", 1),
    bind!(Trash, [key(Esc), ch('q')], Action::Back, "Esc", "close", 1),
    bind!(Trash, [key(Up), ch('k')], Action::Up, "↑↓", "choose", 2),
    bind!(Trash, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Trash, [key(Home)], Action::First, "Home/End", "the first/last draft", 0),
    bind!(Trash, [key(End)], Action::Last, "", "", 0),
    bind!(Message, [key(Enter), key(Esc)], Action::Back, "Enter/Esc", "close", 1),
    bind!(Help, [key(Up), ch('k')], Action::Up, "↑↓", "scroll", 2),
    bind!(Help, [key(Down), ch('j')], Action::Down, "", "", 0),
    bind!(Help, [key(PageUp)], Action::PageUp, "PgUp/PgDn", "scroll a page", 3),
    bind!(Help, [key(PageDown)], Action::PageDown, "", "", 0),
    bind!(Help, [key(Esc), ch('q'), key(F(1)), ch('?')], Action::Back, "Esc", "close", 1),
];

/// The action a key has in a context, if any.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    let action = binding(context, event)?.action;
    match (action, event.code) {
        (Action::Pick(0), KeyCode::Char(d)) => Some(Action::Pick(d.to_digit(10)? as usize)),
        _ => Some(action),
    }
}

/// The binding a key has in a context, if any.
pub(crate) fn binding(context: Context, event: &KeyEvent) -> Option<&'static Binding> {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.iter().any(|k| matches(k, event.code, mods)))
}

fn matches(k: &Key, code: KeyCode, mods: KeyModifiers) -> bool {
    if k.code == BackTab {
        return code == BackTab;
    }
    k.code == code && k.mods == mods
}

/// Whether a key is a plain character, which a text field would type.
pub(crate) fn is_typing(event: &KeyEvent) -> bool {
    matches!(event.code, KeyCode::Char(_)) && (event.modifiers - KeyModifiers::SHIFT).is_empty()
}

/// One footer or hint entry: the keys and a short help.
pub(crate) type Hint = (&'static str, &'static str);

/// The hints of these contexts, most important first, as many as fit in `width` columns
/// (each costs its text and three spaces).
pub fn footer(contexts: &[Context], width: usize) -> Vec<Hint> {
    footer_where(contexts, width, |_| true)
}

/// [`footer`] of the bindings `works` keeps: those whose key does something where the
/// focus is (a read-only form offers no key that edits).
pub(crate) fn footer_where(
    contexts: &[Context],
    width: usize,
    works: impl Fn(&Binding) -> bool,
) -> Vec<Hint> {
    let mut all: Vec<(u8, usize, &Binding)> = contexts
        .iter()
        .flat_map(|c| BINDINGS.iter().filter(move |b| b.context == *c))
        .filter(|b| b.footer > 0 && !b.shown.is_empty() && works(b))
        .enumerate()
        .map(|(i, b)| (b.footer, i, b))
        .collect();
    all.sort_by_key(|(p, i, _)| (*p, *i));
    let mut seen: Vec<&str> = Vec::new();
    let mut budget = width;
    let mut out = Vec::new();
    for (_, _, b) in all {
        if seen.contains(&b.shown) {
            continue;
        }
        let cost = cost(b.shown, short(b.help));
        if cost > budget {
            continue;
        }
        budget -= cost;
        seen.push(b.shown);
        out.push((b.shown, short(b.help)));
    }
    out
}

/// Columns a hint takes in a footer.
pub(crate) fn cost(keys: &str, help: &str) -> usize {
    crate::text::width(keys) + crate::text::width(help) + 3
}

/// The help: the given contexts first (what the screen in use offers), then the others;
/// each context once, each binding once.
pub(crate) fn help_sections(first: &[Context]) -> Vec<(Context, Vec<Hint>)> {
    let rest = Context::ALL.iter().filter(|c| !first.contains(c));
    first
        .iter()
        .chain(rest)
        .map(|&c| {
            let rows = BINDINGS
                .iter()
                .filter(|b| b.context == c && !b.shown.is_empty())
                .map(|b| (b.shown, b.help))
                .collect();
            (c, rows)
        })
        .collect()
}

fn short(help: &'static str) -> &'static str {
    help.split([';', '(', ',', ':'])
        .next()
        .unwrap_or(help)
        .trim_end()
}

/// How the keymap names the keys of an action in a context.
pub(crate) fn shown_for(context: Context, action: Action) -> Option<&'static str> {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.action == action && !b.shown.is_empty())
        .map(|b| b.shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_by_context() {
        let tab = ev(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(lookup(Context::Form, &tab), Some(Action::NextField));
        let back = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Form, &back), Some(Action::PrevField));
        let q = ev(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Global, &q), Some(Action::Quit));
        assert_eq!(lookup(Context::Form, &q), None);
        let plus = ev(KeyCode::Char('+'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Date, &plus), Some(Action::StepDate(1)));
        let seven = ev(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Choice, &seven), Some(Action::Pick(7)));
        let up = ev(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(lookup(Context::YesNo, &up), Some(Action::Up));
    }

    #[test]
    fn every_shown_binding_has_help() {
        for b in BINDINGS {
            assert_eq!(b.shown.is_empty(), b.help.is_empty(), "{b:?}");
            assert!(b.shown.is_empty() <= (b.footer == 0), "{b:?}");
        }
    }

    #[test]
    fn footer_keeps_the_most_important_at_narrow_widths() {
        let wide = footer(&[Context::Review, Context::Global], 200);
        let narrow = footer(&[Context::Review, Context::Global], 50);
        assert!(narrow.len() < wide.len());
        for k in ["Esc", "e", "f", "u"] {
            assert!(narrow.iter().any(|(s, _)| *s == k), "{k} in {narrow:?}");
        }
        let used: usize = narrow.iter().map(|(k, h)| cost(k, h)).sum();
        assert!(used <= 50);
    }

    /// The sent and acknowledged keys are on the review's and the journey's footers, from
    /// this table, and their dialog's key line says how to record and cancel.
    #[test]
    fn sent_and_acknowledged_are_in_the_footers() {
        for context in [Context::Review, Context::Journey] {
            let wide = footer(&[context, Context::Global], 200);
            for (keys, help) in [("s", "sent"), ("a", "acknowledged")] {
                assert!(wide.contains(&(keys, help)), "{context:?}: {wide:?}");
            }
        }
        let dialog = footer(&[Context::Acknowledged], 60);
        assert!(dialog.contains(&("Enter", "record")) && dialog.contains(&("Esc", "cancel")));
        assert!(dialog.contains(&("Tab", "date or reference")), "{dialog:?}");
        // The sent dialog asks a date alone: no Tab to a reference it does not have.
        let sent = footer(&[Context::Sent], 60);
        assert!(sent.contains(&("Enter", "record")), "{sent:?}");
        assert!(!sent.iter().any(|(k, _)| *k == "Tab"), "{sent:?}");
        let s = ev(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Review, &s), Some(Action::MarkSent));
    }

    #[test]
    fn help_lists_the_current_screen_first_without_duplicates() {
        let sections = help_sections(&[Context::Review, Context::Global]);
        assert_eq!(sections[0].0, Context::Review);
        assert_eq!(sections.len(), Context::ALL.len());
        for (c, rows) in &sections {
            let mut shown: Vec<_> = rows.iter().map(|(s, _)| *s).collect();
            shown.dedup();
            assert_eq!(shown.len(), rows.len(), "{c:?} repeats a row");
        }
    }
}
