//! Class 7 of the hardening issue: plumbing. A closed pipe ends a command quietly with the
//! conventional status; `export --all -o` onto a file says it is a file; CSV cells that
//! start with a tab or carriage return are guarded like formulas.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::wizard;
use chrono::Utc;
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::storage::drafts::DraftStore;

/// A draft whose `show` prints far more than a pipe holds.
fn big_draft(dir: &Path) {
    let mut draft = Draft::new(Utc::now());
    draft.answers.insert(
        "profile.dba_names".into(),
        Answer::Text("a line of text\n".repeat(40_000)),
    );
    DraftStore::new(dir.join("saves"))
        .save("big", &draft)
        .unwrap();
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_141() {
    let dir = tempfile::tempdir().unwrap();
    big_draft(dir.path());
    for args in [
        &["show", "big"][..],
        &[
            "export", "big", "--form", "profile", "--format", "text", "--draft",
        ],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("clec-wizard"))
            .env("XDG_CONFIG_HOME", crate::support::no_config_home())
            .arg("--saves")
            .arg(dir.path().join("saves"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -c 10`: read a little, then close the pipe.
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

#[test]
fn export_all_onto_a_file_says_it_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let file = dir.path().join("out.txt");
    fs::write(&file, "mine").unwrap();
    let out = wizard(dir.path())
        .args(["export", "acme", "--all", "--draft", "--force", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("out.txt is a file"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn csv_cells_starting_with_a_tab_or_cr_are_guarded() {
    let dir = tempfile::tempdir().unwrap();
    let mut draft = Draft::new(Utc::now());
    for (field, value) in [
        ("legal_name", "\t=HYPERLINK(\"http://evil.example\")"),
        ("dba_names", "\r+cmd|' /C calc'!A0"),
        ("notices_attention", " @SUM(1+1)"),
        ("hq_street", "\t1 Main St"),
    ] {
        draft
            .answers
            .insert(format!("profile.{field}"), Answer::Text(value.into()));
    }
    DraftStore::new(dir.path().join("saves"))
        .save("acme", &draft)
        .unwrap();
    let out = wizard(dir.path())
        .args([
            "export", "acme", "--form", "profile", "--format", "csv", "--draft",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv.lines().skip(1);
    let cells: Vec<String> = reader
        .by_ref()
        .filter_map(|line| {
            line.rsplit_once(',')
                .map(|(_, v)| v.trim_matches('"').to_string())
        })
        .collect();
    for cell in &cells {
        let start = cell.trim_start_matches(['\t', '\r', ' ', '\n']);
        if start.starts_with(['=', '+', '@']) || cell.starts_with(['\t', '\r']) {
            panic!("unguarded cell {cell:?} in:\n{csv}");
        }
    }
    assert!(
        cells.iter().any(|c| c.starts_with("'\t=HYPERLINK")),
        "{csv}"
    );
    assert!(cells.iter().any(|c| c.starts_with("' @SUM")), "{csv}");
}
