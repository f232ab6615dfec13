//! Changing a draft: the one path every answer takes, from the command line or the wizard.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::draft::records::Acknowledgement;
use crate::domain::draft::{Draft, FormState};
use crate::domain::form::catalog::FormSet;
use crate::domain::form::reach::Reach;
use crate::domain::form::schema::FormDef;
use crate::domain::rules::conflicts::{self, Settled, Side, settling};
use crate::domain::rules::eval::place_of;
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, ItemReports, validate_form};
use crate::domain::values::answer::{Answer, Key, is_ident};
use crate::domain::values::limits;
use crate::domain::values::status::FormStatus;

/// What to do with one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Typed text, checked and normalized by the field's kind (empty clears).
    Value(String),
    /// Typed text that is kept even when invalid (the wizard never loses what was typed):
    /// a valid value is normalized, an invalid one stored as typed and flagged.
    Lenient(String),
    /// Not applicable, with a reason.
    NotApplicable(String),
    /// Ask later, with a note saying who to ask.
    AskLater(String),
    /// Remove the answer (or, for `form.group[N]`, the row).
    Clear,
}

/// Why an edit was refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    BadPath(String),
    #[error("unknown form {form:?}; the forms are: {known}")]
    UnknownForm { form: String, known: String },
    #[error("form {form:?} has no field {field:?}")]
    UnknownField { form: String, field: String },
    #[error("{label} ({path}) is a {kind} and cannot be set")]
    NotSettable {
        label: String,
        path: String,
        kind: String,
    },
    #[error("{label} ({path}): {message}")]
    Invalid {
        label: String,
        path: String,
        message: String,
    },
    #[error("row {index} does not exist: {group} has {}; use [+] to add a row", crate::text::count(*.rows, "row", "rows"))]
    NoSuchRow {
        group: String,
        index: usize,
        rows: usize,
    },
    #[error("{0} has a fixed list of rows: rows cannot be added or removed")]
    FixedRows(String),
    #[error("form {0:?} is finalized; reopen it to change its answers")]
    Finalized(String),
}

/// What an accepted edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub key: Key,
    /// The stored answer (none when cleared).
    pub answer: Option<Answer>,
    /// An unusual but accepted value.
    pub warning: Option<String>,
    /// The field is hidden by its conditions: the answer is kept but not used.
    pub hidden: bool,
    /// The row removed, for `form.group[N]` with `Edit::Clear`.
    pub removed_row: Option<usize>,
    /// Why a lenient edit's text is invalid (it was stored as typed).
    pub invalid: Option<String>,
    /// The edited form's validation after the edit, when it was done (not for a finalized
    /// form or one left without answers): callers need not validate it again.
    pub report: Option<FormReport>,
    /// The edit cannot have changed which fields and rows the form shows (nothing that
    /// decides visibility reads the field, no row came or went).
    pub same_layout: bool,
    /// The other forms' validations after the edit, when it was done: every form whose
    /// report the edit can have changed (none when it reaches no other form). `None` when
    /// the edit only staged the answer: callers count the other forms again themselves.
    pub readers: Option<Vec<FormReport>>,
}

