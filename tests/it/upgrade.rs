//! A draft answered under version 1 of a form, opened with version 2: every answer is kept,
//! answers to removed or renamed fields are kept aside and listed, and an answer that no
//! longer fits its field is flagged, not dropped.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

/// The shipped forms, with the profile changed to version 3: `primary_title` renamed,
/// `legal_phone` removed, `hq_zip` now a whole number from 0 to 9 (and the Agreement
/// Request Form, which shows the first two, following them).
fn changed_forms(dir: &Path) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    for entry in fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let profile = dir.join("profile.ron");
    let text = fs::read_to_string(&profile).unwrap();
    let legal_phone = text
        .lines()
        .find(|l| l.contains("id: \"legal_phone\""))
        .unwrap()
        .to_string()
        + "\n";
    let changed = text
        .replacen("version: 2,", "version: 3,", 1)
        .replace("id: \"primary_title\"", "id: \"primary_job_title\"")
        .replace(&legal_phone, "")
        .replace(
            "(id: \"hq_zip\", label: \"Headquarters ZIP\", kind: Zip,",
            "(id: \"hq_zip\", label: \"Headquarters ZIP\", kind: Integer(min: 0, max: 9),",
        );
    assert_ne!(changed, text);
    assert!(
        changed.contains("Integer(min: 0, max: 9)"),
        "the ZIP field changed"
    );
    fs::write(profile, changed).unwrap();
    // The forms that name the changed fields follow them (the Agreement Request Form shows
    // the legal contact's phone, and its signature block the primary contact's title).
    let request = dir.join("agreement-request.ron");
    let text = fs::read_to_string(&request).unwrap();
    let changed: String = text
        .lines()
        .filter(|l| !l.contains("Reuse(from: \"profile.legal_phone\")"))
        .map(|l| l.replace("profile.primary_title", "profile.primary_job_title") + "\n")
        .collect();
    assert_ne!(changed, text);
    fs::write(request, changed).unwrap();
    // The questionnaire's first contact offers the primary contact's title.
    let questionnaire = dir.join("questionnaire.ron");
    let text = fs::read_to_string(&questionnaire).unwrap();
    let changed = text.replace("profile.primary_title", "profile.primary_job_title");
    assert_ne!(changed, text);
    fs::write(questionnaire, changed).unwrap();
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    let saves = dir.path().join("saves");
    fs::create_dir_all(&forms).unwrap();
    fs::create_dir_all(&saves).unwrap();
    changed_forms(&forms);
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron"),
        saves.join("example.ron"),
    )
    .unwrap();
    dir
}

/// The command line on `dir/saves` with the forms of `dir/forms`.
fn wizard(dir: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::wizard(dir);
    cmd.arg("--forms").arg(dir.join("forms"));
    cmd
}

