//! Review: the open items (Enter jumps to the field), then every answer by section.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::draft::FormStatus;
use crate::domain::upgrade;
use crate::domain::validate::ProblemKind;
use crate::domain::view::{Shown, form_view, row_title};
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(s) = &app.session else { return };
    let Some(form) = app.forms.form(&s.review.form_id) else {
        return;
    };
    let Some(report) = app.review_report() else {
        return;
    };
    let t = &app.theme;
    let open = report.problems.len();
    let items_height = (open as u16 + 2).clamp(3, area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(items_height), Constraint::Fill(1)]).areas(area);

    let status = s.draft.status(&form.id);
    let verdict = match (status, report.is_complete()) {
        (FormStatus::Finalized, _) => "finalized (u reopens it)".to_string(),
        (_, true) => "complete: f finalizes it".to_string(),
        _ => format!(
            "{} blocking",
            report.problems.iter().filter(|p| p.blocking).count()
        ),
    };
    let title = format!(
        " Open items: {open} · {}/{} required answered · {verdict} ",
        report.required_answered, report.required_total
    );
    let mut lines = Vec::new();
    if open == 0 {
        lines.push(Line::styled("Nothing left open.", t.ok()));
    }
    let first = s
        .review
        .cursor
        .saturating_sub((items_height as usize).saturating_sub(3));
    for (i, p) in report.problems.iter().enumerate().skip(first) {
        let (tag, style) = match p.kind {
            ProblemKind::Missing => ("missing  ", t.error()),
            ProblemKind::Invalid => ("invalid  ", t.error()),
            ProblemKind::Warning => ("warning  ", t.warning()),
            ProblemKind::AskLater => ("ask later", t.warning()),
        };
        let row_style = if i == s.review.cursor {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {tag} "), style),
            Span::styled(format!("{}: {}", p.label, p.message), row_style),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        top,
    );

    let mut answers = Vec::new();
    for (n, section) in form_view(&app.forms, &s.draft, form)
        .into_iter()
        .enumerate()
    {
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
                    format!("    {}", row_title(&s.draft, form, group, index)),
                    t.dim(),
                ));
            }
            let indent = if item.place.row.is_some() {
                "      "
            } else {
                "  "
            };
            match &item.shown {
                Shown::Note => {}
                shown => {
                    let text = shown.text(&item.place.field.kind);
                    let text = if text.is_empty() {
                        "—".to_string()
                    } else {
                        text.replace('\n', " / ")
                    };
                    answers.push(Line::from(vec![
                        Span::styled(format!("{indent}{}: ", item.place.field.label), t.dim()),
                        Span::raw(text),
                    ]));
                }
            }
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
                Span::raw(k.answer.display().replace('\n', " / ")),
            ]));
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Answers (PgUp/PgDn scroll) ");
    frame.render_widget(
        Paragraph::new(answers)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((s.review.scroll, 0)),
        bottom,
    );
}
