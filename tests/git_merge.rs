//! Drafts a team can merge, with real git in temporary repositories: two branches that
//! answer different questions merge cleanly through the driver `git-setup` registers; the
//! same answer changed on both sides becomes one conflict open item, never broken RON.
//! Git never reads the user's configuration here (GIT_CONFIG_GLOBAL=/dev/null).

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .expect("git runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "git {args:?}: {text}");
    text
}

/// clec-wizard in `repo`, on its `saves` folder.
fn cw(repo: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = cargo_bin_cmd!("clec-wizard");
    cmd.current_dir(repo)
        .env_remove("CLEC_WIZARD_SAVES")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .assert()
}

fn set(repo: &Path, path: &str, value: &str) {
    cw(repo, &["set", "acme", path, value]).success();
}

/// A repository with the driver set up and a draft `acme` with three agreement rows.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["config", "user.name", "Test"]);
    git(repo, &["config", "user.email", "test@example.com"]);
    fs::create_dir(repo.join("saves")).unwrap();
    cw(repo, &["new", "acme"]).success();
    cw(repo, &["git-setup"]).success();
    set(repo, "profile.legal_name", "Prairie Fiber LLC");
    set(repo, "profile.target_states", "CO, UT, WA");
    for (i, state) in ["CO", "UT", "WA"].iter().enumerate() {
        set(repo, "agreement-request.agreements[+].state", state);
        let path = format!("agreement-request.agreements[{}].path", i + 1);
        set(repo, &path, "nta");
    }
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "base"]);
    dir
}

fn commit(repo: &Path, message: &str) {
    git(repo, &["commit", "-q", "-am", message]);
}

#[test]
fn different_answers_on_two_branches_merge_cleanly() {
    let dir = repo();
    let repo = dir.path();
    let status = git(repo, &["status", "--porcelain"]);
    assert!(
        status.is_empty(),
        "locks, backups stay out of git: {status}"
    );
    git(repo, &["checkout", "-q", "-b", "alice"]);
    set(repo, "profile.ein", "84-1234567");
    set(repo, "agreement-request.agreements[2].path", "opt_in");
    cw(
        repo,
        &["set", "acme", "agreement-request.agreements[1]", "--clear"],
    )
    .success();
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "profile.entity_type", "llc");
    set(repo, "agreement-request.agreements[3].path", "commercial");
    set(repo, "agreement-request.agreements[+].state", "CO");
    commit(repo, "bob");
    let merge = git(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merge.contains("CONFLICT"), "{merge}");
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains("Conflict("),
        "{text}"
    );
    let shown = cw(repo, &["show", "acme", "--json"]).success();
    let doc: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    let profile = &doc["forms"][0]["answers"];
    assert_eq!(profile["profile.ein"], "84-1234567");
    assert_eq!(profile["profile.entity_type"], "llc");
    let agreements = doc["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["form"] == "agreement-request")
        .unwrap()["answers"]
        .clone();
    // Row 1 (CO) went on alice's side; rows now UT (opt-in), WA (commercial), CO.
    assert_eq!(agreements["agreement-request.agreements[1].state"], "UT");
    assert_eq!(agreements["agreement-request.agreements[1].path"], "opt_in");
    assert_eq!(
        agreements["agreement-request.agreements[2].path"],
        "commercial"
    );
    assert_eq!(agreements["agreement-request.agreements[3].state"], "CO");
    let report = cw(repo, &["validate", "acme", "--json"]);
    let doc: Value = serde_json::from_slice(&report.get_output().stdout).unwrap();
    let conflicts = doc.to_string().matches("conflict:").count();
    assert_eq!(conflicts, 0, "{doc}");
}

#[test]
fn removing_a_row_changes_that_rows_lines_only() {
    let dir = repo();
    let repo = dir.path();
    cw(
        repo,
        &["set", "acme", "agreement-request.agreements[1]", "--clear"],
    )
    .success();
    let diff = git(repo, &["diff", "-U0", "--", "saves/acme.ron"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert!(
        changed
            .iter()
            .all(|l| l.starts_with('-') && l.contains("agreements[1-")),
        "{diff}"
    );
    assert_eq!(changed.len(), 3, "the row and its two answers: {diff}");
}

#[test]
fn the_same_answer_changed_on_both_sides_is_one_conflict_open_item() {
    let dir = repo();
    let repo = dir.path();
    git(repo, &["checkout", "-q", "-b", "alice"]);
    set(repo, "profile.legal_name", "Prairie Fiber Holdings LLC");
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "profile.legal_name", "Prairie Fiber Co");
    commit(repo, "bob");
    let merge = git(repo, &["merge", "--no-edit", "alice"]);
    assert!(
        !merge.contains("CONFLICT"),
        "the driver keeps both: {merge}"
    );
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(
        text.contains(
            r#"Conflict(Some(Text("Prairie Fiber Co")), Some(Text("Prairie Fiber Holdings LLC")))"#
        ),
        "{text}"
    );
    let out = cw(repo, &["validate", "acme", "--form", "profile"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(stdout.matches("conflict:").count(), 1, "{stdout}");
    assert!(stdout.contains("Prairie Fiber Holdings LLC"), "{stdout}");
    // Setting the answer settles it.
    set(repo, "profile.legal_name", "Prairie Fiber Holdings LLC");
    let out = cw(repo, &["validate", "acme", "--form", "profile"]);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!stdout.contains("conflict:"), "{stdout}");
    println!("{}", git(repo, &["log", "--graph", "--oneline"]));
}

#[test]
fn git_setup_registers_this_program_as_the_driver() {
    let dir = repo();
    let repo = dir.path();
    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes.trim(), "saves/*.ron merge=clec-wizard");
    let driver = git(repo, &["config", "merge.clec-wizard.driver"]);
    let exe = assert_cmd::cargo::cargo_bin!("clec-wizard");
    assert!(driver.contains(&*exe.to_string_lossy()), "{driver}");
    assert!(driver.trim().ends_with("merge-driver %O %A %B"), "{driver}");
    let ignore = fs::read_to_string(repo.join("saves/.gitignore")).unwrap();
    assert!(
        ignore.contains(".*.lock") && ignore.contains("*.bak") && ignore.contains("/exports/"),
        "{ignore}"
    );
}
