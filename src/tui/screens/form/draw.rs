//! Drawing the form: sections on the left, the section's fields on the right. Labels,
//! hints and problems wrap: nothing the user must read is cut.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::FormScreen;
use crate::domain::form::schema::{FormDef, Section};
use crate::domain::rules::eval::Evaluator;
use crate::domain::rules::validate::{Problem, ProblemKind};
use crate::domain::rules::view::{
    Item, Shown, row_title, section_items, section_started, section_visible,
};
use crate::domain::values::answer::{Answer, path_parts};
use crate::tui::action::Action;
use crate::tui::fields::Page;
use crate::tui::keymap::{self, Context};
use crate::tui::session::Look;
use crate::tui::theme::Theme;

/// Columns of the sections panel at least; on a wide terminal it grows to hold the
/// longest title, up to two ninths of the width.
const SECTIONS_WIDTH: u16 = 28;

/// Columns of the sections panel for `form` in `width` columns.
fn sections_width(form: &FormDef, width: u16) -> u16 {
    let longest = form
        .sections
        .iter()
        .map(|s| crate::text::width(&s.title))
        .max()
        .unwrap_or(0);
    // A mark (3 columns) before the title, a border each side.
    let wanted = u16::try_from(longest + 5).unwrap_or(u16::MAX);
    wanted.min(width * 2 / 9).max(SECTIONS_WIDTH)
}

impl FormScreen {
    /// Draws the form; where the focused text field's editor went (what a typing-only
    /// frame redraws).
    pub fn render(&self, look: Look<'_>, frame: &mut Frame, area: Rect) -> Option<Rect> {
        let f = self;
        let form = look.forms.form(&f.form_id)?;
        let [left, right] = Layout::horizontal([
            Constraint::Length(sections_width(form, area.width)),
            Constraint::Fill(1),
        ])
        .areas(area);
        sections(look, form, f, frame, left);
        fields(look, form, f, frame, right)
    }
}

/// The section of the form a problem belongs to (reused answers count where they show).
fn section_of<'a>(form: &'a FormDef, problem: &Problem) -> Option<&'a str> {
    let (form_id, field) = path_parts(&problem.path)?;
    let found = if form_id == form.id {
        form.field(field)
    } else {
        form.reusing(&format!("{form_id}.{field}"))
    };
    found.map(|f| f.section.id.as_str())
}

fn sections(look: Look<'_>, form: &FormDef, f: &FormScreen, frame: &mut Frame, area: Rect) {
    let (t, s) = (look.theme, look.s);
    let eval = Evaluator::new(look.forms, &s.draft);
    let room = area.height.saturating_sub(2) as usize;
    let shown: Vec<&Section> = form
        .sections
        .iter()
        .filter(|x| section_visible(&eval, form, x))
        .collect();
    // Keep the selected section in the box.
    let selected = shown.iter().position(|x| x.id == f.section).unwrap_or(0);
    let skip = selected.saturating_sub(room.saturating_sub(1));
    let shown: Vec<&Section> = shown.into_iter().skip(skip).take(room).collect();
    // Per shown section: an invalid answer, a blocking problem, anything answered.
    let mut marks: HashMap<&str, (bool, bool, bool)> = shown
        .iter()
        .map(|x| {
            (
                x.id.as_str(),
                (false, false, section_started(&eval, form, x)),
            )
        })
        .collect();
    for p in &f.report.problems {
        if let Some(mark) = section_of(form, p).and_then(|id| marks.get_mut(id)) {
            mark.0 |= p.kind == ProblemKind::Invalid;
            mark.1 |= p.blocking;
        }
    }
    let title_room = area.width.saturating_sub(5) as usize;
    let lines: Vec<Line> = shown
        .iter()
        .map(|section| {
            // Complete only when answered: a section nobody opened is no tick.
            let (mark, style) = match marks[section.id.as_str()] {
                (true, _, _) => ("✗", t.error()),
                (_, true, _) => ("•", t.warning()),
                (_, _, false) => ("○", t.dim()),
                _ => ("✓", t.ok()),
            };
            let text_style = if section.id == f.section {
                t.selected()
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::styled(
                    crate::text::clip(&crate::text::visible(&section.title), title_room),
                    text_style,
                ),
            ])
        })
        .collect();
    // The status by validation, as the journey and the review say it.
    let title = format!(" {} ", f.report.standing(s.draft.status(&form.id)).label());
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

