//! Importing answers from a table (what `export` wrote, edited in a spreadsheet): each
//! entry (where it is in the file, its path, its value) becomes an edit through
//! [`edit::apply`], the path every answer takes, on a copy of the draft. All or nothing:
//! one refused value refuses the whole import, and every refusal says where it is.
//!
//! Reading the files is not done here (see `crate::import`): this module sees only entries.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};

use super::edit::{self, Edit, EditError};
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::eval::place_of;
use crate::domain::rules::finalized;
use crate::domain::rules::view::{form_view, labelled};
use crate::domain::values::answer::{Answer, Key};

/// A value as a file holds it: spreadsheets type numbers and dates as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// An explicit empty cell: clears the answer.
    Empty,
    /// A cell that holds no value the file can give (an error cell such as `#N/A`): why.
    Unreadable(String),
}

/// One answer of a file: where it is (`network.xlsx: sheet network, row 57 (cell E57)`),
/// its path as the export wrote it, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: String,
    pub path: String,
    pub value: Incoming,
}

/// A value the import refuses, where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// What an import changes, in the order it changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `path: old -> new` (old empty when there was no answer).
    Set {
        path: String,
        old: String,
        new: String,
    },
    /// An explicit empty value removed an answer.
    Cleared { path: String, old: String },
    /// A row the file has and the draft had not.
    RowAdded { group: String, row: usize },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |s: &str| {
            if s.is_empty() {
                "(empty)".to_string()
            } else {
                s.replace('\n', " / ")
            }
        };
        match self {
            Change::Set { path, old, new } => {
                write!(f, "{path}: {} -> {}", shown(old), shown(new))
            }
            Change::Cleared { path, old } => write!(f, "{path}: {} -> (cleared)", shown(old)),
            Change::RowAdded { group, row } => write!(f, "added row {row} of {group}"),
        }
    }
}

/// An accepted import: the draft with every change applied, the changes, notes (values
/// read with their leading zeros restored, warnings, hidden fields) and the forms changed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub draft: Draft,
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    pub forms: Vec<String>,
}

/// At most this many zeros are tried in front of a number a spreadsheet read as one.
const MAX_LOST_ZEROS: usize = 4;

