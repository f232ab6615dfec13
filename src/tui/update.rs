//! The router: an open dialog first (it takes the key or lets Ctrl-Q through), then the
//! keys that work everywhere, then the screen, then (on a form) the focused field. It
//! changes the state and returns effects; results come back through [`App::outcome`].

use std::time::{Duration, Instant};

use chrono::Local;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

use super::Redraw;
use super::action::Action;
use super::effect::{AfterSave, DraftChange, Effect, ExportResult, Outcome, now};
use super::keymap::{self, Context};
use super::popups::confirm::ConfirmPopup;
use super::popups::export::CHOICES;
use super::popups::help::HelpPopup;
use super::popups::message::MessagePopup;
use super::popups::{Popup, PopupReply, Purpose};
use super::screens::home::DraftRow;
use super::screens::{deadlines, form, home, journey, review};
use super::state::{AUTOSAVE_DELAY, App, Route, Session, View};
use crate::domain::change::edit::Edit;
use crate::domain::values::status::FormStatus;

impl App {
    /// What to do first: open the draft asked for, or list the drafts (the list is read
    /// when the drafts screen is reached, not before a draft opened directly).
    pub fn start(&mut self, draft: Option<&str>, form: Option<&str>) -> Vec<Effect> {
        match draft {
            Some(name) => vec![Effect::OpenDraft {
                name: name.into(),
                form: form.map(str::to_string),
                create: true,
            }],
            None => vec![Effect::ListDrafts],
        }
    }

