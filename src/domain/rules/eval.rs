//! Reading a draft through its forms: which fields are visible, what conditions see,
//! computed dates and reused answers.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate};

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::{Condition, Value};
use crate::domain::form::resolve::{Lookup, Scope, Target, lookup};
use crate::domain::form::schema::{Field, FieldKind, FormDef, Offset, Section};
use crate::domain::values::answer::{Answer, Key};
use crate::domain::values::states;
use crate::domain::values::status::FormStatus;

/// Conditions that refer to each other deeper than this read as empty. The lint forbids
/// cycles and chains longer than `cycles::MAX_CHAIN` fields (each link takes at most four
/// levels here), so this never cuts a form the lint accepts; it only bounds the stack.
const MAX_DEPTH: usize = 4 * crate::domain::values::limits::MAX_CHAIN + 16;

/// At most this many values of one placeholder are named in a message (a hand-made
/// draft can hold thousands of rows).
const MESSAGE_ITEMS: usize = 12;

/// A field in context: its form, section and, for a row field, the group and row number.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub form: &'a FormDef,
    pub section: &'a Section,
    pub field: &'a Field,
    pub row: Option<(&'a Field, usize)>,
}

impl<'a> Place<'a> {
    /// The answer path of this field.
    pub fn key(&self) -> Key {
        match self.row {
            None => Key::new(&self.form.id, &self.field.id),
            Some((group, index)) => Key::in_row(&self.form.id, &group.id, index, &self.field.id),
        }
    }

    /// The answer path as text, as `key().to_string()` gives it, built in one allocation.
    pub fn path(&self) -> String {
        let mut out = String::with_capacity(self.form.id.len() + self.field.id.len() + 32);
        self.write_path(&mut out);
        out
    }

    /// Appends the answer path to `out`.
    fn write_path(&self, out: &mut String) {
        out.push_str(&self.form.id);
        out.push('.');
        if let Some((group, index)) = self.row {
            out.push_str(&group.id);
            out.push('[');
            out.push_str(itoa::Buffer::new().format(index));
            out.push_str("].");
        }
        out.push_str(&self.field.id);
    }

    fn scope(&self) -> Scope<'a> {
        Scope {
            form: self.form,
            group: self.row.map(|(g, _)| g),
        }
    }
}

/// Reads answers of one draft with the rules of its forms.
///
/// Each field's visibility and value (per row) is worked out once per evaluator and
/// remembered, so evaluation is linear in the size of the form and its answers however
/// often conditions name the same fields (`Any`/`All` branches included); the lint
/// refuses cycles, and [`MAX_DEPTH`] still bounds a chain a hand-made form could build.
pub struct Evaluator<'a> {
    pub forms: &'a FormSet,
    pub draft: &'a Draft,
    memo: RefCell<Memo>,
}

/// A field's place as a memo key: the field definition (by address: every field of a form
/// set is its own value) and the row (from 1; 0 outside a group).
type PlaceId = (usize, usize);

/// The "row" of a whole column in a [`PlaceId`].
const COLUMN: usize = usize::MAX;

/// Memo keys are addresses and row numbers, not text a file chooses: the fast hash of
/// rustc (already in the tree) cannot be steered into collisions by a hostile draft, and
/// SipHash was a tenth of opening a large draft.
type PlaceMap<V> = HashMap<PlaceId, V, rustc_hash::FxBuildHasher>;

#[derive(Default)]
struct Memo {
    visible: PlaceMap<bool>,
    values: PlaceMap<Value>,
    /// Per group and key column (by address), the rows of each key value: a lookup reads
    /// the matching rows at once instead of scanning the group from every row.
    keyed_rows: HashMap<(usize, usize), HashMap<Vec<String>, Vec<usize>>>,
    /// Each lookup's result per value looked for (field, key column, row numbers, value).
    lookups: HashMap<(usize, usize, bool, Vec<String>), Value>,
}

fn place_id(place: &Place<'_>) -> PlaceId {
    (
        std::ptr::from_ref(place.field) as usize,
        place.row.map_or(0, |(_, i)| i),
    )
}

