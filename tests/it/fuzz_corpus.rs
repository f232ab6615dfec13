//! Replays the regression corpora of the coverage-guided fuzz targets
//! (`fuzz/regression/TARGET/`: the seeds, every input that once failed, and a sample of
//! what libFuzzer found, spread over input sizes) through the same functions the targets
//! run, so `cargo test` keeps them in seconds without nightly or cargo-fuzz. The full
//! corpora are not in git: `fuzz/corpus.sh` regenerates them (CONTRIBUTING.md, "Fuzzing").

use std::fs;
use std::path::Path;
use std::time::Instant;

#[path = "../../fuzz/harness.rs"]
mod harness;

/// The most inputs a target's regression corpus holds: enough to keep what the fuzzers
/// found, few enough to replay in seconds (`fuzz/corpus.sh pick` keeps it so).
const MOST: usize = 150;

fn regression(target: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regression")
        .join(target)
}

fn replay(target: &str, run: fn(&[u8])) {
    let dir = regression(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    assert!(
        files.len() <= MOST,
        "{}: {} inputs; keep at most {MOST} (fuzz/corpus.sh pick)",
        dir.display(),
        files.len()
    );
    let started = Instant::now();
    for file in &files {
        let data = fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", file.display());
    }
    eprintln!(
        "{target}: {} inputs in {:?}",
        files.len(),
        started.elapsed()
    );
}

#[test]
fn form_folder() {
    replay("form_folder", harness::form_folder);
}

#[test]
fn draft_roundtrip() {
    replay("draft_roundtrip", harness::draft_roundtrip);
}

#[test]
fn field_input() {
    replay("field_input", harness::field_input);
}

#[test]
fn cli_output() {
    replay("cli_output", harness::cli_output);
}

/// The seeds of `cli_output` reach every output: each is replayed with every value of the
/// byte that picks one (the sample libFuzzer found covers some outputs only).
#[test]
fn cli_output_seeds_reach_every_output() {
    every_output(
        "cli_output",
        harness::cli_output_picks(),
        harness::cli_output,
    );
}

#[test]
fn cli_documents() {
    replay("cli_documents", harness::cli_documents);
}

/// The seeds of `cli_documents` reach every form's PDF and message.
#[test]
fn cli_documents_seeds_reach_every_document() {
    every_output(
        "cli_documents",
        harness::cli_documents_picks(),
        harness::cli_documents,
    );
}

/// Each seed of `target`'s regression corpus, and each input that once failed, replayed
/// with every one of its `picks` outputs (the second byte picks one, and which output
/// a number means changes as outputs are added).
fn every_output(target: &str, picks: usize, run: fn(&[u8])) {
    let dir = regression(target);
    let mut seeds = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("seed-") && !name.starts_with("regression-") {
            continue;
        }
        seeds += usize::from(name.starts_with("seed-"));
        let mut data = fs::read(&path).unwrap();
        for pick in 0..picks {
            data[1] = u8::try_from(pick).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(
                outcome.is_ok(),
                "{} with output {pick} fails",
                path.display()
            );
        }
    }
    assert!(seeds >= 2, "{}: the seeds are missing", dir.display());
}

#[test]
fn conditions() {
    replay("conditions", harness::conditions);
}

/// The hand-written seeds of `conditions` load and reach evaluation (a seed that does not
/// lint would teach the fuzzer nothing about conditions).
#[test]
fn condition_seeds_reach_evaluation() {
    let dir = regression("conditions");
    for seed in ["seed-small", "seed-negotiation"] {
        let data = fs::read(dir.join(seed)).unwrap();
        assert!(harness::conditions_loads(&data), "{seed} does not load");
    }
}

#[test]
fn eml_headers() {
    replay("eml_headers", harness::eml_headers);
}

#[test]
fn wizard_keys() {
    replay("wizard_keys", harness::wizard_keys);
}
