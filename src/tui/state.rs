//! The wizard's state. The route says where the user is: the drafts, or one open draft
//! and which of its views. States that cannot happen cannot be built: a form view
//! always has its draft and its form.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate};

use super::effect::{AfterSave, Effect, now};
use super::popups::Popup;
use super::screens::form::FormScreen;
use super::screens::home::HomeScreen;
use super::screens::review::ReviewScreen;
use super::theme::Theme;
use crate::domain::change::edit::{self, Applied, Edit};
use crate::domain::draft::{DocumentStamp, Draft};
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::eval::place_of;
use crate::domain::rules::validate::{FormReport, validate_form, with_found};
use crate::domain::values::answer::Answer;
use crate::storage::documents::DocumentProblem;
use crate::storage::drafts::DraftLock;

/// Unsaved changes are written this long after the first one.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);

/// Undo keeps this many earlier states of the answers.
const UNDO_LEVELS: usize = 50;

/// Why a change is refused in a read-only window.
pub const READ_ONLY: &str = "read-only: this draft is open in another clec-wizard";

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
    /// Where the focused text field was drawn, and how many lines the status line took, in
    /// the last full frame: what a typing-only frame redraws.
    pub drawn: std::cell::Cell<Drawn>,
    /// The status line as last drawn (a frame that would draw it again skips it).
    pub status_drawn: std::cell::RefCell<Vec<ratatui::text::Line<'static>>>,
}

/// Where the last full frame put what typing changes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub text_area: Option<ratatui::layout::Rect>,
    pub status: ratatui::layout::Rect,
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
    Deadlines(super::screens::deadlines::DeadlinesScreen),
}

/// The open draft: its answers, its lock, its saving, its views.
pub struct Session {
    pub name: String,
    pub draft: Draft,
    /// This window's hold on the draft; `None` when it is open elsewhere (read-only here).
    pub lock: Option<DraftLock>,
    pub save: SaveState,
    /// What the last changes changed, as it was, the latest last (Ctrl-Z).
    pub undo: Vec<edit::Snapshot>,
    pub journey_cursor: usize,
    /// The first line shown of the journey's right pane (what to do), PgUp/PgDn.
    pub journey_scroll: u16,
    pub view: View,
    /// Documents answered since the last event, whose file's size and SHA-256 are to be
    /// recorded (by the loop: it reads the disk).
    pub to_stamp: Vec<DocumentToStamp>,
    /// Forms whose document files are to be checked on disk again (by the loop).
    pub to_check: std::collections::BTreeSet<String>,
    /// The problems of each form's document files, as last checked on disk: open items
    /// like validation's own, wherever a form's open items are counted.
    pub documents: std::collections::BTreeMap<String, Vec<DocumentProblem>>,
}

/// A document answer whose file is to be recorded: the form, the answer's path, the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentToStamp {
    pub form: String,
    pub key: String,
    pub file: String,
}

/// Whether and when the draft was saved.
#[derive(Debug, Default)]
pub struct SaveState {
    /// The first unsaved change (an autosave is due a moment after it).
    pub dirty_since: Option<Instant>,
    /// A save is being written.
    pub saving: bool,
    pub last_saved: Option<DateTime<Local>>,
    pub error: Option<String>,
}

/// The status line.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

impl Session {
    pub fn new(name: String, draft: Draft, lock: Option<DraftLock>) -> Self {
        Self {
            name,
            draft,
            lock,
            save: SaveState::default(),
            undo: Vec::new(),
            journey_cursor: 0,
            journey_scroll: 0,
            view: View::Journey,
            to_stamp: Vec::new(),
            to_check: std::collections::BTreeSet::new(),
            documents: std::collections::BTreeMap::new(),
        }
    }

    /// Records that a document was answered (or cleared): its form's documents are
    /// checked again, and a file named is stamped by the loop
    /// ([`crate::tui::effect::Effect::StampDocument`]).
    pub fn document_answered(&mut self, forms: &FormSet, applied: &Applied) {
        let document = forms
            .form(&applied.key.form)
            .and_then(|form| place_of(form, &applied.key))
            .is_some_and(|place| matches!(place.field.kind, FieldKind::Document));
        if !document {
            return;
        }
        self.to_check.insert(applied.key.form.clone());
        if let Some(Answer::Text(file)) = &applied.answer {
            self.to_stamp.push(DocumentToStamp {
                form: applied.key.form.clone(),
                key: applied.key.to_string(),
                file: file.clone(),
            });
        }
    }

    /// A document's file was read: its record is kept if the answer still names that file.
    pub fn document_stamped(&mut self, stamped: &DocumentToStamp, stamp: DocumentStamp) {
        if self.draft.answers.get(&stamped.key) != Some(&Answer::Text(stamped.file.clone())) {
            return;
        }
        if let Some(state) = self.draft.forms.get_mut(&stamped.form) {
            state.documents.insert(stamped.key.clone(), stamp);
            self.mark_dirty();
        }
        self.to_check.insert(stamped.form.clone());
    }

