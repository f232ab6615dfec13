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
        let (owner, label) = labelled_path(forms, form, path)?;
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

/// The form a `{path}` of `form`'s templates names, and that field's label.
fn labelled_path<'f>(
    forms: &'f FormSet,
    form: &'f FormDef,
    path: &'f str,
) -> Option<(&'f FormDef, &'f str)> {
    let (owner, id) = match path.split_once('.') {
        Some((owner, id)) if forms.form(owner).is_some() => (forms.form(owner)?, id),
        _ => (form, path),
    };
    let label = owner.field(id).map_or(id, |f| f.field.label.as_str());
    Some((owner, label.trim()))
}

/// Whom a form's cover letter greets (`submit_to.dear`): its title as it is, or the name
/// that goes with the address the message is sent to (the negotiator's name with the
/// negotiator's address, the Sales Executive's with the Sales Executive's); while that
/// name is not answered, the role the address's label names (`Lead negotiator`). A form
/// that says nothing greets the "CenturyLink team".
pub(crate) fn addressee(forms: &FormSet, draft: &Draft, form: &FormDef) -> String {
    const TEAM: &str = "CenturyLink team";
    let Some(submit) = form.submit_to.as_ref() else {
        return TEAM.into();
    };
    let Some(dear) = submit.dear.as_deref() else {
        return TEAM.into();
    };
    let names: Vec<&str> = placeholders(dear).collect();
    if names.is_empty() {
        return dear.trim().to_string();
    }
    let addresses: Vec<&str> = placeholders(&submit.to).collect();
    // The address used: the first valid one, as `recipient_of` picks it (else the first).
    let used = addresses
        .iter()
        .position(|path| ids::email(&placeholder(forms, draft, form, path)).is_ok())
        .unwrap_or(0);
    let name = names
        .get(used)
        .map(|path| placeholder(forms, draft, form, path).trim().to_string())
        .filter(|name| !name.is_empty());
    let role = || {
        let (_, label) = labelled_path(forms, form, addresses.get(used)?)?;
        label.strip_suffix(": e-mail").map(str::to_string)
    };
    name.or_else(role).unwrap_or_else(|| TEAM.into())
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
    // A group reads as its rows' labels (the states an Early Ordering letter covers),
    // not as its number of rows.
    let (owner, id) = match path.split_once('.') {
        Some((owner, id)) if forms.form(owner).is_some() => (forms.form(owner), id),
        _ => (Some(form), path),
    };
    let row_label = owner
        .and_then(|f| f.field(id))
        .and_then(|f| match &f.field.kind {
            crate::domain::form::schema::FieldKind::Group {
                row_label: Some(label),
                ..
            } => Some(label.clone()),
            _ => None,
        });
    let path = match row_label {
        Some(label) => format!("{path}.{label}"),
        None => path.to_string(),
    };
    match Evaluator::new(forms, draft).value(&place, &path) {
        Value::One(s) => s,
        Value::Many(v) => v.join(", "),
        Value::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;
    use crate::storage::forms;

    /// The letter greets the title a form gives, else the person beside the address it
    /// goes to, else that person's role; never someone the message is not sent to.
    #[test]
    fn the_letter_greets_whom_the_message_goes_to() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(chrono::Utc::now());
        let greet = |draft: &Draft, form: &str| addressee(&forms, draft, forms.form(form).unwrap());
        let set = |draft: &mut Draft, key: &str, value: &str| {
            draft.answers.insert(key.into(), Answer::Text(value.into()));
        };
        assert_eq!(
            greet(&draft, "agreement-request"),
            "Manager – Interconnection Agreements"
        );
        assert_eq!(greet(&draft, "early-ordering"), "Lead negotiator");
        assert_eq!(
            greet(&draft, "network"),
            "Sales Executive or Service Manager"
        );
        set(&mut draft, "negotiation.negotiator_name", "Avery Lindqvist");
        set(&mut draft, "negotiation.sales_executive_name", "Kim Sato");
        set(
            &mut draft,
            "negotiation.sales_executive_email",
            "kim@centurylink.example",
        );
        // No negotiator's address: the message goes to the Sales Executive, who is greeted.
        assert_eq!(greet(&draft, "early-ordering"), "Kim Sato");
        set(
            &mut draft,
            "negotiation.negotiator_email",
            "avery@centurylink.example",
        );
        assert_eq!(greet(&draft, "early-ordering"), "Avery Lindqvist");
        set(
            &mut draft,
            "questionnaire.account_team_name",
            "Jordan Ellery-Vance",
        );
        assert_eq!(greet(&draft, "network"), "Jordan Ellery-Vance");
        assert_eq!(greet(&draft, "questionnaire"), "Jordan Ellery-Vance");
        assert_eq!(greet(&draft, "profile"), "CenturyLink team");
    }
}
