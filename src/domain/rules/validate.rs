//! The one validation engine: required answers, kinds, identifiers, conditions and rules,
//! per form and per draft.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::condition::{self, Condition};
use crate::domain::form::resolve::Scope;
use crate::domain::form::schema::{Field, FieldKind, FormDef, Rule, Section, Severity};
use crate::domain::rules::conflicts::{self, Side};
use crate::domain::rules::eval::{Evaluator, Place, place_of};
use crate::domain::rules::frozen;
use crate::domain::values::answer::{Answer, Key};
use crate::domain::values::status::FormStatus;

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
    /// The source tag of the rule that found it (`S3`, or `I` for an inference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.kind {
            ProblemKind::Missing => "missing",
            ProblemKind::Invalid => "invalid",
            ProblemKind::Warning => "warning",
            ProblemKind::AskLater => "ask later",
        };
        write!(f, "{tag}: {} ({}): {}", self.label, self.path, self.message)?;
        match &self.source {
            Some(source) => write!(f, " [{source}]"),
            None => Ok(()),
        }
    }
}

/// Validation of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormReport {
    pub form: String,
    /// Required fields (a required group counts once).
    pub required_total: usize,
    /// Required fields whose answer is given and valid: no blocking Invalid problem on
    /// its path. Not applicable counts as answered; ask later does not. A progress count
    /// should not call an answer that blocks the form "answered".
    pub required_answered: usize,
    pub problems: Vec<Problem>,
}

impl FormReport {
    /// True when nothing blocks: every required answer given and valid.
    pub fn is_complete(&self) -> bool {
        !self.problems.iter().any(|p| p.blocking)
    }
}

impl FormReport {
    /// Where the form stands by this report, `stored` being the draft's status of it: a
    /// finalized form stays finalized; otherwise complete when nothing blocks, in progress
    /// when anything blocks, once anything is answered (its own answers, or the facts it
    /// reuses from another form), and not started before. The one status the journey, the
    /// form and the review show, so that none says "complete" while another counts an
    /// open item.
    pub fn standing(&self, stored: FormStatus) -> FormStatus {
        let started = stored != FormStatus::NotStarted || self.required_answered > 0;
        match stored {
            FormStatus::Finalized => FormStatus::Finalized,
            _ if !started => FormStatus::NotStarted,
            _ if self.is_complete() => FormStatus::Complete,
            _ => FormStatus::InProgress,
        }
    }
}

/// `report` with the open items found outside the answers (a document whose file is not
/// on disk): they count as validation's own, so that a blocking one keeps the form from
/// being complete, and a required answer it blocks is no longer counted answered.
pub(crate) fn with_found(
    forms: &FormSet,
    draft: &Draft,
    form: &FormDef,
    mut report: FormReport,
    found: impl IntoIterator<Item = Problem>,
) -> FormReport {
    let eval = Evaluator::new(forms, draft);
    for problem in found {
        let counted = problem.blocking
            && !report
                .problems
                .iter()
                .any(|p| p.blocking && p.path == problem.path)
            && Key::parse(&problem.path)
                .ok()
                .and_then(|key| place_of(form, &key))
                .is_some_and(|place| eval.is_visible(&place) && eval.is_required(&place));
        if counted {
            report.required_answered = report.required_answered.saturating_sub(1);
        }
        report.problems.push(problem);
    }
    report
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
    let mut checker = Checker::new(forms, draft, form, today);
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
    let mut report = checker.report;
    report.problems.extend(conflicts(draft, form));
    report.problems.extend(records(draft, form, today));
    report
        .problems
        .extend(attested(draft, form, &report.problems));
    report
}

/// A signed form dated while open items remain: a warning on its date, since the
/// statement signed attests that the information is true and complete. Only the form's
/// own date field counts (the day it is signed).
fn attested(draft: &Draft, form: &FormDef, problems: &[Problem]) -> Option<Problem> {
    let date = form.signature.as_ref()?.date.as_deref()?;
    let field = form.field(date)?;
    let path = Key::new(&form.id, date).to_string();
    draft.answers.get(&path).filter(|a| a.is_value())?;
    let open = problems
        .iter()
        .filter(|p| p.blocking && p.path != path)
        .count();
    (open > 0).then(|| Problem {
        path,
        label: field.field.label.clone(),
        kind: ProblemKind::Warning,
        message: format!(
            "dated (signed) while {open} open item(s) remain: the statement signed says the information is true and complete"
        ),
        blocking: false,
        source: None,
    })
}

