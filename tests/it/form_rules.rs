//! The rules of the shipped forms, through the library: each test fails if its rule is
//! removed from the form files.

use crate::support::Case;

#[test]
fn all_nine_forms_are_shipped_in_journey_order() {
    let case = Case::new();
    let ids: Vec<_> = case.forms.forms().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "profile",
            "checklist",
            "certification",
            "agreement-request",
            "negotiation",
            "questionnaire",
            "network",
            "collocation",
            "early-ordering"
        ]
    );
    assert_eq!(case.forms.journey().steps.len(), 7);
    for form in case.forms.forms() {
        assert!(
            form.description.contains("clec-wizard"),
            "{} says what it is",
            form.id
        );
    }
}

#[test]
fn section_252_dates_from_a_31_january_request() {
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO");
    case.set("negotiation.agreements[1].received_on", "2026-01-31");
    assert_eq!(
        case.shown("negotiation.agreements[1].arbitration_window_opens")
            .unwrap(),
        "2026-06-15"
    );
    assert_eq!(
        case.shown("negotiation.agreements[1].arbitration_window_closes")
            .unwrap(),
        "2026-07-10"
    );
    assert_eq!(
        case.shown("negotiation.agreements[1].decision_due")
            .unwrap(),
        "2026-10-31"
    );
    case.set("negotiation.agreements[1].petition_filed_on", "2026-06-20");
    assert_eq!(
        case.shown("negotiation.agreements[1].response_due")
            .unwrap(),
        "2026-07-15"
    );
    case.set(
        "negotiation.agreements[1].filed_with_commission_on",
        "2026-07-01",
    )
    .set("negotiation.agreements[1].approval_basis", "negotiated");
    assert_eq!(
        case.shown("negotiation.agreements[1].deemed_approval_negotiated")
            .unwrap(),
        "2026-09-29"
    );
    assert_eq!(
        case.shown("negotiation.agreements[1].deemed_approval_arbitrated"),
        None,
        "hidden for a negotiated agreement"
    );
    case.set("negotiation.agreements[1].approval_basis", "arbitrated");
    assert_eq!(
        case.shown("negotiation.agreements[1].deemed_approval_arbitrated")
            .unwrap(),
        "2026-07-31"
    );
}

#[test]
fn section_252_dates_across_a_leap_year() {
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO");
    // Days still to come (Day 0 is a fact, refused in the future when typed): straight
    // into the draft, as a hand-edited file holds them.
    let day_0 = |case: &mut Case, day: &str| {
        case.draft.answers.insert(
            "negotiation.agreements[1].received_on".into(),
            clec_wizard::domain::values::answer::Answer::Text(day.into()),
        );
    };
    day_0(&mut case, "2027-05-31");
    assert_eq!(
        case.shown("negotiation.agreements[1].decision_due")
            .unwrap(),
        "2028-02-29"
    );
    day_0(&mut case, "2028-01-15");
    assert_eq!(
        case.shown("negotiation.agreements[1].arbitration_window_opens")
            .unwrap(),
        "2028-05-29"
    );
    assert_eq!(
        case.shown("negotiation.agreements[1].arbitration_window_closes")
            .unwrap(),
        "2028-06-23"
    );
}

#[test]
fn a_petition_outside_the_window_is_an_error() {
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO");
    case.set("negotiation.agreements[1].sent_on", "2026-01-12")
        .set("negotiation.agreements[1].received_on", "2026-01-15");
    case.set("negotiation.agreements[1].petition_filed_on", "2026-05-01");
    assert!(case.has_problem(
        "negotiation",
        "negotiation.agreements[1].petition_filed_on",
        "no earlier than day 135"
    ));
    case.set("negotiation.agreements[1].petition_filed_on", "2026-06-24");
    assert!(
        !case
            .problems("negotiation")
            .iter()
            .any(|p| p.contains("petition_filed_on"))
    );
    case.set("negotiation.agreements[1].petition_filed_on", "2026-06-25");
    assert!(case.has_problem(
        "negotiation",
        "negotiation.agreements[1].petition_filed_on",
        "no later than day 160"
    ));
}

