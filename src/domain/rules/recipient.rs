//! Whom a form goes to: the address its `submit_to.to` gives or names, and how a document
//! tells its reader while that address is not known yet. One rule for the exports, the
//! summary and the journey.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::Value;
use crate::domain::form::resolve::placeholders;
use crate::domain::form::schema::FormDef;
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::values::ids;

/// The address a form is sent to: `submit_to.to` as it is, or the first valid address
/// among the answers its `{path}`s name (`{a} or {b}`: the negotiator, else the Sales
/// Executive); none when there is no valid address (the journey shows it, the exports
/// send to it, validation lists it as an open item).
pub(crate) fn recipient_of(forms: &FormSet, draft: &Draft, form: &FormDef) -> Option<String> {
    let to = &form.submit_to.as_ref()?.to;
    let mut paths = placeholders(to).peekable();
    if paths.peek().is_none() {
        return ids::email(to).ok().map(|e| e.value);
    }
    paths
        .map(|path| placeholder(forms, draft, form, path))
        .find_map(|address| ids::email(&address).ok().map(|e| e.value))
}

/// Whom a form goes to, as a document tells its reader: the address; while the answer
/// that holds it is not given (or is no e-mail address), that answer in words ("the Lead
/// negotiator named in the Negotiation tracker (not answered yet)"), never a
/// `{placeholder}`. None for a form sent to no one.
pub(crate) fn send_to(forms: &FormSet, draft: &Draft, form: &FormDef) -> Option<String> {
    let to = &form.submit_to.as_ref()?.to;
    if let Some(address) = recipient_of(forms, draft, form) {
        return Some(address);
    }
    let paths: Vec<&str> = placeholders(to).collect();
    if paths.is_empty() {
        return Some(format!("{to} (not a valid e-mail address)"));
    }
    let mut who = Vec::new();
    for path in &paths {
        let (owner, id) = match path.split_once('.') {
            Some((owner, id)) if forms.form(owner).is_some() => (forms.form(owner)?, id),
            _ => (form, *path),
        };
        let label = owner
            .field(id)
            .map_or(id, |f| f.field.label.as_str())
            .trim();
        who.push(match label.strip_suffix(": e-mail") {
            Some(person) => format!("the {person} named in the {}", owner.title),
            None => format!("the address in \"{label}\" of the {}", owner.title),
        });
    }
    let why = if paths
        .iter()
        .all(|p| placeholder(forms, draft, form, p).is_empty())
    {
        "not answered yet"
    } else {
        "not a valid e-mail address yet"
    };
    Some(format!("{} ({why})", who.join(" or ")))
}

pub fn placeholder(forms: &FormSet, draft: &Draft, form: &FormDef, path: &str) -> String {
    let Some(found) = form.fields().next() else {
        return String::new();
    };
    let place = Place {
        form,
        section: found.section,
        field: found.field,
        row: None,
    };
    match Evaluator::new(forms, draft).value(&place, path) {
        Value::One(s) => s,
        Value::Many(v) => v.join(", "),
        Value::Empty => String::new(),
    }
}
