//! `--json` output of the listing commands: stable documents, each with a `schema`
//! version (docs/guide.md, "JSON output of the listings"). Values are cleaned of control
//! characters as in exports.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::domain::change::upgrade;
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::FormDef;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, validate_draft, validate_form};
use crate::export::clean;
use crate::export::json::form_json;
use crate::storage::config::{Entry, Settings};
use crate::storage::drafts::Listed;
use crate::storage::location::SavesLocation;

/// The version of every document below; raised when a field changes meaning or goes away.
pub(crate) const SCHEMA: u32 = 1;

/// A document as the bytes printed: indented, every control character a `\u` escape
/// ([`crate::export::json::pretty`]).
pub fn render(doc: &Json) -> Vec<u8> {
    crate::export::json::pretty(doc)
}

fn company(draft: &Draft) -> Json {
    draft.company().map_or(Json::Null, |c| json!(clean(c)))
}

fn progress(report: &FormReport) -> Json {
    json!({
        "form": report.form,
        "required_answered": report.required_answered,
        "required_total": report.required_total,
        "complete": report.is_complete(),
    })
}

/// `where --json`.
pub(crate) fn location(place: &SavesLocation, exports: &Path) -> Json {
    json!({
        "schema": SCHEMA,
        "saves": place.dir,
        "origin": place.origin.id(),
        "reason": place.origin.reason(),
        "exports": exports,
    })
}

/// `config --json`: the file, its problem if any, and per setting its value (`null`
/// when not set) and source (`flag`, `env`, `file`, `default`, or `unknown` when the
/// file's problem hides it) with `from`: the flag, the variable, `FILE:LINE`, or what the
/// default is.
pub fn config(settings: &Settings, entries: &[Entry]) -> Json {
    let mut table = serde_json::Map::new();
    for entry in entries {
        let value = match &entry.value {
            Ok(Some(s)) => json!({
                "value": s.value,
                "source": s.source.id(),
                "from": s.source.detail(),
            }),
            Ok(None) => json!({ "value": null, "source": "default", "from": "not set" }),
            Err(_) => json!({ "value": null, "source": "unknown", "from": null }),
        };
        table.insert(entry.key.to_string(), value);
    }
    json!({
        "schema": SCHEMA,
        "file": settings.path.as_ref().map(|p| p.display().to_string()),
        "found": settings.file_found(),
        "error": settings.file.as_ref().err().map(|e| clean(&e.to_string())),
        "settings": table,
    })
}

/// `list --json`.
pub fn list(forms: &FormSet, dir: &Path, drafts: &[Listed], today: NaiveDate) -> Json {
    let drafts: Vec<Json> = drafts
        .iter()
        .map(|(name, draft)| match draft {
            Err(e) => json!({ "name": name, "error": clean(&e.to_string()) }),
            Ok(draft) => {
                let report = validate_draft(forms, draft, today);
                json!({
                    "name": name,
                    "company": company(draft),
                    "updated": draft.updated.to_rfc3339(),
                    "required_answered": report.required_answered(),
                    "required_total": report.required_total(),
                    "complete": report.is_complete(),
                    "forms": report.forms.iter().map(|r| {
                        let mut p = progress(r);
                        p["status"] = json!(draft.status(&r.form).id());
                        p
                    }).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    json!({ "schema": SCHEMA, "saves": dir, "drafts": drafts })
}

/// `forms --json`.
pub fn forms(forms: &FormSet) -> Json {
    let list: Vec<Json> = forms
        .forms()
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "step": f.step,
                "version": f.version,
                "title": f.title,
                "fields": f.input_count(),
            })
        })
        .collect();
    json!({ "schema": SCHEMA, "forms": list })
}

/// `show --json`: per form, its export document (answers keyed by path, problems,
/// kept_aside) and status.
pub fn show(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    selected: &[&FormDef],
    today: NaiveDate,
) -> Json {
    let list: Vec<Json> = selected
        .iter()
        .map(|form| {
            let report = validate_form(forms, draft, form, today);
            let mut doc = form_json(forms, draft, name, form, &report);
            doc["status"] = json!(draft.status(&form.id).id());
            doc
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "draft": name,
        "company": company(draft),
        "forms": list,
    })
}

/// `validate --json`.
pub fn validate(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    reports: &[(&FormDef, FormReport)],
    only: Option<&str>,
) -> Json {
    let in_scope = |form: &str| only.is_none_or(|id| id == form);
    let list: Vec<Json> = reports
        .iter()
        .map(|(form, report)| {
            let mut p = progress(report);
            p["title"] = json!(form.title);
            p["problems"] = json!(report.problems);
            p["changed_since_export"] = json!(
                draft
                    .forms
                    .get(&form.id)
                    .is_some_and(|s| s.changed_since_export())
            );
            if let Some(copy) = finalized::in_force(draft, &form.id) {
                let changes: Vec<Json> = finalized::changes(forms, draft, form)
                    .into_iter()
                    .map(|c| {
                        json!({ "path": c.path, "label": c.label,
                                "then": clean(&c.then), "now": clean(&c.now) })
                    })
                    .collect();
                p["finalized"] = json!({ "revision": copy.revision, "at": copy.at,
                                         "changed_since": changes });
            }
            p
        })
        .collect();
    let changed: Vec<Json> = upgrade::changed_forms(forms, draft)
        .into_iter()
        .filter(|c| in_scope(&c.form))
        .map(|c| {
            json!({
                "form": c.form,
                "answered_version": c.answered_version,
                "current_version": c.current_version,
            })
        })
        .collect();
    let kept: Vec<Json> = upgrade::kept_aside(forms, draft)
        .into_iter()
        .filter(|k| in_scope(&k.form))
        .map(|k| json!({ "form": k.form, "path": k.path, "answer": clean(&k.answer.display()) }))
        .collect();
    json!({
        "schema": SCHEMA,
        "draft": name,
        "complete": reports.iter().all(|(_, r)| r.is_complete()),
        "required_answered": reports.iter().map(|(_, r)| r.required_answered).sum::<usize>(),
        "required_total": reports.iter().map(|(_, r)| r.required_total).sum::<usize>(),
        "forms": list,
        "changed_forms": changed,
        "kept_aside": kept,
    })
}