    /// Form `form`'s validation as the wizard counts it everywhere: its answers', and its
    /// document files' as last checked on disk ([`with_found`]).
    pub fn report(&self, forms: &FormSet, form: &FormDef, today: NaiveDate) -> FormReport {
        self.counted(forms, form, validate_form(forms, &self.draft, form, today))
    }

    /// `report` (of `form`'s answers) with its document files' problems.
    pub fn counted(&self, forms: &FormSet, form: &FormDef, report: FormReport) -> FormReport {
        let found = self.documents.get(&form.id).into_iter().flatten();
        with_found(
            forms,
            &self.draft,
            form,
            report,
            found.map(DocumentProblem::to_problem),
        )
    }

    /// Open elsewhere: nothing can be changed or saved from this window.
    pub fn read_only(&self) -> bool {
        self.lock.is_none()
    }

    pub fn mark_dirty(&mut self) {
        self.save.dirty_since.get_or_insert_with(Instant::now);
    }

    /// Whether a change waits to be saved.
    pub fn is_dirty(&self) -> bool {
        self.save.dirty_since.is_some() || self.save.saving
    }

    /// Keeps a snapshot for Ctrl-Z.
    pub fn remember(&mut self, snapshot: edit::Snapshot) {
        if self.undo.len() == UNDO_LEVELS {
            self.undo.remove(0);
        }
        self.undo.push(snapshot);
    }

    /// Applies an edit (undoable); the error is the message to show.
    pub fn apply(
        &mut self,
        forms: &FormSet,
        today: NaiveDate,
        path: &str,
        edit: Edit,
    ) -> Result<Applied, String> {
        if self.read_only() {
            return Err(READ_ONLY.into());
        }
        let before = edit::Snapshot::before(&self.draft, path);
        let applied = match &mut self.view {
            View::Form(f) => edit::apply_kept(
                forms,
                &mut self.draft,
                path,
                edit,
                (today, now()),
                &mut f.items,
            ),
            _ => edit::apply(forms, &mut self.draft, path, edit, today, now()),
        }
        .map_err(|e| e.to_string())?;
        if before.differs(&self.draft) {
            self.remember(before);
        }
        self.mark_dirty();
        Ok(applied)
    }

    /// Puts back the answers before the last change; false when there is none.
    pub fn undo(&mut self, forms: &FormSet, today: NaiveDate) -> Result<bool, String> {
        if self.read_only() {
            return Err(READ_ONLY.into());
        }
        let Some(snapshot) = self.undo.pop() else {
            return Ok(false);
        };
        edit::restore(forms, &mut self.draft, snapshot, today, now());
        self.mark_dirty();
        Ok(true)
    }

    /// A save of the draft with the text being typed (not stored in the draft yet) as it
    /// would be stored, if this window may save it.
    pub fn save_effect_with(
        &mut self,
        forms: &FormSet,
        today: NaiveDate,
        typing: Option<(String, Edit)>,
        then: AfterSave,
    ) -> Option<Effect> {
        let mut effect = self.save_effect(then == AfterSave::Nothing, then)?;
        if let (Some((path, edit)), Effect::Save { draft, .. }) = (typing, &mut effect) {
            // What cannot be stored (a read-only answer...) is left out, as leaving would.
            let _ = edit::stage(forms, draft, &path, edit, today, now());
        }
        Some(effect)
    }

    /// The save of the draft as it is now, if this window may save it.
    pub fn save_effect(&mut self, background: bool, then: AfterSave) -> Option<Effect> {
        self.save.dirty_since = None;
        if self.read_only() {
            return None;
        }
        self.save.saving = true;
        Some(Effect::Save {
            name: self.name.clone(),
            draft: Box::new(self.draft.clone()),
            background,
            then,
        })
    }
}

impl App {
    pub fn new(forms: FormSet, theme: Theme, today: NaiveDate, saves_dir: PathBuf) -> Self {
        Self {
            forms,
            theme,
            today,
            saves_dir,
            exports_dir: PathBuf::from("exports"),
            route: Route::Home,
            home: HomeScreen::default(),
            popups: Vec::new(),
            status: Status::default(),
            running: true,
            redraw: super::Redraw::Everything,
            typed: false,
            drawn: std::cell::Cell::new(Drawn::default()),
            status_drawn: std::cell::RefCell::new(Vec::new()),
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

    /// The open form's screen.
    pub fn form_screen(&self) -> Option<&FormScreen> {
        match &self.session()?.view {
            View::Form(f) => Some(f),
            _ => None,
        }
    }

    /// Whether a change waits to be saved.
    pub fn is_dirty(&self) -> bool {
        self.session().is_some_and(Session::is_dirty)
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
    pub fn clear_status(&mut self) {
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
