//! A yes/no question before something that cannot be undone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{PopupReply, Purpose, centered, frame_box, hint_line, wrapped};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct ConfirmPopup {
    pub message: String,
    pub purpose: Purpose,
}

impl ConfirmPopup {
    pub fn handle(&mut self, action: Option<Action>) -> PopupReply {
        match action {
            Some(Action::Confirm) => PopupReply::Confirmed(self.purpose.clone(), String::new()),
            Some(Action::Cancel) => PopupReply::Close,
            _ => PopupReply::Stay,
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
