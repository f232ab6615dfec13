//! Print-friendly summaries: plain text and Markdown. Sections are numbered, each question
//! shows its answer, repeatable groups become tables, and a draft export ends with its
//! open items.

use std::fmt::Write as _;

use super::{Source, clean, clean_with};
use crate::domain::change::upgrade;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::eval::Evaluator;
use crate::domain::rules::view::{NOT_GIVEN, Shown, Table, form_view, group_tables};
use crate::text;

/// Width of the plain-text summary, in display columns: it fits a printed page and an
/// e-mail body. Wider tables are listed row by row.
pub(crate) const TEXT_WIDTH: usize = 78;

/// What a section holds, ready to print.
pub(super) enum Block {
    Field {
        label: String,
        value: String,
    },
    Note(String),
    Table {
        label: String,
        columns: Vec<String>,
        /// The first column names the row: a table too wide is split into parts of
        /// columns, each starting with it, and rows are not numbered.
        keyed: bool,
        rows: Vec<(String, Vec<Cell>)>,
    },
}

/// A table cell: `None` when its field is hidden in that row (shown as nothing, never as
/// an empty answer).
pub(super) type Cell = Option<String>;

/// A numbered section of a summary.
pub(super) struct Part {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The visible sections of a form, ready to print (the text, Markdown and PDF copies).
pub(super) fn parts(src: &Source<'_>) -> Vec<Part> {
    let eval = Evaluator::new(src.forms, &src.draft);
    let mut out = Vec::new();
    for section in form_view(src.forms, &src.draft, src.form) {
        let mut blocks: Vec<Block> = Vec::new();
        for item in &section.items {
            let field = item.place.field;
            // A group's rows are in its tables.
            if item.place.row.is_some() {
                continue;
            }
            // The user's own (an ask-later note, clec-wizard's notes and progress) is not
            // for the reader of the document: an ask-later answer reads as unanswered.
            let own = super::is_users_own(src, item);
            match &item.shown {
                Shown::Note if own => {}
                _ if own && matches!(field.kind, FieldKind::Progress { .. }) => {}
                Shown::Note => blocks.push(Block::Note(clean(field.printed()))),
                _ => match group_tables(&eval, &item.place) {
                    Some(tables) => blocks.extend(tables.iter().map(|t| table_block(src, t))),
                    None => blocks.push(Block::Field {
                        label: clean_with(field.printed(), false),
                        value: if own {
                            String::new()
                        } else {
                            clean(&super::document_text(src, item))
                        },
                    }),
                },
            }
        }
        // Columns no row shows (all hidden, or notes) are left out.
        for block in &mut blocks {
            if let Block::Table { columns, rows, .. } = block {
                let keep: Vec<bool> = (0..columns.len())
                    .map(|i| {
                        rows.iter()
                            .any(|(_, c)| c[i].as_ref().is_some_and(|v| !v.is_empty()))
                    })
                    .collect();
                let mut i = 0;
                columns.retain(|_| {
                    i += 1;
                    keep[i - 1]
                });
                for (_, cells) in rows.iter_mut() {
                    let mut i = 0;
                    cells.retain(|_| {
                        i += 1;
                        keep[i - 1]
                    });
                }
            }
        }
        out.push(Part {
            title: clean_with(section.section.printed(), false),
            blocks,
        });
    }
    number(&mut out);
    out
}

/// A table of the view ([`group_tables`]) as a block: each cell as every export shows it
/// (the user's own left out, a document by its file name); a forecast's quarters with no
/// quantity marked as such.
fn table_block(src: &Source<'_>, table: &Table<'_>) -> Block {
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|cell| {
                    let item = cell.as_ref()?;
                    let text = match super::is_users_own(src, item) {
                        true => String::new(),
                        false => clean(&super::printed_text(src, item)),
                    };
                    Some(match text.is_empty() && table.keyed {
                        true => NOT_GIVEN.to_string(),
                        false => text,
                    })
                })
                .collect();
            (clean_with(&row.title, false), cells)
        })
        .collect::<Vec<(String, Vec<Cell>)>>();
    let mut columns: Vec<String> = table.columns.iter().map(|c| clean_with(c, false)).collect();
    // On its side, the first column is each row's field.
    let rows = match table.by_field {
        true => {
            columns.insert(0, String::new());
            rows.into_iter()
                .map(|(title, cells)| {
                    let first = Some(title.clone());
                    (title, std::iter::once(first).chain(cells).collect())
                })
                .collect()
        }
        false => rows,
    };
    Block::Table {
        label: clean_with(&table.label, false),
        columns,
        keyed: table.keyed,
        rows,
    }
}

