//! Defaults: what an unanswered field offers (`default: Answer("profile.ocn")` or
//! `default: Value("no")`). A default is shown as such and is not an answer: validation
//! still asks for the field, exports leave it out, until the user accepts it (it is then
//! stored like a typed answer) or answers something else.

use super::answer::Key;
use super::catalog::FormSet;
use super::condition::Value;
use super::draft::Draft;
use super::eval::{Evaluator, Place};
use super::form::FieldDefault;
use super::resolve::{Scope, Target, resolve};
use super::validate::place_of;

/// The default the field at `key` offers now: none once it is answered (N/A and ask-later
/// included), when it has no default, or when the answer it defaults to is empty.
pub fn offered(forms: &FormSet, draft: &Draft, key: &Key) -> Option<String> {
    let form = forms.form(&key.form)?;
    let place = place_of(form, key)?;
    offered_at(&Evaluator::new(forms, draft), &place)
}

/// [`offered`] for a field already placed, with the caller's evaluator.
pub fn offered_at(eval: &Evaluator<'_>, place: &Place<'_>) -> Option<String> {
    if eval.answer(place).is_some() {
        return None;
    }
    let text = match place.field.default.as_ref()? {
        FieldDefault::Value(v) => v.clone(),
        FieldDefault::Answer(path) => match same_row_of(eval, place, path) {
            Some(cell) => cell,
            None => match eval.value(place, path) {
                Value::One(v) => v,
                Value::Many(v) if !v.is_empty() => v.join(", "),
                _ => return None,
            },
        },
    };
    (!text.trim().is_empty()).then_some(text)
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
    } = resolve(eval.forms, scope, path)?
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
    use crate::domain::answer::Answer;
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
}
