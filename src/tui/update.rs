//! The router: an open dialog first (it takes the key or lets Ctrl-Q through), then the
//! keys that work everywhere, then the screen, then (on a form) the focused field. The
//! screens answer with messages ([`super::navigate`] carries them out); effects go to the
//! loop, and their results come back through [`App::outcome`] ([`super::outcome`]).

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind};

use super::Redraw;
use super::action::Action;
use super::effect::{AfterSave, Effect};
use super::keymap::{self, Context};
use super::msg::Msg;
use super::outcome::checks;
use super::popups::Popup;
use super::popups::help::HelpPopup;
use super::screens::journey;
use super::session::Cx;
use super::state::{App, Route, Session, View};
use crate::domain::rules::conflicts;
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
    pub(crate) fn handle_event(&mut self, event: Event) -> Vec<Effect> {
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
        self.refresh();
        effects
    }

    /// One key: dialog, keys that work everywhere, screen, field.
    pub(crate) fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // For the end-to-end test of crash handling only (cargo feature `test-panic`).
        #[cfg(feature = "test-panic")]
        if key.code == crossterm::event::KeyCode::F(12)
            && std::env::var_os("CLEC_WIZARD_TEST_PANIC").is_some()
        {
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
        let msgs = match &mut self.route {
            Route::Home => {
                keymap::lookup(Context::Home, &key).map_or_else(Vec::new, |a| self.home.update(a))
            }
            Route::Draft(_) => self.view_key(key),
        };
        self.run(msgs)
    }

    /// A key for the open draft's view.
    fn view_key(&mut self, key: KeyEvent) -> Vec<Msg> {
        let App {
            forms,
            today,
            theme,
            exports_dir,
            route,
            ..
        } = self;
        let Route::Draft(s) = route else {
            return Vec::new();
        };
        let Session {
            open,
            view,
            journey,
            ..
        } = &mut **s;
        let mut cx = Cx {
            forms,
            today: *today,
            theme,
            exports: exports_dir,
            s: open,
            msgs: Vec::new(),
        };
        let context = match view {
            View::Journey => Context::Journey,
            View::Form(f) => return f.update(&mut cx, key),
            View::Review(_) => Context::Review,
            View::Deadlines(_) => Context::Deadlines,
        };
        let Some(action) = keymap::lookup(context, &key) else {
            return Vec::new();
        };
        match view {
            View::Journey => journey.update(&mut cx, action),
            View::Review(r) => r.update(&mut cx, action),
            View::Deadlines(d) => d.update(&mut cx, action),
            View::Form(_) => Vec::new(),
        }
    }

    /// The actions that work everywhere.
    pub(crate) fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => self.quit(),
            Action::Save => {
                self.commit_typing(false);
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
    pub(crate) fn contexts(&self) -> Vec<Context> {
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
                // The keys that settle a merge conflict, only where there is one.
                let settles = matches!(b.action, Action::KeepOurs | Action::KeepTheirs);
                let conflict = || {
                    f.focus
                        .as_deref()
                        .and_then(|k| conflicts::conflict_at(&s.draft, k))
                        .is_some()
                };
                !refused && (!settles || conflict())
            }
            View::Review(r) => {
                let finalized = s.draft.status(&r.form_id) == FormStatus::Finalized;
                match b.action {
                    Action::Finalize => {
                        !s.read_only() && (!finalized || r.changed_since_finalized())
                    }
                    Action::Reopen => !s.read_only() && finalized,
                    Action::Import | Action::Undo => !s.read_only() && !finalized,
                    Action::MarkSent | Action::MarkAcknowledged => {
                        !s.read_only() && sent_to_someone(&r.form_id)
                    }
                    _ => true,
                }
            }
            View::Journey => match b.action {
                Action::MarkSent | Action::MarkAcknowledged => {
                    let ids = journey::form_ids(&self.forms);
                    !s.read_only()
                        && ids
                            .get(s.journey.cursor)
                            .is_some_and(|id| sent_to_someone(id))
                }
                _ => true,
            },
            View::Deadlines(_) => true,
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        // Nothing changed: the draft's file stays as it is (no rewrite for git to see),
        // only where the user is goes out.
        if let Some(s) = self.session()
            && !s.is_dirty()
            && !s.read_only()
            && self
                .form_screen()
                .is_none_or(|f| f.field.pending().is_none())
        {
            return vec![Effect::KeepResume {
                name: s.name.clone(),
                resume: s.draft.resume.clone(),
                then: AfterSave::Quit,
            }];
        }
        match self.save_typing(AfterSave::Quit) {
            Some(save) => vec![save],
            None => {
                self.running = false;
                Vec::new()
            }
        }
    }

    fn paste(&mut self, text: &str) {
        match self.popups.last_mut() {
            Some(popup) => {
                popup.paste(text);
            }
            None => {
                if let Some((f, mut cx)) = self.form_cx() {
                    f.paste(&mut cx, text);
                }
            }
        }
    }

    /// A key for the top dialog: Ctrl-Q (but on the question about quitting) and the
    /// help go through; the dialog takes the rest and answers with messages.
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
        if global == Some(Action::Help)
            && !popup.takes_text(&key)
            && !matches!(popup, Popup::Help(_))
        {
            let help = HelpPopup::new(self.contexts());
            self.popups.push(Popup::Help(help));
            return Vec::new();
        }
        let action = keymap::lookup(popup.context(), &key);
        let msgs = match popup {
            Popup::Help(p) => p.update(action),
            Popup::Prompt(p) => p.update(action, key),
            Popup::Confirm(p) => p.update(action),
            Popup::Message(p) => p.update(action),
            Popup::Export(p) => p.update(action),
            Popup::Import(p) => p.update(action, key),
            Popup::Sent(p) => p.update(action, key),
            Popup::Acknowledged(p) => p.update(action, key),
            Popup::Trash(p) => p.update(action),
        };
        self.run(msgs)
    }

    /// What waits for the first frame of a form to be on the screen: the counts of the
    /// draft's other forms (the status line's "draft" total). Whether there was any, and
    /// the status line is to be drawn again.
    pub fn settle(&mut self) -> bool {
        let counted = match self.form_cx() {
            Some((f, cx)) => f.count_others(cx.look()),
            None => false,
        };
        if counted {
            self.redraw(Redraw::Status);
        }
        counted
    }

    /// Work that is due: the autosave. It saves the text being typed too, without storing
    /// it in the field (that happens when the field is left): the screen stays as it is
    /// but for the status line.
    pub fn tick(&mut self, now: Instant) -> Vec<Effect> {
        let due = self
            .session()
            .and_then(|s| s.save.due_at())
            .is_some_and(|at| now >= at);
        let saving = self.session().is_some_and(|s| s.save.saving);
        if !due || saving {
            return Vec::new();
        }
        self.redraw(Redraw::Status);
        self.save_typing(AfterSave::Nothing).into_iter().collect()
    }

    /// The save of the draft with the text being typed as it would be stored (the field
    /// keeps it as typed until it is left), if this window may save.
    pub(crate) fn save_typing(&mut self, then: AfterSave) -> Option<Effect> {
        let typing = self
            .form_screen()
            .and_then(|f| Some((f.focus.clone()?, f.field.pending()?)));
        let (forms, today, s) = self.split()?;
        s.save_effect_with(forms, today, typing, then)
    }

    /// How long until [`App::tick`] has something to do.
    pub fn next_tick(&self, now: Instant) -> Option<Duration> {
        let at = self.session()?.save.due_at()?;
        Some(at.saturating_duration_since(now))
    }
}