/// A form's validation kept item by item (a top-level field, or a group with its rows):
/// after a change only the items it can reach ([`crate::domain::form::reach`]) are checked again, and
/// [`ItemReports::report`] is what [`validate_form`] would say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemReports {
    form: String,
    parts: Vec<Part>,
    /// The draft these were made for ([`Stamp::of`]).
    stamp: Option<Stamp>,
    /// The day they were checked on (a record in the future is an open item).
    today: NaiveDate,
}

/// What tells one state of a draft from the next: every change of answers, statuses or the
/// sent log moves the draft's time or a form's revision.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    updated: chrono::DateTime<chrono::Utc>,
    revisions: u64,
    answers: usize,
    conflicts: usize,
}

impl Stamp {
    fn of(draft: &Draft) -> Self {
        Stamp {
            updated: draft.updated,
            revisions: draft.forms.values().map(|f| f.revision).sum(),
            answers: draft.answers.len(),
            conflicts: draft.conflicts.len(),
        }
    }
}

/// One item's share of a form's report.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    total: usize,
    answered: usize,
    problems: Vec<Problem>,
}

impl ItemReports {
    /// Every item of `form` checked.
    pub fn new(forms: &FormSet, draft: &Draft, form: &FormDef, today: NaiveDate) -> Self {
        let mut checker = Checker::new(forms, draft, form, today);
        let parts = crate::domain::form::reach::items(form)
            .map(|(section, field)| checker.part(form, section, field))
            .collect();
        Self {
            form: form.id.clone(),
            parts,
            stamp: None,
            today,
        }
    }

    /// Marked as made for `draft` as it is now.
    pub(crate) fn stamped(mut self, draft: &Draft) -> Self {
        self.stamp = Some(Stamp::of(draft));
        self
    }

    /// Whether these are form `form`'s reports for `draft` as it is now (nothing changed
    /// since they were stamped).
    pub(crate) fn is_fresh(&self, draft: &Draft, form: &str) -> bool {
        self.form == form && self.stamp.as_ref() == Some(&Stamp::of(draft))
    }

    /// Checks `items` (indexes of [`crate::domain::form::reach::items`]) again.
    pub(crate) fn recheck(
        &mut self,
        forms: &FormSet,
        draft: &Draft,
        form: &FormDef,
        items: &[usize],
        today: NaiveDate,
    ) {
        self.today = today;
        let mut checker = Checker::new(forms, draft, form, today);
        let mut wanted = items.iter().copied().peekable();
        for (i, (section, field)) in crate::domain::form::reach::items(form).enumerate() {
            if wanted.peek() != Some(&i) {
                continue;
            }
            wanted.next();
            if let Some(part) = self.parts.get_mut(i) {
                *part = checker.part(form, section, field);
            }
        }
    }

    /// The form's report, as [`validate_form`] makes it.
    pub fn report(&self, draft: &Draft, form: &FormDef) -> FormReport {
        let mut report = FormReport {
            form: self.form.clone(),
            required_total: self.parts.iter().map(|p| p.total).sum(),
            required_answered: self.parts.iter().map(|p| p.answered).sum(),
            problems: self
                .parts
                .iter()
                .flat_map(|p| p.problems.iter().cloned())
                .collect(),
        };
        report.problems.extend(conflicts(draft, form));
        report.problems.extend(records(draft, form, self.today));
        report
            .problems
            .extend(attested(draft, form, &report.problems));
        report
    }
}

/// The form's records (finalized copy, messages written, sent, acknowledged) that no
/// command would have written ([`crate::domain::rules::finalized::record_faults`]): one
/// blocking open item each, named by the form and the record, on the form's own path.
fn records(draft: &Draft, form: &FormDef, today: NaiveDate) -> Vec<Problem> {
    let Some(state) = draft.forms.get(&form.id) else {
        return Vec::new();
    };
    crate::domain::rules::finalized::record_faults(state, today)
        .into_iter()
        .map(|fault| Problem {
            path: form.id.clone(),
            label: format!("{}: {}", form.title, fault.record),
            kind: ProblemKind::Invalid,
            message: fault.message,
            blocking: true,
            source: None,
        })
        .collect()
}

