//! Issue 25: points of interconnection and collocation follow the region of the CenturyLink
//! company an agreement is with, not one region per state. Idaho has Qwest Corporation
//! (CenturyLink QC) beside two CenturyTel companies (CT/EQ): a POI there is accepted with
//! either, and collocation (offered in QC wire centers only) with the Qwest agreement.
//! Each cross-record rule has its conflicting case (both records named) and its
//! consistent one.

use crate::support::Case;
use clec_wizard::domain::rules::validate::ProblemKind;

/// A draft with one Idaho agreement with `entity` on `path`.
fn idaho(path: &str, entity: &str) -> Case {
    let mut case = Case::requesting(&["ID"]);
    case.set("agreement-request.agreements[1].path", path)
        .set("agreement-request.agreements[1].entity", entity);
    case
}

#[test]
fn a_poi_in_idaho_is_accepted_with_a_centurytel_agreement_as_with_qwest() {
    let state = "network.pois[1].state";
    for (path, entity) in [
        ("cteq_template", "centurytel_idaho"),
        ("cteq_template", "centurytel_gem_state"),
        ("nta", "qwest_qc"),
    ] {
        let mut case = idaho(path, entity);
        case.set("network.pois[+].state", "ID");
        assert_eq!(
            case.messages("network", state),
            [],
            "{entity}: the agreement's company serves Idaho"
        );
    }
    // Where no agreement is requested, the POI is warned, both records named.
    let mut case = idaho("cteq_template", "centurytel_idaho");
    case.set("network.pois[+].state", "UT");
    let (kind, message) = case
        .problem("network", state, "requests no agreement")
        .expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    assert!(
        message.contains("UT") && message.contains("ID"),
        "{message}"
    );
}

#[test]
fn collocation_in_idaho_follows_the_agreement_with_qwest() {
    let state = "collocation.requests[1].state";
    let rule = "under an agreement with Qwest Corporation";
    // Consistent: the Idaho agreement is with Qwest Corporation (CenturyLink QC).
    let mut qwest = idaho("nta", "qwest_qc");
    qwest.set("collocation.requests[+].state", "ID");
    assert!(
        qwest.problem("collocation", state, rule).is_none(),
        "{:?}",
        qwest.messages("collocation", state)
    );
    assert!(
        qwest
            .problem("collocation", state, "")
            .is_none_or(|(k, _)| k != ProblemKind::Invalid),
        "Idaho is a CenturyLink QC state"
    );
    // A CenturyTel agreement beside it changes nothing.
    qwest
        .set("agreement-request.agreements[+].state", "ID")
        .set("agreement-request.agreements[2].path", "commercial")
        .set("agreement-request.agreements[2].entity", "centurytel_idaho");
    assert!(qwest.problem("collocation", state, rule).is_none());
    // Conflict: the only Idaho agreement is with CenturyTel of Idaho (CT/EQ).
    let mut cteq = idaho("cteq_template", "centurytel_idaho");
    cteq.set("collocation.requests[+].state", "ID");
    let (kind, message) = cteq.problem("collocation", state, rule).expect("warned");
    assert_eq!(kind, ProblemKind::Warning);
    for name in ["ID", "row 1", "CenturyTel of Idaho"] {
        assert!(message.contains(name), "{name:?} missing from {message:?}");
    }
    // No agreement requested in the state: this rule says nothing (others do).
    let mut none = idaho("nta", "qwest_qc");
    none.set("collocation.requests[+].state", "UT");
    assert!(
        none.problem("collocation", "collocation.requests[1].state", rule)
            .is_none()
    );
}
