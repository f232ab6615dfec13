//! Review: the open items of one form (Enter jumps to the field, Esc comes back), then
//! every answer by section; export, finalize and reopen from here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::change::edit;
use crate::domain::change::upgrade;
use crate::domain::form::schema::FormDef;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, ProblemKind};
use crate::domain::rules::view::{Shown, form_view, row_title};
use crate::domain::values::answer::Key;
use crate::domain::values::status::FormStatus;
use crate::storage::documents::DocumentProblem;
use crate::tui::action::Action;
use crate::tui::effect::{Effect, now};
use crate::tui::popups::acknowledged::AcknowledgedPopup;
use crate::tui::popups::confirm::ConfirmPopup;
use crate::tui::popups::export::ExportPopup;
use crate::tui::popups::sent::SentPopup;
use crate::tui::popups::{Popup, Purpose};
use crate::tui::screens::form;
use crate::tui::state::{App, READ_ONLY, Session, View};

/// The review of one form.
#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub form_id: String,
    pub cursor: usize,
    pub scroll: u16,
    /// Opened from this form and field (Ctrl-R): Esc goes back there.
    pub from_form: Option<FormReturn>,
}

/// Where a review opened from a form goes back to: the form, its field, and where the
/// form itself was opened from (its own Esc).
#[derive(Debug, Clone)]
pub struct FormReturn {
    pub form_id: String,
    pub field: Option<String>,
    pub from_review: Option<Box<ReviewScreen>>,
    pub from_deadlines: Option<super::deadlines::DeadlinesScreen>,
}

/// Shows the review of a form (the text being typed is stored first); its documents are
/// checked on disk by the effect returned. Opened from the form, Esc goes back to it.
pub fn open(app: &mut App, form_id: &str) -> Vec<Effect> {
    form::commit(app, false);
    let from_form = match app.session_mut().map(|s| &mut s.view) {
        Some(View::Form(f)) => Some(FormReturn {
            form_id: f.form_id.clone(),
            field: f.focus.clone(),
            from_review: f.from_review.take().map(Box::new),
            from_deadlines: f.from_deadlines.take(),
        }),
        _ => None,
    };
    show(
        app,
        ReviewScreen {
            form_id: form_id.into(),
            cursor: 0,
            scroll: 0,
            from_form,
        },
    )
}

/// Back from a review opened on a form: to that form and field, which goes back where
/// it came from in turn.
fn back_to_form(app: &mut App, to: FormReturn) {
    form::open(app, &to.form_id, to.field);
    if let Some(r) = to.from_review {
        form::came_from_review(app, *r);
    }
    if let Some(d) = to.from_deadlines {
        form::came_from_deadlines(app, d);
    }
}

/// Shows a review (back from a field) and checks its documents again.
pub fn show(app: &mut App, review: ReviewScreen) -> Vec<Effect> {
    let Some(s) = app.session_mut() else {
        return Vec::new();
    };
    let check = Effect::CheckDocuments {
        form: review.form_id.clone(),
        draft: Box::new(s.draft.clone()),
    };
    s.view = View::Review(review);
    vec![check]
}

/// The document problems found for a form: its open items count them from now on.
pub fn documents_checked(app: &mut App, form_id: &str, problems: Vec<DocumentProblem>) {
    if let Some(s) = app.session_mut() {
        s.documents.insert(form_id.to_string(), problems);
    }
    if app.form_screen().is_some_and(|f| f.form_id == form_id) {
        form::revalidate(app, None);
    }
}

/// The reviewed form's validation, its document problems among the open items (as
/// `validate` lists them, as the journey and the form count them).
pub fn report(app: &App, s: &Session, r: &ReviewScreen) -> Option<FormReport> {
    let form = app.forms.form(&r.form_id)?;
    Some(s.report(&app.forms, form, app.today))
}

