//! Multi-line text: Enter is a new line; ↑ on the first line and ↓ on the last leave the
//! field, so the arrows never trap the cursor.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Reply;
use super::text::TextInput;
use crate::tui::action::Action;

/// Lines shown at most while typing.
const MAX_HEIGHT: u16 = 6;

#[derive(Debug)]
pub struct MultiLineField {
    pub input: TextInput,
}

impl MultiLineField {
    pub fn new(text: &str) -> Self {
        Self {
            input: TextInput::new(text),
        }
    }

    /// Lines the text area takes: its lines and one to grow into.
    pub fn height(&self) -> u16 {
        (self.input.area.lines().len() as u16 + 1).clamp(2, MAX_HEIGHT)
    }

    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        match action {
            Action::Select => self
                .input
                .type_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Action::ClearToStart => self.input.clear_to_start(),
            Action::ExternalEditor => Reply::External(self.input.text()),
            _ => Reply::Ignored,
        }
    }

    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Reply {
        let row = self.input.area.cursor().0;
        let last = self.input.area.lines().len().saturating_sub(1);
        match key.code {
            KeyCode::Up if key.modifiers.is_empty() && row == 0 => Reply::Prev,
            KeyCode::Down if key.modifiers.is_empty() && row == last => Reply::Next,
            _ => self.input.type_key(key),
        }
    }
}
