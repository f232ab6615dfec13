//! What effects did ([`Outcome`]), taken back by the app like any other input: the
//! drafts listed, a draft opened, saved or changed, an export written, documents checked.

use std::time::Instant;

use chrono::Local;

use crate::domain::change::import;

use super::Redraw;
use super::action::Action;
use super::effect::{AfterSave, DraftChange, Effect, ExportResult, Outcome, now};
use super::keymap::{self, Context};
use super::msg::To;
use super::popups::confirm::ConfirmPopup;
use super::popups::import::Listing;
use super::popups::message::MessagePopup;
use super::popups::{Popup, Purpose};
use super::screens::home::DraftRow;
use super::session::OpenDraft;
use super::state::{App, Route, Session};

impl App {
    /// What an effect did.
    pub fn outcome(&mut self, outcome: Outcome) -> Vec<Effect> {
        let effects = self.outcome_of(outcome);
        self.refresh();
        effects
    }

    fn outcome_of(&mut self, outcome: Outcome) -> Vec<Effect> {
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
                let mut effects = self.opened(name, *draft, lock, form);
                let ids: Vec<String> = self.forms.forms().iter().map(|f| f.id.clone()).collect();
                if let Some(s) = self.session_mut() {
                    if created {
                        // Written by the autosave in a moment (or on quitting).
                        s.mark_dirty();
                    }
                    // Every form's documents, as its open items count them.
                    s.to_check.extend(ids);
                    effects.extend(checks(s));
                }
                return effects;
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
            Outcome::Edited(result) => {
                if let Some((f, mut cx)) = self.form_cx() {
                    f.external_done(&mut cx, result);
                    let msgs = cx.msgs;
                    return self.run(msgs);
                }
            }
            Outcome::DocumentStamped(doc, Some(stamp)) => {
                if let Some(s) = self.session_mut() {
                    s.document_stamped(&doc, stamp);
                    return checks(s);
                }
            }
            Outcome::DocumentStamped(_, None) => {}
            Outcome::DocumentRefused(why) => {
                self.error(format!("This document cannot be sent: {why}"));
            }
            Outcome::DocumentsChecked(checked) => {
                let mut changed = Vec::new();
                if let Some(s) = self.session_mut() {
                    for (form, problems) in checked {
                        if s.documents_checked(&form, problems) {
                            changed.push(form);
                        }
                    }
                }
                // The open form counts them among its open items at once, and the
                // draft's totals those of the others.
                if let Some((f, cx)) = self.form_cx() {
                    if changed.contains(&f.form_id) {
                        f.documents_checked(cx.look());
                    }
                    f.recount(cx.look(), &changed);
                }
            }
            Outcome::ImportRead {
                form,
                file,
                entries,
            } => self.import_read(&form, file, entries),
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
    ) -> Vec<Effect> {
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
            (Some(id), _) if self.forms.form(&id).is_some() => {
                self.navigate(To::Form { id, field: None })
            }
            (Some(id), _) => {
                self.error(format!("No form {id:?}: the journey shows the forms."));
                Vec::new()
            }
            (None, Some(r)) if self.forms.form(&r.form).is_some() => self.navigate(To::Form {
                id: r.form,
                field: Some(r.field),
            }),
            _ => Vec::new(),
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

    /// A file read for the import dialog: what it would change (the plan `clec-wizard
    /// import --dry-run` prints), or why it cannot be read, in the dialog.
    fn import_read(
        &mut self,
        form: &str,
        file: std::path::PathBuf,
        entries: Result<Vec<import::Entry>, String>,
    ) {
        let listing = match (&entries, self.session()) {
            (_, None) => return,
            (Err(e), _) => Err(e.clone()),
            (Ok(entries), _) if !import::names_form(entries, form) => Err(format!(
                "{} has no answers of the form {form}",
                file.display()
            )),
            (Ok(entries), Some(s)) => Ok(
                match import::plan(
                    &self.forms,
                    &s.draft,
                    entries,
                    Some(form),
                    (self.today, now()),
                ) {
                    Ok(plan) => Listing::Changes {
                        changes: plan.changes.iter().map(ToString::to_string).collect(),
                        notes: plan.notes,
                    },
                    Err(refusals) => {
                        Listing::Refused(refusals.iter().map(ToString::to_string).collect())
                    }
                },
            ),
        };
        let Some(Popup::Import(p)) = self.popups.last_mut() else {
            return;
        };
        match listing {
            Ok(listing) => p.list(file, entries.unwrap_or_default(), listing),
            Err(e) => p.error = Some(crate::text::visible(&e).into_owned()),
        }
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
            p.exported(result);
        }
    }
}

/// The checks of document files the session asks for, with the draft as it is now.
pub(super) fn checks(s: &mut OpenDraft) -> Vec<Effect> {
    if s.to_check.is_empty() {
        return Vec::new();
    }
    let forms = std::mem::take(&mut s.to_check).into_iter().collect();
    vec![Effect::CheckDocuments {
        forms,
        draft: Box::new(s.draft.clone()),
    }]
}
