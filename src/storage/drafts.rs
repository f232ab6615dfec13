//! Drafts on disk: `saves/NAME.ron`, written atomically with the previous version kept as
//! `NAME.ron.bak`, owner-readable only, and never overwritten when they fail to parse.
//! Saved in format 2 ([`super::format`]); format 1 still loads. Where the user left off is
//! kept beside the draft in `.NAME.resume` (it is not a change to share).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::files::{restrict, sync_dir, synced_temp};
use crate::domain::draft::{Draft, check_name};

/// The first line of every saved draft.
const HEADER: &str =
    "// clec-wizard draft: one answer per line, keyed form.field or form.group[row].field\n";

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
        bak: Option<PathBuf>,
    },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot save {path}: {source}; the previous version is unchanged")]
    Write { path: PathBuf, source: io::Error },
    #[error("draft {name:?} is open in another clec-wizard{}; close it there first", holder_note(.holder))]
    Locked {
        name: String,
        holder: Option<String>,
    },
}

fn holder_note(holder: &Option<String>) -> String {
    holder
        .as_deref()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default()
}

/// The one writer of a draft: an operating-system lock on `.NAME.lock`, released when
/// this value is dropped or the process ends (so a killed process blocks no one).
#[derive(Debug)]
pub struct DraftLock {
    _file: fs::File,
}

fn bak_note(bak: &Option<PathBuf>) -> String {
    match bak {
        Some(b) => format!("; the previous version is in {}", b.display()),
        None => "; there is no backup (.bak) of it".into(),
    }
}

/// A draft found in the folder: its name and the draft, or why it cannot be read.
pub type Listed = (String, Result<Draft, StoreError>);

