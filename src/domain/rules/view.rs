//! What a form shows for a draft: its visible fields with their answers, reused and
//! computed values, section by section. Shared by `show`, exports and the wizard.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::Value;
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
        FieldKind::Computed { .. } | FieldKind::Commission { .. } | FieldKind::Linked => {
            Shown::Derived(match eval.own_value(place) {
                Value::One(d) => Some(d),
                Value::Many(v) if !v.is_empty() => Some(v.join(", ")),
                _ => None,
            })
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
                Shown::Reused(Some(Answer::Many(items.to_vec())), items.join(", "))
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
}
