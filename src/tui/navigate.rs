//! Where the user goes: the messages screens answer with, carried out in one place.
//! [`App::navigate`] stores the text being typed once and keeps the views left on the
//! session's back-stack; [`App::back`] (Esc, everywhere) goes back down it, to the
//! journey, then to the drafts.

use super::effect::{AfterSave, Effect};
use super::msg::{Msg, To};
use super::screens::deadlines::DeadlinesScreen;
use super::screens::form::FormScreen;
use super::screens::journey::JourneyScreen;
use super::screens::review::ReviewScreen;
use super::session::{Cx, Look};
use super::state::{App, Return, Route, Session, View};

impl App {
    /// Carries out what screens and dialogs ask for, in order; the effects to run.
    pub fn run(&mut self, msgs: Vec<Msg>) -> Vec<Effect> {
        let mut effects = Vec::new();
        for msg in msgs {
            match msg {
                Msg::Go(to) => effects.extend(self.navigate(to)),
                Msg::Back => effects.extend(self.back()),
                Msg::Effect(e) => effects.push(e),
                Msg::Info(text) => self.info(text),
                Msg::Error(text) => self.error(text),
                Msg::Popup(p) => self.popups.push(p),
                Msg::ClosePopup => {
                    self.popups.pop();
                }
                Msg::Request(r) => effects.extend(self.request(r)),
                Msg::Typed => self.typed = true,
            }
        }
        effects
    }

    /// The open draft, its view and what a screen's update may use.
    pub(super) fn draft_cx(&mut self) -> Option<(Cx<'_>, &mut View, &mut JourneyScreen)> {
        let App {
            forms,
            today,
            theme,
            exports_dir,
            route,
            ..
        } = self;
        let Route::Draft(s) = route else { return None };
        let Session {
            open,
            view,
            journey,
            ..
        } = &mut **s;
        let cx = Cx {
            forms,
            today: *today,
            theme,
            exports: exports_dir,
            s: open,
            msgs: Vec::new(),
        };
        Some((cx, view, journey))
    }

    /// Moves the open form's focus to the field at `key` (a stop of the form).
    pub fn focus_field(&mut self, key: &str) {
        if let Some((f, mut cx)) = self.form_cx() {
            f.focus(&mut cx, Some(key.to_string()));
            let msgs = cx.msgs;
            self.run(msgs);
        }
    }

    /// Stores what the open form's focused field holds and has not stored yet (typed
    /// text): the one place it happens before the form is left, saved or exported.
    /// `quiet` keeps the status line as it is.
    pub(crate) fn commit_typing(&mut self, quiet: bool) {
        let msgs = match self.form_cx() {
            Some((f, mut cx)) => {
                f.commit(&mut cx, quiet);
                cx.msgs
            }
            None => return,
        };
        let effects = self.run(msgs);
        debug_assert!(effects.is_empty(), "storing typed text runs nothing");
    }

    /// Goes to a view of the open draft, the text being typed stored first; the view
    /// left is kept to come back to (Esc), but for the journey, which is below them all.
    pub fn navigate(&mut self, to: To) -> Vec<Effect> {
        self.commit_typing(false);
        let Some(s) = self.session_mut() else {
            return Vec::new();
        };
        let here = match &s.view {
            View::Journey => None,
            View::Form(f) => Some(Return::Form {
                id: f.form_id.clone(),
                field: f.focus.clone(),
            }),
            View::Review(r) => Some(Return::Review(r.clone())),
            View::Deadlines(d) => Some(Return::Deadlines(d.clone())),
        };
        s.back.extend(here);
        self.show(to)
    }

    /// Esc on a view: back where it was reached from, else to the journey; on the
    /// journey, the draft is closed (once saved) for the drafts.
    pub fn back(&mut self) -> Vec<Effect> {
        self.commit_typing(false);
        let Some(s) = self.session_mut() else {
            return Vec::new();
        };
        match s.back.pop() {
            Some(Return::Form { id, field }) => self.show(To::Form { id, field }),
            Some(Return::Review(review)) => self.show_review(review),
            Some(Return::Deadlines(d)) => {
                s.view = View::Deadlines(d);
                Vec::new()
            }
            None if matches!(s.view, View::Journey) => self.close_draft(),
            None => {
                s.view = View::Journey;
                Vec::new()
            }
        }
    }

    /// Shows a view, the way back as it is.
    fn show(&mut self, to: To) -> Vec<Effect> {
        let Some((mut cx, view, journey)) = self.draft_cx() else {
            return Vec::new();
        };
        match to {
            To::Form { id, field } => {
                if let Some(f) = FormScreen::open(&mut cx, &id, field) {
                    *view = View::Form(Box::new(f));
                    // The journey selects the form last opened.
                    let at = cx.forms.forms().iter().position(|f| f.id == id);
                    journey.cursor = at.unwrap_or(0);
                }
            }
            To::Review(id) => {
                let review = ReviewScreen::new(cx.look(), &id);
                return self.show_review(review);
            }
            To::Deadlines => *view = View::Deadlines(DeadlinesScreen::at_today(cx.look())),
        }
        let msgs = cx.msgs;
        self.run(msgs)
    }

    /// Shows a review and checks its documents again (a document answer may have
    /// changed).
    fn show_review(&mut self, review: ReviewScreen) -> Vec<Effect> {
        let Some(s) = self.session_mut() else {
            return Vec::new();
        };
        let check = Effect::CheckDocuments {
            forms: vec![review.form_id.clone()],
            draft: Box::new(s.draft.clone()),
        };
        s.view = View::Review(review);
        vec![check]
    }

    /// Brings what the view shows up to date with the draft (validation runs when the
    /// draft changed, not when a frame is drawn).
    pub(crate) fn refresh(&mut self) {
        let App {
            forms,
            today,
            theme,
            route,
            ..
        } = self;
        let Route::Draft(s) = route else { return };
        let Session {
            open,
            view,
            journey,
            ..
        } = &mut **s;
        let look = Look {
            forms,
            today: *today,
            theme,
            s: open,
        };
        match view {
            View::Journey => journey.refresh(look),
            View::Review(r) => r.refresh(look),
            View::Form(_) | View::Deadlines(_) => {}
        }
    }

    /// Leaves the draft for the drafts screen, once it is saved.
    pub(super) fn close_draft(&mut self) -> Vec<Effect> {
        self.commit_typing(true);
        match self
            .session_mut()
            .and_then(|s| s.save_effect(false, AfterSave::CloseDraft))
        {
            Some(save) => vec![save],
            None => {
                self.route = Route::Home;
                vec![Effect::ListDrafts]
            }
        }
    }
}
