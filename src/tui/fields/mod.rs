//! The editor of the focused field, one module per kind: its state, its keymap context,
//! its keys and its drawing side by side. The form screen asks the field first about the
//! keys of the field's own context, then takes the form's keys, then gives the field what
//! is left to type.

pub mod choice;
pub mod date;
pub mod document;
pub mod group;
pub mod multi;
pub mod multiline;
pub mod text;
pub mod yesno;

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use super::action::Action;
use super::keymap::Context;
use super::theme::Theme;
use crate::domain::change::edit::Edit;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::view::Shown;
use crate::domain::values::answer::Answer;

/// What a field did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Not the field's key.
    Ignored,
    /// Taken; nothing to store.
    Handled,
    /// The text being typed changed (it is stored when the field is left, and autosaved).
    Typed,
    /// Only the cursor moved in the text being typed.
    Moved,
    /// Store this answer and stay.
    Set(Edit),
    /// Store this answer and go to the next field.
    SetAndNext(Edit),
    Next,
    Prev,
    /// Edit this text in `$EDITOR`.
    External(String),
}

/// Lines of a form page being laid out: where the focused field starts and ends, and
/// where its text area goes (line index and height).
#[derive(Default)]
pub struct Page {
    pub lines: Vec<Line<'static>>,
    pub focus: Option<(usize, usize)>,
    pub text_area: Option<(usize, u16)>,
}

impl Page {
    /// Adds `text` wrapped to `width` columns, each line after `indent`.
    pub fn wrapped(
        &mut self,
        indent: &str,
        text: &str,
        width: usize,
        style: ratatui::style::Style,
    ) {
        let room = width.saturating_sub(crate::text::width(indent));
        // What a file holds is shown, never obeyed: controls appear as `\u{..}`.
        for l in crate::text::wrap(&crate::text::visible_lines(text), room) {
            self.lines.push(Line::styled(format!("{indent}{l}"), style));
        }
    }
}

/// The focused field's editor.
#[derive(Debug)]
pub enum Field {
    /// Nothing to edit: no focus, or a value shown but not typed.
    None,
    Text(text::TextField),
    MultiLine(multiline::MultiLineField),
    Date(date::DateField),
    Choice(choice::ChoiceField),
    Multi(multi::MultiField),
    YesNo(yesno::YesNoField),
    /// The header of a repeatable group.
    Group(group::GroupField),
}

impl Field {
    /// The editor for a field of this kind holding this answer; `preferred` values (the
    /// states the form's rules expect) are listed first in a state picker.
    pub fn new(kind: &FieldKind, answer: Option<&Answer>, preferred: &[String]) -> Field {
        let text = match answer {
            Some(Answer::Text(t)) => t.as_str(),
            _ => "",
        };
        match kind {
            FieldKind::YesNo => Field::YesNo(yesno::YesNoField),
            FieldKind::Choice { options, .. } => {
                let (options, first) = choice::preferred_first(choice::pairs(options), preferred);
                Field::Choice(choice::ChoiceField::offering(options, first, answer))
            }
            FieldKind::State { only } => {
                Field::Choice(choice::ChoiceField::states(*only, preferred, answer))
            }
            FieldKind::MultiChoice { options, .. } => {
                Field::Multi(multi::MultiField::new(choice::pairs(options), 0, answer))
            }
            FieldKind::States { only, .. } => {
                let (options, first) = choice::state_options(*only, preferred);
                Field::Multi(multi::MultiField::new(options, first, answer))
            }
            FieldKind::MultiLine { .. } => Field::MultiLine(multiline::MultiLineField::new(text)),
            FieldKind::Date { .. } => Field::Date(date::DateField::new(text)),
            k if k.group_fields().is_some() => Field::Group(group::GroupField),
            k if k.is_input() => Field::Text(text::TextField::new(text)),
            _ => Field::None,
        }
    }

    /// The keymap context of the field's own keys.
    pub(crate) fn context(&self) -> Option<Context> {
        Some(match self {
            Field::None => return None,
            Field::Text(_) => Context::Text,
            Field::MultiLine(_) => Context::MultiLine,
            Field::Date(_) => Context::Date,
            Field::Choice(_) => Context::Choice,
            Field::Multi(_) => Context::Multi,
            Field::YesNo(_) => Context::YesNo,
            Field::Group(_) => Context::Group,
        })
    }

    /// Whether plain characters are typed into the field (then `?` is a question mark).
    pub(crate) fn takes_text(&self) -> bool {
        matches!(
            self,
            Field::Text(_)
                | Field::MultiLine(_)
                | Field::Date(_)
                | Field::Choice(_)
                | Field::Multi(_)
        )
    }

