//! Drafts on disk: `saves/NAME.ron`, written atomically with the previous version kept as
//! `NAME.ron.bak`, owner-readable only, and never overwritten when they fail to parse.
//! Saved in format 3 ([`super::format`]); formats 1 and 2 still load. Where the user left off is
//! kept beside the draft in `.NAME.resume` (it is not a change to share).
//!
//! Writers take the draft's lock (`.NAME.lock`) *before* reading it, so no one saves over a
//! newer version they never saw. Lock files are never opened through a symbolic link,
//! temporaries are created new (never through a link), and only regular files are read.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::files::{TEMP_RANDOM_LEN, restrict, sync_dir, synced_temp};
use super::read::{self, ReadProblem};
use crate::domain::draft::{DRAFT_FORMAT, Draft, Resume, check_name};
use crate::domain::values::limits;

/// The first line of every saved draft.
const HEADER: &str = "// clec-wizard draft: one answer or record per line; answers keyed form.field or form.group[row].field, records FORM@KIND\n";

/// Why a draft could not be read or written. Nothing was changed on disk.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    BadName(String),
    #[error("no draft named {name:?} in {dir} (create it with: clec-wizard new {name})")]
    NotFound { name: String, dir: PathBuf },
    #[error("a draft named {name:?} already exists: {path}")]
    Exists { name: String, path: PathBuf },
    #[error("{path}:{line}:{col}: cannot read this draft: {message}; the file was left untouched{}", bak_note(.bak))]
    Corrupt {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
        bak: Backup,
    },
    /// git's conflict markers: the draft was merged line by line, without the driver.
    #[error(
        "{path}:{line}:1: this draft has merge conflicts (git merged it line by line, without clec-wizard's driver); run `clec-wizard git-setup` in the repository, then `git checkout -m {path}` to merge it again answer by answer; the file was left untouched"
    )]
    MergeMarkers { path: PathBuf, line: usize },
    #[error(
        "{path}:{line}:{col}: this draft is format {found}, newer than this clec-wizard reads (format {DRAFT_FORMAT}); update clec-wizard to open it; the file was left untouched"
    )]
    Newer {
        path: PathBuf,
        line: usize,
        col: usize,
        found: u32,
    },
    #[error("{path}: skipped: {problem}")]
    Unreadable { path: PathBuf, problem: ReadProblem },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot save {path}: {source}; the previous version is unchanged")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{path} is a symbolic link or not a regular file; clec-wizard does not follow it (remove it)"
    )]
    NotPlain { path: PathBuf },
    #[error("draft {name:?} is open in another clec-wizard{}; close it there first", holder_note(.holder))]
    Locked {
        name: String,
        holder: Option<String>,
    },
}

/// The backup of a draft that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    None,
    /// `NAME.ron.bak` exists and reads.
    Good(PathBuf),
    /// `NAME.ron.bak` exists but cannot be read either: why.
    Bad(PathBuf, String),
}

fn holder_note(holder: &Option<String>) -> String {
    holder
        .as_deref()
        .map(|h| format!(" ({})", crate::text::visible(h)))
        .unwrap_or_default()
}

/// The one writer of a draft: an operating-system lock on `.NAME.lock`, released when
/// this value is dropped or the process ends (so a killed process blocks no one).
///
/// A lock taken on a name with no draft (a command that then fails, a new draft never
/// saved) removes its lock file when it is dropped, while it still holds it, so no lock
/// file outlives a draft that does not exist: another process that opened the removed
/// file finds it replaced and locks the new one (see [`DraftStore::lock`]).
#[derive(Debug)]
pub struct DraftLock {
    file: fs::File,
    /// The lock file.
    path: PathBuf,
    /// The draft it locks.
    draft: PathBuf,
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        let no_draft = matches!(
            fs::symlink_metadata(&self.draft),
            Err(e) if e.kind() == io::ErrorKind::NotFound
        );
        if no_draft && is_same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn bak_note(bak: &Backup) -> String {
    match bak {
        Backup::Good(b) => format!("; the previous version is in {}", b.display()),
        Backup::Bad(b, why) => format!(
            "; its backup {} cannot be read either ({why}): both are damaged, so fix one by hand",
            b.display()
        ),
        Backup::None => "; there is no backup (.bak) of it".into(),
    }
}

/// A draft found in the folder: its name and the draft, or why it cannot be read.
pub type Listed = (String, Result<Draft, StoreError>);

/// A draft opened for writing: its lock is taken before it is read, so what was read is
/// the newest version for as long as the lock is held.
#[derive(Debug)]
pub struct Opened {
    pub draft: Draft,
    /// The lock, or why another process holds it (then the draft is for reading only).
    pub lock: Result<DraftLock, StoreError>,
}

/// The folder of drafts, and the folder their document answers are relative to.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
    documents: PathBuf,
}