/// Plans an import of `entries` into `draft` (left as it is): every value that differs from
/// what the form shows goes through [`edit::apply`] on a copy, in file order. Values the
/// file leaves out are kept; an explicit empty one clears. Rows are matched by the row
/// number of their path; a row number past the group's last row adds a row (in the order
/// the file gives them). `only`: import only the answers of this form.
pub fn plan(
    forms: &FormSet,
    draft: &Draft,
    entries: &[Entry],
    only: Option<&str>,
    (today, now): (NaiveDate, DateTime<Utc>),
) -> Result<Plan, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let mut keyed: Vec<(usize, &Entry, Key)> = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (n, entry) in entries.iter().enumerate() {
        let path = entry.path.trim();
        let key = match Key::parse(path) {
            Ok(key) => key,
            Err(e) => {
                refusals.push(refuse(n, entry, e));
                continue;
            }
        };
        if only.is_some_and(|form| form != key.form) {
            continue;
        }
        if let Some(first) = seen.insert(key.to_string(), &entry.at) {
            refusals.push(refuse(
                n,
                entry,
                format!("{key} is given twice (also at {first})"),
            ));
            continue;
        }
        keyed.push((n, entry, key));
    }
    let shown = Shown::of(forms, draft, keyed.iter().map(|(_, _, k)| k.form.as_str()));
    let grows = growing(forms, draft, &keyed);
    let mut work = draft.clone();
    let mut out = Plan {
        draft: Draft::new(now),
        changes: Vec::new(),
        notes: Vec::new(),
        forms: Vec::new(),
    };
    let mut added: BTreeMap<(String, String, usize), usize> = BTreeMap::new();
    for (n, entry, key) in keyed {
        let old = shown.text(forms, draft, &key);
        let Some(kind) = kind_of(forms, &key) else {
            refusals.push(refuse(n, entry, unknown(forms, &key)));
            continue;
        };
        let new = match typed(&entry.value) {
            Ok(text) => text,
            Err(why) => {
                refusals.push(refuse(n, entry, format!("{key}: {why}")));
                continue;
            }
        };
        if old.iter().any(|o| same(o, &new)) {
            continue;
        }
        // Typed otherwise but the same once normalized (a CLLI in lower case): no change.
        if let Ok(Some(answer)) = kind.parse_input(&new, today)
            && old
                .iter()
                .any(|o| same(o, &labelled(&answer, &kind)) || same(o, &answer.display()))
        {
            continue;
        }
        if let Some(padded) = lost_zeros(&entry.value, &new, &kind, today) {
            if old.iter().any(|o| same(o, &padded)) {
                out.notes.push(format!(
                    "{}: {key}: {new} read as {padded} (its leading zeros were lost by a spreadsheet); unchanged",
                    entry.at
                ));
                continue;
            }
            refusals.push(refuse(
                n,
                entry,
                format!(
                    "{key}: {new} looks like {padded} with its leading zeros lost by a spreadsheet; \
                     format the cell as text and type {padded}"
                ),
            ));
            continue;
        }
        // A row past the group's last: added (once) before its first value.
        let mut target = key.clone();
        let past = key
            .row
            .as_ref()
            .zip(grows.get(&(key.form.clone(), key.field.clone())))
            .filter(|(row, rows)| row.index > **rows);
        if let Some((row, _)) = past {
            let slot = (key.form.clone(), key.field.clone(), row.index);
            let index = match added.get(&slot) {
                Some(&index) => index,
                None => match edit::add_row(forms, &mut work, &key.form, &key.field, today, now) {
                    Ok(index) => {
                        added.insert(slot, index);
                        out.changes.push(Change::RowAdded {
                            group: key.top().to_string(),
                            row: index,
                        });
                        index
                    }
                    Err(e) => {
                        refusals.push(refuse(n, entry, e.to_string()));
                        continue;
                    }
                },
            };
            target = key.with_row_index(index);
        }
        let edit = as_edit(&new);
        let cleared = edit == Edit::Clear;
        match edit::apply(forms, &mut work, &target.to_string(), edit, today, now) {
            Ok(applied) => {
                let path = target.to_string();
                let first = old.first().cloned().unwrap_or_default();
                out.changes.push(match &applied.answer {
                    Some(answer) if !cleared => Change::Set {
                        path: path.clone(),
                        old: first,
                        new: labelled(answer, &kind),
                    },
                    _ => Change::Cleared {
                        path: path.clone(),
                        old: first,
                    },
                });
                if let Some(w) = applied.warning {
                    out.notes
                        .push(format!("{}: {path}: warning: {w}", entry.at));
                }
                if applied.hidden {
                    out.notes.push(format!(
                        "{}: {path}: hidden by its conditions; the answer is kept but not used",
                        entry.at
                    ));
                }
                if !out.forms.contains(&target.form) {
                    out.forms.push(target.form.clone());
                }
            }
            Err(e) => refusals.push(refuse(n, entry, refused(&e, &new))),
        }
    }
    if !refusals.is_empty() {
        refusals.sort_by_key(|(n, _)| *n);
        return Err(refusals.into_iter().map(|(_, r)| r).collect());
    }
    out.draft = work;
    Ok(out)
}

/// Whether a file's entries hold any answer of `form` (a file of another form imported
/// into this one would change nothing, and says so).
pub(crate) fn names_form(entries: &[Entry], form: &str) -> bool {
    let prefix = format!("{form}.");
    entries.iter().any(|e| e.path.trim().starts_with(&prefix))
}

/// A refusal of the `n`th entry (refusals are listed in file order).
fn refuse(n: usize, entry: &Entry, message: String) -> (usize, Refusal) {
    (
        n,
        Refusal {
            at: entry.at.clone(),
            message,
        },
    )
}

/// An edit's refusal with the value refused: `Point code (network.pois[1].point_code) 999: …`.
fn refused(e: &EditError, value: &str) -> String {
    match e {
        EditError::Invalid {
            label,
            path,
            message,
        } => format!("{label} ({path}) {value:?}: {message}"),
        EditError::Finalized(form) => {
            format!(
                "form {form:?} is finalized; reopen it first (clec-wizard reopen) to change its answers"
            )
        }
        other => other.to_string(),
    }
}

/// The groups the entries name that can grow, with their rows now (a fixed group is never
/// grown: the edit refuses a row past its last).
fn growing(
    forms: &FormSet,
    draft: &Draft,
    keyed: &[(usize, &Entry, Key)],
) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for (_, _, key) in keyed {
        let fixed = forms
            .form(&key.form)
            .and_then(|f| f.field(&key.field))
            .is_none_or(|g| g.field.kind.fixed_rows().is_some());
        if key.row.is_some() && !fixed {
            out.entry((key.form.clone(), key.field.clone()))
                .or_insert_with(|| draft.rows(&key.form, &key.field));
        }
    }
    out
}

