//! What a form shows for a draft: its visible fields with their answers, reused and
//! computed values, section by section. Shared by `show`, exports and the wizard.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::{Condition, Value};
use crate::domain::form::resolve::{Scope, Target};
use crate::domain::form::schema::{ChoiceOption, Field, FieldKind, FormDef, Section};
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::values::answer::{Answer, Key};

/// A visible section and its visible items.
pub struct SectionView<'a> {
    pub section: &'a Section,
    pub items: Vec<Item<'a>>,
}

/// One visible field and what it shows.
pub struct Item<'a> {
    pub place: Place<'a>,
    pub shown: Shown,
}

/// What a field shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// The field's own answer, if given.
    Answer(Option<Answer>),
    /// Another form's answer (a reused fact) and how it reads.
    Reused(Option<Answer>, String),
    /// A value derived from other answers: a computed date, a commission, a linked answer.
    Derived(Option<String>),
    /// A read-only note.
    Note,
    /// A repeatable group with this many rows; its row fields follow as items.
    Group(usize),
}

impl Shown {
    /// The answer shown, for answers and reused facts.
    pub fn answer(&self) -> Option<&Answer> {
        match self {
            Shown::Answer(a) | Shown::Reused(a, _) => a.as_ref(),
            _ => None,
        }
    }

    /// The shown value as text, choices by their labels (empty when nothing is shown).
    /// `kind` is the kind of the field itself.
    pub fn text(&self, kind: &FieldKind) -> String {
        match self {
            Shown::Reused(_, text) => text.clone(),
            Shown::Answer(a) => a.as_ref().map(|a| labelled(a, kind)).unwrap_or_default(),
            Shown::Derived(d) => d.clone().unwrap_or_default(),
            Shown::Note => String::new(),
            Shown::Group(n) => Answer::Rows(*n).display(),
        }
    }
}

/// An answer as users read it, with choice values replaced by their labels.
pub fn labelled(answer: &Answer, kind: &FieldKind) -> String {
    with_options(answer, kind, ChoiceOption::label)
}

/// An answer as a document for the recipient prints it, with choice values replaced by
/// their printed wording ([`ChoiceOption::printed`], else the label): the one place the
/// recipient's documents take an option's wording from, as [`Field::printed`] is for a
/// field's and [`Section::printed`] for a section's.
pub fn printed(answer: &Answer, kind: &FieldKind) -> String {
    with_options(answer, kind, ChoiceOption::printed)
}

fn with_options(answer: &Answer, kind: &FieldKind, word: fn(&ChoiceOption) -> &str) -> String {
    let Some(options) = kind.options() else {
        return answer.display();
    };
    let label = |v: &String| {
        options
            .iter()
            .find(|o| o.value() == v)
            .map_or_else(|| v.clone(), |o| word(o).to_string())
    };
    match answer {
        Answer::Text(v) => label(v),
        Answer::Many(vs) => vs.iter().map(label).collect::<Vec<_>>().join(", "),
        other => other.display(),
    }
}

/// A row's title: the form's label for a fixed row, else the `row_label` field's answer.
pub(crate) fn row_title(draft: &Draft, form: &FormDef, group: &Field, index: usize) -> String {
    if let Some(row) = group.kind.fixed_rows().and_then(|rows| rows.get(index - 1)) {
        return format!("{index}. {}", row.label);
    }
    let label_field = match &group.kind {
        FieldKind::Group {
            row_label: Some(id),
            ..
        } => group.sub_field(id),
        _ => None,
    };
    let value = label_field.and_then(|f| {
        let key = Key::in_row(&form.id, &group.id, index, &f.id);
        draft.answer(&key).map(|a| labelled(a, &f.kind))
    });
    match value {
        Some(v) => format!("{index}. {v}"),
        None => format!("{index}."),
    }
}

/// The visible sections of a form with their visible items, group rows expanded in order.
pub fn form_view<'a>(
    forms: &'a FormSet,
    draft: &'a Draft,
    form: &'a FormDef,
) -> Vec<SectionView<'a>> {
    let eval = Evaluator::new(forms, draft);
    form.sections
        .iter()
        .filter_map(|section| {
            let items: Vec<Item<'a>> = section_items(&eval, form, section).collect();
            (!items.is_empty()).then_some(SectionView { section, items })
        })
        .collect()
}