/// Applies an edit to `path` (`form.field`, `form.group[N].field`, `form.group[+].field` to
/// add a row, or `form.group[N]` with `Edit::Clear` to remove a row).
pub fn apply(
    forms: &FormSet,
    draft: &mut Draft,
    path: &str,
    edit: Edit,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Applied, EditError> {
    match row_path(path) {
        Some((group_path, index)) => remove_row(forms, draft, group_path, index, edit, today, now),
        None => set_answer(forms, draft, path, edit, (today, now), Refresh::All),
    }
}

/// [`apply`] to a field, re-checking only what the change can reach ([`crate::domain::form::reach`]):
/// `kept` holds the form's validation item by item from the last call (made again when it
/// is of another form or the draft changed otherwise since).
pub(crate) fn apply_kept(
    forms: &FormSet,
    draft: &mut Draft,
    path: &str,
    edit: Edit,
    (today, now): (NaiveDate, DateTime<Utc>),
    kept: &mut Option<ItemReports>,
) -> Result<Applied, EditError> {
    match row_path(path) {
        Some(_) => {
            *kept = None;
            apply(forms, draft, path, edit, today, now)
        }
        None => set_answer(forms, draft, path, edit, (today, now), Refresh::Kept(kept)),
    }
}

/// What [`set_answer`] brings up to date after the change.
enum Refresh<'k> {
    /// Nothing (staged): the next edit does it.
    Staged,
    /// Every status the change can touch, each form checked whole.
    All,
    /// The same, checking again only what the change reaches.
    Kept(&'k mut Option<ItemReports>),
}

/// Stores one field's answer exactly as [`apply`] does, but without re-checking the
/// forms to refresh their statuses (a form without one becomes in progress): what the
/// wizard saves of text still being typed, often and cheaply. The next [`apply`] to the
/// form brings its status up to date.
pub(crate) fn stage(
    forms: &FormSet,
    draft: &mut Draft,
    path: &str,
    edit: Edit,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Applied, EditError> {
    set_answer(forms, draft, path, edit, (today, now), Refresh::Staged)
}

fn remove_row(
    forms: &FormSet,
    draft: &mut Draft,
    group_path: &str,
    index: usize,
    edit: Edit,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Applied, EditError> {
    let (form_id, group_id) = split_group_path(group_path)?;
    let form = form_for(forms, draft, form_id)?;
    let group = group_field(form, group_id)?;
    if edit != Edit::Clear {
        return Err(EditError::BadPath(format!(
            "{group_path}[{index}] is a row: only clearing (removing) it is possible"
        )));
    }
    let rows = draft.rows(&form.id, &group);
    if is_fixed(form, &group) {
        return Err(EditError::FixedRows(group_path.into()));
    }
    if index == 0 || index > rows {
        return Err(EditError::NoSuchRow {
            group: group_path.into(),
            index,
            rows,
        });
    }
    draft.remove_row(&form.id, &group, index);
    let (report, readers) = touched_reporting(forms, draft, form, today, now);
    Ok(Applied {
        key: Key::new(&form.id, &group),
        answer: None,
        warning: None,
        hidden: false,
        removed_row: Some(index),
        invalid: None,
        report,
        same_layout: false,
        readers: Some(readers),
    })
}

/// Sets a field's answer; `refresh` re-checks the statuses of the form and its readers.
fn set_answer(
    forms: &FormSet,
    draft: &mut Draft,
    path: &str,
    edit: Edit,
    (today, now): (NaiveDate, DateTime<Utc>),
    refresh: Refresh<'_>,
) -> Result<Applied, EditError> {
    let (key, appends) = parse_target(draft, path)?;
    let fresh = match &refresh {
        Refresh::Kept(kept) => kept.as_ref().is_some_and(|k| k.is_fresh(draft, &key.form)),
        _ => false,
    };
    let form = form_for(forms, draft, &key.form)?;
    let place = place_of(form, &key).ok_or_else(|| EditError::UnknownField {
        form: key.form.clone(),
        field: key.to_string(),
    })?;
    check_settable(draft, &key, &place, appends)?;
    let (answer, refused) = parse_edit(&key, &place, edit, today)?;
    // What a draft may hold is bounded (see `limits`): an answer over it would make the
    // draft unreadable, so it is refused here.
    let invalid = |message: String| EditError::Invalid {
        label: place.field.label.clone(),
        path: key.to_string(),
        message,
    };
    if let Some(a) = &answer {
        limits::answer_fits(a).map_err(invalid)?;
    }
    if appends && draft.rows(&key.form, &key.field) >= limits::MAX_ROWS {
        return Err(invalid(format!(
            "a group has at most {} rows",
            limits::MAX_ROWS
        )));
    }
    let warning = match &answer {
        Some(a) => place.field.kind.check(a, today).ok().flatten(),
        None => None,
    };
    if appends {
        draft.push_row(&key.form, &key.field);
    }
    draft.conflicts.remove(&key.to_string());
    match &answer {
        Some(a) => draft.answers.insert(key.to_string(), a.clone()),
        None => draft.answers.remove(&key.to_string()),
    };
    let hidden = !Evaluator::new(forms, draft).is_visible(&place);
    let changed = Changed {
        form,
        key: &key,
        appends,
        fresh,
    };
    let refreshed = refreshed(forms, draft, changed, refresh, (today, now));
    Ok(Applied {
        key,
        answer,
        warning,
        hidden,
        removed_row: None,
        invalid: refused,
        report: refreshed.report,
        same_layout: refreshed.same_layout,
        readers: refreshed.readers,
    })
}

/// What [`set_answer`] changed: the form, the answer's key, whether a row was added, and
/// whether the kept checks were up to date before the change.
struct Changed<'c> {
    form: &'c FormDef,
    key: &'c Key,
    appends: bool,
    fresh: bool,
}

/// What [`refreshed`] found: the edited form's report, whether the fields and rows shown
/// cannot have moved, and the reports of the other forms checked again ([`Applied::readers`]).
struct Refreshed {
    report: Option<FormReport>,
    same_layout: bool,
    readers: Option<Vec<FormReport>>,
}

/// Brings statuses up to date after a change as `refresh` says.
fn refreshed(
    forms: &FormSet,
    draft: &mut Draft,
    changed: Changed<'_>,
    refresh: Refresh<'_>,
    (today, now): (NaiveDate, DateTime<Utc>),
) -> Refreshed {
    let Changed {
        form,
        key,
        appends,
        fresh,
    } = changed;
    match refresh {
        Refresh::All => {
            let (report, readers) = touched_reporting(forms, draft, form, today, now);
            Refreshed {
                report,
                same_layout: false,
                readers: Some(readers),
            }
        }
        Refresh::Staged => {
            staged(draft, form, now);
            Refreshed {
                report: None,
                same_layout: false,
                readers: None,
            }
        }
        Refresh::Kept(kept) => {
            let column = key.row.as_ref().map(|row| row.field.as_str());
            let reach = forms
                .reach(&form.id)
                .and_then(|r| Some(r.of(r.index(&key.field)?, column)))
                .filter(|_| fresh);
            let (report, readers) =
                touched_kept(forms, draft, form, reach.as_ref(), kept, (today, now));
            Refreshed {
                report,
                same_layout: reach.is_some_and(|r| !r.visibility && !appends),
                readers: Some(readers),
            }
        }
    }
}

/// Refuses a path that takes no answer: a shown value, a group itself, a row that does not
/// exist (or that a fixed group cannot grow).
fn check_settable(
    draft: &Draft,
    key: &Key,
    place: &Place<'_>,
    appends: bool,
) -> Result<(), EditError> {
    let settable = place.field.kind.is_input()
        && (key.row.is_some() || place.field.kind.group_fields().is_none());
    if !settable {
        return Err(EditError::NotSettable {
            label: place.field.label.clone(),
            path: key.to_string(),
            kind: place.field.kind.name().to_string(),
        });
    }
    let Some(row) = &key.row else { return Ok(()) };
    let fixed = place
        .row
        .and_then(|(g, _)| g.kind.fixed_rows())
        .map(<[_]>::len);
    if fixed.is_some() && appends {
        return Err(EditError::FixedRows(key.top().to_string()));
    }
    let rows = fixed.unwrap_or_else(|| draft.rows(&key.form, &key.field));
    if row.index > rows + usize::from(appends) {
        return Err(EditError::NoSuchRow {
            group: key.top().to_string(),
            index: row.index,
            rows,
        });
    }
    Ok(())
}

/// The answer an edit stores (none: cleared), and why a lenient text is invalid.
fn parse_edit(
    key: &Key,
    place: &Place<'_>,
    edit: Edit,
    today: NaiveDate,
) -> Result<(Option<Answer>, Option<String>), EditError> {
    let invalid = |message: String| EditError::Invalid {
        label: place.field.label.clone(),
        path: key.to_string(),
        message,
    };
    let kind = &place.field.kind;
    Ok(match edit {
        Edit::Value(text) => (kind.parse_input(&text, today).map_err(invalid)?, None),
        Edit::Lenient(text) => match kind.parse_input(&text, today) {
            Ok(answer) => (answer, None),
            Err(message) => (
                Some(Answer::Text(without_controls(text.trim_end()))),
                Some(message),
            ),
        },
        Edit::NotApplicable(reason) => (
            Some(Answer::NotApplicable(one_line(&reason).map_err(invalid)?)),
            None,
        ),
        Edit::AskLater(note) => (
            Some(Answer::AskLater(one_line(&note).map_err(invalid)?)),
            None,
        ),
        Edit::Clear => (None, None),
    })
}

/// Settles the merge conflict on `path` (an answer, or a row `form.group[N]`) by keeping
/// `side`, as [`conflicts::settling`] says; `None` when there was no conflict there.
pub(crate) fn settle_conflict(draft: &mut Draft, path: &str, side: Side) -> Option<Settled> {
    let settled = settling(draft, path, side)?;
    let theirs = draft.conflicts.remove(path).flatten();
    match settled {
        Settled::RowRemoved => {
            if let Some((form, group, index)) = conflicts::row_of(path) {
                draft.remove_row(form, group, index);
            }
        }
        Settled::TookTheirs => {
            match theirs {
                Some(answer) => draft.answers.insert(path.to_string(), answer),
                None => draft.answers.remove(path),
            };
        }
        Settled::KeptOurs | Settled::RowKept => {}
    }
    Some(settled)
}

/// Appends an empty row to a group and returns its number.
pub(crate) fn add_row(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    group: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, EditError> {
    let form = form_for(forms, draft, form_id)?;
    group_field(form, group)?;
    if is_fixed(form, group) {
        return Err(EditError::FixedRows(format!("{form_id}.{group}")));
    }
    let n = draft.push_row(form_id, group);
    touched(forms, draft, form, today, now);
    Ok(n)
}

/// Swaps two rows of a group (reordering).
#[allow(clippy::too_many_arguments)]
pub(crate) fn swap_rows(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    group: &str,
    a: usize,
    b: usize,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), EditError> {
    let form = form_for(forms, draft, form_id)?;
    group_field(form, group)?;
    draft.swap_rows(form_id, group, a, b);
    touched(forms, draft, form, today, now);
    Ok(())
}

/// Marks a complete form finalized (read-only until reopened), keeping a copy of what it
/// shows ([`finalized::take`]); finalizing it again makes a new revision.
pub fn finalize(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let form = forms
        .form(form_id)
        .ok_or_else(|| format!("unknown form {form_id:?}"))?;
    let report = validate_form(forms, draft, form, today);
    if !report.is_complete() {
        let open = report.problems.iter().filter(|p| p.blocking).count();
        return Err(format!(
            "{} has {}; only a complete form can be finalized",
            form.title,
            crate::text::count(open, "open item", "open items")
        ));
    }
    let revision = draft
        .forms
        .get(form_id)
        .and_then(|s| s.finalized.as_ref())
        .map_or(1, |c| c.revision + 1);
    let copy = finalized::take(forms, draft, form, revision, now);
    let state = state_mut(draft, form);
    state.status = FormStatus::Finalized;
    state.finalized = Some(copy);
    draft.updated = now;
    Ok(())
}

/// Makes a finalized form editable again.
pub fn reopen(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) {
    if let Some(form) = forms.form(form_id) {
        state_mut(draft, form).status = FormStatus::InProgress;
        touched(forms, draft, form, today, now);
    }
}

/// The day of a sent-log entry as typed (`YYYY-MM-DD`): the command line's `--on` and
/// the wizard's sent and acknowledged dialogs read it here.
pub fn sent_log_day(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: type it as YYYY-MM-DD, e.g. 2026-11-24"))?;
    crate::domain::values::limits::day_fits(day)?;
    Ok(day)
}

/// A sent-log day is a fact: never after `today`.
fn not_in_future(on: NaiveDate, today: NaiveDate, what: &str) -> Result<(), String> {
    if on > today {
        return Err(format!(
            "{what} on {on}: that day is in the future (today is {today}); record it once it has happened"
        ));
    }
    Ok(())
}

/// Records the day a form was sent (to CenturyLink, by the user's own mail), and keeps
/// what it showed as the sent copy ([`finalized::as_sent`]). Refused: a day after `today`,
/// or after the acknowledgement already recorded (a form is acknowledged after it is sent).
pub fn mark_sent(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    on: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let form = known_form(forms, form_id)?;
    not_in_future(on, today, "sent")?;
    if let Some(ack) = draft
        .forms
        .get(&form.id)
        .and_then(|s| s.acknowledged.as_ref())
        && ack.on < on
    {
        return Err(format!(
            "sent on {on} is after CenturyLink's acknowledgement of {}, recorded on {}: \
             a form is acknowledged after it is sent",
            form.title, ack.on
        ));
    }
    let copy = finalized::as_sent(draft, form, now);
    let state = state_mut(draft, form);
    state.sent = Some(on);
    state.sent_copy = Some(copy);
    draft.updated = now;
    Ok(())
}

/// Records CenturyLink's acknowledgement of a form: the day, and its reference or
/// tracking number (one line, at most a note's length). Refused: a day after `today`, or
/// before the day the form was recorded as sent.
pub fn acknowledge(
    forms: &FormSet,
    draft: &mut Draft,
    form_id: &str,
    on: NaiveDate,
    reference: Option<&str>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let form = known_form(forms, form_id)?;
    let reference = reference.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = reference
        && (r.len() > limits::MAX_NOTE_BYTES || r.chars().any(crate::text::is_hidden_control))
    {
        return Err(format!(
            "the reference must be one line of at most {} bytes",
            limits::MAX_NOTE_BYTES
        ));
    }
    not_in_future(on, today, "acknowledged")?;
    if let Some(sent) = draft.forms.get(&form.id).and_then(|s| s.sent)
        && on < sent
    {
        return Err(format!(
            "acknowledged on {on} is before {} was sent, on {sent}: \
             CenturyLink acknowledges a form after it is sent",
            form.title
        ));
    }
    state_mut(draft, form).acknowledged = Some(Acknowledgement {
        on,
        reference: reference.map(str::to_string),
    });
    draft.updated = now;
    Ok(())
}

fn known_form<'a>(forms: &'a FormSet, form_id: &str) -> Result<&'a FormDef, String> {
    forms
        .form(form_id)
        .ok_or_else(|| format!("unknown form {form_id:?}"))
}

/// Recomputes every form's status from its answers (finalized forms stay finalized).
pub(crate) fn refresh_statuses(forms: &FormSet, draft: &mut Draft, today: NaiveDate) {
    for form in forms.forms() {
        refresh_status(forms, draft, form, today);
    }
}

/// One form's status from its answers (a finalized form stays finalized); its validation
/// when it was validated for that.
fn refresh_status(
    forms: &FormSet,
    draft: &mut Draft,
    form: &FormDef,
    today: NaiveDate,
) -> Option<FormReport> {
    refresh_status_with(draft, form, |d| validate_form(forms, d, form, today))
}

/// [`refresh_status`] with the form's validation made by `check`.
fn refresh_status_with(
    draft: &mut Draft,
    form: &FormDef,
    check: impl FnOnce(&Draft) -> FormReport,
) -> Option<FormReport> {
    let prefix = format!("{}.", form.id);
    let answered = draft
        .answers
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(k, _)| k.starts_with(&prefix));
    let current = draft.status(&form.id);
    if current == FormStatus::Finalized || (!answered && !draft.forms.contains_key(&form.id)) {
        return None;
    }
    if !answered {
        state_mut(draft, form).status = FormStatus::NotStarted;
        return None;
    }
    let report = check(draft);
    state_mut(draft, form).status = if report.is_complete() {
        FormStatus::Complete
    } else {
        FormStatus::InProgress
    };
    Some(report)
}

