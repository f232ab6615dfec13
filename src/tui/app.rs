//! The wizard's state and its one update function: event -> action -> update -> render.
//!
//! Keys are routed in one place ([`App::handle_key`]): an open dialog first, then the
//! wizard's keys, then the focused field's editor, and the text area gets what is left.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate, SubsecRound, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_textarea::TextArea;

use super::action::Action;
use super::editor::Editor;
use super::keymap::{self, Context};
use super::theme::Theme;
use crate::domain::answer::{Answer, Key};
use crate::domain::catalog::FormSet;
use crate::domain::draft::{Draft, FormStatus, Resume};
use crate::domain::edit::{self, Edit};
use crate::domain::eval::compute_date;
use crate::domain::form::{FormDef, Offset};
use crate::domain::validate::{FormReport, place_of, validate_draft, validate_form};
use crate::domain::view::{Shown, form_view};
use crate::export::write::{self, ExportError};
use crate::export::{Format, Source};
use crate::storage::drafts::{DraftLock, DraftStore};

/// Unsaved changes are written this long after the first one.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);

/// How often a running background save is checked on.
const SAVE_POLL: Duration = Duration::from_millis(20);

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Journey,
    Form,
    Review,
}

/// A dialog over the screen; it gets every key first.
#[derive(Debug)]
pub enum Popup {
    Help {
        scroll: u16,
    },
    /// A one-line question.
    Prompt {
        title: String,
        hint: String,
        area: Box<TextArea<'static>>,
        purpose: Purpose,
        error: Option<String>,
    },
    /// A yes/no question.
    Confirm {
        message: String,
        purpose: Purpose,
    },
    /// Export the reviewed form: pick a format, see what was written.
    Export {
        cursor: usize,
        written: Vec<PathBuf>,
        error: Option<String>,
        /// The next export may replace files written before.
        overwrite: bool,
    },
    /// Something went wrong; any key closes it.
    Message {
        title: String,
        text: String,
    },
}

/// What a prompt or confirmation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    NewDraft,
    Duplicate(String),
    Rename(String),
    Delete(String),
    NotApplicable(String),
    AskLater(String),
    QuitWithoutSaving,
}

/// One draft on the home screen.
#[derive(Debug, Clone)]
pub struct DraftRow {
    pub name: String,
    pub company: String,
    pub updated: Option<DateTime<Utc>>,
    /// Per journey step: all its forms complete?
    pub steps: Vec<bool>,
    pub answered: usize,
    pub total: usize,
    pub error: Option<String>,
}

/// A place the focus can stop on in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// Answer path (for a group header, `form.group`).
    pub key: String,
    pub section: String,
    pub header: bool,
}

/// The open form.
#[derive(Debug)]
pub struct FormUi {
    pub form_id: String,
    pub section: String,
    pub focus: Option<String>,
    pub editor: Editor,
    /// Opened from the review: Esc goes back there.
    pub from_review: bool,
    pub report: FormReport,
    /// Required answered and total in the draft's other forms (refreshed on open and with
    /// every save, so a keystroke validates only the open form).
    pub others_required: (usize, usize),
    /// The focus stops, listed once and forgotten whenever an answer changes.
    pub stops: std::cell::OnceCell<Vec<Stop>>,
}

impl FormUi {
    /// Required answered and total over the whole draft.
    pub fn draft_required(&self) -> (usize, usize) {
        (
            self.others_required.0 + self.report.required_answered,
            self.others_required.1 + self.report.required_total,
        )
    }
}

/// The review screen of one form.
#[derive(Debug, Default)]
pub struct ReviewUi {
    pub form_id: String,
    pub cursor: usize,
    pub scroll: u16,
}

/// The open draft.
#[derive(Debug)]
pub struct Session {
    pub name: String,
    pub draft: Draft,
    pub journey_cursor: usize,
    pub form: Option<FormUi>,
    pub review: ReviewUi,
    pub dirty_since: Option<Instant>,
    pub last_saved: Option<DateTime<Local>>,
    pub save_error: Option<String>,
    /// This window's hold on the draft; `None` when it is open elsewhere (read-only here).
    pub lock: Option<DraftLock>,
    /// A save being written by another thread: its result arrives here.
    pub saving: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
}

impl Session {
    /// Open elsewhere: nothing can be changed or saved from this window.
    pub fn read_only(&self) -> bool {
        self.lock.is_none()
    }
}

/// Why a change is refused in a read-only window.
const READ_ONLY: &str = "read-only: this draft is open in another clec-wizard";

/// The status line.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Everything the wizard shows and knows.
pub struct App {
    pub forms: FormSet,
    pub store: DraftStore,
    pub theme: Theme,
    pub today: NaiveDate,
    pub screen: Screen,
    pub popup: Option<Popup>,
    pub drafts: Vec<DraftRow>,
    pub home_cursor: usize,
    pub session: Option<Session>,
    pub status: Status,
    pub running: bool,
    /// Text to edit in `$EDITOR`, for the event loop to run.
    pub external_edit: Option<String>,
    /// A file to open with the system's default program, for the event loop to run.
    pub open_file: Option<PathBuf>,
    /// Where exports go (`exports/NAME-DATE/` under it).
    pub exports: PathBuf,
    /// Autosaves write from another thread (the event loop turns this on; tests drive
    /// saves directly).
    pub background_saves: bool,
}

/// The export dialog's choices: a label and the format (`None`: every form).
pub const EXPORT_CHOICES: [(&str, Option<Format>); 6] = [
    ("Summary, plain text (.txt)", Some(Format::Text)),
    ("Summary, Markdown (.md)", Some(Format::Markdown)),
    ("Answers, CSV for spreadsheets (.csv)", Some(Format::Csv)),
    ("Answers, JSON (.json)", Some(Format::Json)),
    ("E-mail ready to send (.eml)", Some(Format::Eml)),
    ("Every form of the draft, with the e-mails", None),
];