impl DraftStore {
    /// The drafts in `dir`, their documents there too.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self {
            documents: dir.clone(),
            dir,
        }
    }

    /// The same drafts, with their documents in `documents` (the `documents` setting).
    pub(crate) fn with_documents(mut self, documents: impl Into<PathBuf>) -> Self {
        self.documents = documents.into();
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder document answers are relative to (the folder of drafts unless the
    /// `documents` setting names another, [`crate::storage::config`]).
    pub fn documents(&self) -> &Path {
        &self.documents
    }

    /// The file of a draft, after checking its name.
    pub fn path(&self, name: &str) -> Result<PathBuf, StoreError> {
        check_name(name).map_err(StoreError::BadName)?;
        Ok(self.dir.join(format!("{name}.ron")))
    }

    pub(super) fn bak_path(path: &Path) -> PathBuf {
        let mut s = path.as_os_str().to_owned();
        s.push(".bak");
        PathBuf::from(s)
    }

    /// Takes the draft's lock, or says who holds it. A lock file that is a symbolic link
    /// (or anything but a regular file) is refused, never followed.
    pub fn lock(&self, name: &str) -> Result<DraftLock, StoreError> {
        let draft = self.path(name)?;
        let path = self.lock_path(name);
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(failed)?;
        // A holder that deletes the draft removes the lock file: a lock taken on the
        // removed file would lock nothing, so it is taken again on the new one.
        for _ in 0..8 {
            let mut file = open_lock_file(&path)?;
            match file.try_lock() {
                Ok(()) if is_same_file(&file, &path) => {
                    write_holder(&mut file);
                    self.remove_stale_temporaries(name);
                    return Ok(DraftLock {
                        file,
                        path: path.clone(),
                        draft,
                    });
                }
                Ok(()) => continue,
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        name: name.into(),
                        holder: read_holder(&path),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(failed(e)),
            }
        }
        Err(failed(io::Error::other(
            "the lock file keeps being replaced",
        )))
    }

    /// Takes the draft's lock, then reads it: the way to open a draft that may be saved.
    /// When another process holds the lock, the draft is still read (for reading only).
    pub fn open(&self, name: &str) -> Result<Opened, StoreError> {
        let lock = match self.lock(name) {
            Err(e @ (StoreError::BadName(_) | StoreError::NotPlain { .. })) => return Err(e),
            lock => lock,
        };
        let draft = self.load(name)?;
        Ok(Opened { draft, lock })
    }

    /// Removes temporary files a killed save of this draft left behind (only the lock
    /// holder writes them): exactly `.NAME.` + random letters + `.tmp`, so the
    /// temporaries of draft `a.b` are never taken for draft `a`'s.
    fn remove_stale_temporaries(&self, name: &str) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            if is_temporary_of(&file.to_string_lossy(), name)
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).is_ok_and(|p| p.exists())
    }

    /// Reads and parses a draft (a regular file, or a link to one; nothing else is opened).
    pub fn load(&self, name: &str) -> Result<Draft, StoreError> {
        let path = self.path(name)?;
        let text = read_draft(&path).map_err(|e| match e {
            ReadProblem::Io(source) if source.kind() == io::ErrorKind::NotFound => {
                StoreError::NotFound {
                    name: name.into(),
                    dir: self.dir.clone(),
                }
            }
            ReadProblem::Io(source) => StoreError::Read {
                path: path.clone(),
                source,
            },
            ReadProblem::NotUtf8 { line, col } => StoreError::Corrupt {
                bak: backup(&path),
                path: path.clone(),
                line,
                col,
                message: "the text is not valid UTF-8 here".into(),
            },
            problem => StoreError::Unreadable {
                path: path.clone(),
                problem,
            },
        })?;
        let mut draft = parse(&text, &path)?;
        if draft.format >= 2
            && let Ok(modified) = fs::metadata(&path).and_then(|m| m.modified())
        {
            draft.updated = DateTime::<Utc>::from(modified).max(draft.created);
        }
        draft.resume = read::read_text_no_link(&self.resume_path(name), MAX_RESUME_BYTES)
            .ok()
            .and_then(|text| ron::from_str(&text).ok());
        super::format::with_exports(&mut draft, self.read_exports(name));
        Ok(draft)
    }

    /// Where the user left off in a draft (hidden, beside it; not shared through git).
    pub(super) fn resume_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".{name}.resume"))
    }

    /// Keeps where the user left off (best effort: it only saves a few keystrokes).
    fn save_resume(&self, name: &str, draft: &Draft) {
        self.keep_resume(name, draft.resume.as_ref());
    }

    /// Keeps where the user left off in `name`, the draft's own file untouched (best
    /// effort: it only saves a few keystrokes).
    pub(crate) fn keep_resume(&self, name: &str, resume: Option<&Resume>) {
        let path = self.resume_path(name);
        match resume {
            Some(resume) => {
                let text = ron::to_string(resume).unwrap_or_default();
                let now = read::read_text_no_link(&path, MAX_RESUME_BYTES).ok();
                if now.as_deref() != Some(text.as_str()) {
                    let _ = super::files::write_atomic(&path, text.as_bytes(), true);
                }
            }
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// Creates and saves an empty draft; refuses an existing name. The folder gets its
    /// `.gitignore` (unless it has one), however the draft was asked for: the command
    /// line's `new`, `fill` or the wizard's `n`.
    pub fn create(&self, name: &str, now: DateTime<Utc>) -> Result<Draft, StoreError> {
        let held = self.lock(name)?;
        self.create_held(name, &held, now)
    }

    /// [`Self::create`] under the name's lock, which the caller already holds (a second
    /// lock on the same name would be refused, even within one process).
    pub(crate) fn create_held(
        &self,
        name: &str,
        held: &DraftLock,
        now: DateTime<Utc>,
    ) -> Result<Draft, StoreError> {
        let draft = Draft::new(now);
        self.save_new_held(name, held, &draft)?;
        super::gitignore::write(&self.dir).map_err(|source| StoreError::Write {
            path: self.dir.join(".gitignore"),
            source,
        })?;
        Ok(draft)
    }

    /// Saves atomically: temporary file in the same folder, fsync, keep the old file as
    /// `.bak`, rename over, fsync the folder. A crash leaves the old or the new file whole.
    pub fn save(&self, name: &str, draft: &Draft) -> Result<(), StoreError> {
        let mut disk = super::format::to_disk(draft);
        let exports = super::format::exports_of(&mut disk);
        let text = format!("{HEADER}{}\n", super::format::write_disk(disk));
        self.save_text(name, draft, &text)?;
        self.save_exports(name, &exports)
    }

    /// Where the records of a draft's exports are kept (hidden, beside it; not shared
    /// through git, like the exports folder they describe).
    pub(super) fn exports_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".{name}.exports"))
    }

    fn save_exports(
        &self,
        name: &str,
        exports: &BTreeMap<String, super::format::DiskExport>,
    ) -> Result<(), StoreError> {
        let path = self.exports_path(name);
        if exports.is_empty() {
            return match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    Err(StoreError::Write { path, source: e })
                }
                _ => Ok(()),
            };
        }
        let config = ron::ser::PrettyConfig::new().depth_limit(1);
        let text = ron::ser::to_string_pretty(exports, config).unwrap_or_default() + "\n";
        let now = read::read_text_no_link(&path, limits::MAX_FILE_BYTES).ok();
        if now.as_deref() == Some(text.as_str()) {
            return Ok(());
        }
        super::files::write_atomic(&path, text.as_bytes(), true)
            .map_err(|source| StoreError::Write { path, source })
    }

    /// The export records beside a draft (none when the file is missing or unreadable:
    /// they only tell whether a form changed since its last export).
    fn read_exports(&self, name: &str) -> BTreeMap<String, super::format::DiskExport> {
        // Like the resume file: a regular file, never through a link, bounded.
        read::read_text_no_link(&self.exports_path(name), limits::MAX_FILE_BYTES)
            .ok()
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    fn save_text(&self, name: &str, draft: &Draft, text: &str) -> Result<(), StoreError> {
        let path = self.path(name)?;
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(failed)?;
        // The same text is not written again: no new file, no .bak, nothing for git.
        if read_draft(&path).is_ok_and(|now| now == text) {
            self.save_resume(name, draft);
            return Ok(());
        }
        let tmp = synced_temp(&self.dir, &format!(".{name}."), text.as_bytes()).map_err(failed)?;
        if fs::symlink_metadata(&path).is_ok() {
            keep_backup(&path, &Self::bak_path(&path)).map_err(failed)?;
        }
        tmp.persist(&path).map_err(|e| failed(e.error))?;
        sync_dir(&self.dir).map_err(failed)?;
        self.save_resume(name, draft);
        Ok(())
    }

    /// The lock file of a draft (hidden, beside it).
    pub(super) fn lock_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".{name}.lock"))
    }

    /// Deletes a draft, its backup and its lock file (the caller holds the lock: it goes
    /// with the draft, so no stray lock is left in the folder or in `git status`).
    pub fn delete(&self, name: &str) -> Result<(), StoreError> {
        let path = self.path(name)?;
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::remove_file(&path).map_err(failed)?;
        for extra in [
            Self::bak_path(&path),
            self.resume_path(name),
            self.exports_path(name),
            self.lock_path(name),
        ] {
            match fs::remove_file(extra) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(failed(e)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Saves `draft` under a new name that must not exist yet, under that name's lock (so
    /// two windows cannot create the same draft at once).
    pub(crate) fn save_new(&self, name: &str, draft: &Draft) -> Result<(), StoreError> {
        let held = self.lock(name)?;
        self.save_new_held(name, &held, draft)
    }

    /// [`Self::save_new`] under the lock `held` the caller holds for `name`.
    fn save_new_held(&self, name: &str, held: &DraftLock, draft: &Draft) -> Result<(), StoreError> {
        let path = self.path(name)?;
        debug_assert_eq!(held.draft, path, "the lock held is this draft's");
        if fs::symlink_metadata(&path).is_ok() {
            return Err(StoreError::Exists {
                name: name.into(),
                path,
            });
        }
        self.save(name, draft)
    }

    /// Renames a draft (the caller holds `old`'s lock): saved under the new name, under
    /// its lock, then the old draft, backup and lock removed, so the lock moves with it.
    pub fn rename(&self, old: &str, new: &str) -> Result<(), StoreError> {
        let draft = self.load(old)?;
        self.save_new(new, &draft)?;
        self.delete(old)
    }

    /// Every draft of the folder by name, each parsed or with its error. Entries that are
    /// not regular files (a FIFO, a device, a link to one) are listed with that error and
    /// never opened.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        Ok(self
            .names()?
            .into_iter()
            .map(|n| {
                let d = self.load(&n);
                (n, d)
            })
            .collect())
    }

    /// The names of the folder's drafts, sorted, without reading them.
    pub fn names(&self) -> Result<Vec<String>, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Read {
                    path: self.dir.clone(),
                    source,
                });
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".ron")
                    .map(str::to_string)
            })
            .filter(|n| check_name(n).is_ok())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Whether `file` is a temporary file of draft `name`: `.NAME.XXXXXX.tmp`.
