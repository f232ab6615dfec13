//! Export the reviewed form: pick a format, then see what was written in a list that
//! scrolls within the screen, and why an export stopped part-way.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, frame_box, hint_line, wrapped};
use crate::export::Format;
use crate::tui::action::Action;
use crate::tui::effect::ExportResult;
use crate::tui::keymap::Context;
use crate::tui::msg::{Msg, Request};
use crate::tui::theme::Theme;

/// The choices: a label and the format (`None`: every form).
pub(crate) const CHOICES: [(&str, Option<Format>); 7] = [
    ("Summary, plain text (.txt)", Some(Format::Text)),
    ("Summary, Markdown (.md)", Some(Format::Markdown)),
    ("Answers, CSV for spreadsheets (.csv)", Some(Format::Csv)),
    ("Answers, JSON (.json)", Some(Format::Json)),
    ("Printable document (.pdf)", Some(Format::Pdf)),
    ("E-mail ready to send (.eml)", Some(Format::Eml)),
    (
        "Every form in the five formats above, a workbook (.xlsx), the e-mails",
        None,
    ),
];

/// What a key of the export dialog asked for.
enum Asked {
    Export,
    OpenEmail,
    Close,
}

#[derive(Debug)]
pub struct ExportPopup {
    pub form: String,
    pub cursor: usize,
    /// Where the last export went, and what it wrote.
    pub folder: Option<PathBuf>,
    pub written: Vec<PathBuf>,
    /// Why the last export stopped.
    pub stopped: Option<String>,
    /// The next export may replace files (the last one stopped on one that exists).
    pub overwrite: bool,
    /// First file of the list shown.
    pub scroll: usize,
    /// E-mails attach the answers as JSON too (off until the user asks).
    pub attach_json: bool,
}

impl ExportPopup {
    pub fn new(form: &str) -> Self {
        Self {
            form: form.into(),
            cursor: 5,
            folder: None,
            written: Vec::new(),
            stopped: None,
            overwrite: false,
            scroll: 0,
            attach_json: false,
        }
    }

    pub(crate) fn update(&mut self, action: Option<Action>) -> Vec<Msg> {
        let chosen = self.cursor;
        let asked = self.choose(action);
        // Replacing was offered for the export that met the files, not for another one.
        if self.cursor != chosen {
            self.overwrite = false;
        }
        let request = match asked {
            None => return Vec::new(),
            Some(Asked::Close) => return vec![Msg::ClosePopup],
            Some(Asked::Export) => Request::Export {
                form: self.form.clone(),
                format: CHOICES[self.cursor].1,
                overwrite: self.overwrite,
                attach_json: self.attach_json,
            },
            Some(Asked::OpenEmail) => Request::OpenEmail {
                form: self.form.clone(),
                written: self.email().cloned(),
            },
        };
        vec![Msg::Request(request)]
    }

    fn choose(&mut self, action: Option<Action>) -> Option<Asked> {
        match action {
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(CHOICES.len() - 1),
            Some(Action::First) => self.cursor = 0,
            Some(Action::Last) => self.cursor = CHOICES.len() - 1,
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(5),
            Some(Action::PageDown) => {
                self.scroll = (self.scroll + 5).min(self.written.len().saturating_sub(1))
            }
            Some(Action::Pick(n)) if (1..=CHOICES.len()).contains(&n) => {
                self.cursor = n - 1;
                return Some(Asked::Export);
            }
            Some(Action::Select) => return Some(Asked::Export),
            Some(Action::OpenFile) => return Some(Asked::OpenEmail),
            Some(Action::ToggleAttachJson) => self.attach_json = !self.attach_json,
            Some(Action::Back) => return Some(Asked::Close),
            _ => {}
        }
        None
    }

    /// The e-mail written last, to open.
    /// What the export did: the files written, or why it stopped (files that exist:
    /// Enter again replaces them).
    pub fn exported(&mut self, result: ExportResult) {
        self.overwrite = result.exists;
        self.stopped = result.stopped.map(|e| match result.existing {
            _ if !result.exists => e,
            0 | 1 => format!("{e}. Press Enter again to replace it."),
            n => format!("{e}. Press Enter again to replace these {n} files."),
        });
        self.folder = Some(result.folder);
        self.written = result.written;
        self.scroll = 0;
    }

    pub fn email(&self) -> Option<&PathBuf> {
        self.written
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "eml"))
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 84.min(area.width);
        let room = width.saturating_sub(2);
        let json = match self.attach_json {
            true => "E-mails attach the answers as JSON too (a: leave it out).",
            false => {
                "E-mails attach the printable copy and documents (a: add the answers as JSON)."
            }
        };
        let intro = wrapped(
            &format!("Incomplete forms are marked DRAFT and list their open items. {json}"),
            room,
            t.dim(),
        );
        let stopped = self
            .stopped
            .as_deref()
            .map(|e| wrapped(&format!("Stopped: {e}"), room, t.error()))
            .unwrap_or_default();
        // Every file if the screen has room; the list scrolls otherwise.
        let files = self.written.len() as u16 + 2 * u16::from(!self.written.is_empty());
        let wanted = intro.len() as u16
            + 1
            + CHOICES.len() as u16
            + 1
            + stopped.len() as u16
            + files
            + 1
            + 2;
        let rect = centered(area, width, wanted.min(area.height.saturating_sub(2)));
        let inner = frame_box(frame, rect, "Export", t.title());
        let [head, list, problem, written, keys] = Layout::vertical([
            Constraint::Length(intro.len() as u16 + 1),
            Constraint::Length(CHOICES.len() as u16 + 1),
            Constraint::Length(stopped.len() as u16),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(intro), head);
        frame.render_widget(Paragraph::new(self.choice_lines(t)), list);
        frame.render_widget(Paragraph::new(stopped), problem);
        frame.render_widget(
            Paragraph::new(self.written_lines(t, written.height, room)),
            written,
        );
        frame.render_widget(hint_line(t, Context::Export, width.saturating_sub(2)), keys);
    }

    fn choice_lines(&self, t: &Theme) -> Vec<Line<'static>> {
        CHOICES
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                let style = if i == self.cursor {
                    t.selected()
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(format!(" {} ", i + 1), t.key()),
                    Span::styled(label.to_string(), style),
                ])
            })
            .collect()
    }

    /// "Wrote N files to", the folder, then the files from `scroll`, as many as fit.
    fn written_lines(&self, t: &Theme, height: u16, width: u16) -> Vec<Line<'static>> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        if self.written.is_empty() || height < 3 {
            return Vec::new();
        }
        let n = self.written.len();
        let rows = (height as usize).saturating_sub(2);
        let first = self.scroll.min(n.saturating_sub(rows));
        let shown = if n > rows {
            format!(" (files {}-{} of {n})", first + 1, (first + rows).min(n))
        } else {
            String::new()
        };
        let clip = |s: &str| crate::text::clip(s, width as usize);
        let mut lines = vec![
            Line::styled(
                clip(&format!(
                    "Wrote {}{shown} to",
                    crate::text::count(n, "file", "files")
                )),
                t.ok(),
            ),
            Line::styled(clip(&format!("  {}", folder.display())), t.ok()),
        ];
        for p in self.written.iter().skip(first).take(rows) {
            let name = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            lines.push(Line::raw(clip(&format!("  {name}"))));
        }
        lines
    }
}
