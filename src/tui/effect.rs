//! Effects: what `update` asks the world to do (disk, exports, other programs), as values.
//! The event loop hands them to a [`Runtime`]; what comes back is an [`Outcome`], which
//! `update` takes like any other input. Nothing in `update` touches a file, so every
//! transition can be tested with keys alone.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::{DateTime, Local, SubsecRound, Utc};

use crate::domain::draft::{Draft, FormState};
use crate::domain::form::catalog::FormSet;
use crate::export::Format;
use crate::export::write::{self, DraftMode, ExportError, ExportRequest, ExportTarget};
use crate::storage::drafts::{DraftLock, DraftStore};

/// Something to do outside the wizard's state.
#[derive(Debug)]
pub enum Effect {
    /// Read the drafts folder for the home screen.
    ListDrafts,
    /// Load a draft and take its lock; open it at a form when given.
    /// `create`: a draft that does not exist yet starts empty (`clec-wizard open NEW`);
    /// its file is written by the first save.
    OpenDraft {
        name: String,
        form: Option<String>,
        create: bool,
    },
    /// Create, copy, rename, delete (to the trash) or restore a draft.
    Change(DraftChange),
    /// Read the trash, to choose a draft to bring back.
    ListTrash,
    /// Write the draft; `background` lets typing go on while the disk works.
    Save {
        name: String,
        draft: Box<Draft>,
        background: bool,
        then: AfterSave,
    },
    /// Export one form (`format`) or every form (`None`), then record it in the draft.
    Export {
        name: String,
        draft: Box<Draft>,
        form: String,
        format: Option<Format>,
        overwrite: bool,
        /// E-mails attach the answers as JSON too.
        attach_json: bool,
    },
    /// Edit text in `$VISUAL`/`$EDITOR` (the loop suspends the screen).
    ExternalEdit { text: String },
    /// Open a file with the system's program (the mail program for `.eml`).
    OpenFile(PathBuf),
    /// Open the e-mail of a form written last under the exports folder (by the wizard or
    /// the command line), else `written` (an e-mail just written by the dialog).
    OpenEmail {
        name: String,
        draft: Box<Draft>,
        form: String,
        written: Option<PathBuf>,
    },
    /// Check the document files of forms (there, readable, unchanged, not too large).
    CheckDocuments {
        forms: Vec<String>,
        draft: Box<Draft>,
    },
    /// Keep where the user is in a draft that has nothing else to save (quitting an
    /// unchanged draft leaves its file as it was), then go on as `then` says.
    KeepResume {
        name: String,
        resume: Option<crate::domain::draft::Resume>,
        then: AfterSave,
    },
    /// Record the size and SHA-256 of a document just answered.
    StampDocument(DocumentToStamp),
    /// Read a file `export` wrote (xlsx, CSV, JSON) to import it into `form`.
    ReadImport { form: String, file: PathBuf },
    /// Write the draft's deadlines as an iCalendar file in the exports folder (replacing
    /// the last one: importing it again updates the events).
    WriteCalendar {
        name: String,
        draft: Box<Draft>,
        today: chrono::NaiveDate,
    },
}

/// A document answer whose file is to be recorded: the form, the answer's path, the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentToStamp {
    pub form: String,
    pub key: String,
    pub file: String,
}

/// What to do once a save is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    Nothing,
    Quit,
    CloseDraft,
}

/// A change to the drafts folder asked from the home screen (and, once done, its result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftChange {
    Created(String),
    Copied {
        from: String,
        to: String,
    },
    Renamed {
        from: String,
        to: String,
    },
    /// Moved to the trash.
    Deleted(String),
    /// Brought back from the trash: its entry there, and (once done) its name.
    Restored {
        entry: String,
        name: String,
    },
}

