//! Crash safety: a process saving a large draft in a loop is killed (SIGKILL) at random
//! moments, hundreds of times; the draft must always load and hold every answer the
//! process reported saved. `CLEC_WIZARD_CRASH_ROUNDS` sets the number of kills (200).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::storage::drafts::DraftStore;

const CHILD: &str = "CLEC_WIZARD_CRASH_CHILD";
const COUNTER: &str = "crash.counter";

fn counter(draft: &Draft) -> u64 {
    match draft.answers.get(COUNTER) {
        Some(Answer::Text(n)) => n.parse().unwrap(),
        _ => 0,
    }
}

/// The process that gets killed: holds the draft's lock and saves forever, printing
/// `saved N` after each save returns.
#[test]
#[ignore = "run by killing_a_save_never_loses_a_saved_answer as its child process"]
fn crash_child() {
    let dir = std::env::var_os(CHILD).expect("run by the crash test");
    let store = DraftStore::new(dir);
    let _lock = store
        .lock("big")
        .expect("the previous holder was killed, so the lock is free");
    let mut draft = store.load("big").unwrap();
    let mut n = counter(&draft);
    loop {
        n += 1;
        draft
            .answers
            .insert(COUNTER.into(), Answer::Text(n.to_string()));
        draft.answers.insert(
            format!("crash.note_{}", n % 50),
            Answer::Text(format!("revision {n} ").repeat(40)),
        );
        store.save("big", &draft).unwrap();
        println!("saved {n}");
    }
}

/// A draft of about half a megabyte.
fn big_draft(dir: &Path) {
    let mut draft = Draft::new(chrono::Utc::now());
    for i in 0..3000 {
        let text = format!("answer {i}: {}", "lorem ipsum dolor sit amet ".repeat(6));
        draft.answers.insert(
            format!("questionnaire.contacts[{i}].notes"),
            Answer::Text(text),
        );
    }
    DraftStore::new(dir).save("big", &draft).unwrap();
}

/// A small deterministic generator for the kill delays.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn killing_a_save_never_loses_a_saved_answer() {
    let rounds: u32 = std::env::var("CLEC_WIZARD_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    big_draft(dir.path());
    let size = std::fs::metadata(dir.path().join("big.ron")).unwrap().len();
    assert!(size > 400_000, "a large draft ({size} bytes)");
    let store = DraftStore::new(dir.path());
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut reported_total = 0;
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                // The test's name in this binary: module, then function.
                "crash::crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let last = Arc::new(AtomicU64::new(0));
        let stdout = child.stdout.take().unwrap();
        let seen = Arc::clone(&last);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                    seen.store(n, Ordering::SeqCst);
                }
            }
        });
        // Mostly after a few saves, at a random moment of the next one; now and then at once.
        if round % 10 != 0 {
            let target = 1 + next(&mut seed) % 3;
            let start = std::time::Instant::now();
            while last.load(Ordering::SeqCst) < target && start.elapsed() < Duration::from_secs(20)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        std::thread::sleep(Duration::from_micros(next(&mut seed) % 8_000));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let reported = last.load(Ordering::SeqCst);
        reported_total += u64::from(reported > 0);
        let draft = store
            .load("big")
            .unwrap_or_else(|e| panic!("round {round}: the draft does not load after a kill: {e}"));
        assert!(
            counter(&draft) >= reported,
            "round {round}: saved {reported} was reported, the file holds {}",
            counter(&draft)
        );
        assert!(
            draft.answers.len() >= 3000,
            "round {round}: answers were lost"
        );
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        // A kill can leave the temporary file of the save it interrupted; the next writer
        // clears it, so they never pile up.
        assert!(leftovers <= 1, "round {round}: {leftovers} temporary files");
    }
    assert!(
        reported_total >= u64::from(rounds) * 8 / 10,
        "most rounds saved before the kill ({reported_total})"
    );
    eprintln!("{rounds} kills survived; {reported_total} of them after at least one reported save");
}
