//! Pipes and streams (issues 24 and 26): one output path for every command, so a closed
//! pipe ends any of them quietly with status 141; `-` is standard output for `-o` and
//! `--ics`; data goes to standard output and notes to standard error; a piped `list` is
//! whole lines under a header, or TSV.

use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;

use crate::support::{run_ok, with_example, wizard};

/// A standard output whose reader is gone before the command starts: the pipe's read end
/// is closed first, so the command's first write fails, whatever its size and timing.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills the two descriptors; each is owned once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    drop(unsafe { OwnedFd::from_raw_fd(fds[0]) });
    Stdio::from(unsafe { OwnedFd::from_raw_fd(fds[1]) })
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let (dir, _) = with_example();
    let commands: &[&[&str]] = &[
        &["where"],
        &["where", "--json"],
        &["list"],
        &["list", "--json"],
        &["list", "--tsv"],
        &["forms"],
        &["forms", "--json"],
        &["show", "example"],
        &["show", "example", "--json"],
        &["validate", "example"],
        &["validate", "example", "--json"],
        &["deadlines", "example"],
        &["deadlines", "example", "--json"],
        &["deadlines", "example", "--ics", "-"],
        &[
            "export", "example", "--form", "profile", "--format", "text", "-o", "-",
        ],
        &[
            "export", "example", "--form", "profile", "--format", "json", "-o", "-",
        ],
        &["export", "example", "--form", "profile", "--format", "csv"],
        &["set", "example", "profile.dba_names", "Lantern"],
        &["fill", "example", "--form", "profile"],
        &["check-forms"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("clec-wizard"))
            .env("XDG_CONFIG_HOME", crate::support::no_config_home())
            .current_dir(dir.path())
            .arg("--saves")
            .arg(dir.path().join("saves"))
            .env_remove("CLEC_WIZARD_SAVES")
            .args(*args)
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

#[test]
fn ics_dash_is_a_calendar_on_standard_output() {
    let (dir, saves) = with_example();
    let out = wizard(dir.path())
        .args(["deadlines", "example", "--ics", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!dir.path().join("-").exists() && !saves.join("-").exists());
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(dir.path(), &["deadlines", "example", "--json"])).unwrap();
    let expected = json["deadlines"].as_array().unwrap().len();
    assert!(expected > 0, "the example has deadlines");
    let mut calendars = ical::IcalParser::new(&out.stdout[..]);
    let calendar = calendars.next().expect("one calendar").expect("it parses");
    assert!(calendars.next().is_none(), "nothing but the calendar");
    assert_eq!(calendar.events.len(), expected);
    let note = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        note,
        format!("wrote {expected} events to standard output\n"),
        "the note on standard error"
    );
}

#[test]
fn output_dash_is_standard_output_and_notes_go_to_standard_error() {
    let (dir, _) = with_example();
    let out = wizard(dir.path())
        .args([
            "export", "example", "--form", "profile", "--format", "json", "-o", "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["form"], "profile");
    assert!(!dir.path().join("-").exists());
    // To a file: the file is the data, and "wrote" is a note.
    let out = wizard(dir.path())
        .args([
            "export", "example", "--form", "profile", "--format", "csv", "-o", "p.csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "wrote p.csv\n");
    assert!(dir.path().join("p.csv").is_file());
}

#[test]
fn piped_list_has_a_header_and_whole_names() {
    let (dir, _) = with_example();
    let long = format!("a-{}-name", "very-long".repeat(6));
    wizard(dir.path()).args(["new", &long]).assert().success();
    let list = run_ok(dir.path(), &["list"]);
    let first = list.lines().next().unwrap();
    assert!(
        first.starts_with("draft ") && first.contains("company"),
        "{list}"
    );
    assert!(
        list.lines().any(|l| l.starts_with(&format!("{long}  "))),
        "{list}"
    );
    assert!(!list.contains('…'), "nothing cut: {list}");

    let tsv = run_ok(dir.path(), &["list", "--tsv"]);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0][0], "draft");
    assert_eq!(rows.len(), 3, "a header and one line per draft: {tsv}");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{tsv}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    assert!(
        names.contains(&long.as_str()) && names.contains(&"example"),
        "{tsv}"
    );
    let example = rows.iter().find(|r| r[0] == "example").unwrap();
    assert_eq!(example[1], "Prairie Lantern Communications LLC");
}

/// `fill` offers a choice field's options by number and takes the number; piped, it
/// prints no escape sequence.
#[test]
fn fill_takes_a_numbered_choice() {
    let dir = tempfile::tempdir().unwrap();
    let out = wizard(dir.path())
        .args(["fill", "acme", "--form", "profile"])
        .write_stdin("Acme\n\n2\n!quit\n")
        .output()
        .unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(!said.contains('\u{1b}'), "{said:?}");
    let second = said
        .lines()
        .find_map(|l| l.strip_prefix("  2) "))
        .unwrap_or_else(|| panic!("numbered options: {said}"));
    let value = second.split(' ').next().unwrap();
    assert!(said.contains(&format!("saved: {value}\n")), "{said}");
    let shown: serde_json::Value = serde_json::from_str(&run_ok(
        dir.path(),
        &["show", "acme", "--json", "--form", "profile"],
    ))
    .unwrap();
    assert_eq!(
        shown["forms"][0]["answers"]["profile.entity_type"], value,
        "{shown}"
    );
}

/// A line longer than any answer stops `fill` with a message instead of being read
/// whole; the answers before it are saved.
#[test]
fn fill_reads_lines_with_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = b"Acme\n".to_vec();
    input.resize(input.len() + clec_wizard::fill::MAX_LINE_BYTES + 10, b'x');
    let out = wizard(dir.path())
        .args(["fill", "acme", "--form", "profile"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("longer than"), "{stderr}");
    let shown = run_ok(dir.path(), &["show", "acme", "--form", "profile"]);
    assert!(shown.contains("Legal name: Acme"), "{shown}");
}

/// The merge driver reads each side as a draft is read: a side over the draft size limit,
/// or a FIFO, is refused before anything is parsed (nothing waits, nothing is read whole).
#[test]
fn merge_driver_reads_its_inputs_with_the_draft_limit() {
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read(crate::support::example_file()).unwrap();
    let base = dir.path().join("o.ron");
    let ours = dir.path().join("a.ron");
    std::fs::write(&base, &draft).unwrap();
    std::fs::write(&ours, &draft).unwrap();
    let huge = dir.path().join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let fifo = dir.path().join("fifo.ron");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    for (theirs, said) in [(&huge, "more than the"), (&fifo, "not a regular file")] {
        let out = wizard(dir.path())
            .arg("merge-driver")
            .args([&base, &ours, theirs])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert_eq!(std::fs::read(&ours).unwrap(), draft, "ours untouched");
    }
}
