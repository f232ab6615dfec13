//! A message (something went wrong, or must be known): Enter or Esc closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{centered, frame_box, hint_line, wrapped};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct MessagePopup {
    pub title: String,
    pub text: String,
}

impl MessagePopup {
    /// Enter or Esc closes it.
    pub(crate) fn update(&mut self, action: Option<Action>) -> Vec<Msg> {
        match action {
            Some(Action::Back) => vec![Msg::ClosePopup],
            _ => Vec::new(),
        }
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 70.min(area.width);
        let mut lines = wrapped(&self.text, width.saturating_sub(2), Style::new());
        lines.push(Line::raw(""));
        lines.push(hint_line(t, Context::Message, width.saturating_sub(2)));
        let rect = centered(area, width, lines.len() as u16 + 2);
        let inner = frame_box(frame, rect, &self.title, t.error());
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

use ratatui::style::Style;
