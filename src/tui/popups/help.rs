//! Help (F1, ?): the keys of the screen in use first, then every other key, all from the
//! keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, frame_box, hint_line};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct HelpPopup {
    pub scroll: u16,
    /// The contexts of what had focus when help was asked for.
    pub first: Vec<Context>,
}

impl HelpPopup {
    pub fn new(first: Vec<Context>) -> Self {
        Self { scroll: 0, first }
    }

    pub(crate) fn update(&mut self, action: Option<Action>) -> Vec<Msg> {
        match action {
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::Back) => return vec![Msg::ClosePopup],
            _ => {}
        }
        Vec::new()
    }

    /// Every row of the help.
    pub fn lines(&self, t: &Theme, width: u16) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for (n, (context, rows)) in keymap::help_sections(&self.first).into_iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            let title = if n == 0 {
                format!("{} (here)", context.title())
            } else {
                context.title().to_string()
            };
            lines.push(Line::styled(title, t.label()));
            for (keys, help) in rows {
                let room = width.saturating_sub(15) as usize;
                for (i, l) in crate::text::wrap(help, room).into_iter().enumerate() {
                    let k = if i == 0 { keys } else { "" };
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {}", crate::text::pad(k, 12)), t.key()),
                        Span::raw(l),
                    ]));
                }
            }
            lines.push(Line::raw(""));
        }
        lines
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let rect = centered(area, 80, area.height.saturating_sub(2));
        let inner = frame_box(frame, rect, "Keys", t.title());
        let [body, keys] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let lines = self.lines(t, body.width);
        let most = (lines.len() as u16).saturating_sub(body.height);
        frame.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(most), 0)),
            body,
        );
        frame.render_widget(hint_line(t, Context::Help, keys.width), keys);
    }
}
