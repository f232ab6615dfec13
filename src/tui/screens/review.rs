//! Review: the open items of one form (Enter jumps to the field, Esc comes back), then
//! every answer by section; export, finalize and reopen from here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::change::edit;
use crate::domain::change::upgrade;
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::FormDef;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, ProblemKind};
use crate::domain::rules::view::{Shown, form_view, row_title};
use crate::domain::values::answer::Key;
use crate::domain::values::status::FormStatus;
use crate::tui::action::Action;
use crate::tui::effect::now;
use crate::tui::msg::{Msg, To};
use crate::tui::popups::confirm::ConfirmPopup;
use crate::tui::popups::export::ExportPopup;
use crate::tui::popups::import::ImportPopup;
use crate::tui::popups::message::MessagePopup;
use crate::tui::popups::{Popup, Purpose};
use crate::tui::session::{Cx, Look, READ_ONLY};

/// The review of one form.
#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub form_id: String,
    pub cursor: usize,
    pub scroll: u16,
    /// The form as last checked: again when the draft changes, not with every frame.
    checked: Option<Checked>,
}

/// What the review shows of its form, as checked at one revision of the draft.
#[derive(Debug, Clone)]
struct Checked {
    revision: u64,
    /// The form's validation, its document problems among the open items (as `validate`
    /// lists them, as the journey and the form count them).
    report: FormReport,
    /// Whether it shows something its finalized copy does not.
    changed: bool,
}

impl ReviewScreen {
    /// The review of `form_id`, at its first open item.
    pub fn new(look: Look<'_>, form_id: &str) -> Self {
        let mut review = Self {
            form_id: form_id.into(),
            cursor: 0,
            scroll: 0,
            checked: None,
        };
        review.refresh(look);
        review
    }

    /// The reviewed form's validation as last checked.
    pub fn report(&self) -> Option<&FormReport> {
        self.checked.as_ref().map(|c| &c.report)
    }

    /// Whether the form, finalized, changed since (finalizing again makes a new
    /// revision), as last checked.
    pub(crate) fn changed_since_finalized(&self) -> bool {
        self.checked.as_ref().is_some_and(|c| c.changed)
    }

    /// Checks the form again if the draft changed since it was last checked.
    pub(crate) fn refresh(&mut self, look: Look<'_>) {
        if self
            .checked
            .as_ref()
            .is_some_and(|c| c.revision == look.s.revision)
        {
            return;
        }
        self.checked = look.forms.form(&self.form_id).map(|form| Checked {
            revision: look.s.revision,
            report: look.s.report(look.forms, form, look.today),
            changed: !finalized::changes(look.forms, &look.s.draft, form).is_empty(),
        });
    }

    /// A key on the review.
    pub(crate) fn update(&mut self, cx: &mut Cx<'_>, action: Action) -> Vec<Msg> {
        self.refresh(cx.look());
        let items = self.report().map_or(0, |r| r.problems.len());
        if cx.s.read_only()
            && matches!(
                action,
                Action::Finalize | Action::Reopen | Action::Import | Action::Undo
            )
        {
            return vec![Msg::Error(READ_ONLY.into())];
        }
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(items.saturating_sub(1)),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = items.saturating_sub(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::Back => cx.send(Msg::Back),
            Action::Select => {
                let item = self.report().and_then(|r| r.problems.get(self.cursor));
                if let Some(p) = item {
                    // A row field's path opens at the group header if the row is gone.
                    let id = Key::parse(&p.path).map_or(self.form_id.clone(), |k| k.form);
                    let field = Some(p.path.clone());
                    cx.send(Msg::Go(To::Form { id, field }));
                }
            }
            Action::Export => {
                let popup = Popup::Export(ExportPopup::new(&self.form_id));
                cx.send(Msg::Popup(popup));
            }
            Action::Import => self.import(cx),
            Action::Undo => undo(cx, &self.form_id),
            Action::Finalize => finalize(cx, &self.form_id, false),
            Action::Reopen => reopen(cx, &self.form_id, false),
            Action::MarkSent | Action::MarkAcknowledged => cx.ask_sending(&self.form_id, action),
            _ => {}
        }
        std::mem::take(&mut cx.msgs)
    }

    /// `i`: the import dialog, at the exports folder; a finalized form is reopened first.
    fn import(&self, cx: &mut Cx<'_>) {
        let popup = if cx.s.draft.status(&self.form_id) == FormStatus::Finalized {
            Popup::Message(MessagePopup {
                title: "Import".into(),
                text: "This form is finalized: its answers cannot change. Reopen it first (u), then import.".into(),
            })
        } else {
            let mut folder = cx.exports.display().to_string();
            folder.push(std::path::MAIN_SEPARATOR);
            Popup::Import(Box::new(ImportPopup::new(&self.form_id, &folder)))
        };
        cx.send(Msg::Popup(popup));
    }

    pub fn render(&self, look: Look<'_>, frame: &mut Frame, area: Rect) {
        let (r, s) = (self, look.s);
        let (Some(form), Some(report)) = (look.forms.form(&r.form_id), r.report()) else {
            return;
        };
        let width = area.width.saturating_sub(2) as usize;
        let items = item_lines(look, report, r.cursor, width);
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
            Paragraph::new(answer_lines(look, form))
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((r.scroll, 0)),
            bottom,
        );
    }
}