/// A form's answers changed, its status to be refreshed later: its revision, the draft's
/// time, and "in progress" for a form that had no status.
fn staged(draft: &mut Draft, form: &FormDef, now: DateTime<Utc>) {
    let state = state_mut(draft, form);
    state.version = form.version;
    state.revision += 1;
    if state.status == FormStatus::NotStarted {
        state.status = FormStatus::InProgress;
    }
    draft.updated = now;
}

/// [`touched`], checking again only the items `reach` names when it is known (and the
/// readers only when they name one of them); `kept` is brought up to date either way.
fn touched_kept(
    forms: &FormSet,
    draft: &mut Draft,
    form: &FormDef,
    reach: Option<&Reach>,
    kept: &mut Option<ItemReports>,
    (today, now): (NaiveDate, DateTime<Utc>),
) -> (Option<FormReport>, Vec<FormReport>) {
    bumped(draft, form, now);
    let items = match (kept.take(), reach) {
        (Some(mut items), Some(reach)) => {
            items.recheck(forms, draft, form, &reach.items, today);
            items
        }
        _ => ItemReports::new(forms, draft, form, today),
    };
    let report = refresh_status_with(draft, form, |d| items.report(d, form));
    let readers = match reach {
        Some(reach) => forms_refreshed(forms, draft, &reach.others, today),
        None => readers_refreshed(forms, draft, form, today),
    };
    *kept = Some(items.stamped(draft));
    (report, readers)
}