#[test]
fn opt_in_shows_its_fields_and_requires_the_acknowledgement() {
    let mut case = Case::new();
    case.set("profile.target_states", "CO")
        .set("agreement-request.states_requested", "CO");
    case.set("agreement-request.agreements[+].state", "CO")
        .set("agreement-request.agreements[1].path", "nta");
    assert!(
        case.shown("agreement-request.agreements[1].optin_ack")
            .is_none(),
        "hidden unless opt-in"
    );
    case.set("agreement-request.agreements[1].path", "opt_in");
    assert!(case.has_problem(
        "agreement-request",
        "agreement-request.agreements[1].optin_ack",
        "required"
    ));
    assert!(case.has_problem(
        "agreement-request",
        "agreement-request.agreements[1].optin_expiration",
        "required"
    ));
    case.set("agreement-request.agreements[1].optin_ack", "no");
    assert!(case.has_problem(
        "agreement-request",
        "agreement-request.agreements[1].optin_ack",
        "inherited"
    ));
    case.set("agreement-request.agreements[1].optin_ack", "yes");
    assert!(
        !case
            .problems("agreement-request")
            .iter()
            .any(|p| p.contains("optin_ack"))
    );
}

#[test]
fn the_tariff_path_is_for_colorado_only() {
    let mut case = Case::new();
    case.set("profile.target_states", "CO, UT")
        .set("agreement-request.states_requested", "CO, UT");
    case.set("agreement-request.agreements[+].state", "UT")
        .set("agreement-request.agreements[1].path", "co_tariff");
    assert!(case.has_problem(
        "agreement-request",
        "agreement-request.agreements[1].path",
        "only in Colorado"
    ));
    case.set("agreement-request.agreements[1].state", "CO");
    assert!(!case.has_problem(
        "agreement-request",
        "agreement-request.agreements[1].path",
        "only in Colorado"
    ));
}

#[test]
fn requested_states_must_be_target_states() {
    let mut case = Case::new();
    case.set("profile.target_states", "CO")
        .set("agreement-request.states_requested", "CO, UT");
    assert!(case.has_problem(
        "agreement-request",
        "agreement-request.states_requested",
        "target states"
    ));
}

#[test]
fn certification_rules() {
    let mut case = Case::new();
    case.set("profile.target_states", "CO, UT")
        .set("profile.applicant_type", "facility_based");
    case.set("agreement-request.states_requested", "UT");
    case.set("certification.states[+].state", "UT");
    assert_eq!(
        case.shown("certification.states[1].commission").unwrap(),
        "Public Service Commission of Utah"
    );
    case.set("certification.states[1].authority_type", "certificate")
        .set("certification.states[1].status", "filed");
    assert!(
        case.has_problem(
            "certification",
            "certification.states[1].status",
            "not granted yet"
        ),
        "requested state"
    );
    case.set("certification.states[1].status", "granted")
        .set("certification.states[1].filed_on", "2026-03-02");
    case.set("certification.states[1].granted_on", "2026-03-01");
    assert!(case.has_problem(
        "certification",
        "certification.states[1].docket",
        "required"
    ));
    assert!(case.has_problem(
        "certification",
        "certification.states[1].granted_on",
        "cannot come before"
    ));
    assert!(case.has_problem(
        "certification",
        "certification.states",
        "every target state needs a row"
    ));
    // The reseller exemption: only a reseller, only in CO and IA.
    case.set("certification.states[1].authority_type", "not_required");
    assert!(case.has_problem(
        "certification",
        "certification.states[1].authority_type",
        "only by a reseller"
    ));
    case.set("profile.applicant_type", "reseller");
    assert!(
        case.has_problem(
            "certification",
            "certification.states[1].authority_type",
            "only by a reseller"
        ),
        "UT"
    );
    case.set("certification.states[+].state", "CO")
        .set("certification.states[2].authority_type", "not_required");
    assert!(!case.has_problem(
        "certification",
        "certification.states[2].authority_type",
        "only by a reseller"
    ));
}

#[test]
fn checklist_done_needs_a_date_and_shows_linked_answers() {
    let mut case = Case::new();
    case.set("profile.ocn", "12QX")
        .set("checklist.items[5].status", "done");
    assert!(case.has_problem("checklist", "checklist.items[5].done_on", "required"));
    assert_eq!(case.shown("checklist.items[5].recorded").unwrap(), "12QX");
    assert!(
        case.try_set("checklist.items[+].status", "done")
            .unwrap_err()
            .contains("fixed list")
    );
    assert!(
        case.try_set("checklist.items[5].done_on", "2099-01-01")
            .unwrap_err()
            .contains("future")
    );
}

#[test]
fn collocation_only_in_qc_states() {
    let mut case = Case::new();
    let err = case
        .try_set("collocation.requests[+].state", "TX")
        .unwrap_err();
    assert!(err.contains("outside the CenturyLink QC"), "{err}");
    case.set("collocation.requests[+].state", "CO");
}

