//! The one validation engine: required answers, kinds, identifiers, conditions and rules,
//! per form and per draft.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::answer::{Answer, Key};
use super::catalog::FormSet;
use super::condition::Value;
use super::draft::Draft;
use super::eval::{Evaluator, Place};
use super::form::{Field, FieldKind, FormDef, Section, Severity};

/// What kind of open item a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required answer is missing.
    Missing,
    /// An answer breaks a rule of its field.
    Invalid,
    /// Unusual but allowed.
    Warning,
    /// Left open on purpose with a note.
    AskLater,
}

/// One open item of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Answer path to fix (may be in another form, for reused answers).
    pub path: String,
    pub label: String,
    pub kind: ProblemKind,
    pub message: String,
    /// Whether it keeps the form from being complete.
    pub blocking: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.kind {
            ProblemKind::Missing => "missing",
            ProblemKind::Invalid => "invalid",
            ProblemKind::Warning => "warning",
            ProblemKind::AskLater => "ask later",
        };
        write!(f, "{tag}: {} ({}): {}", self.label, self.path, self.message)
    }
}

/// Validation of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormReport {
    pub form: String,
    pub required_total: usize,
    pub required_answered: usize,
    pub problems: Vec<Problem>,
}

impl FormReport {
    /// True when nothing blocks: every required answer given and valid.
    pub fn is_complete(&self) -> bool {
        !self.problems.iter().any(|p| p.blocking)
    }
}

/// Validation of every form of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftReport {
    pub forms: Vec<FormReport>,
}

impl DraftReport {
    pub fn is_complete(&self) -> bool {
        self.forms.iter().all(FormReport::is_complete)
    }

    pub fn required_total(&self) -> usize {
        self.forms.iter().map(|f| f.required_total).sum()
    }

    pub fn required_answered(&self) -> usize {
        self.forms.iter().map(|f| f.required_answered).sum()
    }

    pub fn form(&self, id: &str) -> Option<&FormReport> {
        self.forms.iter().find(|f| f.form == id)
    }
}

/// Validates every form of the set against the draft.
pub fn validate_draft(forms: &FormSet, draft: &Draft, today: NaiveDate) -> DraftReport {
    DraftReport {
        forms: forms
            .forms()
            .iter()
            .map(|f| validate_form(forms, draft, f, today))
            .collect(),
    }
}

/// Validates one form against the draft.
pub fn validate_form(
    forms: &FormSet,
    draft: &Draft,
    form: &FormDef,
    today: NaiveDate,
) -> FormReport {
    let mut checker = Checker {
        eval: Evaluator::new(forms, draft),
        today,
        report: FormReport {
            form: form.id.clone(),
            required_total: 0,
            required_answered: 0,
            problems: Vec::new(),
        },
    };
    for section in &form.sections {
        for field in &section.fields {
            checker.field(Place {
                form,
                section,
                field,
                row: None,
            });
        }
    }
    checker.report
}

struct Checker<'a> {
    eval: Evaluator<'a>,
    today: NaiveDate,
    report: FormReport,
}

impl<'a> Checker<'a> {
    fn field(&mut self, place: Place<'a>) {
        if !self.eval.is_visible(&place) {
            return;
        }
        let required = self.eval.is_required(&place);
        match &place.field.kind {
            FieldKind::Note => {}
            // Derived values are never missing, but their rules still speak.
            FieldKind::Computed { .. }
            | FieldKind::Commission { .. }
            | FieldKind::Linked
            | FieldKind::Progress { .. } => self.rules(&place),
            FieldKind::Reuse { from } => self.reused(&place, from, required),
            FieldKind::Group {
                fields,
                min_rows,
                max_rows,
                ..
            } => {
                self.group(&place, fields, required, *min_rows, *max_rows);
            }
            _ => self.answer(&place, required),
        }
    }