fn is_temporary_of(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'))
        .and_then(|f| f.strip_suffix(".tmp"))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_LEN && random.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Opens (creating) a lock file without following a symbolic link; anything but a regular
/// file is refused.
fn open_lock_file(path: &Path) -> Result<fs::File, StoreError> {
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .mode(0o600);
    }
    let not_plain = || StoreError::NotPlain {
        path: path.to_path_buf(),
    };
    let file = options.open(path).map_err(|source| {
        #[cfg(unix)]
        if source.raw_os_error() == Some(libc::ELOOP) {
            return not_plain();
        }
        StoreError::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => Ok(file),
        _ => Err(not_plain()),
    }
}

/// Whether the open `file` is still the one at `path` (not removed or replaced).
#[cfg(unix)]
fn is_same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_file: &fs::File, _path: &Path) -> bool {
    true
}

/// Writes who holds the lock into it; best effort: the lock itself is what counts.
fn write_holder(file: &mut fs::File) {
    use std::io::{Seek, Write};
    let who = format!(
        "process {} since {}",
        std::process::id(),
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    );
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(who.as_bytes()));
}

/// Who holds a lock, as written by [`write_holder`] (short, and only from a regular file).
fn read_holder(path: &Path) -> Option<String> {
    let text = read::read_text_no_link(path, 256).ok()?;
    Some(text.trim().to_string()).filter(|s| !s.is_empty())
}

