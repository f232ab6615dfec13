//! Drafts that outlive a changed form: answers whose field was removed or renamed are kept
//! aside (never deleted) and listed, and forms answered under an older version are named.

use chrono::NaiveDate;

use super::answer::{Answer, Key};
use super::catalog::FormSet;
use super::draft::Draft;
use super::form::{Field, FieldKind, FormDef, LinesFrom};
use super::validate::place_of;

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
pub fn kept_aside_in(forms: &FormSet, draft: &Draft, form: &str) -> Vec<KeptAside> {
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
/// rows, line by line; returns how many lines became rows. An answer with a line the
/// column refuses is left as it is (kept aside and listed). Run when a form is first
/// edited under a new version, so the draft is saved with the rows.
pub fn move_lines(form: &FormDef, draft: &mut Draft, today: NaiveDate) -> usize {
    let mut moved = 0;
    for group in form.fields().map(|f| f.field) {
        if let FieldKind::Group {
            lines_from: Some(from),
            ..
        } = &group.kind
        {
            for (old, carried) in old_lists(form, draft, from) {
                moved += move_one(form, draft, group, from, &old, &carried, today);
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

fn move_one(
    form: &FormDef,
    draft: &mut Draft,
    group: &Field,
    from: &LinesFrom,
    old: &str,
    carried: &[(String, Answer)],
    today: NaiveDate,
) -> usize {
    let (Some(Answer::Text(text)), Some(column)) =
        (draft.answers.get(old), group.sub_field(&from.into))
    else {
        return 0;
    };
    let lines = text
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let parsed: Option<Vec<Answer>> = lines
        .map(|line| column.kind.parse_input(line, today).ok().flatten())
        .collect();
    let Some(parsed) = parsed.filter(|p| !p.is_empty()) else {
        return 0;
    };
    draft.answers.remove(old);
    for answer in &parsed {
        let row = draft.push_row(&form.id, &group.id);
        let cell = |f: &str| Key::in_row(&form.id, &group.id, row, f).to_string();
        draft.answers.insert(cell(&from.into), answer.clone());
        for (new, value) in carried {
            draft.answers.insert(cell(new), value.clone());
        }
    }
    parsed.len()
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
