//! The trash of a folder of drafts: `saves/.trash/NAME-YYYYMMDD-HHMMSS.ron` with its
//! `.bak`. Deleting a draft moves it there (a rename in the same file system: atomic), so
//! one key too many never loses a company's onboarding; restoring moves it back under its
//! name. The trash is not a draft (`list` reads the folder of drafts only, not below it)
//! and keeps itself out of git (its own `.gitignore`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDateTime};

use super::drafts::{DraftStore, StoreError};
use super::files::{sync_dir, write_atomic};
use crate::domain::draft::check_name;

/// The trash folder, inside the folder of drafts.
pub(crate) const TRASH: &str = ".trash";

/// How an entry's name says when it was deleted: `NAME-20261125-143000`.
const STAMP: &str = "%Y%m%d-%H%M%S";
/// The length of `-` and the stamp.
const STAMP_LEN: usize = 16;

/// A draft in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trashed {
    /// Its name in the trash, without `.ron`: `NAME-YYYYMMDD-HHMMSS` (`-2`... after it
    /// when one name was deleted twice within a second).
    pub entry: String,
    /// The draft's name: what restoring gives it back.
    pub name: String,
    /// When it was deleted (local time, as its name says).
    pub deleted: NaiveDateTime,
    /// Its backup (`.bak`) is there too.
    pub backup: bool,
}

/// The draft name and deletion time an entry's name holds; `None` for anything else
/// (a file put there by hand is never taken for a draft).
pub(crate) fn parse_entry(stem: &str) -> Option<(String, NaiveDateTime)> {
    let numbered = stem.rsplit_once('-').and_then(|(base, n)| {
        let counter = (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit());
        (counter && stamp_of(base).is_some()).then_some(base)
    });
    let base = numbered.unwrap_or(stem);
    let at = stamp_of(base)?;
    let name = base.get(..base.len() - STAMP_LEN)?;
    check_name(name).ok()?;
    Some((name.to_string(), at))
}

