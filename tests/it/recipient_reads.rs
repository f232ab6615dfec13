//! The documents as their recipient reads them: the `.eml` body parsed back with
//! mailparse, the PDF through `pdftotext`, the text summary as printed. The cover letter
//! names each agreement and the CenturyLink company it is addressed to; forecasts read as
//! tables by calendar quarter.

use std::path::Path;

use crate::support::{bytes_ok, pdftotext, with_example};
use mailparse::{MailHeaderMap, parse_mail};

/// `export ARGS -o -`: the bytes it writes; it must succeed.
fn export(dir: &Path, args: &[&str]) -> Vec<u8> {
    bytes_ok(dir, &[&["export"], args, &["-o", "-"]].concat())
}

/// The cover letter of a form's `.eml`, lines unwrapped into one paragraph each.
fn letter(dir: &Path, form: &str) -> String {
    let bytes = export(dir, &["example", "--form", form, "--format", "eml"]);
    let mail = parse_mail(&bytes).unwrap();
    let body = mail.subparts[0].get_body().unwrap().replace("\r\n", "\n");
    unwrap_lines(&body)
}

/// Text with its wrapped lines joined again: each paragraph or list item on one line.
fn unwrap_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("- ") {
            out.push('\n');
        } else if !out.ends_with('\n') && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[test]
fn the_agreement_request_letter_names_each_agreement_adopted_and_its_company() {
    let (dir, _) = with_example();
    let body = letter(dir.path(), "agreement-request");
    assert!(
        body.starts_with("Dear Manager – Interconnection Agreements,"),
        "{body}"
    );
    let requested = body.split("Attached").next().unwrap();
    let items: Vec<&str> = requested.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), 3, "one item per agreement row: {body}");
    let qc = "with Qwest Corporation d/b/a CenturyLink QC";
    // The opt-in names the agreement adopted: its carrier, number and state.
    assert!(
        items[0].starts_with(&format!(
            "- Colorado (CO), {qc}: an interconnection agreement by opt-in"
        )),
        "{body}"
    );
    for fact in [
        "Summit Ridge Telecom LLC",
        "CDS-190822-0311",
        "in Colorado (CO)",
        "2028-12-31",
    ] {
        assert!(items[0].contains(fact), "{fact}: {body}");
    }
    assert!(items[1].starts_with(&format!("- Utah (UT), {qc}: an interconnection agreement negotiated from the Negotiations Template Agreement (NTA)")), "{body}");
    assert!(
        items[1].contains("PrairieLantern-UT-NTA-redlines-2026-02.docx"),
        "{body}"
    );
    assert!(
        items[2].starts_with(&format!("- Utah (UT), {qc}: a commercial agreement")),
        "{body}"
    );
    assert!(
        items[2].contains("Wholesale voice platform lines"),
        "{body}"
    );
}

#[test]
fn the_early_ordering_letter_names_the_signed_agreements_and_greets_the_negotiator() {
    let (dir, _) = with_example();
    let body = letter(dir.path(), "early-ordering");
    assert!(body.starts_with("Dear Avery Lindqvist,"), "{body}");
    assert!(
        body.contains(
            "- Utah (UT), with Qwest Corporation d/b/a CenturyLink QC: the signed \
             interconnection agreement CDS-260204-0057, executed on 2026-05-26"
        ),
        "{body}"
    );
    // The subject names the states covered, not the number of rows.
    let bytes = export(
        dir.path(),
        &["example", "--form", "early-ordering", "--format", "eml"],
    );
    let mail = parse_mail(&bytes).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert_eq!(
        subject,
        "Prairie Lantern Communications LLC - PLQ - UT - Early Ordering Letter Agreement"
    );
    let body = letter(dir.path(), "questionnaire");
    assert!(body.starts_with("Dear Jordan Ellery-Vance,"), "{body}");
}

/// The calendar quarters of the example's forecast (year 1 from 2026-07-01), then its two
/// annual columns.
const QUARTERS: [&str; 10] = [
    "Q3 2026",
    "Q4 2026",
    "Q1 2027",
    "Q2 2027",
    "Q3 2027",
    "Q4 2027",
    "Q1 2028",
    "Q2 2028",
    "Q3 2028–Q2 2029",
    "Q3 2029–Q2 2030",
];

