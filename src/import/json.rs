//! The JSON answers file (`export --format json`): its `answers` object, keyed by path.
//! Numbers may be numbers or text, yes/no booleans, several choices an array, a field
//! marked not applicable `{"not_applicable": "reason"}`; `null` clears.

use serde_json::Value as Json;

use super::{line_col, utf8};
use crate::domain::change::import::{Entry, Incoming};

/// The entries of a JSON answers file named `name`.
pub fn entries(name: &str, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let text = utf8(name, bytes)?;
    let doc: Json = serde_json::from_str(text)
        .map_err(|e| format!("{name}:{}:{}: {e}", e.line(), e.column()))?;
    let Some(Json::Object(answers)) = doc.get("answers") else {
        return Err(format!(
            "{name}: no \"answers\" object; expected the JSON that export --format json writes"
        ));
    };
    let body = text.find("\"answers\"").unwrap_or(0);
    let mut out = Vec::with_capacity(answers.len());
    for (path, value) in answers {
        let quoted = serde_json::to_string(path).unwrap_or_default();
        let at = match text[body..].find(&quoted) {
            Some(i) => {
                let (line, col) = line_col(text, body + i);
                format!("{name}:{line}:{col}")
            }
            None => format!("{name}: answers.{path}"),
        };
        out.push(Entry {
            at,
            path: path.clone(),
            value: incoming(value),
        });
    }
    Ok(out)
}

/// A JSON value as a file's value.
fn incoming(value: &Json) -> Incoming {
    match value {
        Json::Null => Incoming::Empty,
        Json::Bool(b) => Incoming::Text(if *b { "yes" } else { "no" }.into()),
        Json::Number(n) => match n.as_f64() {
            Some(f) if f.abs() < 1e15 => Incoming::Number(f),
            _ => Incoming::Text(n.to_string()),
        },
        Json::String(s) if s.trim().is_empty() => Incoming::Empty,
        Json::String(s) => Incoming::Text(s.clone()),
        Json::Array(items) => {
            let texts: Option<Vec<&str>> = items.iter().map(Json::as_str).collect();
            match texts {
                Some(texts) => Incoming::Text(texts.join(", ")),
                None => Incoming::Unreadable("a list holds only text".into()),
            }
        }
        Json::Object(o) => match (o.get("not_applicable"), o.get("ask_later")) {
            (Some(Json::String(r)), None) => Incoming::Text(format!("not applicable: {r}")),
            (None, Some(Json::String(n))) => Incoming::Text(format!("ask later: {n}")),
            _ => Incoming::Unreadable(
                "an object is {\"not_applicable\": \"reason\"} or {\"ask_later\": \"note\"}".into(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_where_they_are() {
        let text = "{\n  \"form\": \"profile\",\n  \"answers\": {\n    \"profile.legal_name\": \"Acme\",\n    \"profile.x\": [\"a\", \"b\"],\n    \"profile.y\": {\"not_applicable\": \"none\"},\n    \"profile.z\": null\n  }\n}\n";
        let got = entries("a.json", text.as_bytes()).unwrap();
        assert_eq!(got[0].at, "a.json:4:5");
        assert_eq!(got[1].value, Incoming::Text("a, b".into()));
        assert_eq!(got[2].value, Incoming::Text("not applicable: none".into()));
        assert_eq!(got[3].value, Incoming::Empty);
    }

    #[test]
    fn bad_json_is_located() {
        let e = entries("a.json", b"{\n  \"answers\": {,}\n}").unwrap_err();
        assert!(e.starts_with("a.json:2:"), "{e}");
    }
}
