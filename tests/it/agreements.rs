//! Issue 25, parts 1-3: the interconnection and commercial agreement tracks, the CenturyLink
//! ILEC entity each agreement is with, and the Early Ordering letter state by state. Each
//! cross-record rule has its conflicting case (both records named) and its consistent one;
//! the exports are read back as the recipient reads them.

use std::path::Path;

use crate::support::{Case, bytes_ok, pdftotext, run_ok, set, with_example, wizard};
use clec_wizard::domain::rules::validate::ProblemKind;
use mailparse::{MailHeaderMap, parse_mail};

const ARF: &str = "agreement-request";
const NEG: &str = "negotiation";
const EOLA: &str = "early-ordering";
const QWEST: &str = "Qwest Corporation d/b/a CenturyLink QC";

fn assert_names(message: &str, names: &[&str]) {
    for name in names {
        assert!(message.contains(name), "{name:?} missing from {message:?}");
    }
}

/// A draft requesting agreements in `states`, row by row with these paths and entities.
fn rows(rows: &[(&str, &str, &str)]) -> Case {
    let mut states: Vec<&str> = rows.iter().map(|r| r.0).collect();
    states.dedup();
    let list = states.join(", ");
    let mut case = Case::new();
    case.set("profile.target_states", &list)
        .set("agreement-request.states_requested", &list);
    for (i, (state, path, entity)) in rows.iter().enumerate() {
        let n = i + 1;
        case.set("agreement-request.agreements[+].state", state)
            .set(&format!("agreement-request.agreements[{n}].path"), path)
            .set(&format!("agreement-request.agreements[{n}].entity"), entity);
    }
    case
}

#[test]
fn a_commercial_agreement_sits_beside_the_states_one_interconnection_agreement() {
    let state = "agreement-request.agreements[1].state";
    let beside = rows(&[
        ("UT", "nta_redlines", "qwest_qc"),
        ("UT", "commercial", "qwest_qc"),
    ]);
    for row in [state, "agreement-request.agreements[2].state"] {
        assert!(beside.problem(ARF, row, "more than one").is_none(), "{row}");
    }
    let two = rows(&[
        ("UT", "nta_redlines", "qwest_qc"),
        ("UT", "commercial", "qwest_qc"),
        ("UT", "opt_in", "qwest_qc"),
    ]);
    let (kind, message) = two
        .problem(ARF, state, "more than one interconnection agreement")
        .expect("two ICAs refused");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["UT", "rows 1, 2, 3"]);
    // The commercial row itself is not the conflict.
    assert!(
        two.problem(
            ARF,
            "agreement-request.agreements[2].state",
            "more than one"
        )
        .is_none()
    );
}

#[test]
fn the_252_clocks_run_on_interconnection_negotiations_only() {
    let mut case = rows(&[
        ("CO", "co_tariff", "qwest_qc"),
        ("UT", "nta_redlines", "qwest_qc"),
        ("UT", "commercial", "qwest_qc"),
    ]);
    for (n, (state, path)) in [
        ("CO", "co_tariff"),
        ("UT", "nta_redlines"),
        ("UT", "commercial"),
    ]
    .into_iter()
    .enumerate()
    {
        let n = n + 1;
        case.set("negotiation.agreements[+].state", state)
            .set(&format!("negotiation.agreements[{n}].path"), path)
            .set(
                &format!("negotiation.agreements[{n}].received_on"),
                "2026-02-04",
            );
    }
    let window = |n: usize| format!("negotiation.agreements[{n}].arbitration_window_closes");
    assert_eq!(case.shown(&window(2)).as_deref(), Some("2026-07-14"));
    assert_eq!(case.shown(&window(1)), None, "no clock for the tariff");
    assert_eq!(
        case.shown(&window(3)),
        None,
        "no clock for a commercial agreement"
    );
    for hidden in ["filed_with_commission_on", "approved_on", "ica_tracking_no"] {
        let path = format!("negotiation.agreements[3].{hidden}");
        assert_eq!(case.shown(&path), None, "{hidden} on a commercial row");
    }
    assert!(
        case.shown("negotiation.agreements[3].commercial_signed_on")
            .is_some()
    );
    // The negotiation tracker warns on two ICAs in a state, not on the commercial row.
    assert!(
        case.messages(NEG, "negotiation.agreements[2].state")
            .is_empty()
    );
    case.set("negotiation.agreements[3].path", "nta");
    let (kind, message) = case
        .problem(NEG, "negotiation.agreements[2].state", "more than one")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["UT", "rows 2, 3"]);
}

