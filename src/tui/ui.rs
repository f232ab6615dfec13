//! Drawing: the view only reads the state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, EXPORT_CHOICES, Popup, Screen};
use super::keymap::{self, BINDINGS, Context};
use super::screens;
use super::theme::Theme;

/// Smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(app, frame, area);
    }
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, frame, top);
    match app.screen {
        Screen::Home => screens::home::render(app, frame, body),
        Screen::Journey => screens::journey::render(app, frame, body),
        Screen::Form => screens::form::render(app, frame, body),
        Screen::Review => screens::review::render(app, frame, body),
    }
    status_line(app, frame, status);
    footer_line(app, frame, footer);
    if let Some(popup) = &app.popup {
        render_popup(app, popup, frame, area);
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "The terminal is too small: clec-wizard needs {MIN_WIDTH}x{MIN_HEIGHT}, this one is {}x{}. Enlarge the window; nothing is lost (Ctrl-Q saves and quits).",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.warning())
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn header(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = vec![Span::styled(" clec-wizard ", t.title())];
    if let Some(s) = &app.session {
        spans.push(Span::raw(format!("· {} ", s.name)));
        if let Some(crate::domain::answer::Answer::Text(company)) =
            s.draft.answers.get("profile.legal_name")
        {
            spans.push(Span::styled(format!("· {company} "), t.dim()));
        }
        let form = match app.screen {
            Screen::Form => s.form.as_ref().map(|f| f.form_id.as_str()),
            Screen::Review => Some(s.review.form_id.as_str()),
            _ => None,
        };
        if let Some(def) = form.and_then(|id| app.forms.form(id)) {
            spans.push(Span::styled(
                format!("· Step {}: {}", def.step, def.title),
                t.label(),
            ));
        }
    } else {
        spans.push(Span::styled("· CenturyLink CLEC onboarding", t.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

fn status_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let right = app.session.as_ref().map(|s| {
        let saved = match (&s.save_error, s.dirty_since, s.last_saved) {
            _ if s.read_only() => "read-only".to_string(),
            (Some(_), _, _) => "not saved".to_string(),
            (None, Some(_), _) => "saving…".to_string(),
            _ if s.saving.is_some() => "saving…".to_string(),
            (None, None, Some(at)) => format!("saved {}", at.format("%H:%M:%S")),
            (None, None, None) => "no changes".to_string(),
        };
        match &s.form {
            Some(f) if app.screen == Screen::Form => format!(
                "required: form {}/{}, draft {}/{} · {saved} ",
                f.report.required_answered,
                f.report.required_total,
                f.draft_required().0,
                f.draft_required().1
            ),
            _ => format!("{saved} "),
        }
    });
    let right = right.unwrap_or_default();
    let room = (area.width as usize).saturating_sub(right.chars().count() + 1);
    let message = screens::home::clip(&format!(" {}", app.status.text), room);
    let pad = room.saturating_sub(message.chars().count()) + 1;
    let style = if app.status.error { t.error() } else { t.ok() };
    let line = Line::from(vec![
        Span::styled(message, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, t.dim()),
    ]);
    frame.render_widget(line, area);
}

/// The keys of what has focus, from the keymap.
pub fn footer_contexts(app: &App) -> Vec<Context> {
    use super::editor::Editor;
    match app.screen {
        Screen::Home => vec![Context::Home, Context::Global],
        Screen::Journey => vec![Context::Journey, Context::Global],
        Screen::Review => vec![Context::Review, Context::Global],
        Screen::Form => {
            let editor = app
                .session
                .as_ref()
                .and_then(|s| s.form.as_ref())
                .map(|f| &f.editor);
            let field = match editor {
                Some(Editor::Text(t)) if t.date => Some(Context::Date),
                Some(Editor::Choice(c)) if c.multi => Some(Context::Multi),
                Some(Editor::Choice(_)) => Some(Context::Choice),
                Some(Editor::YesNo) => Some(Context::YesNo),
                Some(Editor::None) => Some(Context::Group),
                _ => None,
            };
            field
                .into_iter()
                .chain([Context::Form, Context::Global])
                .collect()
        }
    }
}

fn footer_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let contexts = footer_contexts(app);
    let (global, specific): (Vec<Context>, Vec<Context>) =
        contexts.into_iter().partition(|c| *c == Context::Global);
    let global = keymap::footer(&global);
    let cost = |(k, h): &(&str, &str)| k.chars().count() + h.chars().count() + 3;
    let mut budget = (area.width as usize).saturating_sub(global.iter().map(cost).sum());
    let mut shown = Vec::new();
    for item in keymap::footer(&specific) {
        if cost(&item) > budget {
            break;
        }
        budget -= cost(&item);
        shown.push(item);
    }
    let mut spans = Vec::new();
    for (keys, help) in shown.into_iter().chain(global) {
        spans.push(Span::styled(format!(" {keys}"), t.key()));
        spans.push(Span::styled(format!(" {help} "), t.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

/// A centered rectangle of the given size within `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn render_popup(app: &App, popup: &Popup, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    match popup {
        Popup::Help { scroll } => {
            let rect = centered(area, 76, area.height.saturating_sub(2));
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(" Keys (any other key closes) ")
                .border_style(t.title());
            frame.render_widget(
                Paragraph::new(help_lines(t))
                    .block(block)
                    .scroll((*scroll, 0)),
                rect,
            );
        }
        Popup::Export {
            cursor,
            written,
            error,
            ..
        } => {
            let height = (EXPORT_CHOICES.len() + written.len() + 8) as u16;
            let rect = centered(area, 84, height.min(area.height));
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(" Export ")
                .border_style(t.title());
            let mut lines = vec![
                Line::styled(
                    "Written to exports/ in the current folder. Incomplete forms are marked DRAFT.",
                    t.dim(),
                ),
                Line::raw(""),
            ];
            for (i, (label, _)) in EXPORT_CHOICES.iter().enumerate() {
                let style = if i == *cursor {
                    t.selected()
                } else {
                    Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {} ", i + 1), t.key()),
                    Span::styled(label.to_string(), style),
                ]));
            }
            lines.push(Line::raw(""));
            if let Some(e) = error {
                lines.push(Line::styled(e.clone(), t.error()));
            }
            for p in written {
                lines.push(Line::styled(format!("wrote {}", p.display()), t.ok()));
            }
            let eml = written
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "eml"));
            let keys = if eml {
                "Enter or 1-6: export   o: open the e-mail   Esc: close"
            } else {
                "Enter or 1-6: export   Esc: close"
            };
            lines.push(Line::styled(keys, t.dim()));
            frame.render_widget(
                Paragraph::new(lines)
                    .block(block)
                    .wrap(Wrap { trim: false }),
                rect,
            );
        }
        Popup::Message { title, text } => {
            let rect = centered(area, 70, 9);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(format!(" {title} "))
                .border_style(t.error());
            let body = vec![
                Line::raw(text.clone()),
                Line::raw(""),
                Line::styled("Press any key.", t.dim()),
            ];
            frame.render_widget(
                Paragraph::new(body).block(block).wrap(Wrap { trim: true }),
                rect,
            );
        }
        Popup::Confirm { message, .. } => {
            let rect = centered(area, 64, 7);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(" Confirm ")
                .border_style(t.warning());
            let body = vec![
                Line::raw(message.clone()),
                Line::raw(""),
                Line::styled("y / Enter: yes    n / Esc: no", t.dim()),
            ];
            frame.render_widget(
                Paragraph::new(body).block(block).wrap(Wrap { trim: true }),
                rect,
            );
        }
        Popup::Prompt {
            title,
            hint,
            area: input,
            error,
            ..
        } => {
            let rect = centered(area, 64, 8 + 1);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(format!(" {title} "))
                .border_style(t.title());
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let [h, field, problem, k] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(3),
                Constraint::Length(1),
            ])
            .areas(inner);
            frame.render_widget(Line::raw(hint.clone()), h);
            frame.render_widget(&**input, field);
            if let Some(e) = error {
                frame.render_widget(
                    Paragraph::new(e.clone())
                        .style(t.error())
                        .wrap(Wrap { trim: true }),
                    problem,
                );
            }
            frame.render_widget(Line::styled("Enter: OK    Esc: cancel", t.dim()), k);
        }
    }
}

fn help_lines(t: &Theme) -> Vec<Line<'static>> {
    let contexts = [
        Context::Global,
        Context::Home,
        Context::Journey,
        Context::Form,
        Context::Text,
        Context::Date,
        Context::Choice,
        Context::Multi,
        Context::YesNo,
        Context::Group,
        Context::Review,
    ];
    let mut lines = Vec::new();
    for c in contexts {
        lines.push(Line::styled(c.title(), t.label()));
        for b in BINDINGS.iter().filter(|b| b.context == c) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", b.shown), t.key()),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}