/// Whether a section shows at all: [`form_view`] keeps it (some field of it is visible).
pub(crate) fn section_visible<'a>(
    eval: &Evaluator<'a>,
    form: &'a FormDef,
    section: &'a Section,
) -> bool {
    // A section's first item is always one of its own fields: rows follow their group.
    section.fields.iter().any(|field| {
        eval.is_visible(&Place {
            form,
            section,
            field,
            row: None,
        })
    })
}

/// Whether anything in a section is answered: one of its visible fields (or a row of
/// its groups) holds an answer, or a fact it reuses is given. A section with nothing
/// answered is not complete, however little it requires: it is still to be looked at.
pub(crate) fn section_started<'a>(
    eval: &Evaluator<'a>,
    form: &'a FormDef,
    section: &'a Section,
) -> bool {
    let answers = &eval.draft.answers;
    section.fields.iter().any(|field| {
        let place = Place {
            form,
            section,
            field,
            row: None,
        };
        if !eval.is_visible(&place) {
            return false;
        }
        match &field.kind {
            FieldKind::Reuse { .. } => !eval.own_value(&place).is_empty(),
            kind if kind.is_input() || kind.group_fields().is_some() => {
                let key = format!("{}.{}", form.id, field.id);
                let rows = format!("{key}[");
                answers.contains_key(&key)
                    || answers
                        .range::<str, _>((
                            std::ops::Bound::Included(rows.as_str()),
                            std::ops::Bound::Unbounded,
                        ))
                        .next()
                        .is_some_and(|(k, _)| k.starts_with(&rows))
            }
            _ => false,
        }
    })
}

/// The visible items of one section, as [`form_view`] lists them, computed only as far as
/// they are read (a screen stops once it is full).
pub(crate) fn section_items<'a, 'e>(
    eval: &'e Evaluator<'a>,
    form: &'a FormDef,
    section: &'a Section,
) -> SectionItems<'a, 'e> {
    SectionItems {
        eval,
        form,
        section,
        fields: section.fields.iter(),
        rows: None,
        places_only: false,
    }
}

/// The places of [`section_items`] without what they show (no answer is read or copied
/// but a group's row count): what the wizard's focus stops need, at a fraction of the cost.
pub(crate) fn section_places<'a, 'e>(
    eval: &'e Evaluator<'a>,
    form: &'a FormDef,
    section: &'a Section,
) -> impl Iterator<Item = Place<'a>> + use<'a, 'e> {
    SectionItems {
        places_only: true,
        ..section_items(eval, form, section)
    }
    .map(|item| item.place)
}

/// The iterator of [`section_items`].
pub(crate) struct SectionItems<'a, 'e> {
    eval: &'e Evaluator<'a>,
    form: &'a FormDef,
    section: &'a Section,
    fields: std::slice::Iter<'a, Field>,
    /// The rows of the group last given, still to expand.
    rows: Option<Rows<'a>>,
    /// Only the places are read ([`section_places`]): `shown` is left as a note but for
    /// groups, whose rows are expanded.
    places_only: bool,
}

struct Rows<'a> {
    group: &'a Field,
    fields: &'a [Field],
    count: usize,
    /// Row (from 1) and field position of the next cell.
    index: usize,
    next: usize,
}

impl<'a> Iterator for SectionItems<'a, '_> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(rows) = &mut self.rows {
            while rows.index <= rows.count {
                let Some(sub) = rows.fields.get(rows.next) else {
                    rows.index += 1;
                    rows.next = 0;
                    continue;
                };
                rows.next += 1;
                let cell = Place {
                    form: self.form,
                    section: self.section,
                    field: sub,
                    row: Some((rows.group, rows.index)),
                };
                if self.eval.is_visible(&cell) {
                    return Some(Item {
                        place: cell,
                        shown: self.shown(&cell),
                    });
                }
            }
            self.rows = None;
        }
        for field in self.fields.by_ref() {
            let place = Place {
                form: self.form,
                section: self.section,
                field,
                row: None,
            };
            if !self.eval.is_visible(&place) {
                continue;
            }
            let shown = self.shown(&place);
            if let Shown::Group(count) = shown {
                self.rows = Some(Rows {
                    group: field,
                    fields: field.kind.group_fields().unwrap_or_default(),
                    count,
                    index: 1,
                    next: 0,
                });
            }
            return Some(Item { place, shown });
        }
        None
    }
}