#[test]
fn every_agreement_names_a_centurylink_company_that_serves_its_state() {
    let entity = "agreement-request.agreements[1].entity";
    let mut case = rows(&[("UT", "nta", "centurytel_idaho")]);
    let (kind, message) = case
        .problem(ARF, entity, "not a CenturyLink incumbent")
        .expect("refused");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["CenturyTel of Idaho", "UT"]);
    case.set(entity, "qwest_qc");
    assert_eq!(case.messages(ARF, entity), []);
    // Unanswered, it is an open item.
    let mut open = Case::requesting(&["CO"]);
    open.set("agreement-request.agreements[1].path", "nta");
    assert!(open.has_problem(ARF, entity, ""));
}

#[test]
fn idaho_takes_the_ct_eq_template_with_a_centurytel_company() {
    let path = "agreement-request.agreements[1].path";
    let gem = rows(&[("ID", "cteq_template", "centurytel_gem_state")]);
    assert_eq!(gem.messages(ARF, path), []);
    assert!(
        gem.shown("agreement-request.agreements[1].cteq_note")
            .is_some()
    );
    // The template with Qwest Corporation, or a QC path with a CenturyTel company, is not.
    let qwest = rows(&[("ID", "cteq_template", "qwest_qc")]);
    let (_, message) = qwest
        .problem(ARF, path, "CT/EQ agreement template is for")
        .expect("refused");
    assert_names(&message, &[QWEST]);
    let mixed = rows(&[("ID", "nta", "centurytel_idaho")]);
    let (_, message) = mixed
        .problem(ARF, path, "is a CenturyLink QC path")
        .expect("refused");
    assert_names(&message, &["CenturyTel of Idaho", "NTA as is"]);
    let qc = rows(&[("ID", "nta", "qwest_qc")]);
    assert_eq!(qc.messages(ARF, path), []);
}

#[test]
fn a_poi_follows_the_entity_region_not_qc_alone() {
    let state = "network.pois[1].state";
    let mut case = rows(&[("NV", "cteq_template", "cteq_nv")]);
    case.set("network.pois[+].state", "NV");
    assert!(
        case.problem("network", state, "must be inside").is_none(),
        "{:?}",
        case.messages("network", state)
    );
    assert!(
        case.problem("network", state, "requests no agreement")
            .is_none()
    );
    // Outside every CenturyLink territory: refused; where no agreement is requested: warned.
    case.set(state, "TX");
    let (kind, message) = case.problem("network", state, "must be inside").unwrap();
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["TX"]);
    case.set(state, "UT");
    let (kind, message) = case
        .problem("network", state, "requests no agreement")
        .unwrap();
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["UT", "NV"]);
}

/// Two agreements on two clocks: CO approved early, UT signed later and still pending.
fn two_clocks() -> Case {
    let mut case = rows(&[
        ("CO", "nta", "qwest_qc"),
        ("UT", "nta_redlines", "qwest_qc"),
    ]);
    let neg = [
        ("CO", "CDS-260115-0042", "2026-02-09", "2026-04-29"),
        ("UT", "CDS-260204-0057", "2026-05-26", ""),
    ];
    for (i, (state, no, executed, approved)) in neg.into_iter().enumerate() {
        let n = i + 1;
        let row = |f: &str| format!("negotiation.agreements[{n}].{f}");
        case.set("negotiation.agreements[+].state", state)
            .set(&row("received_on"), "2026-01-15")
            .set(&row("ica_tracking_no"), no)
            .set(&row("executed_on"), executed);
        if !approved.is_empty() {
            case.set(&row("filed_with_commission_on"), executed)
                .set(&row("approval_basis"), "negotiated")
                .set(&row("approved_on"), approved);
        }
    }
    case.set("early-ordering.covered[+].state", "UT")
        .set(
            "early-ordering.covered[1].ica_tracking_no",
            "CDS-260204-0057",
        )
        .set("early-ordering.covered[1].entity", "qwest_qc")
        .set("early-ordering.signed_on", "2026-05-28");
    case
}