/// What an effect did: the loop gives it back to `update`.
#[derive(Debug)]
pub enum Outcome {
    Drafts(Vec<(String, Result<Draft, String>)>, Option<String>),
    Opened {
        name: String,
        draft: Box<Draft>,
        /// The lock, or why it is held elsewhere (the draft is then read-only here).
        lock: Result<DraftLock, String>,
        form: Option<String>,
        /// New: not on disk until it is saved.
        created: bool,
    },
    OpenFailed {
        name: String,
        error: String,
    },
    Changed(Result<DraftChange, String>),
    /// The drafts in the trash, the last deleted first.
    Trash(Result<Vec<crate::storage::trash::Trashed>, String>),
    Saved {
        result: Result<(), String>,
        then: AfterSave,
    },
    Exported(ExportResult),
    Edited(Result<String, String>),
    FileOpened(Result<PathBuf, String>),
    /// No e-mail of the form is in the exports folder.
    NoEmail,
    /// A document's file read and recorded (`None`: it could not be read; the review
    /// and `validate` say why).
    DocumentStamped(DocumentToStamp, Option<crate::domain::draft::DocumentStamp>),
    /// A document's file is there but may not be sent (a link, a special file, too
    /// large): why.
    DocumentRefused(String),
    /// The problems of forms' document files.
    DocumentsChecked(Vec<(String, Vec<crate::storage::documents::DocumentProblem>)>),
    /// A file read to import into `form`: its entries, or why it cannot be read.
    ImportRead {
        form: String,
        file: PathBuf,
        entries: Result<Vec<crate::domain::change::import::Entry>, String>,
    },
    /// The calendar file and how many events it holds, or why it was not written.
    CalendarWritten(Result<(PathBuf, usize), String>),
}

/// The files an export wrote, what it recorded, and why it stopped (if it did).
#[derive(Debug, Default)]
pub struct ExportResult {
    pub folder: PathBuf,
    pub written: Vec<PathBuf>,
    /// Per exported form: the record to keep in the draft.
    pub recorded: Vec<(String, FormState)>,
    pub stopped: Option<String>,
    /// The export stopped on files that exist (nothing was written): the next one may
    /// replace them.
    pub exists: bool,
    /// How many files of the export exist, when that stopped it.
    pub existing: usize,
}

/// Runs effects: the drafts folder, exports, other programs.
pub struct Runtime {
    pub store: DraftStore,
    pub forms: FormSet,
    /// Where exports go (`exports/NAME-DATE/` under it).
    pub exports: PathBuf,
    /// Background saves on (the event loop); tests save in the foreground.
    pub background: bool,
    /// The program that opens a file with the system's default program, and its
    /// arguments before the file.
    pub opener: Vec<String>,
    done: (Sender<Outcome>, Receiver<Outcome>),
    running: usize,
    /// The thread that saves and checks documents in the background, started with the
    /// first such job and kept: a thread made per autosave cost more than the save itself.
    worker: Option<Sender<Job>>,
}

/// Work for the background thread, done in the order asked (a newer save lands last, a
/// newer check of the documents is reported last).
enum Job {
    Save {
        name: String,
        draft: Box<Draft>,
        then: AfterSave,
    },
    /// Reads the document files of `forms` (hashing them takes a while for large files).
    Check {
        forms: Vec<String>,
        draft: Box<Draft>,
    },
}

/// Does each job in turn and says so on `done`, until the runtime is dropped.
fn worker(store: DraftStore, forms: FormSet, done: Sender<Outcome>) -> Sender<Job> {
    let (jobs, next) = channel::<Job>();
    std::thread::spawn(move || {
        for job in next {
            if done.send(work(&store, &forms, job)).is_err() {
                break;
            }
        }
    });
    jobs
}

/// One job's outcome.
fn work(store: &DraftStore, forms: &FormSet, job: Job) -> Outcome {
    match job {
        Job::Save { name, draft, then } => Outcome::Saved {
            result: save(store, &name, &draft),
            then,
        },
        Job::Check { forms: ids, draft } => {
            let checked = ids
                .into_iter()
                .filter_map(|id| {
                    let def = forms.form(&id)?;
                    let base = store.documents().to_path_buf();
                    let problems = crate::storage::documents::check(forms, &draft, def, &base);
                    Some((id, problems))
                })
                .collect();
            Outcome::DocumentsChecked(checked)
        }
    }
}

