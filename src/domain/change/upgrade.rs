//! Drafts that outlive a changed form: answers of a renamed field (`was: [...]`) move to
//! its new place, answers whose field was removed are kept aside (never deleted) and
//! listed, and forms answered under an older version are named.

use chrono::NaiveDate;

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{Field, FieldKind, FormDef, LinesFrom};
use crate::domain::rules::eval::place_of;
use crate::domain::values::answer::{Answer, Key};

/// An answer the current form definitions have no field for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAside {
    pub form: String,
    pub path: String,
    pub answer: Answer,
}

/// A form of the draft answered under another version than the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedForm {
    pub form: String,
    pub answered_version: u32,
    pub current_version: u32,
}

/// An answer moved from a field's old id to its new place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: String,
    pub to: String,
}

/// Moves the answers of renamed fields to where the forms now keep them: for each field's
/// `was` id, the answer at `form.OLD` goes to `form.NEW`, or to row 1 of the field's group
/// (the row is made when the group has none); in a group, `form.group[N].OLD` (a column
/// renamed within its group) goes to `form.group[N].NEW` in every row. A single answer
/// moved to a multiple-answer field becomes its one pick. An answer whose new place is
/// taken stays where it is (kept aside). The lines of a free-text list a group replaced
/// (`lines_from`) become its rows. A form whose answers moved is recorded as
/// answered under its current version, its answers changed. Returns what moved, in form
/// order.
pub fn move_renamed(forms: &FormSet, draft: &mut Draft) -> Vec<Moved> {
    let mut moved = Vec::new();
    for form in forms.forms() {
        let before = moved.len();
        for at in form.fields() {
            let field = at.field;
            let renamed = std::iter::once((None, field)).chain(
                field
                    .kind
                    .group_fields()
                    .unwrap_or_default()
                    .iter()
                    .map(|sub| (Some(field), sub)),
            );
            for (group, field) in renamed {
                for old in &field.was {
                    if let Some(group) = group {
                        moved.extend(move_column(draft, &form.id, &group.id, field, old));
                    }
                    if let Some(m) = move_one(draft, &form.id, group, &field.id, old) {
                        moved.push(m);
                    }
                }
            }
        }
        moved.extend(move_lines(form, draft));
        if moved.len() > before
            && let Some(state) = draft.forms.get_mut(&form.id)
        {
            state.version = form.version;
            state.revision += 1;
        }
    }
    moved
}

/// A column renamed within its group: every row's old answer to the new field.
fn move_column(
    draft: &mut Draft,
    form: &str,
    group: &str,
    field: &crate::domain::form::schema::Field,
    old: &str,
) -> Vec<Moved> {
    let mut moved = Vec::new();
    for row in 1..=draft.rows(form, group) {
        let from = Key::in_row(form, group, row, old).to_string();
        let to = Key::in_row(form, group, row, &field.id).to_string();
        if draft.answers.contains_key(&to) {
            continue;
        }
        let Some(answer) = draft.answers.remove(&from) else {
            continue;
        };
        draft.answers.insert(to.clone(), fitted(answer, field));
        if let Some(conflict) = draft.conflicts.remove(&from) {
            draft.conflicts.insert(to.clone(), conflict);
        }
        moved.push(Moved { from, to });
    }
    moved
}

/// A single answer given to a multiple-answer field becomes its one pick.
fn fitted(answer: Answer, field: &crate::domain::form::schema::Field) -> Answer {
    use crate::domain::form::schema::FieldKind;
    match (answer, &field.kind) {
        (Answer::Text(v), FieldKind::MultiChoice { .. } | FieldKind::States { .. }) => {
            Answer::Many(vec![v])
        }
        (answer, _) => answer,
    }
}

fn move_one(
    draft: &mut Draft,
    form: &str,
    group: Option<&crate::domain::form::schema::Field>,
    id: &str,
    old: &str,
) -> Option<Moved> {
    let from = format!("{form}.{old}");
    if !matches!(draft.answers.get(&from), Some(a) if !matches!(a, Answer::Rows(_))) {
        return None;
    }
    let to = match group {
        None => Key::new(form, id),
        Some(group) => Key::in_row(form, &group.id, 1, id),
    };
    let to = to.to_string();
    if draft.answers.contains_key(&to) {
        return None;
    }
    if let Some(group) = group
        && draft.rows(form, &group.id) == 0
    {
        // Row ids derived from the group and number: the same on every read until saved.
        draft
            .answers
            .insert(format!("{form}.{}", group.id), Answer::Rows(1));
        draft.ensure_row_ids();
    }
    let answer = draft.answers.remove(&from)?;
    draft.answers.insert(to.clone(), answer);
    if let Some(conflict) = draft.conflicts.remove(&from) {
        draft.conflicts.insert(to.clone(), conflict);
    }
    Some(Moved { from, to })
}

