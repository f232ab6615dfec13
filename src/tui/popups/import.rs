//! Import a file `export` wrote into the reviewed form: first its path, then what it
//! would change (the plan `clec-wizard import --dry-run` prints) or why it is refused;
//! `y` applies all of it, Esc or `n` changes nothing.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{centered, error_lines, frame_box, hint_line, wrapped};
use crate::domain::change::import::Entry;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::fields::text::TextInput;
use crate::tui::keymap::Context;
use crate::tui::msg::{Msg, Request};
use crate::tui::theme::Theme;

/// What the file would do, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// Accepted: the changes (`path: old -> new`, rows added) and the notes.
    Changes {
        changes: Vec<String>,
        notes: Vec<String>,
    },
    /// Refused: nothing can be applied; every refused value, where it is in the file.
    Refused(Vec<String>),
}

/// The file read and its plan.
#[derive(Debug)]
pub struct Listed {
    pub file: PathBuf,
    pub entries: Vec<Entry>,
    pub listing: Listing,
    /// First line of the list shown.
    pub scroll: usize,
}

#[derive(Debug)]
pub struct ImportPopup {
    pub form: String,
    pub input: TextInput,
    /// Why the file cannot be read or applied.
    pub error: Option<String>,
    /// Once read: what it would change (then the keys are the list's).
    pub listed: Option<Listed>,
}

impl ImportPopup {
    /// Asks for the file to import into `form`, the path typed from `initial`.
    pub fn new(form: &str, initial: &str) -> Self {
        Self {
            form: form.into(),
            input: TextInput::new(initial),
            error: None,
            listed: None,
        }
    }

    /// The keys in use: the path's, or the list's once the file is read.
    pub(crate) fn context(&self) -> Context {
        match self.listed {
            Some(_) => Context::ImportList,
            None => Context::Import,
        }
    }

    /// The file was read and planned: list it.
    pub fn list(&mut self, file: PathBuf, entries: Vec<Entry>, listing: Listing) {
        self.error = None;
        self.listed = Some(Listed {
            file,
            entries,
            listing,
            scroll: 0,
        });
    }

    pub(crate) fn update(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Msg> {
        match &mut self.listed {
            None => match action {
                Some(Action::Confirm) => {
                    let text = self.input.text().trim().to_string();
                    if text.is_empty() {
                        self.error = Some("Type the path of the file to import.".into());
                        return Vec::new();
                    }
                    self.error = None;
                    vec![Msg::Effect(Effect::ReadImport {
                        form: self.form.clone(),
                        file: PathBuf::from(text),
                    })]
                }
                Some(Action::Cancel) => vec![Msg::ClosePopup],
                Some(Action::ClearToStart) => {
                    self.input.clear_to_start();
                    Vec::new()
                }
                _ => {
                    self.input.type_key(key);
                    Vec::new()
                }
            },
            Some(listed) => {
                let lines = listed.lines().len();
                match action {
                    Some(Action::Confirm) => match &listed.listing {
                        Listing::Refused(_) => {
                            self.error = Some(
                                "Nothing can be imported from this file: correct the values listed and import it again.".into(),
                            );
                            Vec::new()
                        }
                        Listing::Changes { changes, .. } if changes.is_empty() => vec![
                            Msg::ClosePopup,
                            Msg::Info(
                                "Nothing to change: the file says what the draft has.".into(),
                            ),
                        ],
                        Listing::Changes { .. } => vec![Msg::Request(Request::Import {
                            form: self.form.clone(),
                            file: listed.file.clone(),
                            entries: listed.entries.clone(),
                        })],
                    },
                    Some(Action::Cancel) => vec![Msg::ClosePopup],
                    Some(Action::Up) => {
                        listed.scroll = listed.scroll.saturating_sub(1);
                        Vec::new()
                    }
                    Some(Action::Down) => {
                        listed.scroll = (listed.scroll + 1).min(lines.saturating_sub(1));
                        Vec::new()
                    }
                    Some(Action::PageUp) => {
                        listed.scroll = listed.scroll.saturating_sub(10);
                        Vec::new()
                    }
                    Some(Action::PageDown) => {
                        listed.scroll = (listed.scroll + 10).min(lines.saturating_sub(1));
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
        }
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        match &self.listed {
            None => super::input_dialog(
                (t, frame, area),
                (
                    "Import",
                    &format!(
                        "A file clec-wizard exported (xlsx, CSV or JSON), edited: its answers of {} are checked as if typed here, and listed before anything changes.",
                        self.form
                    ),
                ),
                &[("File: ", &self.input)],
                self.error.as_deref(),
                Context::Import,
            ),
            Some(listed) => self.render_list(listed, t, frame, area),
        }
    }

    fn render_list(&self, listed: &Listed, t: &Theme, frame: &mut Frame, area: Rect) {
        let width = 100.min(area.width);
        let room = width.saturating_sub(2);
        // The file's name: its path was just typed, and the list names it so.
        let name = listed.file.file_name().map_or_else(
            || listed.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let name = crate::text::visible(&name).into_owned();
        let (head, style) = match &listed.listing {
            Listing::Refused(r) => (
                format!(
                    "Refused: nothing can be imported; {} of {name}:",
                    crate::text::count(r.len(), "value", "values")
                ),
                t.error(),
            ),
            Listing::Changes { changes, .. } if changes.is_empty() => (
                format!("Nothing to change: {name} says what the draft has."),
                t.ok(),
            ),
            Listing::Changes { changes, .. } => (
                format!(
                    "{} from {name} (nothing changed yet; y applies them all, Ctrl-Z takes them back):",
                    crate::text::count(changes.len(), "change", "changes")
                ),
                t.ok(),
            ),
        };
        let head = wrapped(&head, room, style);
        let error = error_lines(t, self.error.as_deref(), room);
        let lines = listed.lines();
        let wanted = head.len() + lines.len() + error.len() + 2 + 2;
        let height = (wanted as u16).min(area.height.saturating_sub(2));
        let inner = frame_box(frame, centered(area, width, height), "Import", t.title());
        let [h, list, problem, _, keys] = Layout::vertical([
            Constraint::Length(head.len() as u16),
            Constraint::Fill(1),
            Constraint::Length(error.len() as u16),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(head), h);
        let first = listed
            .scroll
            .min(lines.len().saturating_sub(list.height as usize));
        let shown: Vec<Line<'static>> = lines
            .iter()
            .skip(first)
            .take(list.height as usize)
            .map(|l| {
                let style = match &listed.listing {
                    Listing::Refused(_) => t.error(),
                    Listing::Changes { .. } if l.starts_with("note:") => t.warning(),
                    Listing::Changes { .. } => Style::new(),
                };
                Line::styled(crate::text::clip(&format!("  {l}"), room as usize), style)
            })
            .collect();
        frame.render_widget(Paragraph::new(shown), list);
        frame.render_widget(Paragraph::new(error), problem);
        frame.render_widget(hint_line(t, Context::ImportList, room), keys);
    }
}

impl Listed {
    /// The list's lines: each change (or refusal), then each note, safe to print.
    pub fn lines(&self) -> Vec<String> {
        let all: Vec<String> = match &self.listing {
            Listing::Refused(refusals) => refusals.clone(),
            Listing::Changes { changes, notes } => changes
                .iter()
                .cloned()
                .chain(notes.iter().map(|n| format!("note: {n}")))
                .collect(),
        };
        all.into_iter()
            .map(|l| crate::text::visible(&l).into_owned())
            .collect()
    }
}