/// The time at the end of `NAME-YYYYMMDD-HHMMSS`.
fn stamp_of(base: &str) -> Option<NaiveDateTime> {
    let at = base.len().checked_sub(STAMP_LEN)?;
    let stamp = base.get(at..)?.strip_prefix('-')?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

impl DraftStore {
    /// The trash folder of this folder of drafts.
    pub(crate) fn trash_dir(&self) -> PathBuf {
        self.dir().join(TRASH)
    }

    /// The trash folder, made if needed: owner-only, with a `.gitignore` that keeps its
    /// content out of git. A trash that is a symbolic link (or not a folder) is refused.
    fn trash_folder(&self) -> Result<PathBuf, StoreError> {
        let dir = self.trash_dir();
        let failed = |source| StoreError::Write {
            path: dir.clone(),
            source,
        };
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        match builder.create(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(failed(e)),
            _ => {}
        }
        plain_folder(&dir)?;
        match write_atomic(&dir.join(".gitignore"), b"*\n", false) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(failed(e)),
            _ => Ok(dir),
        }
    }

    /// Moves a draft and its backup into the trash as `NAME-YYYYMMDD-HHMMSS` (`at`), and
    /// removes its lock file and where its user left off, as deleting did. The caller holds
    /// the draft's lock. Each file is renamed, backup first: a crash leaves the draft where
    /// it was or in the trash, never half of it lost.
    pub fn trash(&self, name: &str, at: DateTime<Local>) -> Result<Trashed, StoreError> {
        let path = self.path(name)?;
        if fs::symlink_metadata(&path).is_err() {
            return Err(StoreError::NotFound {
                name: name.into(),
                dir: self.dir().to_path_buf(),
            });
        }
        let trash = self.trash_folder()?;
        let stamp = at.format(STAMP).to_string();
        let entry = (1..1000)
            .map(|n| match n {
                1 => format!("{name}-{stamp}"),
                n => format!("{name}-{stamp}-{n}"),
            })
            .find(|e| {
                [format!("{e}.ron"), format!("{e}.ron.bak")]
                    .iter()
                    .all(|f| fs::symlink_metadata(trash.join(f)).is_err())
            })
            .ok_or_else(|| StoreError::Write {
                path: trash.clone(),
                source: io::Error::other("too many drafts of that name deleted at once"),
            })?;
        let moved = trash.join(format!("{entry}.ron"));
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let bak = Self::bak_path(&path);
        let moved_bak = Self::bak_path(&moved);
        let backup = fs::symlink_metadata(&bak).is_ok();
        if backup {
            fs::rename(&bak, &moved_bak).map_err(failed)?;
        }
        if let Err(e) = fs::rename(&path, &moved) {
            if backup {
                let _ = fs::rename(&moved_bak, &bak);
            }
            return Err(failed(e));
        }
        for extra in [
            self.resume_path(name),
            self.exports_path(name),
            self.lock_path(name),
        ] {
            match fs::remove_file(extra) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(failed(e)),
                _ => {}
            }
        }
        sync_dir(&trash).map_err(failed)?;
        sync_dir(self.dir()).map_err(failed)?;
        Ok(Trashed {
            entry,
            name: name.into(),
            deleted: at.naive_local(),
            backup,
        })
    }

    /// The drafts in the trash, the last deleted first. No trash: none.
    pub(crate) fn trashed(&self) -> Result<Vec<Trashed>, StoreError> {
        let dir = self.trash_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(StoreError::Read { path: dir, source }),
        };
        plain_folder(&dir)?;
        let mut out: Vec<Trashed> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let file = e.file_name();
                let entry = file.to_str()?.strip_suffix(".ron")?.to_string();
                let (name, deleted) = parse_entry(&entry)?;
                let backup = fs::symlink_metadata(dir.join(format!("{entry}.ron.bak"))).is_ok();
                Some(Trashed {
                    entry,
                    name,
                    deleted,
                    backup,
                })
            })
            .collect();
        out.sort_by(|a, b| b.deleted.cmp(&a.deleted).then(b.entry.cmp(&a.entry)));
        Ok(out)
    }

    /// Moves a draft of the trash back under its name (with its backup), under that name's
    /// lock; refused when a draft of that name exists (rename that one first). Returns
    /// the name.
    pub fn restore(&self, entry: &str) -> Result<String, StoreError> {
        let Some((name, _)) = parse_entry(entry) else {
            return Err(StoreError::BadName(format!(
                "{entry:?} is not a draft of the trash"
            )));
        };
        let trash = self.trash_dir();
        plain_folder(&trash)?;
        let from = trash.join(format!("{entry}.ron"));
        match fs::symlink_metadata(&from) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Err(StoreError::NotPlain { path: from }),
            Err(_) => {
                return Err(StoreError::NotFound {
                    name: entry.into(),
                    dir: trash,
                });
            }
        }
        let path = self.path(&name)?;
        let _held = self.lock(&name)?;
        if fs::symlink_metadata(&path).is_ok() {
            return Err(StoreError::Exists { name, path });
        }
        let failed = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        fs::rename(&from, &path).map_err(failed)?;
        let bak = Self::bak_path(&from);
        if fs::symlink_metadata(&bak).is_ok() {
            fs::rename(&bak, Self::bak_path(&path)).map_err(failed)?;
        }
        sync_dir(self.dir()).map_err(failed)?;
        sync_dir(&trash).map_err(failed)?;
        Ok(name)
    }
}

