//! A yes/no question before something that cannot be undone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Purpose, centered, frame_box, hint_line, wrapped};
use crate::domain::change::edit::Edit;
use crate::tui::action::Action;
use crate::tui::effect::{DraftChange, Effect};
use crate::tui::keymap::Context;
use crate::tui::msg::{Msg, Request};
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct ConfirmPopup {
    pub message: String,
    pub purpose: Purpose,
}

impl ConfirmPopup {
    pub(crate) fn update(&mut self, action: Option<Action>) -> Vec<Msg> {
        match action {
            Some(Action::Confirm) => confirmed(self.purpose.clone(), String::new()),
            Some(Action::Cancel) => vec![Msg::ClosePopup],
            _ => Vec::new(),
        }
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 64.min(area.width);
        let mut lines = wrapped(&self.message, width.saturating_sub(2), Style::new());
        lines.push(Line::raw(""));
        lines.push(hint_line(t, Context::Confirm, width.saturating_sub(2)));
        let rect = centered(area, width, lines.len() as u16 + 2);
        let inner = frame_box(frame, rect, "Confirm", t.warning());
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// What the user said yes to (with the text typed, for a prompt). A change of the drafts
/// closes the dialog once done (its refusal shows in it).
pub(crate) fn confirmed(purpose: Purpose, text: String) -> Vec<Msg> {
    let change = |c| vec![Msg::Effect(Effect::Change(c))];
    let request = |r| vec![Msg::Request(r)];
    match purpose {
        Purpose::NewDraft => change(DraftChange::Created(text)),
        Purpose::Duplicate(from) => change(DraftChange::Copied { from, to: text }),
        Purpose::Rename(from) => change(DraftChange::Renamed { from, to: text }),
        Purpose::Delete(name) => change(DraftChange::Deleted(name)),
        Purpose::NotApplicable(key) => request(Request::Special {
            key,
            edit: Edit::NotApplicable(text),
        }),
        Purpose::AskLater(key) => request(Request::Special {
            key,
            edit: Edit::AskLater(text),
        }),
        Purpose::QuitWithoutSaving => request(Request::Quit),
        Purpose::Finalize(id) => vec![Msg::ClosePopup, Msg::Request(Request::Finalize(id))],
        Purpose::Reopen(id) => vec![Msg::ClosePopup, Msg::Request(Request::Reopen(id))],
    }
}