/// Bytes of a resume file (where the user left off: a few dozen bytes); a larger one, or
/// anything but a regular file, is ignored.
const MAX_RESUME_BYTES: u64 = 64 * 1024;

/// The text of a draft file: a regular file within [`limits::MAX_FILE_BYTES`].
fn read_draft(path: &Path) -> Result<String, ReadProblem> {
    read::read_text(path, limits::MAX_FILE_BYTES)
}

/// The draft as saved (format 3): stable order, one answer or record per line.
pub fn to_ron(draft: &Draft) -> String {
    let body = super::format::write_disk(super::format::to_disk(draft));
    format!("{HEADER}{body}\n")
}

/// Parses a saved draft of format 1, 2 or 3; errors name the file, line and column (and what
/// the backup is).
pub fn parse(text: &str, path: &Path) -> Result<Draft, StoreError> {
    parse_only(text, path).map_err(|e| match e {
        StoreError::Corrupt { .. } if let Some(line) = merge_marker(text) => {
            StoreError::MergeMarkers {
                path: path.to_path_buf(),
                line,
            }
        }
        StoreError::Corrupt {
            path,
            line,
            col,
            message,
            ..
        } => StoreError::Corrupt {
            bak: backup(&path),
            path,
            line,
            col,
            message,
        },
        e => e,
    })
}

