//! The rules that compare one record with another (issue "Form fidelity"), through the
//! library on the shipped forms: for each, the conflicting case (whose message names both
//! records) and the consistent case. Each test fails if its rule leaves the form files.

use crate::support::{Case, today};
use clec_wizard::domain::change::edit::{self, Edit};
use clec_wizard::domain::change::upgrade;
use clec_wizard::domain::rules::validate::ProblemKind;
use clec_wizard::domain::values::answer::Answer;

const ARF: &str = "agreement-request";

fn assert_names(message: &str, names: &[&str]) {
    for name in names {
        assert!(message.contains(name), "{name:?} missing from {message:?}");
    }
}

#[test]
fn a_ct_eq_state_takes_its_own_template_not_a_qc_path() {
    let mut case = Case::requesting(&["FL"]);
    case.set("agreement-request.agreements[1].path", "nta");
    let path = "agreement-request.agreements[1].path";
    let (kind, message) = case.problem(ARF, path, "CT/EQ territory").expect("refused");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["FL", "NTA as is"]);
    assert!(
        case.shown("agreement-request.agreements[1].cteq_note")
            .is_some(),
        "the CT/EQ path is explained in the row"
    );
    case.set(path, "cteq_template");
    assert_eq!(case.messages(ARF, path), []);
    // And the CT/EQ template is refused in a QC state, naming it.
    let mut qc = Case::requesting(&["CO"]);
    qc.set("agreement-request.agreements[1].path", "cteq_template");
    let (_, message) = qc
        .problem(ARF, path, "CT/EQ agreement template is for")
        .expect("refused in CO");
    assert_names(&message, &["CO"]);
    assert!(
        qc.shown("agreement-request.agreements[1].cteq_note")
            .is_none()
    );
    qc.set(path, "nta");
    assert_eq!(qc.messages(ARF, path), []);
}

#[test]
fn a_state_without_a_centurylink_ilec_is_warned() {
    let case = Case::requesting(&["TX"]);
    let state = "agreement-request.agreements[1].state";
    let (kind, message) = case
        .problem(ARF, state, "not the incumbent")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["TX"]);
    let qc = Case::requesting(&["UT"]);
    assert!(qc.problem(ARF, state, "not the incumbent").is_none());
}

#[test]
fn certification_not_granted_warns_on_the_agreement_request() {
    let mut case = Case::requesting(&["CO", "UT"]);
    let state = "agreement-request.agreements[2].state";
    let (_, message) = case.problem(ARF, state, "no row").expect("no row yet");
    assert_names(&message, &["UT", "State certification"]);
    case.set("certification.states[+].state", "CO")
        .set("certification.states[+].state", "UT")
        .set("certification.states[2].authority_type", "certificate")
        .set("certification.states[2].status", "filed");
    let (kind, message) = case.problem(ARF, state, "not granted").expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["UT", "State certification", "row 2", "Filed"]);
    case.set("certification.states[2].status", "granted");
    assert_eq!(case.messages(ARF, state), []);
}

#[test]
fn one_row_per_state_in_the_request_and_the_certification() {
    // Two interconnection agreements in one state (rows on the commercial track aside:
    // `agreements` tests those).
    let mut case = Case::requesting(&["CO", "UT"]);
    case.set("agreement-request.agreements[+].state", "CO");
    for row in 1..=3 {
        case.set(&format!("agreement-request.agreements[{row}].path"), "nta");
    }
    for row in [1, 3] {
        let path = format!("agreement-request.agreements[{row}].state");
        let (kind, message) = case
            .problem(ARF, &path, "more than one interconnection agreement row")
            .expect("dup");
        assert_eq!(kind, ProblemKind::Invalid);
        assert_names(&message, &["CO", "rows 1, 3"]);
    }
    let unique = "agreement-request.agreements[2].state";
    assert!(case.problem(ARF, unique, "more than one").is_none());

    case.set("certification.states[+].state", "UT")
        .set("certification.states[+].state", "UT");
    let path = "certification.states[2].state";
    let (kind, message) = case
        .problem("certification", path, "more than one row")
        .expect("dup");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["UT", "rows 1, 2"]);
    case.set(path, "CO");
    assert!(
        case.problem("certification", path, "more than one row")
            .is_none()
    );
}

