//! The wizard's state. The route says where the user is: the drafts, or one open draft
//! and which of its views. States that cannot happen cannot be built: a form view
//! always has its draft and its form.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::popups::Popup;
use super::screens::deadlines::DeadlinesScreen;
use super::screens::form::FormScreen;
use super::screens::home::HomeScreen;
use super::screens::journey::JourneyScreen;
use super::screens::review::ReviewScreen;
use super::session::{Cx, Look, OpenDraft};
use super::theme::Theme;
use crate::domain::form::catalog::FormSet;
use crate::storage::drafts::DraftLock;

/// Everything the wizard shows and knows.
pub struct App {
    pub forms: FormSet,
    pub theme: Theme,
    pub today: NaiveDate,
    /// The drafts folder, as the drafts screen names it.
    pub saves_dir: PathBuf,
    /// Where exports go, as the export dialog names it.
    pub exports_dir: PathBuf,
    pub route: Route,
    pub home: HomeScreen,
    /// Dialogs over the screen, the last on top; the top one gets every key first.
    pub popups: Vec<Popup>,
    pub status: Status,
    pub running: bool,
    /// What the next frame redraws (the event loop takes it).
    pub redraw: super::Redraw,
    /// The last key only changed the text being typed (set by the form, read by the router).
    pub typed: bool,
    /// What the last frame drew where (stored by the loop after drawing): what a
    /// typing-only frame redraws.
    pub drawn: Drawn,
}

/// Where a frame put what typing changes: the focused text field's editor, the status
/// line and its lines (a frame that would draw them again skips them).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Drawn {
    pub text_area: Option<ratatui::layout::Rect>,
    pub status: ratatui::layout::Rect,
    pub status_lines: Vec<ratatui::text::Line<'static>>,
}

/// Where the user is.
pub enum Route {
    /// The list of drafts.
    Home,
    /// One open draft.
    Draft(Box<Session>),
}

/// The open draft's views.
#[derive(Debug)]
pub enum View {
    Journey,
    Form(Box<FormScreen>),
    Review(ReviewScreen),
    /// Every deadline of the draft, by date.
    Deadlines(DeadlinesScreen),
}

/// A view to come back to (Esc), as it was left.
#[derive(Debug, Clone)]
pub enum Return {
    /// A form, at the field that had the focus (opened again: its validation is fresh).
    Form {
        id: String,
        field: Option<String>,
    },
    Review(ReviewScreen),
    Deadlines(DeadlinesScreen),
}

/// The open draft and where in it the user is: the view, and the views to go back to
/// (the last one first; the journey is below them all).
pub struct Session {
    pub open: OpenDraft,
    pub view: View,
    pub back: Vec<Return>,
    pub journey: JourneyScreen,
}

/// The open draft's own state is the session's: `session.draft`, `session.name`...
impl std::ops::Deref for Session {
    type Target = OpenDraft;
    fn deref(&self) -> &OpenDraft {
        &self.open
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut OpenDraft {
        &mut self.open
    }
}

impl Session {
    pub fn new(name: String, draft: crate::domain::draft::Draft, lock: Option<DraftLock>) -> Self {
        Self {
            open: OpenDraft::new(name, draft, lock),
            view: View::Journey,
            back: Vec::new(),
            journey: JourneyScreen::default(),
        }
    }
}

/// The status line.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

impl App {
    pub fn new(forms: FormSet, theme: Theme, today: NaiveDate, saves_dir: PathBuf) -> Self {
        Self {
            forms,
            theme,
            today,
            exports_dir: crate::storage::location::exports_in(&saves_dir),
            saves_dir,
            route: Route::Home,
            home: HomeScreen::default(),
            popups: Vec::new(),
            status: Status::default(),
            running: true,
            redraw: super::Redraw::Everything,
            typed: false,
            drawn: Drawn::default(),
        }
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.route {
            Route::Draft(s) => Some(s),
            Route::Home => None,
        }
    }

    pub fn session_mut(&mut self) -> Option<&mut Session> {
        match &mut self.route {
            Route::Draft(s) => Some(s),
            Route::Home => None,
        }
    }

    /// The forms, today and the open draft at once (to change the draft by the forms).
    pub fn split(&mut self) -> Option<(&FormSet, NaiveDate, &mut Session)> {
        let App {
            forms,
            today,
            route,
            ..
        } = self;
        match route {
            Route::Draft(s) => Some((forms, *today, s)),
            Route::Home => None,
        }
    }

    /// The open form's screen and what its update may use.
    pub(crate) fn form_cx(&mut self) -> Option<(&mut FormScreen, Cx<'_>)> {
        let App {
            forms,
            today,
            theme,
            exports_dir,
            route,
            ..
        } = self;
        let Route::Draft(s) = route else { return None };
        let Session { open, view, .. } = &mut **s;
        let View::Form(f) = view else { return None };
        Some((
            f,
            Cx {
                forms,
                today: *today,
                theme,
                exports: exports_dir,
                s: open,
                msgs: Vec::new(),
            },
        ))
    }

    /// What a screen's drawing reads, when a draft is open.
    pub fn look(&self) -> Option<Look<'_>> {
        Some(Look {
            forms: &self.forms,
            today: self.today,
            theme: &self.theme,
            s: &self.session()?.open,
        })
    }

    /// The open form's screen.
    pub fn form_screen(&self) -> Option<&FormScreen> {
        match &self.session()?.view {
            View::Form(f) => Some(f),
            _ => None,
        }
    }

    /// Keeps what a frame drew where, for the typing-only frames after it.
    pub fn drew(&mut self, drawn: Drawn) {
        self.drawn = drawn;
    }

    /// Whether a change waits to be saved.
    pub fn is_dirty(&self) -> bool {
        self.session().is_some_and(|s| s.is_dirty())
    }

    /// Asks the next frame to redraw at least this much.
    pub fn redraw(&mut self, what: super::Redraw) {
        self.redraw = self.redraw.max(what);
    }

    /// What the next frame must redraw; nothing after that.
    pub fn take_redraw(&mut self) -> super::Redraw {
        std::mem::take(&mut self.redraw)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: false,
        };
    }

    /// Clears the last action's message; a save that keeps failing stays said (it is
    /// no action's message but the draft's state).
    pub(crate) fn clear_status(&mut self) {
        match self.session().and_then(|s| s.save.error.clone()) {
            Some(error) => self.error(error),
            None => self.status = Status::default(),
        }
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: true,
        };
    }
}
