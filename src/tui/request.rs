//! What dialogs ask of the app ([`Request`]), carried out in one place: each reaches past
//! the dialog (the open form, the draft's records, the draft). A refusal is shown in the
//! dialog that asked, which stays open; else it closes.

use super::action::Action;
use super::effect::{AfterSave, Effect, now};
use super::keymap::{self, Context};
use super::msg::Request;
use super::popups::Popup;
use super::popups::message::MessagePopup;
use super::screens::review;
use super::session::Cx;
use super::state::App;
use crate::domain::change::edit::{self, Edit};

impl App {
    /// Carries out what a dialog asked for; the effects to run.
    pub fn request(&mut self, request: Request) -> Vec<Effect> {
        match request {
            Request::Quit => {
                self.running = false;
                Vec::new()
            }
            Request::Special { key, edit } => self.special(&key, edit),
            Request::Finalize(id) => self.in_draft(|cx| review::finalize(cx, &id, true)),
            Request::Reopen(id) => self.in_draft(|cx| review::reopen(cx, &id, true)),
            Request::SentLog {
                form,
                on,
                reference,
            } => self.sent_log(&form, on, reference),
            Request::Export {
                form,
                format,
                overwrite,
                attach_json,
            } => {
                self.commit_typing(true);
                let Some(s) = self.session() else {
                    return Vec::new();
                };
                vec![Effect::Export {
                    name: s.name.clone(),
                    draft: Box::new(s.draft.clone()),
                    form,
                    format,
                    overwrite,
                    attach_json,
                }]
            }
            Request::Import {
                form,
                file,
                entries,
            } => self.import(&form, &file, &entries),
            Request::OpenEmail { form, written } => match self.session() {
                Some(s) => vec![Effect::OpenEmail {
                    name: s.name.clone(),
                    draft: Box::new(s.draft.clone()),
                    form,
                    written,
                }],
                None => Vec::new(),
            },
        }
    }

    /// Records the day a form was sent, or CenturyLink's acknowledgement (with a
    /// reference), by the command line's domain functions; saved at once.
    fn sent_log(
        &mut self,
        form: &str,
        on: chrono::NaiveDate,
        reference: Option<String>,
    ) -> Vec<Effect> {
        let Some((forms, today, s)) = self.split() else {
            return Vec::new();
        };
        let done = match &reference {
            None => edit::mark_sent(forms, &mut s.draft, form, on, today, now()),
            Some(r) => edit::acknowledge(
                forms,
                &mut s.draft,
                form,
                on,
                Some(r.as_str()),
                today,
                now(),
            ),
        };
        if let Err(e) = done {
            self.prompt_error(e);
            return Vec::new();
        }
        // Changed (the journey and the review check it again), and saved at once.
        s.mark_dirty();
        let save = s.save_effect(false, AfterSave::Nothing);
        self.popups.pop();
        let what = match reference {
            None => format!("Recorded: sent on {on}."),
            Some(_) => format!("Recorded: acknowledged on {on}."),
        };
        self.info(what);
        save.into_iter().collect()
    }

    /// Imports a file's entries into a form, all or nothing, as one undo step; a refusal
    /// stays in the import dialog.
    fn import(
        &mut self,
        form: &str,
        file: &std::path::Path,
        entries: &[crate::domain::change::import::Entry],
    ) -> Vec<Effect> {
        let Some((forms, today, s)) = self.split() else {
            return Vec::new();
        };
        match s.import(forms, today, form, entries) {
            Ok(changes) => {
                self.popups.pop();
                let undo = keymap::shown_for(Context::Review, Action::Undo).unwrap_or("Ctrl-Z");
                let file = crate::text::visible(&file.display().to_string()).into_owned();
                self.info(format!(
                    "Imported {} from {file} ({undo} takes the import back).",
                    crate::text::count(changes.len(), "change", "changes")
                ));
            }
            Err(e) => self.prompt_error(e),
        }
        Vec::new()
    }

    /// Runs `f` on the open draft and carries out what it asks.
    fn in_draft(&mut self, f: impl FnOnce(&mut Cx<'_>)) -> Vec<Effect> {
        let Some((mut cx, _, _)) = self.draft_cx() else {
            return Vec::new();
        };
        f(&mut cx);
        let msgs = cx.msgs;
        self.run(msgs)
    }

    /// A not-applicable reason or an ask-later note, on a field of the open form.
    fn special(&mut self, key: &str, edit: Edit) -> Vec<Effect> {
        let Some((f, mut cx)) = self.form_cx() else {
            return Vec::new();
        };
        let result = f.set_special(&mut cx, key, edit);
        let msgs = cx.msgs;
        match result {
            Ok(()) => {
                self.popups.pop();
            }
            Err(message) => self.prompt_error(message),
        }
        self.run(msgs)
    }

    /// A refusal, in the dialog that asked (else in a dialog of its own).
    pub(super) fn prompt_error(&mut self, message: String) {
        let Some(popup) = self.popups.last_mut() else {
            return self.popups.push(error_popup(message));
        };
        if !popup.set_error(message.clone()) {
            self.popups.push(error_popup(message));
        }
    }
}

/// A dialog that says what went wrong.
fn error_popup(message: String) -> Popup {
    Popup::Message(MessagePopup {
        title: "Error".into(),
        text: message,
    })
}
