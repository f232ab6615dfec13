//! Journey: the seven steps, their forms with status and progress, what to do, who to
//! contact, and the computed deadlines.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::draft::FormStatus;
use crate::domain::upgrade;
use crate::domain::validate::validate_draft;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(s) = &app.session else { return };
    let t = &app.theme;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let report = validate_draft(&app.forms, &s.draft, app.today);
    let ids = app.journey_forms();
    let selected = ids.get(s.journey_cursor);
    let mut lines = Vec::new();
    for step in &app.forms.journey().steps {
        lines.push(Line::styled(
            format!("{}. {}", step.number, step.title),
            t.label(),
        ));
        for id in &step.forms {
            let Some(form) = app.forms.form(id) else {
                continue;
            };
            let r = report.form(id);
            let status = s.draft.status(id);
            let (mark, style) = match (status, r.is_some_and(|r| r.is_complete())) {
                (FormStatus::Finalized, _) => ("■", t.ok()),
                (_, true) if status != FormStatus::NotStarted => ("✓", t.ok()),
                (FormStatus::NotStarted, _) => ("○", t.dim()),
                _ => ("•", t.warning()),
            };
            let progress = r
                .map(|r| format!("{}/{}", r.required_answered, r.required_total))
                .unwrap_or_default();
            let text = format!(
                "   {mark} {:<31} {:<11} {progress:>9}",
                form.title,
                status.label()
            );
            let line_style = if Some(id) == selected {
                t.selected()
            } else {
                style
            };
            lines.push(Line::from(Span::styled(text, line_style)));
        }
    }
    let title = format!(
        " Journey · {}/{} required answered ",
        report.required_answered(),
        report.required_total()
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );

    let step = selected.and_then(|id| app.forms.form(id)).and_then(|f| {
        app.forms
            .journey()
            .steps
            .iter()
            .find(|st| st.number == f.step)
    });
    let mut info = Vec::new();
    if let Some(step) = step {
        info.push(Line::styled(
            format!("Step {}: {}", step.number, step.title),
            t.title(),
        ));
        info.push(Line::raw(""));
        info.push(Line::raw(step.what_to_do.clone()));
        info.push(Line::raw(""));
        info.push(Line::from(vec![
            Span::styled("Contact: ", t.label()),
            Span::raw(step.contact.clone()),
        ]));
    }
    if let Some(form) = selected.and_then(|id| app.forms.form(id))
        && let Some(submit) = &form.submit_to
    {
        info.push(Line::from(vec![
            Span::styled("Send to: ", t.label()),
            Span::raw(submit.to.clone()),
        ]));
    }
    if let Some(state) = selected.and_then(|id| s.draft.forms.get(id))
        && let Some(exported) = &state.exported
    {
        let when = exported
            .at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M");
        info.push(Line::from(vec![
            Span::styled("Exported: ", t.label()),
            Span::raw(format!(
                "{when} ({}, form version {})",
                exported.format, exported.version
            )),
        ]));
        if state.changed_since_export() {
            info.push(Line::styled("Changed since the last export.", t.warning()));
        }
    }
    if let Some(id) = selected {
        for changed in upgrade::changed_forms(&app.forms, &s.draft)
            .iter()
            .filter(|c| c.form == *id)
        {
            let kept = upgrade::kept_aside_in(&app.forms, &s.draft, id).len();
            info.push(Line::styled(
                format!(
                    "This form changed: answered under version {}, now version {}; {kept} answer(s) kept aside (see the review).",
                    changed.answered_version, changed.current_version
                ),
                t.warning(),
            ));
        }
    }
    let deadlines = app.deadlines();
    if !deadlines.is_empty() {
        info.push(Line::raw(""));
        info.push(Line::styled(
            "Negotiation dates (47 U.S.C. §252, informational)",
            t.label(),
        ));
        for (what, when) in deadlines {
            info.push(Line::raw(format!("  {what}: {when}")));
        }
    }
    let block = Block::default().borders(Borders::ALL).title(" What to do ");
    frame.render_widget(
        Paragraph::new(info).block(block).wrap(Wrap { trim: false }),
        right,
    );
}
