//! Journey: the seven steps, their forms with status and progress, what to do, who to
//! contact, and the selected form's deadlines from the timeline.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::change::upgrade;
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::DraftReport;
use crate::domain::timeline::{self, Standing};
use crate::domain::values::status::FormStatus;
use crate::text::{pad, wrap};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::msg::{Msg, To};
use crate::tui::session::{Cx, Look};

/// Form ids in journey order.
pub(crate) fn form_ids(forms: &FormSet) -> Vec<String> {
    forms.forms().iter().map(|f| f.id.clone()).collect()
}

/// The journey: the selected form (a form opened from elsewhere is selected when the
/// journey is back), the scroll of what to do, and every form's validation as last
/// checked (at the draft's revision), checked again when the draft changes, not with
/// every frame.
#[derive(Debug, Default)]
pub struct JourneyScreen {
    pub cursor: usize,
    /// The first line shown of the right pane (what to do), PgUp/PgDn.
    pub scroll: u16,
    checked: Option<(u64, DraftReport)>,
}

impl JourneyScreen {
    /// Checks every form again if the draft changed since they were last checked.
    pub(crate) fn refresh(&mut self, look: Look<'_>) {
        if self
            .checked
            .as_ref()
            .is_none_or(|(at, _)| *at != look.s.revision)
        {
            self.checked = Some((look.s.revision, draft_report(look)));
        }
    }

    /// A key on the journey.
    pub(crate) fn update(&mut self, cx: &mut Cx<'_>, action: Action) -> Vec<Msg> {
        let ids = form_ids(cx.forms);
        // The pane's lines at its narrowest (80 columns): no scroll goes past them.
        let most = wrapped_lines(&info(cx.look(), self.cursor, NARROWEST), NARROWEST);
        let s = self;
        let selected = ids.get(s.cursor).cloned();
        if matches!(action, Action::Up | Action::Down) {
            s.scroll = 0;
        }
        match (action, selected) {
            (Action::Up, _) => s.cursor = s.cursor.saturating_sub(1),
            (Action::Down, _) => s.cursor = (s.cursor + 1).min(ids.len().saturating_sub(1)),
            (Action::First, _) => s.cursor = 0,
            (Action::Last, _) => s.cursor = ids.len().saturating_sub(1),
            // Clamped where it is drawn (the pane's height is known there).
            (Action::PageDown, _) => s.scroll = s.scroll.saturating_add(PAGE).min(most as u16),
            (Action::PageUp, _) => s.scroll = s.scroll.saturating_sub(PAGE),
            (Action::Select, Some(id)) => cx.send(Msg::Go(To::Form { id, field: None })),
            (Action::Review, Some(id)) => cx.send(Msg::Go(To::Review(id))),
            (Action::MarkSent | Action::MarkAcknowledged, Some(id)) => cx.ask_sending(&id, action),
            (Action::Deadlines, _) => cx.send(Msg::Go(To::Deadlines)),
            (Action::Back, _) => cx.send(Msg::Back),
            _ => {}
        }
        std::mem::take(&mut cx.msgs)
    }

    pub fn render(&self, look: Look<'_>, frame: &mut Frame, area: Rect) {
        let Some((_, report)) = &self.checked else {
            return;
        };
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        let title = format!(
            " Journey · {}/{} required ",
            report.required_answered(),
            report.required_total()
        );
        let width = left.width.saturating_sub(2) as usize;
        let (lines, selected) = steps(look, report, self.cursor, width);
        // Keep the selected form in view, a line of context below it.
        let room = left.height.saturating_sub(2) as usize;
        let skip = (selected + 2).saturating_sub(room) as u16;
        frame.render_widget(
            Paragraph::new(lines)
                .scroll((skip, 0))
                .block(Block::default().borders(Borders::ALL).title(title)),
            left,
        );
        let width = right.width.saturating_sub(2) as usize;
        let lines = info(look, self.cursor, width);
        // Scrolled by PgUp/PgDn, never past its last page; the title says when more is below.
        let total = wrapped_lines(&lines, width);
        let room = right.height.saturating_sub(2) as usize;
        let scroll = (self.scroll as usize).min(total.saturating_sub(room));
        let down = keymap::shown_for(Context::Journey, Action::PageDown).unwrap_or("PgDn");
        let up = keymap::shown_for(Context::Journey, Action::PageUp).unwrap_or("PgUp");
        let title = match (scroll > 0, scroll + room < total) {
            (_, true) => format!(" What to do · {down}: more "),
            (true, false) => format!(" What to do · {up}: back up "),
            (false, false) => " What to do ".to_string(),
        };
        let block = Block::default().borders(Borders::ALL).title(title);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0)),
            right,
        );
    }
}

