//! Form: the sections with completion marks on the left, the section's fields on the
//! right. Keys go to the focused field's own bindings first, then the row keys, then the
//! form's keys, and what is left is typed into the field. Only the visible part of a
//! section is laid out: a frame costs the same however much of the form is off screen.

use std::cell::OnceCell;
use std::rc::Rc;

use crossterm::event::{KeyEvent, KeyModifiers};

use super::review::{self, ReviewScreen};
use crate::domain::change::edit::{self, Edit};
use crate::domain::draft::Resume;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::eval::Evaluator;
use crate::domain::rules::eval::place_of;
use crate::domain::rules::validate::{FormReport, ItemReports};
use crate::domain::rules::view::{section_places, section_visible};
use crate::domain::values::answer::Key;
use crate::domain::values::status::FormStatus;
use crate::tui::action::Action;
use crate::tui::effect::{Effect, now};
use crate::tui::fields::{Field, Reply};
use crate::tui::keymap::{self, Context};
use crate::tui::popups::prompt::PromptPopup;
use crate::tui::popups::{Popup, Purpose};
use crate::tui::state::{App, READ_ONLY, Session, View};

pub use draw::render;

mod draw;

/// A place the focus can stop on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// Answer path (for a group header, `form.group`).
    pub key: String,
    /// The section's id, shared by its stops.
    pub section: Rc<str>,
    pub header: bool,
}

/// The open form.
#[derive(Debug)]
pub struct FormScreen {
    pub form_id: String,
    pub section: String,
    pub focus: Option<String>,
    pub field: Field,
    pub report: FormReport,
    /// Required answered and total in the draft's other forms (refreshed on open, with
    /// every save and when a form others read changes, so a key validates one form).
    pub others_required: (usize, usize),
    /// The focus stops, listed once and forgotten whenever a change can move them.
    pub stops: OnceCell<Rc<[Stop]>>,
    /// The form's validation item by item, so that leaving a changed field re-checks only
    /// what the change reaches ([`edit::apply_kept`]).
    pub items: Option<ItemReports>,
    /// Opened from this review: Esc goes back to it.
    pub from_review: Option<ReviewScreen>,
    /// Opened from the Deadlines view: Esc goes back to it.
    pub from_deadlines: Option<super::deadlines::DeadlinesScreen>,
}

impl FormScreen {
    /// Required answered and total over the whole draft.
    pub fn draft_required(&self) -> (usize, usize) {
        (
            self.others_required.0 + self.report.required_answered,
            self.others_required.1 + self.report.required_total,
        )
    }

    /// Whether the focus is on a group's header.
    pub fn on_header(&self) -> bool {
        matches!(self.field, Field::Group(_))
    }

    /// Whether the focus is on a field inside a group's row.
    pub fn in_row(&self) -> bool {
        self.focused_key().is_some_and(|k| k.row.is_some())
    }

    pub fn focused_key(&self) -> Option<Key> {
        Key::parse(self.focus.as_deref()?).ok()
    }
}

/// Required answered and total in every form but `except`.
pub fn others_required(app: &App, s: &Session, except: &str) -> (usize, usize) {
    let others = app.forms.forms().iter().filter(|f| f.id != except);
    others
        .map(|f| s.report(&app.forms, f, app.today))
        .fold((0, 0), |(answered, total), r| {
            (answered + r.required_answered, total + r.required_total)
        })
}

fn screen(app: &App) -> Option<&FormScreen> {
    app.form_screen()
}

fn screen_mut(app: &mut App) -> Option<&mut FormScreen> {
    match &mut app.session_mut()?.view {
        View::Form(f) => Some(f),
        _ => None,
    }
}

