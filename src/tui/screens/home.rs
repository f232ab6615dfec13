//! Home: the drafts, with company, last change and completion per step, and a legend of
//! the columns. New, copy, rename and delete ask in a dialog; delete moves the draft to
//! the trash, and `u` lists the trash to bring one back. The disk work is an effect.

use chrono::{DateTime, Local, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::validate::{FormReport, validate_draft};
use crate::text::{clip, pad};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{self, Context};
use crate::tui::msg::Msg;
use crate::tui::popups::confirm::ConfirmPopup;
use crate::tui::popups::prompt::PromptPopup;
use crate::tui::popups::{Popup, Purpose};
use crate::tui::theme::Theme;
use std::path::Path;

/// The drafts screen.
#[derive(Debug, Default)]
pub struct HomeScreen {
    pub rows: Vec<DraftRow>,
    pub cursor: usize,
    /// The draft to select when the list is read next (a copy, a draft brought back).
    pub select: Option<String>,
}

/// One draft on the home screen.
#[derive(Debug, Clone)]
pub struct DraftRow {
    pub name: String,
    pub company: String,
    pub updated: Option<DateTime<Utc>>,
    /// Per journey step: all its forms complete?
    pub steps: Vec<bool>,
    pub answered: usize,
    pub total: usize,
    pub error: Option<String>,
}

impl DraftRow {
    /// A listed draft, summarized (or the reason it cannot be read).
    pub fn new(
        forms: &FormSet,
        today: chrono::NaiveDate,
        name: String,
        draft: Result<Draft, String>,
    ) -> Self {
        let draft = match draft {
            Ok(d) => d,
            Err(e) => {
                return Self {
                    name,
                    company: String::new(),
                    updated: None,
                    steps: Vec::new(),
                    answered: 0,
                    total: 0,
                    error: Some(e),
                };
            }
        };
        let report = validate_draft(forms, &draft, today);
        let steps = forms
            .journey()
            .steps
            .iter()
            .map(|s| {
                !s.forms.is_empty()
                    && s.forms
                        .iter()
                        .all(|f| report.form(f).is_some_and(FormReport::is_complete))
            })
            .collect();
        Self {
            name,
            company: draft.company().unwrap_or_default().to_string(),
            updated: Some(draft.updated),
            steps,
            answered: report.required_answered(),
            total: report.required_total(),
            error: None,
        }
    }
}

impl HomeScreen {
    /// A key on the drafts screen.
    pub(crate) fn update(&mut self, action: Action) -> Vec<Msg> {
        let home = self;
        let selected = home.rows.get(home.cursor).map(|d| d.name.clone());
        let popup = match (action, selected) {
            (Action::Up, _) => {
                home.cursor = home.cursor.saturating_sub(1);
                return Vec::new();
            }
            (Action::Down, _) => {
                home.cursor = (home.cursor + 1).min(home.rows.len().saturating_sub(1));
                return Vec::new();
            }
            (Action::First, _) => {
                home.cursor = 0;
                return Vec::new();
            }
            (Action::Last, _) => {
                home.cursor = home.rows.len().saturating_sub(1);
                return Vec::new();
            }
            (Action::RestoreDraft, _) => return vec![Msg::Effect(Effect::ListTrash)],
            (Action::Select, Some(name)) => {
                return vec![Msg::Effect(Effect::OpenDraft {
                    name,
                    form: None,
                    create: false,
                })];
            }
            (Action::NewDraft, _) => PromptPopup::new(
                "New draft",
                "Name: letters, digits, - _ . (e.g. acme-fiber)",
                "",
                Purpose::NewDraft,
            ),
            (Action::DuplicateDraft, Some(name)) => PromptPopup::new(
                "Copy draft",
                &format!("Copy {name} as:"),
                &format!("{name}-copy"),
                Purpose::Duplicate(name),
            ),
            (Action::RenameDraft, Some(name)) => PromptPopup::new(
                "Rename draft",
                &format!("New name for {name}:"),
                &name,
                Purpose::Rename(name.clone()),
            ),
            (Action::DeleteDraft, Some(name)) => {
                let key = |c, a| keymap::shown_for(c, a).unwrap_or("?");
                let message = format!(
                    "Move draft {name} and its backup to the trash ({} in the drafts folder)? Press {} to move it; Enter keeps it. {} on the drafts screen brings it back.",
                    crate::storage::trash::TRASH,
                    key(Context::Confirm, Action::Confirm),
                    key(Context::Home, Action::RestoreDraft),
                );
                return vec![Msg::Popup(Popup::Confirm(ConfirmPopup {
                    message,
                    purpose: Purpose::Delete(name),
                }))];
            }
            _ => return Vec::new(),
        };
        vec![Msg::Popup(Popup::Prompt(Box::new(popup)))]
    }
}

/// Columns of the fixed parts of a row: name, last change, steps, required.
const NAME: usize = 16;
const CHANGED: usize = 16;
const STEPS: usize = 7;
const REQUIRED: usize = 9;

impl HomeScreen {
    /// Draws the drafts of the folder `saves_dir`.
    pub fn render(&self, t: &Theme, saves_dir: &Path, frame: &mut Frame, area: Rect) {
        let title = clip(
            &match crate::storage::location::reason_for(saves_dir) {
                Some(why) => format!(" Drafts in {} ({why}) ", saves_dir.display()),
                None => format!(" Drafts in {} ", saves_dir.display()),
            },
            area.width.saturating_sub(4) as usize,
        );
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = area.width.saturating_sub(2) as usize;
        let company = inner
            .saturating_sub(2 + NAME + CHANGED + STEPS + REQUIRED + 4)
            .max(8);
        let columns = ["draft", "company", "last change", "steps", "required"];
        let mut lines = vec![Line::styled(row(columns, company), t.dim())];
        if self.rows.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(crate::tui::popups::wrapped(
                "  No drafts yet. Press n to start one: a draft is one company's whole onboarding.",
                inner as u16,
                Style::new(),
            ));
        }
        // The legend stays at the bottom; the drafts scroll above it to keep the cursor shown.
        let legend = legend(t, inner);
        let room = (area.height.saturating_sub(2) as usize)
            .saturating_sub(lines.len() + legend.len() + 1)
            .max(1);
        let first = (self.cursor + 1).saturating_sub(room);
        for (i, d) in self.rows.iter().enumerate().skip(first).take(room) {
            let style = if i == self.cursor {
                t.selected()
            } else {
                Style::new()
            };
            lines.push(Line::styled(row_text(d, company, inner), style));
        }
        let gap =
            (area.height.saturating_sub(2) as usize).saturating_sub(lines.len() + legend.len());
        lines.extend(std::iter::repeat_n(Line::raw(""), gap));
        lines.extend(legend);
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

/// What the columns and marks say, each line wrapped to the box and indented.
fn legend(t: &Theme, width: usize) -> Vec<Line<'static>> {
    [
        "steps: one mark per journey step: ✓ all its forms complete, · not yet",
        "required: required answers given and valid / all required answers",
    ]
    .iter()
    .flat_map(|text| crate::text::wrap(text, width.saturating_sub(2)))
    .map(|line| Line::styled(format!("  {line}"), t.dim()))
    .collect()
}

/// One line of the table: every column padded (or clipped) to its width.
fn row(cells: [&str; 5], company: usize) -> String {
    let [name, firm, changed, steps, required] = cells;
    format!(
        "  {} {} {} {} {}",
        pad(name, NAME),
        pad(firm, company),
        pad(changed, CHANGED),
        pad(steps, STEPS),
        clip(required, REQUIRED)
    )
}

/// A draft's line: its name, company, last change, steps done and required answers.
fn row_text(d: &DraftRow, company: usize, width: usize) -> String {
    if let Some(e) = &d.error {
        let e = crate::text::visible(e);
        return clip(&format!("  {} unreadable: {e}", pad(&d.name, NAME)), width);
    }
    let steps: String = d
        .steps
        .iter()
        .map(|done| if *done { '✓' } else { '·' })
        .collect();
    let updated = d
        .updated
        .map(|u| u.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let shown = crate::text::visible(&d.company);
    let firm = if shown.is_empty() {
        "(no legal name yet)"
    } else {
        &shown
    };
    let required = format!("{}/{}", d.answered, d.total);
    row([&d.name, firm, &updated, &steps, &required], company)
}