#[test]
fn the_early_ordering_letter_reads_the_rows_of_the_states_it_covers() {
    let mut case = two_clocks();
    let executed = "early-ordering.covered[1].executed_on";
    let approved = "early-ordering.covered[1].approved_on";
    // CO was executed after... nothing: only UT's dates count, and they are consistent.
    assert_eq!(case.shown(executed).as_deref(), Some("2026-05-26"));
    assert_eq!(case.messages(EOLA, executed), []);
    assert_eq!(case.messages(EOLA, approved), []);
    assert_eq!(
        case.shown("early-ordering.covered[1].docket_no")
            .unwrap_or_default(),
        ""
    );
    // Signed before UT's execution: an error naming the letter's date and the tracker row.
    case.set("early-ordering.signed_on", "2026-05-20");
    let (kind, message) = case.problem(EOLA, executed, "signed after").unwrap();
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(
        &message,
        &["UT", "2026-05-20", "CDS-260204-0057", "row 2", "2026-05-26"],
    );
    // Covering CO, already approved: a warning, no letter needed there.
    case.set("early-ordering.signed_on", "2026-05-28")
        .set("early-ordering.covered[1].state", "CO")
        .set(
            "early-ordering.covered[1].ica_tracking_no",
            "CDS-260115-0042",
        );
    let (kind, message) = case
        .problem(EOLA, approved, "needs no early ordering")
        .unwrap();
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["CO", "CDS-260115-0042", "2026-04-29", "row 1"]);
}

#[test]
fn the_letter_names_an_agreement_of_its_own_state() {
    let mut case = two_clocks();
    let no = "early-ordering.covered[1].ica_tracking_no";
    case.set(no, "CDS-260115-0042");
    let (kind, message) = case.problem(EOLA, no, "not in UT").unwrap();
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["CDS-260115-0042", "CO", "row 1"]);
    case.set(no, "CDS-991231-0001");
    assert!(case.has_problem(EOLA, no, "no agreement in the Negotiation tracker"));
    case.set(no, "CDS-260204-0057");
    assert_eq!(case.messages(EOLA, no), []);
    // The other party: a company that serves the state and that the request names there.
    let entity = "early-ordering.covered[1].entity";
    case.set(entity, "centurytel_idaho");
    assert!(case.has_problem(EOLA, entity, "not a CenturyLink incumbent in UT"));
    case.set(entity, "qwest_qc");
    assert_eq!(case.messages(EOLA, entity), []);
}

#[test]
fn readiness_accepts_a_signed_commercial_agreement() {
    let mut case = rows(&[("UT", "commercial", "qwest_qc")]);
    let ready = "early-ordering.covered";
    case.set("negotiation.agreements[+].state", "UT")
        .set("negotiation.agreements[1].path", "commercial");
    assert!(case.has_problem(EOLA, ready, "orders need"));
    case.set(
        "negotiation.agreements[1].commercial_signed_on",
        "2026-04-14",
    );
    assert!(!case.has_problem(EOLA, ready, "orders need"));
}

#[test]
fn the_letter_goes_to_the_negotiator_else_the_sales_executive_else_it_is_open() {
    let mut case = two_clocks();
    let signed = "early-ordering.signed_on";
    let (kind, message) = case.problem(EOLA, signed, "no one to send").unwrap();
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["Lead negotiator", "Sales Executive"]);
    case.set(
        "negotiation.sales_executive_email",
        "sam@centurylink.example",
    );
    assert!(case.problem(EOLA, signed, "no one to send").is_none());
}

