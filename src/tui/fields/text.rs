//! One-line text (and identifiers, numbers, e-mail...): a text area whose Enter and
//! arrows move between fields. [`TextInput`] is the text area the other typed kinds share.

use crossterm::event::KeyEvent;
use ratatui::style::Style;
use ratatui::text::Line;
use tui_textarea::{CursorMove, TextArea};

use super::{Page, Reply};
use crate::domain::change::edit::Edit;
use crate::tui::action::Action;

/// A text area and what it started with (to know whether it changed).
#[derive(Debug)]
pub struct TextInput {
    pub area: TextArea<'static>,
    original: String,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
        area.set_cursor_line_style(Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Self {
            area,
            original: text.to_string(),
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The text typed since the field was focused or last stored, as an edit.
    pub fn pending(&self) -> Option<Edit> {
        let text = self.text();
        if text == self.original {
            return None;
        }
        Some(if text.trim().is_empty() {
            Edit::Clear
        } else {
            Edit::Lenient(text)
        })
    }

    /// What is typed now has been stored.
    pub fn stored(&mut self) {
        self.original = self.text();
    }

    /// Replaces the whole text (it counts as typed).
    pub(crate) fn set_text(&mut self, text: &str) {
        let original = std::mem::take(&mut self.original);
        *self = Self {
            original,
            ..Self::new(text)
        };
    }

    /// Inserts text at the cursor; true when it changed anything.
    pub fn insert(&mut self, text: &str) -> bool {
        !text.is_empty() && self.area.insert_str(text)
    }

    /// Undoes typing that is not stored yet.
    pub fn undo(&mut self) -> bool {
        self.pending().is_some() && self.area.undo()
    }

    /// Ctrl-U: clears the line before the cursor, as in a shell.
    pub(crate) fn clear_to_start(&mut self) -> Reply {
        if self.area.delete_line_by_head() {
            Reply::Typed
        } else {
            Reply::Handled
        }
    }

    /// A key for the text area itself: typing, or moving the cursor.
    pub(crate) fn type_key(&mut self, key: KeyEvent) -> Reply {
        if self.area.input(key) {
            Reply::Typed
        } else {
            Reply::Moved
        }
    }
}

/// A one-line text field.
#[derive(Debug)]
pub struct TextField {
    pub input: TextInput,
    /// The default the field offers while it is empty (Enter accepts it).
    pub default: Option<String>,
}

impl TextField {
    pub fn new(text: &str) -> Self {
        Self {
            input: TextInput::new(&text.replace('\n', " ")),
            default: None,
        }
    }

    /// Shows `default` in the empty field, dimmed, until Enter accepts it or typing
    /// replaces it.
    pub(crate) fn offer(&mut self, default: String) {
        // What Enter does is said under the field, wrapped (see [`super::offered`]).
        self.input.area.set_placeholder_text(default.clone());
        self.default = Some(default);
    }

    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        match action {
            Action::Select if self.input.text().is_empty() && self.default.is_some() => {
                Reply::SetAndNext(Edit::Value(self.default.clone().unwrap_or_default()))
            }
            Action::Select | Action::Down => Reply::Next,
            Action::Up => Reply::Prev,
            Action::ClearToStart => self.input.clear_to_start(),
            Action::ExternalEditor => Reply::External(self.input.text()),
            _ => Reply::Ignored,
        }
    }

    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Reply {
        self.input.type_key(key)
    }
}

/// Reserves `height` blank lines where the text area is drawn.
pub(crate) fn reserve(page: &mut Page, height: u16) {
    page.text_area = Some((page.lines.len(), height));
    for _ in 0..height {
        page.lines.push(Line::raw(""));
    }
}