/// The line (from 1) of git's first conflict marker, when the text holds a whole
/// conflict (`<<<<<<<`, `=======`, `>>>>>>>` at the start of lines, in that order).
fn merge_marker(text: &str) -> Option<usize> {
    let mut lines = text.lines().enumerate();
    let (start, _) = lines.find(|(_, l)| l.starts_with("<<<<<<<"))?;
    lines.find(|(_, l)| l.starts_with("======="))?;
    lines.find(|(_, l)| l.starts_with(">>>>>>>"))?;
    Some(start + 1)
}

/// [`parse`] without looking at the backup.
fn parse_only(text: &str, path: &Path) -> Result<Draft, StoreError> {
    let corrupt = |line, col, message: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        line,
        col,
        message,
        bak: Backup::None,
    };
    let twice = |e| {
        let (line, col, message) = given_twice(text, e);
        corrupt(line, col, message)
    };
    let spanned = |e: ron::error::SpannedError| {
        corrupt(e.span.start.line, e.span.start.col, e.code.to_string())
    };
    let newer = |found| {
        let (line, col) = locate(text, "format");
        StoreError::Newer {
            path: path.to_path_buf(),
            line,
            col,
            found,
        }
    };
    // The format line is near the top: read it there rather than parsing the whole file
    // once more (a file written otherwise is probed the slow way).
    let format = stated_format(text).or_else(|| format_of(text));
    if let Some(found) = format.filter(|f| *f > DRAFT_FORMAT) {
        return Err(newer(found));
    }
    let draft = if format == Some(1) {
        let draft: Draft = ron::from_str(text).map_err(spanned)?;
        // Bounds first: row ids are made per row a group claims.
        if let Err(over) = crate::domain::draft::limits::check(&draft) {
            let (line, col) = locate(text, &format!("{:?}", over.key));
            return Err(corrupt(line, col, over.to_string()));
        }
        let mut draft = draft;
        draft.ensure_row_ids();
        super::format::rows_by_id(&mut draft).map_err(twice)?;
        draft
    } else if format == Some(2) {
        // Format 2: each form's records on its status line.
        let disk: super::format::DiskDraft = ron::from_str(text).map_err(spanned)?;
        super::format::from_disk(disk).map_err(twice)?
    } else {
        let file: super::format::FileDraft = ron::from_str(text).map_err(spanned)?;
        // The check above reads the format alone; this one holds whatever it missed.
        if file.format > DRAFT_FORMAT {
            return Err(newer(file.format));
        }
        let disk = super::format::from_file(file).map_err(|e| {
            let (line, col) = locate(text, &format!("{:?}", e.key));
            corrupt(line, col, e.to_string())
        })?;
        super::format::from_disk(disk).map_err(twice)?
    };
    if let Err(over) = crate::domain::draft::limits::check(&draft) {
        let (line, col) = locate_over(text, &over);
        return Err(corrupt(line, col, over.to_string()));
    }
    Ok(draft)
}

/// Where an answer over a limit is: a copy's answer on its record's line (format 3), else
/// the answer's own.
fn locate_over(text: &str, over: &crate::domain::draft::limits::OverLimit) -> (usize, usize) {
    if let Some((form, sent)) = &over.copy {
        let kind = match sent {
            true => super::format::RecordKind::SentCopy,
            false => super::format::RecordKind::Final,
        };
        let key = super::format::record_key(form, kind, Some(&over.key));
        if text.contains(&format!("{key:?}")) {
            return locate(text, &format!("{key:?}"));
        }
    }
    locate(text, &format!("{:?}", over.key))
}

