//! Drawing the frame: header, the route's screen, the status line, the footer built from
//! the keymap, and the dialogs on top. The view only reads the state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Redraw;
use super::keymap;
use super::screen::Screen;
use super::state::{App, Drawn, Route, Session, View};

/// Smallest terminal the wizard draws in.
pub(crate) const MIN_WIDTH: u16 = 80;
pub(crate) const MIN_HEIGHT: u16 = 24;

/// Lines the status message may take before it is clipped.
const STATUS_LINES: usize = 3;

/// Draws the whole screen (what it drew where is [`draw`]'s).
pub fn render(app: &App, frame: &mut Frame) {
    draw(app, frame);
}

/// Draws the whole screen, reading the state only; returns what it drew where, for the
/// typing-only frames after it ([`App::drew`] keeps it).
pub fn draw(app: &App, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return Drawn::default();
    }
    let (status, status_lines) = status(app, area);
    let [top, body, _, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status.height),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, frame, top);
    let mut text_area = None;
    match (&app.route, app.look()) {
        (Route::Draft(s), Some(look)) => match &s.view {
            View::Journey => s.journey.render(look, frame, body),
            View::Form(f) => text_area = f.render(look, frame, body),
            View::Review(r) => r.render(look, frame, body),
            View::Deadlines(d) => d.render(look, frame, body),
        },
        _ => app.home.render(&app.theme, &app.saves_dir, frame, body),
    }
    frame.render_widget(Paragraph::new(status_lines.clone()), status);
    footer_line(app, frame, footer);
    if let Some(popup) = app.popups.last() {
        popup.render(&app.theme, frame, area);
    }
    Drawn {
        text_area,
        status,
        status_lines,
    }
}

/// Redraws what typing changes (the focused text field and the status line), or the status
/// line alone, over the last full frame ([`App::drawn`]); what it drew, or `None` when a
/// full frame is needed instead (the layout moved).
pub fn patch<W: std::io::Write>(
    app: &App,
    screen: &mut Screen<W>,
    what: Redraw,
) -> std::io::Result<Option<Drawn>> {
    let drawn = &app.drawn;
    if !app.popups.is_empty() || *drawn == Drawn::default() {
        return Ok(None);
    }
    let (status_rect, lines) = status(app, screen.area());
    if status_rect != drawn.status {
        return Ok(None);
    }
    if what == Redraw::Typing {
        let (Some(rect), Some(text)) = (
            drawn.text_area,
            app.form_screen().and_then(|f| f.field.area()),
        ) else {
            return Ok(None);
        };
        screen.patch(rect, text)?;
    }
    if drawn.status_lines != lines {
        screen.patch(status_rect, Paragraph::new(lines.clone()))?;
    }
    screen.flush()?;
    Ok(Some(Drawn {
        status_lines: lines,
        ..drawn.clone()
    }))
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
                let company = crate::text::visible(company);
                spans.push(Span::styled(format!("· {company} "), t.dim()));
            }
            let form = match &s.view {
                View::Form(f) => Some(f.form_id.as_str()),
                View::Review(r) => Some(r.form_id.as_str()),
                View::Journey | View::Deadlines(_) => None,
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
            let draft = match f.draft_required() {
                Some((a, t)) => format!("{a}/{t}"),
                None => "…".to_string(),
            };
            format!(
                "required: form {}/{}, draft {draft} · {saved} ",
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

/// Where the status line goes (above the footer) and its lines: the message, wrapped (up
/// to three lines), with the counts and the save state on the right of the first.
fn status(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let t = &app.theme;
    let right = status_right(app);
    let room = (area.width as usize).saturating_sub(crate::text::width(&right) + 2);
    let message = if app.status.text.is_empty() {
        vec![String::new()]
    } else {
        crate::text::wrap(&crate::text::visible(&app.status.text), room)
    };
    let style = if app.status.error { t.error() } else { t.ok() };
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
                spans.push(Span::styled(right.clone(), t.dim()));
            }
            Line::from(spans)
        })
        .collect();
    let height = lines.len() as u16;
    let rect = Rect {
        x: area.x,
        y: area.bottom().saturating_sub(1 + height),
        width: area.width,
        height,
    };
    (rect, lines)
}

/// The keys that matter most for what has focus, as many as fit.
fn footer_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let offered = keymap::footer_where(&app.contexts(), area.width as usize, |b| app.offers(b));
    for (keys, help) in offered {
        spans.push(Span::styled(format!(" {keys}"), t.key()));
        spans.push(Span::styled(format!(" {help} "), t.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}