/// The answers two merged branches changed differently: one open item each, blocking
/// until the answer is set again (to either side's value, or another).
fn conflicts(draft: &Draft, form: &FormDef) -> Vec<Problem> {
    let show = |a: Option<&Answer>| a.map_or("(removed)".to_string(), Answer::display);
    let prefix = format!("{}.", form.id);
    draft
        .conflicts
        .iter()
        .filter(|(path, _)| path.starts_with(&prefix))
        .map(|(path, theirs)| {
            if let Some((label, said)) = row_conflict(draft, form, path) {
                return Problem {
                    path: path.clone(),
                    label,
                    kind: ProblemKind::Invalid,
                    message: format!("conflict: {said}; {}", sides(draft, path)),
                    blocking: true,
                    source: None,
                };
            }
            let label = Key::parse(path)
                .ok()
                .and_then(|key| place_of(form, &key).map(|p| label_of(p.field, key.row.map(|r| r.index))))
                .unwrap_or_else(|| path.clone());
            Problem {
                path: path.clone(),
                label,
                kind: ProblemKind::Invalid,
                message: format!(
                    "conflict: two branches changed this answer: {:?} here, {:?} on the other; set the one to keep",
                    show(draft.answers.get(path)),
                    show(theirs.as_ref())
                ),
                blocking: true,
                source: None,
            }
        })
        .collect()
}

/// What keeping either side of the conflict on `path` does, in words: `keeping ours keeps
/// the row as edited, keeping theirs removes the row with all its answers`.
fn sides(draft: &Draft, path: &str) -> String {
    let does = |side| conflicts::settling(draft, path, side).map_or("", conflicts::Settled::does);
    format!(
        "keeping ours {}, keeping theirs {}",
        does(Side::Ours),
        does(Side::Theirs)
    )
}

/// A row of a group a merge left in conflict (removed on one side, edited on the other),
/// named as the user sees it, and what each side did: (`Agreements row 3 (UT)`,
/// `removed on theirs, edited on ours`). `None` when `path` is no such row of `form`.
pub(crate) fn row_conflict(draft: &Draft, form: &FormDef, path: &str) -> Option<(String, String)> {
    let theirs = draft.conflicts.get(path)?;
    let (group, index) = path
        .strip_prefix(&format!("{}.", form.id))?
        .strip_suffix(']')?
        .split_once('[')?;
    let index: usize = index.parse().ok().filter(|i| *i >= 1)?;
    let field = form.field(group)?.field;
    let title = crate::domain::rules::view::row_title(draft, form, field, index);
    let value = title
        .strip_prefix(&format!("{index}."))
        .unwrap_or(&title)
        .trim();
    let label = match value {
        "" => format!("{} row {index}", field.label),
        v => format!("{} row {index} ({v})", field.label),
    };
    let said = match theirs {
        None => "removed on theirs, edited on ours",
        Some(_) => "removed on ours, edited on theirs",
    };
    Some((label, said.to_string()))
}

struct Checker<'a> {
    eval: Evaluator<'a>,
    today: NaiveDate,
    report: FormReport,
}

impl<'a> Checker<'a> {
    fn new(forms: &'a FormSet, draft: &'a Draft, form: &FormDef, today: NaiveDate) -> Self {
        Checker {
            eval: Evaluator::new(forms, draft),
            today,
            report: FormReport {
                form: form.id.clone(),
                required_total: 0,
                required_answered: 0,
                problems: Vec::new(),
            },
        }
    }

