//! Drafts a team can merge, with real git in temporary repositories: two branches that
//! answer different questions merge cleanly through the driver `git-setup` registers; the
//! same answer changed on both sides becomes one conflict open item, never broken RON.
//! Git never reads the user's configuration here (GIT_CONFIG_GLOBAL=/dev/null).

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn git(repo: &Path, args: &[&str]) -> String {
    let (ok, text) = git_status(repo, args);
    assert!(ok, "git {args:?}: {text}");
    text
}

/// git's success and what it printed (standard output, then standard error).
fn git_status(repo: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .expect("git must be installed for the merge-driver tests (apt-get install git)");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// clec-wizard in `repo`, on its `saves` folder.
fn cw(repo: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = crate::support::bare();
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
    // The driver keeps both answers in the draft, and tells git it is a conflict: the
    // merge stops before its commit, with the draft unmerged.
    let (merged, merge) = git_status(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merged && merge.contains("CONFLICT"), "{merge}");
    assert!(
        merge.contains("profile.legal_name: changed on both sides"),
        "{merge}"
    );
    let status = git(repo, &["status", "--porcelain"]);
    assert!(status.contains("UU saves/acme.ron"), "{status}");
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
    // Then the merge is committed as git users expect.
    git(repo, &["add", "saves/acme.ron"]);
    git(repo, &["commit", "-q", "--no-edit"]);
    let log = git(repo, &["log", "--oneline", "-1", "--format=%p"]);
    assert_eq!(log.split_whitespace().count(), 2, "a merge commit: {log}");
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

/// A `%` in the program's path is doubled for git, which reads `%A` in a driver as the
/// file to merge: a clean merge still goes through the driver installed there.
#[test]
fn the_driver_runs_from_a_folder_with_a_percent_sign() {
    let dir = repo();
    let repo = dir.path();
    let bin = tempfile::tempdir().unwrap();
    let exe = bin.path().join("100%A").join("clec-wizard");
    fs::create_dir(exe.parent().unwrap()).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_clec-wizard"), &exe).unwrap();
    // A test running beside this one may fork while the copy is still open for writing
    // (the child holds it until it executes): the kernel then refuses to run the copy
    // for a moment (ETXTBSY).
    let out = (0..50)
        .find_map(|_| {
            let run = Command::new(&exe)
                .current_dir(repo)
                .env_remove("CLEC_WIZARD_SAVES")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .arg("git-setup")
                .output();
            match run {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    None
                }
                other => Some(other.unwrap()),
            }
        })
        .expect("the copy runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let driver = git(repo, &["config", "merge.clec-wizard.driver"]);
    assert!(driver.contains("100%%A"), "{driver}");
    git(repo, &["checkout", "-q", "-b", "alice"]);
    set(repo, "profile.ein", "84-1234567");
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "profile.entity_type", "llc");
    commit(repo, "bob");
    let merge = git(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merge.contains("CONFLICT"), "{merge}");
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(
        text.contains("84-1234567") && text.contains("llc"),
        "{text}"
    );
}

/// A clone without `git-setup` merges a draft line by line: the draft then holds git's
/// conflict markers, and reading it says so and how to merge it again with the driver,
/// which `git checkout -m` then does.
#[test]
fn conflict_markers_say_to_set_up_the_driver_and_merge_again() {
    let dir = repo();
    let repo = dir.path();
    // As a clone that never ran git-setup: no driver in the repository's config.
    git(repo, &["config", "--remove-section", "merge.clec-wizard"]);
    git(repo, &["checkout", "-q", "-b", "alice"]);
    set(repo, "profile.legal_name", "Prairie Fiber Holdings LLC");
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "profile.legal_name", "Prairie Fiber Co");
    commit(repo, "bob");
    let (merged, _) = git_status(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merged);
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    let marker = text.lines().position(|l| l.starts_with("<<<<<<<")).unwrap() + 1;
    let out = cw(repo, &["validate", "acme"]).code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!(
            "acme.ron:{marker}:1: this draft has merge conflicts"
        )) && stderr.contains("clec-wizard git-setup")
            && stderr.contains("git checkout -m"),
        "{stderr}"
    );
    assert!(!stderr.contains("Expected"), "{stderr}");
    cw(repo, &["git-setup"]).success();
    git(repo, &["checkout", "-m", "saves/acme.ron"]);
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(
        !text.contains("<<<<<<<") && text.contains("Conflict("),
        "{text}"
    );
    cw(repo, &["validate", "acme", "--form", "profile"]).code(1);
}