    /// A reused fact: missing counts against this form, and an invalid one blocks it too.
    fn reused(&mut self, place: &Place<'a>, from: &str, required: bool) {
        let source = self.eval.reused_source(place, from);
        let (path, where_) = match &source {
            Some(s) => (s.key().to_string(), s.form.title.as_str()),
            None => (from.to_string(), "another form"),
        };
        let shown = !matches!(self.eval.own_value(place), Value::Empty);
        if let Some(source) = &source
            && shown
            && let Some(answer) = self.eval.answer(source)
            && let Err(message) = source.field.kind.check(answer, self.today)
        {
            self.problem(
                place,
                path.clone(),
                ProblemKind::Invalid,
                format!("{message}; fix it in {where_}"),
                true,
            );
        }
        if !required {
            return;
        }
        self.report.required_total += 1;
        if shown {
            self.report.required_answered += 1;
        } else {
            self.problem(
                place,
                path,
                ProblemKind::Missing,
                format!("required; answer it in {where_}"),
                true,
            );
        }
    }

    fn group(
        &mut self,
        place: &Place<'a>,
        fields: &'a [Field],
        required: bool,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let rows = self.eval.rows(place.form, place.field);
        let least = min.unwrap_or(0).max(usize::from(required));
        if least > 0 {
            self.report.required_total += 1;
            if rows >= least {
                self.report.required_answered += 1;
            } else {
                let msg = format!(
                    "add at least {least} row{} (has {rows})",
                    if least == 1 { "" } else { "s" }
                );
                self.problem(place, place.path(), ProblemKind::Missing, msg, true);
            }
        }
        if let Some(max) = max
            && rows > max
        {
            let msg = format!("at most {max} rows (has {rows})");
            self.problem(place, place.path(), ProblemKind::Invalid, msg, true);
        }
        self.rules(place);
        for index in 1..=rows {
            for field in fields {
                self.field(Place {
                    field,
                    row: Some((place.field, index)),
                    ..*place
                });
            }
        }
    }

    fn answer(&mut self, place: &Place<'a>, required: bool) {
        let answer = self.eval.answer(place);
        if required {
            self.report.required_total += 1;
        }
        let path = place.path();
        match answer {
            None if required => {
                self.problem(place, path, ProblemKind::Missing, "required".into(), true)
            }
            None => {}
            Some(Answer::AskLater(note)) => {
                let msg = if note.is_empty() {
                    "marked ask later".into()
                } else {
                    note.clone()
                };
                self.problem(place, path, ProblemKind::AskLater, msg, required);
            }
            Some(Answer::NotApplicable(_)) => {
                self.report.required_answered += usize::from(required)
            }
            Some(answer) => {
                self.report.required_answered += usize::from(required);
                match place.field.kind.check(answer, self.today) {
                    Err(msg) => self.problem(place, path, ProblemKind::Invalid, msg, true),
                    Ok(Some(warning)) => {
                        self.problem(place, path, ProblemKind::Warning, warning, false)
                    }
                    Ok(None) => {}
                }
                self.rules(place);
            }
        }
    }

    fn rules(&mut self, place: &Place<'a>) {
        for rule in &place.field.rules {
            if !self.eval.holds(place, &rule.must) {
                let (kind, blocking) = match rule.severity {
                    Severity::Error => (ProblemKind::Invalid, true),
                    Severity::Warning => (ProblemKind::Warning, false),
                };
                self.problem(place, place.path(), kind, rule.message.clone(), blocking);
            }
        }
    }

    fn problem(
        &mut self,
        place: &Place<'a>,
        path: String,
        kind: ProblemKind,
        message: String,
        blocking: bool,
    ) {
        self.report.problems.push(Problem {
            path,
            label: label_of(place.field, place.row.map(|(_, i)| i)),
            kind,
            message,
            blocking,
        });
    }
}

fn label_of(field: &Field, row: Option<usize>) -> String {
    match row {
        Some(i) => format!("{} (row {i})", field.label),
        None => field.label.clone(),
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
