//! Deadlines: every dated obligation of the draft by date, from the timeline (overdue and
//! the next 30 days highlighted, weekend and holiday notes); Enter opens the form at the
//! field the date comes from, and Esc there comes back here; `c` writes the calendar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::timeline::{self, Deadline, Standing};
use crate::domain::values::answer::Key;
use crate::text::{clip, pad, visible};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::msg::{Msg, To};
use crate::tui::session::{Cx, Look};

/// The Deadlines view: which one is selected.
#[derive(Debug, Clone, Default)]
pub struct DeadlinesScreen {
    pub cursor: usize,
}

impl DeadlinesScreen {
    /// At the first deadline from today on (the past ones are above it).
    pub(crate) fn at_today(look: Look<'_>) -> Self {
        let list = list(look);
        let cursor = list
            .iter()
            .position(|d| d.date >= look.today)
            .unwrap_or(list.len().saturating_sub(1));
        Self { cursor }
    }

    /// A key on the Deadlines view.
    pub(crate) fn update(&mut self, cx: &mut Cx<'_>, action: Action) -> Vec<Msg> {
        let list = list(cx.look());
        let cursor = self.cursor;
        let last = list.len().saturating_sub(1);
        self.cursor = match action {
            Action::Up => cursor.saturating_sub(1),
            Action::Down => (cursor + 1).min(last),
            Action::PageUp => cursor.saturating_sub(10),
            Action::PageDown => (cursor + 10).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Back => return vec![Msg::Back],
            Action::Select => {
                let Some(d) = list.get(cursor) else {
                    return Vec::new();
                };
                // The date it counts from: a computed date cannot be typed into.
                let id = Key::parse(&d.source).map_or(d.form.clone(), |k| k.form);
                let field = Some(d.source.clone());
                return vec![Msg::Go(To::Form { id, field })];
            }
            Action::ExportCalendar => {
                return vec![Msg::Effect(Effect::WriteCalendar {
                    name: cx.s.name.clone(),
                    draft: Box::new(cx.s.draft.clone()),
                    today: cx.today,
                })];
            }
            _ => cursor,
        };
        Vec::new()
    }

    pub fn render(&self, look: Look<'_>, frame: &mut Frame, area: Rect) {
        let screen = self;
        let list = list(look);
        let today = look.today;
        let overdue = count(&list, today, Standing::Overdue);
        let soon = count(&list, today, Standing::Soon);
        let title = format!(
            " Deadlines · today {today} · {overdue} overdue · {soon} in the next {} days ",
            timeline::SOON_DAYS
        );
        let width = area.width.saturating_sub(2) as usize;
        let mut lines = if list.is_empty() {
            vec![(
                0,
                Line::styled(
                    "No dated deadline yet: they appear as the forms' dates are answered.",
                    look.theme.dim(),
                ),
            )]
        } else {
            deadline_lines(look, &list, screen.cursor, width)
        };
        lines.extend(
            offered_lines(look, width)
                .into_iter()
                .map(|l| (usize::MAX, l)),
        );
        // The selected deadline's form, row and source stay at the bottom.
        let detail = list
            .get(screen.cursor)
            .map(|d| detail_lines(look, d, width))
            .unwrap_or_default();
        // Keep the selected deadline in view, with the line after it.
        let room = (area.height.saturating_sub(2) as usize).saturating_sub(detail.len());
        let at = lines
            .iter()
            .rposition(|(i, _)| *i == screen.cursor)
            .unwrap_or(0);
        let mut skip = (at + 2).saturating_sub(room);
        // Start at a deadline's first line, not in the middle of another one's.
        while skip > 0
            && skip < at
            && lines[skip].0 != screen.cursor
            && lines[skip].0 == lines[skip - 1].0
        {
            skip += 1;
        }
        let mut lines: Vec<Line> = lines
            .into_iter()
            .skip(skip)
            .take(room)
            .map(|(_, l)| l)
            .collect();
        if !detail.is_empty() {
            lines.resize(room, Line::raw(""));
            lines.extend(detail);
        }
        frame.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
            area,
        );
    }
}

