//! JSON export: `form`, `form_version`, `draft`, `complete`, `answers` (keyed by the same
//! paths `set` uses; hidden fields left out) and `problems`.

use serde_json::{Map, Value as Json, json};

use super::clean;
use crate::domain::answer::Answer;
use crate::domain::catalog::FormSet;
use crate::domain::draft::Draft;
use crate::domain::form::{FieldKind, FormDef};
use crate::domain::upgrade;
use crate::domain::validate::FormReport;
use crate::domain::view::{Shown, form_view};

/// The JSON document of one form of a draft.
pub fn form_json(
    forms: &FormSet,
    draft: &Draft,
    draft_name: &str,
    form: &FormDef,
    report: &FormReport,
) -> Json {
    let mut answers = Map::new();
    for section in form_view(forms, draft, form) {
        for item in section.items {
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
