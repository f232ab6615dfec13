//! `clec-wizard report`: where an onboarding stands ([`crate::domain::report`]) as plain
//! text, Markdown, a PDF (the forms' writer, [`super::pdf`]) or one self-contained HTML
//! file. Every format prints the same sections ([`parts`]); every text from the draft is
//! cleaned ([`super::clean_with`]), and escaped for Markdown and HTML.

use std::fmt::Write as _;

use chrono::{DateTime, Local};

use super::clean_with;
use super::pdf::{Printable, print};
use super::summary::{Block, Part, markdown_parts, md, put, text_parts, underlined};
use crate::domain::report::{MAX_NAMED, Report};
use crate::domain::values::status::FormStatus;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Markdown,
    Pdf,
    Html,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Markdown => "md",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
        }
    }
}

/// The report in one format, made at `at`.
pub fn render(report: &Report, format: ReportFormat, at: DateTime<Local>) -> Vec<u8> {
    match format {
        ReportFormat::Text => text(report).into_bytes(),
        ReportFormat::Markdown => markdown(report).into_bytes(),
        ReportFormat::Pdf => pdf(report, at),
        ReportFormat::Html => html(report).into_bytes(),
    }
}

const TITLE: &str = "Onboarding status report";

/// One line of text from the draft or the forms, safe for every format.
fn one(text: &str) -> String {
    clean_with(text, false)
}

fn facts(r: &Report) -> Vec<String> {
    vec![
        format!("Company: {}", one(&r.company)),
        format!("clec-wizard draft: {}", one(&r.draft)),
        format!("As of: {}", r.today.format("%Y-%m-%d")),
    ]
}

fn status(s: FormStatus) -> String {
    s.label().to_string()
}

fn table(label: &str, columns: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        label: label.to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        keyed: false,
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| (format!("{}.", i + 1), cells.into_iter().map(Some).collect()))
            .collect(),
    }
}

fn field(label: &str, value: String) -> Block {
    Block::Field {
        label: label.to_string(),
        value,
    }
}