/// The draft's deadlines, as the timeline lists them.
pub fn list(look: Look<'_>) -> Vec<Deadline> {
    timeline::deadlines(look.forms, &look.s.draft, look.today)
}

/// From this width on, each deadline's line shows its kind.
const WIDE: usize = 100;

/// Where the selected deadline comes from: its kind, its form, its row, and the date it
/// counts from (what Enter opens), wrapped to the width.
fn detail_lines(look: Look<'_>, d: &Deadline, width: usize) -> Vec<Line<'static>> {
    let mut parts = vec![
        format!("{} deadline", d.kind.id()),
        visible(&d.form_title).into_owned(),
    ];
    parts.extend(d.row_label().map(|r| visible(&r).into_owned()));
    parts.push(if d.source == d.path {
        format!("field: {}", visible(&d.source_label))
    } else {
        format!("counts from: {}", visible(&d.source_label))
    });
    let text = crate::text::wrap(&parts.join(" · "), width);
    std::iter::once(Line::raw(""))
        .chain(
            text.into_iter()
                .take(2)
                .map(|l| Line::styled(l, look.theme.label())),
        )
        .collect()
}

/// The dates deadlines would count from, offered by a default and not accepted yet (a
/// negotiation row's Day 0 once the Agreement Request Form is acknowledged), as
/// `deadlines` lists them; no line when there is none.
fn offered_lines(look: Look<'_>, width: usize) -> Vec<Line<'static>> {
    let offered = crate::domain::rules::defaults::offered_dates(look.forms, &look.s.draft);
    if offered.is_empty() {
        return Vec::new();
    }
    let t = look.theme;
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            clip(
                "Offered, not accepted yet (accept the date in its form to count from it):",
                width,
            ),
            t.label(),
        ),
    ];
    for o in offered {
        let text = format!("  {}  {} · {}", o.date, visible(&o.label), o.path);
        out.push(Line::styled(clip(&text, width), t.warning()));
    }
    out
}

fn count(list: &[Deadline], today: chrono::NaiveDate, standing: Standing) -> usize {
    list.iter()
        .filter(|d| d.standing(today) == standing)
        .count()
}

/// Each deadline's lines (date, weekday, days left, where it stands, kind, then the title
/// with its row first, wrapped) and its weekend or holiday note, each with the deadline it
/// belongs to.
fn deadline_lines(
    look: Look<'_>,
    list: &[Deadline],
    cursor: usize,
    width: usize,
) -> Vec<(usize, Line<'static>)> {
    let t = look.theme;
    let mut out = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let standing = d.standing(look.today);
        let (word, style) = match standing {
            Standing::Overdue => ("overdue", t.error()),
            Standing::Soon => ("soon", t.warning()),
            Standing::Done => ("done", t.dim()),
            Standing::Past => ("past", t.dim()),
            Standing::Later => ("", Style::new()),
        };
        // Below WIDE columns the kind goes to the line of the selected deadline, leaving
        // the title room.
        let kind = if width >= WIDE {
            format!("{} ", pad(d.kind.id(), 9))
        } else {
            String::new()
        };
        let head = format!(
            "{} {} {} {} {kind}",
            d.date,
            d.weekday(),
            pad(&d.when(look.today), 13),
            pad(word, 7),
        );
        // The row first, so that two rows' deadlines differ where a narrow screen wraps.
        let indent = crate::text::width(&head);
        let room = width.saturating_sub(indent);
        let title = visible(&d.row_first()).into_owned();
        let title_lines = if room >= 16 {
            crate::text::wrap(&title, room)
        } else {
            vec![clip(&title, room)]
        };
        let title_style = if i == cursor { t.selected() } else { style };
        for (n, part) in title_lines.into_iter().enumerate() {
            let lead = if n == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            out.push((
                i,
                Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(part, title_style),
                ]),
            ));
        }
        if let Some(note) = d.note() {
            out.push((i, Line::styled(format!("{:15}! {note}", ""), t.dim())));
        }
    }
    out
}