    /// One of the field's own bindings.
    pub(crate) fn on_action(&mut self, action: Action, today: chrono::NaiveDate) -> Reply {
        match self {
            Field::None => Reply::Ignored,
            Field::Text(f) => f.on_action(action),
            Field::MultiLine(f) => f.on_action(action),
            Field::Date(f) => f.on_action(action, today),
            Field::Choice(f) => f.on_action(action),
            Field::Multi(f) => f.on_action(action),
            Field::YesNo(f) => f.on_action(action),
            Field::Group(f) => f.on_action(action),
        }
    }

    /// A key no binding took: typing.
    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match self {
            Field::Text(f) => f.on_key(key),
            Field::MultiLine(f) => f.on_key(key),
            Field::Date(f) => f.on_key(key),
            Field::Choice(f) => f.list.on_key(key),
            Field::Multi(f) => f.list.on_key(key),
            _ => Reply::Ignored,
        }
    }

    /// Pasted text (already cleaned for the field); false where nothing can be pasted.
    pub fn paste(&mut self, text: &str) -> bool {
        match self {
            Field::Text(f) => f.input.insert(text),
            Field::MultiLine(f) => f.input.insert(text),
            Field::Date(f) => f.input.insert(text),
            Field::Choice(f) => f.list.type_str(text),
            Field::Multi(f) => f.list.type_str(text),
            _ => false,
        }
    }

    /// Lines the field's text area takes (0 for fields without one).
    pub fn rows(&self) -> u16 {
        match self {
            Field::Text(_) | Field::Date(_) => 1,
            Field::MultiLine(f) => f.height(),
            _ => 0,
        }
    }

    /// Whether pasted text keeps its line breaks here.
    pub(crate) fn multi_line(&self) -> bool {
        matches!(self, Field::MultiLine(_))
    }

    /// What the field holds that is not stored yet: changed text, or a filter that leaves
    /// one option (leaving the field picks it).
    pub fn pending(&self) -> Option<Edit> {
        match self {
            Field::Text(f) => f.input.pending(),
            Field::MultiLine(f) => f.input.pending(),
            Field::Date(f) => f.input.pending(),
            Field::Choice(f) => f.pending(),
            Field::Multi(f) => f.pending(),
            _ => None,
        }
    }

    /// The pending text was stored.
    pub fn stored(&mut self) {
        match self {
            Field::Text(f) => f.input.stored(),
            Field::MultiLine(f) => f.input.stored(),
            Field::Date(f) => f.input.stored(),
            _ => {}
        }
    }

    /// Undoes typing not stored yet; false when there is none.
    pub(crate) fn undo_typing(&mut self) -> bool {
        match self {
            Field::Text(f) => f.input.undo(),
            Field::MultiLine(f) => f.input.undo(),
            Field::Date(f) => f.input.undo(),
            _ => false,
        }
    }

    /// The text being typed, for `$EDITOR` and tests.
    pub fn text(&self) -> Option<String> {
        match self {
            Field::Text(f) => Some(f.input.text()),
            Field::MultiLine(f) => Some(f.input.text()),
            Field::Date(f) => Some(f.input.text()),
            _ => None,
        }
    }

    /// Takes text back from `$EDITOR`.
    pub(crate) fn set_text(&mut self, text: &str) {
        match self {
            Field::Text(f) => f.input.set_text(text.lines().next().unwrap_or("")),
            Field::MultiLine(f) => f.input.set_text(text.trim_end()),
            Field::Date(f) => f.input.set_text(text.trim()),
            _ => {}
        }
    }

    /// The text area to draw over the lines the field reserved.
    pub fn area(&self) -> Option<&tui_textarea::TextArea<'static>> {
        match self {
            Field::Text(f) => Some(&f.input.area),
            Field::MultiLine(f) => Some(&f.input.area),
            Field::Date(f) => Some(&f.input.area),
            _ => None,
        }
    }

    /// Lays out the focused field's value lines (its label is the form's).
    pub fn draw(&self, t: &Theme, shown: &Shown, indent: &str, width: usize, page: &mut Page) {
        match self {
            Field::Text(f) => {
                text::reserve(page, 1);
                offered(t, f.default.as_deref(), &f.input, indent, width, page);
            }
            Field::Date(f) => {
                text::reserve(page, 1);
                offered(t, f.default.as_deref(), &f.input, indent, width, page);
            }
            Field::MultiLine(f) => text::reserve(page, f.height()),
            Field::Choice(f) => f.list.draw(t, indent, width, page, false),
            Field::Multi(f) => f.draw(t, indent, width, page),
            Field::YesNo(f) => f.draw(t, shown, indent, page),
            Field::Group(f) => f.draw(t, shown, indent, page),
            Field::None => {}
        }
    }
}

/// Under an empty field that offers a default (shown dimmed in it): what Enter does,
/// wrapped, so that no narrow screen cuts it.
fn offered(
    t: &Theme,
    default: Option<&str>,
    input: &text::TextInput,
    indent: &str,
    width: usize,
    page: &mut Page,
) {
    if default.is_some() && input.text().is_empty() {
        page.wrapped(
            indent,
            "the default: Enter accepts it, or type another",
            width,
            t.dim(),
        );
    }
}