/// The report's sections, in the order every format prints them.
fn parts(r: &Report) -> Vec<Part> {
    let or_dash = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    let steps = table(
        "The seven steps",
        &["Step", "Status", "Last record"],
        r.steps
            .iter()
            .map(|s| {
                vec![
                    one(&s.title),
                    status(s.status),
                    or_dash(s.date.map(|d| d.to_string())),
                ]
            })
            .collect(),
    );
    let states = if r.states.is_empty() {
        Block::Note("No target state recorded yet.".into())
    } else {
        table(
            "Per target state",
            &[
                "State",
                "Certification",
                "Agreement path",
                "Day 0 and §252 window",
                "Approval",
            ],
            r.states
                .iter()
                .map(|s| {
                    let negotiation = match (&s.day0, &s.window) {
                        (Some(d), Some(w)) => format!("Day 0 {}; window {}", one(d), one(w)),
                        (Some(d), None) => format!("Day 0 {}", one(d)),
                        _ => "-".into(),
                    };
                    vec![
                        one(&s.state),
                        one(&s.certification),
                        if s.path.is_empty() {
                            "-".into()
                        } else {
                            one(&s.path)
                        },
                        negotiation,
                        one(&s.approval),
                    ]
                })
                .collect(),
        )
    };
    let mut readiness = vec![field("Collocation", status(r.collocation.status))];
    if !r.collocation.requests.is_empty() {
        readiness.push(table(
            "Collocation requests",
            &["Wire center", "State", "Stage"],
            r.collocation
                .requests
                .iter()
                .map(|(wc, st, stage)| vec![one(wc), one(st), one(stage)])
                .collect(),
        ));
    }
    readiness.push(field(
        "Ordering (Early Ordering Letter)",
        status(r.ordering.status),
    ));
    for (question, answer) in &r.ordering.readiness {
        readiness.push(field(&one(question), one(answer)));
    }
    let sent = if r.sent.is_empty() {
        Block::Note("Nothing recorded as sent yet.".into())
    } else {
        table(
            "Forms sent to CenturyLink",
            &["Form", "Sent", "Acknowledged", "Reference"],
            r.sent
                .iter()
                .map(|s| {
                    vec![
                        one(&s.form),
                        or_dash(s.sent.map(|d| d.to_string())),
                        or_dash(s.acknowledged.map(|d| d.to_string())),
                        or_dash(s.reference.as_deref().map(one)),
                    ]
                })
                .collect(),
        )
    };
    let deadlines = if r.deadlines.is_empty() {
        Block::Note("No deadline ahead.".into())
    } else {
        table(
            "Overdue first, then by date",
            &["Date", "Deadline", "When"],
            r.deadlines
                .iter()
                .map(|d| {
                    let when = match d.overdue {
                        true => format!("OVERDUE, {}", d.when),
                        false => d.when.clone(),
                    };
                    vec![d.date.to_string(), one(&d.title), when]
                })
                .collect(),
        )
    };
    let open: Vec<Block> = if r.open.is_empty() {
        vec![Block::Note("None: every form is complete.".into())]
    } else {
        r.open
            .iter()
            .map(|o| {
                let mut value = format!("{} open, {} blocking", o.open, o.blocking);
                if !o.named.is_empty() {
                    let named: Vec<String> = o.named.iter().map(|n| one(n)).collect();
                    let _ = write!(value, ": {}", named.join("; "));
                }
                if o.blocking > MAX_NAMED {
                    let _ = write!(value, "; and {} more", o.blocking - MAX_NAMED);
                }
                field(&one(&o.form), value)
            })
            .collect()
    };
    let part = |title: &str, blocks: Vec<Block>| Part {
        title: title.to_string(),
        blocks,
    };
    vec![
        part("1. Steps", vec![steps]),
        part(
            "2. States: certification, agreement, negotiation",
            vec![states],
        ),
        part("3. Collocation and ordering readiness", readiness),
        part("4. Sent and acknowledged", vec![sent]),
        part("5. Next deadlines", vec![deadlines]),
        part("6. Open items", open),
    ]
}

/// The plain-text report.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", underlined(TITLE, '='));
    for f in facts(r) {
        put(&mut out, &f, "", "    ");
    }
    text_parts(&mut out, &parts(r));
    out
}

/// The Markdown report.
pub(crate) fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {TITLE}\n");
    for f in facts(r) {
        let _ = writeln!(out, "- {}", md(&f));
    }
    markdown_parts(&mut out, &parts(r));
    out
}

/// The PDF report, through the forms' PDF writer.
pub fn pdf(r: &Report, at: DateTime<Local>) -> Vec<u8> {
    print(&Printable {
        title: TITLE.into(),
        facts: facts(r),
        parts: parts(r),
        open_items: None,
        signed: None,
        heading: format!("Onboarding status - {}", one(&r.company)),
        at,
    })
}