#[test]
fn clli_states_match_their_records() {
    let mut case = Case::new();
    // Collocation: the wire center and the request's state.
    case.set("collocation.requests[+].wire_center", "DNVRCOMA")
        .set("collocation.requests[1].state", "UT");
    let wc = "collocation.requests[1].wire_center";
    let (kind, message) = case
        .problem("collocation", wc, "characters 5-6")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["DNVRCOMA", "UT"]);
    case.set("collocation.requests[1].state", "CO");
    assert!(case.problem("collocation", wc, "characters 5-6").is_none());

    // Questionnaire: the ACTL and its state row; the switch and the states served.
    case.set("questionnaire.state_rows[+].state", "UT")
        .set("questionnaire.state_rows[1].actl", "DNVRCOMAK01")
        .set("questionnaire.own_switch", "yes")
        .set("questionnaire.switch_clli", "DNVRCOPLDS0");
    let actl = "questionnaire.state_rows[1].actl";
    let (_, message) = case
        .problem("questionnaire", actl, "characters 5-6")
        .expect("ACTL");
    assert_names(&message, &["DNVRCOMAK01", "UT"]);
    let switch = "questionnaire.switch_clli";
    let (_, message) = case
        .problem("questionnaire", switch, "characters 5-6")
        .expect("switch");
    assert_names(&message, &["DNVRCOPLDS0", "UT"]);
    case.set("questionnaire.state_rows[1].state", "CO");
    assert!(
        case.problem("questionnaire", actl, "characters 5-6")
            .is_none()
    );
    assert!(
        case.problem("questionnaire", switch, "characters 5-6")
            .is_none()
    );

    // Network: the POI and its state.
    case.set("network.pois[+].poi_clli", "SLKCUTMA")
        .set("network.pois[1].state", "CO");
    let poi = "network.pois[1].poi_clli";
    let (_, message) = case.problem("network", poi, "characters 5-6").expect("POI");
    assert_names(&message, &["SLKCUTMA", "CO"]);
    case.set("network.pois[1].state", "UT");
    assert!(case.problem("network", poi, "characters 5-6").is_none());
}

#[test]
fn a_poi_has_a_qc_state_that_matches_its_lata() {
    let mut case = Case::new();
    case.set("network.pois[+].state", "TX");
    let state = "network.pois[1].state";
    let (kind, message) = case
        .problem("network", state, "must be inside a CenturyLink incumbent")
        .expect("QC");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["TX"]);
    case.set(state, "CO");
    assert!(case.problem("network", state, "must be inside").is_none());
    // The questionnaire puts LATA 660 in Utah.
    case.set("questionnaire.latas[+].lata", "660")
        .set("questionnaire.latas[1].state", "UT")
        .set("network.pois[1].lata", "660");
    let (_, message) = case
        .problem("network", state, "Customer Questionnaire puts LATA")
        .expect("LATA elsewhere");
    assert_names(&message, &["660", "UT", "CO"]);
    case.set(state, "UT");
    assert_eq!(case.messages("network", state), []);
}

#[test]
fn every_lata_served_has_a_poi_and_an_nxx_and_the_warnings_name_it() {
    let mut case = Case::new();
    case.set("questionnaire.latas[+].lata", "656")
        .set("questionnaire.latas[1].state", "CO")
        .set("questionnaire.latas[1].npa_nxx", "720-226")
        .set("questionnaire.latas[+].lata", "660")
        .set("questionnaire.latas[2].state", "UT")
        .set("network.pois[+].lata", "656");
    let (kind, message) = case
        .problem("network", "network.pois", "no point of interconnection")
        .expect("LATA 660 has no POI");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["660", "Customer Questionnaire"]);
    assert!(!message.contains("656"), "{message}");
    let served = "network.latas_served";
    let (_, message) = case
        .problem("network", served, "no NPA-NXX")
        .expect("no NXX");
    assert_names(&message, &["660", "Customer Questionnaire"]);
    // Shown, not asked: the questionnaire's rows, one line each.
    let shown = case.shown(served).unwrap();
    assert!(
        shown.contains("LATA = 656") && shown.contains("720-226"),
        "{shown}"
    );
    case.set("questionnaire.latas[2].npa_nxx", "801-226")
        .set("network.pois[+].lata", "660");
    assert_eq!(case.messages("network", served), []);
    assert!(
        case.problem("network", "network.pois", "no point of interconnection")
            .is_none()
    );
}

