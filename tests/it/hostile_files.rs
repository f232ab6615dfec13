//! Class 6 of the hardening issue: every malformed input says where, and is left as it
//! is. Invalid UTF-8, answers given twice, unknown fields and a newer format are reported
//! with file:line:column; a damaged `.bak` is owned up to; special files in the saves
//! folder are skipped, never opened.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The command line on `dir/saves`, stopped after 30 seconds: a special file, were it
/// opened, would block it.
fn wizard(dir: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::wizard(dir);
    cmd.timeout(Duration::from_secs(30));
    cmd
}

const HEAD: &str = "(\n    format: 1,\n    created: \"2026-11-25T09:00:00Z\",\n    updated: \"2026-11-25T09:00:00Z\",\n";

/// Writes `saves/NAME.ron` and returns its path.
fn draft(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    fs::create_dir_all(dir.join("saves")).unwrap();
    let path = dir.join("saves").join(format!("{name}.ron"));
    fs::write(&path, bytes).unwrap();
    path
}

/// What `show NAME` and `set NAME ...` say (exit 2), checking the file is unchanged.
fn refused(dir: &Path, name: &str) -> String {
    let path = dir.join("saves").join(format!("{name}.ron"));
    let before = fs::read(&path).unwrap();
    let show = wizard(dir).args(["show", name]).output().unwrap();
    assert_eq!(show.status.code(), Some(2));
    let set = wizard(dir)
        .args(["set", name, "profile.legal_name", "Acme"])
        .output()
        .unwrap();
    assert_eq!(set.status.code(), Some(2));
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "{name} was left untouched"
    );
    String::from_utf8_lossy(&show.stderr).into_owned()
}

#[test]
fn invalid_utf8_reports_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        format!("{HEAD}    answers: {{\n        \"profile.legal_name\": Text(\"Acmé ").into_bytes();
    bytes.extend([0xff, b'"', b')', b'}', b')']);
    draft(dir.path(), "bad", &bytes);
    let err = refused(dir.path(), "bad");
    assert!(
        err.contains("bad.ron:6:42:") && err.contains("not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn answers_given_twice_and_unknown_fields_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let twice = format!(
        "{HEAD}    answers: {{\n        \"profile.acna\": Text(\"AAA\"),\n        \"profile.acna\": Text(\"BBB\"),\n    }},\n)\n"
    );
    draft(dir.path(), "twice", twice.as_bytes());
    let err = refused(dir.path(), "twice");
    assert!(
        err.contains("twice.ron:7:") && err.contains("\"profile.acna\" is given twice"),
        "{err}"
    );
    let unknown = format!("{HEAD}    answers: {{}},\n    colour: \"blue\",\n)\n");
    draft(dir.path(), "unknown", unknown.as_bytes());
    let err = refused(dir.path(), "unknown");
    assert!(
        err.contains("unknown.ron:6:5:") && err.contains("colour"),
        "{err}"
    );
    let in_state = format!(
        "{HEAD}    forms: {{\"profile\": (status: Complete, version: 1, signed: true)}},\n)\n"
    );
    draft(dir.path(), "state", in_state.as_bytes());
    let err = refused(dir.path(), "state");
    assert!(
        err.contains("state.ron:5:") && err.contains("signed"),
        "{err}"
    );
}

/// Format 2 (what every save writes now) holds the same line: a key given twice, in the
/// answers or the forms, and a field this build does not know are refused where they are.
#[test]
fn format_2_refuses_keys_given_twice_and_unknown_fields() {
    const HEAD2: &str = "(\n    format: 2,\n    created: \"2026-11-25T09:00:00Z\",\n";
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "answers",
            format!(
                "{HEAD2}    answers: {{\n        \"profile.acna\": Text(\"AAA\"),\n        \"profile.acna\": Text(\"BBB\"),\n    }},\n)\n"
            ),
            "answers.ron:6:",
            "\"profile.acna\" is given twice",
        ),
        (
            "forms",
            format!(
                "{HEAD2}    forms: {{\n        \"profile\": (status: Complete, version: 1, exported: None),\n        \"profile\": (status: NotStarted, version: 1, exported: None),\n    }},\n    answers: {{}},\n)\n"
            ),
            "forms.ron:6:",
            "\"profile\" is given twice",
        ),
        (
            "top",
            format!("{HEAD2}    answers: {{}},\n    colour: \"blue\",\n)\n"),
            "top.ron:5:5:",
            "colour",
        ),
        (
            "state",
            format!(
                "{HEAD2}    forms: {{\"profile\": (status: Complete, version: 1, signed: true)}},\n    answers: {{}},\n)\n"
            ),
            "state.ron:4:",
            "signed",
        ),
    ];
    for (name, text, place, what) in cases {
        draft(dir.path(), name, text.as_bytes());
        let err = refused(dir.path(), name);
        assert!(err.contains(place) && err.contains(what), "{name}: {err}");
    }
}

#[test]
fn a_newer_format_is_refused_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let newer = HEAD.replace("format: 1", "format: 7")
        + "    answers: {},\n    signatures: [(by: \"Dana\")],\n)\n";
    draft(dir.path(), "newer", newer.as_bytes());
    let err = refused(dir.path(), "newer");
    assert!(
        err.contains("newer.ron:2:5:") && err.contains("format 7, newer"),
        "{err}"
    );
    assert!(!dir.path().join("saves/newer.ron.bak").exists());
}

#[test]
fn a_damaged_backup_is_owned_up_to() {
    let dir = tempfile::tempdir().unwrap();
    draft(dir.path(), "both", b"(format: 1, created: oops)");
    fs::write(dir.path().join("saves/both.ron.bak"), b"(format: ").unwrap();
    let err = refused(dir.path(), "both");
    assert!(
        err.contains("both are damaged") && err.contains("both.ron.bak"),
        "{err}"
    );
    wizard(dir.path()).args(["new", "good"]).assert().success();
    fs::copy(
        dir.path().join("saves/good.ron"),
        dir.path().join("saves/both.ron.bak"),
    )
    .unwrap();
    let err = refused(dir.path(), "both");
    assert!(
        err.contains("the previous version is in") && !err.contains("damaged"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_skipped_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "good"]).assert().success();
    let fifo = dir.path().join("saves/pipe.ron");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("saves/zero.ron")).unwrap();
    std::os::unix::fs::symlink(&fifo, dir.path().join("saves/tofifo.ron")).unwrap();
    let started = Instant::now();
    let out = wizard(dir.path()).arg("list").output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("good ") && stdout.contains("(no legal name yet)"),
        "{stdout}"
    );
    for (name, what) in [("pipe", "FIFO"), ("zero", "device"), ("tofifo", "FIFO")] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default();
        assert!(
            line.contains("skipped") && line.contains(what),
            "{name}: {stdout}"
        );
    }
    let out = wizard(dir.path()).args(["show", "pipe"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not opened"));
}