/// Opens the dialog that records the day a form was sent, or CenturyLink's
/// acknowledgement (`MarkAcknowledged`), for `form_id`.
pub fn ask_sending(app: &mut App, form_id: &str, action: Action) {
    let Some(s) = app.session() else { return };
    if s.read_only() {
        app.error(READ_ONLY);
        return;
    }
    let Some(form) = app.forms.form(form_id) else {
        return;
    };
    let popup = if action == Action::MarkSent {
        Popup::Sent(Box::new(SentPopup::new(form_id, &form.title, app.today)))
    } else {
        let reference = s
            .draft
            .forms
            .get(form_id)
            .and_then(|f| f.acknowledged.as_ref()?.reference.clone())
            .unwrap_or_default();
        Popup::Acknowledged(Box::new(AcknowledgedPopup::new(
            form_id,
            &form.title,
            app.today,
            &reference,
        )))
    };
    app.popups.push(popup);
}

/// A key on the review.
pub fn handle(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(s) = app.session() else {
        return Vec::new();
    };
    let View::Review(r) = &s.view else {
        return Vec::new();
    };
    let r = r.clone();
    let items = report(app, s, &r).map(|r| r.problems).unwrap_or_default();
    if s.read_only() && matches!(action, Action::Finalize | Action::Reopen) {
        app.error(READ_ONLY);
        return Vec::new();
    }
    let mut moved = r.clone();
    match action {
        Action::Up => moved.cursor = r.cursor.saturating_sub(1),
        Action::Down => moved.cursor = (r.cursor + 1).min(items.len().saturating_sub(1)),
        Action::First => moved.cursor = 0,
        Action::Last => moved.cursor = items.len().saturating_sub(1),
        Action::PageUp => moved.scroll = r.scroll.saturating_sub(10),
        Action::PageDown => moved.scroll = r.scroll.saturating_add(10),
        Action::Back => match r.from_form {
            Some(to) => {
                back_to_form(app, to);
                return Vec::new();
            }
            None => moved.form_id.clear(),
        },
        Action::Select => {
            if let Some(p) = items.get(r.cursor) {
                // A row field's path opens at the group header if the row is gone.
                let form_id = Key::parse(&p.path).map_or(r.form_id.clone(), |k| k.form);
                // Esc on the field comes back to this review, which keeps its own way
                // back (to the form it was opened from).
                form::open(app, &form_id, Some(p.path.clone()));
                form::came_from_review(app, r);
            }
            return Vec::new();
        }
        Action::Export => {
            app.popups.push(Popup::Export(ExportPopup::new(&r.form_id)));
            return Vec::new();
        }
        Action::Finalize => {
            finalize(app, &r.form_id, false);
            return Vec::new();
        }
        Action::Reopen => {
            reopen(app, &r.form_id, false);
            return Vec::new();
        }
        Action::MarkSent | Action::MarkAcknowledged => {
            ask_sending(app, &r.form_id, action);
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    if let Some(s) = app.session_mut() {
        s.view = if moved.form_id.is_empty() {
            View::Journey
        } else {
            View::Review(moved)
        };
    }
    Vec::new()
}

/// Whether a finalized form shows something now that its finalized copy does not (then
/// finalizing it again makes a new revision).
pub fn changed_since_finalized(app: &App, s: &Session, form_id: &str) -> bool {
    app.forms
        .form(form_id)
        .is_some_and(|form| !finalized::changes(&app.forms, &s.draft, form).is_empty())
}

/// Finalizes a complete form (a new revision when it changed since it was finalized);
/// with warnings open, only once `confirmed`.
pub fn finalize(app: &mut App, form_id: &str, confirmed: bool) {
    let Some(s) = app.session() else { return };
    let finalized = s.draft.status(form_id) == FormStatus::Finalized;
    if finalized && !changed_since_finalized(app, s, form_id) {
        let revision = finalized::in_force(&s.draft, form_id).map_or(1, |c| c.revision);
        app.info(format!(
            "Already finalized (rev {revision}) and unchanged since: nothing to finalize again."
        ));
        return;
    }
    let warnings = app.forms.form(form_id).map_or(0, |form| {
        let report = s.report(&app.forms, form, app.today);
        match report.is_complete() {
            true => report.problems.len(),
            false => 0,
        }
    });
    if warnings > 0 && !confirmed {
        app.popups.push(Popup::Confirm(ConfirmPopup {
            message: format!(
                "{warnings} warning(s) or ask-later note(s) are still open (listed above). Finalize anyway?"
            ),
            purpose: Purpose::Finalize(form_id.to_string()),
        }));
        return;
    }
    let Some((forms, today, s)) = app.split() else {
        return;
    };
    match edit::finalize(forms, &mut s.draft, form_id, today, now()) {
        Ok(()) => {
            s.mark_dirty();
            let revision = finalized::in_force(&s.draft, form_id).map_or(1, |c| c.revision);
            app.info(format!(
                "Finalized (rev {revision}): exports show this copy; read-only until reopened (u)."
            ));
        }
        Err(e) => app.error(e),
    }
}

/// Reopens a finalized form; one that was sent, only once `confirmed`.
pub fn reopen(app: &mut App, form_id: &str, confirmed: bool) {
    let Some(s) = app.session() else { return };
    if s.draft.status(form_id) != FormStatus::Finalized {
        app.info("This form is not finalized: nothing to reopen.");
        return;
    }
    let sent = s.draft.forms.get(form_id).and_then(|f| f.sent);
    if let (Some(on), false) = (sent, confirmed) {
        app.popups.push(Popup::Confirm(ConfirmPopup {
            message: format!(
                "This form was sent on {on}. Reopened, it can change from what CenturyLink received (finalizing again makes a new revision). Reopen it?"
            ),
            purpose: Purpose::Reopen(form_id.to_string()),
        }));
        return;
    }
    let Some((forms, today, s)) = app.split() else {
        return;
    };
    edit::reopen(forms, &mut s.draft, form_id, today, now());
    s.mark_dirty();
    app.info("Reopened: the form can be changed again.");
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(s) = app.session() else { return };
    let View::Review(r) = &s.view else { return };
    let (Some(form), Some(report)) = (app.forms.form(&r.form_id), report(app, s, r)) else {
        return;
    };
    let width = area.width.saturating_sub(2) as usize;
    let items = item_lines(app, &report, r.cursor, width);
    let items_height = (items.len() as u16 + 2).clamp(3, area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(items_height), Constraint::Fill(1)]).areas(area);
    let verdict = match (s.draft.status(&form.id), report.is_complete()) {
        (FormStatus::Finalized, _) => "finalized".to_string(),
        (_, true) => "complete".to_string(),
        _ => format!(
            "{} blocking",
            report.problems.iter().filter(|p| p.blocking).count()
        ),
    };
    let title = format!(
        " Open items: {} · {}/{} required · {verdict} ",
        report.problems.len(),
        report.required_answered,
        report.required_total
    );
    // Keep the selected item in view, all its lines (its start when it is taller).
    let first = items.iter().position(|(i, _)| *i == r.cursor).unwrap_or(0);
    let last = items
        .iter()
        .rposition(|(i, _)| *i == r.cursor)
        .unwrap_or(first);
    let room = items_height.saturating_sub(2) as usize;
    let skip = (last + 1).saturating_sub(room).min(first);
    let lines: Vec<Line> = items.into_iter().skip(skip).map(|(_, l)| l).collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        top,
    );
    let block = Block::default().borders(Borders::ALL).title(" Answers ");
    frame.render_widget(
        Paragraph::new(answer_lines(app, s, form))
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((r.scroll, 0)),
        bottom,
    );
}