impl<'a> Evaluator<'a> {
    pub fn new(forms: &'a FormSet, draft: &'a Draft) -> Self {
        Self {
            forms,
            draft,
            memo: RefCell::default(),
        }
    }

    /// The draft's own answer to the field at this place (as `draft.answer(&place.key())`).
    /// The field a `Reuse` path names (a top-level field of some form, a whole group),
    /// or for a lookup (`questionnaire.state_rows[state].state_ocn`) the cell of the first
    /// row it keeps.
    pub(crate) fn reused_source(&self, place: &Place<'a>, from: &str) -> Option<Place<'a>> {
        let scope = Scope {
            form: place.form,
            group: place.row.map(|(g, _)| g).filter(|_| lookup(from).is_some()),
        };
        match self.forms.resolve(scope, from)? {
            Target::Field {
                form,
                section,
                field,
            } => Some(Place {
                form,
                section,
                field,
                row: None,
            }),
            Target::Column {
                form,
                section,
                group,
                field,
            } => {
                let mut rows = lookup(from)?;
                rows.row_numbers = true;
                let first = self.lookup_at(place, &rows, 0);
                let index = first.items().first()?.parse().ok()?;
                Some(Place {
                    form,
                    section,
                    field,
                    row: Some((group, index)),
                })
            }
            Target::SameRow { .. } => None,
        }
    }

    pub fn answer(&self, place: &Place<'a>) -> Option<&'a Answer> {
        thread_local! {
            /// The path being looked up: one buffer, not an allocation per answer.
            static PATH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        PATH.with_borrow_mut(|path| {
            path.clear();
            place.write_path(path);
            self.draft.answers.get(path.as_str())
        })
    }

    /// Whether a field is shown: its section's, group's and own conditions hold.
    pub fn is_visible(&self, place: &Place<'a>) -> bool {
        self.visible_at(place, 0)
    }

    /// Whether a condition holds for a field.
    pub fn holds(&self, place: &Place<'a>, condition: &Condition) -> bool {
        self.holds_at(place, condition, 0)
    }

    /// Whether the field must be answered (visible and required or required_if).
    pub(crate) fn is_required(&self, place: &Place<'a>) -> bool {
        place.field.required
            || place
                .field
                .required_if
                .as_ref()
                .is_some_and(|c| self.holds(place, c))
    }

    /// The value a path shows from a field's place (empty when hidden or unanswered).
    pub fn value(&self, place: &Place<'a>, path: &str) -> Value {
        self.value_at(place, path, 0)
    }

    /// The value of a field itself (reused and computed values included).
    pub(crate) fn own_value(&self, place: &Place<'a>) -> Value {
        self.field_value(place, 0)
    }

    /// A rule's message with each `{path}` replaced by the answer it names, as users read
    /// it (choices by label), and `{a - b}` by the values of `a` that `b` lacks, so that a
    /// message can name the records it compares: "LATA 656 has no POI".
    pub(crate) fn fill_message(&self, place: &Place<'a>, template: &str) -> String {
        self.fill_message_with(place, template, &[])
    }

    /// As [`Self::fill_message`], with `given` placeholders (name, text) that name no
    /// field: what a rule found besides the answers (`{period}`, `{then}`...).
    pub(crate) fn fill_message_with(
        &self,
        place: &Place<'a>,
        template: &str,
        given: &[(&str, &str)],
    ) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            out.push_str(&rest[..open]);
            let inner = &rest[open + 1..close];
            match given.iter().find(|(name, _)| *name == inner.trim()) {
                Some((_, text)) => out.push_str(text),
                None => out.push_str(&self.placeholder(place, inner)),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn placeholder(&self, place: &Place<'a>, inner: &str) -> String {
        let (path, minus) = match inner.split_once(" - ") {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (inner.trim(), None),
        };
        let value = self.value(place, path);
        let other = minus.map(|b| self.value(place, b));
        let lacking: Option<std::collections::HashSet<&String>> =
            other.as_ref().map(|o| o.items().iter().collect());
        let mut shown = value
            .items()
            .iter()
            .filter(|x| lacking.as_ref().is_none_or(|l| !l.contains(x)));
        let first: Vec<String> = shown
            .by_ref()
            .take(MESSAGE_ITEMS)
            .map(|v| self.label(place, path, v))
            .collect();
        let more = shown.count();
        match (first.is_empty(), more) {
            (true, _) => "(none)".into(),
            (false, 0) => first.join(", "),
            (false, n) => format!("{} and {n} more", first.join(", ")),
        }
    }

    /// A value of the field a path names as users read it: choices by label, a form's
    /// status by its name.
    fn label(&self, place: &Place<'a>, path: &str, value: &str) -> String {
        let found = lookup(path);
        if found.as_ref().is_some_and(|l| l.row_numbers) {
            return value.to_string();
        }
        let kind_path = found.as_ref().map_or(path, |l| l.column.as_str());
        match self
            .forms
            .resolve(place.scope(), kind_path)
            .map(|t| &t.field().kind)
        {
            Some(FieldKind::Progress { .. }) => FormStatus::from_id(value)
                .map_or_else(|| value.to_string(), |s| s.label().to_string()),
            Some(kind) => kind
                .options()
                .and_then(|o| o.iter().find(|o| o.value() == value))
                .map_or_else(|| value.to_string(), |o| o.label().to_string()),
            None => value.to_string(),
        }
    }

    /// Number of rows of a group: the rows its form defines, or the draft's.
    pub fn rows(&self, form: &FormDef, group: &Field) -> usize {
        match group.kind.fixed_rows() {
            Some(fixed) => fixed.len(),
            None => self.draft.rows(&form.id, &group.id),
        }
    }

    fn visible_at(&self, place: &Place<'a>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let id = place_id(place);
        if let Some(known) = self.memo.borrow().visible.get(&id) {
            return *known;
        }
        let visible = self.visible_now(place, depth);
        self.memo.borrow_mut().visible.insert(id, visible);
        visible
    }

    fn visible_now(&self, place: &Place<'a>, depth: usize) -> bool {
        let section_place = Place {
            row: None,
            ..*place
        };
        if let Some(c) = &place.section.visible_if
            && !self.holds_at(&section_place, c, depth + 1)
        {
            return false;
        }
        if let Some((group, _)) = place.row {
            let group_place = Place {
                field: group,
                row: None,
                ..*place
            };
            if !self.visible_at(&group_place, depth + 1) {
                return false;
            }
        }
        place
            .field
            .visible_if
            .as_ref()
            .is_none_or(|c| self.holds_at(place, c, depth + 1))
    }

    fn holds_at(&self, place: &Place<'a>, condition: &Condition, depth: usize) -> bool {
        condition.eval(&mut |path| self.value_at(place, path, depth + 1))
    }

    fn value_at(&self, place: &Place<'a>, path: &str, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Empty;
        }
        if let Some(lookup) = lookup(path) {
            return self.lookup_at(place, &lookup, depth);
        }
        let Some(target) = self.forms.resolve(place.scope(), path) else {
            return Value::Empty;
        };
        match target {
            Target::Field {
                form,
                section,
                field,
            } => self.field_value(
                &Place {
                    form,
                    section,
                    field,
                    row: None,
                },
                depth + 1,
            ),
            Target::SameRow {
                form,
                section,
                field,
                group,
            } => {
                let row = place.row.map(|(_, i)| (group, i));
                self.field_value(
                    &Place {
                        form,
                        section,
                        field,
                        row,
                    },
                    depth + 1,
                )
            }
            Target::Column {
                form,
                section,
                group,
                field,
            } => {
                let column = Place {
                    form,
                    section,
                    field,
                    row: Some((group, 0)),
                };
                self.column(&column, depth)
            }
        }
    }

    /// The values (or row numbers) of the rows a lookup keeps, read from `place`.
    fn lookup_at(&self, place: &Place<'a>, lookup: &Lookup<'_>, depth: usize) -> Value {
        let Some(Target::Column {
            form,
            section,
            group,
            field,
        }) = self.forms.resolve(place.scope(), &lookup.column)
        else {
            return Value::Empty;
        };
        let Some(key) = group.sub_field(lookup.key) else {
            return Value::Empty;
        };
        let wanted = match lookup.value {
            "" => Value::Empty,
            path => self.value_at(place, path, depth + 1),
        };
        let wanted = items_of(&wanted);
        let id = (
            std::ptr::from_ref(field) as usize,
            std::ptr::from_ref(key) as usize,
            lookup.row_numbers,
            wanted,
        );
        if let Some(known) = self.memo.borrow().lookups.get(&id) {
            return known.clone();
        }
        let rows = self.rows_with(form, section, (group, key), &id.3, depth);
        let mut items = Vec::new();
        for index in rows {
            if lookup.row_numbers {
                items.push(index.to_string());
                continue;
            }
            let cell = Place {
                form,
                section,
                field,
                row: Some((group, index)),
            };
            self.push_value(&mut items, &cell, depth);
        }
        let value = Value::Many(items.into());
        self.memo.borrow_mut().lookups.insert(id, value.clone());
        value
    }

    /// The rows of a group whose `key` column holds `wanted`; the group is indexed by its
    /// key column once per evaluator.
    fn rows_with(
        &self,
        form: &'a FormDef,
        section: &'a Section,
        (group, key): (&'a Field, &'a Field),
        wanted: &[String],
        depth: usize,
    ) -> Vec<usize> {
        let id = (
            std::ptr::from_ref(group) as usize,
            std::ptr::from_ref(key) as usize,
        );
        if !self.memo.borrow().keyed_rows.contains_key(&id) {
            let rows = self.index_rows(form, section, group, key, depth);
            self.memo.borrow_mut().keyed_rows.insert(id, rows);
        }
        let memo = self.memo.borrow();
        memo.keyed_rows[&id]
            .get(wanted)
            .cloned()
            .unwrap_or_default()
    }

    fn index_rows(
        &self,
        form: &'a FormDef,
        section: &'a Section,
        group: &'a Field,
        key: &'a Field,
        depth: usize,
    ) -> HashMap<Vec<String>, Vec<usize>> {
        let mut rows: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
        for index in 1..=self.rows(form, group) {
            let cell = Place {
                form,
                section,
                field: key,
                row: Some((group, index)),
            };
            let value = self.field_value(&cell, depth + 1);
            rows.entry(items_of(&value)).or_default().push(index);
        }
        rows
    }

    /// Every row's value of a group's column (`column.row` is the group, row 0), once.
    fn column(&self, column: &Place<'a>, depth: usize) -> Value {
        let id = (place_id(column).0, COLUMN);
        if let Some(known) = self.memo.borrow().values.get(&id) {
            return known.clone();
        }
        let Some((group, _)) = column.row else {
            return Value::Empty;
        };
        let mut items = Vec::new();
        for index in 1..=self.rows(column.form, group) {
            let cell = Place {
                row: Some((group, index)),
                ..*column
            };
            self.push_value(&mut items, &cell, depth);
        }
        let value = Value::Many(items.into());
        self.memo.borrow_mut().values.insert(id, value.clone());
        value
    }

    /// Adds the value of the field at `cell` (one item, several, or none) to `items`.
    fn push_value(&self, items: &mut Vec<String>, cell: &Place<'a>, depth: usize) {
        match self.field_value(cell, depth + 1) {
            Value::Empty => {}
            Value::One(s) => items.push(s),
            Value::Many(v) => items.extend(v.iter().cloned()),
        }
    }

    fn field_value(&self, place: &Place<'a>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Empty;
        }
        let id = place_id(place);
        if let Some(known) = self.memo.borrow().values.get(&id) {
            return known.clone();
        }
        let value = if self.visible_at(place, depth + 1) {
            self.value_now(place, depth)
        } else {
            Value::Empty
        };
        self.memo.borrow_mut().values.insert(id, value.clone());
        value
    }

    fn value_now(&self, place: &Place<'a>, depth: usize) -> Value {
        match &place.field.kind {
            FieldKind::Reuse { from } => self.value_at(place, from, depth + 1),
            FieldKind::Computed { from, add } => match self.value_at(place, from, depth + 1) {
                Value::One(date) => compute_date(&date, *add).map_or(Value::Empty, |d| {
                    Value::One(d.format("%Y-%m-%d").to_string())
                }),
                _ => Value::Empty,
            },
            FieldKind::Commission { from } => match self.value_at(place, from, depth + 1) {
                Value::One(code) => {
                    states::find(&code).map_or(Value::Empty, |s| Value::One(s.commission.into()))
                }
                _ => Value::Empty,
            },
            FieldKind::Progress { form } => Value::One(self.draft.status(form).id().into()),
            FieldKind::Linked => {
                let shows = place.row.and_then(|(group, index)| {
                    group.kind.fixed_rows()?.get(index - 1)?.shows.as_deref()
                });
                match shows {
                    Some(path) => self.value_at(
                        &Place {
                            row: None,
                            ..*place
                        },
                        path,
                        depth + 1,
                    ),
                    None => Value::Empty,
                }
            }
            FieldKind::Group { .. } => match self.rows(place.form, place.field) {
                0 => Value::Empty,
                n => Value::One(n.to_string()),
            },
            _ => match self.answer(place) {
                Some(answer) => answer_value(answer),
                None => Value::Empty,
            },
        }
    }
}

/// A value's items (empty and an empty text alike), as lookups compare them.
fn items_of(value: &Value) -> Vec<String> {
    match value {
        Value::Empty => Vec::new(),
        Value::One(s) if s.is_empty() => Vec::new(),
        Value::One(s) => vec![s.clone()],
        Value::Many(v) => v.to_vec(),
    }
}

/// An answer as conditions see it.
pub(crate) fn answer_value(answer: &Answer) -> Value {
    match answer {
        Answer::Text(s) => Value::One(s.clone()),
        Answer::YesNo(b) => Value::One(if *b { "yes" } else { "no" }.into()),
        Answer::Many(v) => Value::Many(v.as_slice().into()),
        Answer::Rows(n) => Value::One(n.to_string()),
        Answer::NotApplicable(_) | Answer::AskLater(_) => Value::Empty,
    }
}

/// A date plus an offset; months keep the day or fall back to the month's last day.
pub(crate) fn compute_date(date: &str, add: Offset) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    match add {
        Offset::Days(n) if n >= 0 => date.checked_add_days(Days::new(n as u64)),
        Offset::Days(n) => date.checked_sub_days(Days::new(n.unsigned_abs())),
        Offset::Months(n) => date.checked_add_months(Months::new(n)),
    }
}

/// Section of a top-level field, for callers that hold only a key.
pub fn place_of<'a>(form: &'a FormDef, key: &Key) -> Option<Place<'a>> {
    let found = form.field(&key.field)?;
    let section: &'a Section = found.section;
    match &key.row {
        None => Some(Place {
            form,
            section,
            field: found.field,
            row: None,
        }),
        Some(row) => {
            let field = found.field.sub_field(&row.field)?;
            Some(Place {
                form,
                section,
                field,
                row: Some((found.field, row.index)),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn paths_are_the_keys_as_text() {
        let form: FormDef = ron::from_str(
            r#"(id: "f", title: "F", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
                (id: "a", label: "A", kind: Text()),
                (id: "g", label: "G", kind: Group(fields: [(id: "x", label: "X", kind: Text())])),
            ])])"#,
        )
        .unwrap();
        let section = &form.sections[0];
        let (a, g) = (&section.fields[0], &section.fields[1]);
        let x = &g.kind.group_fields().unwrap()[0];
        for (field, row) in [(a, None), (x, Some((g, 12)))] {
            let place = Place {
                form: &form,
                section,
                field,
                row,
            };
            assert_eq!(place.path(), place.key().to_string());
        }
        assert_eq!(
            Place {
                form: &form,
                section,
                field: x,
                row: Some((g, 3))
            }
            .path(),
            "f.g[3].x"
        );
    }

    #[test]
    fn computed_dates() {
        let d = |s: &str, o| compute_date(&day(s), o).unwrap().to_string();
        assert_eq!(d("2026-01-31", Offset::Days(135)), "2026-06-15");
        assert_eq!(d("2026-01-31", Offset::Months(9)), "2026-10-31");
        assert_eq!(
            d("2027-05-31", Offset::Months(9)),
            "2028-02-29",
            "leap year end of month"
        );
        assert_eq!(d("2026-05-31", Offset::Months(9)), "2027-02-28");
        assert_eq!(d("2026-03-01", Offset::Days(-1)), "2026-02-28");
        assert!(compute_date("not a date", Offset::Days(1)).is_none());
    }

    /// A form set of two small forms: `a` with rows of states and a list, `b` reading it.
    fn lookup_forms() -> FormSet {
        use crate::domain::form::catalog::SourceFile;
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let steps: Vec<String> = (1..=7)
            .map(|n| {
                let forms = if n == 1 { r#"["a", "b"]"# } else { "[]" };
                format!(r#"(number: {n}, title: "S", what_to_do: "D", forms: {forms})"#)
            })
            .collect();
        let journey = format!("(steps: [{}])", steps.join(","));
        FormSet::load(&[
            file("journey.ron", &journey),
            file(
                "a.ron",
                r#"(id: "a", title: "A", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
                    (id: "wanted", label: "Wanted", kind: States()),
                    (id: "rows", label: "Rows", kind: Group(fields: [
                        (id: "state", label: "State", kind: State()),
                        (id: "path", label: "Path", kind: Choice(options: [("nta", "NTA as is"), ("tariff", "Tariff")])),
                    ])),
                ])])"#,
            ),
            file(
                "b.ron",
                r#"(id: "b", title: "B", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
                    (id: "state", label: "State", kind: State()),
                ])])"#,
            ),
        ])
        .unwrap()
    }

    #[test]
    fn lookups_keep_the_matching_rows_and_messages_name_them() {
        let forms = lookup_forms();
        let mut draft = Draft::new(chrono::Utc::now());
        let mut put = |k: &str, a: Answer| draft.answers.insert(k.into(), a);
        put("a.rows", Answer::Rows(3));
        for (i, (state, path)) in [("CO", "nta"), ("UT", "tariff"), ("CO", "tariff")]
            .iter()
            .enumerate()
        {
            put(
                &format!("a.rows[{}].state", i + 1),
                Answer::Text((*state).into()),
            );
            put(
                &format!("a.rows[{}].path", i + 1),
                Answer::Text((*path).into()),
            );
        }
        put(
            "a.wanted",
            Answer::Many(vec!["CO".into(), "UT".into(), "NM".into()]),
        );
        put("b.state", Answer::Text("CO".into()));
        let eval = Evaluator::new(&forms, &draft);
        let b = forms.form("b").unwrap();
        let place = Place {
            form: b,
            section: &b.sections[0],
            field: &b.sections[0].fields[0],
            row: None,
        };
        let many = |v: &[&str]| Value::Many(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            eval.value(&place, "a.rows[state].path"),
            many(&["nta", "tariff"])
        );
        assert_eq!(eval.value(&place, "a.rows[state].#"), many(&["1", "3"]));
        assert_eq!(eval.value(&place, "a.rows[state=].#"), many(&[]));
        let message = "{state}: rows {a.rows[state].#} take {a.rows[state].path}; \
                       {a.wanted - a.rows.state} has none; {a.rows[state=].#}";
        assert_eq!(
            eval.fill_message(&place, message),
            "CO: rows 1, 3 take NTA as is, Tariff; NM has none; (none)"
        );
    }
}