/// Every answer of the draft that no current field takes, in path order.
pub fn kept_aside(forms: &FormSet, draft: &Draft) -> Vec<KeptAside> {
    draft
        .answers
        .iter()
        .filter(|(path, answer)| !has_place(forms, path, answer))
        .map(|(path, answer)| KeptAside {
            form: path.split('.').next().unwrap_or_default().to_string(),
            path: path.clone(),
            answer: answer.clone(),
        })
        .collect()
}

/// The answers of one form kept aside.
pub(crate) fn kept_aside_in(forms: &FormSet, draft: &Draft, form: &str) -> Vec<KeptAside> {
    kept_aside(forms, draft)
        .into_iter()
        .filter(|k| k.form == form)
        .collect()
}

fn has_place(forms: &FormSet, path: &str, answer: &Answer) -> bool {
    let Ok(key) = Key::parse(path) else {
        return false;
    };
    let Some(form) = forms.form(&key.form) else {
        return false;
    };
    let Some(place) = place_of(form, &key) else {
        return false;
    };
    match answer {
        Answer::Rows(_) => key.row.is_none() && place.field.kind.group_fields().is_some(),
        _ => place.field.kind.is_input(),
    }
}

/// Moves the answers of free-text lists a form replaced by groups (`lines_from`) into
/// rows, line by line (with [`move_renamed`], when a draft is read). An answer with a
/// line the column refuses is left as it is (kept aside and listed).
fn move_lines(form: &FormDef, draft: &mut Draft) -> Vec<Moved> {
    let mut moved = Vec::new();
    for group in form.fields().map(|f| f.field) {
        if let FieldKind::Group {
            lines_from: Some(from),
            ..
        } = &group.kind
        {
            for (old, carried) in old_lists(form, draft, from) {
                moved.extend(move_lines_of(form, draft, group, from, &old, &carried));
            }
        }
    }
    moved
}

/// The old answers' paths, each with the answers of its row to carry (column, answer).
fn old_lists(
    form: &FormDef,
    draft: &Draft,
    from: &LinesFrom,
) -> Vec<(String, Vec<(String, Answer)>)> {
    let Some((old_group, old_field)) = from.field.split_once('.') else {
        return vec![(format!("{}.{}", form.id, from.field), Vec::new())];
    };
    (1..=draft.rows(&form.id, old_group))
        .map(|i| {
            let cell = |f: &str| Key::in_row(&form.id, old_group, i, f).to_string();
            let carried = from
                .carry
                .iter()
                .filter_map(|(old, new)| {
                    Some((new.clone(), draft.answers.get(&cell(old))?.clone()))
                })
                .collect();
            (cell(old_field), carried)
        })
        .collect()
}

fn move_lines_of(
    form: &FormDef,
    draft: &mut Draft,
    group: &Field,
    from: &LinesFrom,
    old: &str,
    carried: &[(String, Answer)],
) -> Vec<Moved> {
    let (Some(Answer::Text(text)), Some(column)) =
        (draft.answers.get(old), group.sub_field(&from.into))
    else {
        return Vec::new();
    };
    // A date is not judged against today here: validation does it once the rows exist.
    let today = NaiveDate::MAX;
    let lines = text
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let parsed: Option<Vec<Answer>> = lines
        .map(|line| column.kind.parse_input(line, today).ok().flatten())
        .collect();
    let Some(parsed) = parsed.filter(|p| !p.is_empty()) else {
        return Vec::new();
    };
    draft.answers.remove(old);
    let mut moved = Vec::new();
    for answer in parsed {
        // Row ids derived from the group and number: the same on every read until saved.
        let row = draft.rows(&form.id, &group.id) + 1;
        let rows = format!("{}.{}", form.id, group.id);
        draft.answers.insert(rows, Answer::Rows(row));
        draft.ensure_row_ids();
        let cell = |f: &str| Key::in_row(&form.id, &group.id, row, f).to_string();
        draft.answers.insert(cell(&from.into), answer);
        for (new, value) in carried {
            draft.answers.insert(cell(new), value.clone());
        }
        moved.push(Moved {
            from: old.to_string(),
            to: cell(&from.into),
        });
    }
    moved
}

