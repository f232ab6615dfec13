//! The set of form definitions and the journey, and the files they come from. Loading
//! (parsing and linting) is [`crate::domain::lint::load`].

use std::fmt;

use crate::domain::form::journey::Journey;
use crate::domain::form::schema::{Field, FieldKind, FormDef};

/// The file that holds the journey; every other `.ron` file is a form.
pub const JOURNEY_FILE: &str = "journey.ron";

/// A form file's name and text (embedded in the binary or read from a folder).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A problem in a form file, with its place when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

/// The forms and journey the wizard runs on. Cloning shares the forms (the wizard's state
/// and its effects runner each hold the set).
#[derive(Debug, Clone)]
pub struct FormSet {
    forms: std::sync::Arc<[FormDef]>,
    journey: std::sync::Arc<Journey>,
    /// Per form, the forms whose answers, conditions or progress depend on it, directly or
    /// through others (worked out once, on first use).
    readers: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>>,
    /// Per form, what a change to each of its items can reach (worked out on first use).
    reach: std::sync::OnceLock<
        std::collections::HashMap<String, crate::domain::form::reach::FormReach>,
    >,
}

impl FormSet {
    /// The set of forms already parsed (and known to lint clean), in journey order: by
    /// step, then as the step lists them.
    pub fn from_parsed(mut forms: Vec<FormDef>, journey: Journey) -> Self {
        forms.sort_by_key(|f| {
            let step = journey.steps.iter().find(|s| s.number == f.step);
            let position = step.and_then(|s| s.forms.iter().position(|id| *id == f.id));
            (f.step, position.unwrap_or(usize::MAX))
        });
        FormSet {
            forms: forms.into(),
            journey: std::sync::Arc::new(journey),
            readers: std::sync::OnceLock::new(),
            reach: std::sync::OnceLock::new(),
        }
    }

    /// What a change to each item of `form` can reach ([`crate::domain::form::reach`]).
    pub fn reach(&self, form: &str) -> Option<&crate::domain::form::reach::FormReach> {
        let all = self.reach.get_or_init(|| {
            self.forms
                .iter()
                .map(|f| {
                    (
                        f.id.clone(),
                        crate::domain::form::reach::FormReach::new(self, f),
                    )
                })
                .collect()
        });
        all.get(form)
    }

    /// Forms in journey order.
    pub fn forms(&self) -> &[FormDef] {
        &self.forms
    }

    pub fn form(&self, id: &str) -> Option<&FormDef> {
        self.forms.iter().find(|f| f.id == id)
    }

    pub fn journey(&self) -> &Journey {
        &self.journey
    }

    /// Whether another form reads answers of `form` (reuses them, computes from them, or
    /// names them in a condition), so that a change there can change the others.
    pub fn is_read_by_others(&self, form: &str) -> bool {
        !self.readers(form).is_empty()
    }

    /// The forms that read `form`, directly or through a form that does: those whose
    /// status or problems a change to `form` can change.
    pub fn readers(&self, form: &str) -> &[String] {
        let all = self.readers.get_or_init(|| {
            self.forms
                .iter()
                .map(|f| (f.id.clone(), self.readers_of(&f.id)))
                .collect()
        });
        all.get(form).map_or(&[], Vec::as_slice)
    }

    /// Every form that reads `form`, following readers of readers.
    fn readers_of(&self, form: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut todo = vec![form.to_string()];
        while let Some(read) = todo.pop() {
            for f in self.forms.iter() {
                if f.id != form && !found.contains(&f.id) && reads(f, &read) {
                    found.push(f.id.clone());
                    todo.push(f.id.clone());
                }
            }
        }
        found
    }
}

/// Whether `f` reads answers of `form`: reuses them, computes from them, names them in a
/// condition, or shows the form's progress.
fn reads(f: &FormDef, form: &str) -> bool {
    let prefix = format!("{form}.");
    let names = |path: &str| path.starts_with(&prefix);
    let mut found = false;
    for section in &f.sections {
        if let Some(c) = &section.visible_if {
            c.visit(&mut |p, _| found |= names(p));
        }
        visit_fields(&section.fields, &mut |field| {
            for c in field
                .visible_if
                .iter()
                .chain(&field.required_if)
                .chain(field.rules.iter().map(|r| &r.must))
            {
                c.visit(&mut |p, _| found |= names(p));
            }
            match &field.kind {
                FieldKind::Reuse { from }
                | FieldKind::Computed { from, .. }
                | FieldKind::Commission { from } => found |= names(from),
                FieldKind::Progress { form: other } => found |= other == form,
                FieldKind::Group { fixed_rows, .. } => {
                    found |= fixed_rows
                        .iter()
                        .filter_map(|r| r.shows.as_deref())
                        .any(names);
                }
                _ => {}
            }
        });
    }
    found
}

/// Calls `f` on every field, group fields included.
fn visit_fields(fields: &[Field], f: &mut dyn FnMut(&Field)) {
    for field in fields {
        f(field);
        if let Some(sub) = field.kind.group_fields() {
            visit_fields(sub, f);
        }
    }
}
