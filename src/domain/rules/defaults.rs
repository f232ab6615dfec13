//! Defaults: what an unanswered field offers (`default: Answer("profile.ocn")`,
//! `default: Value("no")`, a day of another form's sent log:
//! `default: Acknowledged("agreement-request")`, or the signer the user's configuration
//! names: `default: Signer(Name)`). A default is shown as such and is not an answer: validation
//! still asks for the field, exports leave it out, until the user accepts it (it is then
//! stored like a typed answer) or answers something else.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::Value;
use crate::domain::form::resolve::{Scope, Target};
use crate::domain::form::schema::FieldDefault;
use crate::domain::rules::eval::place_of;
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::values::answer::Key;

/// The default the field at `key` offers now: none once it is answered (N/A and ask-later
/// included), when it has no default, or when the answer it defaults to is empty.
pub fn offered(forms: &FormSet, draft: &Draft, key: &Key) -> Option<String> {
    let form = forms.form(&key.form)?;
    let place = place_of(form, key)?;
    offered_at(&Evaluator::new(forms, draft), &place)
}

/// [`offered`] for a field already placed, with the caller's evaluator.
pub(crate) fn offered_at(eval: &Evaluator<'_>, place: &Place<'_>) -> Option<String> {
    if eval.answer(place).is_some() {
        return None;
    }
    let text = match place.field.default.as_ref()? {
        FieldDefault::Value(v) => v.clone(),
        FieldDefault::Answer(path) => match same_row_of(eval, place, path) {
            Some(cell) => cell,
            None => as_typed(eval.value(place, path))?,
        },
        FieldDefault::FirstRow(path) => match place.row {
            Some((_, 1)) => as_typed(eval.value(place, path))?,
            _ => return None,
        },
        FieldDefault::Sent(form) => eval.draft.forms.get(form)?.sent?.to_string(),
        FieldDefault::Acknowledged(form) => {
            let ack = eval.draft.forms.get(form)?.acknowledged.as_ref()?;
            ack.on.to_string()
        }
        FieldDefault::Signer(part) => eval.forms.signer().part(*part)?.to_string(),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// A value as it would be typed: one answer, or several comma-separated.
fn as_typed(value: Value) -> Option<String> {
    match value {
        Value::One(v) => Some(v),
        Value::Many(v) if !v.is_empty() => Some(v.join(", ")),
        _ => None,
    }
}

/// A date the timeline would count from, offered by its default and not accepted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OfferedDate {
    pub path: String,
    pub label: String,
    pub date: String,
}

/// The unanswered date fields that offer a default and that a computed deadline counts
/// from (the negotiation rows' Day 0 once the Agreement Request Form is acknowledged): no
/// deadline is counted until the date is accepted, so the deadlines say what is offered.
pub(crate) fn offered_dates(forms: &FormSet, draft: &Draft) -> Vec<OfferedDate> {
    let eval = Evaluator::new(forms, draft);
    let mut out = Vec::new();
    for form in forms.forms() {
        for section in crate::domain::rules::view::form_view(forms, draft, form) {
            for item in section.items {
                let place = &item.place;
                if !counted_from(place) {
                    continue;
                }
                if let Some(date) = offered_at(&eval, place) {
                    out.push(OfferedDate {
                        path: place.path(),
                        label: place.field.label.clone(),
                        date,
                    });
                }
            }
        }
    }
    out
}

/// Whether a date field is the start of a computed deadline beside it (in its row, or
/// in its form outside groups).
fn counted_from(place: &Place<'_>) -> bool {
    use crate::domain::form::schema::FieldKind;
    if !matches!(place.field.kind, FieldKind::Date { .. }) || place.field.default.is_none() {
        return false;
    }
    let siblings: Vec<&crate::domain::form::schema::Field> = match place.row {
        Some((group, _)) => group
            .kind
            .group_fields()
            .unwrap_or_default()
            .iter()
            .collect(),
        None => place.form.sections.iter().flat_map(|s| &s.fields).collect(),
    };
    siblings.iter().any(|f| {
        f.deadline.is_some()
            && matches!(&f.kind, FieldKind::Computed { from, .. } if *from == place.field.id)
    })
}

/// For a field in row N that defaults to another group's column
/// (`agreement-request.agreements.state`): that group's row N, so the rows of one form
/// follow the rows of another. `None` when this is not such a default.
fn same_row_of(eval: &Evaluator<'_>, place: &Place<'_>, path: &str) -> Option<String> {
    let (_, index) = place.row?;
    let scope = Scope {
        form: place.form,
        group: place.row.map(|(g, _)| g),
    };
    let Target::Column {
        form,
        section,
        group,
        field,
    } = eval.forms.resolve(scope, path)?
    else {
        return None;
    };
    if std::ptr::eq(group, place.row?.0) {
        return None;
    }
    let cell = Place {
        form,
        section,
        field,
        row: Some((group, index)),
    };
    if index > eval.rows(form, group) {
        return Some(String::new());
    }
    match eval.own_value(&cell) {
        Value::One(v) => Some(v),
        Value::Many(v) => Some(v.join(", ")),
        Value::Empty => Some(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;
    use crate::storage::forms;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_spid_offers_the_ocn_until_it_is_answered() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        let spid = Key::parse("questionnaire.spid").unwrap();
        assert_eq!(offered(&forms, &draft, &spid), None, "no OCN yet");
        draft
            .answers
            .insert("profile.ocn".into(), Answer::Text("12QX".into()));
        assert_eq!(offered(&forms, &draft, &spid).as_deref(), Some("12QX"));
        draft
            .answers
            .insert("questionnaire.spid".into(), Answer::Text("X123".into()));
        assert_eq!(offered(&forms, &draft, &spid), None, "answered: no default");
        draft.answers.insert(
            "questionnaire.spid".into(),
            Answer::AskLater("ask NPAC".into()),
        );
        assert_eq!(
            offered(&forms, &draft, &spid),
            None,
            "ask later is an answer"
        );
    }

    /// The signer the configuration names is offered on the signer fields, as a default
    /// (not an answer), and only there.
    #[test]
    fn the_configured_signer_is_offered_on_the_signer_fields() {
        use crate::domain::values::signer::Signer;
        let bare = forms::load(None).unwrap();
        let draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        let key = |path: &str| Key::parse(path).unwrap();
        assert_eq!(
            offered(&bare, &draft, &key("questionnaire.signer_name")),
            None
        );
        let forms = bare.with_signer(Signer {
            name: Some("Dana Reyes".into()),
            title: Some("CEO".into()),
            email: Some("dana@acme.example".into()),
        });
        for (path, offer) in [
            ("questionnaire.signer_name", "Dana Reyes"),
            ("questionnaire.signer_title", "CEO"),
            ("early-ordering.signer_name", "Dana Reyes"),
            ("profile.primary_name", "Dana Reyes"),
            ("profile.primary_title", "CEO"),
            ("profile.primary_email", "dana@acme.example"),
        ] {
            assert_eq!(
                offered(&forms, &draft, &key(path)).as_deref(),
                Some(offer),
                "{path}"
            );
        }
        assert_eq!(offered(&forms, &draft, &key("profile.legal_name")), None);
        let mut answered = draft.clone();
        answered
            .answers
            .insert("profile.primary_name".into(), Answer::Text("Lee".into()));
        assert_eq!(
            offered(&forms, &answered, &key("profile.primary_name")),
            None
        );
        assert!(
            !answered.answers.contains_key("questionnaire.signer_name"),
            "offered, never stored"
        );
    }

    /// Day 0 of every agreement row offers the day CenturyLink acknowledged the Agreement
    /// Request Form, until the row's own Day 0 is typed.
    #[test]
    fn day_0_offers_the_agreement_request_acknowledgement() {
        let forms = forms::load(None).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap();
        let mut draft = Draft::new(now);
        for _ in 0..2 {
            draft.push_row("negotiation", "agreements");
        }
        let day0 = |n: usize| Key::parse(&format!("negotiation.agreements[{n}].received_on"));
        let offer = |draft: &Draft, n| offered(&forms, draft, &day0(n).unwrap());
        assert_eq!(offer(&draft, 1), None, "not acknowledged yet");
        let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
        crate::domain::change::edit::mark_sent(
            &forms,
            &mut draft,
            "agreement-request",
            on,
            on,
            now,
        )
        .unwrap();
        assert_eq!(offer(&draft, 1), None, "sent is not received");
        crate::domain::change::edit::acknowledge(
            &forms,
            &mut draft,
            "agreement-request",
            on,
            Some("CDS-1"),
            on,
            now,
        )
        .unwrap();
        assert_eq!(offer(&draft, 1).as_deref(), Some("2026-01-12"));
        draft.answers.insert(
            "negotiation.agreements[2].received_on".into(),
            Answer::Text("2026-01-09".into()),
        );
        assert_eq!(offer(&draft, 1).as_deref(), Some("2026-01-12"));
        assert_eq!(offer(&draft, 2), None, "a typed Day 0 is kept");
        let listed: Vec<(String, String)> = offered_dates(&forms, &draft)
            .into_iter()
            .map(|o| (o.path, o.date))
            .collect();
        assert_eq!(
            listed,
            [(
                "negotiation.agreements[1].received_on".to_string(),
                "2026-01-12".to_string()
            )],
            "Day 0 of row 1 only; a sent day starts no deadline"
        );
        let sent_on = Key::parse("negotiation.agreements[1].sent_on").unwrap();
        assert_eq!(
            offered(&forms, &draft, &sent_on).as_deref(),
            Some("2026-01-12")
        );
    }

    #[test]
    fn a_row_offers_the_same_row_of_the_form_it_follows() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        for (state, path) in [("CO", "opt_in"), ("UT", "nta_redlines")] {
            let n = draft.push_row("agreement-request", "agreements");
            for (field, value) in [("state", state), ("path", path)] {
                draft.answers.insert(
                    format!("agreement-request.agreements[{n}].{field}"),
                    Answer::Text(value.into()),
                );
            }
        }
        for _ in 0..3 {
            draft.push_row("negotiation", "agreements");
        }
        let offer = |path: &str| offered(&forms, &draft, &Key::parse(path).unwrap());
        assert_eq!(
            offer("negotiation.agreements[1].state").as_deref(),
            Some("CO")
        );
        assert_eq!(
            offer("negotiation.agreements[2].state").as_deref(),
            Some("UT")
        );
        assert_eq!(
            offer("negotiation.agreements[2].path").as_deref(),
            Some("nta_redlines")
        );
        assert_eq!(
            offer("negotiation.agreements[3].state"),
            None,
            "no third request"
        );
    }

    /// What was already answered is offered where the user would type it again: an
    /// opt-in's state is its row's state, the questionnaire's products are the Agreement
    /// Request Form's products of interest, and its first contact is the profile's primary
    /// contact (the second starts empty).
    #[test]
    fn answers_given_elsewhere_are_offered() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        let facts = [
            (
                "agreement-request.products",
                Answer::Many(vec!["lis".into(), "loops".into()]),
            ),
            ("profile.primary_name", Answer::Text("Ana Ruiz".into())),
            ("profile.primary_phone", Answer::Text("303-555-0100".into())),
        ];
        for (path, answer) in facts {
            draft.answers.insert(path.into(), answer);
        }
        let n = draft.push_row("agreement-request", "agreements");
        for (field, value) in [("state", "CO"), ("path", "opt_in")] {
            draft.answers.insert(
                format!("agreement-request.agreements[{n}].{field}"),
                Answer::Text(value.into()),
            );
        }
        for _ in 0..2 {
            draft.push_row("questionnaire", "contacts");
        }
        let offer = |path: &str| offered(&forms, &draft, &Key::parse(path).unwrap());
        assert_eq!(
            offer("agreement-request.agreements[1].optin_state").as_deref(),
            Some("CO")
        );
        assert_eq!(
            offer("questionnaire.products").as_deref(),
            Some("lis, loops")
        );
        assert_eq!(
            offer("questionnaire.contacts[1].name").as_deref(),
            Some("Ana Ruiz")
        );
        assert_eq!(
            offer("questionnaire.contacts[1].phone").as_deref(),
            Some("303-555-0100")
        );
        assert_eq!(
            offer("questionnaire.contacts[1].email"),
            None,
            "not in the profile"
        );
        assert_eq!(
            offer("questionnaire.contacts[2].name"),
            None,
            "first row only"
        );
    }
}
