//! The header of a repeatable group: how many rows, and the key that adds one. The row
//! keys themselves (add, remove, move) are the form's: they change the draft.

use ratatui::text::{Line, Span};

use super::{Page, Reply};
use crate::domain::rules::view::Shown;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct GroupField;

impl GroupField {
    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        match action {
            Action::Up => Reply::Prev,
            Action::Down => Reply::Next,
            _ => Reply::Ignored,
        }
    }

    pub fn draw(&self, t: &Theme, shown: &Shown, indent: &str, page: &mut Page) {
        let n = match shown {
            Shown::Group(n) => *n,
            _ => 0,
        };
        let add = keymap::shown_for(Context::Group, Action::AddRow).unwrap_or("+");
        page.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(
                format!(
                    "{} · {add} adds a row",
                    crate::text::count(n, "row", "rows")
                ),
                t.dim(),
            ),
        ]));
    }
}
