//! Complete documents: the exports of the example draft carry every block a recipient needs,
//! read back by independent readers (serde_json for JSON, plain lines for text, poppler's
//! `pdftotext` for PDF). What each block must say is read from the example draft where the
//! facts are entered (the profile, the questionnaire, the network and collocation forms),
//! not copied into the tests.

use std::path::Path;

use crate::support::{Case, bytes_ok, with_example, wizard};
use clec_wizard::domain::form::schema::{Field, FieldKind};
use clec_wizard::domain::rules::eval::Evaluator;
use clec_wizard::domain::rules::eval::place_of;
use clec_wizard::domain::rules::view::labelled;
use clec_wizard::domain::values::answer::{Answer, Key};
use serde_json::Value;

fn export_bytes(dir: &Path, form: &str, format: &str) -> Vec<u8> {
    let args = [
        "export", "example", "--form", form, "--format", format, "-o", "-",
    ];
    bytes_ok(dir, &args)
}

fn export(dir: &Path, form: &str, format: &str) -> String {
    String::from_utf8(export_bytes(dir, form, format)).unwrap()
}

fn answers(dir: &Path, form: &str) -> serde_json::Map<String, Value> {
    let doc: Value = serde_json::from_str(&export(dir, form, "json")).unwrap();
    doc["answers"].as_object().unwrap().clone()
}

/// The PDF's text, read back by `pdftotext`.
fn pdf(dir: &Path, form: &str) -> String {
    crate::support::pdftotext(&export_bytes(dir, form, "pdf"))
}

/// Text without its white space: a value wrapped over lines (a summary's hanging indent,
/// a PDF's label above its answer) still reads as one.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_reads(document: &str, what: &str, expected: &str) {
    assert!(
        squash(document).contains(&squash(expected)),
        "{expected:?} missing from the {what}:\n{document}"
    );
}

/// One answer a document must carry: its path in the exported form, its label there,
/// and the fact as stored (JSON) and as read (text, PDF), from where it is entered.
#[derive(Debug)]
struct Expected {
    path: String,
    label: String,
    stored: Answer,
    read: String,
}

/// The stored answer as the JSON export writes it.
fn json_of(answer: &Answer) -> Value {
    match answer {
        Answer::Text(t) => Value::from(t.as_str()),
        Answer::YesNo(b) => Value::from(*b),
        Answer::Many(v) => Value::from(v.clone()),
        other => panic!("no block field holds {other:?}"),
    }
}

/// The field a path names (`profile.hq_street`, `questionnaire.state_rows.state_ocn`).
fn field_at<'a>(case: &'a Case, path: &str) -> &'a Field {
    let (form, rest) = path.split_once('.').unwrap();
    let form = case.forms.form(form).unwrap();
    match rest.split_once('.') {
        Some((group, field)) => form.field(group).unwrap().field.sub_field(field).unwrap(),
        None => form.field(rest).unwrap().field,
    }
}

/// Each shown field of `sections` of `form` that reuses a top-level fact, with the fact
/// as the draft holds it where it is entered.
fn reused_facts(case: &Case, form: &str, sections: &[&str]) -> Vec<Expected> {
    let def = case.forms.form(form).unwrap();
    let eval = Evaluator::new(&case.forms, &case.draft);
    let mut out = Vec::new();
    for section in def.sections.iter().filter(|s| sections.contains(&&*s.id)) {
        for field in &section.fields {
            let FieldKind::Reuse { from } = &field.kind else {
                continue;
            };
            let place = place_of(def, &Key::new(form, &field.id)).unwrap();
            let Some(stored) = case.draft.answers.get(from) else {
                continue;
            };
            if !eval.is_visible(&place) {
                continue;
            }
            out.push(Expected {
                path: format!("{form}.{}", field.id),
                label: field.printed().to_string(),
                read: labelled(stored, &field_at(case, from).kind),
                stored: stored.clone(),
            });
        }
    }
    out
}

/// The text of a cell of a group row in the draft.
fn cell(case: &Case, group: &str, row: usize, field: &str) -> Option<String> {
    let (form, group) = group.split_once('.').unwrap();
    let key = Key::in_row(form, group, row, field);
    case.draft.answer(&key).map(Answer::display)
}