/// Opens a form at a field (or its first one).
pub fn open(app: &mut App, id: &str, field: Option<String>) {
    commit(app, false);
    let Some(form) = app.forms.form(id) else {
        return;
    };
    let Some(s) = app.session() else { return };
    // Kept item by item: leaving a changed field re-checks only what it reaches.
    let items = ItemReports::new(&app.forms, &s.draft, form, app.today).stamped(&s.draft);
    let report = s.counted(&app.forms, form, items.report(&s.draft, form));
    let others_required = others_required(app, s, id);
    let screen = FormScreen {
        form_id: id.into(),
        section: form
            .sections
            .first()
            .map(|x| x.id.clone())
            .unwrap_or_default(),
        focus: None,
        field: Field::None,
        report,
        others_required,
        stops: OnceCell::new(),
        items: Some(items),
        from_review: None,
        from_deadlines: None,
    };
    let finalized = s.draft.status(id) == FormStatus::Finalized;
    let journey = app
        .forms
        .forms()
        .iter()
        .position(|f| f.id == id)
        .unwrap_or(0);
    if let Some(s) = app.session_mut() {
        s.view = View::Form(Box::new(screen));
        s.journey_cursor = journey;
    }
    let stops = stops(app);
    let target = field
        .filter(|k| stops.iter().any(|s| s.key == *k))
        .or_else(|| stops.first().map(|s| s.key.clone()));
    match target {
        Some(key) => focus(app, Some(key)),
        None => {
            let first = visible_sections(app).into_iter().next();
            if let (Some(sec), Some(f)) = (first, screen_mut(app)) {
                f.section = sec;
            }
        }
    }
    if finalized {
        let reopen = keymap::shown_for(Context::Review, Action::Reopen).unwrap_or("u");
        app.info(format!(
            "This form is finalized: read-only until reopened from the review ({reopen})."
        ));
    }
}

/// Marks the open form as reached from a review (Esc goes back there).
/// The form was opened from the Deadlines view: Esc goes back to it.
pub fn came_from_deadlines(app: &mut App, from: super::deadlines::DeadlinesScreen) {
    if let Some(f) = screen_mut(app) {
        f.from_deadlines = Some(from);
    }
}

pub fn came_from_review(app: &mut App, review: ReviewScreen) {
    if let Some(f) = screen_mut(app) {
        f.from_review = Some(review);
    }
}

/// Ids of the sections shown (conditions can hide whole sections).
pub fn visible_sections(app: &App) -> Vec<String> {
    let (Some(f), Some(s)) = (screen(app), app.session()) else {
        return Vec::new();
    };
    let Some(form) = app.forms.form(&f.form_id) else {
        return Vec::new();
    };
    let eval = Evaluator::new(&app.forms, &s.draft);
    form.sections
        .iter()
        .filter(|section| section_visible(&eval, form, section))
        .map(|section| section.id.clone())
        .collect()
}

/// Every place the focus can stop on, in order (shared, not copied, with each call).
pub fn stops(app: &App) -> Rc<[Stop]> {
    let (Some(f), Some(s)) = (screen(app), app.session()) else {
        return Rc::from([]);
    };
    let Some(form) = app.forms.form(&f.form_id) else {
        return Rc::from([]);
    };
    f.stops
        .get_or_init(|| {
            let eval = Evaluator::new(&app.forms, &s.draft);
            let mut out = Vec::new();
            for section in &form.sections {
                let id: Rc<str> = Rc::from(section.id.as_str());
                for place in section_places(&eval, form, section) {
                    let header = place.row.is_none() && place.field.kind.group_fields().is_some();
                    if header || place.field.kind.is_input() {
                        out.push(Stop {
                            key: place.path(),
                            section: id.clone(),
                            header,
                        });
                    }
                }
            }
            Rc::from(out)
        })
        .clone()
}

/// Moves the focus to a stop (or nowhere), building the field's editor.
pub fn focus(app: &mut App, key: Option<String>) {
    let stops = stops(app);
    let key = key.filter(|k| stops.iter().any(|s| s.key == *k));
    let field = key.as_deref().map_or(Field::None, |k| editor_for(app, k));
    let Some(s) = app.session_mut() else { return };
    let View::Form(f) = &mut s.view else { return };
    if let Some(k) = &key {
        if let Some(stop) = stops.iter().find(|s| s.key == *k) {
            f.section = stop.section.to_string();
        }
        // Where the user is goes out with the next save (and on quit), not on its own.
        s.draft.resume = Some(Resume {
            form: f.form_id.clone(),
            field: k.clone(),
        });
    }
    f.field = field;
    f.focus = key;
}