/// Where an answer given twice is, and why it is refused.
fn given_twice(text: &str, e: super::format::GivenTwice) -> (usize, usize, String) {
    let (line, col) = locate(text, &format!("{:?}", e.key));
    (line, col, e.to_string())
}

/// The `format: N` of a draft written the usual way (within its first lines, before
/// any answer), if there.
fn stated_format(text: &str) -> Option<u32> {
    text.lines().take(8).find_map(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("Draft").unwrap_or(line);
        let line = line.strip_prefix('(').unwrap_or(line).trim_start();
        let rest = line.strip_prefix("format:")?.trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        rest[..digits].parse().ok()
    })
}

/// The `format` a draft declares, read alone so that a newer draft is recognized before
/// its unknown fields are.
fn format_of(text: &str) -> Option<u32> {
    // Named as the draft is, so that `Draft(format: ...)` reads too.
    #[derive(serde::Deserialize)]
    #[serde(rename = "Draft")]
    struct Head {
        format: u32,
    }
    ron::from_str::<Head>(text).ok().map(|h| h.format)
}

/// Line and column (1-based) of the first `needle` in `text`; (1, 1) when absent.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle)
        .map_or((1, 1), |offset| read::line_col(text, offset))
}

/// What the backup of the draft at `path` is: absent, readable, or damaged too.
fn backup(path: &Path) -> Backup {
    let bak = DraftStore::bak_path(path);
    if fs::symlink_metadata(&bak).is_err() {
        return Backup::None;
    }
    let read = read_draft(&bak).map_err(|e| e.to_string());
    match read.and_then(|text| parse_only(&text, &bak).map_err(|e| e.to_string())) {
        Ok(_) => Backup::Good(bak),
        Err(why) => Backup::Bad(bak, why),
    }
}