/// One numbering scheme per document: a form whose sections carry their own letters
/// ("A. General") keeps them as they are; the others are numbered "1.", "2."...
fn number(parts: &mut [Part]) {
    let lettered = |title: &str| {
        let mut chars = title.chars();
        matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some('A'..='Z'), Some('.'), Some(' '))
        )
    };
    if parts.iter().any(|p| lettered(&p.title)) {
        return;
    }
    for (n, part) in parts.iter_mut().enumerate() {
        part.title = format!("{}. {}", n + 1, part.title);
    }
}

pub(super) fn title(src: &Source<'_>) -> String {
    let mark = if src.draft_mode { " [DRAFT]" } else { "" };
    format!("{}{mark}", clean_with(&src.form.title, false))
}

/// The lines under the title: who prepared the copy and when, and, for a form that renders
/// the recipient's own document, that it is the applicant's rendering of it, which governs
/// where they differ. Nothing of clec-wizard's own (form ids, versions, revisions) is in
/// what is sent: those are in the JSON answers and the wizard.
pub(super) fn facts(src: &Source<'_>) -> Vec<String> {
    let mut facts = vec![rendering_line(src)];
    // What helps the user only: in a draft, never in the copy that is sent.
    if src.draft_mode {
        facts.push(format!(
            "clec-wizard draft: \"{}\"",
            clean_with(src.name, false)
        ));
        if let Some(to) = crate::domain::rules::recipient::send_to(src.forms, &src.draft, src.form)
        {
            facts.push(format!("Send to: {}", clean_with(&to, false)));
        }
    }
    facts
}

/// "Prepared by COMPANY on DATE as its rendering of CenturyLink's FORM, which governs
/// where the two differ." (just who and when for the applicant's own records).
pub(super) fn rendering_line(src: &Source<'_>) -> String {
    let company = clean_with(&src.company(), false);
    let date = src.at.format("%Y-%m-%d");
    match src.form.original.as_deref().map(|o| clean_with(o, false)) {
        Some(original) if !original.trim().is_empty() => format!(
            "Prepared by {company} on {date} as its rendering of {original}, which governs \
             where the two differ."
        ),
        _ => format!("Prepared by {company} on {date}."),
    }
}

/// The plain-text summary: every line fits [`TEXT_WIDTH`] display columns, answers that
/// run longer wrap under a hanging indent.
pub fn text(src: &Source<'_>) -> String {
    let mut out = String::new();
    let title = title(src);
    let _ = writeln!(out, "{}\n", underlined(&title, '='));
    for f in facts(src) {
        put(&mut out, &f, "", "    ");
    }
    if src.draft_mode {
        out.push('\n');
        put(&mut out, &clean(&src.form.description), "", "");
    }
    text_parts(&mut out, &parts(src));
    draft_notes_text(&mut out, src);
    out
}

/// Numbered sections as plain text: headings underlined, fields with hanging indents,
/// tables as columns (or row by row when too wide). Shared with the status report.
pub(super) fn text_parts(out: &mut String, parts: &[Part]) {
    for part in parts {
        let heading = &part.title;
        out.push('\n');
        for line in text::wrap_hanging(heading, TEXT_WIDTH, "", "   ") {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "{}", "-".repeat(text::width(heading).min(TEXT_WIDTH)));
        for block in &part.blocks {
            match block {
                Block::Note(text) => put(out, text, "  ", "  "),
                Block::Field { label, value } => {
                    put(out, &format!("{label}: {}", or_dash(value)), "  ", "      ");
                }
                Block::Table {
                    label,
                    columns,
                    keyed,
                    rows,
                } => text_table(out, label, columns, *keyed, rows),
            }
        }
    }
}

/// `text` wrapped to the page under a hanging indent, added to `out`.
pub(super) fn put(out: &mut String, text: &str, first: &str, rest: &str) {
    for line in text::wrap_hanging(text, TEXT_WIDTH, first, rest) {
        out.push_str(&line);
        out.push('\n');
    }
}

fn or_dash(value: &str) -> &str {
    if value.is_empty() { "-" } else { value }
}