/// A form's status merges field by field: one branch records the acknowledgement, the
/// other sends the form again; both survive a clean merge.
#[test]
fn an_acknowledgement_and_a_new_sending_on_two_branches_both_survive() {
    let dir = repo();
    let repo = dir.path();
    cw(
        repo,
        &["sent", "acme", "--form", "profile", "--on", "2026-11-20"],
    )
    .success();
    commit(repo, "sent");
    git(repo, &["checkout", "-q", "-b", "alice"]);
    cw(
        repo,
        &[
            "acknowledged",
            "acme",
            "--form",
            "profile",
            "--on",
            "2026-11-22",
            "--ref",
            "CDS-261122-0001",
        ],
    )
    .success();
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "profile.legal_name", "Prairie Fiber Co");
    cw(
        repo,
        &["sent", "acme", "--form", "profile", "--on", "2026-11-23"],
    )
    .success();
    cw(
        repo,
        &["sent", "acme", "--form", "checklist", "--on", "2026-11-23"],
    )
    .success();
    commit(repo, "bob");
    let merge = git(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merge.contains("CONFLICT"), "{merge}");
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(
        text.contains(
            "\n        \"profile@acknowledged\": Acknowledged(on: \"2026-11-22\", reference: Some(\"CDS-261122-0001\")),\n"
        ),
        "alice's acknowledgement, on its own line: {text}"
    );
    assert!(text.contains("\"2026-11-23\""), "bob's sending: {text}");
    assert!(
        !text.contains("\"2026-11-20\""),
        "replaced by bob's: {text}"
    );
    assert!(text.contains("\"checklist\": (status"), "{text}");
}

/// Both branches acknowledge the form differently: a true conflict, said by name, and
/// git stops the merge with the draft unmerged.
#[test]
fn two_different_acknowledgements_are_a_conflict() {
    let dir = repo();
    let repo = dir.path();
    cw(
        repo,
        &["sent", "acme", "--form", "profile", "--on", "2026-11-20"],
    )
    .success();
    commit(repo, "sent");
    git(repo, &["checkout", "-q", "-b", "alice"]);
    cw(
        repo,
        &[
            "acknowledged",
            "acme",
            "--form",
            "profile",
            "--ref",
            "CDS-A",
        ],
    )
    .success();
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    cw(
        repo,
        &[
            "acknowledged",
            "acme",
            "--form",
            "profile",
            "--ref",
            "CDS-B",
        ],
    )
    .success();
    commit(repo, "bob");
    let (merged, merge) = git_status(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merged && merge.contains("CONFLICT"), "{merge}");
    assert!(
        merge.contains("profile: the acknowledgement changed on both sides")
            && merge.contains("CDS-A")
            && merge.contains("CDS-B"),
        "{merge}"
    );
    let status = git(repo, &["status", "--porcelain"]);
    assert!(status.contains("UU saves/acme.ron"), "{status}");
}

/// A repository whose draft `acme` holds one conflict on a row, made by a real merge
/// through the driver: row 1 (CO) edited here (its path set to opt_in), removed on the
/// branch merged in.
fn row_conflict() -> tempfile::TempDir {
    let dir = repo();
    let repo = dir.path();
    git(repo, &["checkout", "-q", "-b", "alice"]);
    cw(
        repo,
        &["set", "acme", "agreement-request.agreements[1]", "--clear"],
    )
    .success();
    commit(repo, "alice");
    git(repo, &["checkout", "-q", "main"]);
    set(repo, "agreement-request.agreements[1].path", "opt_in");
    commit(repo, "bob");
    let (merged, merge) = git_status(repo, &["merge", "--no-edit", "alice"]);
    assert!(!merged && merge.contains("CONFLICT"), "{merge}");
    assert!(
        merge.contains("row 1 (CO): removed on theirs, edited on ours"),
        "{merge}"
    );
    dir
}

