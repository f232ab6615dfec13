//! What a form shows for a draft: its visible fields with their answers, reused and
//! computed values, section by section. Shared by `show`, exports and the wizard.

use super::answer::{Answer, Key};
use super::catalog::FormSet;
use super::condition::Value;
use super::draft::Draft;
use super::eval::{Evaluator, Place};
use super::form::{Field, FieldKind, FormDef, Section};
use super::resolve::{Scope, Target, resolve};

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
    let Some(options) = kind.options() else {
        return answer.display();
    };
    let label = |v: &String| {
        options
            .iter()
            .find(|o| o.value() == v)
            .map_or_else(|| v.clone(), |o| o.label().to_string())
    };
    match answer {
        Answer::Text(v) => label(v),
        Answer::Many(vs) => vs.iter().map(label).collect::<Vec<_>>().join(", "),
        other => other.display(),
    }
}

/// A row's title: the form's label for a fixed row, else the `row_label` field's answer.
pub fn row_title(draft: &Draft, form: &FormDef, group: &Field, index: usize) -> String {
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
    let mut out = Vec::new();
    for section in &form.sections {
        let mut items = Vec::new();
        for field in &section.fields {
            let place = Place {
                form,
                section,
                field,
                row: None,
            };
            if !eval.is_visible(&place) {
                continue;
            }
            let shown = shown_of(&eval, &place);
            let rows = match shown {
                Shown::Group(n) => n,
                _ => 0,
            };
            items.push(Item { place, shown });
            for index in 1..=rows {
                for sub in field.kind.group_fields().unwrap_or_default() {
                    let cell = Place {
                        field: sub,
                        row: Some((field, index)),
                        ..place
                    };
                    if eval.is_visible(&cell) {
                        items.push(Item {
                            place: cell,
                            shown: shown_of(&eval, &cell),
                        });
                    }
                }
            }
        }
        if !items.is_empty() {
            out.push(SectionView { section, items });
        }
    }
    out
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
        FieldKind::Reuse { from } => {
            let scope = Scope {
                form: place.form,
                group: None,
            };
            let answer = match resolve(eval.forms, scope, from) {
                Some(Target::Field {
                    form,
                    section,
                    field,
                }) => {
                    let source = Place {
                        form,
                        section,
                        field,
                        row: None,
                    };
                    eval.is_visible(&source)
                        .then(|| eval.draft.answer(&Key::new(&form.id, &field.id)))
                        .flatten()
                        .map(|a| (a.clone(), labelled(a, &field.kind)))
                }
                _ => None,
            };
            match answer {
                Some((answer, text)) => Shown::Reused(Some(answer), text),
                None => Shown::Reused(None, String::new()),
            }
        }
        _ => Shown::Answer(eval.draft.answer(&place.key()).cloned()),
    }
}
