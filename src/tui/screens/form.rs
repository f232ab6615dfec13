//! Form: the sections with completion marks on the left, the section's fields on the right
//! with labels, required marks, hints, answers and inline problems. Only the visible part
//! of a section is drawn, and only what is visible is computed: a frame costs the same
//! however much of the form lies off screen.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::answer::{Answer, is_ident};
use crate::domain::draft::FormStatus;
use crate::domain::eval::Evaluator;
use crate::domain::form::{FormDef, Section};
use crate::domain::validate::{Problem, ProblemKind};
use crate::domain::view::{Item, Shown, row_title, section_items, section_visible};
use crate::tui::app::{App, FormUi};
use crate::tui::editor::{ChoiceEditor, Editor};
use crate::tui::theme::Theme;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Options shown at once in a focused choice list.
const CHOICE_ROWS: usize = 7;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(s) = &app.session else { return };
    let Some(f) = &s.form else { return };
    let Some(form) = app.forms.form(&f.form_id) else {
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(30), Constraint::Fill(1)]).areas(area);
    sections(app, form, f, frame, left);
    fields(app, form, f, frame, right);
}

/// The form and top-level field (the group, for a row field) of an answer path; `None`
/// where [`crate::domain::answer::Key::parse`] refuses the path. Allocates nothing.
fn path_parts(path: &str) -> Option<(&str, &str)> {
    let (form, rest) = path.split_once('.')?;
    if form.is_empty() || rest.is_empty() {
        return None;
    }
    let Some((group, tail)) = rest.split_once('[') else {
        return is_ident(rest).then_some((form, rest));
    };
    let (index, field) = tail.split_once("].")?;
    let index: usize = index.parse().ok()?;
    (index != 0 && is_ident(group) && is_ident(field)).then_some((form, group))
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

fn sections(app: &App, form: &FormDef, f: &FormUi, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let Some(s) = &app.session else { return };
    let eval = Evaluator::new(&app.forms, &s.draft);
    // The visible sections, as many as the box holds (it would clip the others).
    let room = area.height.saturating_sub(2) as usize;
    let shown: Vec<&Section> = form
        .sections
        .iter()
        .filter(|section| section_visible(&eval, form, section))
        .take(room)
        .collect();
    // Per shown section: an invalid answer, a blocking problem.
    let mut marks: HashMap<&str, (bool, bool)> = shown
        .iter()
        .map(|s| (s.id.as_str(), (false, false)))
        .collect();
    if !marks.is_empty() {
        for p in &f.report.problems {
            if let Some(mark) = section_of(form, p).and_then(|id| marks.get_mut(id)) {
                mark.0 |= p.kind == ProblemKind::Invalid;
                mark.1 |= p.blocking;
            }
        }
    }
    let mut lines = Vec::new();
    for section in shown {
        let (invalid, blocking) = marks[section.id.as_str()];
        let (mark, style) = if invalid {
            ("✗", t.error())
        } else if blocking {
            ("•", t.warning())
        } else {
            ("✓", t.ok())
        };
        let title = super::home::clip(&section.title, 24);
        let selected = section.id == f.section;
        let text_style = if selected {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::styled(title, text_style),
        ]));
    }
    let status = app
        .session
        .as_ref()
        .map(|s| s.draft.status(&form.id))
        .unwrap_or(FormStatus::NotStarted);
    let title = format!(" {} ", status.label());
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

/// The lines of the section, where the focused field starts and ends, and where its
/// text area goes (line index and height).
struct Page {
    lines: Vec<Line<'static>>,
    focus: Option<(usize, usize)>,
    text_area: Option<(usize, u16)>,
}