#[test]
fn other_npa_nxxs_and_switches_are_checked_identifiers() {
    let mut case = Case::new();
    case.set("questionnaire.latas[+].lata", "656")
        .set("questionnaire.latas[1].npa_nxx", "720-226")
        .set("questionnaire.own_switch", "yes")
        .set("questionnaire.switch_clli", "DNVRCOPLDS0");
    let refused = case.try_set("questionnaire.other_npa_nxxs[+].npa_nxx", "303-911");
    assert!(refused.unwrap_err().contains("not a valid exchange code"));
    case.set("questionnaire.other_npa_nxxs[+].npa_nxx", "720-226")
        .set("questionnaire.other_npa_nxxs[1].lata", "660");
    let nxx = "questionnaire.other_npa_nxxs[1].npa_nxx";
    let (_, message) = case
        .problem("questionnaire", nxx, "listed twice")
        .expect("dup");
    assert_names(&message, &["720-226"]);
    let lata = "questionnaire.other_npa_nxxs[1].lata";
    let (_, message) = case
        .problem("questionnaire", lata, "LATAs served")
        .expect("LATA");
    assert_names(&message, &["660"]);
    case.set(nxx, "303-226").set(lata, "656");
    assert_eq!(case.messages("questionnaire", nxx), []);
    assert_eq!(case.messages("questionnaire", lata), []);

    let refused = case.try_set("questionnaire.other_switches[+].clli", "DNVRCOPL");
    assert!(refused.unwrap_err().contains("11 characters"));
    case.set("questionnaire.other_switches[+].clli", "DNVRCOPLDS0");
    let clli = "questionnaire.other_switches[1].clli";
    let (_, message) = case
        .problem("questionnaire", clli, "listed twice")
        .expect("dup");
    assert_names(&message, &["DNVRCOPLDS0"]);
    case.set(clli, "DNVRCOPLDS1");
    assert!(
        case.problem("questionnaire", clli, "listed twice")
            .is_none()
    );
}

/// A draft answered under questionnaire version 1, with its free-text lists.
fn with_old_lists(switches: &str) -> Case {
    let mut case = Case::new();
    case.set("questionnaire.latas[+].lata", "656")
        .set("questionnaire.latas[+].lata", "660")
        .set("questionnaire.own_switch", "yes");
    case.draft.forms.get_mut("questionnaire").unwrap().version = 1;
    for (path, text) in [
        ("questionnaire.other_switch_cllis", switches),
        ("questionnaire.latas[1].other_npa_nxx", "303-226\n303-227"),
        ("questionnaire.latas[2].other_npa_nxx", "385-226"),
    ] {
        case.draft
            .answers
            .insert(path.into(), Answer::Text(text.into()));
    }
    case
}

fn kept_aside(case: &Case) -> Vec<String> {
    upgrade::kept_aside(&case.forms, &case.draft)
        .into_iter()
        .map(|k| k.path)
        .collect()
}

/// What reading the draft moves (as the commands and the wizard do on opening it).
fn read(case: &mut Case) -> Vec<String> {
    upgrade::move_renamed(&case.forms, &mut case.draft)
        .into_iter()
        .map(|m| format!("{} -> {}", m.from, m.to))
        .collect()
}

#[test]
fn old_free_text_lists_become_rows_when_the_draft_is_read() {
    let mut case = with_old_lists("SLKCUTPLDS0\nboisidmads0");
    assert_eq!(
        kept_aside(&case),
        [
            "questionnaire.latas[1].other_npa_nxx",
            "questionnaire.latas[2].other_npa_nxx",
            "questionnaire.other_switch_cllis",
        ],
        "listed until moved"
    );
    let moved = read(&mut case);
    assert_eq!(moved.len(), 5, "{moved:?}");
    assert!(
        moved.contains(
            &"questionnaire.latas[2].other_npa_nxx -> questionnaire.other_npa_nxxs[3].npa_nxx"
                .to_string()
        )
    );
    assert_eq!(kept_aside(&case), Vec::<String>::new());
    assert_eq!(read(&mut case), Vec::<String>::new(), "moved once");
    let shown = |p: &str| case.shown(&format!("questionnaire.{p}")).unwrap();
    assert_eq!(shown("other_switches[1].clli"), "SLKCUTPLDS0");
    assert_eq!(shown("other_switches[2].clli"), "BOISIDMADS0", "normalized");
    let nxx: Vec<(String, String)> = (1..=3)
        .map(|i| {
            (
                shown(&format!("other_npa_nxxs[{i}].lata")),
                shown(&format!("other_npa_nxxs[{i}].npa_nxx")),
            )
        })
        .collect();
    let pair = |l: &str, n: &str| (l.to_string(), n.to_string());
    assert_eq!(
        nxx,
        [
            pair("656", "303-226"),
            pair("656", "303-227"),
            pair("660", "385-226")
        ]
    );
    assert_eq!(case.draft.forms["questionnaire"].version, 3);
}