/// The editor of the field at `path`, holding its answer.
fn editor_for(app: &App, path: &str) -> Field {
    let (Some(s), Ok(key)) = (app.session(), Key::parse(path)) else {
        return Field::None;
    };
    let Some(form) = app.forms.form(&key.form) else {
        return Field::None;
    };
    let Some(place) = place_of(form, &key) else {
        return Field::None;
    };
    let preferred = crate::domain::rules::options::preferred_options(&app.forms, &s.draft, &key);
    if place.field.kind.group_fields().is_some() && key.row.is_none() {
        return Field::Group(crate::tui::fields::group::GroupField);
    }
    let answer = s.draft.answer(&key);
    let mut field = Field::new(&place.field.kind, answer, &preferred);
    // A new row's state starts on a state no other row of the group has.
    if let (Field::Choice(choice), FieldKind::State { .. }, Some(row), None) =
        (&mut field, &place.field.kind, &key.row, answer)
    {
        let used: Vec<String> = (1..=s.draft.rows(&key.form, &key.field))
            .filter(|&i| i != row.index)
            .filter_map(|i| {
                let other = Key::in_row(&key.form, &key.field, i, &row.field);
                match s.draft.answer(&other) {
                    Some(crate::domain::values::answer::Answer::Text(v)) => Some(v.clone()),
                    _ => None,
                }
            })
            .collect();
        choice.avoid(&used);
    }
    if let Some(default) = crate::domain::rules::defaults::offered(&app.forms, &s.draft, &key) {
        match &mut field {
            Field::Text(text) => text.offer(crate::text::visible(&default).into_owned()),
            Field::Date(date) => date.offer(crate::text::visible(&default).into_owned()),
            Field::Choice(choice) => choice.offer(&default),
            Field::Multi(multi) => multi.offer(&default),
            _ => {}
        }
    }
    field
}

/// Stores what the focused field holds and has not stored yet (typed text, the one
/// option a filter leaves). `quiet` keeps the status line as it is (autosave).
pub fn commit(app: &mut App, quiet: bool) {
    let Some(f) = screen_mut(app) else { return };
    let (Some(key), Some(edit)) = (f.focus.clone(), f.field.pending()) else {
        return;
    };
    f.field.stored();
    apply(app, &key, edit, quiet);
}

/// Applies an edit to the draft and re-validates; says how it went in the status line.
pub fn apply(app: &mut App, key: &str, edit: Edit, quiet: bool) -> bool {
    let Some((forms, today, s)) = app.split() else {
        return false;
    };
    let mut result = s.apply(forms, today, key, edit);
    if let Ok(applied) = &result {
        s.document_answered(forms, applied);
    }
    let report = result.as_mut().ok().and_then(|a| a.report.take());
    let same_layout = result.as_ref().is_ok_and(|a| a.same_layout);
    revalidate_kept(app, report, same_layout);
    match result {
        Ok(applied) if quiet => drop(applied),
        Ok(applied) => {
            if let Some(why) = applied.invalid {
                app.error(format!("Kept as typed, but {why}"));
            } else if let Some(w) = applied.warning {
                app.info(format!("Note: {w}"));
            }
        }
        Err(message) => {
            app.error(message);
            return false;
        }
    }
    true
}

/// Re-validates the open form after a change (`done` is its validation when the edit
/// already did it).
pub fn revalidate(app: &mut App, done: Option<FormReport>) {
    revalidate_kept(app, done, false);
}

/// [`revalidate`]; `same_layout` keeps the focus stops (the change cannot move them).
fn revalidate_kept(app: &mut App, done: Option<FormReport>, same_layout: bool) {
    let Some(s) = app.session() else { return };
    let View::Form(f) = &s.view else { return };
    let Some(form) = app.forms.form(&f.form_id) else {
        return;
    };
    let report = match done {
        Some(report) if report.form == form.id => s.counted(&app.forms, form, report),
        _ => s.report(&app.forms, form, app.today),
    };
    // Only forms that others read (the profile...) change the others' totals.
    let others = app
        .forms
        .is_read_by_others(&f.form_id)
        .then(|| others_required(app, s, &f.form_id));
    if let Some(f) = screen_mut(app) {
        f.report = report;
        if !same_layout {
            f.stops = OnceCell::new();
        }
        if let Some(o) = others {
            f.others_required = o;
        }
    }
}