fn fields(app: &App, form: &FormDef, f: &FormUi, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let Some(s) = &app.session else { return };
    let eval = Evaluator::new(&app.forms, &s.draft);
    let section = form
        .sections
        .iter()
        .find(|v| v.id == f.section && section_visible(&eval, form, v));
    let title = section.map(|v| v.title.clone()).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(section) = section else { return };
    let width = inner.width.saturating_sub(2) as usize;
    let mut page = Page {
        lines: Vec::new(),
        focus: None,
        text_area: None,
    };
    if !section.intro.is_empty() {
        for l in wrap(&section.intro, width) {
            page.lines.push(Line::styled(l, t.dim()));
        }
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
    let height = inner.height as usize;
    let mut last_row = None;
    for item in section_items(&eval, form, section) {
        // Stop once the lines shown are laid out: the rest of the section is off screen.
        let needed = match page.focus {
            Some((start, end)) => scroll_for(start, end, height) + height,
            None if focus_here => usize::MAX,
            None => height,
        };
        if page.lines.len() >= needed {
            break;
        }
        if let Some((group, index)) = item.place.row
            && last_row != Some((group.id.clone(), index))
        {
            last_row = Some((group.id.clone(), index));
            let title = row_title(&s.draft, form, group, index);
            page.lines
                .push(Line::styled(format!("  ── {title} ──"), t.label()));
        }
        field_block(app, &eval, f, &item, &problems, width, &mut page);
    }
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
    if let (Some((line, h)), Editor::Text(editor)) = (page.text_area, &f.editor)
        && line >= scroll
        && line < scroll + height
    {
        let y = inner.y + (line - scroll) as u16;
        let h = h.min(inner.y + inner.height - y);
        let rect = Rect {
            x: content.x + 4,
            y,
            width: content.width.saturating_sub(5),
            height: h,
        };
        frame.render_widget(&editor.area, rect);
    }
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
    app: &App,
    eval: &Evaluator<'_>,
    f: &FormUi,
    item: &Item<'_>,
    problems: &HashMap<&str, Vec<&Problem>>,
    width: usize,
    page: &mut Page,
) {
    let t = &app.theme;
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
        for l in wrap(&field.label, width.saturating_sub(indent.len())) {
            page.lines
                .push(Line::styled(format!("{indent}{l}"), t.dim()));
        }
        page.lines.push(Line::raw(""));
        return;
    }
    let required = eval.is_required(&item.place) && field.kind.is_input();
    // A missing answer is marked by the * and listed in the review; under the field only
    // what is wrong with an answer is shown.
    let problems = problems.get(key.as_str()).map_or(&[][..], Vec::as_slice);
    let pointer = if focused { "▶" } else { " " };
    let label_style = if focused { t.focused() } else { t.label() };
    let mut label = vec![
        Span::styled(format!("{}{pointer} ", &indent[1..]), t.focused()),
        Span::styled(field.label.clone(), label_style),
    ];
    if required {
        label.push(Span::styled(" *", t.error()));
    }
    if !field.kind.is_input() && !matches!(item.shown, Shown::Group(_)) {
        label.push(Span::styled("  (shown, not typed)", t.dim()));
    }
    page.lines.push(Line::from(label));
    let value_indent = format!("{indent}  ");
    match (&item.shown, focused, &f.editor) {
        (Shown::Group(n), _, _) => {
            let hint = if focused { "  + adds a row" } else { "" };
            page.lines.push(Line::from(vec![
                Span::raw(value_indent.clone()),
                Span::styled(format!("{n} row(s){hint}"), t.dim()),
            ]));
        }
        (_, true, Editor::Text(editor)) => {
            let h = if editor.multiline {
                (editor.area.lines().len() as u16 + 1).clamp(2, 6)
            } else {
                1
            };
            page.text_area = Some((page.lines.len(), h));
            for _ in 0..h {
                page.lines.push(Line::raw(""));
            }
        }
        (_, true, Editor::Choice(c)) => choice_lines(t, c, &value_indent, page),
        (Shown::Answer(a), true, Editor::YesNo) => {
            let yes = matches!(a, Some(Answer::YesNo(true)));
            let no = matches!(a, Some(Answer::YesNo(false)));
            let pick = |on: bool, text: &str| {
                Span::styled(format!("[{text}]"), if on { t.selected() } else { t.dim() })
            };
            page.lines.push(Line::from(vec![
                Span::raw(value_indent.clone()),
                pick(yes, "y yes"),
                Span::raw("  "),
                pick(no, "n no"),
            ]));
        }
        (shown, _, _) => {
            let text = shown.text(&field.kind);
            let style = match shown.answer() {
                Some(Answer::NotApplicable(_) | Answer::AskLater(_)) => t.warning(),
                _ => t.value(),
            };
            if text.is_empty() {
                page.lines
                    .push(Line::styled(format!("{value_indent}—"), t.dim()));
            } else {
                for l in text
                    .lines()
                    .flat_map(|l| wrap(l, width.saturating_sub(value_indent.len())))
                {
                    page.lines
                        .push(Line::styled(format!("{value_indent}{l}"), style));
                }
            }
        }
    }
    if focused && !field.hint.is_empty() {
        for l in wrap(&field.hint, width.saturating_sub(value_indent.len())) {
            page.lines
                .push(Line::styled(format!("{value_indent}{l}"), t.dim()));
        }
    }
    for p in problems {
        let (mark, style) = match p.kind {
            ProblemKind::Warning => ("!", t.warning()),
            ProblemKind::AskLater => ("?", t.warning()),
            _ if p.blocking => ("✗", t.error()),
            _ => ("!", t.warning()),
        };
        for l in wrap(
            &format!("{mark} {}", p.message),
            width.saturating_sub(value_indent.len()),
        ) {
            page.lines
                .push(Line::styled(format!("{value_indent}{l}"), style));
        }
    }
    if focused {
        page.focus = Some((start, page.lines.len()));
    }
    page.lines.push(Line::raw(""));
}