/// Forms whose answers were given under another version of the form.
pub fn changed_forms(forms: &FormSet, draft: &Draft) -> Vec<ChangedForm> {
    draft
        .forms
        .iter()
        .filter_map(|(id, state)| {
            let form = forms.form(id)?;
            (state.version != form.version).then(|| ChangedForm {
                form: id.clone(),
                answered_version: state.version,
                current_version: form.version,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::forms;
    use chrono::{TimeZone, Utc};

    /// The negotiation answers of a draft made under version 1 of the form.
    const V1: &[(&str, &str)] = &[
        ("sent_on", "2026-01-12"),
        ("received_on", "2026-01-15"),
        ("mediation_requested", "yes"),
        ("mediation_requested_on", "2026-02-01"),
        ("petition_filed_on", "2026-06-01"),
        ("executed_on", "2026-09-09"),
        ("ica_tracking_no", "CDS-260115-0042"),
        ("filed_with_commission_on", "2026-09-16"),
        ("docket_no", "CO PUC 26A-0131T"),
        ("approval_basis", "arbitrated"),
        ("approved_on", "2026-10-10"),
    ];

    fn v1_draft() -> Draft {
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        for (id, value) in V1 {
            let answer = match *value {
                "yes" => Answer::YesNo(true),
                v => Answer::Text(v.into()),
            };
            draft.answers.insert(format!("negotiation.{id}"), answer);
        }
        draft.answers.insert(
            "negotiation.negotiator_name".into(),
            Answer::Text("Avery".into()),
        );
        draft
    }

    #[test]
    fn a_version_1_negotiation_lands_in_row_1_with_every_answer() {
        let forms = forms::load(None).unwrap();
        let mut draft = v1_draft();
        let before = draft.answers.len();
        draft.forms.insert(
            "negotiation".into(),
            crate::domain::draft::FormState {
                revision: 4,
                ..crate::domain::draft::FormState::new(
                    crate::domain::values::status::FormStatus::InProgress,
                    1,
                )
            },
        );
        let moved = move_renamed(&forms, &mut draft);
        assert_eq!(moved.len(), V1.len());
        // Recorded: answered under the current version, the answers changed.
        let state = &draft.forms["negotiation"];
        assert_eq!((state.version, state.revision), (2, 5));
        assert!(changed_forms(&forms, &draft).is_empty());
        for (id, _) in V1 {
            let from = format!("negotiation.{id}");
            let to = format!("negotiation.agreements[1].{id}");
            assert!(moved.contains(&Moved {
                from: from.clone(),
                to: to.clone()
            }));
            assert!(!draft.answers.contains_key(&from), "{from} moved away");
            assert!(draft.answers.contains_key(&to), "{to} holds it");
        }
        assert_eq!(
            draft.answers["negotiation.agreements[1].mediation_requested"],
            Answer::YesNo(true)
        );
        assert_eq!(draft.rows("negotiation", "agreements"), 1);
        assert_eq!(draft.row_ids["negotiation.agreements"].len(), 1);
        // Every answer is still there (plus the row), none kept aside.
        assert_eq!(draft.answers.len(), before + 1);
        assert!(kept_aside(&forms, &draft).is_empty());
        assert_eq!(
            draft.answers["negotiation.negotiator_name"],
            Answer::Text("Avery".into())
        );
        // Done once: a second pass moves nothing.
        assert!(move_renamed(&forms, &mut draft).is_empty());
    }

    #[test]
    fn the_row_made_for_moved_answers_has_the_same_id_on_every_read() {
        let forms = forms::load(None).unwrap();
        let (mut a, mut b) = (v1_draft(), v1_draft());
        move_renamed(&forms, &mut a);
        move_renamed(&forms, &mut b);
        assert_eq!(a.row_ids, b.row_ids);
    }

    #[test]
    fn an_answer_whose_new_place_is_taken_stays_aside() {
        let forms = forms::load(None).unwrap();
        let mut draft = v1_draft();
        draft.push_row("negotiation", "agreements");
        draft.answers.insert(
            "negotiation.agreements[1].received_on".into(),
            Answer::Text("2026-01-20".into()),
        );
        let moved = move_renamed(&forms, &mut draft);
        assert_eq!(moved.len(), V1.len() - 1);
        assert_eq!(
            draft.answers["negotiation.agreements[1].received_on"],
            Answer::Text("2026-01-20".into())
        );
        let aside: Vec<String> = kept_aside(&forms, &draft)
            .into_iter()
            .map(|k| k.path)
            .collect();
        assert_eq!(aside, ["negotiation.received_on"]);
        assert_eq!(draft.rows("negotiation", "agreements"), 1, "no second row");
    }

    #[test]
    fn a_column_renamed_in_its_group_moves_in_every_row_as_one_pick() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        for (n, role) in [(1, "ordering"), (2, "billing")] {
            draft.push_row("questionnaire", "contacts");
            draft.answers.insert(
                format!("questionnaire.contacts[{n}].role"),
                Answer::Text(role.into()),
            );
        }
        let moved = move_renamed(&forms, &mut draft);
        assert_eq!(moved.len(), 2);
        assert_eq!(
            draft.answers["questionnaire.contacts[2].roles"],
            Answer::Many(vec!["billing".into()])
        );
        assert!(!draft.answers.contains_key("questionnaire.contacts[1].role"));
        assert!(kept_aside(&forms, &draft).is_empty());
    }
}