impl App {
    pub fn new(forms: FormSet, store: DraftStore, theme: Theme, today: NaiveDate) -> Self {
        let mut app = Self {
            forms,
            store,
            theme,
            today,
            screen: Screen::Home,
            popup: None,
            drafts: Vec::new(),
            home_cursor: 0,
            session: None,
            status: Status::default(),
            running: true,
            external_edit: None,
            open_file: None,
            exports: PathBuf::from("exports"),
            background_saves: false,
        };
        app.refresh_drafts();
        app
    }

    fn now() -> DateTime<Utc> {
        Utc::now().trunc_subsecs(0)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: false,
        };
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: true,
        };
    }

    // ----- events -----

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => self.paste(&text),
            _ => {}
        }
    }

    /// Routes a key: dialog, then wizard keys, then the focused editor.
    pub fn handle_key(&mut self, key: KeyEvent) {
        // For the end-to-end test of crash handling only.
        if key.code == KeyCode::F(12) && std::env::var_os("CLEC_WIZARD_TEST_PANIC").is_some() {
            panic!("F12 pressed with CLEC_WIZARD_TEST_PANIC set");
        }
        if self.popup.is_some() {
            return self.popup_key(key);
        }
        if let Some(action) = keymap::lookup(Context::Global, &key) {
            return self.update(action);
        }
        let typing = self.screen == Screen::Form
            && matches!(
                self.form_editor(),
                Some(Editor::Text(_) | Editor::Choice(_))
            );
        if key.code == KeyCode::Char('?') && !typing {
            return self.update(Action::Help);
        }
        match self.screen {
            Screen::Home => self.lookup_and_update(Context::Home, &key),
            Screen::Journey => self.lookup_and_update(Context::Journey, &key),
            Screen::Review => self.lookup_and_update(Context::Review, &key),
            Screen::Form => self.form_key(key),
        }
    }

    fn lookup_and_update(&mut self, context: Context, key: &KeyEvent) {
        if let Some(action) = keymap::lookup(context, key) {
            self.update(action);
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit(),
            Action::Save => {
                self.save_now();
            }
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            _ => match self.screen {
                Screen::Home => self.home_action(action),
                Screen::Journey => self.journey_action(action),
                Screen::Form => self.form_action(action),
                Screen::Review => self.review_action(action),
            },
        }
    }

    fn paste(&mut self, text: &str) {
        let clean = edit::without_controls(text);
        match &mut self.popup {
            Some(Popup::Prompt { area, .. }) => {
                area.insert_str(clean.replace('\n', " "));
                return;
            }
            Some(_) => return,
            None => {}
        }
        if let Some(Editor::Text(t)) = self.form_editor_mut() {
            let clean = if t.multiline {
                clean
            } else {
                clean.replace(['\n', '\r'], " ")
            };
            t.area.insert_str(clean);
            self.mark_dirty();
        }
    }

    /// Runs the autosave when it is due; returns when it will next be due.
    pub fn tick(&mut self, now: Instant) -> Option<Duration> {
        if self.collect_save(false) {
            return Some(SAVE_POLL);
        }
        let since = self.session.as_ref()?.dirty_since?;
        let due = since + AUTOSAVE_DELAY;
        if now < due {
            return Some(due - now);
        }
        if self.background_saves {
            self.start_background_save();
            return Some(SAVE_POLL);
        }
        if !self.save_now() {
            // Keep the answers in memory and try again a little later.
            if let Some(s) = &mut self.session {
                s.dirty_since = Some(now + AUTOSAVE_DELAY);
            }
        }
        None
    }

    /// Writes a copy of the draft from another thread, so typing never waits for the disk.
    /// Changes made meanwhile wait for the next save.
    fn start_background_save(&mut self) {
        self.commit_editor(false);
        let Some(s) = &mut self.session else { return };
        if s.read_only() {
            s.dirty_since = None;
            return;
        }
        // A copy of the draft is cheaper than its text; the writer thread makes the text.
        let (draft, store, name) = (s.draft.clone(), self.store.clone(), s.name.clone());
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(store.save(&name, &draft).map_err(|e| e.to_string()));
        });
        s.dirty_since = None;
        s.saving = Some(result);
    }

    /// Takes the result of a background save (waiting for it with `wait`); true while one
    /// is still running.
    fn collect_save(&mut self, wait: bool) -> bool {
        let Some(s) = &mut self.session else {
            return false;
        };
        let Some(pending) = &s.saving else {
            return false;
        };
        let result = if wait {
            pending
                .recv()
                .map_err(|_| std::sync::mpsc::TryRecvError::Disconnected)
        } else {
            pending.try_recv()
        };
        let result = match result {
            Err(std::sync::mpsc::TryRecvError::Empty) => return true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the saving thread stopped".to_string())
            }
            Ok(result) => result,
        };
        s.saving = None;
        match result {
            Ok(()) => self.saved(),
            Err(e) => self.save_failed(e),
        }
        false
    }

    fn saved(&mut self) {
        let Some(s) = &mut self.session else { return };
        s.save_error = None;
        let at = Local::now();
        s.last_saved = Some(at);
        if let Some(f) = &mut s.form {
            f.others_required = others_required(&self.forms, &s.draft, &f.form_id, self.today);
        }
        self.info(format!("Saved {}", at.format("%H:%M:%S")));
    }

    fn save_failed(&mut self, error: String) {
        let Some(s) = &mut self.session else { return };
        let message = format!("Not saved: {error}. Your answers are kept; retrying.");
        s.save_error = Some(message.clone());
        // Try again a little later.
        s.dirty_since.get_or_insert_with(Instant::now);
        self.error(message);
    }

    /// Whether a change waits to be saved.
    pub fn is_dirty(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.dirty_since.is_some() || s.saving.is_some())
    }

    fn mark_dirty(&mut self) {
        if let Some(s) = &mut self.session
            && s.dirty_since.is_none()
        {
            s.dirty_since = Some(Instant::now());
        }
    }

    /// Saves the open draft (with the text being typed); false when saving failed.
    pub fn save_now(&mut self) -> bool {
        self.commit_editor(false);
        // A save still being written finishes first, so the newer one lands last.
        self.collect_save(true);
        let Some(s) = &mut self.session else {
            return true;
        };
        if s.read_only() {
            s.dirty_since = None;
            return true;
        }
        match self.store.save(&s.name, &s.draft) {
            Ok(()) => {
                s.dirty_since = None;
                self.saved();
                true
            }
            Err(e) => {
                self.save_failed(e.to_string());
                false
            }
        }
    }

    fn quit(&mut self) {
        if self.save_now() {
            self.running = false;
        } else {
            self.popup = Some(Popup::Confirm {
                message: "The draft could not be saved (see the status line). Quit anyway and lose the unsaved changes?".into(),
                purpose: Purpose::QuitWithoutSaving,
            });
        }
    }

    // ----- dialogs -----

    fn popup_key(&mut self, key: KeyEvent) {
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        if keymap::lookup(Context::Global, &key) == Some(Action::Quit)
            && !matches!(
                popup,
                Popup::Confirm {
                    purpose: Purpose::QuitWithoutSaving,
                    ..
                }
            )
        {
            self.popup = None;
            return self.quit();
        }
        match popup {
            Popup::Help { scroll } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => self.popup = None,
            },
            Popup::Message { .. } => self.popup = None,
            Popup::Export {
                cursor, written, ..
            } => match key.code {
                KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => {
                    *cursor = (*cursor + 1).min(EXPORT_CHOICES.len() - 1)
                }
                KeyCode::Char(d @ '1'..='6') => {
                    *cursor = d as usize - '1' as usize;
                    self.run_export();
                }
                KeyCode::Enter => self.run_export(),
                KeyCode::Char('o') => {
                    self.open_file = written
                        .iter()
                        .find(|p| p.extension().is_some_and(|e| e == "eml"))
                        .cloned();
                }
                KeyCode::Esc | KeyCode::Char('q') => self.popup = None,
                _ => {}
            },
            Popup::Confirm { purpose, .. } => {
                let purpose = purpose.clone();
                match key.code {
                    KeyCode::Char('y') | KeyCode::Enter => {
                        self.popup = None;
                        self.confirmed(purpose, String::new());
                    }
                    KeyCode::Char('n') | KeyCode::Esc => self.popup = None,
                    _ => {}
                }
            }
            Popup::Prompt { area, purpose, .. } => match keymap::dialog_action(&key) {
                Some(Action::Confirm) => {
                    let text = area.lines().join(" ").trim().to_string();
                    let purpose = purpose.clone();
                    self.confirmed(purpose, text);
                }
                Some(_) => self.popup = None,
                None => {
                    text_input(area, key);
                }
            },
        }
    }

    fn prompt(&mut self, title: &str, hint: &str, initial: &str, purpose: Purpose) {
        let mut area = TextArea::new(vec![initial.to_string()]);
        area.move_cursor(tui_textarea::CursorMove::End);
        self.popup = Some(Popup::Prompt {
            title: title.into(),
            hint: hint.into(),
            area: Box::new(area),
            purpose,
            error: None,
        });
    }

    fn prompt_error(&mut self, message: String) {
        if let Some(Popup::Prompt { error, .. }) = &mut self.popup {
            *error = Some(message);
        }
    }

    fn confirmed(&mut self, purpose: Purpose, text: String) {
        let result = match purpose {
            Purpose::NewDraft => self.store.create(&text, Self::now()).map(|_| Some(text)),
            Purpose::Duplicate(from) => self
                .store
                .load(&from)
                .and_then(|mut d| {
                    d.created = Self::now();
                    d.updated = d.created;
                    self.store.save_new(&text, &d)
                })
                .map(|()| None),
            Purpose::Rename(from) => self
                .store
                .lock(&from)
                .and_then(|_held| self.store.rename(&from, &text))
                .map(|()| None),
            Purpose::Delete(name) => self
                .store
                .lock(&name)
                .and_then(|_held| self.store.delete(&name))
                .map(|()| None),
            Purpose::NotApplicable(key) => {
                return self.prompt_edit(&key, Edit::NotApplicable(text));
            }
            Purpose::AskLater(key) => return self.prompt_edit(&key, Edit::AskLater(text)),
            Purpose::QuitWithoutSaving => {
                self.running = false;
                return;
            }
        };
        match result {
            Err(e) if matches!(self.popup, Some(Popup::Prompt { .. })) => {
                self.prompt_error(e.to_string())
            }
            Err(e) => {
                self.popup = Some(Popup::Message {
                    title: "Error".into(),
                    text: e.to_string(),
                })
            }
            Ok(open) => {
                self.popup = None;
                self.refresh_drafts();
                if let Some(name) = open {
                    self.open_draft(&name, None);
                }
            }
        }
    }

    fn prompt_edit(&mut self, key: &str, edit: Edit) {
        match self.apply(key, edit) {
            Ok(()) => {
                self.popup = None;
                self.focus_key(Some(key.to_string()));
            }
            Err(message) => self.prompt_error(message),
        }
    }

    // ----- drafts -----

    /// Re-reads the drafts folder for the home screen.
    pub fn refresh_drafts(&mut self) {
        let listed = match self.store.list() {
            Ok(listed) => listed,
            Err(e) => {
                self.error(e.to_string());
                Vec::new()
            }
        };
        self.drafts = listed
            .into_iter()
            .map(|(name, draft)| self.summarize(name, draft))
            .collect();
        self.home_cursor = self.home_cursor.min(self.drafts.len().saturating_sub(1));
    }

    fn summarize(
        &self,
        name: String,
        draft: Result<Draft, crate::storage::drafts::StoreError>,
    ) -> DraftRow {
        match draft {
            Err(e) => DraftRow {
                name,
                company: String::new(),
                updated: None,
                steps: Vec::new(),
                answered: 0,
                total: 0,
                error: Some(e.to_string()),
            },
            Ok(draft) => {
                let report = validate_draft(&self.forms, &draft, self.today);
                let steps = self
                    .forms
                    .journey()
                    .steps
                    .iter()
                    .map(|s| {
                        !s.forms.is_empty()
                            && s.forms
                                .iter()
                                .all(|f| report.form(f).is_some_and(FormReport::is_complete))
                    })
                    .collect();
                let company = match draft.answers.get("profile.legal_name") {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                DraftRow {
                    name,
                    company,
                    updated: Some(draft.updated),
                    steps,
                    answered: report.required_answered(),
                    total: report.required_total(),
                    error: None,
                }
            }
        }
    }

    fn home_action(&mut self, action: Action) {
        let selected = self.drafts.get(self.home_cursor).map(|d| d.name.clone());
        match (action, selected) {
            (Action::Up, _) => self.home_cursor = self.home_cursor.saturating_sub(1),
            (Action::Down, _) => {
                self.home_cursor = (self.home_cursor + 1).min(self.drafts.len().saturating_sub(1))
            }
            (Action::NewDraft, _) => self.prompt(
                "New draft",
                "Name: letters, digits, - _ . (e.g. acme-fiber)",
                "",
                Purpose::NewDraft,
            ),
            (Action::Select, Some(name)) => self.open_draft(&name, None),
            (Action::DuplicateDraft, Some(name)) => {
                let hint = format!("Copy {name} as:");
                self.prompt(
                    "Duplicate draft",
                    &hint,
                    &format!("{name}-copy"),
                    Purpose::Duplicate(name),
                );
            }
            (Action::RenameDraft, Some(name)) => {
                self.prompt(
                    "Rename draft",
                    &format!("New name for {name}:"),
                    &name.clone(),
                    Purpose::Rename(name),
                );
            }
            (Action::DeleteDraft, Some(name)) => {
                let message = format!("Delete draft {name} and its backup? This cannot be undone.");
                self.popup = Some(Popup::Confirm {
                    message,
                    purpose: Purpose::Delete(name),
                });
            }
            _ => {}
        }
    }

    /// Opens a draft at the journey, or at a form's first field (or where it was left).
    pub fn open_draft(&mut self, name: &str, form: Option<&str>) {
        let draft = match self.store.load(name) {
            Ok(d) => d,
            Err(e) => {
                self.popup = Some(Popup::Message {
                    title: "Cannot open the draft".into(),
                    text: e.to_string(),
                });
                return;
            }
        };
        let resume = draft.resume.clone();
        let lock = match self.store.lock(name) {
            Ok(lock) => Some(lock),
            Err(e) => {
                let text = format!("{e}. It is open read-only here: you can look, not change.");
                self.popup = Some(Popup::Message {
                    title: "Open elsewhere".into(),
                    text,
                });
                None
            }
        };
        self.session = Some(Session {
            name: name.to_string(),
            draft,
            journey_cursor: 0,
            form: None,
            review: ReviewUi::default(),
            dirty_since: None,
            last_saved: None,
            save_error: None,
            lock,
            saving: None,
        });
        self.info(format!("Opened {name}"));
        match (form, resume) {
            (Some(id), _) => self.open_form(id, None),
            (None, Some(r)) if self.forms.form(&r.form).is_some() => {
                self.open_form(&r.form.clone(), Some(r.field))
            }
            _ => self.screen = Screen::Journey,
        }
        let ids = self.journey_forms();
        if let Some(s) = &mut self.session
            && let Some(f) = &s.form
        {
            s.journey_cursor = ids.iter().position(|id| *id == f.form_id).unwrap_or(0);
        }
    }

    // ----- journey -----

    /// Form ids in journey order.
    pub fn journey_forms(&self) -> Vec<String> {
        self.forms.forms().iter().map(|f| f.id.clone()).collect()
    }

    fn journey_action(&mut self, action: Action) {
        let ids = self.journey_forms();
        let Some(s) = &mut self.session else { return };
        match action {
            Action::Up => s.journey_cursor = s.journey_cursor.saturating_sub(1),
            Action::Down => {
                s.journey_cursor = (s.journey_cursor + 1).min(ids.len().saturating_sub(1))
            }
            Action::Select => {
                if let Some(id) = ids.get(s.journey_cursor) {
                    self.open_form(&id.clone(), None);
                }
            }
            Action::Review => {
                if let Some(id) = ids.get(s.journey_cursor) {
                    self.open_review(&id.clone());
                }
            }
            Action::Back => self.close_draft(),
            _ => {}
        }
    }

    fn close_draft(&mut self) {
        if self.save_now() {
            self.session = None;
            self.screen = Screen::Home;
            self.refresh_drafts();
        }
    }

    /// Key dates of the negotiation, for the journey screen.
    pub fn deadlines(&self) -> Vec<(String, String)> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let get = |k: &str| match s.draft.answers.get(k) {
            Some(Answer::Text(t)) => Some(t.clone()),
            _ => None,
        };
        let mut out = Vec::new();
        if let Some(day0) = get("negotiation.received_on") {
            let at = |o| {
                compute_date(&day0, o)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            out.push((
                "Arbitration window".into(),
                format!("{} to {}", at(Offset::Days(135)), at(Offset::Days(160))),
            ));
            out.push(("Commission decision due".into(), at(Offset::Months(9))));
        }
        if let Some(filed) = get("negotiation.filed_with_commission_on") {
            let days = if get("negotiation.approval_basis").as_deref() == Some("negotiated") {
                90
            } else {
                30
            };
            let date = compute_date(&filed, Offset::Days(days))
                .map(|d| d.to_string())
                .unwrap_or_default();
            out.push((format!("Deemed approval ({days} days)"), date));
        }
        out
    }

    // ----- form -----

    fn form_def(&self) -> Option<&FormDef> {
        let id = &self.session.as_ref()?.form.as_ref()?.form_id;
        self.forms.form(id)
    }

    fn form_editor(&self) -> Option<&Editor> {
        Some(&self.session.as_ref()?.form.as_ref()?.editor)
    }

    fn form_editor_mut(&mut self) -> Option<&mut Editor> {
        Some(&mut self.session.as_mut()?.form.as_mut()?.editor)
    }

    /// Opens a form at a field (or its first one).
    pub fn open_form(&mut self, id: &str, field: Option<String>) {
        self.commit_editor(false);
        let Some(form) = self.forms.form(id) else {
            return;
        };
        let Some(s) = &mut self.session else { return };
        let report = validate_form(&self.forms, &s.draft, form, self.today);
        let first_section = form
            .sections
            .first()
            .map(|x| x.id.clone())
            .unwrap_or_default();
        s.form = Some(FormUi {
            form_id: id.into(),
            section: first_section,
            focus: None,
            editor: Editor::None,
            from_review: false,
            report,
            others_required: others_required(&self.forms, &s.draft, id, self.today),
            stops: std::cell::OnceCell::new(),
        });
        self.screen = Screen::Form;
        let stops = self.stops();
        let target = field
            .filter(|k| stops.iter().any(|s| s.key == *k))
            .or_else(|| stops.first().map(|s| s.key.clone()));
        match target {
            Some(key) => self.focus_key(Some(key)),
            None => {
                if let Some(sec) = self.visible_sections().first().cloned()
                    && let Some(f) = self.session.as_mut().and_then(|s| s.form.as_mut())
                {
                    f.section = sec;
                }
            }
        }
        if self
            .session
            .as_ref()
            .is_some_and(|s| s.draft.status(id) == FormStatus::Finalized)
        {
            self.info("This form is finalized: read-only until reopened from the review (u).");
        }
    }

    /// Ids of the sections shown (conditions can hide whole sections).
    pub fn visible_sections(&self) -> Vec<String> {
        let (Some(form), Some(s)) = (self.form_def(), self.session.as_ref()) else {
            return Vec::new();
        };
        form_view(&self.forms, &s.draft, form)
            .iter()
            .map(|v| v.section.id.clone())
            .collect()
    }

    /// Every place the focus can stop on, in order.
    pub fn stops(&self) -> Vec<Stop> {
        let (Some(form), Some(s)) = (self.form_def(), self.session.as_ref()) else {
            return Vec::new();
        };
        let Some(f) = &s.form else { return Vec::new() };
        f.stops
            .get_or_init(|| self.list_stops(form, &s.draft))
            .clone()
    }

    /// Lists the stops (kept in the form's state until an answer changes).
    fn list_stops(&self, form: &FormDef, draft: &Draft) -> Vec<Stop> {
        let s = draft;
        let mut out = Vec::new();
        for section in form_view(&self.forms, s, form) {
            for item in section.items {
                let header = matches!(item.shown, Shown::Group(_));
                if header || item.place.field.kind.is_input() {
                    out.push(Stop {
                        key: item.place.key().to_string(),
                        section: section.section.id.clone(),
                        header,
                    });
                }
            }
        }
        out
    }

    /// Moves the focus to a stop, building its editor.
    fn focus_key(&mut self, key: Option<String>) {
        let stops = self.stops();
        self.focus_in(&stops, key);
    }

    /// The same, with the stops already listed.
    fn focus_in(&mut self, stops: &[Stop], key: Option<String>) {
        let Some(form) = self.form_def().cloned() else {
            return;
        };
        let Some(s) = &mut self.session else { return };
        let Some(f) = &mut s.form else { return };
        let key = key.filter(|k| stops.iter().any(|s| s.key == *k));
        f.editor = Editor::None;
        if let Some(k) = &key {
            if let Some(stop) = stops.iter().find(|s| s.key == *k) {
                f.section = stop.section.clone();
            }
            if let Ok(parsed) = Key::parse(k)
                && let Some(place) = place_of(&form, &parsed)
                && !(stops.iter().any(|s| s.key == *k && s.header))
            {
                f.editor = Editor::for_field(&place.field.kind, s.draft.answer(&parsed));
            }
            // Where the user is goes out with the next save (and on quit), not on its own.
            s.draft.resume = Some(Resume {
                form: f.form_id.clone(),
                field: k.clone(),
            });
        }
        if let Some(f) = self.session.as_mut().and_then(|s| s.form.as_mut()) {
            f.focus = key;
        }
    }

    /// Stores the text being typed, if it changed. With `refocus`, rebuilds the editor.
    fn commit_editor(&mut self, refocus: bool) {
        let Some(f) = self.session.as_mut().and_then(|s| s.form.as_mut()) else {
            return;
        };
        let (Some(key), Editor::Text(t)) = (f.focus.clone(), &mut f.editor) else {
            return;
        };
        if !t.changed() {
            return;
        }
        let text = t.text();
        t.original = text.clone();
        let edit = if text.trim().is_empty() {
            Edit::Clear
        } else {
            Edit::Lenient(text)
        };
        if let Err(message) = self.apply(&key, edit) {
            self.error(message);
        }
        if refocus {
            self.focus_key(Some(key));
        }
    }

    /// Applies an edit to the open draft and re-validates the form.
    fn apply(&mut self, key: &str, edit: Edit) -> Result<(), String> {
        let Some(s) = &mut self.session else {
            return Err("no draft is open".into());
        };
        if s.read_only() {
            return Err(READ_ONLY.into());
        }
        let result = edit::apply(
            &self.forms,
            &mut s.draft,
            key,
            edit,
            self.today,
            Self::now(),
        );
        match result {
            Ok(applied) => {
                self.mark_dirty();
                self.revalidate();
                if let Some(why) = applied.invalid {
                    self.error(format!("Kept as typed, but {why}"));
                } else if let Some(w) = applied.warning {
                    self.info(format!("Note: {w}"));
                }
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn revalidate(&mut self) {
        let Some(s) = &mut self.session else { return };
        let Some(f) = &mut s.form else { return };
        f.stops = std::cell::OnceCell::new();
        if let Some(form) = self.forms.form(&f.form_id) {
            f.report = validate_form(&self.forms, &s.draft, form, self.today);
        }
        // Only forms that others read (the profile...) change the others' totals.
        if self.forms.is_read_by_others(&f.form_id) {
            f.others_required = others_required(&self.forms, &s.draft, &f.form_id, self.today);
        }
    }

    fn move_focus(&mut self, delta: isize) {
        self.commit_editor(false);
        let stops = self.stops();
        if stops.is_empty() {
            return;
        }
        let focus = self.focused_key();
        let next = match stops.iter().position(|s| Some(&s.key) == focus.as_ref()) {
            Some(i) => (i as isize + delta).clamp(0, stops.len() as isize - 1) as usize,
            None => 0,
        };
        let key = stops[next].key.clone();
        self.focus_in(&stops, Some(key));
    }

    fn move_section(&mut self, delta: isize) {
        self.commit_editor(false);
        let sections = self.visible_sections();
        let Some(current) = self
            .session
            .as_ref()
            .and_then(|s| s.form.as_ref())
            .map(|f| f.section.clone())
        else {
            return;
        };
        let i = sections.iter().position(|s| *s == current).unwrap_or(0) as isize;
        let Some(target) = sections
            .get((i + delta).clamp(0, sections.len() as isize - 1) as usize)
            .cloned()
        else {
            return;
        };
        let stops = self.stops();
        let first = stops
            .iter()
            .find(|s| s.section == target)
            .map(|s| s.key.clone());
        match first {
            Some(key) => self.focus_in(&stops, Some(key)),
            None => {
                if let Some(f) = self.session.as_mut().and_then(|s| s.form.as_mut()) {
                    f.section = target;
                    f.focus = None;
                    f.editor = Editor::None;
                }
            }
        }
    }

    fn focused_key(&self) -> Option<String> {
        self.session.as_ref()?.form.as_ref()?.focus.clone()
    }

    /// Whether the focus is on a group's header (decided from the key alone: the focus only
    /// ever rests on visible stops).
    fn focused_is_header(&self) -> bool {
        let (Some(form), Some(key)) = (self.form_def(), self.focused_key()) else {
            return false;
        };
        Key::parse(&key).is_ok_and(|k| {
            k.row.is_none()
                && form
                    .field(&k.field)
                    .is_some_and(|f| f.field.kind.group_fields().is_some())
        })
    }

    fn form_key(&mut self, key: KeyEvent) {
        if let Some(action) = keymap::lookup(Context::Form, &key) {
            return self.update(action);
        }
        let in_row = self
            .focused_key()
            .is_some_and(|k| Key::parse(&k).is_ok_and(|k| k.row.is_some()));
        if (self.focused_is_header() || (in_row && key.modifiers.contains(KeyModifiers::ALT)))
            && let Some(action) = keymap::lookup(Context::Group, &key)
        {
            return self.update(action);
        }
        let context = match self.form_editor() {
            Some(Editor::Text(t)) if t.date => Some(Context::Date),
            Some(Editor::Text(_)) => Some(Context::Text),
            Some(Editor::Choice(c)) if c.multi => Some(Context::Multi),
            Some(Editor::Choice(_)) => Some(Context::Choice),
            Some(Editor::YesNo) => Some(Context::YesNo),
            Some(Editor::None) | None => None,
        };
        let action = match context {
            // Dates take the text keys too.
            Some(Context::Date) => {
                keymap::lookup(Context::Date, &key).or_else(|| keymap::lookup(Context::Text, &key))
            }
            Some(context) => keymap::lookup(context, &key),
            None => keymap::lookup(Context::Group, &key),
        };
        match action {
            Some(Action::StepDate(-1)) if !self.date_complete() => {}
            Some(action) if self.multiline_takes(&action) => {}
            Some(action) => return self.update(action),
            None => {}
        }
        self.editor_input(key);
    }

    fn multiline_takes(&self, action: &Action) -> bool {
        matches!(self.form_editor(), Some(Editor::Text(t)) if t.multiline)
            && matches!(action, Action::Select | Action::Up | Action::Down)
    }

    fn date_complete(&self) -> bool {
        matches!(self.form_editor(), Some(Editor::Text(t)) if NaiveDate::parse_from_str(t.text().trim(), "%Y-%m-%d").is_ok())
    }

    /// Keys no binding took: typing.
    fn editor_input(&mut self, key: KeyEvent) {
        let Some(editor) = self.form_editor_mut() else {
            return;
        };
        match editor {
            Editor::Text(t) => {
                if text_input(&mut t.area, key) {
                    self.mark_dirty();
                }
            }
            Editor::Choice(c) => match key.code {
                KeyCode::Char(d) if d.is_ascii_digit() && d != '0' && key.modifiers.is_empty() => {
                    let n = d.to_digit(10).unwrap_or(0) as usize;
                    self.update(Action::Pick(n));
                }
                KeyCode::Char(ch)
                    if !key.modifiers.contains(KeyModifiers::CONTROL) && !ch.is_control() =>
                {
                    c.type_char(ch)
                }
                KeyCode::Backspace => {
                    c.backspace();
                }
                _ => {}
            },
            Editor::YesNo | Editor::None => {}
        }
    }

    fn form_action(&mut self, action: Action) {
        match action {
            Action::NextField | Action::Down => self.move_focus(1),
            Action::PrevField | Action::Up => self.move_focus(-1),
            Action::NextSection => self.move_section(1),
            Action::PrevSection => self.move_section(-1),
            Action::Back => self.leave_form(),
            Action::Review => {
                self.commit_editor(false);
                if let Some(id) = self
                    .session
                    .as_ref()
                    .and_then(|s| s.form.as_ref())
                    .map(|f| f.form_id.clone())
                {
                    self.open_review(&id);
                }
            }
            Action::NotApplicable | Action::AskLater => self.mark_special(action),
            Action::ClearAnswer => {
                if let Some(key) = self.focused_key().filter(|_| !self.focused_is_header()) {
                    self.edit_focused(&key, Edit::Clear);
                }
            }
            Action::ExternalEditor => {
                if let Some(Editor::Text(t)) = self.form_editor() {
                    self.external_edit = Some(t.text());
                }
            }
            Action::Select => self.select(),
            Action::Toggle => self.toggle(),
            Action::Pick(n) => self.pick(n),
            Action::Answer(yes) => {
                if let Some(key) = self.focused_key() {
                    self.edit_focused(&key, Edit::Value(if yes { "yes" } else { "no" }.into()));
                    self.move_focus(1);
                }
            }
            Action::StepDate(days) => self.step_date(days),
            Action::AddRow => self.add_row(),
            Action::RemoveRow => self.remove_row(),
            Action::MoveRowUp => self.move_row(-1),
            Action::MoveRowDown => self.move_row(1),
            _ => {}
        }
    }

    fn edit_focused(&mut self, key: &str, edit: Edit) {
        match self.apply(key, edit) {
            Ok(()) => self.focus_key(Some(key.to_string())),
            Err(message) => self.error(message),
        }
    }

    fn leave_form(&mut self) {
        self.commit_editor(false);
        let from_review = self
            .session
            .as_ref()
            .and_then(|s| s.form.as_ref())
            .is_some_and(|f| f.from_review);
        let review_form = self
            .session
            .as_ref()
            .map(|s| s.review.form_id.clone())
            .unwrap_or_default();
        if from_review && !review_form.is_empty() {
            self.open_review(&review_form);
        } else {
            self.screen = Screen::Journey;
        }
    }

    fn mark_special(&mut self, action: Action) {
        self.commit_editor(false);
        let Some(key) = self.focused_key().filter(|_| !self.focused_is_header()) else {
            return;
        };
        let (title, hint, purpose) = match action {
            Action::NotApplicable => (
                "Not applicable",
                "Why does this not apply?",
                Purpose::NotApplicable(key),
            ),
            _ => (
                "Ask later",
                "Who to ask, or what is missing?",
                Purpose::AskLater(key),
            ),
        };
        self.prompt(title, hint, "", purpose);
    }

    fn select(&mut self) {
        let Some(key) = self.focused_key() else {
            return;
        };
        match self.form_editor() {
            Some(Editor::Choice(c)) if !c.multi => {
                if let Some((value, _)) = c.current().cloned() {
                    self.edit_focused(&key, Edit::Value(value));
                }
                self.move_focus(1);
            }
            _ => {
                self.commit_editor(false);
                self.move_focus(1);
            }
        }
    }

    fn pick(&mut self, n: usize) {
        let Some(key) = self.focused_key() else {
            return;
        };
        let Some(Editor::Choice(c)) = self.form_editor() else {
            return;
        };
        let Some(value) = c.nth(n) else { return };
        if c.multi {
            self.toggle_value(&key, &value);
        } else {
            self.edit_focused(&key, Edit::Value(value));
            self.move_focus(1);
        }
    }

    fn toggle(&mut self) {
        let Some(key) = self.focused_key() else {
            return;
        };
        let Some(Editor::Choice(c)) = self.form_editor() else {
            return;
        };
        if let Some((value, _)) = c.current().cloned() {
            self.toggle_value(&key, &value);
        }
    }

    fn toggle_value(&mut self, key: &str, value: &str) {
        let Some(Editor::Choice(c)) = self.form_editor_mut() else {
            return;
        };
        c.toggle(value);
        c.clear_filter();
        let picked = c.picked.join(", ");
        let cursor = c.cursor;
        let edit = if picked.is_empty() {
            Edit::Clear
        } else {
            Edit::Value(picked)
        };
        self.edit_focused(key, edit);
        if let Some(Editor::Choice(c)) = self.form_editor_mut() {
            c.cursor = cursor;
        }
    }

    fn step_date(&mut self, days: i64) {
        let today = self.today;
        let Some(Editor::Text(t)) = self.form_editor_mut() else {
            return;
        };
        let current = NaiveDate::parse_from_str(t.text().trim(), "%Y-%m-%d").unwrap_or(today);
        let next = compute_date(&current.to_string(), Offset::Days(days)).unwrap_or(current);
        t.set_text(&next.to_string());
        self.mark_dirty();
    }

    fn group_of_focus(&self) -> Option<(String, String, Option<usize>)> {
        let key = Key::parse(&self.focused_key()?).ok()?;
        Some((
            key.form.clone(),
            key.field.clone(),
            key.row.map(|r| r.index),
        ))
    }

    fn add_row(&mut self) {
        self.commit_editor(false);
        let Some((form, group, _)) = self.group_of_focus() else {
            return;
        };
        let Some(s) = &mut self.session else { return };
        if s.read_only() {
            return self.error(READ_ONLY);
        }
        match edit::add_row(
            &self.forms,
            &mut s.draft,
            &form,
            &group,
            self.today,
            Self::now(),
        ) {
            Ok(n) => {
                self.mark_dirty();
                self.revalidate();
                let first = self
                    .stops()
                    .into_iter()
                    .find(|s| s.key.starts_with(&format!("{form}.{group}[{n}].")));
                self.focus_key(first.map(|s| s.key));
                self.info(format!("Added row {n}"));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn remove_row(&mut self) {
        let Some((form, group, Some(index))) = self.group_of_focus() else {
            return;
        };
        self.commit_editor(false);
        match self.apply(&format!("{form}.{group}[{index}]"), Edit::Clear) {
            Ok(()) => {
                self.focus_key(Some(format!("{form}.{group}")));
                self.info(format!("Removed row {index}"));
            }
            Err(e) => self.error(e),
        }
    }

    fn move_row(&mut self, delta: isize) {
        let Some((form, group, Some(index))) = self.group_of_focus() else {
            return;
        };
        self.commit_editor(false);
        let Some(s) = &mut self.session else { return };
        if s.read_only() {
            return self.error(READ_ONLY);
        }
        let rows = s.draft.rows(&form, &group);
        let target = index as isize + delta;
        if target < 1 || target as usize > rows {
            return;
        }
        let target = target as usize;
        let swapped = edit::swap_rows(
            &self.forms,
            &mut s.draft,
            &form,
            &group,
            index,
            target,
            self.today,
            Self::now(),
        );
        if let Err(e) = swapped {
            return self.error(e.to_string());
        }
        self.mark_dirty();
        self.revalidate();
        let key = self.focused_key().unwrap_or_default().replacen(
            &format!("[{index}]"),
            &format!("[{target}]"),
            1,
        );
        self.focus_key(Some(key));
    }

    /// Called by the event loop with what `$EDITOR` left (or why it failed).
    pub fn external_edit_done(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => {
                if let Some(Editor::Text(t)) = self.form_editor_mut() {
                    let text = if t.multiline {
                        text.trim_end().to_string()
                    } else {
                        text.lines().next().unwrap_or("").to_string()
                    };
                    t.set_text(&text);
                    self.mark_dirty();
                    self.commit_editor(true);
                }
            }
            Err(e) => self.error(e),
        }
    }

    // ----- export -----

    /// Runs the export chosen in the export dialog and records it in the draft.
    fn run_export(&mut self) {
        let Some(Popup::Export {
            cursor, overwrite, ..
        }) = &self.popup
        else {
            return;
        };
        let (choice, overwrite) = (*cursor, *overwrite);
        let Some(s) = &mut self.session else { return };
        let Some(form) = self.forms.form(&s.review.form_id) else {
            return;
        };
        let at = Local::now();
        let dir = write::default_folder(&self.exports, &s.name, at);
        let result = match EXPORT_CHOICES[choice].1 {
            Some(format) => {
                let src = Source::new(&self.forms, &s.draft, &s.name, form, at);
                let src = Source {
                    draft_mode: !src.is_complete(),
                    ..src
                };
                let path = dir.join(format!("{}.{}", src.file_stem(), format.extension()));
                write::write_one(&src, format, &path, overwrite)
                    .map(|p| (vec![p], vec![form], format))
            }
            None => {
                let draft_mode = !validate_draft(&self.forms, &s.draft, self.today).is_complete();
                write::write_all(
                    &self.forms,
                    &s.draft,
                    &s.name,
                    at,
                    &dir,
                    draft_mode,
                    overwrite,
                )
                .map(|paths| (paths, self.forms.forms().iter().collect(), Format::Eml))
            }
        };
        let (written, error, overwrite) = match result {
            Ok((paths, exported, format)) => {
                for f in exported {
                    write::record(&mut s.draft, &f.id, f.version, format, Self::now());
                }
                (paths, None, false)
            }
            Err(ExportError::Exists(path)) => {
                let message = format!("{} exists; press Enter again to replace it", path.display());
                (Vec::new(), Some(message), true)
            }
            Err(e) => (Vec::new(), Some(e.to_string()), false),
        };
        if !written.is_empty() {
            self.mark_dirty();
            self.info(format!(
                "Exported {} file(s) to {}",
                written.len(),
                dir.display()
            ));
        }
        if let Some(Popup::Export {
            written: w,
            error: e,
            overwrite: o,
            ..
        }) = &mut self.popup
        {
            *w = written;
            *e = error;
            *o = overwrite;
        }
    }

    // ----- review -----

    fn open_review(&mut self, form_id: &str) {
        self.commit_editor(false);
        let Some(s) = &mut self.session else { return };
        if s.review.form_id != form_id {
            s.review = ReviewUi {
                form_id: form_id.into(),
                cursor: 0,
                scroll: 0,
            };
        }
        self.screen = Screen::Review;
    }

    /// Validation of the reviewed form.
    pub fn review_report(&self) -> Option<FormReport> {
        let s = self.session.as_ref()?;
        let form = self.forms.form(&s.review.form_id)?;
        Some(validate_form(&self.forms, &s.draft, form, self.today))
    }

    fn review_action(&mut self, action: Action) {
        let items = self.review_report().map(|r| r.problems).unwrap_or_default();
        let Some(s) = &mut self.session else { return };
        let form_id = s.review.form_id.clone();
        if s.read_only() && matches!(action, Action::Finalize | Action::Reopen) {
            return self.error(READ_ONLY);
        }
        match action {
            Action::Up => s.review.cursor = s.review.cursor.saturating_sub(1),
            Action::Down => {
                s.review.cursor = (s.review.cursor + 1).min(items.len().saturating_sub(1))
            }
            Action::PageUp => s.review.scroll = s.review.scroll.saturating_sub(10),
            Action::PageDown => s.review.scroll = s.review.scroll.saturating_add(10),
            Action::Back => self.screen = Screen::Journey,
            Action::Select => {
                if let Some(p) = items.get(s.review.cursor) {
                    let key = Key::parse(&p.path).ok();
                    let (form, field) = match key {
                        // A row field: the group header if the row is gone.
                        Some(k) => (k.form.clone(), Some(p.path.clone())),
                        None => (form_id, None),
                    };
                    self.open_form(&form, field);
                    if let Some(f) = self.session.as_mut().and_then(|s| s.form.as_mut()) {
                        f.from_review = true;
                    }
                }
            }
            Action::Export => {
                self.popup = Some(Popup::Export {
                    cursor: 4,
                    written: Vec::new(),
                    error: None,
                    overwrite: false,
                });
            }
            Action::Finalize => {
                match edit::finalize(&self.forms, &mut s.draft, &form_id, self.today, Self::now()) {
                    Ok(()) => {
                        self.mark_dirty();
                        self.info("Finalized: the form is read-only until reopened (u).");
                    }
                    Err(e) => self.error(e),
                }
            }
            Action::Reopen if s.draft.status(&form_id) == FormStatus::Finalized => {
                edit::reopen(&self.forms, &mut s.draft, &form_id, self.today, Self::now());
                self.mark_dirty();
                self.info("Reopened: the form can be changed again.");
            }
            _ => {}
        }
    }
}

/// Feeds a key to a text area; Ctrl-U clears to the start of the line, as in a shell.
fn text_input(area: &mut TextArea<'static>, key: KeyEvent) -> bool {
    if key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL {
        return area.delete_line_by_head();
    }
    area.input(key)
}

/// Required answered and total in every form but `except`.
fn others_required(
    forms: &FormSet,
    draft: &Draft,
    except: &str,
    today: NaiveDate,
) -> (usize, usize) {
    validate_draft(forms, draft, today)
        .forms
        .iter()
        .filter(|r| r.form != except)
        .fold((0, 0), |(a, t), r| {
            (a + r.required_answered, t + r.required_total)
        })
}