/// The kind of the field at `key`, if the form has it.
fn kind_of(forms: &FormSet, key: &Key) -> Option<FieldKind> {
    forms
        .form(&key.form)
        .and_then(|f| place_of(f, key))
        .map(|p| p.field.kind.clone())
}

/// Why a path names no field.
fn unknown(forms: &FormSet, key: &Key) -> String {
    match forms.form(&key.form) {
        None => {
            let known: Vec<&str> = forms.forms().iter().map(|f| f.id.as_str()).collect();
            format!(
                "{key}: unknown form {:?}; the forms are: {}",
                key.form,
                known.join(", ")
            )
        }
        Some(form) => format!("{key}: form {:?} has no such field", form.id),
    }
}

/// The text a value is typed as for a field of `kind`: numbers as their shortest
/// decimal form (whole numbers without a point), dates as YYYY-MM-DD.
fn typed(value: &Incoming) -> Result<String, String> {
    Ok(match value {
        Incoming::Text(t) => t.clone(),
        Incoming::Empty => String::new(),
        Incoming::Number(n) if !n.is_finite() => return Err(format!("{n} is not a number")),
        Incoming::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Incoming::Number(n) => format!("{n}"),
        Incoming::Date(d) => d.format("%Y-%m-%d").to_string(),
        Incoming::Unreadable(why) => return Err(why.clone()),
    })
}

/// The edit a value's text stands for: empty clears, `not applicable: REASON` and
/// `ask later: NOTE` (as exports write them) mark the field, anything else is typed.
fn as_edit(text: &str) -> Edit {
    let text = text.trim_end();
    if text.trim().is_empty() {
        return Edit::Clear;
    }
    let after = |prefix: &str| {
        text.get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .map(|_| text[prefix.len()..].trim().to_string())
    };
    if let Some(reason) = after("not applicable:") {
        return Edit::NotApplicable(reason);
    }
    if let Some(note) = after("ask later:") {
        return Edit::AskLater(note);
    }
    Edit::Value(text.to_string())
}

/// For digits a field refuses but takes with zeros in front (an FRN of nine digits, a ZIP
/// code of four): the value with its zeros, the fewest that make it valid.
fn lost_zeros(value: &Incoming, text: &str, kind: &FieldKind, today: NaiveDate) -> Option<String> {
    let digits = text.trim();
    let numeric = matches!(value, Incoming::Number(_))
        || (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()));
    if !numeric || !digits.chars().all(|c| c.is_ascii_digit()) || digits.is_empty() {
        return None;
    }
    if kind.parse_input(digits, today).is_ok() {
        return None;
    }
    (1..=MAX_LOST_ZEROS)
        .map(|n| format!("{}{digits}", "0".repeat(n)))
        .find(|padded| kind.parse_input(padded, today).is_ok())
}

/// Whether a file's value says the same as a shown one (line breaks and trailing blanks
/// aside).
fn same(shown: &str, value: &str) -> bool {
    let norm = |s: &str| -> String {
        s.replace("\r\n", "\n")
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !crate::text::is_hidden_control(c))
            .collect::<String>()
            .trim()
            .to_string()
    };
    norm(shown) == norm(value)
}

/// What each form shows now, per path: the texts an export may have written for it (the
/// answer with choices by their labels, as CSV and xlsx write it, and by their values, as
/// JSON does; a document by its file's name). A finalized form as it was finalized.
struct Shown {
    texts: HashMap<String, Vec<String>>,
}

