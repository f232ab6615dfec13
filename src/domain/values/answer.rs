//! Answers and the paths that address them.

use std::cmp::Ordering;
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
    pub(crate) fn is_value(&self) -> bool {
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
        let index = row_index(index).ok_or_else(bad)?;
        if !is_ident(group) || !is_ident(field) {
            return Err(bad());
        }
        Ok(Key::in_row(form, group, index, field))
    }

    /// The group key (`form.group`) of a row field, or the key itself.
    pub fn top(&self) -> Key {
        Key::new(&self.form, &self.field)
    }

    /// The same field in row `index` of its group (after a row moved, say), so no caller
    /// edits the text of a path. A key outside a group is returned as it is.
    pub(crate) fn with_row_index(&self, index: usize) -> Key {
        let mut key = self.clone();
        if let Some(row) = &mut key.row {
            row.index = index;
        }
        key
    }

    /// The group (`form.group`) of a row field; `None` for a top-level field.
    pub fn group(&self) -> Option<Key> {
        self.row.as_ref().map(|_| self.top())
    }

    /// Whether this is a field of row `index` of `form.group`.
    pub(crate) fn in_row_of(&self, form: &str, group: &str, index: usize) -> bool {
        self.form == form
            && self.field == group
            && self.row.as_ref().is_some_and(|r| r.index == index)
    }
}

/// The form and the top-level field (the group, for a row field) of an answer path, for
/// code that looks at many paths per frame: allocates nothing. `None` exactly where
/// [`Key::parse`] refuses the path.
pub(crate) fn path_parts(path: &str) -> Option<(&str, &str)> {
    let (form, rest) = path.split_once('.')?;
    if form.is_empty() || rest.is_empty() {
        return None;
    }
    let Some((group, tail)) = rest.split_once('[') else {
        return is_ident(rest).then_some((form, rest));
    };
    let (index, field) = tail.split_once("].")?;
    row_index(index)?;
    (is_ident(group) && is_ident(field)).then_some((form, group))
}

/// A row number as a path writes it: digits only, from 1, without leading zeros, so one
/// row has one spelling (`[07]` and `[+7]` would name row 7 a second time).
pub(crate) fn row_index(text: &str) -> Option<usize> {
    let canonical =
        !text.is_empty() && !text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit());
    canonical.then(|| text.parse().ok()).flatten()
}

/// Field ids: lowercase letters, digits and underscores, starting with a letter.
pub(crate) fn is_ident(s: &str) -> bool {
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

/// `a` before `b`, comparing runs of digits as numbers (`x[2]` before `x[10]`).
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // The common start compares equal: skip it, back to the start of the digits it ends
    // in (keys of one form share most of their length).
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let start = same
        - a[..same]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
    compare_runs(&a[start..], &b[start..])
}

/// [`natural_cmp`] from the first byte on.
fn compare_runs(mut a: &[u8], mut b: &[u8]) -> Ordering {
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, ra) = split_digits(a);
                let (nb, rb) = split_digits(b);
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

/// The leading digits (without leading zeros) and the rest.
fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    let (digits, rest) = s.split_at(end);
    let zeros = digits.iter().take_while(|c| **c == b'0').count();
    (&digits[zeros.min(digits.len().saturating_sub(1))..], rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn skipping_the_common_start_changes_no_order(
            start in "[a0-9.\\[\\]-]{0,8}",
            a in "[a0-9.\\[\\]-]{0,8}",
            b in "[a0-9.\\[\\]-]{0,8}",
        ) {
            let (a, b) = (format!("{start}{a}"), format!("{start}{b}"));
            prop_assert_eq!(natural_cmp(&a, &b), compare_runs(a.as_bytes(), b.as_bytes()));
        }
    }

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
    fn row_helpers() {
        let key = Key::parse("questionnaire.contacts[2].email").unwrap();
        assert_eq!(
            key.with_row_index(5).to_string(),
            "questionnaire.contacts[5].email"
        );
        assert_eq!(key.group(), Some(Key::new("questionnaire", "contacts")));
        assert!(key.in_row_of("questionnaire", "contacts", 2));
        assert!(!key.in_row_of("questionnaire", "contacts", 1));
        assert!(!key.in_row_of("questionnaire", "latas", 2));
        assert!(!key.in_row_of("profile", "contacts", 2));
        let top = Key::new("profile", "legal_name");
        assert_eq!(
            top.with_row_index(3),
            top,
            "outside a group nothing changes"
        );
        assert_eq!(top.group(), None);
        assert!(!top.in_row_of("profile", "legal_name", 1));
    }

    #[test]
    fn path_parts_of_good_and_bad_paths() {
        assert_eq!(
            path_parts("profile.legal_name"),
            Some(("profile", "legal_name"))
        );
        assert_eq!(
            path_parts("questionnaire.contacts[12].email"),
            Some(("questionnaire", "contacts"))
        );
        assert_eq!(path_parts("p.contacts[0].x"), None);
        // One spelling per row: a second one would be a second answer to the same field.
        for bad in [
            "p.c[07].x",
            "p.c[+7].x",
            "p.c[].x",
            "p.c[ 7].x",
            "p.c[99999999999999999999].x",
        ] {
            assert_eq!(path_parts(bad), None, "{bad}");
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Key::parse("p.c[70].x").unwrap().to_string(), "p.c[70].x");
        assert_eq!(path_parts("p.contacts[1]"), None);
        assert_eq!(path_parts("profile"), None);
    }

    /// What [`path_parts`] gives for a path, from [`Key::parse`].
    fn parts_by_parse(path: &str) -> Option<(String, String)> {
        Key::parse(path).ok().map(|k| (k.form, k.field))
    }

    proptest::proptest! {
        /// Paths made of the characters paths use (and some they do not).
        #[test]
        fn path_parts_agrees_with_parse(path in "[a-z0-9_.\\[\\]+ A-]{0,24}") {
            let parts = path_parts(&path).map(|(f, g)| (f.to_string(), g.to_string()));
            proptest::prop_assert_eq!(parts, parts_by_parse(&path));
        }

        /// Near-valid paths: each part is an identifier, a bad identifier, empty or odd.
        #[test]
        fn path_parts_agrees_on_near_paths(
            form in "[a-z-]{0,6}|[A-Z.]{1,2}",
            group in "[a-z_][a-z0-9_]{0,5}|[A-Z0-9 ]{0,2}",
            index in "[0-9]{1,3}|\\+[0-9]|-1|x|",
            field in "[a-z][a-z0-9_]{0,5}|[A-Z ]{0,2}|[a-z]\\.[a-z]",
            shape in 0u8..4,
        ) {
            let path = match shape {
                0 => format!("{form}.{group}"),
                1 => format!("{form}.{group}[{index}].{field}"),
                2 => format!("{form}.{group}[{index}]{field}"),
                _ => format!("{form}{group}[{index}].{field}"),
            };
            let parts = path_parts(&path).map(|(f, g)| (f.to_string(), g.to_string()));
            proptest::prop_assert_eq!(parts, parts_by_parse(&path));
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