/// The OCN of each requested state, from the questionnaire's row for that state.
fn state_ocns(case: &Case) -> Vec<Expected> {
    let rows = case.draft.rows("agreement-request", "agreements");
    let state_rows = case.draft.rows("questionnaire", "state_rows");
    let label = field_at(case, "agreement-request.agreements.state_ocn")
        .printed()
        .to_string();
    (1..=rows)
        .map(|row| {
            let state = cell(case, "agreement-request.agreements", row, "state").unwrap();
            let ocn = (1..=state_rows)
                .find(|&r| {
                    cell(case, "questionnaire.state_rows", r, "state") == Some(state.clone())
                })
                .and_then(|r| cell(case, "questionnaire.state_rows", r, "state_ocn"))
                .unwrap_or_else(|| panic!("the questionnaire gives {state} an OCN"));
            Expected {
                path: format!("agreement-request.agreements[{row}].state_ocn"),
                label: label.clone(),
                stored: Answer::Text(ocn.clone()),
                read: ocn,
            }
        })
        .collect()
}

/// What the Agreement Request Form needs in its company, notices, contact and code blocks
/// (issue "Form fidelity"): each must be in the example's blocks.
const AGREEMENT_BLOCK_FIELDS: &[&str] = &[
    "legal_name",
    "dba_names",
    "entity_type",
    "state_of_formation",
    "ein",
    "hq_street",
    "hq_city",
    "hq_state",
    "hq_zip",
    "main_phone",
    "notices_attention",
    "notices_street_hq",
    "notices_city_hq",
    "notices_state_hq",
    "notices_zip_hq",
    "primary_name",
    "primary_title",
    "primary_phone",
    "primary_email",
    "legal_contact",
    "legal_title",
    "legal_phone",
    "legal_email",
    "regulatory_name",
    "regulatory_title",
    "regulatory_phone",
    "regulatory_email",
    "ocn",
    "acna",
    "ccna",
];

/// The Agreement Request Form's blocks as the example draft answers them.
fn agreement_blocks() -> Vec<Expected> {
    let case = Case::example();
    let sections = ["company", "notices", "contacts", "codes"];
    let mut blocks = reused_facts(&case, "agreement-request", &sections);
    for id in AGREEMENT_BLOCK_FIELDS {
        let path = format!("agreement-request.{id}");
        assert!(
            blocks.iter().any(|b| b.path == path),
            "{path} is in no block of the example: {blocks:?}"
        );
    }
    let ocns = state_ocns(&case);
    assert!(ocns.len() >= 2, "the example requests several states");
    blocks.extend(ocns);
    blocks
}

#[test]
fn the_agreement_request_json_carries_every_block() {
    let (dir, _) = with_example();
    let answers = answers(dir.path(), "agreement-request");
    for block in agreement_blocks() {
        let found = answers.get(&block.path);
        assert_eq!(found, Some(&json_of(&block.stored)), "{}", block.path);
    }
}

#[test]
fn the_agreement_request_text_carries_every_block() {
    let (dir, _) = with_example();
    let text = export(dir.path(), "agreement-request", "text");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for heading in ["1. Company", "2. Notices", "3. Contacts"] {
        assert!(lines.contains(&heading), "{heading} in\n{text}");
    }
    for block in agreement_blocks() {
        assert_reads(&text, "text", &format!("{}: {}", block.label, block.read));
    }
}

#[test]
fn the_agreement_request_pdf_carries_every_block() {
    let (dir, _) = with_example();
    let text = pdf(dir.path(), "agreement-request");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for heading in ["1. Company", "2. Notices", "3. Contacts"] {
        assert!(lines.contains(&heading), "{heading} in\n{text}");
    }
    // The PDF prints each question above or beside its answer.
    for block in agreement_blocks() {
        assert_reads(&text, "PDF", &format!("{}{}", block.label, block.read));
    }
}

#[test]
fn a_separate_notices_address_is_exported_instead_of_headquarters() {
    let (dir, _) = with_example();
    for (path, value) in [
        ("profile.notices_same_as_hq", "no"),
        ("profile.notices_street", "PO Box 77"),
        ("profile.notices_city", "Golden"),
        ("profile.notices_state", "CO"),
        ("profile.notices_zip", "80401"),
    ] {
        wizard(dir.path())
            .args(["set", "example", path, value])
            .assert()
            .success();
    }
    let answers = answers(dir.path(), "agreement-request");
    assert_eq!(
        answers.get("agreement-request.notices_street"),
        Some(&Value::from("PO Box 77"))
    );
    assert_eq!(
        answers.get("agreement-request.notices_zip"),
        Some(&Value::from("80401"))
    );
    assert!(!answers.contains_key("agreement-request.notices_street_hq"));
}