/// A form's answers changed: its revision, the draft's time, and the statuses of the form
/// and of the forms that read it. The form's validation, when it was done for that.
fn touched(
    forms: &FormSet,
    draft: &mut Draft,
    form: &FormDef,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Option<FormReport> {
    bumped(draft, form, now);
    let report = refresh_status(forms, draft, form, today);
    for reader in forms.readers(&form.id) {
        if let Some(other) = forms.form(reader) {
            refresh_status(forms, draft, other, today);
        }
    }
    report
}

/// [`touched`], with the reports of the forms that read it ([`Applied::readers`]).
fn touched_reporting(
    forms: &FormSet,
    draft: &mut Draft,
    form: &FormDef,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (Option<FormReport>, Vec<FormReport>) {
    bumped(draft, form, now);
    let report = refresh_status(forms, draft, form, today);
    (report, readers_refreshed(forms, draft, form, today))
}

/// The statuses of the forms that read `form`, brought up to date, and their reports: each
/// form checked once, whether or not it has a status to refresh.
fn readers_refreshed(
    forms: &FormSet,
    draft: &mut Draft,
    form: &FormDef,
    today: NaiveDate,
) -> Vec<FormReport> {
    forms_refreshed(forms, draft, forms.readers(&form.id), today)
}

/// The statuses of the forms `ids` brought up to date, and their reports: each form
/// checked once, whether or not it has a status to refresh.
fn forms_refreshed(
    forms: &FormSet,
    draft: &mut Draft,
    ids: &[String],
    today: NaiveDate,
) -> Vec<FormReport> {
    ids.iter()
        .filter_map(|id| forms.form(id))
        .map(|other| {
            refresh_status(forms, draft, other, today)
                .unwrap_or_else(|| validate_form(forms, draft, other, today))
        })
        .collect()
}

/// A form's answers changed: its version and revision, and the draft's time.
fn bumped(draft: &mut Draft, form: &FormDef, now: DateTime<Utc>) {
    let state = state_mut(draft, form);
    state.version = form.version;
    state.revision += 1;
    draft.updated = now;
}

fn state_mut<'d>(draft: &'d mut Draft, form: &FormDef) -> &'d mut FormState {
    draft
        .forms
        .entry(form.id.clone())
        .or_insert_with(|| FormState::new(FormStatus::InProgress, form.version))
}