/// Text escaped for HTML (element content and quoted attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The style of the HTML report: readable on screen, one or two pages printed.
const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;\
font-size:10.5pt;line-height:1.35;color:#111;max-width:60rem;margin:1.5rem auto;padding:0 1rem}\
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.1em 0 .3em;\
border-bottom:1px solid #999}h3{font-size:1em;margin:.6em 0 .2em}\
ul.facts{list-style:none;padding:0;margin:0}\
table{border-collapse:collapse;width:100%;margin:.2em 0 .5em}\
th,td{border:1px solid #bbb;padding:.15em .4em;text-align:left;vertical-align:top}\
th{background:#eee}dl{display:grid;grid-template-columns:16rem 1fr;gap:.1em .8em;margin:.3em 0}\
dt{font-weight:600}dd{margin:0}p.note{margin:.3em 0}\
@page{size:letter;margin:1.5cm}\
@media print{body{margin:0;max-width:none;font-size:9.5pt}h2{break-after:avoid}\
tr,dl{break-inside:avoid}th{background:none}}";

/// The HTML report: one self-contained file (inline style, no scripts, no external
/// assets), every text escaped.
pub fn html(r: &Report) -> String {
    let mut out = String::new();
    let title = format!("{TITLE} - {}", one(&r.company));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<ul class=\"facts\">\n",
        esc(&title),
        esc(TITLE)
    );
    for f in facts(r) {
        let _ = writeln!(out, "<li>{}</li>", esc(&f));
    }
    out.push_str("</ul>\n");
    for part in parts(r) {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&part.title));
        let mut in_list = false;
        for block in &part.blocks {
            let is_field = matches!(block, Block::Field { .. });
            if in_list && !is_field {
                out.push_str("</dl>\n");
                in_list = false;
            }
            match block {
                Block::Field { label, value } => {
                    if !in_list {
                        out.push_str("<dl>\n");
                        in_list = true;
                    }
                    let value = if value.is_empty() { "-" } else { value };
                    let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
                }
                Block::Note(text) => {
                    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(text));
                }
                Block::Table {
                    label,
                    columns,
                    rows,
                    ..
                } => {
                    let _ = writeln!(out, "<h3>{}</h3>\n<table>\n<thead><tr>", esc(label));
                    for c in columns {
                        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for (_, cells) in rows {
                        out.push_str("<tr>");
                        for c in cells {
                            let _ = write!(out, "<td>{}</td>", esc(c.as_deref().unwrap_or("")));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
        }
        if in_list {
            out.push_str("</dl>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{Collocation, DeadlineLine, Ordering, StateLine, StepLine};
    use chrono::NaiveDate;

    fn sample(company: &str) -> Report {
        let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        Report {
            company: company.into(),
            draft: "acme".into(),
            today: day,
            steps: vec![StepLine {
                number: 1,
                title: "Get the checklist".into(),
                status: FormStatus::Complete,
                date: Some(day),
            }],
            states: vec![StateLine {
                state: "CO".into(),
                certification: "Granted 2025-09-22".into(),
                path: "Opt-in".into(),
                day0: Some("2026-01-15".into()),
                window: Some("2026-05-30 to 2026-06-24".into()),
                approval: "negotiating".into(),
            }],
            collocation: Collocation {
                status: FormStatus::InProgress,
                requests: vec![],
            },
            ordering: Ordering {
                status: FormStatus::NotStarted,
                readiness: vec![("Is OSS live?".into(), "No".into())],
            },
            sent: vec![],
            deadlines: vec![DeadlineLine {
                date: day,
                title: "Window opens".into(),
                overdue: true,
                when: "3 days ago".into(),
            }],
            open: vec![],
        }
    }

    #[test]
    fn html_escapes_every_text_and_stands_alone() {
        let page = html(&sample("<script>alert('x')</script> & \"Co\"\u{1b}[2J"));
        assert!(!page.contains("<script"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;")
        );
        assert!(!page.contains('\u{1b}'));
        assert!(!page.contains("http"), "no external asset");
        assert!(page.contains("<style>") && page.contains("@media print"));
    }

    #[test]
    fn every_format_has_every_section() {
        let r = sample("Acme | *Co*");
        let all = [text(&r), markdown(&r), html(&r)];
        for out in &all {
            for section in [
                "1. Steps",
                "2. States",
                "3. Collocation",
                "4. Sent",
                "5. Next deadlines",
                "6. Open items",
            ] {
                assert!(out.contains(section), "{section} in {out}");
            }
            assert!(out.contains("OVERDUE, 3 days ago"));
            assert!(out.contains("Day 0 2026-01-15; window 2026-05-30 to 2026-06-24"));
        }
        assert!(all[1].contains("Acme \\| \\*Co\\*"), "{}", all[1]);
    }
}
