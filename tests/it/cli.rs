//! The command line end to end, in temporary folders.

use std::fs;
use std::path::Path;

use crate::support::{set, wizard};
use predicates::prelude::*;
use serde_json::Value;

/// `validate acme --form FORM`, ready for assertions.
fn validate(dir: &Path, form: &str) -> assert_cmd::assert::Assert {
    wizard(dir)
        .args(["validate", "acme", "--form", form])
        .assert()
}

/// Answers that complete the profile and the agreement request.
const COMPLETE: &[(&str, &str)] = &[
    ("profile.legal_name", "Prairie Fiber LLC"),
    ("profile.entity_type", "llc"),
    ("profile.state_of_formation", "CO"),
    ("profile.ein", "84-1234567"),
    ("profile.applicant_type", "facility_based"),
    ("profile.main_phone", "303-555-0100"),
    ("profile.hq_street", "1 Main St"),
    ("profile.hq_city", "Denver"),
    ("profile.hq_state", "CO"),
    ("profile.hq_zip", "80202"),
    ("profile.notices_same_as_hq", "yes"),
    ("profile.notices_attention", "General Counsel"),
    ("profile.primary_name", "Dana Reyes"),
    ("profile.primary_title", "VP Regulatory"),
    ("profile.primary_phone", "303-555-0101"),
    ("profile.primary_email", "dana@prairie.example"),
    ("profile.legal_name_contact", "Sam Ortiz"),
    ("profile.legal_title", "General Counsel"),
    ("profile.legal_phone", "303-555-0102"),
    ("profile.legal_email", "legal@prairie.example"),
    ("profile.target_states", "CO, UT"),
    ("profile.acna", "PFQ"),
    ("agreement-request.states_requested", "CO,UT"),
    ("agreement-request.agreements[+].state", "CO"),
    ("agreement-request.agreements[1].path", "co_tariff"),
    ("agreement-request.agreements[1].existing_agreement", "no"),
    ("agreement-request.agreements[1].entity", "qwest_qc"),
    ("agreement-request.agreements[+].state", "UT"),
    ("agreement-request.agreements[2].path", "nta"),
    ("agreement-request.agreements[2].existing_agreement", "no"),
    ("agreement-request.agreements[2].entity", "qwest_qc"),
    ("agreement-request.signature_method", "electronic"),
];

fn complete_draft(dir: &Path) {
    wizard(dir).args(["new", "acme"]).assert().success();
    for (path, value) in COMPLETE {
        set(dir, "acme", path, value);
    }
}