#[test]
fn an_old_list_with_a_bad_line_is_kept_aside_whole() {
    let mut case = with_old_lists("SLKCUTPLDS0\nnot a clli");
    read(&mut case);
    assert_eq!(kept_aside(&case), ["questionnaire.other_switch_cllis"]);
    assert_eq!(
        case.draft.answers["questionnaire.other_switch_cllis"],
        Answer::Text("SLKCUTPLDS0\nnot a clli".into())
    );
    assert!(
        case.shown("questionnaire.other_npa_nxxs[3].npa_nxx")
            .is_some()
    );
}

#[test]
fn the_spid_is_compared_with_the_ocns() {
    let mut case = Case::new();
    case.set("profile.ocn", "12QX")
        .set("questionnaire.state_rows[+].state", "UT")
        .set("questionnaire.state_rows[1].state_ocn", "12QY")
        .set("questionnaire.spid", "4321");
    let spid = "questionnaire.spid";
    let (kind, message) = case
        .problem("questionnaire", spid, "none of your OCNs")
        .expect("w");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["4321", "12QX", "12QY"]);
    case.set(spid, "12QY");
    assert_eq!(case.messages("questionnaire", spid), []);
    // The OCN's own warning follows the SPID.
    case.set(spid, "AB12");
    assert!(
        case.problem("questionnaire", spid, "normally the OCN")
            .is_some()
    );
}

#[test]
fn an_unusual_499_filer_id_is_kept_with_a_warning() {
    let mut case = Case::new();
    case.set("profile.filer_499", "A-83145");
    let (kind, message) = case
        .problem("profile", "profile.filer_499", "usually 6 digits")
        .expect("warned");
    assert_eq!((kind, message.is_empty()), (ProblemKind::Warning, false));
    case.set("profile.filer_499", "831457");
    assert_eq!(case.messages("profile", "profile.filer_499"), []);
}

#[test]
fn the_ocn_of_each_requested_state_comes_from_the_questionnaire() {
    let mut case = Case::requesting(&["CO", "UT"]);
    case.set("questionnaire.state_rows[+].state", "UT")
        .set("questionnaire.state_rows[1].state_ocn", "12QY")
        .set("questionnaire.state_rows[+].state", "CO")
        .set("questionnaire.state_rows[2].state_ocn", "12QX");
    assert_eq!(
        case.shown("agreement-request.agreements[1].state_ocn")
            .as_deref(),
        Some("12QX")
    );
    assert_eq!(
        case.shown("agreement-request.agreements[2].state_ocn")
            .as_deref(),
        Some("12QY")
    );
}

#[test]
fn ordering_readiness_and_the_letter_after_approval_name_their_dates() {
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO")
        .set("negotiation.agreements[1].sent_on", "2026-01-05")
        .set("negotiation.agreements[1].received_on", "2026-01-06")
        .set(
            "negotiation.agreements[1].ica_tracking_no",
            "CDS-260106-0001",
        )
        .set("negotiation.agreements[1].executed_on", "2026-03-02")
        .set(
            "negotiation.agreements[1].filed_with_commission_on",
            "2026-03-03",
        )
        .set("negotiation.agreements[1].approved_on", "2026-05-01");
    case.set("early-ordering.covered[+].state", "CO")
        .set(
            "early-ordering.covered[1].ica_tracking_no",
            "CDS-260106-0001",
        )
        .set("early-ordering.signed_on", "2026-06-01");
    // The warning sits on the covered state's approval date, as the letter covers states.
    let approved = "early-ordering.covered[1].approved_on";
    let (_, message) = case
        .problem("early-ordering", approved, "needs no early ordering letter")
        .expect("after approval");
    assert_names(
        &message,
        &[
            "Negotiation tracker",
            "row 1",
            "2026-05-01",
            "2026-06-01",
            "CO",
        ],
    );
    case.set("early-ordering.signed_on", "2026-04-01");
    assert!(
        case.problem("early-ordering", approved, "needs no early ordering")
            .is_none()
    );
}

