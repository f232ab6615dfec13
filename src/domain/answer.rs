//! Answers and the paths that address them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One stored answer. Empty answers are not stored at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Text, numbers, dates, identifiers, a single choice or state: normalized text.
    Text(String),
    YesNo(bool),
    /// Multiple choice or several states, in the order picked.
    Many(Vec<String>),
    /// Number of rows of a repeatable group.
    Rows(usize),
    /// Deliberately not applicable, with the reason.
    NotApplicable(String),
    /// Left open on purpose: the note says who to ask or what is missing.
    AskLater(String),
}

impl Answer {
    /// The answer as users read it.
    pub fn display(&self) -> String {
        match self {
            Answer::Text(t) => t.clone(),
            Answer::YesNo(true) => "yes".into(),
            Answer::YesNo(false) => "no".into(),
            Answer::Many(v) => v.join(", "),
            Answer::Rows(n) => format!("{n} row{}", if *n == 1 { "" } else { "s" }),
            Answer::NotApplicable(reason) if reason.is_empty() => "not applicable".into(),
            Answer::NotApplicable(reason) => format!("not applicable: {reason}"),
            Answer::AskLater(note) if note.is_empty() => "ask later".into(),
            Answer::AskLater(note) => format!("ask later: {note}"),
        }
    }

    /// True when the answer stands for a real value (not N/A or ask-later).
    pub fn is_value(&self) -> bool {
        !matches!(self, Answer::NotApplicable(_) | Answer::AskLater(_))
    }
}

/// Address of one answer in a draft: `form.field`, or `form.group[row].field` for a field of
/// a repeatable group (rows count from 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub form: String,
    pub field: String,
    pub row: Option<RowField>,
}

/// A field inside one row of a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowField {
    /// 1-based row number.
    pub index: usize,
    pub field: String,
}

impl Key {
    pub fn new(form: &str, field: &str) -> Self {
        Self {
            form: form.into(),
            field: field.into(),
            row: None,
        }
    }

    pub fn in_row(form: &str, group: &str, index: usize, field: &str) -> Self {
        Self {
            form: form.into(),
            field: group.into(),
            row: Some(RowField {
                index,
                field: field.into(),
            }),
        }
    }

    /// Parses `form.field` or `form.group[N].field`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "{text:?} is not a field path: use form.field (e.g. profile.legal_name) or form.group[N].field (e.g. questionnaire.contacts[1].email)"
            )
        };
        let (form, rest) = text.split_once('.').ok_or_else(bad)?;
        if form.is_empty() || rest.is_empty() {
            return Err(bad());
        }
        let Some((group, tail)) = rest.split_once('[') else {
            return if is_ident(rest) {
                Ok(Key::new(form, rest))
            } else {
                Err(bad())
            };
        };
        let (index, field) = tail.split_once("].").ok_or_else(bad)?;
        let index: usize = index.parse().map_err(|_| bad())?;
        if index == 0 || !is_ident(group) || !is_ident(field) {
            return Err(bad());
        }
        Ok(Key::in_row(form, group, index, field))
    }

    /// The group key (`form.group`) of a row field, or the key itself.
    pub fn top(&self) -> Key {
        Key::new(&self.form, &self.field)
    }
}

/// Field ids: lowercase letters, digits and underscores, starting with a letter.
pub fn is_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.row {
            None => write!(f, "{}.{}", self.form, self.field),
            Some(r) => write!(f, "{}.{}[{}].{}", self.form, self.field, r.index, r.field),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for text in [
            "profile.legal_name",
            "questionnaire.contacts[12].email",
            "agreement-request.states",
        ] {
            assert_eq!(Key::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn bad_keys_are_refused() {
        for text in [
            "profile",
            "profile.",
            ".x",
            "p.contacts[0].x",
            "p.contacts[a].x",
            "p.contacts[1]",
            "p.Legal",
            "p.a b",
        ] {
            assert!(Key::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn display_of_answers() {
        assert_eq!(
            Answer::Many(vec!["CO".into(), "UT".into()]).display(),
            "CO, UT"
        );
        assert_eq!(
            Answer::AskLater("ask Bob".into()).display(),
            "ask later: ask Bob"
        );
        assert!(!Answer::NotApplicable(String::new()).is_value());
    }
}