    /// One top-level item's share of the report.
    fn part(&mut self, form: &'a FormDef, section: &'a Section, field: &'a Field) -> Part {
        let (total, answered) = (self.report.required_total, self.report.required_answered);
        self.field(Place {
            form,
            section,
            field,
            row: None,
        });
        Part {
            total: self.report.required_total - total,
            answered: self.report.required_answered - answered,
            problems: std::mem::take(&mut self.report.problems),
        }
    }

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
            FieldKind::Reuse { from } => {
                self.reused(&place, from, required);
                self.rules(&place);
            }
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
        let shown = !self.eval.own_value(place).is_empty();
        let mut invalid = false;
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
            invalid = true;
        }
        if !required {
            return;
        }
        self.report.required_total += 1;
        if shown && !invalid {
            self.report.required_answered += 1;
        } else if !shown {
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
        let before = self.report.problems.len();
        if least > 0 && rows < least {
            let msg = format!(
                "add at least {least} row{} (has {rows})",
                if least == 1 { "" } else { "s" }
            );
            self.problem(place, place.path(), ProblemKind::Missing, msg, true);
        }
        if let Some(max) = max
            && rows > max
        {
            let msg = format!("at most {max} rows (has {rows})");
            self.problem(place, place.path(), ProblemKind::Invalid, msg, true);
        }
        self.rules(place);
        if least > 0 {
            self.report.required_total += 1;
            let valid = !self.blocked_since(before, &place.path());
            self.report.required_answered += usize::from(rows >= least && valid);
        }
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
        // The path is made only for a problem: most answers have none.
        let path = || place.path();
        match answer {
            None if required => {
                let message = match crate::domain::rules::defaults::offered_at(&self.eval, place) {
                    Some(default) => format!("required; accept the default {default} or answer"),
                    None => "required".into(),
                };
                self.problem(place, path(), ProblemKind::Missing, message, true)
            }
            None => {}
            Some(Answer::AskLater(note)) => {
                let msg = if note.is_empty() {
                    "marked ask later".into()
                } else {
                    note.clone()
                };
                self.problem(place, path(), ProblemKind::AskLater, msg, required);
            }
            Some(Answer::NotApplicable(_)) => {
                self.report.required_answered += usize::from(required)
            }
            Some(answer) => {
                let before = self.report.problems.len();
                match place.field.kind.check(answer, self.today) {
                    Err(msg) => self.problem(place, path(), ProblemKind::Invalid, msg, true),
                    Ok(Some(warning)) => {
                        self.problem(place, path(), ProblemKind::Warning, warning, false)
                    }
                    Ok(None) => {}
                }
                self.rules(place);
                let valid =
                    self.report.problems.len() == before || !self.blocked_since(before, &path());
                self.report.required_answered += usize::from(required && valid);
            }
        }
    }

    /// Whether a blocking Invalid problem on `path` was found since the report held
    /// `before` problems: such an answer is given but does not count as answered.
    fn blocked_since(&self, before: usize, path: &str) -> bool {
        self.report.problems[before..]
            .iter()
            .any(|p| p.blocking && p.kind == ProblemKind::Invalid && p.path == path)
    }

    fn rules(&mut self, place: &Place<'a>) {
        for rule in &place.field.rules {
            if let Condition::FrozenOnceSent(start, fields) = &rule.must {
                self.frozen(place, rule, start, fields);
                continue;
            }
            if self.eval.holds(place, &rule.must) {
                continue;
            }
            let (kind, blocking) = severity(rule);
            // A `Covers` rule: one open item for each value left out, named.
            let messages = match &rule.must {
                Condition::Covers(path, wanted) => {
                    self.uncovered(place, path, wanted, &rule.message)
                }
                _ => vec![rule.message.clone()],
            };
            for message in messages {
                let message = self.eval.fill_message(place, &message);
                self.problem(place, place.path(), kind, message, blocking);
                if let Some(last) = self.report.problems.last_mut() {
                    last.source = rule.source.clone();
                }
            }
        }
    }

    /// A `FrozenOnceSent` rule of a group: one open item on each quarter whose answer
    /// differs from the copy that was sent, the message naming the quarter (`{period}`),
    /// the day it was sent (`{sent_on}`) and both values (`{then}`, `{now}`); the row's
    /// own answers fill the other placeholders.
    fn frozen(&mut self, place: &Place<'a>, rule: &Rule, start: &str, fields: &[String]) {
        let (kind, blocking) = severity(rule);
        let draft = self.eval.draft;
        for change in frozen::changed_quarters(draft, place.form, place.field, start, fields) {
            let Some(field) = place.field.sub_field(&change.field) else {
                continue;
            };
            let cell = Place {
                field,
                row: Some((place.field, change.row)),
                ..*place
            };
            let sent_on = change.sent_on.to_string();
            let given = [
                ("period", change.period.as_str()),
                ("sent_on", sent_on.as_str()),
                ("then", change.then.as_str()),
                ("now", change.now.as_str()),
            ];
            let message = self.eval.fill_message_with(&cell, &rule.message, &given);
            self.problem(&cell, cell.path(), kind, message, blocking);
            if let Some(last) = self.report.problems.last_mut() {
                last.source = rule.source.clone();
            }
        }
    }

    /// The message of a `Covers` rule for each value the answer at `path` leaves out,
    /// `{value}` replaced by the value's label (a choice's label where `path` has options).
    fn uncovered(
        &self,
        place: &Place<'a>,
        path: &str,
        wanted: &[String],
        message: &str,
    ) -> Vec<String> {
        let scope = Scope {
            form: place.form,
            group: place.row.map(|(g, _)| g),
        };
        let options = self
            .eval
            .forms
            .resolve(scope, path)
            .and_then(|t| t.field().kind.options().map(<[_]>::to_vec))
            .unwrap_or_default();
        let value = self.eval.value(place, path);
        condition::uncovered(&value, wanted)
            .into_iter()
            .map(|v| {
                let label = options
                    .iter()
                    .find(|o| o.value() == v)
                    .map_or(v, |o| o.label());
                message.replace("{value}", label)
            })
            .collect()
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
            source: None,
        });
    }
}

