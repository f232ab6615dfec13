//! Home: the drafts, with company, last change and completion per step.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Drafts in {} ", app.store.dir().display()));
    let mut lines = vec![Line::styled(
        format!(
            "  {:<20} {:<34} {:<17} {:<9} {}",
            "draft", "company", "last change", "steps", "required"
        ),
        t.dim(),
    )];
    if app.drafts.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::raw(
            "  No drafts yet. Press n to start one: a draft is one company's whole onboarding.",
        ));
    }
    for (i, d) in app.drafts.iter().enumerate() {
        let style = if i == app.home_cursor {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let text = match &d.error {
            Some(e) => format!("  {:<20} unreadable: {}", d.name, e),
            None => {
                let steps: String = d
                    .steps
                    .iter()
                    .map(|done| if *done { '✓' } else { '·' })
                    .collect();
                let updated = d
                    .updated
                    .map(|u| u.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                let company = if d.company.is_empty() {
                    "(no legal name yet)"
                } else {
                    &d.company
                };
                format!(
                    "  {:<20} {:<34} {:<17} {:<9} {}/{}",
                    clip(&d.name, 20),
                    clip(company, 34),
                    updated,
                    steps,
                    d.answered,
                    d.total
                )
            }
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Shortens text to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