fn form_for<'a>(forms: &'a FormSet, draft: &Draft, id: &str) -> Result<&'a FormDef, EditError> {
    let form = forms.form(id).ok_or_else(|| EditError::UnknownForm {
        form: id.into(),
        known: forms
            .forms()
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    if draft.status(id) == FormStatus::Finalized {
        return Err(EditError::Finalized(id.into()));
    }
    Ok(form)
}

fn is_fixed(form: &FormDef, group: &str) -> bool {
    form.field(group)
        .is_some_and(|f| f.field.kind.fixed_rows().is_some())
}

fn group_field(form: &FormDef, id: &str) -> Result<String, EditError> {
    match form.field(id) {
        Some(f) if f.field.kind.group_fields().is_some() => Ok(id.to_string()),
        _ => Err(EditError::UnknownField {
            form: form.id.clone(),
            field: format!("{}.{id} (a repeatable group)", form.id),
        }),
    }
}

/// `form.group[N]` (a whole row): the group path and N.
fn row_path(path: &str) -> Option<(&str, usize)> {
    let inner = path.strip_suffix(']')?;
    let (group, index) = inner.rsplit_once('[')?;
    Some((group, index.parse().ok()?))
}

/// `form.group` into its two parts.
fn split_group_path(path: &str) -> Result<(&str, &str), EditError> {
    match path.split_once('.') {
        Some((form, group)) if !form.is_empty() && is_ident(group) => Ok((form, group)),
        _ => Err(EditError::BadPath(format!(
            "{path:?} is not a group path such as questionnaire.contacts"
        ))),
    }
}

/// Parses the path, turning `[+]` into the next row number.
fn parse_target(draft: &Draft, path: &str) -> Result<(Key, bool), EditError> {
    match path.split_once("[+]") {
        Some((group_path, rest)) => {
            let (form, group) = split_group_path(group_path)?;
            let next = draft.rows(form, group) + 1;
            let key =
                Key::parse(&format!("{group_path}[{next}]{rest}")).map_err(EditError::BadPath)?;
            Ok((key, true))
        }
        None => Key::parse(path)
            .map(|k| (k, false))
            .map_err(EditError::BadPath),
    }
}

/// Columns a pasted tab becomes, wherever it is pasted.
pub(crate) const TAB_SPACES: usize = 4;

/// Pasted text made fit for a field: CR, CRLF and LF become line breaks (spaces in a
/// one-line field, where trailing ones are dropped), tabs become [`TAB_SPACES`] spaces,
/// terminal escape sequences (CSI, OSC, DCS, two-byte ESC) are removed whole, and every
/// other control character is dropped. A terminal that maps LF to CR delivers CRLF text
/// as CR CR: when CRs come only in pairs (and no LF), each pair is one line break, so
/// that such a paste is not double-spaced.
pub fn pasted(text: &str, multi_line: bool) -> String {
    let text = line_breaks(text);
    let text = if multi_line {
        &text[..]
    } else {
        text.trim_end_matches('\n')
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' if multi_line => out.push('\n'),
            '\n' => out.push(' '),
            '\t' => out.extend(std::iter::repeat_n(' ', TAB_SPACES)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` with its line breaks as LF: CRLF and a lone CR are one break each; CR CR is
/// one break when every run of CRs is even and no LF is left (CRLF through a terminal
/// that maps LF to CR).
fn line_breaks(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let paired = !text.contains('\n') && text.split(|c| c != '\r').all(|run| run.len() % 2 == 0);
    match paired {
        true => text.replace("\r\r", "\n"),
        false => text.replace('\r', "\n"),
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: a CSI (`[`), a string (`]`, `P`, `X`, `^`, `_`) or one more character.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // nF sequences: intermediates, then one final character.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next();
        }
        _ => {}
    }
}

/// Parameters and intermediates up to the final byte (`@` to `~`).
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
    }
}

/// Up to BEL or ST (ESC \\ or U+009C).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// The answers an edit can change, as they were before it: what an undo puts back. An
/// edit inside a group (a row's field, adding, removing or moving a row) can renumber the
/// group, so its snapshot is the whole group; any other edit changes one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    form: String,
    scope: Scope,
    entries: Vec<(String, Answer)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Scope {
    Key(String),
    /// `form.group`: its row count and every `form.group[...]` answer.
    Group(String),
    /// Every answer of a form (an import changes many at once).
    Form(String),
}

impl Snapshot {
    /// Before an edit at `path` (`form.field`, `form.group[N].field`, `form.group[N]`,
    /// `form.group[+].field`).
    pub fn before(draft: &Draft, path: &str) -> Self {
        let form = path.split('.').next().unwrap_or_default().to_string();
        let scope = match path.find('[') {
            Some(open) => Scope::Group(path[..open].to_string()),
            None => Scope::Key(path.to_string()),
        };
        let entries = scope
            .entries(draft)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Self {
            form,
            scope,
            entries,
        }
    }

    /// Before adding or moving a row of `form.group`.
    pub(crate) fn of_group(draft: &Draft, form: &str, group: &str) -> Self {
        Self::before(draft, &format!("{form}.{group}[+]"))
    }

    /// Before a change of many answers of `form` at once (an import): one undo step.
    pub(crate) fn of_form(draft: &Draft, form: &str) -> Self {
        let scope = Scope::Form(form.to_string());
        let entries = scope
            .entries(draft)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Self {
            form: form.to_string(),
            scope,
            entries,
        }
    }

    /// Whether the draft's answers in this snapshot's scope differ from it.
    pub(crate) fn differs(&self, draft: &Draft) -> bool {
        !self
            .scope
            .entries(draft)
            .eq(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

impl Scope {
    fn entries<'d>(
        &self,
        draft: &'d Draft,
    ) -> Box<dyn Iterator<Item = (&'d String, &'d Answer)> + 'd> {
        match self {
            Scope::Key(key) => Box::new(draft.answers.get_key_value(key).into_iter()),
            Scope::Group(group) => {
                let rows = format!("{group}[");
                let own = draft.answers.get_key_value(group);
                Box::new(
                    own.into_iter().chain(
                        draft
                            .answers
                            .range(rows.clone()..)
                            .take_while(move |(k, _)| k.starts_with(&rows)),
                    ),
                )
            }
            Scope::Form(form) => {
                let prefix = format!("{form}.");
                Box::new(
                    draft
                        .answers
                        .range(prefix.clone()..)
                        .take_while(move |(k, _)| k.starts_with(&prefix)),
                )
            }
        }
    }
}

/// Puts back the answers of a snapshot (undo); the form counts as changed now, like after
/// any other edit.
pub fn restore(
    forms: &FormSet,
    draft: &mut Draft,
    snapshot: Snapshot,
    today: NaiveDate,
    now: DateTime<Utc>,
) {
    let current: Vec<String> = snapshot
        .scope
        .entries(draft)
        .map(|(k, _)| k.clone())
        .collect();
    for key in current {
        draft.answers.remove(&key);
    }
    draft.answers.extend(snapshot.entries);
    if let Some(form) = forms.form(&snapshot.form) {
        touched(forms, draft, form, today, now);
    }
}

/// Keeps line breaks and tabs, drops every other control character (escape sequences).
pub(crate) fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn one_line(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("give a reason or note".into());
    }
    if text.chars().any(char::is_control) {
        return Err("a reason or note must be one line without control characters".into());
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod paste_tests {
    use super::pasted;

    #[test]
    fn line_breaks_of_every_kind() {
        assert_eq!(pasted("a\rb\r\nc\nd", true), "a\nb\nc\nd");
        // CRLF through a terminal that maps LF to CR: CR CR, one break each pair.
        assert_eq!(
            pasted("One\r\rTwo\r\r\r\rFour\r\r", true),
            "One\nTwo\n\nFour\n"
        );
        assert_eq!(pasted("One\r\rTwo", false), "One Two");
        // Lone CRs (an odd run among them) are a break each.
        assert_eq!(pasted("a\rb\r\rc", true), "a\nb\n\nc");
        assert_eq!(pasted("a\rb\r\nc\nd", false), "a b c d");
        assert_eq!(pasted("one line\r\n", false), "one line");
        assert_eq!(pasted("two\n\n", true), "two\n\n");
    }

    #[test]
    fn escape_sequences_go_whole() {
        assert_eq!(pasted("\u{1b}[31mRED\u{1b}[0m", false), "RED");
        assert_eq!(pasted("\u{1b}[1;38;5;196mX\u{9b}0m", false), "X");
        assert_eq!(
            pasted("\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{1b}\\", false),
            "link"
        );
        assert_eq!(pasted("a\u{1b}(Bb\u{1b}=c", false), "abc");
        assert_eq!(pasted("bell\u{7}\u{0}\u{7f}", false), "bell");
    }

    #[test]
    fn tabs_become_spaces_everywhere() {
        assert_eq!(pasted("a\tb", false), "a    b");
        assert_eq!(pasted("a\tb", true), "a    b");
    }
}

#[cfg(test)]
mod sent_log_tests {
    use super::*;

    #[test]
    fn a_sent_log_day_is_typed_as_an_iso_date() {
        assert_eq!(
            sent_log_day(" 2026-11-24 "),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
        );
        for bad in ["2026-13-01", "24/11/2026", "", "2026-02-30"] {
            let e = sent_log_day(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        for old in ["1899-12-31", "2200-01-01"] {
            let e = sent_log_day(old).unwrap_err();
            assert!(e.contains("1900-01-01 to 2199-12-31"), "{old}: {e}");
        }
    }

    /// The sent log records facts: never after today, an acknowledgement never before
    /// the sending, and a sending never after the acknowledgement already recorded.
    #[test]
    fn sent_log_days_are_facts_in_order() {
        let forms = crate::storage::forms::load(None).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
            .unwrap()
            .to_utc();
        let mut draft = Draft::new(now);
        let day = |d: &str| sent_log_day(d).unwrap();
        let today = day("2026-11-25");
        let form = "agreement-request";
        let e = mark_sent(&forms, &mut draft, form, day("2026-11-26"), today, now).unwrap_err();
        assert!(e.contains("in the future (today is 2026-11-25)"), "{e}");
        let e = acknowledge(
            &forms,
            &mut draft,
            form,
            day("2026-11-26"),
            None,
            today,
            now,
        )
        .unwrap_err();
        assert!(
            e.contains("acknowledged on 2026-11-26: that day is in the future"),
            "{e}"
        );
        assert_eq!(draft.forms.get(form).and_then(|s| s.sent), None);
        mark_sent(&forms, &mut draft, form, day("2026-11-20"), today, now).unwrap();
        let e = acknowledge(
            &forms,
            &mut draft,
            form,
            day("2026-11-19"),
            None,
            today,
            now,
        )
        .unwrap_err();
        assert!(
            e.contains("acknowledged on 2026-11-19 is before Agreement Request Form was sent, on 2026-11-20"),
            "{e}"
        );
        acknowledge(&forms, &mut draft, form, today, None, today, now).unwrap();
        // The same day as the acknowledgement is in order.
        mark_sent(&forms, &mut draft, form, today, today, now).unwrap();
        let e = acknowledge(
            &forms,
            &mut draft,
            form,
            day("2026-11-24"),
            None,
            today,
            now,
        )
        .unwrap_err();
        assert!(
            e.contains("before Agreement Request Form was sent, on 2026-11-25"),
            "{e}"
        );
        let e = mark_sent(&forms, &mut draft, form, day("2026-11-21"), today, now);
        assert!(e.is_ok(), "before the acknowledgement: {e:?}");
    }
}

/// Edits applied with the checks kept item by item ([`apply_kept`], which re-checks what
/// [`crate::domain::form::reach`] says a change reaches) say what whole checks say.
#[cfg(test)]
mod kept_tests {
    use super::*;

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
        let validate = crate::domain::rules::validate::validate_form;
        let others = || forms.forms().iter().filter(|f| f.id != form.id);
        let before: Vec<_> = others().map(|f| validate(forms, draft, f, today)).collect();
        let mut whole = draft.clone();
        let a = apply(forms, &mut whole, key, edit.clone(), today, now).ok()?;
        let b = apply_kept(forms, draft, key, edit, (today, now), kept).ok()?;
        // The other forms the edit names are checked again; the rest did not change.
        let readers = b
            .readers
            .as_ref()
            .expect("an applied edit names what it checked");
        for (other, before) in others().zip(before) {
            let fresh = validate(forms, draft, other, today);
            match readers.iter().find(|r| r.form == other.id) {
                Some(checked) => assert_eq!(*checked, fresh, "{key} = {value:?}"),
                None => assert_eq!(before, fresh, "{key} = {value:?}: {}", other.id),
            }
        }
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
}