/// `export ARGS -o -` from the saves folder.
fn export(saves: &Path, args: &[&str]) -> Vec<u8> {
    bytes_ok(
        saves.parent().unwrap(),
        &[&["export"], args, &["-o", "-"]].concat(),
    )
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_example_requests_a_commercial_agreement_in_utah_and_names_the_company() {
    let (_dir, saves) = with_example();
    let eml = export(&saves, &["example", "--form", ARF, "--format", "eml"]);
    let mail = parse_mail(&eml).unwrap();
    let letter = flat(&mail.subparts[0].get_body().unwrap());
    assert_names(
        &letter,
        &[
            "Utah (UT), with Qwest Corporation d/b/a CenturyLink QC: a commercial agreement",
            "Utah (UT), with Qwest Corporation d/b/a CenturyLink QC: an interconnection agreement negotiated",
            "Colorado (CO), with Qwest Corporation d/b/a CenturyLink QC: an interconnection agreement by opt-in",
        ],
    );
    let pdf = flat(&pdftotext(&export(
        &saves,
        &["example", "--form", ARF, "--format", "pdf"],
    )));
    assert_names(&pdf, &[QWEST, "Commercial agreement"]);
}

#[test]
fn a_commercial_request_never_says_interconnection_agreement() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    for (path, value) in [
        ("profile.legal_name", "Prairie Fiber LLC"),
        ("profile.target_states", "UT"),
        ("agreement-request.states_requested", "UT"),
        ("agreement-request.agreements[+].state", "UT"),
        ("agreement-request.agreements[1].path", "commercial"),
        ("agreement-request.agreements[1].entity", "qwest_qc"),
    ] {
        set(dir.path(), "acme", path, value);
    }
    let out = wizard(dir.path())
        .args([
            "export", "acme", "--form", ARF, "--format", "eml", "--draft", "-o", "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mail = parse_mail(&out.stdout).unwrap();
    let letter = flat(&mail.subparts[0].get_body().unwrap());
    assert_names(
        &letter,
        &["Utah (UT), with Qwest Corporation d/b/a CenturyLink QC: a commercial agreement"],
    );
    // What is requested (the greeting is the Manager – Interconnection Agreements').
    let (_, request) = letter.split_once(" requests ").unwrap();
    assert!(
        !request.to_lowercase().contains("interconnection agreement"),
        "{letter}"
    );
}

#[test]
fn the_early_ordering_export_carries_its_own_states_agreement_only() {
    let (_dir, saves) = with_example();
    let eml = export(&saves, &["example", "--form", EOLA, "--format", "eml"]);
    let mail = parse_mail(&eml).unwrap();
    assert_eq!(
        mail.headers.get_first_value("To").as_deref(),
        Some("<avery.lindqvist@centurylink.example>")
    );
    let letter = flat(&mail.subparts[0].get_body().unwrap());
    assert_names(&letter, &["UT", QWEST, "Early Ordering Letter Agreement"]);
    let pdf = flat(&pdftotext(&export(
        &saves,
        &["example", "--form", EOLA, "--format", "pdf"],
    )));
    assert_names(
        &pdf,
        &[
            "CDS-260204-0057",
            "UT PSC 26-2647-01",
            QWEST,
            "Prairie Lantern",
        ],
    );
    for other in ["CDS-260115-0042", "CO PUC 26A-0131T", "2026-04-29"] {
        assert!(!pdf.contains(other), "{other} is Colorado's: {pdf}");
    }
}

#[test]
fn the_early_ordering_letter_falls_back_to_the_sales_executive() {
    let (_dir, saves) = with_example();
    let dir = saves.parent().unwrap();
    run_ok(
        dir,
        &["set", "example", "negotiation.negotiator_email", "--clear"],
    );
    set(
        dir,
        "example",
        "negotiation.sales_executive_email",
        "sam.ortiz@centurylink.example",
    );
    let eml = export(&saves, &["example", "--form", EOLA, "--format", "eml"]);
    let mail = parse_mail(&eml).unwrap();
    assert_eq!(
        mail.headers.get_first_value("To").as_deref(),
        Some("<sam.ortiz@centurylink.example>")
    );
}

#[test]
fn check_forms_names_the_seed_page_and_the_later_facts() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(dir.path(), &["check-forms"]);
    assert_names(
        &out,
        &[
            "\"Getting Started as a Facility-Based CLEC\" V42.0, last updated June 6, 2022 [S83]",
            "CenturyTel of the Gem State, Inc. d/b/a CenturyLink (CenturyLink CT/EQ): ID; source S84",
        ],
    );
    let later: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("later than the seed page"))
        .collect();
    assert_eq!(later.len(), 2, "{out}");
    assert!(later.iter().all(|l| l.contains("inferred")));
}
