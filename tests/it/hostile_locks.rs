//! Class 3 of the hardening issue: one writer, for real. Locks are taken before reading,
//! lock and temporary files are never followed through symbolic links, cleaning a draft's
//! temporaries touches only its own, deleting or renaming moves the lock, `.bak` is 0600.

use std::fs;
use std::path::Path;
use std::thread;
use std::time::Duration;

use crate::support::{set, wizard};
use chrono::Utc;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::storage::drafts::DraftStore;

fn saves(dir: &Path) -> std::path::PathBuf {
    dir.join("saves")
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let victim = dir.path().join("important.txt");
    fs::write(&victim, "precious").unwrap();
    let lock = saves(dir.path()).join(".acme.lock");
    fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let out = wizard(dir.path())
        .args(["set", "acme", "profile.legal_name", "X"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    // A dangling link is not followed to create a file either.
    fs::remove_file(&victim).unwrap();
    let store = DraftStore::new(saves(dir.path()));
    assert!(store.lock("acme").is_err());
    assert!(!victim.exists(), "nothing was created through the link");
}

#[cfg(unix)]
#[test]
fn cleaning_temporaries_touches_only_the_drafts_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(saves(dir.path()));
    store.create("a", Utc::now()).unwrap();
    store.create("a.b", Utc::now()).unwrap();
    let folder = saves(dir.path());
    let mine = folder.join(".a.Xy12Zq.tmp");
    let theirs = folder.join(".a.b.Xy12Zq.tmp");
    fs::write(&mine, "stale").unwrap();
    fs::write(&theirs, "a.b is saving this right now").unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep").unwrap();
    let link = folder.join(".a.Ab12Cd.tmp");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    drop(store.lock("a").unwrap());
    assert!(!mine.exists(), "a's own stale temporary is removed");
    assert!(theirs.exists(), "a.b's temporary is not a's");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
}

#[cfg(unix)]
#[test]
fn backups_are_private_and_rename_and_delete_move_the_lock() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(saves(dir.path()));
    store.create("a", Utc::now()).unwrap();
    let path = saves(dir.path()).join("a.ron");
    // As a colleague's copy arrives: readable by everyone.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    set(dir.path(), "a", "profile.legal_name", "Xy");
    let bak = saves(dir.path()).join("a.ron.bak");
    assert_eq!(
        fs::metadata(&bak).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let held = store.lock("a").unwrap();
    store.rename("a", "b").unwrap();
    drop(held);
    let folder = saves(dir.path());
    assert!(!folder.join(".a.lock").exists(), "the old lock goes");
    assert!(folder.join(".b.lock").exists(), "the new name has its lock");
    let held = store.lock("b").unwrap();
    assert!(store.lock("b").is_err(), "and it locks");
    store.delete("b").unwrap();
    drop(held);
    // Nothing but the folder's .gitignore (written when the first draft was created).
    let left: Vec<_> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|f| f != ".gitignore")
        .collect();
    assert!(left.is_empty(), "nothing left: {left:?}");
}

/// A window that opens the draft (lock, then read), keeps it a moment as a user would,
/// and saves an answer of its own.
fn window(store: &DraftStore, turn: usize) -> bool {
    let Ok(opened) = store.open("acme") else {
        return false;
    };
    let Ok(lock) = opened.lock else {
        return false;
    };
    let mut draft = opened.draft;
    thread::sleep(Duration::from_millis(15));
    draft
        .answers
        .insert("profile.dba_names".into(), Answer::Text(format!("w{turn}")));
    store.save("acme", &draft).unwrap();
    drop(lock);
    true
}

#[test]
fn no_answer_set_reports_saved_is_lost_to_a_window() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let store = DraftStore::new(saves(dir.path()));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let windows = {
        let (store, stop) = (store.clone(), stop.clone());
        thread::spawn(move || {
            let mut saved = Vec::new();
            for turn in 0.. {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                if window(&store, turn) {
                    saved.push(turn);
                }
                thread::sleep(Duration::from_millis(10));
            }
            saved
        })
    };
    let mut reported = Vec::new();
    for i in 0..40 {
        let value = format!("n{i}");
        let ok = wizard(dir.path())
            .args(["set", "acme", "certification.states[+].notes", &value])
            .output()
            .unwrap()
            .status
            .success();
        if ok {
            reported.push(value);
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let saved = windows.join().unwrap();
    let draft = store.load("acme").unwrap();
    let notes: Vec<String> = draft
        .answers
        .iter()
        .filter(|(k, _)| k.ends_with("].notes"))
        .map(|(_, a)| a.display())
        .collect();
    for value in &reported {
        assert!(
            notes.contains(value),
            "{value} was reported saved and is gone: {notes:?}"
        );
    }
    assert!(
        !reported.is_empty() && !saved.is_empty(),
        "both wrote: {reported:?} {saved:?}"
    );
    let last = format!("w{}", saved.last().unwrap());
    assert_eq!(draft.answers["profile.dba_names"].display(), last);
}