/// What changed since the form was finalized (field, then -> now), and what to do.
fn changed_lines(app: &App, s: &Session, form: &FormDef) -> Vec<Line<'static>> {
    let t = &app.theme;
    let changes = finalized::changes(&app.forms, &s.draft, form);
    let Some(copy) = finalized::in_force(&s.draft, &form.id).filter(|_| !changes.is_empty()) else {
        return Vec::new();
    };
    let mut out = vec![Line::styled(
        format!(
            "Changed since finalized (rev {}): finalize again (f) for a new revision, or reopen (u). Exports still show rev {}.",
            copy.revision, copy.revision
        ),
        t.warning(),
    )];
    for c in changes {
        let text = crate::text::visible(&c.to_string()).into_owned();
        out.push(Line::styled(format!("  {text}"), t.warning()));
    }
    out.push(Line::raw(""));
    out
}

/// The open items, wrapped, each line with the item it belongs to.
fn item_lines(
    app: &App,
    report: &FormReport,
    cursor: usize,
    width: usize,
) -> Vec<(usize, Line<'static>)> {
    let t = &app.theme;
    if report.problems.is_empty() {
        return vec![(0, Line::styled("Nothing left open.", t.ok()))];
    }
    let mut out = Vec::new();
    for (i, p) in report.problems.iter().enumerate() {
        let (tag, style) = match p.kind {
            ProblemKind::Missing => ("missing  ", t.error()),
            ProblemKind::Invalid => ("invalid  ", t.error()),
            ProblemKind::Warning => ("warning  ", t.warning()),
            ProblemKind::AskLater => ("ask later", t.warning()),
        };
        let row_style = if i == cursor {
            t.selected()
        } else {
            Style::new()
        };
        let text = crate::text::visible(&format!("{}: {}", p.label, p.message)).into_owned();
        for (n, l) in crate::text::wrap(&text, width.saturating_sub(11))
            .into_iter()
            .enumerate()
        {
            let tag = if n == 0 {
                format!(" {tag} ")
            } else {
                " ".repeat(11)
            };
            out.push((
                i,
                Line::from(vec![Span::styled(tag, style), Span::styled(l, row_style)]),
            ));
        }
    }
    out
}