/// Validation of the agreement request form: exit code and what it printed.
fn validate_agreements(repo: &Path) -> (Option<i32>, String) {
    let out = cw(repo, &["validate", "acme", "--form", "agreement-request"]);
    let out = out.get_output();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

/// The agreement rows' states, in order, as `show --json` has them.
fn agreement_states(repo: &Path) -> Vec<String> {
    let shown = cw(repo, &["show", "acme", "--json"]).success();
    let doc: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    let form = doc["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["form"] == "agreement-request")
        .unwrap()
        .clone();
    (1..)
        .map_while(|i| {
            let key = format!("agreement-request.agreements[{i}].state");
            form["answers"][key].as_str().map(str::to_string)
        })
        .collect()
}

/// A row removed on one branch and edited on the other is one conflict on the row, named
/// as the user sees it, and `set … --ours` settles it (the row kept whole, as edited).
#[test]
fn a_row_removed_on_one_side_and_edited_on_the_other_is_settled_by_set() {
    let dir = row_conflict();
    let repo = dir.path();
    let (code, stdout) = validate_agreements(repo);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("row 1 (CO)")
            && stdout.contains("removed on theirs, edited on ours")
            && stdout.contains("keeping ours keeps the row as edited")
            && stdout.contains("keeping theirs removes the row with all its answers"),
        "{stdout}"
    );
    let out = cw(
        repo,
        &["set", "acme", "agreement-request.agreements[1]", "--ours"],
    )
    .success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        said.contains("conflict settled: kept the row as edited"),
        "{said}"
    );
    let (_, stdout) = validate_agreements(repo);
    assert!(!stdout.contains("conflict"), "{stdout}");
    let shown = cw(repo, &["show", "acme", "--json"]).success();
    let doc: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    let agreements = doc["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["form"] == "agreement-request")
        .unwrap()["answers"]
        .clone();
    assert_eq!(agreements["agreement-request.agreements[1].state"], "CO");
    assert_eq!(agreements["agreement-request.agreements[1].path"], "opt_in");
    assert_eq!(agreements["agreement-request.agreements[3].state"], "WA");
    // Settled again, nothing is left to settle.
    cw(
        repo,
        &["set", "acme", "agreement-request.agreements[1]", "--theirs"],
    )
    .code(2);
}

/// The same conflict in the wizard: listed in the review's open items by the row's name,
/// Enter goes to the row, which shows the conflict and the keys that settle it (the
/// footer offers them there); Ctrl-T keeps theirs, which removed the row: the row goes,
/// with all its answers, and the draft saved has no conflict left.
#[test]
fn a_row_conflict_is_settled_in_the_wizard() {
    use clec_wizard::storage::drafts::DraftStore;
    use clec_wizard::tui::headless::Headless;
    use clec_wizard::tui::state::View;
    use crossterm::event::KeyCode;
    let dir = row_conflict();
    let saves = dir.path().join("saves");
    let forms = clec_wizard::storage::forms::load(None).unwrap();
    let theme = clec_wizard::tui::theme::Theme { color: false };
    let mut w = Headless::new(
        forms,
        DraftStore::new(&saves),
        theme,
        crate::support::today(),
    );
    w.open("acme", Some("agreement-request"));
    w.ctrl('r');
    let View::Review(review) = &w.app.session().unwrap().view else {
        panic!("the review is open");
    };
    let problems = &review.report().unwrap().problems;
    let at = problems
        .iter()
        .position(|p| p.label.contains("row 1 (CO)"))
        .unwrap_or_else(|| panic!("the row's conflict is an open item: {problems:?}"));
    assert!(problems[at].blocking && problems[at].message.contains("removed on theirs"));
    for _ in 0..at {
        w.key(KeyCode::Down);
    }
    w.key(KeyCode::Enter);
    let focus = w.app.form_screen().unwrap().focus.clone().unwrap();
    assert!(
        focus.starts_with("agreement-request.agreements[1]."),
        "the row's first field: {focus}"
    );
    let screen = screen_of(&w);
    for said in [
        "removed on theirs, edited on ours",
        "Ctrl-O keeps ours, Ctrl-T keeps theirs",
        "Ctrl-T keep theirs",
    ] {
        assert!(screen.contains(said), "{said:?} in\n{screen}");
    }
    w.ctrl('t');
    let status = w.app.status.text.clone();
    assert!(
        status.contains("removed the row with all its answers"),
        "{status}"
    );
    assert_eq!(
        w.app.form_screen().unwrap().focus.as_deref(),
        Some("agreement-request.agreements")
    );
    assert!(
        !screen_of(&w).contains("Ctrl-T keep theirs"),
        "offered only on a conflict"
    );
    w.tick(std::time::Instant::now() + std::time::Duration::from_secs(2));
    let repo = dir.path();
    let (_, stdout) = validate_agreements(repo);
    assert!(!stdout.contains("conflict"), "{stdout}");
    assert_eq!(agreement_states(repo), ["UT", "WA"]);
    let text = fs::read_to_string(saves.join("acme.ron")).unwrap();
    assert!(
        !text.contains("Conflict(") && !text.contains("opt_in"),
        "{text}"
    );
}

/// What the wizard shows, at 100x40.
fn screen_of(w: &clec_wizard::tui::headless::Headless) -> String {
    let backend = ratatui::backend::TestBackend::new(100, 40);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
    terminal.backend().to_string()
}

/// The same conflict in `fill`: asked before the row's fields, by the row's name, and
/// `!mine` keeps the row as this branch edited it. The session is driven line by line,
/// Enter on every other question, as a person would.
#[test]
fn a_row_conflict_is_settled_in_fill() {
    use std::io::{Read as _, Write as _};
    use std::process::Stdio;
    let dir = row_conflict();
    let repo = dir.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clec-wizard"))
        .current_dir(repo)
        .env_remove("CLEC_WIZARD_SAVES")
        .args(["fill", "acme", "--form", "agreement-request"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut settled = false;
    for _ in 0..300 {
        let mut asked = String::new();
        while !asked.ends_with("> ") {
            let chunk = rx
                .recv_timeout(std::time::Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("fill asks again: {seen}{asked}"));
            asked.push_str(&String::from_utf8_lossy(&chunk));
        }
        seen.push_str(&asked);
        let line = if settled {
            "!quit"
        } else if asked.contains("merge conflict on this row") {
            settled = true;
            "!mine"
        } else {
            ""
        };
        writeln!(stdin, "{line}").unwrap();
        if line == "!quit" {
            break;
        }
    }
    drop(stdin);
    child.wait().unwrap();
    assert!(settled, "the row's question was asked: {seen}");
    assert!(seen.contains("row 1 (CO)"), "{seen}");
    assert!(
        seen.contains("saved: conflict settled: kept the row as edited"),
        "{seen}"
    );
    let (_, stdout) = validate_agreements(repo);
    assert!(!stdout.contains("conflict"), "{stdout}");
    assert_eq!(agreement_states(repo), ["CO", "UT", "WA"]);
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(!text.contains("Conflict("), "{text}");
    assert!(
        text.contains(r#"agreements[1-"#) && text.contains(r#"Text("opt_in")"#),
        "{text}"
    );
}

/// An export leaves the tracked draft as it was: its record is kept beside the draft, in a
/// git-ignored file, and still tells a form changed since its export. An older draft with
/// the record inside keeps it, moved beside the draft on its next save.
#[test]
fn an_export_does_not_rewrite_the_tracked_draft() {
    let dir = repo();
    let repo = dir.path();
    // The example draft: its forms are complete, so an export is recorded.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    fs::copy(example, repo.join("saves/acme.ron")).unwrap();
    commit(repo, "example");
    let before = fs::read(repo.join("saves/acme.ron")).unwrap();
    cw(
        repo,
        &[
            "export",
            "acme",
            "--form",
            "profile",
            "--format",
            "json",
            "-o",
            "saves/exports/profile.json",
        ],
    )
    .success();
    assert_eq!(fs::read(repo.join("saves/acme.ron")).unwrap(), before);
    let status = git(repo, &["status", "--porcelain"]);
    assert!(status.is_empty(), "nothing for git: {status}");
    let side = fs::read_to_string(repo.join("saves/.acme.exports")).unwrap();
    assert!(side.contains("\"profile\": (at: "), "{side}");
    let store = clec_wizard::storage::drafts::DraftStore::new(repo.join("saves"));
    assert!(!store.load("acme").unwrap().forms["profile"].changed_since_export());
    set(repo, "profile.legal_name", "Prairie Lantern Co");
    assert!(store.load("acme").unwrap().forms["profile"].changed_since_export());
    // A draft written before the side file, its record inline: read, then moved out.
    fs::remove_file(repo.join("saves/.acme.exports")).unwrap();
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    let inline = text.replace(
        "\"profile\": (status: Complete, version: 2)",
        "\"profile\": (status: InProgress, version: 2, exported: Some((at: \"2026-11-25T10:00:00Z\", version: 2, format: \"json\", answers: \"changed\")))",
    );
    assert_ne!(inline, text);
    fs::write(repo.join("saves/acme.ron"), inline).unwrap();
    let draft = store.load("acme").unwrap();
    assert_eq!(
        draft.forms["profile"].exported.as_ref().unwrap().format,
        "json"
    );
    store.save("acme", &draft).unwrap();
    let text = fs::read_to_string(repo.join("saves/acme.ron")).unwrap();
    assert!(!text.contains("exported: Some("), "{text}");
    let again = store.load("acme").unwrap();
    assert_eq!(
        again.forms["profile"].exported,
        draft.forms["profile"].exported
    );
}