/// Saves a draft, the error as the status line shows it.
fn save(store: &DraftStore, name: &str, draft: &Draft) -> Result<(), String> {
    store.save(name, draft).map_err(|e| e.to_string())
}

impl Runtime {
    pub fn new(store: DraftStore, forms: FormSet, exports: PathBuf) -> Self {
        Self {
            store,
            forms,
            exports,
            background: false,
            opener: default_opener(),
            done: channel(),
            running: 0,
            worker: None,
        }
    }

    /// Whether work started in the background has not reported yet.
    pub fn busy(&self) -> bool {
        self.running > 0
    }

    /// What background work has finished since the last call.
    pub fn finished(&mut self) -> Vec<Outcome> {
        let out: Vec<Outcome> = self.done.1.try_iter().collect();
        self.running -= out.len().min(self.running);
        out
    }

    /// Waits for background work, so a newer save always lands last.
    fn wait(&mut self) -> Vec<Outcome> {
        let mut out = Vec::new();
        while self.running > 0 {
            match self.done.1.recv() {
                Ok(o) => out.push(o),
                Err(_) => break,
            }
            self.running -= 1;
        }
        out
    }

    /// Runs one effect; what it did (and what waiting background work did) comes back.
    /// `ExternalEdit` is the event loop's (it owns the terminal) and comes back unrun.
    pub fn run(&mut self, effect: Effect) -> Vec<Outcome> {
        match effect {
            Effect::Save {
                name,
                draft,
                background,
                then,
            } => self.save(name, draft, background, then),
            Effect::KeepResume { name, resume, then } => {
                let mut out = self.wait();
                self.store.keep_resume(&name, resume.as_ref());
                out.push(Outcome::Saved {
                    result: Ok(()),
                    then,
                });
                out
            }
            Effect::OpenFile(path) => {
                self.open_file(path);
                Vec::new()
            }
            Effect::OpenEmail {
                name,
                draft,
                form,
                written,
            } => {
                let found = write::find_email(&self.forms, &draft, &name, &form, &self.exports);
                match found.or(written) {
                    Some(path) => {
                        self.open_file(path);
                        Vec::new()
                    }
                    None => vec![Outcome::NoEmail],
                }
            }
            Effect::ExternalEdit { .. } => Vec::new(),
            Effect::WriteCalendar { name, draft, today } => {
                vec![Outcome::CalendarWritten(
                    self.calendar(&name, &draft, today),
                )]
            }
            Effect::CheckDocuments { forms, draft } => {
                // Off the loop: the first frame and the keys do not wait for the files.
                match self.in_background(Job::Check { forms, draft }) {
                    Ok(()) => Vec::new(),
                    Err(job) => vec![work(&self.store, &self.forms, job)],
                }
            }
            Effect::StampDocument(doc) => {
                let base = self.store.documents().to_path_buf();
                match crate::storage::documents::stamp_of(&base, &doc.file) {
                    Ok(stamp) => vec![Outcome::DocumentStamped(doc, Some(stamp))],
                    // A missing file is an open item until it is there; a file that is
                    // there and refused is said at once.
                    Err(why)
                        if std::fs::symlink_metadata(crate::storage::documents::resolve(
                            &base, &doc.file,
                        ))
                        .is_ok() =>
                    {
                        vec![
                            Outcome::DocumentStamped(doc, None),
                            Outcome::DocumentRefused(why),
                        ]
                    }
                    Err(_) => vec![Outcome::DocumentStamped(doc, None)],
                }
            }
            Effect::ReadImport { form, file } => vec![Outcome::ImportRead {
                entries: crate::import::read(&file),
                form,
                file,
            }],
            Effect::ListDrafts => vec![self.list()],
            Effect::ListTrash => vec![Outcome::Trash(
                self.store.trashed().map_err(|e| e.to_string()),
            )],
            Effect::OpenDraft { name, form, create } => vec![self.open(name, form, create)],
            Effect::Export {
                name,
                mut draft,
                form,
                format,
                overwrite,
                attach_json,
            } => vec![Outcome::Exported(self.export(
                &name,
                &mut draft,
                &form,
                format,
                (overwrite, attach_json),
            ))],
            Effect::Change(change) => vec![Outcome::Changed(
                self.change(change).map_err(|e| e.to_string()),
            )],
        }
    }

