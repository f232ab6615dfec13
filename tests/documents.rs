//! Complete documents: the exports of the example draft carry every block a recipient needs,
//! read back by independent readers (serde_json for JSON, plain lines for text).

mod support;

use std::path::Path;

use serde_json::Value;
use support::with_example;

/// The command line on the drafts of `saves`.
fn wizard(saves: &Path) -> assert_cmd::Command {
    support::wizard(saves.parent().unwrap())
}

fn export(saves: &Path, form: &str, format: &str) -> String {
    let out = wizard(saves)
        .args(["export", "example", "--form", form, "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn answers(saves: &Path, form: &str) -> serde_json::Map<String, Value> {
    let doc: Value = serde_json::from_str(&export(saves, form, "json")).unwrap();
    doc["answers"].as_object().unwrap().clone()
}

/// The company, notices, contact and code blocks of the Agreement Request Form, as the
/// example draft answers them in its profile and questionnaire.
const AGREEMENT_BLOCKS: &[(&str, &str)] = &[
    ("legal_name", "Prairie Lantern Communications LLC"),
    ("dba_names", "Prairie Lantern Fiber"),
    ("entity_type", "llc"),
    ("state_of_formation", "CO"),
    ("ein", "84-2718281"),
    ("hq_street", "1875 Lantern Row, Suite 300"),
    ("hq_city", "Denver"),
    ("hq_state", "CO"),
    ("hq_zip", "80202"),
    ("main_phone", "303-555-0100"),
    ("notices_attention", "General Counsel"),
    ("notices_street_hq", "1875 Lantern Row, Suite 300"),
    ("notices_zip_hq", "80202"),
    ("primary_name", "Marisol Quintero-Hale"),
    ("primary_title", "Director, Carrier Relations"),
    ("primary_phone", "303-555-0142"),
    ("primary_email", "mquintero-hale@prairielantern.example"),
    ("legal_contact", "Theodore Brandvold"),
    ("legal_title", "General Counsel"),
    ("legal_phone", "303-555-0147"),
    ("legal_email", "legal@prairielantern.example"),
    ("regulatory_name", "Priya Castellanos-Reed"),
    ("regulatory_title", "Manager, Regulatory Affairs"),
    ("regulatory_phone", "303-555-0151"),
    ("regulatory_email", "regulatory@prairielantern.example"),
    ("ocn", "12QX"),
    ("acna", "PLQ"),
    ("agreements[1].state_ocn", "12QX"),
    ("agreements[2].state_ocn", "12QY"),
    ("agreements[1].path", "opt_in"),
    ("agreements[1].certification_status", "granted"),
    ("agreements[2].certification_docket", "Docket 25-2641-01"),
];

#[test]
fn the_agreement_request_json_carries_every_block() {
    let (_dir, saves) = with_example();
    let answers = answers(&saves, "agreement-request");
    for (field, value) in AGREEMENT_BLOCKS {
        let path = format!("agreement-request.{field}");
        assert_eq!(answers.get(&path), Some(&Value::from(*value)), "{path}");
    }
}

#[test]
fn the_agreement_request_text_carries_every_block() {
    let (_dir, saves) = with_example();
    let text = export(&saves, "agreement-request", "text");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for heading in ["1. Company", "2. Notices", "3. Contacts"] {
        assert!(lines.contains(&heading), "{heading} in\n{text}");
    }
    for line in [
        "Headquarters street address: 1875 Lantern Row, Suite 300",
        "Main phone: 303-555-0100",
        "Notices attention line: General Counsel",
        "Notices street address (headquarters): 1875 Lantern Row, Suite 300",
        "Primary contact: title: Director, Carrier Relations",
        "Legal contact: phone: 303-555-0147",
        "Regulatory contact: e-mail: regulatory@prairielantern.example",
        "OCN in this state: 12QY",
        "Certification in this state: Granted",
        "ACNA: PLQ",
    ] {
        assert!(lines.contains(&line), "{line:?} in\n{text}");
    }
}

#[test]
fn a_separate_notices_address_is_exported_instead_of_headquarters() {
    let (_dir, saves) = with_example();
    for (path, value) in [
        ("profile.notices_same_as_hq", "no"),
        ("profile.notices_street", "PO Box 77"),
        ("profile.notices_city", "Golden"),
        ("profile.notices_state", "CO"),
        ("profile.notices_zip", "80401"),
    ] {
        wizard(&saves)
            .args(["set", "example", path, value])
            .assert()
            .success();
    }
    let answers = answers(&saves, "agreement-request");
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

#[test]
fn the_questionnaire_exports_network_collocation_and_the_bill_to_address() {
    let (_dir, saves) = with_example();
    let answers = answers(&saves, "questionnaire");
    let lines = |key: &str| -> Vec<String> {
        answers
            .get(&format!("questionnaire.{key}"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{key} in {answers:?}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let pois = lines("pois");
    assert_eq!(pois.len(), 2, "{pois:?}");
    assert!(pois[0].contains("LATA = 656") && pois[0].contains("POI CLLI = DNVRCOMA"));
    assert!(pois[1].contains("State = UT") && pois[1].contains("Collocation"));
    let trunks = lines("trunk_groups");
    assert!(trunks.iter().all(|t| t.contains("Year 1, quarter 1 = ")));
    let colo = lines("collocation_requests");
    assert!(colo[0].contains("Wire center CLLI = DNVRCOMA"), "{colo:?}");
    // The example bills to headquarters: the address it stands for is exported.
    assert_eq!(
        answers["questionnaire.bill_to_same_as_hq"],
        Value::from(true)
    );
    assert_eq!(
        answers.get("questionnaire.bill_to_street_hq"),
        Some(&Value::from("1875 Lantern Row, Suite 300"))
    );
    let text = export(&saves, "questionnaire", "text");
    assert!(text.contains("J. Network interconnection"));
    assert!(text.contains("POI CLLI = SLKCUTMA"), "{text}");
}