#[test]
fn the_ccna_refusal_speaks_of_the_ccna() {
    let mut case = Case::new();
    let refused = case.try_set("profile.ccna", "AB").unwrap_err();
    assert!(refused.contains("CCNA"), "{refused}");
    let refused = case.try_set("profile.ccna", "ZZZ").unwrap_err();
    assert!(refused.contains("CCNA"), "{refused}");
}

/// Through the command line: `validate` names both records and the rule's source, and
/// `--json` carries the source tag.
#[test]
fn validate_names_both_records_and_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    std::fs::copy(example, saves.join("example.ron")).unwrap();
    let run = |args: &[&str]| {
        crate::support::bare()
            .arg("--saves")
            .arg(&saves)
            .args(args)
            .output()
            .unwrap()
    };
    let path = "collocation.requests[2].state";
    assert!(run(&["set", "example", path, "CO"]).status.success());
    let out = run(&["validate", "example", "--form", "collocation"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning does not block: {text}"
    );
    assert!(
        text.contains("characters 5-6 of wire center SLKCUTMA name another state than this request's state, CO [S63]"),
        "{text}"
    );
    let out = run(&["validate", "example", "--form", "collocation", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problem = &doc["forms"][0]["problems"][0];
    assert_eq!(problem["path"], "collocation.requests[2].wire_center");
    assert_eq!(problem["kind"], "warning");
    assert_eq!(problem["source"], "S63");
    // Consistent again: no open item.
    assert!(run(&["set", "example", path, "UT"]).status.success());
    let out = run(&["validate", "example", "--form", "collocation"]);
    assert!(!String::from_utf8(out.stdout).unwrap().contains("[S63]"));
}

/// Lookups are indexed and their results shared: the most rows a draft may hold, every
/// one naming the same state in both records, validate in time (a scan per row took
/// minutes).
#[test]
fn lookups_over_the_most_rows_validate_in_time() {
    use clec_wizard::domain::values::limits::MAX_ROWS;
    let mut case = Case::new();
    let answers = &mut case.draft.answers;
    answers.insert("certification.states".into(), Answer::Rows(MAX_ROWS));
    answers.insert(
        "agreement-request.agreements".into(),
        Answer::Rows(MAX_ROWS),
    );
    for i in 1..=MAX_ROWS {
        let co = || Answer::Text("CO".into());
        answers.insert(format!("certification.states[{i}].state"), co());
        answers.insert(format!("agreement-request.agreements[{i}].state"), co());
        let nta = Answer::Text("nta".into());
        answers.insert(format!("agreement-request.agreements[{i}].path"), nta);
        let filed = Answer::Text("filed".into());
        answers.insert(format!("certification.states[{i}].status"), filed);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let message = case
            .problem(
                ARF,
                "agreement-request.agreements[7].state",
                "more than one interconnection agreement row",
            )
            .map(|(_, m)| m);
        let _ = tx.send(message);
    });
    let message = rx
        // About 10 s in a debug build on a busy machine; the scan per row took minutes
        // even in a release build.
        .recv_timeout(std::time::Duration::from_secs(90))
        .expect("validated within 90 s")
        .expect("the duplicate is named");
    assert_names(&message, &["rows 1, 2, 3", "and 9988 more"]);
}

#[test]
fn one_row_per_state_and_per_lata_in_the_questionnaire() {
    let mut case = Case::new();
    case.set("questionnaire.state_rows[+].state", "UT")
        .set("questionnaire.state_rows[+].state", "UT")
        .set("questionnaire.latas[+].lata", "660")
        .set("questionnaire.latas[+].lata", "660");
    let row = "questionnaire.state_rows[2].state";
    let (kind, message) = case
        .problem("questionnaire", row, "more than one row")
        .expect("dup state");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["UT", "rows 1, 2"]);
    for latas in ["questionnaire.latas[1].lata", "questionnaire.latas[2].lata"] {
        let (kind, message) = case
            .problem("questionnaire", latas, "one row per LATA")
            .expect("dup LATA");
        assert_eq!(kind, ProblemKind::Invalid);
        assert_names(&message, &["660", "rows 1, 2"]);
    }
    let latas = "questionnaire.latas[2].lata";
    case.set(row, "CO")
        .set("questionnaire.latas[2].lata", "656");
    assert!(
        case.problem("questionnaire", row, "more than one row")
            .is_none()
    );
    assert!(
        case.problem("questionnaire", latas, "one row per LATA")
            .is_none()
    );
}