    /// Writes `exports/NAME-deadlines.ics`.
    fn calendar(
        &self,
        name: &str,
        draft: &Draft,
        today: chrono::NaiveDate,
    ) -> Result<(PathBuf, usize), String> {
        let list = crate::domain::timeline::deadlines(&self.forms, draft, today);
        let text = crate::calendar::ics(name, draft, &list, today, now());
        let path = self.exports.join(format!("{name}-deadlines.ics"));
        crate::storage::files::write_atomic(&path, text.as_bytes(), true)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok((path, list.len()))
    }

    /// Every draft of the folder, read.
    fn list(&self) -> Outcome {
        match self.store.list() {
            Ok(listed) => Outcome::Drafts(
                listed
                    .into_iter()
                    .map(|(n, d)| (n, d.map_err(|e| e.to_string())))
                    .collect(),
                None,
            ),
            Err(e) => Outcome::Drafts(Vec::new(), Some(e.to_string())),
        }
    }

    /// A draft read, with its lock (or why it is held elsewhere); with `create`, a new
    /// empty draft when there is none of that name (written by the first save, so the
    /// first screen does not wait for the disk).
    fn open(&self, name: String, form: Option<String>, create: bool) -> Outcome {
        use crate::storage::drafts::StoreError;
        // The lock is taken before the draft is read, so no newer copy is saved over.
        let opened = match self.store.open(&name) {
            Ok(o) => Ok((o.draft, o.lock, false)),
            Err(StoreError::NotFound { .. }) if create => {
                Ok((Draft::new(now()), self.store.lock(&name), true))
            }
            Err(e) => Err(e),
        };
        match opened {
            Ok((draft, lock, created)) => Outcome::Opened {
                lock: lock.map_err(|e| e.to_string()),
                name,
                draft: Box::new(draft),
                form,
                created,
            },
            Err(e) => Outcome::OpenFailed {
                name,
                error: e.to_string(),
            },
        }
    }

    /// Creates, copies, renames, deletes or restores a draft (renaming and deleting under
    /// its lock, so a draft open elsewhere is left alone; restoring under the lock of the
    /// name it gets back). Deleting moves the draft to the trash.
    fn change(
        &self,
        change: DraftChange,
    ) -> Result<DraftChange, crate::storage::drafts::StoreError> {
        let store = &self.store;
        match &change {
            DraftChange::Created(name) => {
                store.create(name, now())?;
            }
            DraftChange::Copied { from, to } => {
                let mut d = store.load(from)?;
                d.created = now();
                d.updated = d.created;
                store.save_new(to, &d)?;
            }
            DraftChange::Renamed { from, to } => {
                let _held = store.lock(from)?;
                store.rename(from, to)?;
            }
            DraftChange::Deleted(name) => {
                let _held = store.lock(name)?;
                store.trash(name, Local::now())?;
            }
            DraftChange::Restored { entry, .. } => {
                let name = store.restore(entry)?;
                return Ok(DraftChange::Restored {
                    entry: entry.clone(),
                    name,
                });
            }
        }
        Ok(change)
    }

    fn save(
        &mut self,
        name: String,
        draft: Box<Draft>,
        background: bool,
        then: AfterSave,
    ) -> Vec<Outcome> {
        let job = Job::Save { name, draft, then };
        let job = if background && then == AfterSave::Nothing {
            match self.in_background(job) {
                Ok(()) => return Vec::new(),
                Err(job) => job,
            }
        } else {
            job
        };
        let mut out = self.wait();
        out.push(work(&self.store, &self.forms, job));
        out
    }

    /// Hands `job` to the background thread (when the runtime works in the background);
    /// the job back when it cannot. A thread that is gone (it panicked) is started again.
    fn in_background(&mut self, mut job: Job) -> Result<(), Job> {
        if !self.background {
            return Err(job);
        }
        for _ in 0..2 {
            let (store, forms, done) =
                (self.store.clone(), self.forms.clone(), self.done.0.clone());
            let worker = (self.worker).get_or_insert_with(|| worker(store, forms, done));
            match worker.send(job) {
                Ok(()) => {
                    self.running += 1;
                    return Ok(());
                }
                Err(back) => (job, self.worker) = (back.0, None),
            }
        }
        Err(job)
    }

