//! What one changed answer can reach, so that an edit re-checks what it can change and no
//! more: the form's top-level items (a field, or a group with its rows) that read the
//! changed field, the items that read those, and so on; whether any visibility condition
//! reads one of them (then the visible fields may change); whether another form does.
//!
//! Conservative by construction: an item *reads* a field when the field's id appears as a
//! word anywhere in the item's definition or its section's condition (conditions, rules,
//! reused and computed values, defaults, even labels). A reference has to name what it
//! reads, so nothing is missed; a word that only looks like an id costs a needless
//! re-check, never a wrong answer. A group's columns are named through the group
//! (`rows.state`), so a change inside a row reaches the items that name the group.

use std::collections::{HashMap, HashSet};

use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{Field, FormDef, Section};

/// The words each item of one form is made of, indexed for [`FormReach::of`].
#[derive(Debug, Clone, Default)]
pub struct FormReach {
    /// Per word, the items (in form order) whose definition holds it.
    items_by_word: HashMap<String, Vec<usize>>,
    /// Each item's id: what the items that read it name.
    ids: Vec<String>,
    /// The words of every visibility condition of the form (sections, fields, columns).
    in_visibility: HashSet<String>,
    /// The words of the forms that read this one.
    in_readers: HashSet<String>,
}

/// What a change to one item can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The items to check again, in form order (the changed one included).
    pub items: Vec<usize>,
    /// Whether a visibility condition reads one of them: the visible fields may change.
    pub visibility: bool,
    /// Whether another form names one of them: its status may change.
    pub others: bool,
}

/// Every top-level item of a form in order, with its section: the index [`Reach`] uses.
pub fn items(form: &FormDef) -> impl Iterator<Item = (&Section, &Field)> {
    form.sections
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
}

impl FormReach {
    pub fn new(forms: &FormSet, form: &FormDef) -> Self {
        use std::fmt::Write as _;
        let mut reach = FormReach::default();
        let mut text = String::new();
        for (i, (section, field)) in items(form).enumerate() {
            text.clear();
            let _ = write!(text, "{:?} {field:?}", section.visible_if);
            // Items come in order: a word's list already ending with this item has it.
            for word in words(&text) {
                match reach.items_by_word.get_mut(word) {
                    Some(list) if list.last() == Some(&i) => {}
                    Some(list) => list.push(i),
                    None => {
                        reach.items_by_word.insert(word.to_string(), vec![i]);
                    }
                }
            }
            reach.ids.push(field.id.clone());
            let columns = field.kind.group_fields().into_iter().flatten();
            let conditions = [&section.visible_if, &field.visible_if]
                .into_iter()
                .chain(columns.map(|c| &c.visible_if))
                .flatten();
            for condition in conditions {
                let text = format!("{condition:?}");
                add_words(&mut reach.in_visibility, &text);
            }
        }
        for reader in forms.readers(&form.id) {
            if let Some(other) = forms.form(reader) {
                let text = format!("{other:?}");
                add_words(&mut reach.in_readers, &text);
            }
        }
        reach
    }

    /// What a change to item `changed` (its index in [`items`]) can change; `column` is
    /// the field changed inside one of its rows, which its siblings name by its own id.
    pub fn of(&self, changed: usize, column: Option<&str>) -> Reach {
        let mut found: Vec<usize> = vec![changed];
        let mut reached: HashSet<usize> = HashSet::from([changed]);
        let mut todo: Vec<usize> = vec![changed];
        let mut visibility = column.is_some_and(|c| self.in_visibility.contains(c));
        let mut others = column.is_some_and(|c| self.in_readers.contains(c));
        while let Some(item) = todo.pop() {
            let Some(id) = self.ids.get(item) else {
                continue;
            };
            visibility |= self.in_visibility.contains(id);
            others |= self.in_readers.contains(id);
            for &reader in self.items_by_word.get(id).into_iter().flatten() {
                if reached.insert(reader) {
                    found.push(reader);
                    todo.push(reader);
                }
            }
        }
        found.sort_unstable();
        Reach {
            items: found,
            visibility,
            others,
        }
    }

    /// The index of the top-level item `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }
}

/// Adds the words of `text` to `set`, copying only those it lacks.
fn add_words(set: &mut HashSet<String>, text: &str) {
    for word in words(text) {
        if !set.contains(word) {
            set.insert(word.to_string());
        }
    }
}