#[test]
fn answers_to_changed_fields_are_kept_aside_and_flagged() {
    let dir = setup();
    let dir = dir.path();
    wizard(dir).arg("check-forms").assert().success();
    wizard(dir)
        .args(["validate", "example", "--form", "profile"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "form profile changed: answered under version 2, now version 3",
        ))
        .stdout(predicate::str::contains(
            "kept aside (no longer in the form): profile.legal_phone = 303-555-",
        ))
        .stdout(predicate::str::contains(
            "kept aside (no longer in the form): profile.primary_title = ",
        ))
        .stdout(predicate::str::contains(
            "invalid: Headquarters ZIP (profile.hq_zip)",
        ))
        .stdout(predicate::str::contains(
            "missing: Primary contact: title (profile.primary_job_title)",
        ));

    // Changing the form's answers keeps the old ones in the draft.
    wizard(dir)
        .args([
            "set",
            "example",
            "profile.primary_job_title",
            "Chief Executive",
        ])
        .assert()
        .success();
    let draft = fs::read_to_string(dir.join("saves/example.ron")).unwrap();
    for kept in [
        "\"profile.legal_phone\"",
        "\"profile.primary_title\"",
        "\"profile.hq_zip\": Text(\"80202\")",
    ] {
        assert!(draft.contains(kept), "{kept} is still in the draft");
    }
    assert!(
        draft
            .lines()
            .any(|l| l.contains("\"profile\": (") && l.contains("version: 3")),
        "now answered under version 3"
    );

    // A draft export lists them as such.
    let out = wizard(dir)
        .args([
            "export", "example", "--form", "profile", "--format", "text", "--draft",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Answers kept aside (their field is no longer in the form)"),
        "{text}"
    );
    assert!(text.contains("  profile.legal_phone: 303-555-"), "{text}");
    let out = wizard(dir)
        .args([
            "export", "example", "--form", "profile", "--format", "json", "--draft",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["kept_aside"]["profile.primary_title"].is_string(),
        "{json}"
    );
    assert!(json["answers"].get("profile.legal_phone").is_none());
}

/// A draft whose negotiation was answered under version 1 of the form (one agreement, its
/// fields at the top level).
const V1_NEGOTIATION: &str = r#"(
    format: 2,
    created: "2026-01-02T09:00:00Z",
    forms: {
        "negotiation": (status: InProgress, version: 1, exported: None),
    },
    answers: {
        "negotiation.approval_basis": Text("negotiated"),
        "negotiation.executed_on": Text("2026-03-09"),
        "negotiation.filed_with_commission_on": Text("2026-03-16"),
        "negotiation.negotiator_name": Text("Avery Lindqvist"),
        "negotiation.received_on": Text("2026-01-15"),
        "negotiation.sent_on": Text("2026-01-12"),
    },
)
"#;

#[test]
fn a_version_1_negotiation_moves_into_row_1_once() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    fs::create_dir_all(&saves).unwrap();
    fs::write(saves.join("old.ron"), V1_NEGOTIATION).unwrap();
    let run = |args: &[&str]| {
        crate::support::bare()
            .arg("--saves")
            .arg(&saves)
            .args(args)
            .output()
            .unwrap()
    };
    // Read-only commands see the answers in row 1, keep none aside, and write nothing.
    let out = run(&["show", "old", "--form", "negotiation"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("      Received by CenturyLink on (Day 0): 2026-01-15"),
        "{text}"
    );
    assert!(
        text.contains("      Arbitration petition window closes (day 160): 2026-06-24"),
        "{text}"
    );
    let out = run(&["validate", "old", "--form", "negotiation"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("kept aside"), "{text}");
    assert!(
        text.contains("negotiation.agreements[1].state"),
        "only the new state is missing: {text}"
    );
    assert_eq!(
        fs::read_to_string(saves.join("old.ron")).unwrap(),
        V1_NEGOTIATION
    );
    // The first command that saves moves them for good, and says so once.
    let out = run(&["set", "old", "negotiation.agreements[1].state", "CO"]);
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    for id in [
        "sent_on",
        "received_on",
        "executed_on",
        "filed_with_commission_on",
        "approval_basis",
    ] {
        let line = format!("moved: negotiation.{id} -> negotiation.agreements[1].{id}");
        assert!(said.contains(&line), "{line} in {said}");
    }
    let saved = fs::read_to_string(saves.join("old.ron")).unwrap();
    assert!(!saved.contains("\"negotiation.received_on\""), "{saved}");
    assert!(
        saved.contains("].received_on\": Text(\"2026-01-15\")"),
        "{saved}"
    );
    assert!(
        saved.contains("\"negotiation.negotiator_name\""),
        "not renamed: stays"
    );
    let out = run(&["set", "old", "negotiation.negotiator_name", "Avery L."]);
    assert!(
        String::from_utf8(out.stderr).unwrap().is_empty(),
        "said once"
    );
    let out = run(&["validate", "old", "--form", "negotiation"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