    fn export(
        &self,
        name: &str,
        draft: &mut Draft,
        form: &str,
        format: Option<Format>,
        (overwrite, attach_json): (bool, bool),
    ) -> ExportResult {
        let at = Local::now();
        let folder = write::default_folder(&self.exports, name, at);
        let target = match format {
            Some(format) => ExportTarget::One {
                form: form.to_string(),
                format,
                path: write::file_path(draft, name, form, format, at, &folder),
            },
            None => ExportTarget::All {
                dir: folder.clone(),
            },
        };
        let request = ExportRequest {
            target,
            mode: DraftMode::Auto,
            overwrite,
            documents: Some(self.store.documents().to_path_buf()),
            attach_json,
        };
        let outcome = write::export_and_record(&self.forms, draft, name, &request, at, now());
        ExportResult {
            folder,
            recorded: outcome
                .recorded
                .iter()
                .filter_map(|id| Some((id.clone(), draft.forms.get(id)?.clone())))
                .collect(),
            written: outcome.written,
            exists: matches!(
                outcome.stopped,
                Some(ExportError::Exists(_) | ExportError::ExistMany { .. })
            ),
            existing: outcome.existing.len(),
            // The command line's advice (--force) is not the wizard's: it asks again.
            stopped: outcome.stopped.map(|e| match e {
                ExportError::Exists(path) => format!("{} exists", path.display()),
                ExportError::ExistMany { first, others } => format!(
                    "{} and {others} other file(s) of this export exist; nothing was written",
                    first.display()
                ),
                e => e.to_string(),
            }),
        }
    }

    /// Starts the system's program on a file; says (through [`Runtime::finished`]) when
    /// there is none or it failed.
    fn open_file(&mut self, path: PathBuf) {
        let (done, opener) = (self.done.0.clone(), self.opener.clone());
        self.running += 1;
        std::thread::spawn(move || {
            let _ = done.send(Outcome::FileOpened(
                open_with(&opener, &path).map(|()| path),
            ));
        });
    }
}

/// The current time, to the second (drafts record it).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// `xdg-open`, `open` or `start`, by platform.
fn default_opener() -> Vec<String> {
    let words: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    words.iter().map(|w| w.to_string()).collect()
}

/// Runs the opener on a file and waits for its verdict.
fn open_with(opener: &[String], path: &std::path::Path) -> Result<(), String> {
    use std::process::{Command, Stdio};
    let Some((program, args)) = opener.split_first() else {
        return Err("no program is set to open files".into());
    };
    let status = Command::new(program)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("no program to open it ({program}: {e})"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} found no program for it ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;
    use crate::storage::forms;

    /// Background saves go through one thread, in order: the last asked lands last, each
    /// reports once, and a wait collects what is still running.
    #[test]
    fn background_saves_land_in_order_through_one_saver() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let mut runtime =
            Runtime::new(store.clone(), forms::load(None).unwrap(), dir.path().into());
        runtime.background = true;
        let mut draft = Draft::new(now());
        for n in 0..20 {
            draft.answers.insert(
                "profile.legal_name".into(),
                Answer::Text(format!("Acme {n}")),
            );
            let effect = Effect::Save {
                name: "d".into(),
                draft: Box::new(draft.clone()),
                background: true,
                then: AfterSave::Nothing,
            };
            assert!(
                runtime.run(effect).is_empty(),
                "a background save reports later"
            );
        }
        assert!(runtime.busy());
        let saved = runtime.wait();
        assert_eq!(saved.len(), 20);
        assert!(
            saved
                .iter()
                .all(|o| matches!(o, Outcome::Saved { result: Ok(()), .. }))
        );
        assert!(!runtime.busy());
        let back = store.load("d").unwrap();
        assert_eq!(
            back.answers["profile.legal_name"],
            Answer::Text("Acme 19".into())
        );
    }
}