/// What only a draft export carries: answers kept aside and the open items.
fn draft_notes_text(out: &mut String, src: &Source<'_>) {
    if !src.draft_mode {
        return;
    }
    let kept = upgrade::kept_aside_in(src.forms, &src.draft, &src.form.id);
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "\nAnswers kept aside (their field is no longer in the form)"
        );
        let _ = writeln!(out, "{}", "-".repeat(57));
        for k in &kept {
            let line = format!(
                "{}: {}",
                clean_with(&k.path, false),
                clean(&k.answer.display())
            );
            put(out, &line, "  ", "      ");
        }
    }
    let _ = writeln!(out, "\nOpen items\n----------");
    if src.report.problems.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for p in &src.report.problems {
        put(out, &clean_with(&p.to_string(), false), "  - ", "    ");
    }
}

fn text_table(
    out: &mut String,
    label: &str,
    columns: &[String],
    keyed: bool,
    rows: &[(String, Vec<Cell>)],
) {
    let none = if rows.is_empty() { " none" } else { "" };
    put(out, &format!("{label}:{none}"), "  ", "    ");
    if rows.is_empty() {
        return;
    }
    let flat = |s: &Cell| s.as_deref().unwrap_or_default().replace('\n', " / ");
    let mut widths: Vec<usize> = columns.iter().map(|c| text::width(c)).collect();
    for (_, cells) in rows {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(text::width(&flat(c)));
        }
    }
    let number = rows.len().to_string().len() + 1;
    let total: usize = 4 + number + widths.iter().map(|w| w + 3).sum::<usize>();
    // A keyed table (a forecast) too wide for the page goes on in parts of its columns,
    // each starting with the column that names the rows.
    let parts = match keyed {
        true => column_parts(&widths, TEXT_WIDTH - 4),
        false if total <= TEXT_WIDTH && !columns.is_empty() => {
            vec![(0..columns.len()).collect()]
        }
        false => Vec::new(),
    };
    if parts.is_empty() {
        for (title, cells) in rows {
            put(out, title, "    ", "      ");
            for (c, v) in columns.iter().zip(cells) {
                if let Some(v) = v {
                    put(out, &format!("{c}: {}", or_dash(v)), "      ", "          ");
                }
            }
        }
        return;
    }
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = |cells: Vec<String>| {
            let body: Vec<String> = part
                .iter()
                .map(|&i| text::pad(&cells[i], widths[i]))
                .collect();
            body.join(" | ")
        };
        let rule = part
            .iter()
            .map(|&i| "-".repeat(widths[i]))
            .collect::<Vec<_>>()
            .join("-+-");
        if keyed {
            let _ = writeln!(
                out,
                "{}",
                format!("    {}", line(columns.to_vec())).trim_end()
            );
            let _ = writeln!(out, "    {rule}");
            for (_, cells) in rows {
                let row = line(cells.iter().map(flat).collect());
                let _ = writeln!(out, "{}", format!("    {row}").trim_end());
            }
            continue;
        }
        let header = format!("    {:<number$} | {}", "#", line(columns.to_vec()));
        let _ = writeln!(out, "{}", header.trim_end());
        let _ = writeln!(out, "    {}-+-{rule}", "-".repeat(number));
        for (i, (_, cells)) in rows.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:<number$} | {}",
                i + 1,
                line(cells.iter().map(flat).collect()).trim_end()
            );
        }
    }
}

/// The columns of a keyed table in parts that each fit `room` (columns of `widths`
/// joined by ` | `), every part starting with the first column; none when even the first
/// column and one more do not fit.
pub(super) fn column_parts(widths: &[usize], room: usize) -> Vec<Vec<usize>> {
    let Some((&key, rest)) = widths.split_first() else {
        return Vec::new();
    };
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut used = room + 1;
    for (i, w) in rest.iter().enumerate() {
        if used + 3 + w > room {
            if key + 3 + w > room {
                return Vec::new();
            }
            parts.push(vec![0]);
            used = key;
        }
        parts.last_mut().expect("a part").push(i + 1);
        used += 3 + w;
    }
    if parts.is_empty() {
        parts.push(vec![0]);
    }
    // As many parts, the columns shared out evenly when they still fit.
    let count = parts.len();
    let each = rest.len().div_ceil(count);
    let even: Vec<Vec<usize>> = (0..count)
        .map(|p| {
            let columns = p * each + 1..((p + 1) * each + 1).min(widths.len());
            std::iter::once(0).chain(columns).collect()
        })
        .filter(|p: &Vec<usize>| p.len() > 1)
        .collect();
    let fits = |p: &Vec<usize>| p.iter().map(|&i| widths[i] + 3).sum::<usize>() <= room + 3;
    match even.len() == count && even.iter().all(fits) {
        true => even,
        false => parts,
    }
}