#[test]
fn lnp_requires_spid_and_after_hours_contact() {
    let mut case = Case::new();
    assert!(!case.has_problem("questionnaire", "questionnaire.spid", "required"));
    case.set("questionnaire.products", "lis, lnp");
    assert!(case.has_problem("questionnaire", "questionnaire.spid", "required"));
    assert!(
        case.problems("questionnaire")
            .iter()
            .any(|p| p.contains("after-hours"))
    );
}

#[test]
fn questionnaire_tax_and_contact_roles() {
    let mut case = Case::new();
    case.set("questionnaire.unique_tax", "no");
    assert!(!case.has_problem(
        "questionnaire",
        "questionnaire.unique_tax_explanation",
        "required"
    ));
    case.set("questionnaire.unique_tax", "yes");
    assert!(case.has_problem(
        "questionnaire",
        "questionnaire.unique_tax_explanation",
        "required"
    ));
    // One person holding three roles covers those three; the one role left is one open
    // item that names it.
    case.set(
        "questionnaire.contacts[+].roles",
        "ordering, billing, repair",
    );
    let contacts: Vec<String> = case
        .problems("questionnaire")
        .into_iter()
        .filter(|p| p.starts_with("questionnaire.contacts: "))
        .collect();
    assert_eq!(
        contacts,
        [
            "questionnaire.contacts: no contact holds the Escalation role: add it to a contact's roles"
        ]
    );
    // A second person with the last role: covered.
    case.set("questionnaire.contacts[+].roles", "escalation");
    assert!(!case.has_problem("questionnaire", "questionnaire.contacts", "role"));
    // Number portability needs the after-hours role, and that contact's after-hours phone.
    case.set("questionnaire.products", "lis, lnp");
    assert!(case.has_problem(
        "questionnaire",
        "questionnaire.contacts",
        "LNP after-hours role"
    ));
    case.set(
        "questionnaire.contacts[2].roles",
        "escalation, lnp_after_hours",
    );
    assert!(!case.has_problem(
        "questionnaire",
        "questionnaire.contacts",
        "LNP after-hours role"
    ));
    assert!(case.has_problem(
        "questionnaire",
        "questionnaire.contacts[2].after_hours_phone",
        "required"
    ));
}

#[test]
fn every_required_role_left_out_is_its_own_open_item() {
    let mut case = Case::new();
    case.set("questionnaire.contacts[+].name", "Pat Doe");
    let named: Vec<String> = case
        .problems("questionnaire")
        .into_iter()
        .filter_map(|p| {
            let m = p.strip_prefix("questionnaire.contacts: no contact holds the ")?;
            Some(m.split(" role").next()?.to_string())
        })
        .collect();
    assert_eq!(
        named,
        ["Ordering", "Maintenance/repair", "Billing", "Escalation"]
    );
}

#[test]
fn profile_answers_appear_in_later_forms_without_being_asked_again() {
    let mut case = Case::new();
    case.set("profile.legal_name", "Prairie Lantern Communications LLC");
    for path in [
        "agreement-request.legal_name",
        "questionnaire.legal_name",
        "early-ordering.legal_name",
    ] {
        assert_eq!(
            case.shown(path).unwrap(),
            "Prairie Lantern Communications LLC",
            "{path}"
        );
        assert!(
            case.try_set(path, "Other")
                .unwrap_err()
                .contains("cannot be set"),
            "{path}"
        );
    }
}

#[test]
fn ordering_readiness_follows_the_questionnaire() {
    let mut case = Case::new();
    case.set("questionnaire.unique_tax", "no");
    assert_eq!(
        case.shown("early-ordering.questionnaire_status").unwrap(),
        "in progress"
    );
    assert!(case.has_problem(
        "early-ordering",
        "early-ordering.questionnaire_status",
        "finish the Customer Questionnaire (it is in progress in clec-wizard)"
    ));
    case.set("negotiation.agreements[+].sent_on", "2026-01-12")
        .set("negotiation.agreements[1].received_on", "2026-01-15");
    assert!(case.has_problem("early-ordering", "early-ordering.covered", "orders need"));
    case.set("negotiation.agreements[1].approved_on", "2026-05-01");
    assert!(!case.has_problem("early-ordering", "early-ordering.covered", "orders need"));
}