/// Moves the focus by `delta` stops, storing what was typed first. Never blocked.
pub fn move_focus(app: &mut App, delta: isize) {
    commit(app, false);
    let stops = stops(app);
    if stops.is_empty() {
        return;
    }
    let current = screen(app).and_then(|f| f.focus.clone());
    let at = stops.iter().position(|s| Some(&s.key) == current.as_ref());
    let next = match at {
        Some(i) => (i as isize + delta).clamp(0, stops.len() as isize - 1) as usize,
        None => 0,
    };
    if delta > 0 && at == Some(stops.len() - 1) {
        let review = keymap::shown_for(Context::Form, Action::Review).unwrap_or("Ctrl-R");
        app.info(format!("End of the form: {review} to review it."));
        return;
    }
    focus(app, Some(stops[next].key.clone()));
    last_of_row(app, &stops, next);
}

/// On the last field of a group's last row: says what comes next, another row or on.
fn last_of_row(app: &mut App, stops: &[Stop], at: usize) {
    let Ok(key) = Key::parse(&stops[at].key) else {
        return;
    };
    let Some(row) = key.row.as_ref().map(|r| r.index) else {
        return;
    };
    let next_in_row = stops
        .get(at + 1)
        .and_then(|s| Key::parse(&s.key).ok())
        .is_some_and(|k| k.in_row_of(&key.form, &key.field, row));
    let last_row = app
        .session()
        .is_some_and(|s| s.draft.rows(&key.form, &key.field) == row);
    if next_in_row || !last_row {
        return;
    }
    let add = keymap::shown_for(Context::Row, Action::AddRow).unwrap_or("Alt-A");
    let section = keymap::shown_for(Context::Form, Action::NextSection).unwrap_or("PgDn");
    app.info(format!(
        "Last field of row {row}: {add} adds another row; Tab goes on, {section} to the next section."
    ));
}

fn move_section(app: &mut App, delta: isize) {
    commit(app, false);
    let sections = visible_sections(app);
    let Some(current) = screen(app).map(|f| f.section.clone()) else {
        return;
    };
    let i = sections.iter().position(|s| *s == current).unwrap_or(0) as isize;
    let Some(target) = sections
        .get((i + delta).clamp(0, sections.len() as isize - 1) as usize)
        .cloned()
    else {
        return;
    };
    let first = stops(app)
        .iter()
        .find(|s| *s.section == *target)
        .map(|s| s.key.clone());
    match first {
        Some(key) => focus(app, Some(key)),
        None => {
            focus(app, None);
            if let Some(f) = screen_mut(app) {
                f.section = target;
            }
        }
    }
}

/// A key on the form: the field's own keys, the row keys, the form's keys, typing. A key
/// that only changed the text being typed (in the same number of lines) says so, so the
/// frame redraws that field alone.
pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let rows = screen(app).map(|f| f.field.rows());
    let effects = route_key(app, key);
    if app.typed {
        app.typed = rows.is_some() && screen(app).map(|f| f.field.rows()) == rows;
    }
    effects
}

fn route_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let today = app.today;
    let Some(f) = screen_mut(app) else {
        return Vec::new();
    };
    if let Some(context) = f.field.context()
        && let Some(action) = keymap::lookup(context, &key)
    {
        let reply = f.field.on_action(action, today);
        if reply != Reply::Ignored {
            return on_reply(app, reply);
        }
        if context == Context::Group {
            return handle(app, action);
        }
    }
    let Some(f) = screen(app) else {
        return Vec::new();
    };
    if f.in_row()
        && key.modifiers.contains(KeyModifiers::ALT)
        && let Some(action) = keymap::lookup(Context::Row, &key)
    {
        return handle(app, action);
    }
    if let Some(action) = keymap::lookup(Context::Form, &key) {
        return handle(app, action);
    }
    let Some(f) = screen_mut(app) else {
        return Vec::new();
    };
    let reply = f.field.on_key(key);
    on_reply(app, reply)
}

