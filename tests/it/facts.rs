//! Facts are never in the future, and statuses a compliant company can clear: every date
//! that records something done refuses a day after today; the questionnaire's follow-up is
//! met by the day its documents went out; an arbitrated agreement names its petition.

use clec_wizard::domain::change::edit;
use clec_wizard::domain::rules::validate::validate_form;
use clec_wizard::domain::timeline::{Standing, deadlines};

use crate::support::{Case, today};

/// Each date that records a fact, with the rows it needs.
const FACTS: &[&str] = &[
    "negotiation.agreements[1].sent_on",
    "negotiation.agreements[1].received_on",
    "negotiation.agreements[1].mediation_requested_on",
    "negotiation.agreements[1].petition_filed_on",
    "negotiation.agreements[1].executed_on",
    "negotiation.agreements[1].filed_with_commission_on",
    "negotiation.agreements[1].approved_on",
    "early-ordering.signed_on",
    "collocation.requests[1].application_sent_on",
    "collocation.requests[1].quote_received_on",
    "collocation.requests[1].acceptance_sent_on",
    "network.forecast_sent_on",
    "network.ss7_links_ordered_on",
    "network.asrs_sent_on",
    "questionnaire.certificates_sent_on",
    "questionnaire.submitted_on",
    "questionnaire.followup_sent_on",
    "certification.states[1].filed_on",
    "certification.states[1].granted_on",
    "checklist.items[1].done_on",
];

#[test]
fn every_fact_date_refuses_tomorrow_and_takes_today() {
    let mut case = Case::example();
    case.set("negotiation.agreements[1].mediation_requested", "yes");
    let tomorrow = today().succ_opt().unwrap().to_string();
    for path in FACTS {
        let refused = case.try_set(path, &tomorrow).unwrap_err();
        assert!(
            refused.contains("cannot be in the future (today is 2026-11-25)"),
            "{path}: {refused}"
        );
        case.try_set(path, &today().to_string())
            .unwrap_or_else(|e| panic!("{path}: today is a day that has come: {e}"));
    }
}

/// The questionnaire's follow-up stays overdue until the day its documents went out is
/// recorded; that day is never before the submission (both dates named).
#[test]
fn the_questionnaire_follow_up_is_met_by_the_day_the_documents_went_out() {
    let mut case = Case::example();
    let follow_up = |case: &Case| {
        deadlines(&case.forms, &case.draft, today())
            .into_iter()
            .find(|d| d.path == "questionnaire.followup_due")
            .expect("listed")
            .standing(today())
    };
    assert_eq!(follow_up(&case), Standing::Done, "the example sent them");
    case.draft
        .answers
        .remove("questionnaire.followup_sent_on")
        .unwrap();
    assert_eq!(follow_up(&case), Standing::Overdue);
    case.set("questionnaire.followup_sent_on", "2026-02-13");
    let path = "questionnaire.followup_sent_on";
    let (_, message) = case
        .problem(
            "questionnaire",
            path,
            "before the questionnaire was submitted",
        )
        .expect("refused");
    assert!(
        message.contains("2026-02-13") && message.contains("submitted on 2026-02-16"),
        "{message}"
    );
    case.set(path, "2026-02-16");
    assert!(case.messages("questionnaire", path).is_empty());
    assert_eq!(follow_up(&case), Standing::Done);
}

/// An agreement marked arbitrated (or with arbitrated terms) with no petition on record is
/// warned, naming both answers; with the petition's date, nothing is said.
#[test]
fn an_arbitrated_agreement_without_a_petition_is_warned() {
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO")
        .set("negotiation.agreements[1].received_on", "2026-01-15")
        .set(
            "negotiation.agreements[1].filed_with_commission_on",
            "2026-07-01",
        );
    let path = "negotiation.agreements[1].approval_basis";
    let warned = |case: &Case| case.problem("negotiation", path, "no arbitration petition");
    case.set(path, "negotiated");
    assert_eq!(warned(&case), None);
    for basis in ["arbitrated", "mixed"] {
        case.set(path, basis);
        let (kind, message) = warned(&case).expect("warned");
        assert_eq!(
            kind,
            clec_wizard::domain::rules::validate::ProblemKind::Warning
        );
        assert!(
            message.contains("Arbitration petition filed on") && message.contains("30 days"),
            "{message}"
        );
    }
    case.set("negotiation.agreements[1].petition_filed_on", "2026-06-20");
    assert_eq!(warned(&case), None);
}

