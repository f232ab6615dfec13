//! Drawing the frame: header, the route's screen, the status line, the footer built from
//! the keymap, and the dialogs on top. The view only reads the state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap;
use super::screens::{form, home, journey, review};
use super::state::{App, Route, Session, View};

/// Smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Lines the status message may take before it is clipped.
const STATUS_LINES: usize = 3;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(app, frame, area);
    }
    let right = status_right(app);
    let room = (area.width as usize).saturating_sub(crate::text::width(&right) + 2);
    let message = if app.status.text.is_empty() {
        vec![String::new()]
    } else {
        crate::text::wrap(&app.status.text, room)
    };
    let status_height = message.len().min(STATUS_LINES) as u16;
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, frame, top);
    match &app.route {
        Route::Home => home::render(app, frame, body),
        Route::Draft(s) => match s.view {
            View::Journey => journey::render(app, frame, body),
            View::Form(_) => form::render(app, frame, body),
            View::Review(_) => review::render(app, frame, body),
        },
    }
    status_line(app, frame, status, &message, &right);
    footer_line(app, frame, footer);
    if let Some(popup) = app.popups.last() {
        popup.render(&app.theme, frame, area);
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let quit =
        keymap::shown_for(keymap::Context::Global, super::action::Action::Quit).unwrap_or("Ctrl-Q");
    let text = format!(
        "The terminal is too small: clec-wizard needs {MIN_WIDTH}x{MIN_HEIGHT}, this one is {}x{}. Enlarge the window; nothing is lost ({quit} saves and quits).",
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
    match app.session() {
        Some(s) => {
            spans.push(Span::raw(format!("· {} ", s.name)));
            if let Some(company) = s.draft.company() {
                spans.push(Span::styled(format!("· {company} "), t.dim()));
            }
            let form = match &s.view {
                View::Form(f) => Some(f.form_id.as_str()),
                View::Review(r) => Some(r.form_id.as_str()),
                View::Journey => None,
            };
            if let Some(def) = form.and_then(|id| app.forms.form(id)) {
                let used: usize = spans.iter().map(|s| s.width()).sum();
                let room = (area.width as usize).saturating_sub(used);
                let step = format!("· Step {}: {}", def.step, def.title);
                spans.push(Span::styled(crate::text::clip(&step, room), t.label()));
            }
        }
        None => spans.push(Span::styled("· CenturyLink CLEC onboarding", t.dim())),
    }
    frame.render_widget(Line::from(spans), area);
}

/// The right of the status line: required counts on a form, and whether it is saved.
fn status_right(app: &App) -> String {
    let Some(s) = app.session() else {
        return String::new();
    };
    let saved = save_state(s);
    match &s.view {
        View::Form(f) => {
            let (a, t) = f.draft_required();
            format!(
                "required: form {}/{}, draft {a}/{t} · {saved} ",
                f.report.required_answered, f.report.required_total
            )
        }
        _ => format!("{saved} "),
    }
}

fn save_state(s: &Session) -> String {
    if s.read_only() {
        return "read-only".into();
    }
    match (&s.save.error, s.save.dirty_since, s.save.last_saved) {
        (Some(_), _, _) => "not saved".into(),
        (None, Some(_), _) => "saving…".into(),
        _ if s.save.saving => "saving…".into(),
        (None, None, Some(at)) => format!("saved {}", at.format("%H:%M:%S")),
        (None, None, None) => "no changes".into(),
    }
}

fn status_line(app: &App, frame: &mut Frame, area: Rect, message: &[String], right: &str) {
    let t = &app.theme;
    let style = if app.status.error { t.error() } else { t.ok() };
    let room = (area.width as usize).saturating_sub(crate::text::width(right) + 2);
    let last = message.len().min(STATUS_LINES) - 1;
    let lines: Vec<Line> = message
        .iter()
        .take(STATUS_LINES)
        .enumerate()
        .map(|(i, l)| {
            let l = if i == last && message.len() > STATUS_LINES {
                crate::text::clip(&format!("{l} …"), room)
            } else {
                l.clone()
            };
            let mut spans = vec![
                Span::styled(format!(" {}", crate::text::pad(&l, room)), style),
                Span::raw(" "),
            ];
            if i == 0 {
                spans.push(Span::styled(right.to_string(), t.dim()));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The keys that matter most for what has focus, as many as fit.
fn footer_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    for (keys, help) in keymap::footer(&app.contexts(), area.width as usize) {
        spans.push(Span::styled(format!(" {keys}"), t.key()));
        spans.push(Span::styled(format!(" {help} "), t.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}