#[test]
fn ordering_needs_an_approved_agreement_or_the_signed_letter() {
    let mut case = Case::new();
    case.set("early-ordering.true_up_ack", "yes");
    let approved = "early-ordering.covered";
    let (kind, message) = case
        .problem(
            "early-ordering",
            approved,
            "orders need an approved agreement",
        )
        .expect("neither");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["Negotiation tracker", "signing date"]);
    case.set("negotiation.agreements[+].sent_on", "2026-01-05")
        .set("negotiation.agreements[1].received_on", "2026-01-06")
        .set("negotiation.agreements[1].approved_on", "2026-05-01");
    assert!(
        case.problem("early-ordering", approved, "orders need")
            .is_none()
    );
}

#[test]
fn one_negotiation_row_per_state() {
    let mut case = Case::requesting(&["CO"]);
    case.set("negotiation.agreements[+].state", "CO")
        .set("negotiation.agreements[+].state", "CO")
        .set("negotiation.agreements[1].path", "nta")
        .set("negotiation.agreements[2].path", "nta_redlines");
    let path = "negotiation.agreements[2].state";
    let (kind, message) = case
        .problem(
            "negotiation",
            path,
            "more than one interconnection agreement row",
        )
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["CO", "rows 1, 2"]);
    case.set(path, "UT");
    assert!(case.problem("negotiation", path, "more than one").is_none());
}

/// The example with its network form sent on `on`, its forecast starting in Q3 2026.
fn network_sent(on: &str) -> Case {
    let mut case = Case::example();
    case.set("network.forecast_start", "2026-07-01");
    let now = case.draft.updated;
    let on = on.parse().unwrap();
    edit::mark_sent(&case.forms, &mut case.draft, "network", on, today(), now).unwrap();
    case
}

/// A cell of the network form's trunk groups, as the draft holds it.
fn trunk_cell(case: &Case, row: usize, field: &str) -> String {
    let path = format!("network.trunk_groups[{row}].{field}");
    match case.draft.answers.get(&path) {
        Some(Answer::Text(t)) => t.clone(),
        other => panic!("{path}: {other:?}"),
    }
}

/// The frozen-forecast warnings of the network form, as `path: message`.
fn frozen_warnings(case: &Case) -> Vec<String> {
    case.problems("network")
        .into_iter()
        .filter(|p| p.contains("after the network form was sent"))
        .collect()
}

/// A quarter that was in the sent forecast changes: a warning on that quarter naming it,
/// the trunk group, the day the form was sent and both values.
#[test]
fn a_submitted_forecast_quarter_changed_after_sending_is_warned() {
    let mut case = network_sent("2026-08-03");
    let group = trunk_cell(&case, 1, "name");
    let then = trunk_cell(&case, 1, "y1_q3");
    let now = (then.parse::<u32>().unwrap() + 24).to_string();
    let path = "network.trunk_groups[1].y1_q3";
    case.set(path, &now);
    let (kind, message) = case
        .problem("network", path, "after the network form was sent")
        .unwrap_or_else(|| panic!("no warning in {:?}", case.problems("network")));
    assert_eq!(kind, ProblemKind::Warning, "{message}");
    // Year 1 begins 2026-07-01, so its third quarter is the first of 2027.
    assert_names(
        &message,
        &["Q1 2027", &group, "2026-08-03", &format!("{then} -> {now}")],
    );
    assert_eq!(
        frozen_warnings(&case).len(),
        1,
        "{:?}",
        frozen_warnings(&case)
    );
    // A cleared quarter is a change too.
    let cleared = Edit::Clear;
    let at = case.draft.updated;
    edit::apply(&case.forms, &mut case.draft, path, cleared, today(), at).unwrap();
    let (_, message) = case.problem("network", path, "sent on").unwrap();
    assert_names(&message, &["Q1 2027", &format!("{then} -> (none)")]);
}

