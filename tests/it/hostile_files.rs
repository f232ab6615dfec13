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

/// Records a hand edit put in a draft that no command would have written: days outside
/// 1900–2199 (sent, acknowledged, a message written, a finalized copy), an acknowledgement
/// before its sending, a sending in the future. `validate` lists each as a blocking open
/// item naming the form and the record, the wizard's review lists the same, and no command
/// that prints, exports or counts them panics.
#[test]
fn hand_edited_records_out_of_range_are_reported_and_never_panic() {
    let (dir, saves) = crate::support::with_example();
    let path = saves.join("example.ron");
    let text = fs::read_to_string(&path).unwrap();
    let edits = [
        (
            r#""profile": (status: Complete, version: 2)"#,
            r#""profile": (status: Complete, version: 2, sent: Some("1850-01-01"))"#,
        ),
        (
            r#""agreement-request": (status: Complete, version: 2)"#,
            r#""agreement-request": (status: Complete, version: 2, sent: Some("2199-01-01"))"#,
        ),
    ];
    let mut edited = text.clone();
    for (from, to) in edits {
        assert!(edited.contains(from), "{from}");
        edited = edited.replace(from, to);
    }
    // The records, one a line (format 3), before the file's closing parenthesis.
    let records = r#"    records: {
        "agreement-request@final": Copy(revision: 1, at: "2200-01-01T00:00:00Z", version: 2),
        "profile@acknowledged": Acknowledged(on: "1849-06-01", reference: Some("CDS-1")),
        "profile@mailed 1": Mailed(at: "1850-01-01T10:00:00Z", revision: 0),
    },
)"#;
    let end = edited.trim_end().rfind(')').unwrap();
    edited = format!("{}{records}\n", &edited[..end]);
    fs::write(&path, edited).unwrap();
    let run = |args: &[&str]| {
        let out = wizard(dir.path()).args(args).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(
            !stderr.contains("panicked") && out.status.code() != Some(101),
            "{args:?}: {stderr}"
        );
        (out.status.code(), stdout, stderr)
    };
    let (code, out, _) = run(&["validate", "example"]);
    assert_eq!(code, Some(1), "{out}");
    for said in [
        "Company profile: Sent on",
        "1850-01-01 is outside the dates this program keeps (1900-01-01 to 2199-12-31)",
        "Company profile: Acknowledged on",
        "1849-06-01 is before the form was sent, on 1850-01-01",
        "Company profile: Message written",
        "Agreement Request Form: Finalized",
        "2200-01-01 is outside",
        "2199-01-01 is in the future",
    ] {
        assert!(out.contains(said), "{said:?} in {out}");
    }
    let out_dir = dir.path().join("out");
    let out_dir = out_dir.to_str().unwrap();
    let ics = dir.path().join("x.ics");
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (xlsx, pdf, eml) = (file("p.xlsx"), file("p.pdf"), file("p.eml"));
    let commands: [&[&str]; 9] = [
        &["validate", "example", "--json"],
        &["show", "example"],
        &["list"],
        &["report", "example"],
        &["deadlines", "example", "--ics", ics.to_str().unwrap()],
        &["export", "example", "--all", "--draft", "-o", out_dir],
        &[
            "export", "example", "--form", "profile", "--format", "xlsx", "--draft", "-o", &xlsx,
        ],
        &[
            "export", "example", "--form", "profile", "--format", "pdf", "--draft", "-o", &pdf,
        ],
        &[
            "export", "example", "--form", "profile", "--format", "eml", "--draft", "-o", &eml,
        ],
    ];
    for args in commands {
        run(args);
    }
    // The wizard's review lists the same open items.
    let forms = clec_wizard::storage::forms::load(None).unwrap();
    let theme = clec_wizard::tui::theme::Theme { color: false };
    let store = clec_wizard::storage::drafts::DraftStore::new(&saves);
    let mut w =
        clec_wizard::tui::headless::Headless::new(forms, store, theme, crate::support::today());
    w.open("example", Some("profile"));
    w.ctrl('r');
    let clec_wizard::tui::state::View::Review(review) = &w.app.session().unwrap().view else {
        panic!("the review is open");
    };
    let items: Vec<String> = review
        .report()
        .unwrap()
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.label, p.message))
        .collect();
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Company profile: Sent on: 1850-01-01 is outside")),
        "{items:?}"
    );
}