/// What the field asked for.
fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    let key = screen(app).and_then(|f| f.focus.clone());
    match (reply, key) {
        (Reply::Typed, _) => {
            if let Some(s) = app.session_mut() {
                s.mark_dirty();
            }
            app.typed = true;
        }
        (Reply::Moved, _) => app.typed = true,
        (Reply::Set(edit), Some(key)) => {
            let stored = apply(app, &key, edit, false);
            if !stored {
                focus(app, Some(key));
            }
        }
        (Reply::SetAndNext(edit), Some(key)) => {
            if apply(app, &key, edit, false) {
                move_focus(app, 1);
            } else {
                focus(app, Some(key));
            }
        }
        (Reply::Next, _) => move_focus(app, 1),
        (Reply::Prev, _) => move_focus(app, -1),
        (Reply::External(text), _) => return vec![Effect::ExternalEdit { text }],
        _ => {}
    }
    Vec::new()
}

/// A form-wide action.
pub fn handle(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::NextField => move_focus(app, 1),
        Action::PrevField => move_focus(app, -1),
        Action::NextSection => move_section(app, 1),
        Action::PrevSection => move_section(app, -1),
        Action::Back => return leave(app),
        Action::Review => {
            if let Some(id) = screen(app).map(|f| f.form_id.clone()) {
                return review::open(app, &id);
            }
        }
        Action::NotApplicable | Action::AskLater => ask_reason(app, action),
        Action::ClearAnswer => {
            if let Some(key) = screen(app)
                .filter(|f| !f.on_header())
                .and_then(|f| f.focus.clone())
            {
                apply(app, &key, Edit::Clear, false);
                focus(app, Some(key));
            }
        }
        Action::Undo => undo(app),
        Action::AddRow => add_row(app),
        Action::RemoveRow => remove_row(app),
        Action::MoveRowUp => move_row(app, -1),
        Action::MoveRowDown => move_row(app, 1),
        _ => {}
    }
    Vec::new()
}

fn leave(app: &mut App) -> Vec<Effect> {
    commit(app, false);
    let deadlines = screen_mut(app).and_then(|f| f.from_deadlines.take());
    let back = screen_mut(app).and_then(|f| f.from_review.take());
    if let Some(r) = back {
        // Back to the review: a document answer may have changed.
        return review::show(app, r);
    }
    if let Some(s) = app.session_mut() {
        s.view = match deadlines {
            Some(d) => View::Deadlines(d),
            None => View::Journey,
        };
    }
    Vec::new()
}

fn ask_reason(app: &mut App, action: Action) {
    commit(app, false);
    let Some(key) = screen(app)
        .filter(|f| !f.on_header())
        .and_then(|f| f.focus.clone())
    else {
        return;
    };
    let popup = match action {
        Action::NotApplicable => PromptPopup::new(
            "Not applicable",
            "Why does this not apply?",
            "",
            Purpose::NotApplicable(key),
        ),
        _ => PromptPopup::new(
            "Ask later",
            "Who to ask, or what is missing?",
            "",
            Purpose::AskLater(key),
        ),
    };
    app.popups.push(Popup::Prompt(Box::new(popup)));
}

/// Stores a reason or note typed in a prompt; the error is for the prompt to show.
pub fn set_special(app: &mut App, key: &str, edit: Edit) -> Result<(), String> {
    let Some((forms, today, s)) = app.split() else {
        return Err("no draft is open".into());
    };
    s.apply(forms, today, key, edit)?;
    revalidate(app, None);
    focus(app, Some(key.to_string()));
    Ok(())
}