impl<'a> SectionItems<'a, '_> {
    fn shown(&self, place: &Place<'a>) -> Shown {
        match (&place.field.kind, self.places_only) {
            (FieldKind::Group { .. }, _) | (_, false) => shown_of(self.eval, place),
            (_, true) => Shown::Note,
        }
    }
}

fn shown_of(eval: &Evaluator<'_>, place: &Place<'_>) -> Shown {
    match &place.field.kind {
        FieldKind::Note => Shown::Note,
        FieldKind::Group { .. } => Shown::Group(eval.rows(place.form, place.field)),
        FieldKind::Progress { form } => {
            Shown::Derived(Some(eval.draft.status(form).label().into()))
        }
        FieldKind::Computed { .. } | FieldKind::Commission { .. } => {
            Shown::Derived(match eval.own_value(place) {
                Value::One(d) => Some(d),
                Value::Many(v) if !v.is_empty() => Some(v.join(", ")),
                _ => None,
            })
        }
        FieldKind::Linked => {
            let shows = place.row.and_then(|(group, index)| {
                group.kind.fixed_rows()?.get(index - 1)?.shows.as_deref()
            });
            let by_row = shows.and_then(|path| column_by_row(eval, place, path));
            Shown::Derived(by_row.or_else(|| {
                let kind = shows.and_then(|path| shown_kind(eval, place, path));
                labelled_items(eval.own_value(place), kind)
            }))
        }
        FieldKind::Reuse { from } => reused(eval, place, from),
        _ => Shown::Answer(eval.answer(place).cloned()),
    }
}

/// What a reused field shows: the other form's answer, or for a reused group one line
/// per row ("LATA = 656; POI CLLI = DNVRCOMA").
fn reused(eval: &Evaluator<'_>, place: &Place<'_>, from: &str) -> Shown {
    let Some(source) = eval
        .reused_source(place, from)
        .filter(|source| eval.is_visible(source))
    else {
        // A group column (`negotiation.agreements.executed_on`): every row's answer.
        return match eval.own_value(place) {
            Value::Many(items) if !items.is_empty() => {
                let kind = shown_kind(eval, place, from);
                let text = labelled_items(Value::Many(items.clone()), kind).unwrap_or_default();
                Shown::Reused(Some(Answer::Many(items.to_vec())), text)
            }
            _ => Shown::Reused(None, String::new()),
        };
    };
    if let Some(fields) = source.field.kind.group_fields() {
        let lines = row_lines(eval, &source, fields);
        return match lines.is_empty() {
            true => Shown::Reused(None, String::new()),
            false => Shown::Reused(Some(Answer::Many(lines.clone())), lines.join("\n")),
        };
    }
    match eval.answer(&source) {
        Some(a) => Shown::Reused(Some(a.clone()), labelled(a, &source.field.kind)),
        None => Shown::Reused(None, String::new()),
    }
}

/// The kind of the field `path` names from `place` (a linked row's `shows`, a reused
/// group column), whose options name the values it shows.
fn shown_kind<'a>(eval: &Evaluator<'a>, place: &Place<'a>, path: &str) -> Option<&'a FieldKind> {
    Some(&shown_target(eval, place, path)?.field().kind)
}

/// What `path` names, read from `place`'s form (not from within its row).
fn shown_target<'a>(eval: &Evaluator<'a>, place: &Place<'a>, path: &str) -> Option<Target<'a>> {
    let scope = Scope {
        form: place.form,
        group: None,
    };
    eval.forms.resolve(scope, path)
}