/// "Only in Colorado" is the project's reading of the seed page, not its words: the rule is
/// tagged as an inference.
#[test]
fn the_colorado_tariff_rule_is_tagged_as_an_inference() {
    let mut case = Case::requesting(&["UT"]);
    case.set("agreement-request.agreements[1].path", "co_tariff");
    let def = case.forms.form("agreement-request").unwrap();
    let problem = validate_form(&case.forms, &case.draft, def, today())
        .problems
        .into_iter()
        .find(|p| p.message.contains("only in Colorado"))
        .expect("refused");
    assert_eq!(problem.source.as_deref(), Some("I"));
    assert!(problem.to_string().ends_with("[I]"), "{problem}");
}

/// The network form's own "Forecast sent on" answer counts as its sending: once the form
/// is finalized with it, a quarter changed after reopening is warned as after `sent`,
/// naming the day; finalized without it, nothing is frozen.
#[test]
fn the_forecast_sent_on_answer_freezes_the_sent_quarters() {
    let changed_after_reopening = |sent_on: Option<&str>| {
        let mut case = Case::example();
        match sent_on {
            Some(day) => {
                case.set("network.forecast_sent_on", day);
            }
            None => {
                case.draft.answers.remove("network.forecast_sent_on");
            }
        }
        let now = case.draft.updated;
        edit::finalize(&case.forms, &mut case.draft, "network", today(), now).unwrap();
        edit::reopen(&case.forms, &mut case.draft, "network", today(), now);
        let path = "network.trunk_groups[1].y1_q1";
        let then = case.shown(path).unwrap();
        case.set(path, "777");
        (
            then,
            case.problem("network", path, "after the network form was sent"),
        )
    };
    let (then, warned) = changed_after_reopening(Some("2026-03-20"));
    let (_, message) = warned.expect("frozen by the form's own answer");
    assert!(
        message.contains("sent on 2026-03-20") && message.contains(&format!("{then} -> 777")),
        "{message}"
    );
    assert_eq!(changed_after_reopening(None).1, None);
}

/// An opt-in to an agreement that had expired when the request was sent is warned on the
/// negotiation row, naming the Agreement Request Form's row and both dates.
#[test]
fn an_opt_in_to_an_agreement_already_expired_is_warned() {
    let mut case = Case::requesting(&["CO"]);
    case.set("agreement-request.agreements[1].path", "opt_in")
        .set(
            "agreement-request.agreements[1].optin_expiration",
            "2026-03-31",
        )
        .set("negotiation.agreements[+].state", "CO");
    let path = "negotiation.agreements[1].sent_on";
    let warned = |case: &Case| case.problem("negotiation", path, "can be adopted only while");
    case.set(path, "2026-03-31");
    assert_eq!(warned(&case), None, "still in effect on its last day");
    case.set(path, "2026-04-01");
    let (kind, message) = warned(&case).expect("warned");
    assert_eq!(
        kind,
        clec_wizard::domain::rules::validate::ProblemKind::Warning
    );
    for name in [
        "Agreement Request Form's CO row",
        "expired on 2026-03-31",
        "sent on 2026-04-01",
    ] {
        assert!(message.contains(name), "{name:?} missing from {message}");
    }
    // Another state's row is not this one's.
    case.set("agreement-request.agreements[1].state", "UT");
    assert_eq!(warned(&case), None);
}