/// Every answer by section, then the answers kept aside by a form upgrade; first where
/// the form stands (finalized, sent, acknowledged) and what changed since it was finalized.
fn answer_lines(app: &App, s: &Session, form: &FormDef) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut answers: Vec<Line<'static>> = finalized::standing(&app.forms, &s.draft, form)
        .map(|standing| {
            let text = crate::text::visible(&standing).into_owned();
            vec![Line::styled(text, t.ok()), Line::raw("")]
        })
        .unwrap_or_default();
    answers.extend(changed_lines(app, s, form));
    // A finalized form lists what it showed when finalized (what exports send), with
    // the live value beside an answer that changed since.
    let frozen = finalized::frozen(&app.forms, &s.draft, &form.id);
    let shown = frozen.as_ref().unwrap_or(&s.draft);
    let live: std::collections::HashMap<String, String> =
        finalized::changes(&app.forms, &s.draft, form)
            .into_iter()
            .map(|c| (c.path, c.now))
            .collect();
    for (n, section) in form_view(&app.forms, shown, form).into_iter().enumerate() {
        answers.push(Line::styled(
            format!("{}. {}", n + 1, section.section.title),
            t.label(),
        ));
        let mut last_row = None;
        for item in section.items {
            if let Some((group, index)) = item.place.row
                && last_row != Some((group.id.clone(), index))
            {
                last_row = Some((group.id.clone(), index));
                answers.push(Line::styled(
                    format!("    {}", row_title(shown, form, group, index)),
                    t.dim(),
                ));
            }
            let indent = if item.place.row.is_some() {
                "      "
            } else {
                "  "
            };
            if let Shown::Note = item.shown {
                continue;
            }
            let text = item.shown.text(&item.place.field.kind);
            let text = if text.is_empty() {
                "—".to_string()
            } else {
                crate::text::visible(&text.replace('\n', " / ")).into_owned()
            };
            let label = crate::text::visible(&item.place.field.label);
            let mut spans = vec![
                Span::styled(format!("{indent}{label}: "), t.dim()),
                Span::raw(text),
            ];
            if let Some(now) = live.get(&item.place.path()) {
                let now = match now.is_empty() {
                    true => "(none)".to_string(),
                    false => crate::text::visible(&now.replace('\n', " / ")).into_owned(),
                };
                spans.push(Span::styled(format!("  (now: {now})"), t.warning()));
            }
            answers.push(Line::from(spans));
        }
        answers.push(Line::raw(""));
    }
    let kept = upgrade::kept_aside_in(&app.forms, &s.draft, &form.id);
    if !kept.is_empty() {
        answers.push(Line::styled(
            "Kept aside: their field is no longer in the form",
            t.warning(),
        ));
        for k in kept {
            answers.push(Line::from(vec![
                Span::styled(format!("  {}: ", k.path), t.dim()),
                Span::raw(
                    crate::text::visible(&k.answer.display().replace('\n', " / ")).into_owned(),
                ),
            ]));
        }
    }
    answers
}
