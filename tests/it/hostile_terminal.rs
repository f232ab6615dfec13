//! Class 1 of the hardening issue: nothing from a file reaches a terminal as a control
//! sequence. A hand-edited draft and a form folder full of escape sequences, C1 controls,
//! DEL and bidirectional overrides go through every printing command; what they print
//! shows each such character as `\u{..}` and holds none of them.

use std::fs;
use std::path::Path;

use crate::support::wizard;

/// Characters a terminal acts on: ESC, CSI (C1), BEL, DEL, CR, RIGHT-TO-LEFT OVERRIDE.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{7f}\r\u{202e}";
/// The same characters as the RON text of a draft or form writes them.
const EVIL_RON: &str = r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{7f}\r\u{202e}";

fn is_hidden(c: char) -> bool {
    c.is_control() && c != '\n' || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A draft whose every kind of text holds [`EVIL`]: an answer, a multi-line answer, an
/// N/A reason, an ask-later note, a kept-aside answer, the company name, a form id.
fn evil_draft() -> String {
    let answers = [
        format!(r#""profile.legal_name": Text("Acme{EVIL_RON}")"#),
        format!(r#""profile.dba_names": Text("one\ntwo{EVIL_RON}")"#),
        format!(r#""profile.acna": NotApplicable("why{EVIL_RON}")"#),
        format!(r#""profile.ocn": AskLater("ask{EVIL_RON}")"#),
        format!(r#""profile.gone_field": Text("kept{EVIL_RON}")"#),
        format!(r#""profile.target_states": Many(["CO", "x{EVIL_RON}"])"#),
    ];
    format!(
        "(format: 1, created: \"2026-11-25T09:00:00Z\", updated: \"2026-11-25T09:00:00Z\",\n\
         forms: {{\"profile\": (status: InProgress, version: 1)}},\n\
         answers: {{\n{}\n}})\n",
        answers.join(",\n")
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("saves")).unwrap();
    fs::write(dir.path().join("saves/evil.ron"), evil_draft()).unwrap();
    // A draft that does not parse, with the sequence in the part the parser quotes.
    fs::write(
        dir.path().join("saves/broken.ron"),
        format!("(format: 1, {EVIL_RON}"),
    )
    .unwrap();
    dir
}

/// Runs a command and checks both of its outputs.
fn check(cmd: &mut assert_cmd::Command, what: &str) -> String {
    let out = cmd.output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(c) = all.chars().find(|c| is_hidden(*c)) {
        panic!("{what}: printed {c:?} as it is:\n{all:?}");
    }
    all
}

#[test]
fn list_show_and_validate_show_controls_visibly() {
    let dir = setup();
    let list = check(wizard(dir.path()).arg("list"), "list");
    assert!(list.contains(r"Acme\u{1b}]0;pwned"), "{list}");
    let show = check(wizard(dir.path()).args(["show", "evil"]), "show");
    for shown in [
        r"why\u{1b}",
        r"ask\u{1b}",
        r"two\u{1b}",
        r"x\u{1b}",
        r"\u{9b}31m",
        r"\u{7f}\u{d}\u{202e}",
    ] {
        assert!(show.contains(shown), "{shown} in {show}");
    }
    let validate = check(wizard(dir.path()).args(["validate", "evil"]), "validate");
    assert!(
        validate.contains(r"kept\u{1b}"),
        "the kept-aside answer: {validate}"
    );
    let one = check(
        wizard(dir.path()).args(["validate", "evil", "--form", "profile"]),
        "validate --form",
    );
    assert!(one.contains("profile"), "{one}");
}

#[test]
fn error_messages_show_controls_visibly() {
    let dir = setup();
    let err = check(wizard(dir.path()).args(["show", "broken"]), "show broken");
    assert!(err.contains("broken.ron:1:"), "{err}");
    let refused = check(
        wizard(dir.path()).args(["set", "evil", "profile.ein", &format!("1{EVIL}")]),
        "set refused",
    );
    assert!(refused.contains("refused"), "{refused}");
    let set = check(
        wizard(dir.path()).args(["set", "evil", "profile.dba_names", &format!("d{EVIL}")]),
        "set",
    );
    assert!(set.contains("profile.dba_names"), "{set}");
    let unknown = check(
        wizard(dir.path()).args(["show", "evil", "--form", &format!("f{EVIL}")]),
        "unknown form",
    );
    assert!(unknown.contains(r"\u{1b}"), "{unknown}");
    let export = check(
        wizard(dir.path()).args(["export", "evil", "--form", "profile", "--format", "text"]),
        "refused export",
    );
    assert!(export.contains("refused"), "{export}");
}

/// A form folder whose titles, labels, ids and messages hold the sequences.
fn evil_forms(dir: &Path) -> std::path::PathBuf {
    let forms = dir.join("forms");
    fs::create_dir(&forms).unwrap();
    let steps: Vec<String> = (1..=7)
        .map(|n| {
            let ids = if n == 1 { r#"["evil"]"# } else { "[]" };
            format!(r#"(number: {n}, title: "Step{EVIL_RON}", what_to_do: "Do.", forms: {ids})"#)
        })
        .collect();
    fs::write(
        forms.join("journey.ron"),
        format!("(steps: [{}])", steps.join(",")),
    )
    .unwrap();
    let form = format!(
        r#"(id: "evil", title: "Title{EVIL_RON}", version: 1, step: 1, sections: [(id: "s",
            title: "Section{EVIL_RON}", fields: [(id: "a", label: "Label{EVIL_RON}", kind: Text(),
            required: true)])])"#
    );
    fs::write(forms.join("evil.ron"), form).unwrap();
    forms
}

#[test]
fn forms_and_check_forms_show_controls_visibly() {
    let dir = setup();
    let forms = evil_forms(dir.path());
    let listed = check(
        wizard(dir.path()).arg("--forms").arg(&forms).arg("forms"),
        "forms",
    );
    assert!(listed.contains(r"Title\u{1b}"), "{listed}");
    let shown = check(
        wizard(dir.path())
            .arg("--forms")
            .arg(&forms)
            .args(["show", "evil"]),
        "show with evil forms",
    );
    assert!(
        shown.contains(r"Label\u{1b}") && shown.contains(r"Section\u{1b}"),
        "{shown}"
    );
    check(
        wizard(dir.path())
            .arg("--forms")
            .arg(&forms)
            .args(["validate", "evil"]),
        "validate with evil forms",
    );
    fs::write(
        forms.join("evil.ron"),
        format!(r#"(id: "bad{EVIL_RON}", title: "T", version: 1, step: 1, sections: [])"#),
    )
    .unwrap();
    let lint = check(
        wizard(dir.path()).arg("check-forms").arg(&forms),
        "check-forms",
    );
    assert!(lint.contains(r"bad\u{1b}"), "{lint}");
    let refused = check(
        wizard(dir.path()).arg("--forms").arg(&forms).arg("list"),
        "list with broken forms",
    );
    assert!(refused.contains("problem"), "{refused}");
}

/// `fill` prints labels, titles, hints, answers and problems: from a hostile draft and a
/// hostile form folder, every control shows as `\u{..}`.
#[test]
fn fill_shows_controls_visibly() {
    let dir = setup();
    let answers = check(
        wizard(dir.path())
            .args(["fill", "evil", "--form", "profile"])
            .write_stdin("\n\n!quit\n"),
        "fill",
    );
    assert!(answers.contains(r"now: Acme\u{1b}]0;pwned"), "{answers}");
    assert!(answers.contains(r"two\u{1b}"), "{answers}");
    let forms = evil_forms(dir.path());
    let labels = check(
        wizard(dir.path())
            .arg("--forms")
            .arg(&forms)
            .args(["fill", "evil"])
            .write_stdin(format!("x{EVIL}\n!quit\n")),
        "fill with evil forms",
    );
    assert!(labels.contains(r"Label\u{1b}"), "{labels}");
    assert!(
        labels.contains("refused") || labels.contains("saved"),
        "{labels}"
    );
}

/// `where` names the folder in use, whatever its name holds; `where --json` keeps the
/// name exact but writes every control (C1, DEL and bidi included) as a `\u` escape.
#[test]
fn where_and_json_show_a_hostile_folder_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("s{EVIL}\u{85}\u{2066}");
    let saves = dir.path().join(&name);
    fs::create_dir(&saves).unwrap();
    let text = check(crate::support::wizard_at(&saves).arg("where"), "where");
    assert!(text.contains(r"s\u{1b}]0;pwned"), "{text}");
    for args in [&["where", "--json"][..], &["list", "--json"]] {
        let out = crate::support::wizard_at(&saves)
            .args(args)
            .output()
            .unwrap();
        let printed = String::from_utf8(out.stdout.clone()).unwrap();
        if let Some(c) = printed.chars().find(|c| is_hidden(*c)) {
            panic!("{args:?}: printed {c:?} as it is:\n{printed}");
        }
        assert!(
            printed.contains(r"\u009b31m\u007f\r\u202e\u0085\u2066"),
            "{printed}"
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            doc["saves"],
            serde_json::json!(saves),
            "{args:?}: the name exactly"
        );
    }
}

/// The merge driver names a conflicting answer on standard error, which `git merge`
/// shows: a hostile path shows visibly.
#[test]
fn merge_driver_messages_show_controls_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let side = |file: &str, value: &str| {
        let path = dir.path().join(file);
        fs::write(
            &path,
            format!(
                "(format: 1, created: \"2026-11-25T09:00:00Z\", updated: \"2026-11-25T09:00:00Z\",\n\
                 forms: {{\"profile\": (status: InProgress, version: 1)}},\n\
                 answers: {{\"profile.gone{EVIL_RON}\": Text(\"{value}\")}})\n"
            ),
        )
        .unwrap();
        path
    };
    let (base, ours, theirs) = (side("o.ron", "a"), side("a.ron", "b"), side("b.ron", "c"));
    let said = check(
        wizard(dir.path())
            .arg("merge-driver")
            .args([&base, &ours, &theirs]),
        "merge-driver",
    );
    assert!(said.contains(r"profile.gone\u{1b}]0;pwned"), "{said}");
}

/// Text and Markdown draft exports list the answers kept aside by their path: a hostile
/// path loses its controls there, as every answer does.
#[test]
fn exports_drop_controls_from_kept_aside_paths() {
    let dir = setup();
    let draft = evil_draft().replace(
        r#""profile.gone_field""#,
        &format!(r#""profile.gone{EVIL_RON}""#),
    );
    fs::write(dir.path().join("saves/evil.ron"), draft).unwrap();
    for format in ["text", "md"] {
        let out = check(
            wizard(dir.path()).args([
                "export", "evil", "--form", "profile", "--format", format, "--draft",
            ]),
            format,
        );
        assert!(out.contains("profile.gone]0;pwned"), "{format}: {out}");
    }
}