/// Columns after a form's title: mark, status, progress.
const STATUS: usize = 11;
const PROGRESS: usize = 7;

/// Lines PgUp/PgDn scroll the journey's right pane.
const PAGE: u16 = 10;

/// Columns inside the right pane on an 80-column screen.
const NARROWEST: usize = 30;

/// How many lines `lines` take wrapped in `width` columns.
fn wrapped_lines(lines: &[Line<'_>], width: usize) -> usize {
    lines
        .iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            wrap(&text, width).len()
        })
        .sum()
}

/// Every form's validation as the wizard counts it (documents on disk included).
pub(crate) fn draft_report(look: Look<'_>) -> DraftReport {
    DraftReport {
        forms: (look.forms.forms().iter())
            .map(|f| look.s.report(look.forms, f, look.today))
            .collect(),
    }
}

/// The steps and their forms (titles wrap in their column, status and count stay whole),
/// and the line of the selected form.
fn steps(
    look: Look<'_>,
    report: &DraftReport,
    cursor: usize,
    width: usize,
) -> (Vec<Line<'static>>, usize) {
    let (t, s, forms) = (look.theme, look.s, look.forms);
    let ids = form_ids(forms);
    let selected = ids.get(cursor);
    let title_room = width.saturating_sub(5 + STATUS + PROGRESS + 2).max(10);
    let mut lines = Vec::new();
    let mut at = 0;
    for step in &forms.journey().steps {
        let title = format!("{}. {}", step.number, step.title);
        for (n, l) in wrap(&title, width.saturating_sub(3))
            .into_iter()
            .enumerate()
        {
            let indent = if n == 0 { "" } else { "   " };
            lines.push(Line::styled(format!("{indent}{l}"), t.label()));
        }
        for id in &step.forms {
            let Some(form) = forms.form(id) else {
                continue;
            };
            let r = report.form(id);
            // The status by validation, as the form and the review say it.
            let stored = s.draft.status(id);
            let status = r.map_or(stored, |r| r.standing(stored));
            let (mark, style) = match status {
                FormStatus::Finalized => ("■", t.ok()),
                FormStatus::Complete => ("✓", t.ok()),
                FormStatus::NotStarted => ("○", t.dim()),
                FormStatus::InProgress => ("•", t.warning()),
            };
            let progress = r
                .map(|r| format!("{}/{}", r.required_answered, r.required_total))
                .unwrap_or_default();
            let style = if Some(id) == selected {
                at = lines.len();
                t.selected()
            } else {
                style
            };
            for (n, part) in wrap(&form.title, title_room).into_iter().enumerate() {
                let text = if n == 0 {
                    format!(
                        "  {mark} {} {} {progress:>PROGRESS$}",
                        pad(&part, title_room),
                        pad(status.label(), STATUS)
                    )
                } else {
                    format!("    {}", pad(&part, title_room))
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
        }
    }
    (lines, at)
}

/// The selected form's step: what to do, whom to contact, its exports, the key dates.
fn info(look: Look<'_>, cursor: usize, width: usize) -> Vec<Line<'static>> {
    let (t, s, forms) = (look.theme, look.s, look.forms);
    let ids = form_ids(forms);
    let selected = ids.get(cursor);
    let form = selected.and_then(|id| forms.form(id));
    let mut info = Vec::new();
    if let Some(step) =
        form.and_then(|f| forms.journey().steps.iter().find(|st| st.number == f.step))
    {
        info.push(Line::styled(
            format!("Step {}: {}", step.number, step.title),
            t.title(),
        ));
        if let Some(form) = form {
            info.extend(standing_lines(look, form, width));
        }
        info.push(Line::raw(""));
        info.push(Line::raw(step.what_to_do.clone()));
        info.push(Line::raw(""));
        info.push(Line::from(vec![
            Span::styled("Contact: ", t.label()),
            Span::raw(step.contact.clone()),
        ]));
    }
    if let Some(form) = form.filter(|f| f.submit_to.is_some()) {
        let to = crate::domain::rules::recipient::recipient_of(forms, &s.draft, form);
        let to = to.unwrap_or_else(|| "(the address is not answered yet)".into());
        info.push(Line::from(vec![
            Span::styled("Send to: ", t.label()),
            Span::raw(to),
        ]));
    }
    if let Some(id) = selected {
        info.extend(form_news(look, id));
    }
    if let Some(id) = selected {
        info.extend(deadline_lines(look, id));
    }
    info
}

/// The selected form's deadlines as the timeline lists them, or the draft's next three
/// when the form has none (the Deadlines view has them all).
fn deadline_lines(look: Look<'_>, id: &str) -> Vec<Line<'static>> {
    let (t, s, forms, today) = (look.theme, look.s, look.forms, look.today);
    let all = timeline::deadlines(forms, &s.draft, today);
    let mine: Vec<_> = all.iter().filter(|d| d.form == id).cloned().collect();
    // A form without deadlines shows the draft's next ones.
    let (heading, list) = if mine.is_empty() {
        let next: Vec<_> = all
            .into_iter()
            .filter(|d| d.date >= today && !d.done)
            .take(3)
            .collect();
        ("Next deadlines", next)
    } else {
        ("Deadlines of this form", mine)
    };
    if list.is_empty() {
        return Vec::new();
    }
    let key = keymap::shown_for(Context::Journey, Action::Deadlines).unwrap_or_default();
    let mut out = vec![
        Line::raw(""),
        Line::styled(format!("{heading} ({key}: all of them)"), t.label()),
    ];
    for d in list {
        let style = match d.standing(today) {
            Standing::Overdue => t.error(),
            Standing::Soon => t.warning(),
            Standing::Done | Standing::Past => t.dim(),
            Standing::Later => Style::new(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {} {} ", d.date, d.weekday()), style),
            Span::raw(crate::text::visible(&d.title).into_owned()),
        ]));
        if let Some(note) = d.note() {
            out.push(Line::styled(format!("    {note}"), t.dim()));
        }
    }
    out
}

/// Where the selected form stands, one phrase a line so that each fits the narrow column
/// of an 80-column screen: finalized rev N, sent on, acknowledged on (ref), changed since.
fn standing_lines(
    look: Look<'_>,
    form: &crate::domain::form::schema::FormDef,
    width: usize,
) -> Vec<Line<'static>> {
    let (t, s) = (look.theme, look.s);
    let mut out = Vec::new();
    for part in finalized::standing_parts(look.forms, &s.draft, form) {
        let style = if part.starts_with("changed") {
            t.warning()
        } else {
            t.ok()
        };
        // Whole words; a longer phrase goes on under a two-column indent.
        let part = crate::text::visible(&part).into_owned();
        for line in crate::text::wrap_hanging(&part, width, "", "  ") {
            out.push(Line::styled(line, style));
        }
    }
    out
}

/// At most this many changes since finalizing are listed (the review lists them all).
const CHANGES_SHOWN: usize = 4;

/// What happened to a form: finalized, sent and acknowledged, what changed since it was
/// finalized, its last export, and a newer version of it.
fn form_news(look: Look<'_>, id: &str) -> Vec<Line<'static>> {
    let (t, s, forms) = (look.theme, look.s, look.forms);
    let mut info = Vec::new();
    if let Some(form) = forms.form(id) {
        let changes = finalized::changes(forms, &s.draft, form);
        for c in changes.iter().take(CHANGES_SHOWN) {
            let text = crate::text::visible(&c.to_string()).into_owned();
            info.push(Line::styled(format!("  {text}"), t.warning()));
        }
        if changes.len() > CHANGES_SHOWN {
            info.push(Line::styled(
                format!(
                    "  and {} more (see the review)",
                    changes.len() - CHANGES_SHOWN
                ),
                t.warning(),
            ));
        }
    }
    if let Some(state) = s.draft.forms.get(id)
        && let Some(exported) = &state.exported
    {
        let when = exported
            .at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M");
        info.push(Line::from(vec![
            Span::styled("Exported: ", t.label()),
            Span::raw(format!(
                "{when} ({}, form version {}{})",
                exported.format,
                exported.version,
                match exported.finalized {
                    Some(n) if n > 0 => format!(", finalized rev {n}"),
                    _ => String::new(),
                }
            )),
        ]));
    }
    for changed in upgrade::changed_forms(forms, &s.draft)
        .iter()
        .filter(|c| c.form == id)
    {
        let kept = upgrade::kept_aside_in(forms, &s.draft, id).len();
        info.push(Line::styled(
            format!(
                "This form changed: answered under version {}, now version {}; {} kept aside (see the review).",
                changed.answered_version,
                changed.current_version,
                crate::text::count(kept, "answer", "answers")
            ),
            t.warning(),
        ));
    }
    info
}
