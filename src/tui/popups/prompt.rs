//! A one-line question: a draft's name, a not-applicable reason, an ask-later note.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use super::{Purpose, centered, frame_box, hint_line, wrapped};
use crate::tui::action::Action;
use crate::tui::fields::text::TextInput;
use crate::tui::keymap::Context;
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct PromptPopup {
    pub title: String,
    pub hint: String,
    pub input: TextInput,
    pub purpose: Purpose,
    pub error: Option<String>,
}

impl PromptPopup {
    pub fn new(title: &str, hint: &str, initial: &str, purpose: Purpose) -> Self {
        Self {
            title: title.into(),
            hint: hint.into(),
            input: TextInput::new(initial),
            purpose,
            error: None,
        }
    }

    pub(crate) fn update(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Msg> {
        match action {
            Some(Action::Confirm) => {
                let text = self.input.text().trim().to_string();
                return super::confirm::confirmed(self.purpose.clone(), text);
            }
            Some(Action::Cancel) => return vec![Msg::ClosePopup],
            Some(Action::ClearToStart) => {
                self.input.clear_to_start();
            }
            _ => {
                self.input.type_key(key);
            }
        }
        Vec::new()
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 64.min(area.width);
        let room = width.saturating_sub(2);
        let hint = wrapped(&self.hint, room, ratatui::style::Style::new());
        let error = self
            .error
            .as_deref()
            .map(|e| wrapped(e, room, t.error()))
            .unwrap_or_default();
        let height = (hint.len() + 1 + error.len() + 2) as u16 + 2;
        let rect = centered(area, width, height);
        let inner = frame_box(frame, rect, &self.title, t.title());
        let [h, field, problem, _, keys] = Layout::vertical([
            Constraint::Length(hint.len() as u16),
            Constraint::Length(1),
            Constraint::Length(error.len() as u16),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(hint), h);
        frame.render_widget(&self.input.area, field);
        frame.render_widget(Paragraph::new(error), problem);
        frame.render_widget(hint_line(t, Context::Prompt, width.saturating_sub(2)), keys);
    }
}