fn choice_lines(t: &Theme, c: &ChoiceEditor, indent: &str, page: &mut Page) {
    let visible = c.visible();
    if c.multi {
        let picked = if c.picked.is_empty() {
            "none".to_string()
        } else {
            c.picked.join(", ")
        };
        page.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled("picked: ", t.dim()),
            Span::styled(picked, t.value()),
        ]));
    }
    if !c.filter.is_empty() {
        page.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled("filter: ", t.dim()),
            Span::styled(c.filter.clone(), t.focused()),
            Span::styled(
                format!(
                    "  ({} match{})",
                    visible.len(),
                    if visible.len() == 1 { "" } else { "es" }
                ),
                t.dim(),
            ),
        ]));
    }
    if visible.is_empty() {
        page.lines.push(Line::styled(
            format!("{indent}no option matches; Backspace edits the filter"),
            t.warning(),
        ));
        return;
    }
    let first = c
        .cursor
        .saturating_sub(CHOICE_ROWS / 2)
        .min(visible.len().saturating_sub(CHOICE_ROWS));
    for (pos, &i) in visible.iter().enumerate().skip(first).take(CHOICE_ROWS) {
        let (value, label) = &c.options[i];
        let on = c.picked.contains(value);
        let mark = match (c.multi, on) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let number = if pos < 9 {
            format!("{}", pos + 1)
        } else {
            " ".into()
        };
        let style = if pos == c.cursor {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        page.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(format!("{number} "), t.dim()),
            Span::styled(format!("{mark} {label}"), style),
        ]));
    }
    if visible.len() > CHOICE_ROWS {
        page.lines.push(Line::styled(
            format!("{indent}  … {} options; type to filter", visible.len()),
            t.dim(),
        ));
    }
}

/// Wraps text to a width in terminal columns (wide characters count double), never
/// returning nothing for empty text.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let needed = line.width() + word.width() + usize::from(!line.is_empty());
            if needed > width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            while line.width() > width {
                let (head, tail) = split_at_width(&line, width);
                out.push(head.to_string());
                line = tail.to_string();
            }
        }
        out.push(line);
    }
    out
}

/// Splits text where its first part fills at most `width` columns (at least one character).
fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return text.split_at(if i == 0 { c.len_utf8() } else { i });
        }
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("one two three", 10), ["one two", "three"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghijklmnop", 10), ["abcdefghij", "klmnop"]);
        assert_eq!(
            wrap("日本語日本語日本語", 10),
            ["日本語日本", "語日本語"],
            "wide characters take two columns"
        );
        assert_eq!(wrap("a日本語日本語日本語", 10), ["a日本語日", "本語日本語"]);
    }
}