/// A group column another row shows (a checklist item's `certification.states.status`),
/// each answer followed by the row it belongs to, named by its row label: "Granted (CO),
/// Filed (UT)" (no colon, which would read as a label in a "Label: value" line). None
/// when `path` is not such a column, when its rows are named by the column itself
/// (`network.pois.poi_clli`), or when no row answers it.
fn column_by_row<'a>(eval: &Evaluator<'a>, place: &Place<'a>, path: &str) -> Option<String> {
    let Target::Column {
        form,
        section,
        group,
        field,
    } = shown_target(eval, place, path)?
    else {
        return None;
    };
    let FieldKind::Group {
        row_label: Some(label),
        ..
    } = &group.kind
    else {
        return None;
    };
    if *label == field.id {
        return None;
    }
    let label = group.sub_field(label)?;
    let items: Vec<String> = (1..=eval.rows(form, group))
        .filter_map(|index| {
            let at = |field| Place {
                form,
                section,
                field,
                row: Some((group, index)),
            };
            let value = labelled_items(eval.own_value(&at(field)), Some(&field.kind))?;
            let name = labelled_items(eval.own_value(&at(label)), Some(&label.kind));
            Some(match name {
                Some(name) => format!("{value} ({name})"),
                None => value,
            })
        })
        .collect();
    (!items.is_empty()).then(|| items.join(", "))
}

/// A derived value as users read it: each item by its option's label when `kind` has
/// options (`granted` reads "Granted"), joined with commas; None when empty.
fn labelled_items(value: Value, kind: Option<&FieldKind>) -> Option<String> {
    let items: Vec<String> = match value {
        Value::One(d) if !d.is_empty() => vec![d],
        Value::Many(v) if !v.is_empty() => v.to_vec(),
        _ => return None,
    };
    Some(match kind {
        Some(kind) => labelled(&Answer::Many(items), kind),
        None => items.join(", "),
    })
}

/// Each row of a group as one line of its visible answers, `Label = value; ...` (no `: `,
/// which reads as the label of the line), each label in its printed wording.
fn row_lines(eval: &Evaluator<'_>, group: &Place<'_>, fields: &[Field]) -> Vec<String> {
    (1..=eval.rows(group.form, group.field))
        .filter_map(|index| {
            let parts: Vec<String> = fields
                .iter()
                .filter_map(|field| {
                    let cell = Place {
                        field,
                        row: Some((group.field, index)),
                        ..*group
                    };
                    if !eval.is_visible(&cell) {
                        return None;
                    }
                    let text = shown_of(eval, &cell).text(&field.kind);
                    // A fact, read as a statement: the recipient's wording.
                    (!text.is_empty()).then(|| format!("{} = {text}", field.printed()))
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        })
        .collect()
}

/// A repeatable group as its reader reads it: one row per record, one column per field,
/// and, for a forecast, the quantities by calendar quarter. The one table every format
/// (text, Markdown, PDF) draws, for a group of the form and for a group another form
/// shows (the questionnaire's sections J and N).
pub struct Table<'a> {
    pub label: String,
    pub columns: Vec<String>,
    /// The first column names the row (a forecast's trunk group): a table too wide for
    /// its page is split into parts of columns, each starting with it. Without it, rows
    /// are numbered.
    pub keyed: bool,
    /// Turned on its side: each row is one field of the group (its title the field's
    /// printed wording, shown as the first cell) and each column one record, for a group
    /// another form shows with more fields than a page has columns (the questionnaire's
    /// collocation requests in section N).
    pub by_field: bool,
    pub rows: Vec<TableRow<'a>>,
}

/// A group another form shows with more fields than this is printed on its side
/// ([`Table::by_field`]).
const WIDEST: usize = 5;

/// One row of a [`Table`]: its title, and each column's cell, `None` where the field is
/// hidden in that row.
pub struct TableRow<'a> {
    pub title: String,
    pub cells: Vec<Option<Item<'a>>>,
}

/// How a forecast table marks a quarter with no quantity given.
pub(crate) const NOT_GIVEN: &str = "-";