/// The Markdown summary.
pub(crate) fn markdown(src: &Source<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&title(src)));
    for f in facts(src) {
        let _ = writeln!(out, "- {}", md(&f));
    }
    if src.draft_mode {
        let _ = writeln!(out, "\n{}", md(&src.form.description));
    }
    markdown_parts(&mut out, &parts(src));
    let kept = upgrade::kept_aside_in(src.forms, &src.draft, &src.form.id);
    if src.draft_mode && !kept.is_empty() {
        let _ = writeln!(
            out,
            "\n## Answers kept aside\n\nTheir field is no longer in the form.\n"
        );
        for k in &kept {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                clean_with(&k.path, false).replace('`', "'"),
                cell(&clean(&k.answer.display()))
            );
        }
    }
    if src.draft_mode {
        let _ = writeln!(out, "\n## Open items\n");
        if src.report.problems.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for p in &src.report.problems {
            let _ = writeln!(out, "- {}", md(&clean_with(&p.to_string(), false)));
        }
    }
    out
}

/// Numbered sections as Markdown (fields as a list, tables as tables). Shared with the
/// status report.
pub(super) fn markdown_parts(out: &mut String, parts: &[Part]) {
    for part in parts {
        let _ = writeln!(out, "\n## {}\n", md(&part.title));
        for block in &part.blocks {
            match block {
                Block::Note(text) => {
                    let _ = writeln!(out, "\n> {}\n", md(text));
                }
                Block::Field { label, value } => {
                    let value = if value.is_empty() {
                        "—".to_string()
                    } else {
                        md(value).replace('\n', "<br>")
                    };
                    let _ = writeln!(out, "- **{}:** {value}", md(label));
                }
                Block::Table {
                    label,
                    columns,
                    keyed,
                    rows,
                } => {
                    let _ = writeln!(out, "\n**{}**\n", md(label));
                    if rows.is_empty() {
                        let _ = writeln!(out, "_none_\n");
                        continue;
                    }
                    // A keyed table's first column names its rows: no row numbers.
                    let number = |i: &str| match keyed {
                        true => String::new(),
                        false => format!("| {i} "),
                    };
                    let header: Vec<String> = columns.iter().map(|c| cell(c)).collect();
                    let _ = writeln!(out, "{}| {} |", number("#"), header.join(" | "));
                    let rule = if *keyed { "|" } else { "|---|" };
                    let _ = writeln!(out, "{rule}{}", "---|".repeat(columns.len()));
                    for (i, (_, cells)) in rows.iter().enumerate() {
                        let cells: Vec<String> = cells
                            .iter()
                            .map(|c| cell(c.as_deref().unwrap_or_default()))
                            .collect();
                        let n = (i + 1).to_string();
                        let _ = writeln!(out, "{}| {} |", number(&n), cells.join(" | "));
                    }
                    out.push('\n');
                }
            }
        }
    }
}

/// Escapes Markdown's active characters.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table cell: escaped, one line.
fn cell(text: &str) -> String {
    md(text).replace('\n', "<br>")
}

/// A title over a line of `mark` exactly as wide as it shows (not as many characters).
pub(super) fn underlined(title: &str, mark: char) -> String {
    let line: String = std::iter::repeat_n(mark, text::width(title)).collect();
    format!("{title}\n{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes() {
        assert_eq!(md("a|b *c* <d>"), "a\\|b \\*c\\* \\<d\\>");
        assert_eq!(cell("x\ny"), "x<br>y");
    }

    #[test]
    fn underlines_match_the_display_width() {
        assert_eq!(underlined("Plan", '='), "Plan\n====");
        assert_eq!(underlined("1. 日本", '-'), "1. 日本\n-------");
    }

    /// Columns line up on screen when cells hold wide characters.
    #[test]
    fn tables_pad_by_display_width() {
        let mut out = String::new();
        let columns = vec!["Name".to_string(), "State".to_string()];
        let rows = vec![
            (
                "1.".to_string(),
                vec![Some("日本語".to_string()), Some("CO".to_string())],
            ),
            (
                "2.".to_string(),
                vec![Some("abc".to_string()), Some("UT".to_string())],
            ),
        ];
        text_table(&mut out, "Offices", &columns, false, &rows);
        let bars: Vec<Vec<usize>> = out
            .lines()
            .skip(1)
            .filter(|l| l.contains('|'))
            .map(|l| {
                l.match_indices('|')
                    .map(|(i, _)| text::width(&l[..i]))
                    .collect()
            })
            .collect();
        assert_eq!(bars.len(), 3, "{out}");
        assert!(bars.iter().all(|b| *b == bars[0]), "{out}");
        assert!(out.contains("| 日本語"), "{out}");
    }
}