/// What sections J and N of the questionnaire show from the network and collocation
/// forms: for each row, `label = value` of the cells that name it.
fn network_and_collocation_rows(case: &Case) -> Vec<(&'static str, Vec<String>)> {
    let groups = [
        ("pois", "network.pois", &["lata", "state", "poi_clli"][..]),
        (
            "trunk_groups",
            "network.trunk_groups",
            &["name", "a_clli", "y1_q1"],
        ),
        (
            "collocation_requests",
            "collocation.requests",
            &["wire_center", "bays"],
        ),
    ];
    groups
        .into_iter()
        .map(|(shown_as, group, fields)| {
            let (form, id) = group.split_once('.').unwrap();
            let rows = case.draft.rows(form, id);
            assert!(rows > 0, "the example has {group} rows");
            let cells = (1..=rows)
                .flat_map(|row| {
                    fields.iter().map(move |f| {
                        let label = &field_at(case, &format!("{group}.{f}")).label;
                        let value = cell(case, group, row, f).unwrap();
                        format!("{label} = {value}")
                    })
                })
                .collect();
            (shown_as, cells)
        })
        .collect()
}

/// The titles of the questionnaire's sections J and N.
fn j_and_n_titles(case: &Case) -> Vec<String> {
    let def = case.forms.form("questionnaire").unwrap();
    let titles: Vec<String> = def
        .sections
        .iter()
        .filter(|s| s.title.starts_with("J. ") || s.title.starts_with("N. "))
        .map(|s| s.title.clone())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    titles
}

/// The questionnaire's "same as headquarters" bill-to address, as the profile holds it.
fn bill_to_headquarters(case: &Case) -> Vec<Expected> {
    let same = case.draft.answers.get("questionnaire.bill_to_same_as_hq");
    assert_eq!(same, Some(&Answer::YesNo(true)), "the example bills to HQ");
    let found = reused_facts(case, "questionnaire", &["billing"]);
    let hq: Vec<Expected> = found
        .into_iter()
        .filter(|e| e.path.ends_with("_hq"))
        .collect();
    assert_eq!(hq.len(), 4, "street, city, state and ZIP: {hq:?}");
    hq
}

#[test]
fn the_questionnaire_json_carries_sections_j_and_n_and_the_bill_to_address() {
    let case = Case::example();
    let (dir, _) = with_example();
    let answers = answers(dir.path(), "questionnaire");
    for (key, cells) in network_and_collocation_rows(&case) {
        let rows = answers
            .get(&format!("questionnaire.{key}"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{key} in {answers:?}"));
        let all: Vec<&str> = rows.iter().map(|v| v.as_str().unwrap()).collect();
        let joined = all.join("\n");
        for cell in cells {
            assert_reads(&joined, &format!("JSON {key}"), &cell);
        }
    }
    for e in bill_to_headquarters(&case) {
        assert_eq!(
            answers.get(&e.path),
            Some(&json_of(&e.stored)),
            "{}",
            e.path
        );
    }
}

#[test]
fn the_questionnaire_text_and_pdf_carry_sections_j_and_n_and_the_bill_to_address() {
    let case = Case::example();
    let (dir, _) = with_example();
    let text = export(dir.path(), "questionnaire", "text");
    let printed = pdf(dir.path(), "questionnaire");
    let documents = [("text", text, ": "), ("PDF", printed, "")];
    for (what, document, between) in &documents {
        for title in j_and_n_titles(&case) {
            assert_reads(document, what, &title);
        }
        // Rows read as tables: each value in its cell, no run-on "label = value; ...".
        for (_, cells) in network_and_collocation_rows(&case) {
            for cell in cells {
                let (label, value) = cell.split_once(" = ").unwrap();
                assert_reads(document, what, value);
                assert!(!document.contains(&cell), "{label} run on: {document}");
            }
        }
        for e in bill_to_headquarters(&case) {
            assert_reads(document, what, &format!("{}{between}{}", e.label, e.read));
        }
    }
}