#[test]
fn an_early_ordering_letter_after_approval_is_warned() {
    // The warning sits on the approval date of the state the letter covers.
    let approved = "early-ordering.covered[1].approved_on";
    let mut case = Case::new();
    case.set("negotiation.agreements[+].state", "CO")
        .set("negotiation.agreements[1].sent_on", "2026-01-12")
        .set("negotiation.agreements[1].received_on", "2026-01-15")
        .set(
            "negotiation.agreements[1].ica_tracking_no",
            "CDS-260115-0001",
        );
    case.set("negotiation.agreements[1].approved_on", "2026-05-01")
        .set("early-ordering.covered[+].state", "CO")
        .set(
            "early-ordering.covered[1].ica_tracking_no",
            "CDS-260115-0001",
        )
        .set("early-ordering.signed_on", "2026-05-02");
    assert!(case.has_problem("early-ordering", approved, "already approved"));
    case.set("early-ordering.signed_on", "2026-04-30");
    assert!(!case.has_problem("early-ordering", approved, "already approved"));
    // A letter covering a second agreement, still awaiting approval, is not warned: the
    // first one's approval is not its business.
    case.set("early-ordering.signed_on", "2026-05-02")
        .set("negotiation.agreements[+].state", "UT")
        .set("negotiation.agreements[2].sent_on", "2026-02-02")
        .set(
            "negotiation.agreements[2].ica_tracking_no",
            "CDS-260202-0002",
        )
        .set("early-ordering.covered[1].state", "UT")
        .set(
            "early-ordering.covered[1].ica_tracking_no",
            "CDS-260202-0002",
        );
    assert!(!case.has_problem("early-ordering", approved, "already approved"));
    assert!(
        case.problems("early-ordering")
            .iter()
            .all(|p| !p.contains("already approved"))
    );
}

#[test]
fn which_forms_other_forms_read() {
    let case = Case::new();
    assert!(case.forms.is_read_by_others("profile"), "reused everywhere");
    assert!(
        case.forms.is_read_by_others("questionnaire"),
        "its status and LATAs are read"
    );
    assert!(
        !case.forms.is_read_by_others("checklist"),
        "nothing reads the checklist"
    );
}

#[test]
fn the_spid_defaults_to_the_ocn_and_validation_names_the_default() {
    let mut case = Case::new();
    case.set("questionnaire.products", "lis, lnp");
    assert!(case.has_problem("questionnaire", "questionnaire.spid", "required"));
    case.set("profile.ocn", "12QX");
    assert!(case.has_problem(
        "questionnaire",
        "questionnaire.spid",
        "required; accept the default 12QX or answer"
    ));
    assert_eq!(
        case.shown("questionnaire.spid").unwrap(),
        "",
        "not an answer"
    );
    case.set("questionnaire.spid", "12QX");
    assert!(!case.has_problem("questionnaire", "questionnaire.spid", "required"));
}

/// Each identifier has one example, the same in every form's hints as in its error
/// messages and in `fill` (`ids::shape`): a hint that gives an example of an identifier
/// gives that one.
#[test]
fn hints_give_each_identifiers_one_example() {
    use clec_wizard::domain::form::schema::{Field, FieldKind};
    use clec_wizard::domain::values::ids::{clli_shape, shape};
    let case = Case::new();
    let mut fields: Vec<(String, &Field)> = Vec::new();
    for form in case.forms.forms() {
        for f in form.fields() {
            fields.push((form.id.clone(), f.field));
            for sub in f.field.kind.group_fields().unwrap_or_default() {
                fields.push((form.id.clone(), sub));
            }
        }
    }
    let mut checked = 0;
    for (form, field) in fields {
        let Some((_, given)) = field.hint.split_once("e.g. ") else {
            continue;
        };
        let shape = match &field.kind {
            FieldKind::Ocn => shape::OCN,
            FieldKind::Spid => shape::SPID,
            FieldKind::Acna => shape::ACNA,
            FieldKind::Cic => shape::CIC,
            FieldKind::Clli { length } => clli_shape(*length),
            FieldKind::NpaNxx => shape::NPA_NXX,
            FieldKind::Phone => shape::PHONE,
            FieldKind::Lata => shape::LATA,
            FieldKind::PointCode => shape::POINT_CODE,
            FieldKind::Rao => shape::RAO,
            FieldKind::Frn => shape::FRN,
            FieldKind::Ein => shape::EIN,
            FieldKind::Zip => shape::ZIP,
            FieldKind::IcaTracking => shape::ICA_TRACKING,
            // An agreement number is CenturyLink's tracking number of that agreement.
            _ if given.starts_with("CDS-") => shape::ICA_TRACKING,
            _ => continue,
        };
        checked += 1;
        assert!(
            given.starts_with(shape.example.split(" or ").next().unwrap()),
            "{form}.{}: hint {:?}, the {} example is {}",
            field.id,
            field.hint,
            shape.name,
            shape.example
        );
    }
    assert!(checked >= 10, "{checked} hints checked");
}