/// Whether a finalized form shows something now that its finalized copy does not (then
/// finalizing it again makes a new revision).
pub(crate) fn changed_since_finalized(forms: &FormSet, draft: &Draft, form_id: &str) -> bool {
    forms
        .form(form_id)
        .is_some_and(|form| !finalized::changes(forms, draft, form).is_empty())
}

/// Ctrl-Z: puts back the answers before the last change (an import at once); not on a
/// finalized form.
fn undo(cx: &mut Cx<'_>, form_id: &str) {
    if cx.s.draft.status(form_id) == FormStatus::Finalized {
        return cx.error("This form is finalized: reopen it first (u) to change it.");
    }
    match cx.s.undo(cx.forms, cx.today) {
        Ok(true) => cx.info("Undone."),
        Ok(false) => cx.info("Nothing to undo."),
        Err(e) => cx.error(e),
    }
}

/// Finalizes a complete form (a new revision when it changed since it was finalized);
/// with warnings open, only once `confirmed`.
pub fn finalize(cx: &mut Cx<'_>, form_id: &str, confirmed: bool) {
    let s = &*cx.s;
    let finalized = s.draft.status(form_id) == FormStatus::Finalized;
    if finalized && !changed_since_finalized(cx.forms, &s.draft, form_id) {
        let revision = finalized::in_force(&s.draft, form_id).map_or(1, |c| c.revision);
        return cx.info(format!(
            "Already finalized (rev {revision}) and unchanged since: nothing to finalize again."
        ));
    }
    let warnings = cx.forms.form(form_id).map_or(0, |form| {
        let report = s.report(cx.forms, form, cx.today);
        match report.is_complete() {
            true => report.problems.len(),
            false => 0,
        }
    });
    if warnings > 0 && !confirmed {
        return cx.send(Msg::Popup(Popup::Confirm(ConfirmPopup {
            message: format!(
                "{warnings} warning(s) or ask-later note(s) are still open (listed above). Finalize anyway?"
            ),
            purpose: Purpose::Finalize(form_id.to_string()),
        })));
    }
    let s = &mut *cx.s;
    match edit::finalize(cx.forms, &mut s.draft, form_id, cx.today, now()) {
        Ok(()) => {
            s.mark_dirty();
            let revision = finalized::in_force(&s.draft, form_id).map_or(1, |c| c.revision);
            cx.info(format!(
                "Finalized (rev {revision}): exports show this copy; read-only until reopened (u)."
            ));
        }
        Err(e) => cx.error(e),
    }
}

/// Reopens a finalized form; one that was sent, only once `confirmed`.
pub fn reopen(cx: &mut Cx<'_>, form_id: &str, confirmed: bool) {
    let s = &mut *cx.s;
    if s.draft.status(form_id) != FormStatus::Finalized {
        return cx.info("This form is not finalized: nothing to reopen.");
    }
    let sent = s.draft.forms.get(form_id).and_then(|f| f.sent);
    if let (Some(on), false) = (sent, confirmed) {
        return cx.send(Msg::Popup(Popup::Confirm(ConfirmPopup {
            message: format!(
                "This form was sent on {on}. Reopened, it can change from what CenturyLink received (finalizing again makes a new revision). Reopen it?"
            ),
            purpose: Purpose::Reopen(form_id.to_string()),
        })));
    }
    edit::reopen(cx.forms, &mut s.draft, form_id, cx.today, now());
    s.mark_dirty();
    cx.info("Reopened: the form can be changed again.");
}

/// What changed since the form was finalized (field, then -> now), and what to do.
fn changed_lines(look: Look<'_>, form: &FormDef) -> Vec<Line<'static>> {
    let (t, s) = (look.theme, look.s);
    let changes = finalized::changes(look.forms, &s.draft, form);
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
    look: Look<'_>,
    report: &FormReport,
    cursor: usize,
    width: usize,
) -> Vec<(usize, Line<'static>)> {
    let t = look.theme;
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
fn answer_lines(look: Look<'_>, form: &FormDef) -> Vec<Line<'static>> {
    let (t, s) = (look.theme, look.s);
    let mut answers: Vec<Line<'static>> = finalized::standing(look.forms, &s.draft, form)
        .map(|standing| {
            let text = crate::text::visible(&standing).into_owned();
            vec![Line::styled(text, t.ok()), Line::raw("")]
        })
        .unwrap_or_default();
    answers.extend(changed_lines(look, form));
    // A finalized form lists what it showed when finalized (what exports send), with
    // the live value beside an answer that changed since.
    let frozen = finalized::frozen(look.forms, &s.draft, &form.id);
    let shown = frozen.as_ref().unwrap_or(&s.draft);
    let live: std::collections::HashMap<String, String> =
        finalized::changes(look.forms, &s.draft, form)
            .into_iter()
            .map(|c| (c.path, c.now))
            .collect();
    for (n, section) in form_view(look.forms, shown, form).into_iter().enumerate() {
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
    let kept = upgrade::kept_aside_in(look.forms, &s.draft, &form.id);
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
