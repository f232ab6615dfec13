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
pub(crate) const EXPORT_SCHEMA: u32 = 1;

/// `doc` as indented JSON ending with a line break. Strings stay exact, but every
/// character a terminal could act on is written as a `\u` escape: serde_json escapes the
/// C0 controls, and this also escapes DEL, the C1 controls and the bidirectional controls
/// ([`crate::text::is_hidden_control`]), so a JSON document printed to a terminal, or
/// shown by `cat`, cannot move the cursor or reorder what is read.
pub(crate) fn pretty(doc: &Json) -> Vec<u8> {
    use serde::Serialize as _;
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Escaping::default());
    doc.serialize(&mut ser).expect("JSON values serialize");
    out.push(b'\n');
    out
}

/// serde_json's indented formatter, escaping the hidden controls it leaves raw.
#[derive(Default)]
struct Escaping(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(crate::text::is_hidden_control) {
            let c = rest[at..].chars().next().expect("found at a character");
            w.write_all(&rest.as_bytes()[..at])?;
            // Every hidden control is in the Basic Multilingual Plane: one `\u` escape.
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// The JSON document of one form of a draft, as the user has it (`show --json`).
pub(crate) fn form_json(
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
pub(crate) fn export_json(src: &Source<'_>) -> Json {
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
    // The applicant's record of which finalized copy this is: here, not in the
    // documents a reader gets (they carry no version of clec-wizard's forms).
    if let (Some(copy), Some(map)) = (
        crate::domain::rules::finalized::in_force(&src.draft, &src.form.id),
        doc.as_object_mut(),
    ) {
        map.insert(
            "finalized".into(),
            json!({
                "revision": copy.revision,
                "version": copy.version,
                "at": copy.at.format("%Y-%m-%d").to_string(),
            }),
        );
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
pub(crate) fn for_recipient(doc: &mut Json) {
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

#[cfg(test)]
mod pretty_tests {
    use super::*;

    #[test]
    fn hidden_controls_are_escaped_and_strings_stay_exact() {
        let text = "a\x1b[2J\u{7f}\u{9b}\u{85}b\u{202e}c\u{2066}\u{200f}é日";
        let bytes = pretty(&json!({ "k\u{9b}": text }));
        let printed = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            !printed
                .chars()
                .any(|c| c != '\n' && crate::text::is_hidden_control(c)),
            "{printed}"
        );
        assert!(printed.contains("\\u001b[2J\\u007f\\u009b\\u0085b\\u202ec\\u2066\\u200fé日"));
        let back: Json = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back["k\u{9b}"], json!(text), "read back exactly");
        let plain = json!({ "a": [1, { "b": "c" }], "d": null });
        assert_eq!(
            String::from_utf8(pretty(&plain)).unwrap(),
            format!("{}\n", serde_json::to_string_pretty(&plain).unwrap()),
            "indented as serde_json does"
        );
    }
}