/// The folder of drafts.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a draft, after checking its name.
    pub fn path(&self, name: &str) -> Result<PathBuf, StoreError> {
        check_name(name).map_err(StoreError::BadName)?;
        Ok(self.dir.join(format!("{name}.ron")))
    }

    fn bak_path(path: &Path) -> PathBuf {
        let mut s = path.as_os_str().to_owned();
        s.push(".bak");
        PathBuf::from(s)
    }

    /// Takes the draft's lock, or says who holds it.
    pub fn lock(&self, name: &str) -> Result<DraftLock, StoreError> {
        self.path(name)?;
        let path = self.lock_path(name);
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(failed)?;
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {
                use std::io::{Seek, Write};
                let who = format!(
                    "process {} since {}",
                    std::process::id(),
                    chrono::Local::now().format("%Y-%m-%d %H:%M")
                );
                // Best effort: the lock itself is what counts, the text only explains it.
                let _ = file
                    .set_len(0)
                    .and_then(|()| file.rewind())
                    .and_then(|()| file.write_all(who.as_bytes()));
                self.remove_stale_temporaries(name);
                Ok(DraftLock { _file: file })
            }
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                Err(StoreError::Locked {
                    name: name.into(),
                    holder,
                })
            }
            Err(fs::TryLockError::Error(e)) => Err(failed(e)),
        }
    }

    /// Removes temporary files a killed save left behind (only the lock holder writes them).
    fn remove_stale_temporaries(&self, name: &str) {
        let prefix = format!(".{name}.");
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            if file.starts_with(&prefix) && file.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).is_ok_and(|p| p.exists())
    }

    /// Reads and parses a draft.
    pub fn load(&self, name: &str) -> Result<Draft, StoreError> {
        let path = self.path(name)?;
        let text = fs::read_to_string(&path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => StoreError::NotFound {
                name: name.into(),
                dir: self.dir.clone(),
            },
            _ => StoreError::Read {
                path: path.clone(),
                source,
            },
        })?;
        let mut draft = parse(&text, &path)?;
        if draft.format >= 2
            && let Ok(modified) = fs::metadata(&path).and_then(|m| m.modified())
        {
            draft.updated = DateTime::<Utc>::from(modified).max(draft.created);
        }
        draft.resume = fs::read_to_string(self.resume_path(name))
            .ok()
            .and_then(|text| ron::from_str(&text).ok());
        Ok(draft)
    }

    /// Where the user left off in a draft (hidden, beside it; not shared through git).
    fn resume_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".{name}.resume"))
    }

    /// Keeps where the user left off (best effort: it only saves a few keystrokes).
    fn save_resume(&self, name: &str, draft: &Draft) {
        let path = self.resume_path(name);
        match &draft.resume {
            Some(resume) => {
                let text = ron::to_string(resume).unwrap_or_default();
                if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                    let _ = super::files::write_atomic(&path, text.as_bytes(), true);
                }
            }
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// Creates and saves an empty draft; refuses an existing name.
    pub fn create(&self, name: &str, now: DateTime<Utc>) -> Result<Draft, StoreError> {
        let path = self.path(name)?;
        if path.exists() {
            return Err(StoreError::Exists {
                name: name.into(),
                path,
            });
        }
        let draft = Draft::new(now);
        self.save(name, &draft)?;
        Ok(draft)
    }

    /// Saves atomically: temporary file in the same folder, fsync, keep the old file as
    /// `.bak`, rename over, fsync the folder. A crash leaves the old or the new file whole.
    pub fn save(&self, name: &str, draft: &Draft) -> Result<(), StoreError> {
        let text = to_ron(draft);
        let path = self.path(name)?;
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(failed)?;
        let tmp = synced_temp(&self.dir, &format!(".{name}."), text.as_bytes()).map_err(failed)?;
        if path.exists() {
            keep_backup(&path, &Self::bak_path(&path)).map_err(failed)?;
        }
        tmp.persist(&path).map_err(|e| failed(e.error))?;
        sync_dir(&self.dir).map_err(failed)?;
        self.save_resume(name, draft);
        Ok(())
    }

    /// The lock file of a draft (hidden, beside it).
    fn lock_path(&self, name: &str) -> PathBuf {
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
            self.lock_path(name),
        ] {
            match fs::remove_file(extra) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(failed(e)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Saves `draft` under a new name that must not exist yet.
    pub fn save_new(&self, name: &str, draft: &Draft) -> Result<(), StoreError> {
        let path = self.path(name)?;
        if path.exists() {
            return Err(StoreError::Exists {
                name: name.into(),
                path,
            });
        }
        self.save(name, draft)
    }

    /// Renames a draft: saved under the new name first, then the old files removed.
    pub fn rename(&self, old: &str, new: &str) -> Result<(), StoreError> {
        let draft = self.load(old)?;
        self.save_new(new, &draft)?;
        self.delete(old)
    }

    /// Every draft of the folder by name, each parsed or with its error.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
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
        Ok(names
            .into_iter()
            .map(|n| {
                let d = self.load(&n);
                (n, d)
            })
            .collect())
    }
}

/// The draft as saved (format 2): stable order, one answer per line.
pub fn to_ron(draft: &Draft) -> String {
    let body = super::format::write_disk(&super::format::to_disk(draft));
    format!("{HEADER}{body}\n")
}

/// Just the format number of a saved draft.
#[derive(serde::Deserialize)]
struct Probe {
    format: u32,
}

/// Parses a saved draft of format 1 or 2; errors name the file, line and column.
pub fn parse(text: &str, path: &Path) -> Result<Draft, StoreError> {
    let corrupt = |e: ron::error::SpannedError| {
        let bak = Some(DraftStore::bak_path(path)).filter(|b| b.exists());
        StoreError::Corrupt {
            path: path.to_path_buf(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
            bak,
        }
    };
    // The format line is near the top: read it there rather than parsing the whole file
    // twice (a hand-written file without it is probed the slow way).
    let format =
        stated_format(text).or_else(|| ron::from_str::<Probe>(text).ok().map(|p| p.format));
    match format {
        Some(1) => {
            let mut draft: Draft = ron::from_str(text).map_err(corrupt)?;
            draft.ensure_row_ids();
            Ok(draft)
        }
        _ => {
            let disk: super::format::DiskDraft = ron::from_str(text).map_err(corrupt)?;
            Ok(super::format::from_disk(disk))
        }
    }
}

/// The `format: N` of a draft written the usual way (within its first lines, before
/// any answer), if there.
fn stated_format(text: &str) -> Option<u32> {
    text.lines()
        .take(8)
        .map(str::trim)
        .find_map(|line| line.strip_prefix("format:"))
        .and_then(|rest| rest.trim().trim_end_matches(',').trim().parse().ok())
}

fn keep_backup(path: &Path, bak: &Path) -> io::Result<()> {
    match fs::remove_file(bak) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // A hard link keeps the current file in place until the rename replaces it.
    if fs::hard_link(path, bak).is_err() {
        fs::copy(path, bak)?;
        restrict(bak)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::Answer;

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
        assert!(err.contains("bad.ron.bak"), "{err}");
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