fn fields(
    look: Look<'_>,
    form: &FormDef,
    f: &FormScreen,
    frame: &mut Frame,
    area: Rect,
) -> Option<Rect> {
    let eval = Evaluator::new(look.forms, &look.s.draft);
    let section = form
        .sections
        .iter()
        .find(|v| v.id == f.section && section_visible(&eval, form, v));
    let title = section.map(|v| v.title.clone()).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::text::clip(
            &format!(" {title} "),
            area.width.saturating_sub(4) as usize,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let section = section?;
    let height = inner.height as usize;
    let page = lay_out(
        look,
        &eval,
        form,
        section,
        f,
        inner.width.saturating_sub(2) as usize,
        height,
    );
    let scroll = page
        .focus
        .map_or(0, |(start, end)| scroll_for(start, end, height));
    let visible: Vec<Line> = page.lines.into_iter().skip(scroll).take(height).collect();
    let content = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(visible), content);
    // The focused text field's editor, over the lines it reserved.
    if let (Some((line, h)), Some(area)) = (page.text_area, f.field.area())
        && line >= scroll
        && line < scroll + height
    {
        let y = inner.y + (line - scroll) as u16;
        let h = h.min(inner.y + inner.height - y);
        let indent = if f.in_row() { 6 } else { 4 };
        let rect = Rect {
            x: content.x + indent,
            y,
            width: content.width.saturating_sub(indent + 1),
            height: h,
        };
        frame.render_widget(area, rect);
        return Some(rect);
    }
    None
}

/// The section's lines, laid out only as far as the screen shows them.
fn lay_out(
    look: Look<'_>,
    eval: &Evaluator<'_>,
    form: &FormDef,
    section: &Section,
    f: &FormScreen,
    width: usize,
    height: usize,
) -> Page {
    let (t, s) = (look.theme, look.s);
    let mut page = Page::default();
    if !section.intro.is_empty() {
        page.wrapped("", &section.intro, width, t.dim());
        page.lines.push(Line::raw(""));
    }
    // What is said under each field: every problem but a missing answer, by path.
    let mut problems: HashMap<&str, Vec<&Problem>> = HashMap::new();
    for p in f
        .report
        .problems
        .iter()
        .filter(|p| p.kind != ProblemKind::Missing)
    {
        problems.entry(p.path.as_str()).or_default().push(p);
    }
    // Whether the focused field can be in this section at all (else nothing scrolls).
    let focus_here = f
        .focus
        .as_deref()
        .and_then(path_parts)
        .is_some_and(|(form_id, field)| {
            form_id == form.id
                && form
                    .field(field)
                    .is_some_and(|found| std::ptr::eq(found.section, section))
        });
    let mut last_row = None;
    let mut notes_follow = false;
    for item in section_items(eval, form, section) {
        // Stop once the lines shown are laid out: the rest of the section is off screen.
        let needed = match page.focus {
            Some((start, end)) => scroll_for(start, end, height) + height,
            None if focus_here => usize::MAX,
            None => height,
        };
        let note = matches!(item.shown, Shown::Note);
        if page.lines.len() >= needed && !(note && notes_follow) {
            break;
        }
        if let Some((group, index)) = item.place.row
            && last_row != Some((group.id.clone(), index))
        {
            last_row = Some((group.id.clone(), index));
            let title = row_title(&s.draft, form, group, index);
            page.wrapped("  ── ", &format!("{title} ──"), width, t.label());
            // An open item on the row itself: a merge left it removed on one side and
            // edited on the other.
            let row = format!("{}.{}[{index}]", form.id, group.id);
            for p in problems.get(row.as_str()).map_or(&[][..], Vec::as_slice) {
                page.wrapped("    ", &format!("✗ {}", p.message), width, t.error());
            }
            if s.draft.conflicts.contains_key(&row) {
                page.wrapped(
                    "    ",
                    &settle_hint("on any field of the row"),
                    width,
                    t.dim(),
                );
            }
        }
        let before = page.focus;
        field_block(look, eval, f, &item, &problems, width, &mut page);
        // The notes right after the focused field explain it: kept in view with it.
        match (page.focus, before) {
            (Some((start, _)), Some(_)) if note && notes_follow => {
                page.focus = Some((start, page.lines.len()));
            }
            (Some(_), None) => notes_follow = true,
            _ => notes_follow = false,
        }
    }
    page
}

/// The first line shown, keeping the focused field's lines (`start..end`) in view: a third
/// of the way down when they would not fit.
fn scroll_for(start: usize, end: usize, height: usize) -> usize {
    if end > height {
        start
            .saturating_sub(height / 3)
            .min(end.saturating_sub(height))
    } else {
        0
    }
}