/// Ctrl-Z: typing not stored yet first, then the last stored change.
fn undo(app: &mut App) {
    if let Some(f) = screen_mut(app)
        && f.field.undo_typing()
    {
        if let Some(s) = app.session_mut() {
            s.mark_dirty();
        }
        return;
    }
    let Some((forms, today, s)) = app.split() else {
        return;
    };
    match s.undo(forms, today) {
        Ok(true) => {
            revalidate(app, None);
            let key = screen(app).and_then(|f| f.focus.clone());
            let stops = stops(app);
            let key = key
                .filter(|k| stops.iter().any(|s| s.key == *k))
                .or_else(|| stops.first().map(|s| s.key.clone()));
            focus(app, key);
            app.info("Undone.");
        }
        Ok(false) => app.info("Nothing to undo."),
        Err(e) => app.error(e),
    }
}

/// The form, group and row of the focus (row `None` on the header).
fn group_of_focus(app: &App) -> Option<(String, String, Option<usize>)> {
    let key = screen(app)?.focused_key()?;
    Some((
        key.form.clone(),
        key.field.clone(),
        key.row.map(|r| r.index),
    ))
}

fn add_row(app: &mut App) {
    commit(app, false);
    let Some((form, group, _)) = group_of_focus(app) else {
        return;
    };
    let Some((forms, today, s)) = app.split() else {
        return;
    };
    if s.read_only() {
        return app.error(READ_ONLY);
    }
    s.remember(edit::Snapshot::of_group(&s.draft, &form, &group));
    match edit::add_row(forms, &mut s.draft, &form, &group, today, now()) {
        Ok(n) => {
            s.mark_dirty();
            revalidate(app, None);
            let first = stops(app)
                .iter()
                .find(|s| Key::parse(&s.key).is_ok_and(|k| k.in_row_of(&form, &group, n)))
                .map(|s| s.key.clone());
            focus(app, first);
            app.info(format!("Added row {n}"));
        }
        Err(e) => {
            s.undo.pop();
            app.error(e.to_string());
        }
    }
}

fn remove_row(app: &mut App) {
    let Some((form, group, Some(index))) = group_of_focus(app) else {
        return;
    };
    commit(app, false);
    let row = format!("{}[{index}]", Key::new(&form, &group));
    if apply(app, &row, Edit::Clear, true) {
        focus(app, Some(Key::new(&form, &group).to_string()));
        let undo = keymap::shown_for(Context::Form, Action::Undo).unwrap_or("Ctrl-Z");
        app.info(format!("Removed row {index} ({undo} brings it back)"));
    }
}

fn move_row(app: &mut App, delta: isize) {
    let Some((form, group, Some(index))) = group_of_focus(app) else {
        return;
    };
    commit(app, false);
    let Some((forms, today, s)) = app.split() else {
        return;
    };
    if s.read_only() {
        return app.error(READ_ONLY);
    }
    let target = index as isize + delta;
    if target < 1 || target as usize > s.draft.rows(&form, &group) {
        return;
    }
    let target = target as usize;
    s.remember(edit::Snapshot::of_group(&s.draft, &form, &group));
    if let Err(e) = edit::swap_rows(
        forms,
        &mut s.draft,
        &form,
        &group,
        index,
        target,
        today,
        now(),
    ) {
        s.undo.pop();
        return app.error(e.to_string());
    }
    s.mark_dirty();
    revalidate(app, None);
    let moved = screen(app)
        .and_then(|f| f.focused_key())
        .map(|k| k.with_row_index(target).to_string());
    focus(app, moved);
}

/// Pasted text, made fit for the focused field.
pub fn paste(app: &mut App, text: &str) {
    let Some(f) = screen_mut(app) else { return };
    let clean = edit::pasted(text, f.field.multi_line());
    if f.field.paste(&clean)
        && let Some(s) = app.session_mut()
    {
        s.mark_dirty();
    }
}

/// What `$EDITOR` left (or why it failed).
pub fn external_done(app: &mut App, result: Result<String, String>) {
    match result {
        Ok(text) => {
            if let Some(f) = screen_mut(app) {
                let text = edit::pasted(&text, f.field.multi_line());
                f.field.set_text(&text);
            }
            commit(app, false);
        }
        Err(e) => app.error(e),
    }
}