/// Nothing changed since sending, a trunk group added since, and the forecast moved on by
/// a quarter (each quarter keeping its value, a new last quarter added): no warning. A
/// form never sent has none either.
#[test]
fn a_forecast_consistent_with_what_was_sent_is_not_warned() {
    let mut case = network_sent("2026-08-03");
    assert_eq!(frozen_warnings(&case), Vec::<String>::new());
    // A trunk group added after sending.
    case.set("network.trunk_groups[+].name", "DNVR local 2")
        .set("network.trunk_groups[5].y1_q1", "999");
    // Moved on a quarter: year 1 now starts with Q4 2026, what was quarter 2.
    let quarters = [
        "y1_q1", "y1_q2", "y1_q3", "y1_q4", "y2_q1", "y2_q2", "y2_q3", "y2_q4",
    ];
    let rows = case.draft.rows("network", "trunk_groups");
    for row in 1..rows {
        let old: Vec<String> = quarters.iter().map(|q| trunk_cell(&case, row, q)).collect();
        for (i, q) in quarters.iter().enumerate().take(7) {
            case.set(&format!("network.trunk_groups[{row}].{q}"), &old[i + 1]);
        }
        // Q3 2028 was not in the sent forecast: any value.
        case.set(&format!("network.trunk_groups[{row}].y2_q4"), "500");
    }
    case.set("network.forecast_start", "2026-10-01");
    assert_eq!(frozen_warnings(&case), Vec::<String>::new());
    // The same move without shifting the values changes submitted quarters.
    case.set("network.forecast_start", "2026-07-01");
    assert!(!frozen_warnings(&case).is_empty());
    // Never sent: any change is the user's own.
    let mut unsent = Case::example();
    unsent.set("network.trunk_groups[1].y1_q1", "1");
    assert_eq!(frozen_warnings(&unsent), Vec::<String>::new());
}

/// What was sent stays the reference after the form is reopened and finalized again: the
/// sent log keeps its own copy.
#[test]
fn the_sent_forecast_outlives_a_new_finalization() {
    let mut case = Case::example();
    let now = case.draft.updated;
    let Case { forms, draft } = &mut case;
    edit::finalize(forms, draft, "network", today(), now).unwrap();
    let on = "2026-08-03".parse().unwrap();
    edit::mark_sent(forms, draft, "network", on, today(), now).unwrap();
    edit::reopen(forms, draft, "network", today(), now);
    let then = trunk_cell(&case, 2, "y2_q1");
    case.set("network.trunk_groups[2].y2_q1", "40");
    let Case { forms, draft } = &mut case;
    edit::finalize(forms, draft, "network", today(), now).unwrap();
    let (_, message) = case
        .problem(
            "network",
            "network.trunk_groups[2].y2_q1",
            "sent on 2026-08-03",
        )
        .unwrap_or_else(|| panic!("{:?}", case.problems("network")));
    assert_names(&message, &[&format!("{then} -> 40")]);
}