/// The example with trunk group 1's third quarter not given.
fn example_with_a_quarter_open() -> tempfile::TempDir {
    let (dir, saves) = with_example();
    let file = saves.join("example.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !(l.contains("network.trunk_groups[1-") && l.contains("].y1_q3\"")))
        .collect();
    assert_eq!(kept.len() + 1, text.lines().count(), "one quarter removed");
    std::fs::write(&file, kept.join("\n") + "\n").unwrap();
    dir
}

/// The header row of the forecast table, split over parts when the page is narrow, holds
/// every quarter in calendar order; each trunk group is a row naming it.
fn assert_forecast_table(document: &str, what: &str) {
    let mut at = 0;
    for q in QUARTERS {
        let found = document[at..].find(q);
        assert!(
            found.is_some(),
            "{q} after byte {at} in the {what}:\n{document}"
        );
        at += found.unwrap();
    }
    assert!(
        !document.contains("Year 1, quarter 1"),
        "quarters by calendar, not by forecast year: {document}"
    );
}

#[test]
fn the_forecast_reads_as_a_table_by_calendar_quarter_in_every_document() {
    let dir = example_with_a_quarter_open();
    for form in ["network", "questionnaire"] {
        let text = String::from_utf8(export(
            dir.path(),
            &["example", "--form", form, "--format", "text", "--draft"],
        ))
        .unwrap();
        assert_forecast_table(&text, "text");
        assert!(text.lines().all(|l| l.chars().count() <= 78), "{text}");
        // A row per trunk group, its name first, the open quarter marked.
        let row = text
            .lines()
            .find(|l| l.trim_start().starts_with("DNVR local 1 ") && l.contains("| 48"))
            .unwrap_or_else(|| panic!("{text}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(cells[..4], ["DNVR local 1", "48", "72", "-"], "{row}");

        let md = String::from_utf8(export(
            dir.path(),
            &["example", "--form", form, "--format", "md", "--draft"],
        ))
        .unwrap();
        let header = format!("| Trunk group name | {} |", QUARTERS.join(" | "));
        assert!(md.contains(&header), "{md}");
        assert!(md.contains("| DNVR local 1 | 48 | 72 | - | 96 |"), "{md}");

        let pdf = export(
            dir.path(),
            &["example", "--form", form, "--format", "pdf", "--draft"],
        );
        let printed = pdftotext(&pdf);
        assert_forecast_table(&printed, "PDF");
        assert!(printed.contains("by calendar quarter"), "{printed}");
    }
}

/// Section N of the questionnaire shows the collocation form's requests as that form's
/// table, turned on its side (17 fields do not fit across a page): a row per field, its
/// printed wording first, a column per request headed by its wire center, in the text,
/// Markdown and PDF copies alike; nothing listed as "label: value".
#[test]
fn section_n_reads_as_a_table_of_the_collocation_requests() {
    let (dir, _) = with_example();
    let section = |document: &str| -> String {
        let from = document.find("N. Collocation").expect("section N");
        let to = document[from..].find("O. Maintenance").expect("section O") + from;
        document[from..to].to_string()
    };
    let text = String::from_utf8(export(
        dir.path(),
        &["example", "--form", "questionnaire", "--format", "text"],
    ))
    .unwrap();
    let n = section(&text);
    assert!(n.contains("| 1. DNVRCOMA"), "{n}");
    assert!(n.contains("| 2. SLKCUTMA"), "{n}");
    let row = |label: &str| {
        n.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label:?} in {n}"))
            .to_string()
    };
    assert!(
        row("Collocation type").contains("| Cageless physical"),
        "{n}"
    );
    assert!(row("Number of bays").ends_with("| 2"), "{n}");
    assert!(!n.contains("Collocation type: "), "{n}");
    assert!(n.lines().all(|l| text_width(l) <= 78), "{n}");
    let md = String::from_utf8(export(
        dir.path(),
        &["example", "--form", "questionnaire", "--format", "md"],
    ))
    .unwrap();
    let n = section(&md);
    assert!(
        n.contains("| Collocation type | Cageless physical |"),
        "{n}"
    );
    let pdf = pdftotext(&export(
        dir.path(),
        &["example", "--form", "questionnaire", "--format", "pdf"],
    ));
    let n = section(&pdf);
    for cell in [
        "1. DNVRCOMA",
        "2. SLKCUTMA",
        "Collocation type",
        "Cageless physical",
    ] {
        assert!(n.contains(cell), "{cell} in {n}");
    }
    assert!(!n.contains("Collocation type: "), "{n}");
}

fn text_width(line: &str) -> usize {
    line.chars().count()
}