fn field_block(
    look: Look<'_>,
    eval: &Evaluator<'_>,
    f: &FormScreen,
    item: &Item<'_>,
    problems: &HashMap<&str, Vec<&Problem>>,
    width: usize,
    page: &mut Page,
) {
    let t = look.theme;
    let field = item.place.field;
    let key = item.place.path();
    let focused = f.focus.as_deref() == Some(key.as_str());
    let indent = if item.place.row.is_some() {
        "    "
    } else {
        "  "
    };
    let start = page.lines.len();
    if let Shown::Note = item.shown {
        page.wrapped(indent, &field.label, width, t.dim());
        page.lines.push(Line::raw(""));
        return;
    }
    label_lines(t, eval, item, focused, indent, width, page);
    let value_indent = format!("{indent}  ");
    let editor = focused && !matches!(f.field, crate::tui::fields::Field::None);
    // An ask-later answer shown as the value says its note: not said again below.
    let note_shown = !editor && matches!(item.shown.answer(), Some(Answer::AskLater(_)));
    if editor {
        f.field.draw(t, &item.shown, &value_indent, width, page);
    } else if let Some(default) = crate::domain::rules::defaults::offered_at(eval, &item.place) {
        let text = format!("default: {default} (not accepted yet)");
        page.wrapped(&value_indent, &text, width, t.dim());
    } else {
        value_lines(t, item, &value_indent, width, page);
    }
    if focused && !field.hint.is_empty() {
        page.wrapped(&value_indent, &field.hint, width, t.dim());
    }
    if matches!(field.kind, crate::domain::form::schema::FieldKind::Document) {
        let form = &item.place.form.id;
        crate::tui::fields::document::draw(
            &look.s.draft,
            form,
            &key,
            &value_indent,
            width,
            t.dim(),
            page,
        );
    }
    for p in problems.get(key.as_str()).map_or(&[][..], Vec::as_slice) {
        if note_shown && p.kind == ProblemKind::AskLater {
            continue;
        }
        let (mark, style) = match p.kind {
            ProblemKind::Warning => ("!", t.warning()),
            ProblemKind::AskLater => ("?", t.warning()),
            _ if p.blocking => ("✗", t.error()),
            _ => ("!", t.warning()),
        };
        page.wrapped(
            &value_indent,
            &format!("{mark} {}", p.message),
            width,
            style,
        );
    }
    if look.s.draft.conflicts.contains_key(&key) {
        let hint = settle_hint("or type the answer to keep");
        page.wrapped(&value_indent, &hint, width, t.dim());
    }
    if focused {
        page.focus = Some((start, page.lines.len()));
    }
    page.lines.push(Line::raw(""));
}

/// The keys that settle a merge conflict, as the keymap names them, and `then`.
fn settle_hint(then: &str) -> String {
    let ours = keymap::shown_for(Context::Form, Action::KeepOurs).unwrap_or("Ctrl-O");
    let theirs = keymap::shown_for(Context::Form, Action::KeepTheirs).unwrap_or("Ctrl-T");
    format!("{ours} keeps ours, {theirs} keeps theirs ({then})")
}

/// The label, wrapped, with the focus pointer and the required mark.
fn label_lines(
    t: &Theme,
    eval: &Evaluator<'_>,
    item: &Item<'_>,
    focused: bool,
    indent: &str,
    width: usize,
    page: &mut Page,
) {
    let field = item.place.field;
    // A missing answer is marked by the * and listed in the review.
    let required = eval.is_required(&item.place) && field.kind.is_input();
    let pointer = if focused { "▶" } else { " " };
    let label_style = if focused { t.focused() } else { t.label() };
    let mut label = crate::text::visible(&field.label).into_owned();
    if !field.kind.is_input() && !matches!(item.shown, Shown::Group(_)) {
        label.push_str("  (shown, not typed)");
    }
    let lead = format!("{}{pointer} ", &indent[1..]);
    let room = width.saturating_sub(crate::text::width(&lead) + 2);
    let parts = crate::text::wrap(&label, room);
    let last = parts.len() - 1;
    for (n, part) in parts.into_iter().enumerate() {
        let first = if n == 0 {
            lead.clone()
        } else {
            " ".repeat(crate::text::width(&lead))
        };
        let mut spans = vec![
            Span::styled(first, t.focused()),
            Span::styled(part, label_style),
        ];
        if n == last && required {
            spans.push(Span::styled(" *", t.error()));
        }
        page.lines.push(Line::from(spans));
    }
}

/// An unfocused field's value (or a dash), wrapped.
fn value_lines(t: &Theme, item: &Item<'_>, indent: &str, width: usize, page: &mut Page) {
    let text = item.shown.text(&item.place.field.kind);
    let style = match item.shown.answer() {
        Some(Answer::NotApplicable(_) | Answer::AskLater(_)) => t.warning(),
        _ => t.value(),
    };
    if text.is_empty() {
        page.lines.push(Line::styled(format!("{indent}—"), t.dim()));
        return;
    }
    for l in text.lines() {
        page.wrapped(indent, l, width, style);
    }
}