/// Keeps the current draft as `bak`, owner-only like the drafts.
fn keep_backup(path: &Path, bak: &Path) -> io::Result<()> {
    match fs::remove_file(bak) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // A hard link keeps the current file in place until the rename replaces it. Only a
    // regular file is linked (a link to a symbolic link would be one); else it is copied
    // into a new file.
    let plain = fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if !plain || fs::hard_link(path, bak).is_err() {
        let text = read_draft(path).map_err(|e| match e {
            ReadProblem::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        io::Write::write_all(&mut options.open(bak)?, text.as_bytes())?;
    }
    restrict(bak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;

    /// A format 1 draft of group `f.g` with two rows, and extra answer lines.
    fn format_1(extra: &str) -> String {
        format!(
            "(format: 1, created: \"2026-11-25T09:00:00Z\", updated: \"2026-11-25T09:00:00Z\",\n\
             answers: {{\"f.g\": Rows(2), \"f.g[1].x\": Text(\"a\"),\n{extra}}})"
        )
    }

    /// The id the upgrade gives row `n` of `f.g`.
    fn upgraded_id(n: usize) -> String {
        let draft = parse(&format_1(""), Path::new("d.ron")).unwrap();
        draft.row_ids["f.g"][n - 1].clone()
    }

    #[test]
    fn a_format_1_key_naming_a_row_by_its_id_reads_as_format_2_would() {
        let id = upgraded_id(2);
        let text = format_1(&format!("\"f.g[{id}].x\": Text(\"b\"),"));
        let draft = parse(&text, Path::new("d.ron")).unwrap();
        assert_eq!(
            draft.answers.get("f.g[2].x"),
            Some(&Answer::Text("b".into()))
        );
        assert!(!draft.answers.keys().any(|k| k.contains(&id)));
        let again = parse(&to_ron(&draft), Path::new("d.ron")).unwrap();
        assert_eq!(again.answers, draft.answers, "read as saved");
    }

    #[test]
    fn one_answer_by_number_and_by_id_is_refused_where_it_is() {
        let id = upgraded_id(1);
        let by_id = format!("\"f.g[{id}].x\": Text(\"b\"),");
        let err = parse(&format_1(&by_id), Path::new("d.ron")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("d.ron:3:"), "{text}");
        assert!(text.contains("f.g[1].x") && text.contains(&id), "{text}");
        // An answer written where the row itself is.
        let on_row = format!("\"f.g[{id}]\": Text(\"b\"),");
        let err = parse(&format_1(&on_row), Path::new("d.ron")).unwrap_err();
        assert!(err.to_string().contains("where a row"), "{err}");
    }

    #[test]
    fn format_2_refuses_one_answer_by_number_and_by_id() {
        let mut draft = parse(&format_1(""), Path::new("d.ron")).unwrap();
        draft
            .answers
            .insert("f.g[2].x".into(), Answer::Text("b".into()));
        let saved = to_ron(&draft);
        let id = &draft.row_ids["f.g"][1];
        assert!(saved.contains(&format!("f.g[{id}].x")), "{saved}");
        // A hand edit adds the same answer by number.
        let edited = saved.replace(
            &format!("\"f.g[{id}].x\""),
            &format!("\"f.g[2].x\": Text(\"c\"),\n    \"f.g[{id}].x\""),
        );
        let err = parse(&edited, Path::new("d.ron")).unwrap_err().to_string();
        assert!(
            err.contains("f.g[2].x") && err.contains(id.as_str()),
            "{err}"
        );
        assert!(err.contains("d.ron:"), "{err}");
    }

    fn sample() -> Draft {
        let mut d = Draft::new("2026-11-25T09:00:00Z".parse().unwrap());
        d.answers.insert(
            "profile.legal_name".into(),
            Answer::Text("Prairie Fiber \"West\" LLC".into()),
        );
        d.answers.insert(
            "profile.target_states".into(),
            Answer::Many(vec!["CO".into(), "UT".into()]),
        );
        d.answers
            .insert("profile.dba_names".into(), Answer::Text("One\nTwo".into()));
        d
    }

    #[test]
    fn one_answer_per_line_in_key_order() {
        let text = to_ron(&sample());
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("\"profile.")).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].contains("profile.dba_names") && lines[2].contains("profile.target_states"),
            "{text}"
        );
        assert!(
            lines[2].contains(r#"Many(["CO", "UT"])"#) || lines[2].contains(r#"Many(["CO","UT"])"#),
            "{text}"
        );
        assert_eq!(parse(&text, Path::new("x.ron")).unwrap(), sample());
    }

    #[cfg(unix)]
    #[test]
    fn saving_the_same_draft_again_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let d = sample();
        store.save("acme", &d).unwrap();
        let path = dir.path().join("acme.ron");
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(p).unwrap().ino()
        };
        let first = inode(&path);
        store.save("acme", &d).unwrap();
        assert_eq!(inode(&path), first, "the file was not replaced");
        assert!(
            !dir.path().join("acme.ron.bak").exists(),
            "no backup of the same text"
        );
    }

    #[test]
    fn save_keeps_backup_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let mut d = sample();
        store.save("acme", &d).unwrap();
        d.answers
            .insert("profile.ein".into(), Answer::Text("12-3456789".into()));
        store.save("acme", &d).unwrap();
        let back = store.load("acme").unwrap();
        assert_eq!((&back.answers, back.created), (&d.answers, d.created));
        let bak = fs::read_to_string(dir.path().join("acme.ron.bak")).unwrap();
        assert!(!bak.contains("12-3456789"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("acme.ron"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn corrupt_draft_names_line_and_column_and_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        fs::write(
            dir.path().join("bad.ron"),
            "(\n  format: 1,\n  created: oops\n)",
        )
        .unwrap();
        let err = store.load("bad").unwrap_err().to_string();
        assert!(err.contains("bad.ron:3:"), "{err}");
        assert!(err.contains("no backup"), "{err}");
        fs::write(dir.path().join("bad.ron.bak"), "").unwrap();
        let err = store.load("bad").unwrap_err().to_string();
        assert!(
            err.contains("bad.ron.bak") && err.contains("both are damaged"),
            "{err}"
        );
        store.save("good", &sample()).unwrap();
        fs::copy(dir.path().join("good.ron"), dir.path().join("bad.ron.bak")).unwrap();
        let err = store.load("bad").unwrap_err().to_string();
        assert!(
            err.contains("the previous version is in") && err.contains("bad.ron.bak"),
            "{err}"
        );
    }

    #[test]
    fn one_writer_per_draft_and_the_lock_dies_with_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let held = store.lock("acme").unwrap();
        let err = store.lock("acme").unwrap_err();
        assert!(
            err.to_string()
                .contains("open in another clec-wizard (process"),
            "{err}"
        );
        assert!(store.lock("other").is_ok(), "locks are per draft");
        drop(held);
        assert!(store.lock("acme").is_ok(), "released when dropped");
        assert!(
            store.list().unwrap().is_empty(),
            "lock files are not drafts"
        );
    }

    /// A draft is created under the lock its creator already holds (a second lock on the
    /// name would be refused, even in the same process), and a lock on a name with no
    /// draft leaves no lock file behind.
    #[test]
    fn a_draft_is_created_under_the_lock_held_and_no_lock_outlives_a_missing_draft() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let lock_file = dir.path().join(".acme.lock");
        let held = store.lock("acme").unwrap();
        assert!(lock_file.exists());
        drop(held);
        assert!(!lock_file.exists(), "no draft, so no lock file is left");
        let held = store.lock("acme").unwrap();
        store.create_held("acme", &held, sample().created).unwrap();
        assert!(store.exists("acme"));
        assert!(
            matches!(store.lock("acme"), Err(StoreError::Locked { .. })),
            "still held while the draft is written"
        );
        assert!(matches!(
            store.create_held("acme", &held, sample().created),
            Err(StoreError::Exists { .. })
        ));
        drop(held);
        assert!(lock_file.exists(), "a draft's lock file stays with it");
        assert!(store.lock("acme").is_ok());
    }

    #[test]
    fn open_takes_the_lock_then_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        store.save("acme", &sample()).unwrap();
        let first = store.open("acme").unwrap();
        assert!(first.lock.is_ok());
        // Format 2 keeps no save time: the draft's last change is the file's.
        assert_eq!(first.draft.answers, sample().answers);
        let second = store.open("acme").unwrap();
        assert!(
            matches!(second.lock, Err(StoreError::Locked { .. })),
            "a second opener reads only"
        );
        assert!(matches!(
            store.open("nope"),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(store.open("../x"), Err(StoreError::BadName(_))));
    }

    /// Found by the draft_roundtrip fuzz target: a draft written with its struct name
    /// (`Draft(format: N, ...)`) slipped past the format check and was rewritten without
    /// the fields a newer format may have.
    #[test]
    fn a_newer_format_is_refused_with_or_without_the_struct_name() {
        let next = DRAFT_FORMAT + 1;
        let body = to_ron(&sample()).replace(
            &format!("format: {DRAFT_FORMAT}"),
            &format!("format: {next}"),
        );
        for text in [body.clone(), body.replacen("\n(", "\nDraft(", 1)] {
            let err = parse(&text, Path::new("x.ron")).unwrap_err();
            assert!(
                matches!(err, StoreError::Newer { found, .. } if found == next),
                "{err}"
            );
        }
        // Even when the format line is not where a written draft has it.
        let moved = body
            .replacen(&format!("    format: {next},\n"), "", 1)
            .replacen(
                "answers: {",
                &format!("format: {next},\n    answers: {{"),
                1,
            );
        let err = parse(&moved, Path::new("x.ron")).unwrap_err();
        assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    }

    #[test]
    fn temporaries_are_matched_exactly() {
        assert!(is_temporary_of(".a.Xy12Zq.tmp", "a"));
        assert!(!is_temporary_of(".a.b.Xy12Zq.tmp", "a"), "draft a.b's");
        assert!(is_temporary_of(".a.b.Xy12Zq.tmp", "a.b"));
        assert!(!is_temporary_of(".a.Xy12Z.tmp", "a"));
        assert!(!is_temporary_of(".ab.Xy12Zq.tmp", "a"));
        assert!(!is_temporary_of(".a.lock", "a"));
    }

    #[test]
    fn rename_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        store.save("a", &sample()).unwrap();
        store.save("a", &sample()).unwrap();
        store.save("b", &sample()).unwrap();
        assert!(matches!(
            store.rename("a", "b"),
            Err(StoreError::Exists { .. })
        ));
        store.rename("a", "c").unwrap();
        assert!(!store.exists("a") && store.exists("c"));
        assert!(!dir.path().join("a.ron.bak").exists());
        store.delete("c").unwrap();
        assert!(!store.exists("c"));
    }

    #[test]
    fn bad_names_touch_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("saves"));
        for name in ["../x", "a/b", "", ".x"] {
            assert!(
                matches!(store.save(name, &sample()), Err(StoreError::BadName(_))),
                "{name}"
            );
        }
        assert!(!dir.path().join("saves").exists());
        assert!(!dir.path().join("x.ron").exists());
    }
}