/// The identifier-like words of a text (letters, digits and `_`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    // By bytes: a word is ASCII letters, digits and underscores, so every other byte
    // (those of other characters included) ends one, and each word is valid text.
    text.as_bytes()
        .split(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .filter(|w| !w.is_empty())
        .filter_map(|w| std::str::from_utf8(w).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::catalog::SourceFile;

    fn forms() -> FormSet {
        let form = r#"(id: "f", title: "F", version: 1, step: 1, description: "d", sections: [
            (id: "one", title: "One", fields: [
                (id: "a", label: "A", kind: Text()),
                (id: "b", label: "B", kind: Text(), required_if: NotEmpty("a")),
                (id: "c", label: "C", kind: Text(), visible_if: NotEmpty("b")),
                (id: "alone", label: "Alone", kind: Text()),
                (id: "rows", label: "Rows", kind: Group(fields: [(id: "x", label: "X", kind: Text())])),
            ]),
            (id: "two", title: "Two", visible_if: NotEmpty("rows.x"), fields: [
                (id: "d", label: "D", kind: Text()),
            ]),
        ])"#;
        let steps: Vec<String> = (1..=7)
            .map(|n| {
                let forms = if n == 1 { r#"["f"]"# } else { "[]" };
                format!(r#"(number: {n}, title: "S{n}", what_to_do: "W", forms: {forms})"#)
            })
            .collect();
        let journey = format!("(steps: [{}])", steps.join(","));
        FormSet::load(&[
            SourceFile {
                name: "journey.ron".into(),
                text: journey,
            },
            SourceFile {
                name: "f.ron".into(),
                text: form.into(),
            },
        ])
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// Every answerable path the form shows now.
    fn shown_paths(
        forms: &FormSet,
        draft: &crate::domain::draft::Draft,
        form: &FormDef,
    ) -> Vec<String> {
        crate::domain::rules::view::form_view(forms, draft, form)
            .into_iter()
            .flat_map(|s| s.items)
            .map(|item| (item.place.key(), item.place.field.kind.clone()))
            .filter(|(key, kind)| {
                kind.is_input() && (key.row.is_some() || kind.group_fields().is_none())
            })
            .map(|(key, _)| key.to_string())
            .collect()
    }

    /// Values tried, of every kind (an empty one clears).
    const VALUES: [&str; 16] = [
        "",
        "CO",
        "UT",
        "yes",
        "no",
        "2026-01-15",
        "2027-03-01",
        "ops@example.com",
        "303-555-0100",
        "12",
        "0",
        "ABCD",
        "DNVRCO26DS0",
        "x",
        "1234",
        "Alpha",
    ];

    /// One edit applied twice, kept and whole, with the two results compared: reports,
    /// statuses, a fresh validation, and (when the layout is said to be kept) the fields
    /// shown. Whether the layout was kept; `None` when the edit was refused.
    fn both_ways(
        forms: &FormSet,
        draft: &mut crate::domain::draft::Draft,
        form: &FormDef,
        (key, value): (&str, &str),
        kept: &mut Option<crate::domain::rules::validate::ItemReports>,
        (today, now): (chrono::NaiveDate, chrono::DateTime<chrono::Utc>),
    ) -> Option<bool> {
        use crate::domain::change::edit::{Edit, apply, apply_kept};
        let statuses = |d: &crate::domain::draft::Draft| {
            d.forms
                .iter()
                .map(|(k, f)| (k.clone(), f.status))
                .collect::<Vec<_>>()
        };
        let edit = match value {
            "" => Edit::Clear,
            v => Edit::Lenient(v.to_string()),
        };
        let paths = shown_paths(forms, draft, form);
        let mut whole = draft.clone();
        let a = apply(forms, &mut whole, key, edit.clone(), today, now).ok()?;
        let b = apply_kept(forms, draft, key, edit, (today, now), kept).ok()?;
        assert_eq!(a.report, b.report, "{key} = {value:?}");
        assert_eq!(statuses(&whole), statuses(draft), "{key} = {value:?}");
        if let Some(report) = &b.report {
            let fresh = crate::domain::rules::validate::validate_form(forms, draft, form, today);
            assert_eq!(*report, fresh, "{key} = {value:?}");
        }
        if b.same_layout {
            assert_eq!(paths, shown_paths(forms, draft, form), "{key} = {value:?}");
        }
        Some(b.same_layout)
    }

    /// Random edits to every built-in form of the example draft, each applied twice: with
    /// the checks kept item by item and with every form checked whole ([`both_ways`]).
    #[test]
    fn kept_checks_say_what_whole_checks_say() {
        let forms = crate::storage::forms::load(None).unwrap();
        let text = include_str!("../../../saves/example.ron");
        let path = std::path::Path::new("example.ron");
        let mut draft = crate::storage::drafts::parse(text, path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let start = draft.updated;
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        let (mut kept_layouts, mut steps) = (0, 0);
        for form in forms.forms() {
            let mut kept = None;
            for _ in 0..40 {
                steps += 1;
                let now = start + chrono::Duration::seconds(steps);
                if draft.status(&form.id) == crate::domain::values::status::FormStatus::Finalized {
                    crate::domain::change::edit::reopen(&forms, &mut draft, &form.id, today, now);
                }
                let paths = shown_paths(&forms, &draft, form);
                let key = paths[next() % paths.len()].clone();
                let value = VALUES[next() % VALUES.len()];
                let edit = (key.as_str(), value);
                if both_ways(&forms, &mut draft, form, edit, &mut kept, (today, now)) == Some(true)
                {
                    kept_layouts += 1;
                }
            }
        }
        assert!(
            kept_layouts > steps / 4,
            "{kept_layouts} of {steps} edits kept the layout"
        );
    }

    #[test]
    fn a_change_reaches_its_readers_and_theirs() {
        let forms = forms();
        let reach = FormReach::new(&forms, forms.form("f").unwrap());
        let at = |id| reach.index(id).unwrap();
        // a is read by b's requirement, b by c's visibility.
        let a = reach.of(at("a"), None);
        assert_eq!(a.items, vec![at("a"), at("b"), at("c")]);
        assert!(a.visibility, "c's visibility reads b, which reads a");
        assert_eq!(reach.of(at("alone"), None).items, vec![at("alone")]);
        assert!(!reach.of(at("alone"), None).visibility);
        // A column is read through its group: section two's condition names rows.
        let rows = reach.of(at("rows"), Some("x"));
        assert_eq!(rows.items, vec![at("rows"), at("d")]);
        assert!(rows.visibility);
        assert!(!rows.others);
    }
}