/// Through the command line: an e-mail written for the network form counts as sent, and
/// `validate` (text and `--json`) shows the warning with its source tag without blocking.
#[test]
fn validate_shows_a_changed_quarter_after_the_network_e_mail() {
    let (dir, _) = crate::support::with_example();
    let d = dir.path();
    let out = d.join("network.eml");
    let eml = out.to_str().unwrap();
    crate::support::run_ok(
        d,
        &["set", "example", "network.forecast_start", "2026-07-01"],
    );
    crate::support::run_ok(
        d,
        &[
            "export", "example", "--form", "network", "--format", "eml", "-o", eml,
        ],
    );
    let path = "network.trunk_groups[3].y1_q1";
    crate::support::run_ok(d, &["set", "example", path, "36"]);
    let text = crate::support::run_ok(d, &["validate", "example", "--form", "network"]);
    let line = text
        .lines()
        .find(|l| l.contains(path))
        .unwrap_or_else(|| panic!("{text}"));
    assert_names(line, &["warning", "Q3 2026", "-> 36", "[S10]"]);
    let json = crate::support::run_ok(d, &["validate", "example", "--form", "network", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let problems = doc["forms"][0]["problems"].as_array().unwrap();
    let problem = problems.iter().find(|p| p["path"] == path).unwrap();
    assert_eq!(problem["kind"], "warning");
    assert_eq!(problem["source"], "S10");
    assert_eq!(problem["blocking"], false);
}

/// The Colorado tariff in another state: refused naming the state; in Colorado, accepted.
#[test]
fn the_colorado_tariff_is_refused_elsewhere_naming_the_state() {
    let mut case = Case::requesting(&["CO", "UT"]);
    case.set("agreement-request.agreements[2].path", "co_tariff");
    let path = "agreement-request.agreements[2].path";
    let (kind, message) = case.problem(ARF, path, "only in Colorado").expect("UT");
    assert_eq!(kind, ProblemKind::Invalid);
    assert_names(&message, &["Colorado (CO)", "UT"]);
    case.set("agreement-request.agreements[1].path", "co_tariff");
    let first = "agreement-request.agreements[1].path";
    assert_eq!(case.messages(ARF, first), []);
}

/// The other side of the certification rule: the certification row of a requested state
/// warns, naming the Agreement Request Form, the state and the status.
#[test]
fn a_requested_state_not_granted_warns_on_the_certification_too() {
    let mut case = Case::requesting(&["UT"]);
    case.set("certification.states[+].state", "UT")
        .set("certification.states[1].authority_type", "certificate")
        .set("certification.states[1].status", "filed");
    let status = "certification.states[1].status";
    let (kind, message) = case
        .problem("certification", status, "not granted yet")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["Agreement Request Form", "UT", "Filed"]);
    // Not requested: the status is the company's own affair.
    case.set("agreement-request.states_requested", "")
        .set("agreement-request.agreements[1].state", "CO");
    assert!(
        case.problem("certification", status, "not granted yet")
            .is_none()
    );
}

/// A further switch's CLLI names a state that section C does not list: warned, naming
/// the CLLI and the states; consistent once the state is listed.
#[test]
fn another_switch_clli_is_compared_with_the_states_served() {
    let mut case = Case::new();
    case.set("questionnaire.state_rows[+].state", "CO")
        .set("questionnaire.own_switch", "yes")
        .set("questionnaire.other_switches[+].clli", "SLKCUTPLDS0");
    let clli = "questionnaire.other_switches[1].clli";
    let (kind, message) = case
        .problem("questionnaire", clli, "characters 5-6")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["SLKCUTPLDS0", "CO"]);
    case.set("questionnaire.state_rows[+].state", "UT");
    assert!(
        case.problem("questionnaire", clli, "characters 5-6")
            .is_none()
    );
}

/// A POI in a LATA the questionnaire does not serve: warned, naming the LATA and those
/// served; consistent once the questionnaire serves it.
#[test]
fn a_poi_lata_is_one_the_questionnaire_serves() {
    let mut case = Case::new();
    case.set("questionnaire.latas[+].lata", "656")
        .set("network.pois[+].lata", "660");
    let lata = "network.pois[1].lata";
    let (kind, message) = case
        .problem("network", lata, "not among the LATAs served")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["660", "Customer Questionnaire", "656"]);
    case.set("questionnaire.latas[+].lata", "660");
    assert_eq!(case.messages("network", lata), []);
}

/// Early ordering reads the questionnaire's progress: the complete example is ready; an
/// unanswered required question makes the letter name the questionnaire and its status.
#[test]
fn ordering_readiness_names_the_questionnaires_status() {
    let mut case = Case::example();
    let status = "early-ordering.questionnaire_status";
    assert_eq!(case.messages("early-ordering", status), []);
    let now = case.draft.updated;
    let path = "questionnaire.years_in_business";
    edit::apply(
        &case.forms,
        &mut case.draft,
        path,
        Edit::Clear,
        today(),
        now,
    )
    .unwrap();
    let (kind, message) = case
        .problem(
            "early-ordering",
            status,
            "finish the Customer Questionnaire",
        )
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert_names(&message, &["Customer Questionnaire", "in progress"]);
}