/// The kind of open item a failed rule makes, and whether it blocks the form.
fn severity(rule: &Rule) -> (ProblemKind, bool) {
    match rule.severity {
        Severity::Error => (ProblemKind::Invalid, true),
        Severity::Warning => (ProblemKind::Warning, false),
    }
}

fn label_of(field: &Field, row: Option<usize>) -> String {
    match row {
        Some(i) => format!("{} (row {i})", field.label),
        None => field.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::forms;
    use chrono::{TimeZone, Utc};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    /// `required_answered` of each named form, after setting `answers`.
    fn answered(forms: &FormSet, answers: &[(&str, Answer)], ids: &[&str]) -> Vec<usize> {
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
        for (path, answer) in answers {
            draft.answers.insert((*path).into(), answer.clone());
        }
        let report = validate_draft(forms, &draft, today());
        ids.iter()
            .map(|id| report.form(id).unwrap().required_answered)
            .collect()
    }

    fn text(s: &str) -> Answer {
        Answer::Text(s.into())
    }

    /// A form signed (its date given) while items are open is warned on the date, by
    /// the whole check and the item-by-item one alike; once nothing blocks, not.
    #[test]
    fn a_form_dated_while_items_are_open_is_warned() {
        let forms = forms::load(None).unwrap();
        let form = forms.form("questionnaire").unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
        let warned = |draft: &Draft| {
            let report = validate_form(&forms, draft, form, today());
            let kept = ItemReports::new(&forms, draft, form, today()).report(draft, form);
            assert_eq!(report, kept);
            report
                .problems
                .iter()
                .any(|p| p.path == "questionnaire.submitted_on" && p.kind == ProblemKind::Warning)
        };
        assert!(!warned(&draft), "not dated");
        draft
            .answers
            .insert("questionnaire.submitted_on".into(), text("2026-11-20"));
        assert!(warned(&draft));
        let example = include_str!("../../../saves/example.ron");
        let example = crate::storage::drafts::parse(example, "example.ron".as_ref()).unwrap();
        assert!(!warned(&example), "complete: nothing to warn");
    }

    /// The status shown follows validation: reused facts start a form, an open item keeps
    /// it from being complete whatever the draft stored, finalized stays finalized.
    #[test]
    fn the_standing_of_a_form_follows_its_report() {
        let report = |answered: usize, blocking: bool| FormReport {
            form: "f".into(),
            required_total: 3,
            required_answered: answered,
            problems: vec![Problem {
                path: "f.x".into(),
                label: "X".into(),
                kind: ProblemKind::Invalid,
                message: "bad".into(),
                blocking,
                source: None,
            }],
        };
        use FormStatus::*;
        assert_eq!(report(0, true).standing(NotStarted), NotStarted);
        assert_eq!(
            report(2, true).standing(NotStarted),
            InProgress,
            "reused facts"
        );
        assert_eq!(
            report(3, true).standing(Complete),
            InProgress,
            "stale status"
        );
        assert_eq!(report(3, false).standing(InProgress), Complete);
        assert_eq!(report(0, false).standing(NotStarted), NotStarted);
        assert_eq!(report(0, true).standing(Finalized), Finalized);
    }

    /// A document problem found on disk blocks the form and uncounts its required answer.
    #[test]
    fn found_problems_count_as_validations_own() {
        let forms = forms::load(None).unwrap();
        let example = include_str!("../../../saves/example.ron");
        let draft = crate::storage::drafts::parse(example, "example.ron".as_ref()).unwrap();
        let form = forms.form("agreement-request").unwrap();
        let report = validate_form(&forms, &draft, form, today());
        assert!(report.is_complete());
        let redline = draft
            .answers
            .keys()
            .find(|k| k.ends_with(".redline_file"))
            .expect("the example answers a redlined NTA")
            .clone();
        let missing = Problem {
            path: redline,
            label: "Redlined NTA file".into(),
            kind: ProblemKind::Invalid,
            message: "file not found".into(),
            blocking: true,
            source: None,
        };
        let found = with_found(&forms, &draft, form, report.clone(), [missing.clone()]);
        assert!(!found.is_complete());
        assert_eq!(found.required_answered, report.required_answered - 1);
        assert_eq!(found.problems.len(), report.problems.len() + 1);
        // Twice on one path uncounts it once; a warning uncounts nothing.
        let twice = with_found(
            &forms,
            &draft,
            form,
            report.clone(),
            [missing.clone(), missing],
        );
        assert_eq!(twice.required_answered, report.required_answered - 1);
    }

    #[test]
    fn an_invalid_required_answer_is_not_counted_as_answered() {
        let forms = forms::load(None).unwrap();
        // The profile's EIN, and the agreement request that reuses it.
        let ids = ["profile", "agreement-request"];
        let none = answered(&forms, &[], &ids);
        let typed_wrong = answered(&forms, &[("profile.ein", text("12-34"))], &ids);
        assert_eq!(
            typed_wrong, none,
            "an invalid EIN, here or reused, counts for nothing"
        );
        let fixed = answered(&forms, &[("profile.ein", text("84-1234567"))], &ids);
        assert_eq!(fixed, [none[0] + 1, none[1] + 1]);
    }

    #[test]
    fn not_applicable_counts_and_ask_later_does_not() {
        let forms = forms::load(None).unwrap();
        let ids = ["profile"];
        let none = answered(&forms, &[], &ids)[0];
        let na = Answer::NotApplicable("not formed yet".into());
        assert_eq!(answered(&forms, &[("profile.ein", na)], &ids)[0], none + 1);
        let later = Answer::AskLater("ask the accountant".into());
        assert_eq!(answered(&forms, &[("profile.ein", later)], &ids)[0], none);
    }

    #[test]
    fn an_answer_that_breaks_a_rule_is_not_counted_as_answered() {
        let forms = forms::load(None).unwrap();
        let ids = ["negotiation"];
        let row = ("negotiation.agreements", Answer::Rows(1));
        let sent = ("negotiation.agreements[1].sent_on", text("2026-02-01"));
        let received = "negotiation.agreements[1].received_on";
        let before = answered(
            &forms,
            &[row.clone(), sent.clone(), (received, text("2026-01-15"))],
            &ids,
        );
        let after = answered(&forms, &[row, sent, (received, text("2026-02-03"))], &ids);
        assert_eq!(after[0], before[0] + 1, "received before it was sent");
    }

    #[test]
    fn a_reused_cell_without_its_source_row_is_missing() {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
        draft.push_row("early-ordering", "covered");
        draft.answers.insert(
            "early-ordering.covered[1].ica_tracking_no".into(),
            Answer::Text("CDS-260204-0057".into()),
        );
        let missing_executed = |draft: &Draft| {
            validate_draft(&forms, draft, today())
                .form("early-ordering")
                .unwrap()
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::Missing && p.path.ends_with(".executed_on"))
        };
        assert!(missing_executed(&draft), "no negotiation row holds it yet");
        let mut one = draft.clone();
        one.push_row("negotiation", "agreements");
        for (field, value) in [
            ("ica_tracking_no", "CDS-260204-0057"),
            ("executed_on", "2026-02-09"),
        ] {
            one.answers.insert(
                format!("negotiation.agreements[1].{field}"),
                Answer::Text(value.into()),
            );
        }
        assert!(!missing_executed(&one));
    }
}
