//! Which options a field's own rules prefer, so a picker can offer those first.
//!
//! A state field usually has a rule `SubsetOf(this field, other)`: the states requested
//! must be among the profile's target states, an agreement row's state among the states
//! requested. The wizard can list those states first instead of all fifty; this module
//! reads them from the rule itself, through the evaluator, so the list is what the
//! validation would accept.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::{Condition, Value};
use crate::domain::form::resolve::{Scope, Target};
use crate::domain::form::schema::{ChoiceOption, FieldKind, Severity};
use crate::domain::rules::eval::place_of;
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::values::answer::Answer;
use crate::domain::values::answer::Key;

/// The state codes the rules of the State or States field at `key` prefer: the values of
/// the answer each of its `SubsetOf(this field, other)` rules names (warnings included),
/// in the order that answer lists them, without repeats. Empty for an unknown path, a
/// field of another kind, a field without such a rule, or an empty other answer.
///
/// The other path is read from the field's own place, as validation reads it: a field of
/// the same row, of the same form, a group's column or another form's field.
pub(crate) fn preferred_options(forms: &FormSet, draft: &Draft, key: &Key) -> Vec<String> {
    let Some(place) = forms.form(&key.form).and_then(|form| place_of(form, key)) else {
        return Vec::new();
    };
    if let FieldKind::Choice { options, .. } = &place.field.kind {
        return offered_choices(forms, draft, &place, options);
    }
    if !matches!(
        place.field.kind,
        FieldKind::State { .. } | FieldKind::States { .. }
    ) {
        return Vec::new();
    }
    let eval = Evaluator::new(forms, draft);
    let mut out: Vec<String> = Vec::new();
    for rule in &place.field.rules {
        for other in subset_sources(forms, &place, &rule.must) {
            let values = match eval.value(&place, other) {
                Value::Empty => Vec::new(),
                Value::One(v) => vec![v],
                Value::Many(vs) => vs.to_vec(),
            };
            for v in values {
                if !v.is_empty() && !out.contains(&v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The options of a choice that its own blocking rules accept where it stands (an
/// agreement path the row's state offers: the CT/EQ template in a CT/EQ state, the QC
/// paths elsewhere, the tariff in Colorado), so a picker offers them first. Empty when
/// the rules accept every option or none (nothing to prefer).
fn offered_choices(
    forms: &FormSet,
    draft: &Draft,
    place: &Place<'_>,
    options: &[ChoiceOption],
) -> Vec<String> {
    let blocking: Vec<&Condition> = place
        .field
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .map(|r| &r.must)
        .collect();
    if blocking.is_empty() {
        return Vec::new();
    }
    let mut trial = draft.clone();
    let path = place.path();
    let offered: Vec<String> = options
        .iter()
        .filter(|option| {
            trial
                .answers
                .insert(path.clone(), Answer::Text(option.value().to_string()));
            let eval = Evaluator::new(forms, &trial);
            blocking.iter().all(|c| eval.holds(place, c))
        })
        .map(|option| option.value().to_string())
        .collect();
    match offered.len() {
        n if n == options.len() => Vec::new(),
        _ => offered,
    }
}

/// The `other` paths of the `SubsetOf(this field, other)` parts that `condition`
/// requires: the condition itself or any part of an `All`. (Under `Any` or `Not` a
/// subset is only one way to satisfy the rule, so it states no preference.)
fn subset_sources<'c>(
    forms: &FormSet,
    place: &Place<'_>,
    condition: &'c Condition,
) -> Vec<&'c str> {
    match condition {
        Condition::SubsetOf(this, other) if names_itself(forms, place, this) => vec![other],
        Condition::All(parts) => parts
            .iter()
            .flat_map(|c| subset_sources(forms, place, c))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `path`, read from the field's place, names the field itself (the same row,
/// for a row field).
fn names_itself(forms: &FormSet, place: &Place<'_>, path: &str) -> bool {
    let scope = Scope {
        form: place.form,
        group: place.row.map(|(group, _)| group),
    };
    match (forms.resolve(scope, path), place.row) {
        (Some(Target::Field { form, field, .. }), None) => {
            std::ptr::eq(form, place.form) && std::ptr::eq(field, place.field)
        }
        (Some(Target::SameRow { group, field, .. }), Some((own_group, _))) => {
            std::ptr::eq(group, own_group) && std::ptr::eq(field, place.field)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::validate::validate_form;
    use crate::domain::values::answer::Answer;
    use crate::storage::forms;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn draft(answers: &[(&str, Answer)]) -> Draft {
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
        for (path, answer) in answers {
            draft.answers.insert((*path).into(), answer.clone());
        }
        draft
    }

    fn many(codes: &[&str]) -> Answer {
        Answer::Many(codes.iter().map(|c| c.to_string()).collect())
    }

    fn text(s: &str) -> Answer {
        Answer::Text(s.into())
    }

    fn preferred(forms: &FormSet, draft: &Draft, path: &str) -> Vec<String> {
        preferred_options(forms, draft, &Key::parse(path).unwrap())
    }

    #[test]
    fn states_requested_prefer_the_target_states() {
        let forms = forms::load(None).unwrap();
        let d = draft(&[("profile.target_states", many(&["UT", "CO"]))]);
        assert_eq!(
            preferred(&forms, &d, "agreement-request.states_requested"),
            ["UT", "CO"]
        );
        assert_eq!(
            preferred(&forms, &d, "certification.states[2].state"),
            ["UT", "CO"],
            "a row field reads another form's answer"
        );
        assert!(preferred(&forms, &draft(&[]), "agreement-request.states_requested").is_empty());
    }

    #[test]
    fn row_states_prefer_what_their_rule_names() {
        let forms = forms::load(None).unwrap();
        let d = draft(&[
            ("profile.target_states", many(&["CO", "UT", "WA"])),
            ("agreement-request.states_requested", many(&["WA", "CO"])),
            ("questionnaire.state_rows", Answer::Rows(2)),
            ("questionnaire.state_rows[1].state", text("UT")),
            ("questionnaire.state_rows[2].state", text("CO")),
        ]);
        assert_eq!(
            preferred(&forms, &d, "agreement-request.agreements[1].state"),
            ["WA", "CO"],
            "the same form's field, from a row"
        );
        assert_eq!(
            preferred(&forms, &d, "questionnaire.latas[1].state"),
            ["UT", "CO"],
            "a column of the same form"
        );
        assert_eq!(
            preferred(&forms, &d, "early-ordering.covered[1].state"),
            ["WA", "CO"],
            "a warning rule prefers too"
        );
    }

    #[test]
    fn no_preference_without_a_subset_rule_on_a_state_field() {
        let forms = forms::load(None).unwrap();
        let d = draft(&[
            ("profile.target_states", many(&["CO"])),
            ("questionnaire.products", many(&["lis"])),
        ]);
        for path in [
            "profile.target_states",            // InRegion, not SubsetOf
            "profile.hq_state",                 // no rule
            "questionnaire.volumes[1].product", // a choice, not a state
            "nope.field",
            "profile.nope",
        ] {
            assert!(preferred(&forms, &d, path).is_empty(), "{path}");
        }
    }

    /// A preferred state passes the rule in validation, another state breaks it: both read
    /// the other answer the same way.
    #[test]
    fn preferred_states_are_what_validation_accepts() {
        let forms = forms::load(None).unwrap();
        let form = forms.form("agreement-request").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let base = [
            ("profile.target_states", many(&["CO", "UT"])),
            ("agreement-request.states_requested", many(&["UT"])),
            ("agreement-request.agreements", Answer::Rows(1)),
        ];
        let key = "agreement-request.agreements[1].state";
        let preferred = preferred(&forms, &draft(&base), key);
        assert_eq!(preferred, ["UT"]);
        for (state, accepted) in [("UT", true), ("CO", false)] {
            let mut answers = base.to_vec();
            answers.push((key, text(state)));
            let report = validate_form(&forms, &draft(&answers), form, today);
            let broken = report
                .problems
                .iter()
                .any(|p| p.path == key && p.message.contains("not among the states requested"));
            assert_eq!(!broken, accepted, "{state}");
            assert_eq!(preferred.contains(&state.to_string()), accepted);
        }
    }

    #[test]
    fn agreement_paths_offered_follow_the_rows_region() {
        let forms = forms::load(None).unwrap();
        let path = "agreement-request.agreements[1].path";
        let row = |state: &str| {
            draft(&[
                ("agreement-request.agreements", Answer::Rows(1)),
                ("agreement-request.agreements[1].state", text(state)),
            ])
        };
        assert_eq!(
            preferred(&forms, &row("FL"), path),
            ["commercial", "cteq_template"],
            "a CT/EQ state"
        );
        assert_eq!(
            preferred(&forms, &row("UT"), path),
            ["nta", "nta_redlines", "opt_in", "commercial"],
            "QC, no tariff outside Colorado"
        );
        assert_eq!(
            preferred(&forms, &row("CO"), path),
            ["nta", "nta_redlines", "opt_in", "co_tariff", "commercial"]
        );
        let choice_without_rules = "agreement-request.signature_method";
        assert!(preferred(&forms, &row("FL"), choice_without_rules).is_empty());
    }
}