    /// One terminal event. A key that only changed the text being typed asks for a
    /// typing-only frame; everything else redraws the whole screen.
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        self.typed = false;
        // A message belongs to the action that made it: the next one (a key, a paste)
        // clears it; a dialog's keys carry on the action that opened it.
        let action = matches!(&event, Event::Key(k) if k.kind != KeyEventKind::Release)
            || matches!(event, Event::Paste(_));
        if action && self.popups.is_empty() {
            self.clear_status();
        }
        let effects = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Event::Key(_) | Event::FocusGained | Event::FocusLost | Event::Mouse(_) => {
                return Vec::new();
            }
            Event::Resize(..) => Vec::new(),
        };
        self.redraw(if self.typed {
            Redraw::Typing
        } else {
            Redraw::Everything
        });
        let mut effects = effects;
        if let Some(s) = self.session_mut() {
            effects.extend(s.to_stamp.drain(..).map(Effect::StampDocument));
            effects.extend(checks(s));
        }
        effects
    }

    /// One key: dialog, keys that work everywhere, screen, field.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // For the end-to-end test of crash handling only.
        if key.code == KeyCode::F(12) && std::env::var_os("CLEC_WIZARD_TEST_PANIC").is_some() {
            panic!("F12 pressed with CLEC_WIZARD_TEST_PANIC set");
        }
        if !self.popups.is_empty() {
            return self.popup_key(key);
        }
        let typing =
            keymap::is_typing(&key) && self.form_screen().is_some_and(|f| f.field.takes_text());
        if !typing && let Some(action) = keymap::lookup(Context::Global, &key) {
            return self.update(action);
        }
        let view = match &self.route {
            Route::Home => None,
            Route::Draft(s) => Some(match s.view {
                View::Journey => Context::Journey,
                View::Form(_) => Context::Form,
                View::Review(_) => Context::Review,
                View::Deadlines(_) => Context::Deadlines,
            }),
        };
        match view {
            None => {
                keymap::lookup(Context::Home, &key).map_or_else(Vec::new, |a| home::handle(self, a))
            }
            Some(Context::Form) => form::handle_key(self, key),
            Some(Context::Journey) => keymap::lookup(Context::Journey, &key)
                .map_or_else(Vec::new, |a| journey::handle(self, a)),
            Some(Context::Deadlines) => keymap::lookup(Context::Deadlines, &key)
                .map_or_else(Vec::new, |a| deadlines::handle(self, a)),
            Some(_) => keymap::lookup(Context::Review, &key)
                .map_or_else(Vec::new, |a| review::handle(self, a)),
        }
    }

    /// The actions that work everywhere.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => self.quit(),
            Action::Save => {
                form::commit(self, false);
                self.session_mut()
                    .and_then(|s| s.save_effect(false, AfterSave::Nothing))
                    .into_iter()
                    .collect()
            }
            Action::Help => {
                self.popups
                    .push(Popup::Help(HelpPopup::new(self.contexts())));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The keymap contexts of what has focus, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if let Some(p) = self.popups.last() {
            return vec![p.context(), Context::Global];
        }
        let view = match self.session().map(|s| &s.view) {
            None => vec![Context::Home],
            Some(View::Journey) => vec![Context::Journey],
            Some(View::Review(_)) => vec![Context::Review],
            Some(View::Deadlines(_)) => vec![Context::Deadlines],
            // A read-only form: its fields take nothing, only the form's keys move.
            Some(View::Form(_)) if self.form_locked() => vec![Context::Form],
            Some(View::Form(f)) => {
                let mut v: Vec<Context> = f.field.context().into_iter().collect();
                if f.in_row() {
                    v.push(Context::Row);
                }
                v.push(Context::Form);
                v
            }
        };
        view.into_iter().chain([Context::Global]).collect()
    }

    /// Whether the open form takes no change: finalized, or the draft is open elsewhere.
    fn form_locked(&self) -> bool {
        match (self.session(), self.form_screen()) {
            (Some(s), Some(f)) => {
                s.read_only() || s.draft.status(&f.form_id) == FormStatus::Finalized
            }
            _ => false,
        }
    }

    /// Whether a binding of [`App::contexts`] does something where the focus is: the
    /// footer offers only those. No edit on a read-only form, no answer on a group's
    /// header; on the review, finalize when there is something to finalize, reopen a
    /// finalized form, sent and acknowledged for a form that is sent to someone (the
    /// help lists them all).
    pub fn offers(&self, b: &keymap::Binding) -> bool {
        let Some(s) = self.session() else {
            return true;
        };
        let sent_to_someone = |id: &str| self.forms.form(id).is_some_and(|f| f.submit_to.is_some());
        match &s.view {
            View::Form(f) => {
                let answer = matches!(
                    b.action,
                    Action::NotApplicable | Action::AskLater | Action::ClearAnswer
                );
                let refused = (f.on_header() && answer) || (self.form_locked() && b.action.edits());
                !refused
            }
            View::Review(r) => {
                let finalized = s.draft.status(&r.form_id) == FormStatus::Finalized;
                match b.action {
                    Action::Finalize => {
                        !s.read_only()
                            && (!finalized || review::changed_since_finalized(self, s, &r.form_id))
                    }
                    Action::Reopen => !s.read_only() && finalized,
                    Action::MarkSent | Action::MarkAcknowledged => {
                        !s.read_only() && sent_to_someone(&r.form_id)
                    }
                    _ => true,
                }
            }
            View::Journey => match b.action {
                Action::MarkSent | Action::MarkAcknowledged => {
                    let ids = journey::form_ids(self);
                    !s.read_only()
                        && ids
                            .get(s.journey_cursor)
                            .is_some_and(|id| sent_to_someone(id))
                }
                _ => true,
            },
            View::Deadlines(_) => true,
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        match self.save_typing(AfterSave::Quit) {
            Some(save) => vec![save],
            None => {
                self.running = false;
                Vec::new()
            }
        }
    }

    fn paste(&mut self, text: &str) {
        let one_line = || crate::domain::change::edit::pasted(text, false);
        match self.popups.last_mut() {
            Some(Popup::Prompt(p)) => {
                p.input.insert(&one_line());
            }
            Some(Popup::Sent(p)) => {
                p.date.insert(&one_line());
            }
            Some(Popup::Acknowledged(p)) if p.on_reference => {
                p.reference.insert(&one_line());
            }
            Some(Popup::Acknowledged(p)) => {
                p.date.insert(&one_line());
            }
            Some(_) => {}
            None => form::paste(self, text),
        }
    }

    fn popup_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(popup) = self.popups.last_mut() else {
            return Vec::new();
        };
        let global = keymap::lookup(Context::Global, &key);
        if global == Some(Action::Quit) && popup.lets_quit() {
            self.popups.clear();
            return self.quit();
        }
        // Help over a dialog, its keys first (`?` only where nothing is typed).
        let typed = matches!(
            popup,
            Popup::Prompt(_) | Popup::Sent(_) | Popup::Acknowledged(_)
        ) && keymap::is_typing(&key);
        if global == Some(Action::Help) && !typed && !matches!(popup, Popup::Help(_)) {
            let help = HelpPopup::new(self.contexts());
            self.popups.push(Popup::Help(help));
            return Vec::new();
        }
        match popup.handle(key) {
            PopupReply::Stay => Vec::new(),
            PopupReply::Close => {
                self.popups.pop();
                Vec::new()
            }
            PopupReply::Confirmed(purpose, text) => self.confirmed(purpose, text),
            PopupReply::Sent { form, on } => self.sent_log(&form, on, None),
            PopupReply::Acknowledged {
                form,
                on,
                reference,
            } => self.sent_log(&form, on, Some(reference)),
            PopupReply::Export(choice) => self.export(choice),
            PopupReply::Restore(entry) => vec![Effect::Change(DraftChange::Restored {
                entry,
                name: String::new(),
            })],
            PopupReply::OpenFile => match (self.popups.last(), self.session()) {
                (Some(Popup::Export(e)), Some(s)) => vec![Effect::OpenEmail {
                    name: s.name.clone(),
                    draft: Box::new(s.draft.clone()),
                    form: e.form.clone(),
                    written: e.email().cloned(),
                }],
                _ => Vec::new(),
            },
        }
    }

    fn confirmed(&mut self, purpose: Purpose, text: String) -> Vec<Effect> {
        let effect = match purpose {
            Purpose::NewDraft => Effect::Change(DraftChange::Created(text)),
            Purpose::Duplicate(from) => Effect::Change(DraftChange::Copied { from, to: text }),
            Purpose::Rename(from) => Effect::Change(DraftChange::Renamed { from, to: text }),
            Purpose::Delete(name) => Effect::Change(DraftChange::Deleted(name)),
            Purpose::NotApplicable(key) => return self.special(&key, Edit::NotApplicable(text)),
            Purpose::AskLater(key) => return self.special(&key, Edit::AskLater(text)),
            Purpose::QuitWithoutSaving => {
                self.running = false;
                return Vec::new();
            }
            Purpose::Finalize(id) => {
                self.popups.pop();
                review::finalize(self, &id, true);
                return Vec::new();
            }
            Purpose::Reopen(id) => {
                self.popups.pop();
                review::reopen(self, &id, true);
                return Vec::new();
            }
        };
        vec![effect]
    }

    /// Records the day a form was sent, or CenturyLink's acknowledgement (with a
    /// reference), by the command line's domain functions; saved at once.
    fn sent_log(
        &mut self,
        form: &str,
        on: chrono::NaiveDate,
        reference: Option<String>,
    ) -> Vec<Effect> {
        let Some((forms, _, s)) = self.split() else {
            return Vec::new();
        };
        let done = match &reference {
            None => crate::domain::change::edit::mark_sent(forms, &mut s.draft, form, on, now()),
            Some(r) => crate::domain::change::edit::acknowledge(
                forms,
                &mut s.draft,
                form,
                on,
                Some(r.as_str()),
                now(),
            ),
        };
        if let Err(e) = done {
            self.prompt_error(e);
            return Vec::new();
        }
        let save = s.save_effect(false, AfterSave::Nothing);
        self.popups.pop();
        let what = match reference {
            None => format!("Recorded: sent on {on}."),
            Some(_) => format!("Recorded: acknowledged on {on}."),
        };
        match crate::domain::change::edit::future_day(on, self.today) {
            Some(warning) => self.error(format!("{what} Note: {warning}.")),
            None => self.info(what),
        }
        save.into_iter().collect()
    }

    fn special(&mut self, key: &str, edit: Edit) -> Vec<Effect> {
        match form::set_special(self, key, edit) {
            Ok(()) => {
                self.popups.pop();
            }
            Err(message) => self.prompt_error(message),
        }
        Vec::new()
    }

    fn prompt_error(&mut self, message: String) {
        match self.popups.last_mut() {
            Some(Popup::Prompt(p)) => p.error = Some(message),
            Some(Popup::Sent(p)) => p.error = Some(message),
            Some(Popup::Acknowledged(p)) => p.error = Some(message),
            Some(Popup::Trash(p)) => p.error = Some(message),
            _ => self.popups.push(Popup::Message(MessagePopup {
                title: "Error".into(),
                text: message,
            })),
        }
    }

    fn export(&mut self, choice: usize) -> Vec<Effect> {
        form::commit(self, true);
        let Some(Popup::Export(p)) = self.popups.last() else {
            return Vec::new();
        };
        let (form, overwrite) = (p.form.clone(), p.overwrite);
        let Some(s) = self.session() else {
            return Vec::new();
        };
        vec![Effect::Export {
            name: s.name.clone(),
            draft: Box::new(s.draft.clone()),
            form,
            format: CHOICES[choice].1,
            overwrite,
        }]
    }

    /// Work that is due: the autosave. It saves the text being typed too, without storing
    /// it in the field (that happens when the field is left): the screen stays as it is
    /// but for the status line.
    pub fn tick(&mut self, now: Instant) -> Vec<Effect> {
        let due = self
            .session()
            .and_then(|s| s.save.dirty_since)
            .is_some_and(|d| now >= d + AUTOSAVE_DELAY);
        let saving = self.session().is_some_and(|s| s.save.saving);
        if !due || saving {
            return Vec::new();
        }
        self.redraw(Redraw::Status);
        self.save_typing(AfterSave::Nothing).into_iter().collect()
    }

    /// The save of the draft with the text being typed as it would be stored (the field
    /// keeps it as typed until it is left), if this window may save.
    pub fn save_typing(&mut self, then: AfterSave) -> Option<Effect> {
        let typing = self
            .form_screen()
            .and_then(|f| Some((f.focus.clone()?, f.field.pending()?)));
        let (forms, today, s) = self.split()?;
        s.save_effect_with(forms, today, typing, then)
    }

    /// How long until [`App::tick`] has something to do.
    pub fn next_tick(&self, now: Instant) -> Option<Duration> {
        let since = self.session()?.save.dirty_since?;
        Some((since + AUTOSAVE_DELAY).saturating_duration_since(now))
    }

    /// What an effect did.
    pub fn outcome(&mut self, outcome: Outcome) -> Vec<Effect> {
        if !matches!(
            outcome,
            Outcome::Saved {
                result: Ok(()),
                then: AfterSave::Nothing
            }
        ) {
            self.redraw(Redraw::Everything);
        }
        match outcome {
            Outcome::Drafts(listed, error) => {
                let (forms, today) = (&self.forms, self.today);
                self.home.rows = listed
                    .into_iter()
                    .map(|(n, d)| DraftRow::new(forms, today, n, d))
                    .collect();
                let selected = (self.home.select.take())
                    .and_then(|name| self.home.rows.iter().position(|r| r.name == name));
                self.home.cursor = selected
                    .unwrap_or(self.home.cursor)
                    .min(self.home.rows.len().saturating_sub(1));
                if let Some(e) = error {
                    self.error(e);
                }
            }
            Outcome::Opened {
                name,
                draft,
                lock,
                form,
                created,
            } => {
                self.opened(name, *draft, lock, form);
                let ids: Vec<String> = self.forms.forms().iter().map(|f| f.id.clone()).collect();
                if let Some(s) = self.session_mut() {
                    if created {
                        // Written by the autosave in a moment (or on quitting).
                        s.mark_dirty();
                    }
                    // Every form's documents, as its open items count them.
                    s.to_check.extend(ids);
                    return checks(s);
                }
            }
            Outcome::OpenFailed { error, .. } => {
                self.popups.push(Popup::Message(MessagePopup {
                    title: "Cannot open the draft".into(),
                    text: error,
                }));
                // Opened directly, the drafts screen behind it is not listed yet.
                return vec![Effect::ListDrafts];
            }
            Outcome::Changed(result) => return self.changed(result),
            Outcome::Trash(Ok(list)) if list.is_empty() => {
                self.info("The trash is empty: no deleted draft to bring back.")
            }
            Outcome::Trash(Ok(list)) => self
                .popups
                .push(Popup::Trash(super::popups::trash::TrashPopup::new(list))),
            Outcome::Trash(Err(e)) => self.error(format!("Cannot read the trash: {e}")),
            Outcome::Saved { result, then } => return self.saved(result, then),
            Outcome::Exported(result) => self.exported(result),
            Outcome::Edited(result) => form::external_done(self, result),
            Outcome::DocumentStamped(doc, Some(stamp)) => {
                if let Some(s) = self.session_mut() {
                    s.document_stamped(&doc, stamp);
                    return checks(s);
                }
            }
            Outcome::DocumentStamped(_, None) => {}
            Outcome::DocumentsChecked { form, problems } => {
                review::documents_checked(self, &form, problems)
            }
            Outcome::CalendarWritten(Ok((path, events))) => self.info(format!(
                "Wrote {} to {}: import it into your calendar; importing a later one updates them.",
                crate::text::count(events, "deadline", "deadlines"),
                path.display()
            )),
            Outcome::CalendarWritten(Err(e)) => self.error(format!("Calendar not written: {e}")),
            Outcome::FileOpened(Ok(path)) => self.info(format!("Opened {}", path.display())),
            Outcome::NoEmail => {
                self.error("No e-mail of this form written yet: export one first (6 or 7).")
            }
            Outcome::FileOpened(Err(e)) => self.error(format!(
                "Cannot open the e-mail: {e}. It is in the export folder."
            )),
        }
        Vec::new()
    }

    fn opened(
        &mut self,
        name: String,
        draft: crate::domain::draft::Draft,
        lock: Result<crate::storage::drafts::DraftLock, String>,
        at: Option<String>,
    ) {
        let mut draft = draft;
        let moved = crate::domain::change::upgrade::move_renamed(&self.forms, &mut draft);
        let resume = draft.resume.clone();
        let lock = match lock {
            Ok(l) => Some(l),
            Err(e) => {
                let text = format!("{e}. It is open read-only here: you can look, not change.");
                self.popups.push(Popup::Message(MessagePopup {
                    title: "Open elsewhere".into(),
                    text,
                }));
                None
            }
        };
        self.route = Route::Draft(Box::new(Session::new(name.clone(), draft, lock)));
        self.info(format!("Opened {name}"));
        if !moved.is_empty() {
            self.moved(&moved);
        }
        match (at, resume) {
            (Some(id), _) if self.forms.form(&id).is_some() => form::open(self, &id, None),
            (Some(id), _) => self.error(format!("No form {id:?}: the journey shows the forms.")),
            (None, Some(r)) if self.forms.form(&r.form).is_some() => {
                form::open(self, &r.form, Some(r.field))
            }
            _ => {}
        }
    }

    /// Answers of renamed fields were moved on opening: saved with the next save (so this
    /// is said once), and listed.
    fn moved(&mut self, moved: &[crate::domain::change::upgrade::Moved]) {
        if let Some(s) = self.session_mut()
            && !s.read_only()
        {
            s.mark_dirty();
        }
        let lines: Vec<String> = moved
            .iter()
            .map(|m| format!("{} -> {}", m.from, m.to))
            .collect();
        self.popups.push(Popup::Message(MessagePopup {
            title: "Moved to renamed fields".into(),
            text: format!(
                "A newer version of the forms renamed these fields; their answers were moved:\n{}",
                lines.join("\n")
            ),
        }));
    }

    fn changed(&mut self, result: Result<DraftChange, String>) -> Vec<Effect> {
        let change = match result {
            Ok(c) => c,
            Err(e) => {
                self.prompt_error(e);
                return Vec::new();
            }
        };
        self.popups.pop();
        let mut effects = vec![Effect::ListDrafts];
        match change {
            DraftChange::Created(name) => effects.push(Effect::OpenDraft {
                name,
                form: None,
                create: false,
            }),
            DraftChange::Copied { from, to } => {
                self.info(format!("Copied {from} as {to}"));
                self.home.select = Some(to);
            }
            DraftChange::Renamed { from, to } => {
                self.info(format!("Renamed {from} to {to}"));
                self.home.select = Some(to);
            }
            DraftChange::Deleted(name) => {
                let restore = keymap::shown_for(Context::Home, Action::RestoreDraft);
                self.info(format!(
                    "Moved {name} to the trash: {} brings it back.",
                    restore.unwrap_or("?")
                ));
            }
            DraftChange::Restored { name, .. } => {
                self.info(format!("Brought {name} back from the trash."));
                self.home.select = Some(name);
            }
        }
        effects
    }

    fn saved(&mut self, result: Result<(), String>, then: AfterSave) -> Vec<Effect> {
        let Some(s) = self.session_mut() else {
            return Vec::new();
        };
        s.save.saving = false;
        match result {
            Ok(()) => {
                s.save.error = None;
                s.save.last_saved = Some(Local::now());
                if self.status.text.starts_with("Not saved") {
                    self.info("Saved.");
                }
                match then {
                    AfterSave::Quit => self.running = false,
                    AfterSave::CloseDraft => {
                        self.route = Route::Home;
                        return vec![Effect::ListDrafts];
                    }
                    // Only the status line says something new.
                    AfterSave::Nothing => self.redraw(Redraw::Status),
                }
            }
            Err(error) => {
                let message = format!("Not saved: {error}. Your answers are kept; retrying.");
                s.save.error = Some(message.clone());
                // Try again a little later.
                s.save.dirty_since.get_or_insert_with(Instant::now);
                self.error(message);
                if then == AfterSave::Quit {
                    self.popups.push(Popup::Confirm(ConfirmPopup {
                        message: "The draft could not be saved (see the status line). Quit anyway and lose the unsaved changes?".into(),
                        purpose: Purpose::QuitWithoutSaving,
                    }));
                }
            }
        }
        Vec::new()
    }

    fn exported(&mut self, result: ExportResult) {
        if let Some(s) = self.session_mut()
            && !result.recorded.is_empty()
        {
            for (id, exported) in &result.recorded {
                let state = s
                    .draft
                    .forms
                    .entry(id.clone())
                    .or_insert_with(|| exported.clone());
                // What the export recorded: its record, the messages it wrote (the sent
                // log) and the copy of what they carried. The rest of the form's state is
                // the session's own.
                state.exported.clone_from(&exported.exported);
                for mailing in &exported.mailed {
                    if !state.mailed.contains(mailing) {
                        state.mailed.push(mailing.clone());
                    }
                }
                if exported.sent_copy.is_some() {
                    state.sent_copy.clone_from(&exported.sent_copy);
                }
            }
            s.mark_dirty();
        }
        if !result.written.is_empty() {
            self.info(format!(
                "Exported {} to {}",
                crate::text::count(result.written.len(), "file", "files"),
                result.folder.display()
            ));
        }
        if let Some(Popup::Export(p)) = self.popups.last_mut() {
            p.overwrite = result.exists;
            p.stopped = result.stopped.map(|e| match result.existing {
                _ if !result.exists => e,
                0 | 1 => format!("{e}. Press Enter again to replace it."),
                n => format!("{e}. Press Enter again to replace these {n} files."),
            });
            p.folder = Some(result.folder);
            p.written = result.written;
            p.scroll = 0;
        }
    }
}

/// The checks of document files the session asks for, with the draft as it is now.
fn checks(s: &mut Session) -> Vec<Effect> {
    let forms = std::mem::take(&mut s.to_check);
    forms
        .into_iter()
        .map(|form| Effect::CheckDocuments {
            form,
            draft: Box::new(s.draft.clone()),
        })
        .collect()
}

/// Leaves the draft for the drafts screen, once it is saved.
pub fn close_draft(app: &mut App) -> Vec<Effect> {
    form::commit(app, true);
    match app
        .session_mut()
        .and_then(|s| s.save_effect(false, AfterSave::CloseDraft))
    {
        Some(save) => vec![save],
        None => {
            app.route = Route::Home;
            vec![Effect::ListDrafts]
        }
    }
}
