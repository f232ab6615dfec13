//! The trash (`u` on the drafts screen): the drafts deleted from this folder, the last
//! first; Enter moves the chosen one back under its name.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{centered, error_lines, frame_box, hint_line, wrapped};
use crate::storage::trash::Trashed;
use crate::text::{clip, pad};
use crate::tui::action::Action;
use crate::tui::effect::{DraftChange, Effect};
use crate::tui::keymap::Context;
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct TrashPopup {
    pub entries: Vec<Trashed>,
    pub cursor: usize,
    /// Why the last restore was refused.
    pub error: Option<String>,
}

impl TrashPopup {
    pub fn new(entries: Vec<Trashed>) -> Self {
        Self {
            entries,
            cursor: 0,
            error: None,
        }
    }

    pub(crate) fn update(&mut self, action: Option<Action>) -> Vec<Msg> {
        let last = self.entries.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(last),
            Some(Action::First) => self.cursor = 0,
            Some(Action::Last) => self.cursor = last,
            Some(Action::Select) => {
                if let Some(t) = self.entries.get(self.cursor) {
                    return vec![Msg::Effect(Effect::Change(DraftChange::Restored {
                        entry: t.entry.clone(),
                        name: String::new(),
                    }))];
                }
            }
            Some(Action::Back) => return vec![Msg::ClosePopup],
            _ => {}
        }
        Vec::new()
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 70.min(area.width);
        let room = width.saturating_sub(2);
        let mut lines = wrapped(
            "Deleted drafts, the last first. Enter puts one back under its name, with its backup.",
            room,
            t.dim(),
        );
        lines.push(Line::raw(""));
        // Room for the intro, the error and the key line; the list scrolls in the rest.
        let error = error_lines(t, self.error.as_deref(), room);
        let fixed = lines.len() + error.len() + 2 + 2;
        let rows = (area.height.saturating_sub(2) as usize)
            .saturating_sub(fixed)
            .max(1);
        let first = (self.cursor + 1).saturating_sub(rows);
        for (i, d) in self.entries.iter().enumerate().skip(first).take(rows) {
            let style = if i == self.cursor {
                t.selected()
            } else {
                Style::new()
            };
            let backup = if d.backup { "with backup" } else { "" };
            let text = format!(
                " {} deleted {}  {backup}",
                pad(&d.name, 24),
                d.deleted.format("%Y-%m-%d %H:%M")
            );
            lines.push(Line::styled(clip(&text, room as usize), style));
        }
        lines.extend(error);
        lines.push(Line::raw(""));
        lines.push(hint_line(t, Context::Trash, room));
        let rect = centered(area, width, lines.len() as u16 + 2);
        let inner = frame_box(frame, rect, "Trash", t.title());
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