/// Refuses a trash that is a symbolic link or not a folder.
fn plain_folder(dir: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(StoreError::NotPlain {
            path: dir.to_path_buf(),
        }),
        Err(source) => Err(StoreError::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, 25, 14, 30, s).unwrap()
    }

    fn store() -> (tempfile::TempDir, DraftStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let mut draft = crate::domain::draft::Draft::new(chrono::Utc::now());
        store.save("acme", &draft).unwrap();
        // A second, different save: the first is kept as the backup.
        draft.answers.insert(
            "profile.legal_name".into(),
            crate::domain::values::answer::Answer::Text("Acme".into()),
        );
        store.save("acme", &draft).unwrap();
        (dir, store)
    }

    #[test]
    fn entries_name_the_draft_and_the_time() {
        let (name, when) = parse_entry("acme-fiber-20261125-143000").unwrap();
        assert_eq!(name, "acme-fiber");
        assert_eq!(when.to_string(), "2026-11-25 14:30:00");
        assert_eq!(parse_entry("a-20261125-143000-2").unwrap().0, "a");
        // A draft named like an entry keeps its whole name.
        let twice = "a-20260101-000000-20261125-143000";
        assert_eq!(parse_entry(twice).unwrap().0, "a-20260101-000000");
        for other in [
            "acme",
            "-20261125-143000",
            "a-2026112-143000",
            "a/b-20261125-143000",
        ] {
            assert_eq!(parse_entry(other), None, "{other}");
        }
    }

    /// The draft and its backup move into the trash, out of the list, and come back.
    #[test]
    fn a_deleted_draft_moves_to_the_trash_and_back() {
        let (dir, store) = store();
        let lock = store.lock("acme").unwrap();
        let before = fs::read(dir.path().join("acme.ron")).unwrap();
        let trashed = store.trash("acme", at(0)).unwrap();
        drop(lock);
        assert_eq!(trashed.entry, "acme-20261125-143000");
        assert!(trashed.backup);
        let trash = dir.path().join(".trash");
        assert_eq!(
            fs::read(trash.join("acme-20261125-143000.ron")).unwrap(),
            before
        );
        assert!(trash.join("acme-20261125-143000.ron.bak").exists());
        assert_eq!(fs::read_to_string(trash.join(".gitignore")).unwrap(), "*\n");
        for gone in ["acme.ron", "acme.ron.bak", ".acme.lock"] {
            assert!(!dir.path().join(gone).exists(), "{gone}");
        }
        assert!(store.list().unwrap().is_empty(), "the trash is no draft");
        assert_eq!(store.trashed().unwrap(), std::slice::from_ref(&trashed));
        assert_eq!(store.restore(&trashed.entry).unwrap(), "acme");
        assert_eq!(fs::read(dir.path().join("acme.ron")).unwrap(), before);
        assert!(dir.path().join("acme.ron.bak").exists());
        assert!(store.trashed().unwrap().is_empty());
    }

    #[test]
    fn a_name_deleted_twice_keeps_both_and_restore_refuses_an_existing_draft() {
        let (_dir, store) = store();
        let first = store.trash("acme", at(0)).unwrap();
        store
            .save(
                "acme",
                &crate::domain::draft::Draft::new(chrono::Utc::now()),
            )
            .unwrap();
        let second = store.trash("acme", at(0)).unwrap();
        assert_eq!(second.entry, "acme-20261125-143000-2");
        assert!(!second.backup);
        let listed = store.trashed().unwrap();
        assert_eq!(listed.len(), 2);
        store.restore(&first.entry).unwrap();
        let err = store.restore(&second.entry).unwrap_err();
        assert!(matches!(err, StoreError::Exists { .. }), "{err}");
        assert!(
            store
                .trash_dir()
                .join("acme-20261125-143000-2.ron")
                .exists()
        );
        assert!(matches!(
            store.restore("../acme-20261125-143000"),
            Err(StoreError::BadName(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_trash_that_is_a_link_is_refused() {
        let (dir, store) = store();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(".trash")).unwrap();
        let err = store.trash("acme", at(0)).unwrap_err();
        assert!(matches!(err, StoreError::NotPlain { .. }), "{err}");
        assert!(dir.path().join("acme.ron").exists());
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