impl Shown {
    fn of<'f>(forms: &FormSet, draft: &Draft, ids: impl Iterator<Item = &'f str>) -> Self {
        let mut texts = HashMap::new();
        let mut done: Vec<&str> = Vec::new();
        for id in ids {
            if done.contains(&id) {
                continue;
            }
            done.push(id);
            let Some(form) = forms.form(id) else { continue };
            let frozen = finalized::frozen(forms, draft, id);
            let draft = frozen.as_ref().unwrap_or(draft);
            for section in form_view(forms, draft, form) {
                for item in section.items {
                    let kind = &item.place.field.kind;
                    let mut all = vec![item.shown.text(kind)];
                    if let Some(answer) = item.shown.answer() {
                        all.push(answer.display());
                        if let (FieldKind::Document, Answer::Text(path)) = (kind, answer) {
                            all.push(file_name(path));
                        }
                    }
                    texts.insert(item.place.key().to_string(), all);
                }
            }
        }
        Self { texts }
    }

    /// What `key` shows (the first text is how it reads); a field the form does not show
    /// now (hidden) by its stored answer.
    fn text(&self, forms: &FormSet, draft: &Draft, key: &Key) -> Vec<String> {
        if let Some(texts) = self.texts.get(&key.to_string()) {
            return texts.clone();
        }
        let kind = forms
            .form(&key.form)
            .and_then(|f| place_of(f, key))
            .map(|p| p.field.kind.clone());
        match (draft.answers.get(&key.to_string()), kind) {
            (Some(answer), Some(kind)) => vec![labelled(answer, &kind), answer.display()],
            _ => vec![String::new()],
        }
    }
}

/// The last part of a path, `/` or `\` separated (a document is exported by its name).
fn file_name(path: &str) -> String {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (FormSet, Draft) {
        let forms = crate::storage::forms::load(None).unwrap();
        let text = include_str!("../../../saves/example.ron");
        let path = std::path::Path::new("example.ron");
        (forms, crate::storage::drafts::parse(text, path).unwrap())
    }

    fn at(n: usize, path: &str, value: Incoming) -> Entry {
        Entry {
            at: format!("t:{n}"),
            path: path.into(),
            value,
        }
    }

    fn when() -> (NaiveDate, DateTime<Utc>) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        (today, today.and_hms_opt(9, 0, 0).unwrap().and_utc())
    }

    #[test]
    fn markers_as_exports_write_them() {
        assert_eq!(
            as_edit("Not applicable: no POI"),
            Edit::NotApplicable("no POI".into())
        );
        assert_eq!(as_edit("ask later: Dana"), Edit::AskLater("Dana".into()));
        assert_eq!(as_edit("  "), Edit::Clear);
        assert_eq!(as_edit("60"), Edit::Value("60".into()));
    }

    #[test]
    fn rows_past_the_last_are_added_in_file_order_and_empty_ones_are_not() {
        let (forms, draft) = example();
        let rows = draft.rows("network", "pois");
        let far = rows + 5;
        let entries = [
            at(
                1,
                &format!("network.pois[{far}].lata"),
                Incoming::Number(656.0),
            ),
            at(
                2,
                &format!("network.pois[{far}].state"),
                Incoming::Text("CO".into()),
            ),
            at(
                3,
                &format!("network.pois[{}].lata", far + 1),
                Incoming::Empty,
            ),
        ];
        let plan = plan(&forms, &draft, &entries, None, when()).unwrap();
        assert_eq!(plan.draft.rows("network", "pois"), rows + 1);
        assert_eq!(
            plan.changes[0],
            Change::RowAdded {
                group: "network.pois".into(),
                row: rows + 1
            }
        );
        let lata = format!("network.pois[{}].lata", rows + 1);
        assert_eq!(
            plan.draft.answers.get(&lata),
            Some(&Answer::Text("656".into()))
        );
    }

    #[test]
    fn one_refusal_refuses_all_and_each_is_located() {
        let (forms, draft) = example();
        let entries = [
            at(1, "network.trunk_groups[1].y1_q1", Incoming::Number(60.0)),
            at(2, "network.pois[1].poi_clli", Incoming::Text("??".into())),
            at(3, "network.nonesuch", Incoming::Text("x".into())),
            at(4, "network.trunk_groups[1].y1_q1", Incoming::Number(61.0)),
            at(
                5,
                "profile.frn",
                Incoming::Unreadable("the cell holds an error (#N/A)".into()),
            ),
        ];
        let refusals = plan(&forms, &draft, &entries, None, when()).unwrap_err();
        let places: Vec<&str> = refusals.iter().map(|r| r.at.as_str()).collect();
        assert_eq!(places, ["t:2", "t:3", "t:4", "t:5"], "{refusals:?}");
        assert!(refusals[2].message.contains("also at t:1"));
        // Only the form asked for: the other form's refusal is not looked at.
        let only = plan(&forms, &draft, &entries[4..], Some("network"), when()).unwrap();
        assert!(only.changes.is_empty());
    }
}
