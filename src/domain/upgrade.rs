//! Drafts that outlive a changed form: answers whose field was removed or renamed are kept
//! aside (never deleted) and listed, and forms answered under an older version are named.

use super::answer::{Answer, Key};
use super::catalog::FormSet;
use super::draft::Draft;
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