/// The tables of a group item (`place` a group, or a field reusing one): the group's own
/// columns, then, when its rows hold a quarterly forecast (a `FrozenOnceSent(start,
/// quarters)` rule), the forecast: a row per record named by its row label, a column per
/// calendar quarter counted from the start date answered (`Q3 2026`, `Q4 2026`…), then
/// the annual fields that follow the quarters, each the next four quarters (`Year 2029`).
/// None for any other item.
pub(crate) fn group_tables<'a>(eval: &Evaluator<'a>, place: &Place<'a>) -> Option<Vec<Table<'a>>> {
    let group = match &place.field.kind {
        FieldKind::Group { .. } => *place,
        FieldKind::Reuse { from } => eval
            .reused_source(place, from)
            .filter(|source| eval.is_visible(source))?,
        _ => return None,
    };
    let fields = group.field.kind.group_fields()?;
    let (start, quarters) = forecast_of(group.field).unzip();
    let quarters: Vec<&str> = quarters.unwrap_or_default();
    // The annual fields: whole numbers right after the last quarter.
    let last = fields
        .iter()
        .rposition(|f| quarters.contains(&f.id.as_str()));
    let annual: Vec<&Field> = last
        .map(|last| {
            fields[last + 1..]
                .iter()
                .take_while(|f| matches!(f.kind, FieldKind::Integer { .. }))
                .collect()
        })
        .unwrap_or_default();
    let in_forecast =
        |f: &Field| quarters.contains(&f.id.as_str()) || annual.iter().any(|a| a.id == f.id);
    let start_day = start.and_then(|id| {
        let answer = eval.draft.answers.get(&format!("{}.{id}", group.form.id))?;
        chrono::NaiveDate::parse_from_str(answer.display().trim(), "%Y-%m-%d").ok()
    });
    let count = eval.rows(group.form, group.field);
    let cells = |columns: &[&'a Field], index: usize| -> Vec<Option<Item<'a>>> {
        columns
            .iter()
            .map(|field| {
                let cell = Place {
                    field,
                    row: Some((group.field, index)),
                    ..group
                };
                eval.is_visible(&cell).then(|| Item {
                    place: cell,
                    shown: shown_of(eval, &cell),
                })
            })
            .collect()
    };
    let title = |index| row_title(eval.draft, group.form, group.field, index);
    let by_record = |columns: &[&'a Field]| -> Vec<TableRow<'a>> {
        (1..=count)
            .map(|i| TableRow {
                title: title(i),
                cells: cells(columns, i),
            })
            .collect()
    };
    let label = place.field.printed().to_string();
    let own: Vec<&Field> = fields.iter().filter(|f| !in_forecast(f)).collect();
    let key = match &group.field.kind {
        FieldKind::Group {
            row_label: Some(id),
            ..
        } => group.field.sub_field(id),
        _ => None,
    };
    // A group another form shows (the questionnaire's sections J and N copy the network
    // and collocation forms' requests) is that form's table: one too wide for the page is
    // turned on its side. A form's own wide group is listed record by record.
    let shown_from = matches!(place.field.kind, FieldKind::Reuse { .. });
    let mut tables = vec![if shown_from && own.len() > WIDEST && count > 0 {
        // Each field a row (the one naming the records heads the columns instead), each
        // record a column.
        Table {
            label: label.clone(),
            columns: (1..=count).map(title).collect(),
            keyed: true,
            by_field: true,
            rows: own
                .iter()
                .filter(|f| key.is_none_or(|k| k.id != f.id))
                .map(|f| TableRow {
                    title: f.printed().to_string(),
                    cells: (1..=count)
                        .map(|i| cells(std::slice::from_ref(f), i).pop().flatten())
                        .collect(),
                })
                .filter(|row| row.cells.iter().any(Option::is_some))
                .collect(),
        }
    } else {
        Table {
            label: label.clone(),
            columns: own.iter().map(|f| f.printed().to_string()).collect(),
            keyed: false,
            by_field: false,
            rows: by_record(&own),
        }
    }];
    if quarters.is_empty() {
        return Some(tables);
    }
    let mut columns: Vec<&Field> = key.into_iter().collect();
    let mut headers: Vec<String> = columns.iter().map(|f| f.printed().to_string()).collect();
    for (n, id) in quarters.iter().enumerate() {
        let Some(field) = group.field.sub_field(id) else {
            continue;
        };
        let offset = u32::try_from(n).unwrap_or(u32::MAX);
        headers.push(
            start_day
                .and_then(|day| super::frozen::quarter_label(day, offset))
                .unwrap_or_else(|| field.label.clone()),
        );
        columns.push(field);
    }
    let after = u32::try_from(quarters.len()).unwrap_or(u32::MAX);
    for (n, field) in annual.iter().enumerate() {
        let offset = u32::try_from(n).map_or(u32::MAX, |n| after.saturating_add(n * 4));
        headers.push(
            start_day
                .and_then(|day| super::frozen::year_label(day, offset))
                .unwrap_or_else(|| field.label.clone()),
        );
        columns.push(field);
    }
    tables.push(Table {
        label: format!("{label}, by calendar quarter"),
        columns: headers,
        keyed: key.is_some(),
        by_field: false,
        rows: by_record(&columns),
    });
    Some(tables)
}

/// A group's quarterly forecast: the start date's field and the quarters' fields, in
/// order, from its `FrozenOnceSent` rule.
fn forecast_of(group: &Field) -> Option<(&str, Vec<&str>)> {
    group.rules.iter().find_map(|rule| match &rule.must {
        Condition::FrozenOnceSent(start, quarters) => Some((
            start.as_str(),
            quarters.iter().map(String::as_str).collect(),
        )),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{drafts, forms};

    /// A section is started by an answer of its own, a row's answer or a reused fact;
    /// an optional section nobody opened is not.
    #[test]
    fn a_section_is_started_by_its_answers() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(chrono::Utc::now());
        let started = |draft: &Draft, form: &str, section: &str| {
            let form = forms.form(form).unwrap();
            let section = form.sections.iter().find(|s| s.id == section).unwrap();
            section_started(&Evaluator::new(&forms, draft), form, section)
        };
        let codes = form_section(&forms, "agreement-request", "acna");
        assert!(!started(&draft, "agreement-request", &codes));
        draft
            .answers
            .insert("profile.acna".into(), Answer::Text("PLCX".into()));
        assert!(
            started(&draft, "agreement-request", &codes),
            "a reused fact"
        );
        let rows = form_section(&forms, "checklist", "items");
        assert!(!started(&draft, "checklist", &rows));
        draft.answers.insert(
            "checklist.items[3].status".into(),
            Answer::Text("done".into()),
        );
        assert!(started(&draft, "checklist", &rows), "a row's answer");
    }

    /// A forecast group reads by calendar quarter from its start date, ordered, named by
    /// its row label; without a start date, by the form's own column labels.
    #[test]
    fn a_forecast_table_has_a_column_per_calendar_quarter() {
        let forms = forms::load(None).unwrap();
        let example = include_str!("../../../saves/example.ron");
        let mut draft = drafts::parse(example, "example.ron".as_ref()).unwrap();
        let headers = |draft: &Draft, form: &str, field: &str| {
            let eval = Evaluator::new(&forms, draft);
            let tables = group_tables(&eval, &top_place(&forms, form, field)).unwrap();
            assert_eq!(
                tables.len(),
                2,
                "the group's own columns, then its forecast"
            );
            assert!(!tables[0].columns.iter().any(|c| c.contains("quarter")));
            assert!(tables[1].keyed);
            assert_eq!(tables[1].rows[0].title, "1. DNVR local 1");
            tables[1].columns.clone()
        };
        for (form, field) in [
            ("network", "trunk_groups"),
            ("questionnaire", "trunk_groups"),
        ] {
            let columns = headers(&draft, form, field);
            assert_eq!(columns.len(), 11, "{columns:?}");
            assert_eq!(columns[0], "Trunk group name");
            assert_eq!(columns[1..4], ["Q3 2026", "Q4 2026", "Q1 2027"]);
            assert_eq!(
                columns[8..],
                ["Q2 2028", "Q3 2028–Q2 2029", "Q3 2029–Q2 2030"]
            );
        }
        draft.answers.insert(
            "network.forecast_start".into(),
            Answer::Text("2027-01-01".into()),
        );
        let columns = headers(&draft, "network", "trunk_groups");
        assert_eq!(columns[1], "Q1 2027");
        assert_eq!(columns[9..], ["Year 2029", "Year 2030"]);
        draft.answers.remove("network.forecast_start");
        let columns = headers(&draft, "network", "trunk_groups");
        assert_eq!(columns[1], "Year 1, quarter 1");
        // Any other group is one table, not keyed.
        let eval = Evaluator::new(&forms, &draft);
        let tables = group_tables(&eval, &top_place(&forms, "network", "pois")).unwrap();
        assert!(tables.len() == 1 && !tables[0].keyed);
    }

    /// The place of `form`'s top-level field `field`.
    fn top_place<'a>(forms: &'a FormSet, form: &str, field: &str) -> Place<'a> {
        let def = forms.form(form).unwrap();
        let found = def.field(field).unwrap();
        Place {
            form: def,
            section: found.section,
            field: found.field,
            row: None,
        }
    }

    /// The id of the section of `form` that holds `field`.
    fn form_section(forms: &FormSet, form: &str, field: &str) -> String {
        let form = forms.form(form).unwrap();
        form.field(field).unwrap().section.id.clone()
    }

    #[test]
    fn sections_shown_are_those_with_a_visible_field() {
        let forms = forms::load(None).unwrap();
        let example = include_str!("../../../saves/example.ron");
        let example = drafts::parse(example, "example.ron".as_ref()).unwrap();
        let empty = Draft::new(example.created);
        for draft in [&example, &empty] {
            let eval = Evaluator::new(&forms, draft);
            for form in forms.forms() {
                let view = form_view(&forms, draft, form);
                let kept: Vec<&str> = view.iter().map(|v| v.section.id.as_str()).collect();
                let visible: Vec<&str> = form
                    .sections
                    .iter()
                    .filter(|s| section_visible(&eval, form, s))
                    .map(|s| s.id.as_str())
                    .collect();
                assert_eq!(kept, visible, "{}", form.id);
                for v in &view {
                    let lazily: Vec<String> = section_items(&eval, form, v.section)
                        .map(|i| i.place.path())
                        .collect();
                    let listed: Vec<String> = v.items.iter().map(|i| i.place.path()).collect();
                    assert_eq!(lazily, listed);
                    let places: Vec<String> = section_places(&eval, form, v.section)
                        .map(|p| p.path())
                        .collect();
                    assert_eq!(places, listed);
                }
            }
        }
    }

    /// A linked checklist row and a reused group column read in the options' labels of
    /// the fields they show, never in the stored values (`ss7_own`, `granted`).
    #[test]
    fn linked_and_reused_choices_read_as_their_labels() {
        let forms = forms::load(None).unwrap();
        let example = include_str!("../../../saves/example.ron");
        let draft = drafts::parse(example, "example.ron".as_ref()).unwrap();
        let shown: Vec<(String, String)> = forms
            .forms()
            .iter()
            .flat_map(|form| form_view(&forms, &draft, form))
            .flat_map(|section| section.items)
            .map(|item| {
                let text = item.shown.text(&item.place.field.kind);
                (item.place.path(), text)
            })
            .collect();
        let of = |path: &str| {
            shown
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, text)| text.as_str())
                .unwrap_or_else(|| panic!("{path} is not shown"))
        };
        assert_eq!(
            of("checklist.items[9].recorded"),
            "SS7, own signaling points"
        );
        assert_eq!(
            of("checklist.items[4].recorded"),
            "Granted (CO), Granted (UT)"
        );
        assert_eq!(
            of("checklist.items[13].recorded"),
            "2026-02-09 (CO), 2026-05-26 (UT)"
        );
        assert_eq!(
            of("checklist.items[21].recorded"),
            "656 (DNVRCOMA), 660 (SLKCUTMA)"
        );
        assert_eq!(of("checklist.items[1].recorded"), "84-2718281");
        assert_eq!(of("checklist.items[19].recorded"), "IMA GUI");
    }
}
