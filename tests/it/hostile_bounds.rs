//! Class 5 of the hardening issue: work is bounded by what is real. Counts and lengths read
//! from a draft are checked before anything loops over them, condition evaluation is
//! linear, and a 1 MB answer opens and takes keys quickly. The time limits are generous
//! guards against hangs and blow-ups, not benchmarks.

use std::fs;
use std::time::{Duration, Instant};

use crate::support::{today, wizard, wizard_at};
use chrono::Utc;
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::form::catalog::{FormSet, SourceFile};
use clec_wizard::domain::rules::validate::validate_draft;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::domain::values::limits;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use crossterm::event::KeyCode;

const GUARD: Duration = Duration::from_secs(20);

fn draft_with(answers: &str) -> String {
    format!(
        "(format: 1, created: \"2026-11-25T09:00:00Z\", updated: \"2026-11-25T09:00:00Z\",\n\
         answers: {{\n{answers}\n}})\n"
    )
}

/// Runs `work` on its own thread and fails the test when it takes longer than `limit`
/// (a hang fails instead of hanging the test run).
fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("not done within {limit:?}"))
}

#[test]
fn a_draft_claiming_a_hundred_million_rows_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("saves")).unwrap();
    let text = draft_with(
        "\"profile.legal_name\": Text(\"Acme\"),\n\"certification.states\": Rows(100000000),",
    );
    fs::write(dir.path().join("saves/huge.ron"), &text).unwrap();
    for command in [&["validate", "huge"][..], &["show", "huge"], &["list"]] {
        let started = Instant::now();
        let out = wizard(dir.path()).args(command).output().unwrap();
        assert!(
            started.elapsed() < GUARD,
            "{command:?} took {:?}",
            started.elapsed()
        );
        let all = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        assert!(
            all.contains("huge.ron:4:1:") && all.contains("100000000 rows"),
            "{command:?}: {all}"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("saves/huge.ron")).unwrap(),
        text
    );
    let note = "x".repeat(limits::MAX_NOTE_BYTES + 1);
    fs::write(
        dir.path().join("saves/note.ron"),
        draft_with(&format!("\"profile.acna\": AskLater(\"{note}\"),")),
    )
    .unwrap();
    let out = wizard(dir.path()).args(["show", "note"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("ask-later note"));
}

#[test]
fn the_most_rows_a_draft_may_hold_validate_in_time() {
    let forms = forms::load(None).unwrap();
    let mut draft = Draft::new(Utc::now());
    draft.answers.insert(
        "certification.states".into(),
        Answer::Rows(limits::MAX_ROWS),
    );
    draft.answers.insert(
        "certification.states[9999].state".into(),
        Answer::Text("CO".into()),
    );
    within(GUARD, move || validate_draft(&forms, &draft, today()));
}

/// A form whose fields each name the one before three times over (All and Any branches):
/// evaluated path by path that is 3^length reads; evaluated once per field, 3 * length.
fn chain_form(length: usize) -> String {
    let mut fields = vec![r#"(id: "f0", label: "F0", kind: Text())"#.to_string()];
    for i in 1..length {
        let p = format!("f{}", i - 1);
        fields.push(format!(
            r#"(id: "f{i}", label: "F{i}", kind: Text(), required: true,
               visible_if: All([NotEmpty("{p}"), Any([Empty("{p}"), NotEmpty("{p}")])]))"#
        ));
    }
    format!(
        r#"(id: "chain", title: "Chain", version: 1, step: 3,
            sections: [(id: "s", title: "S", fields: [{}])])"#,
        fields.join(",\n")
    )
}

#[test]
fn condition_evaluation_is_linear() {
    let mut sources = forms::embedded_sources();
    let journey = sources
        .iter_mut()
        .find(|s| s.name == "journey.ron")
        .unwrap();
    journey.text = journey
        .text
        .replace(r#""negotiation"]"#, r#""negotiation", "chain"]"#);
    sources.push(SourceFile {
        name: "chain.ron".into(),
        text: chain_form(150),
    });
    let problems = FormSet::load(&sources).err().unwrap_or_default();
    assert!(
        problems
            .iter()
            .any(|d| d.message.contains("at most 100 are allowed")),
        "{problems:?}"
    );
    sources.last_mut().unwrap().text = chain_form(90);
    let forms = FormSet::load(&sources).unwrap_or_else(|e| panic!("{e:?}"));
    let mut draft = Draft::new(Utc::now());
    for i in 0..90 {
        draft
            .answers
            .insert(format!("chain.f{i}"), Answer::Text("x".into()));
    }
    let report = within(Duration::from_secs(5), move || {
        validate_draft(&forms, &draft, today())
    });
    let chain = report.forms.iter().find(|f| f.form == "chain").unwrap();
    assert_eq!(chain.required_total, 89, "deep chains evaluate exactly");
    // Asked from the far end first (as a screen showing only the last field would).
    let forms = FormSet::load(&sources).unwrap();
    let form = forms.form("chain").unwrap();
    let mut draft = Draft::new(Utc::now());
    for i in 0..90 {
        draft
            .answers
            .insert(format!("chain.f{i}"), Answer::Text("x".into()));
    }
    let eval = clec_wizard::domain::rules::eval::Evaluator::new(&forms, &draft);
    let last = form.fields().last().unwrap();
    let place = clec_wizard::domain::rules::eval::Place {
        form,
        section: last.section,
        field: last.field,
        row: None,
    };
    assert!(eval.is_visible(&place));
}

#[test]
fn a_one_megabyte_answer_opens_and_takes_keys_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let big = "lorem ipsum dolor sit amet ".repeat(40_000);
    assert!(big.len() > 1_000_000);
    let store = DraftStore::new(dir.path());
    let mut draft = Draft::new(Utc::now());
    draft
        .answers
        .insert("profile.dba_names".into(), Answer::Text(big.clone()));
    store.save("big", &draft).unwrap();
    let started = Instant::now();
    let out = wizard_at(dir.path())
        .args(["show", "big", "--form", "profile"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.len() > 1_000_000);
    assert!(
        started.elapsed() < GUARD,
        "show took {:?}",
        started.elapsed()
    );

    let started = Instant::now();
    let forms = forms::load(None).unwrap();
    let mut app = Headless::new(
        forms,
        DraftStore::new(dir.path()),
        Theme { color: false },
        today(),
    );
    app.open("big", Some("profile"));
    let opened = started.elapsed();
    assert!(opened < GUARD, "opening took {opened:?}");
    let started = Instant::now();
    for _ in 0..5 {
        app.key(KeyCode::Tab);
    }
    app.typed("typed");
    assert!(
        started.elapsed() < GUARD,
        "keys took {:?}",
        started.elapsed()
    );
}
