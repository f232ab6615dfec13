//! JSON export: `schema` (the layout's version), `form`, `form_version`, `draft`, `complete`, `answers` (keyed by the same
//! paths `set` uses; hidden fields left out) and `problems`.

use serde_json::{Map, Value as Json, json};

use super::{Source, clean};
use crate::domain::change::upgrade;
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::validate::FormReport;
use crate::domain::rules::view::{Shown, form_view};
use crate::domain::values::answer::Answer;

/// The version of the form document's layout (`schema`); its JSON Schema is
/// `schemas/form-export.schema.json`. A change that could break a reader raises it.
pub const EXPORT_SCHEMA: u32 = 1;

/// The JSON document of one form of a draft, as the user has it (`show --json`).
pub fn form_json(
    forms: &FormSet,
    draft: &Draft,
    draft_name: &str,
    form: &FormDef,
    report: &FormReport,
) -> Json {
    document(forms, draft, draft_name, form, report, None)
}

/// The JSON export of a form (also the answers file a message attaches): documents by
/// the name of the file attached, and, unless the export is a draft, without what is the
/// user's own ([`super::is_users_own`], [`for_recipient`]).
pub fn export_json(src: &Source<'_>) -> Json {
    let mut doc = document(
        src.forms,
        &src.draft,
        src.name,
        src.form,
        &src.report,
        Some(src),
    );
    if !src.draft_mode {
        for_recipient(&mut doc);
    }
    doc
}

fn document(
    forms: &FormSet,
    draft: &Draft,
    draft_name: &str,
    form: &FormDef,
    report: &FormReport,
    export: Option<&Source<'_>>,
) -> Json {
    let mut answers = Map::new();
    for section in form_view(forms, draft, form) {
        for item in section.items {
            if export.is_some_and(|src| super::is_users_own(src, &item)) {
                continue;
            }
            if export.is_some() && matches!(item.place.field.kind, FieldKind::Document) {
                let name = super::exported_text(&item);
                if let Shown::Answer(Some(Answer::Text(_))) = item.shown {
                    answers.insert(item.place.key().to_string(), Json::String(name));
                    continue;
                }
            }
            let value = match &item.shown {
                Shown::Answer(Some(a)) | Shown::Reused(Some(a), _) => {
                    answer_json(a, &item.place.field.kind)
                }
                Shown::Derived(Some(d)) => Json::String(clean(d)),
                _ => continue,
            };
            answers.insert(item.place.key().to_string(), value);
        }
    }
    let kept_aside: Map<String, Json> = upgrade::kept_aside_in(forms, draft, &form.id)
        .into_iter()
        .map(|k| (k.path, Json::String(clean(&k.answer.display()))))
        .collect();
    json!({
        "schema": EXPORT_SCHEMA,
        "form": form.id,
        "form_title": form.title,
        "form_version": form.version,
        "draft": draft_name,
        "complete": report.is_complete(),
        "answers": answers,
                "problems": report.problems,
        "kept_aside": kept_aside,
    })
}

/// One answer as JSON: numbers as numbers, yes/no as booleans, lists as arrays.
fn answer_json(answer: &Answer, kind: &FieldKind) -> Json {
    match answer {
        Answer::Text(t) => match kind {
            FieldKind::Integer { .. } => t.parse::<i64>().map_or_else(|_| json!(t), |n| json!(n)),
            FieldKind::Decimal { .. } => t.parse::<f64>().map_or_else(|_| json!(t), |n| json!(n)),
            _ => json!(clean(t)),
        },
        Answer::YesNo(b) => json!(b),
        Answer::Many(v) => json!(v.iter().map(|s| clean(s)).collect::<Vec<_>>()),
        Answer::Rows(n) => json!(n),
        Answer::NotApplicable(reason) => json!({ "not_applicable": clean(reason) }),
        Answer::AskLater(note) => json!({ "ask_later": clean(note) }),
    }
}

/// Leaves out of a form's JSON document what is the user's own: the draft's name, the
/// open problems (warnings included), answers kept aside and ask-later answers.
pub fn for_recipient(doc: &mut Json) {
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    for key in ["draft", "problems", "kept_aside"] {
        object.remove(key);
    }
    if let Some(Json::Object(answers)) = object.get_mut("answers") {
        answers.retain(|_, v| v.get("ask_later").is_none());
    }
}