#[test]
fn new_creates_a_private_draft_and_refuses_a_second() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path())
        .args(["new", "acme"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("created draft acme"));
    let file = dir.path().join("saves/acme.ron");
    assert!(file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    wizard(dir.path())
        .args(["new", "acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

/// After an install there is no repository's saves/ folder: `new NAME --example` gives
/// the example draft and its documents, complete, so every command can be tried on it.
#[test]
fn new_example_is_the_example_with_its_documents_complete() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path())
        .args(["new", "try", "--example"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "a copy of the example with 6 document files",
        ));
    let saves = dir.path().join("saves");
    assert!(
        saves
            .join("documents/articles-of-organization.pdf")
            .exists()
    );
    assert!(
        saves
            .join("certificates/CO-PUC-Decision-C25-0712.pdf")
            .exists()
    );
    assert!(saves.join(".gitignore").exists());
    // Complete, its documents there and unchanged: validate passes.
    wizard(dir.path())
        .args(["validate", "try"])
        .assert()
        .success();
    wizard(dir.path())
        .args(["new", "try", "--example"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn bad_names_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["../x", "a/b", "", ".hidden", "a b", &"n".repeat(65)] {
        wizard(dir.path())
            .args(["new", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("draft name"));
        wizard(dir.path())
            .args(["set", name, "profile.legal_name", "X"])
            .assert()
            .code(2);
    }
    assert!(!dir.path().join("saves").exists(), "nothing may be created");
    assert!(!dir.path().join("x.ron").exists());
}

#[test]
fn a_refused_value_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(dir.path(), "acme", "profile.ocn", "1234");
    let before = fs::read(dir.path().join("saves/acme.ron")).unwrap();
    wizard(dir.path())
        .args(["set", "acme", "profile.ocn", "12345"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "OCN must be 4 letters or digits, e.g. 1234",
        ));
    wizard(dir.path())
        .args(["set", "acme", "profile.nope", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no field"));
    wizard(dir.path())
        .args(["set", "acme", "agreement-request.legal_name", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot be set"));
    assert_eq!(fs::read(dir.path().join("saves/acme.ron")).unwrap(), before);
}

#[test]
fn values_are_normalized_and_written_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    wizard(dir.path())
        .args(["set", "acme", "profile.ein", "841234567"])
        .assert()
        .success()
        .stdout("profile.ein = 84-1234567\n");
    set(dir.path(), "acme", "profile.target_states", "co, Utah");
    let text = fs::read_to_string(dir.path().join("saves/acme.ron")).unwrap();
    assert!(
        text.lines()
            .any(|l| l.trim() == r#""profile.ein": Text("84-1234567"),"#),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim() == r#""profile.target_states": Many(["CO", "UT"]),"#),
        "{text}"
    );
}

#[test]
fn validate_reports_then_passes_when_complete() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    validate(dir.path(), "profile")
        .code(1)
        .stdout(predicate::str::contains(
            "missing: Legal name (profile.legal_name): required",
        ));
    wizard(dir.path())
        .args(["validate", "nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no draft named"));
    let done = tempfile::tempdir().unwrap();
    complete_draft(done.path());
    for form in ["profile", "agreement-request"] {
        validate(done.path(), form)
            .code(0)
            .stdout(predicate::str::contains("complete"));
    }
}

#[test]
fn conditional_rules_bite() {
    let dir = tempfile::tempdir().unwrap();
    complete_draft(dir.path());
    // The tariff path is for Colorado only.
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].path",
        "co_tariff",
    );
    validate(dir.path(), "agreement-request")
        .code(1)
        .stdout(predicate::str::contains("offered only in Colorado"));
    // An opt-in shows its fields and requires the acknowledgement.
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].path",
        "opt_in",
    );
    let out = wizard(dir.path())
        .args(["validate", "acme", "--form", "agreement-request"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("agreements[2].optin_ack): required"),
        "{stdout}"
    );
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].optin_ack",
        "no",
    );
    validate(dir.path(), "agreement-request")
        .code(1)
        .stdout(predicate::str::contains("an opt-in requires accepting"));
    // A state that is not a target state.
    set(
        dir.path(),
        "acme",
        "agreement-request.states_requested",
        "CO, TX",
    );
    validate(dir.path(), "agreement-request")
        .code(1)
        .stdout(predicate::str::contains(
            "must be one of the profile's target states",
        ));
}

#[test]
fn na_ask_later_and_row_removal() {
    let dir = tempfile::tempdir().unwrap();
    complete_draft(dir.path());
    wizard(dir.path())
        .args([
            "set",
            "acme",
            "profile.main_phone",
            "--na",
            "no main line yet",
        ])
        .assert()
        .success();
    validate(dir.path(), "profile").code(0);
    wizard(dir.path())
        .args(["set", "acme", "profile.legal_email", "--later", "ask Sam"])
        .assert()
        .success();
    validate(dir.path(), "profile")
        .code(1)
        .stdout(predicate::str::contains(
            "ask later: Legal contact: e-mail (profile.legal_email): ask Sam",
        ));
    wizard(dir.path())
        .args(["set", "acme", "agreement-request.agreements[1]", "--clear"])
        .assert()
        .success()
        .stdout(predicate::str::contains("removed row 1"));
    let out = wizard(dir.path())
        .args(["show", "acme", "--form", "agreement-request"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("    1. UT\n      State: UT"),
        "the second row moved up:\n{stdout}"
    );
    wizard(dir.path())
        .args(["set", "acme", "agreement-request.agreements[5].state", "CO"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("row 5 does not exist"));
}

#[test]
fn a_corrupt_draft_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(
        dir.path(),
        "acme",
        "profile.legal_name",
        "Prairie Fiber LLC",
    );
    let file = dir.path().join("saves/acme.ron");
    let broken = fs::read_to_string(&file)
        .unwrap()
        .replace("Text(\"Prairie", "Txet(\"Prairie");
    fs::write(&file, &broken).unwrap();
    wizard(dir.path())
        .args(["validate", "acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"acme\.ron:\d+:\d+: cannot read this draft").unwrap())
        .stderr(predicate::str::contains("acme.ron.bak"));
    wizard(dir.path())
        .args(["set", "acme", "profile.ein", "841234567"])
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&file).unwrap(), broken);
    wizard(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("unreadable"));
}

#[test]
fn export_json_refuses_incomplete_unless_draft() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(
        dir.path(),
        "acme",
        "profile.legal_name",
        "Prairie Fiber LLC",
    );
    wizard(dir.path())
        .args([
            "export",
            "acme",
            "--form",
            "agreement-request",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not complete"));
    let out = wizard(dir.path())
        .args([
            "export",
            "acme",
            "--form",
            "agreement-request",
            "--format",
            "json",
            "--draft",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["form"], "agreement-request");
    assert_eq!(doc["form_version"], 2);
    assert_eq!(doc["draft"], "acme");
    assert_eq!(doc["complete"], false);
    assert_eq!(
        doc["answers"]["agreement-request.legal_name"],
        "Prairie Fiber LLC"
    );
    assert!(
        doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == "agreement-request.signature_method")
    );
}

#[test]
fn export_json_of_a_complete_form_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    complete_draft(dir.path());
    let out_file = dir.path().join("out/agreement.json");
    let export = |force: bool| {
        let mut cmd = wizard(dir.path());
        cmd.args(["export", "acme", "--form", "agreement-request", "-o"])
            .arg(&out_file);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    export(false).success();
    let doc: Value = serde_json::from_str(&fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(doc["complete"], true);
    assert_eq!(
        doc["answers"]["agreement-request.states_requested"],
        serde_json::json!(["CO", "UT"])
    );
    assert_eq!(
        doc["answers"]["agreement-request.agreements[2].path"],
        "nta"
    );
    assert_eq!(
        doc["answers"]["agreement-request.agreements[1].existing_agreement"],
        false
    );
    assert!(
        doc["answers"]
            .get("agreement-request.agreements[1].optin_ack")
            .is_none()
    );
    export(false)
        .code(2)
        .stderr(predicate::str::contains("--force"));
    export(true).success();
}

#[test]
fn hidden_answers_stay_in_the_draft_but_leave_exports() {
    let dir = tempfile::tempdir().unwrap();
    complete_draft(dir.path());
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].path",
        "nta_redlines",
    );
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].redline_file",
        "redlines.docx",
    );
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[2].path",
        "nta",
    );
    let text = fs::read_to_string(dir.path().join("saves/acme.ron")).unwrap();
    assert!(text.contains("redlines.docx"));
    let out = wizard(dir.path())
        .args(["export", "acme", "--form", "agreement-request"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("redlines.docx"));
}

#[test]
fn list_forms_show_and_the_saves_variable() {
    let dir = tempfile::tempdir().unwrap();
    complete_draft(dir.path());
    wizard(dir.path()).arg("forms").assert().success().stdout(
        predicate::str::contains("profile").and(predicate::str::contains("agreement-request")),
    );
    crate::support::bare()
        .env("CLEC_WIZARD_SAVES", dir.path().join("saves"))
        .arg("list")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("acme").and(predicate::str::contains("Prairie Fiber LLC")),
        );
    wizard(dir.path())
        .args(["show", "acme", "--form", "profile"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Legal name: Prairie Fiber LLC"));
    wizard(dir.path())
        .args(["show", "acme", "--form", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown form"));
}

#[test]
fn check_forms_passes_on_the_shipped_forms() {
    crate::support::bare()
        .arg("check-forms")
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"))
        .stdout(predicate::str::contains(
            "agreement-request (Agreement Request Form): sources S1, S3",
        ))
        .stdout(predicate::str::contains("  proposal: the field list"));
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    crate::support::bare()
        .arg("check-forms")
        .arg(shipped)
        .assert()
        .success();
}

/// `check-forms --source TAG` prints the tag's entry of docs/sources.md (title, publisher,
/// URL, date consulted); an unknown tag is refused with the tags there are.
#[test]
fn check_forms_prints_a_sources_entry() {
    crate::support::bare()
        .args(["check-forms", "--source", "S86"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "S86\n- Title: \"How EINs are assigned",
        ))
        .stdout(predicate::str::contains(
            "- Publisher: Internal Revenue Service",
        ))
        .stdout(predicate::str::contains("- URL: <https://www.irs.gov/"))
        .stdout(predicate::str::contains("- Consulted: 2026-12"));
    crate::support::bare()
        .args(["check-forms", "--source", "S63"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ASOG 67"));
    crate::support::bare()
        .args(["check-forms", "--source", "S999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no source \"S999\": the tags are S1, S2",
        ));
}

#[test]
fn the_example_draft_is_complete() {
    let saves = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
    let out = crate::support::bare()
        .arg("--saves")
        .arg(&saves)
        .args(["validate", "example"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("draft example:") && stdout.contains("complete"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("warning:"),
        "the example has no warnings:\n{stdout}"
    );
}

#[test]
fn an_unwritable_saves_folder_gets_a_clear_message_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let saves = dir.path().join("saves");
    let before = fs::read(saves.join("acme.ron")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&saves, fs::Permissions::from_mode(0o555)).unwrap();
        let writable = fs::write(saves.join("probe"), "").is_ok();
        if !writable {
            // Read-only folder (root ignores permissions, so this part needs a normal user).
            wizard(dir.path())
                .args(["set", "acme", "profile.legal_name", "Acme"])
                .assert()
                .code(2)
                .stderr(
                    predicate::str::contains("cannot save").and(predicate::str::contains(
                        "the previous version is unchanged",
                    )),
                );
        }
        let _ = fs::remove_file(saves.join("probe"));
        fs::set_permissions(&saves, fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(fs::read(saves.join("acme.ron")).unwrap(), before);
    // A saves folder that cannot exist (its parent is a file).
    let blocked = dir.path().join("file");
    fs::write(&blocked, "").unwrap();
    crate::support::bare()
        .arg("--saves")
        .arg(blocked.join("saves"))
        .args(["new", "acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot save").and(predicate::str::contains("saves")));
}

/// `list` lines its columns up by display width: a legal name in wide characters is
/// clipped and padded like any other, so the dates start in the same column.
/// `list` fits 100 columns: each draft's name and company on a line (companies aligned,
/// by display width), its forms packed below; and it cuts nothing, so a piped list holds
/// every name whole.
#[test]
fn list_fits_100_columns_and_cuts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let wide = "日本語通信株式会社日本語通信株式会社日本語通信";
    for (name, legal) in [("acme", "Prairie Fiber LLC"), ("wide-draft", wide)] {
        wizard(dir.path()).args(["new", name]).assert().success();
        wizard(dir.path())
            .args(["set", name, "profile.legal_name", legal])
            .assert()
            .success();
    }
    let out = wizard(dir.path()).arg("list").output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(!out.contains('…'), "{out}");
    let heads: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(" · last change "))
        .collect();
    assert_eq!(heads.len(), 2, "{out}");
    assert!(heads[1].contains(wide), "the name whole: {out}");
    let company_at =
        |line: &str, company: &str| clec_wizard::text::width(&line[..line.find(company).unwrap()]);
    assert_eq!(
        company_at(heads[0], "Prairie Fiber LLC"),
        company_at(heads[1], wide),
        "{out}"
    );
    for line in out.lines().filter(|l| !heads.contains(l)) {
        assert!(clec_wizard::text::width(line) <= 100, "{line:?} in {out}");
    }
    for form in ["profile 1/21", "early-ordering 1/11", "questionnaire "] {
        assert_eq!(out.matches(form).count(), 2, "{form}: {out}");
    }
}

/// The deadlines the timeline gives the journey and the `deadlines` command are the dates
/// `show` prints for the negotiation form, and only those.
#[test]
fn deadlines_are_the_dates_show_prints() {
    use clec_wizard::domain::timeline::form_deadlines;
    use clec_wizard::storage::drafts::DraftStore;
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(dir.path(), "acme", "negotiation.agreements[+].state", "CO");
    set(
        dir.path(),
        "acme",
        "negotiation.agreements[1].received_on",
        "2026-01-31",
    );
    set(
        dir.path(),
        "acme",
        "negotiation.agreements[1].filed_with_commission_on",
        "2026-03-02",
    );
    set(
        dir.path(),
        "acme",
        "negotiation.agreements[1].approval_basis",
        "negotiated",
    );
    let out = wizard(dir.path())
        .args(["show", "acme", "--form", "negotiation"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let forms = clec_wizard::storage::forms::load(None).unwrap();
    let draft = DraftStore::new(dir.path().join("saves"))
        .load("acme")
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let dates = form_deadlines(&forms, &draft, "negotiation", today);
    let paths: Vec<&str> = dates.iter().map(|k| k.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "negotiation.agreements[1].deemed_approval_negotiated",
            "negotiation.agreements[1].arbitration_window_opens",
            "negotiation.agreements[1].arbitration_window_closes",
            "negotiation.agreements[1].decision_due",
        ]
    );
    for k in &dates {
        let line = format!("      {}: {}", k.label, k.date);
        assert!(out.lines().any(|l| l == line), "{line:?} not in\n{out}");
    }
    assert!(out.contains(
        "Deemed approved if the commission does not act by (filing + 90 days): 2026-05-31"
    ));
    assert!(!out.contains("filing + 30 days"), "{out}");
}

/// The user guide's table of sources is the forms' own: each form's row lists exactly the
/// sources and proposal that `check-forms` prints for it.
#[test]
fn the_user_guide_lists_each_forms_sources_and_proposal() {
    let out = crate::support::bare().arg("check-forms").output().unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide.md"))
            .unwrap();
    let mut rows = 0;
    let mut lines = listing.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((head, sources)) = line.split_once(": sources ") else {
            continue;
        };
        let id = head.split(' ').next().unwrap();
        let proposal = lines
            .peek()
            .and_then(|l| l.strip_prefix("  proposal: "))
            .unwrap_or_default();
        let row = format!("| `{id}` | {sources} | {proposal} |");
        assert!(guide.contains(&row), "docs/guide.md lacks {row}");
        rows += 1;
    }
    assert_eq!(rows, 9, "{listing}");
}

/// The Agreement Request Form's acknowledgement is offered as each negotiation row's
/// Day 0: `show` prints it as a default, `validate` asks to accept it, `deadlines` lists
/// it as offered; a Day 0 typed in another row stays as typed.
#[test]
fn day_0_offers_the_agreement_request_acknowledgement() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(dir.path(), "acme", "negotiation.agreements[+].state", "CO");
    set(dir.path(), "acme", "negotiation.agreements[+].state", "UT");
    set(
        dir.path(),
        "acme",
        "negotiation.agreements[2].received_on",
        "2026-02-02",
    );
    let show = || {
        let out = wizard(dir.path())
            .args(["show", "acme", "--form", "negotiation"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let offered = "Received by CenturyLink on (Day 0): - (default: 2026-01-30, not accepted yet)";
    assert!(!show().contains("default: 2026-01-30"), "{}", show());
    wizard(dir.path())
        .args(["acknowledged", "acme", "--form", "agreement-request"])
        .args(["--on", "2026-01-30", "--ref", "CDS-260130-0001"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "acknowledged on 2026-01-30 (CDS-260130-0001)",
        ));
    let text = show();
    assert_eq!(text.matches(offered).count(), 1, "row 1 only:\n{text}");
    assert!(
        text.contains("Received by CenturyLink on (Day 0): 2026-02-02"),
        "{text}"
    );
    validate(dir.path(), "negotiation").stdout(predicate::str::contains(
        "(negotiation.agreements[1].received_on): required; accept the default 2026-01-30 or answer",
    ));
    let out = wizard(dir.path())
        .args(["deadlines", "acme"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("2026-01-30  Received by CenturyLink on (Day 0)")
            && out.contains("negotiation.agreements[1].received_on"),
        "{out}"
    );
    assert!(!out.contains("agreements[2].received_on\n"), "{out}");
    let json = wizard(dir.path())
        .args(["deadlines", "acme", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["offered"][0]["date"], "2026-01-30");
    assert_eq!(json["offered"].as_array().unwrap().len(), 1);
    // A bad day is refused by the one parser the wizard uses too.
    wizard(dir.path())
        .args([
            "sent",
            "acme",
            "--form",
            "agreement-request",
            "--on",
            "30/01/2026",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    // Facts: never after today, and a form is sent before it is acknowledged.
    let sent = |on: &str| {
        wizard(dir.path())
            .args(["sent", "acme", "--form", "agreement-request", "--on", on])
            .assert()
    };
    sent("2199-12-31").code(1).stderr(predicate::str::contains(
        "sent on 2199-12-31: that day is in the future",
    ));
    sent("2026-02-02").code(1).stderr(predicate::str::contains(
        "sent on 2026-02-02 is after CenturyLink's acknowledgement of Agreement Request Form, recorded on 2026-01-30",
    ));
    sent("2026-01-29").success();
    wizard(dir.path())
        .args(["acknowledged", "acme", "--form", "agreement-request"])
        .args(["--on", "2026-01-28"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "acknowledged on 2026-01-28 is before Agreement Request Form was sent, on 2026-01-29",
        ));
}

/// The lock files in the folder of drafts.
fn lock_files(saves: &Path) -> Vec<String> {
    fs::read_dir(saves)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".lock"))
                .collect()
        })
        .unwrap_or_default()
}

/// `fill NAME` on a draft that does not exist creates it and asks its questions (as the
/// README says), again and again; and a command that fails on a draft that does not
/// exist leaves no lock file behind.
#[test]
fn fill_creates_a_missing_draft_and_no_lock_outlives_a_missing_draft() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    for (run, answer) in ["Prairie Fiber LLC", "Prairie Fiber Inc"]
        .iter()
        .enumerate()
    {
        let out = wizard(dir.path())
            .args(["fill", "acme", "--form", "profile"])
            .write_stdin(format!("{answer}\n!quit\n"))
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(1), "run {run}: {stderr}{stdout}");
        assert!(!stderr.contains("open in another"), "{stderr}");
        assert!(stdout.contains("[profile 1/"), "{stdout}");
        let draft = fs::read_to_string(saves.join("acme.ron")).unwrap();
        assert!(
            draft.contains(&format!(r#""profile.legal_name": Text("{answer}")"#)),
            "{draft}"
        );
    }
    let failing: [&[&str]; 4] = [
        &["set", "ghost", "profile.legal_name", "X"],
        &["export", "ghost", "--form", "profile", "--format", "pdf"],
        &["finalize", "ghost", "--form", "profile"],
        &["sent", "ghost", "--form", "profile"],
    ];
    for args in failing {
        wizard(dir.path()).args(args).assert().code(2);
        assert!(!saves.join("ghost.ron").exists(), "{args:?}");
        assert!(
            !lock_files(&saves).contains(&".ghost.lock".to_string()),
            "{args:?} left {:?}",
            lock_files(&saves)
        );
    }
}

/// The refusal of an incomplete export, and `validate`, say how many open items a form
/// has and list exactly those; what does not block it (an ask-later on an optional field)
/// is listed apart and counted apart.
#[test]
fn the_open_items_counted_are_the_ones_listed() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(
        dir.path(),
        "acme",
        "profile.legal_name",
        "Prairie Fiber LLC",
    );
    wizard(dir.path())
        .args(["set", "acme", "profile.dba_names", "--later", "ask Dana"])
        .assert()
        .success();
    let refusal = wizard(dir.path())
        .args(["export", "acme", "--form", "profile", "--format", "text"])
        .output()
        .unwrap();
    assert_eq!(refusal.status.code(), Some(1));
    let refusal = String::from_utf8(refusal.stderr).unwrap();
    let shown = wizard(dir.path())
        .args(["validate", "acme", "--form", "profile"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    for text in [&refusal, &shown] {
        let head = text
            .lines()
            .find(|l| l.starts_with("Company profile (profile): "))
            .unwrap_or_else(|| panic!("{text}"));
        let counted: usize = head
            .split(", ")
            .find_map(|part| part.strip_suffix(" open items"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{head}"));
        let listed = text
            .lines()
            .skip_while(|l| *l != head)
            .skip(1)
            .take_while(|l| l.starts_with("  ") && *l != "  not blocking:")
            .count();
        assert_eq!(counted, listed, "{text}");
        assert!(head.ends_with(", 1 not blocking"), "{head}");
        assert!(
            text.contains("  not blocking:\n    ask later: Doing business as (d/b/a) (profile.dba_names): ask Dana"),
            "{text}"
        );
    }
}

/// `fill` says what an answer must look like, with the example the error messages give,
/// instead of pointing to a hint that is not there.
#[test]
fn fill_prints_the_expected_format_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = "\n".repeat(60);
    input.push_str("!quit\n");
    let out = wizard(dir.path())
        .args(["fill", "acme", "--form", "profile"])
        .write_stdin(input)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("see the hint"), "{text}");
    for line in [
        "allowed: EIN: 9 digits, e.g. 12-3456789",
        "allowed: phone: a 10-digit US number, e.g. 303-555-0100",
        "allowed: ZIP: 5 digits or ZIP+4, e.g. 80202 or 80202-1234",
        "allowed: e-mail: an address, e.g. name@example.com",
        "allowed: OCN: 4 letters or digits, e.g. 1234",
    ] {
        assert!(text.contains(&format!("{line}\n")), "{line}: {text}");
    }
    // A refused answer gives the same example.
    let out = wizard(dir.path())
        .args(["fill", "acme", "--form", "profile"])
        .write_stdin("\n\n\n\n12345\n!quit\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("EIN must be 9 digits, e.g. 12-3456789"),
        "{text}"
    );
}

/// `fill` edits lines only where both ends are a terminal that can move the cursor. On a
/// terminal without `TERM`, or with `TERM=dumb`, it reads plain lines and writes no escape
/// sequence, as through a pipe; with `TERM=xterm` the line editor draws the line. Both
/// save the answer typed.
#[test]
fn fill_edits_lines_only_on_a_terminal_that_moves_the_cursor() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let exe = assert_cmd::cargo::cargo_bin!("clec-wizard");
    let quoted = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let on_terminal = |name: &str, term: Option<&str>| {
        let line = format!(
            "{} --saves {} fill {name} --form profile",
            quoted(&exe.to_string_lossy()),
            quoted(&dir.path().join("saves").to_string_lossy()),
        );
        // script(1) runs the command with a terminal as its standard input and output, and
        // types what it reads on its own standard input.
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .env_remove("CLEC_WIZARD_SAVES")
            .env_remove("TERM")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        if let Some(term) = term {
            cmd.env("TERM", term);
        }
        let mut child = cmd.spawn().expect(
            "script(1) gives the command a terminal (apt-get install bsdutils; util-linux elsewhere)",
        );
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Acme Fiber\n!quit\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (name, term) in [("unset", None), ("dumb", Some("dumb"))] {
        let shown = on_terminal(name, term);
        assert!(shown.contains("saved: Acme Fiber"), "{name}: {shown}");
        assert!(!shown.contains('\u{1b}'), "{name}: {shown:?}");
    }
    let shown = on_terminal("xterm", Some("xterm"));
    assert!(shown.contains("saved: Acme Fiber"), "{shown}");
    assert!(
        shown.contains("\u{1b}["),
        "the editor draws the line: {shown:?}"
    );
    // Through a pipe, whatever TERM says: plain lines.
    let out = wizard(dir.path())
        .env("TERM", "xterm")
        .args(["fill", "piped", "--form", "profile"])
        .write_stdin("Acme Fiber\n")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("saved: Acme Fiber"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    for name in ["unset", "dumb", "xterm", "piped"] {
        let draft = fs::read_to_string(dir.path().join(format!("saves/{name}.ron"))).unwrap();
        assert!(
            draft.contains(r#""profile.legal_name": Text("Acme Fiber")"#),
            "{name}: {draft}"
        );
    }
}

/// Counts read as English: `1 row`, `2 rows`, never `1 row(s)`.
#[test]
fn counts_say_row_or_rows() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[+].state",
        "CO",
    );
    let refused = |dir: &Path| {
        let out = wizard(dir)
            .args(["set", "acme", "agreement-request.agreements[3].path", "nta"])
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let once = refused(dir.path());
    assert!(once.contains("has 1 row; use [+]"), "{once}");
    set(
        dir.path(),
        "acme",
        "agreement-request.agreements[+].state",
        "UT",
    );
    let twice = refused(dir.path());
    assert!(twice.contains("has 2 rows; use [+]"), "{twice}");
}

/// A form finalized, e-mailed and sent keeps its records one per line in the draft: no
/// line grows past 200 characters but an answer's own long text, and a new
/// acknowledgement is a one-line change, so `git diff` shows what changed.
#[test]
fn a_forms_records_are_short_lines_and_a_new_one_is_a_small_diff() {
    let (dir, saves) = crate::support::with_example();
    let dir = dir.path();
    let file = saves.join("example.ron");
    for form in ["profile", "agreement-request", "questionnaire"] {
        crate::support::run_ok(dir, &["finalize", "example", "--form", form]);
        crate::support::run_ok(
            dir,
            &["sent", "example", "--form", form, "--on", "2026-11-20"],
        );
    }
    let eml = dir.join("out/agreement.eml");
    let eml = eml.to_str().unwrap();
    let args = [
        "export",
        "example",
        "--form",
        "agreement-request",
        "--format",
        "eml",
        "-o",
        eml,
    ];
    crate::support::run_ok(dir, &args);
    let text = fs::read_to_string(&file).unwrap();
    for want in [
        "\"agreement-request@final\": Copy(revision: 1",
        "\"agreement-request@sent-copy agreement-request.products\": Many([",
        "\"agreement-request@mailed 1\": Mailed(",
        "\"agreement-request@document agreement-request.agreements[2].redline_file\": Document(",
        "\"profile\": (status: Finalized, version: 2, sent: Some(\"2026-11-20\")),",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    // Only text the user gave makes a line long (an answer, a document's path as
    // answered): without its longest quoted text, no line passes 200 characters.
    let long: Vec<&str> = text.lines().filter(|l| l.len() > 200).collect();
    for line in &long {
        let (key, value) = line.trim_start().split_once("\": ").unwrap();
        let given = value
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(key.len() < 120 && line.len() - given <= 200, "{line}");
        assert!(
            value.starts_with("Text(") || value.starts_with("Document("),
            "{line}"
        );
    }
    assert!(long.len() < 20, "{long:#?}");
    // What changed, as a diff counts it: lines gone and lines new.
    let changed = |before: &str, after: &str| {
        let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
        let gone = a.iter().filter(|l| !b.contains(l)).count();
        let new = b.iter().filter(|l| !a.contains(l)).count();
        (gone, new)
    };
    let ack = |reference: &str| {
        crate::support::run_ok(
            dir,
            &[
                "acknowledged",
                "example",
                "--form",
                "profile",
                "--on",
                "2026-11-22",
                "--ref",
                reference,
            ],
        );
        fs::read_to_string(&file).unwrap()
    };
    let first = ack("CDS-261122-0001");
    assert_eq!(changed(&text, &first), (0, 1), "one new line");
    let second = ack("CDS-261122-0002");
    assert_eq!(changed(&first, &second), (1, 1), "one line changed");
    assert!(second.contains(
        "\"profile@acknowledged\": Acknowledged(on: \"2026-11-22\", reference: Some(\"CDS-261122-0002\")),"
    ));
}
