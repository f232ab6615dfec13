//! Every screen rendered at 100x30 into ratatui's test backend, compared with the reviewed
//! snapshots under `tests/snapshots/`.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::app::App;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A wizard on a temporary folder holding the example draft and an empty draft `acme`.
fn app(dir: &Path) -> App {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    fs::copy(example, dir.join("example.ron")).unwrap();
    let store = DraftStore::new(dir);
    let created = "2026-11-20T10:00:00Z".parse().unwrap();
    store.create("acme", created).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    App::new(
        forms::load(None).unwrap(),
        store,
        Theme { color: false },
        today,
    )
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

macro_rules! snap {
    ($name:literal, $text:expr) => {
        insta::with_settings!({filters => vec![
            (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date time]"),
            (r"Drafts in [^ ]+", "Drafts in [dir]"),
        ]}, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

#[test]
fn home() {
    let dir = tempfile::tempdir().unwrap();
    snap!("home", screen(&app(dir.path()), 100, 30));
}

#[test]
fn journey() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("example", None);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    app.status.text.clear();
    snap!("journey", screen(&app, 100, 30));
}

#[test]
fn form_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("acme", Some("profile"));
    for c in "Prairie Fiber LLC".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    for c in "12-34".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Tab);
    snap!("form_with_errors", screen(&app, 100, 30));
}

#[test]
fn form_choice_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("example", Some("agreement-request"));
    app.status.text.clear();
    snap!("form_choice_and_group", screen(&app, 100, 30));
}

#[test]
fn review() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("acme", Some("agreement-request"));
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.status.text.clear();
    snap!("review", screen(&app, 100, 30));
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    key(&mut app, KeyCode::F(1));
    snap!("help", screen(&app, 100, 30));
}

#[test]
fn new_draft_prompt_with_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    key(&mut app, KeyCode::Char('n'));
    for c in "a/b".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    snap!("new_draft_prompt", screen(&app, 100, 30));
}

#[test]
fn too_small() {
    let dir = tempfile::tempdir().unwrap();
    snap!("too_small", screen(&app(dir.path()), 60, 20));
}

#[test]
fn every_size_draws_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("example", Some("questionnaire"));
    for (w, h) in [
        (1, 1),
        (80, 24),
        (79, 24),
        (80, 23),
        (120, 40),
        (400, 120),
        (81, 25),
    ] {
        let text = screen(&app, w, h);
        assert!(!text.is_empty());
    }
}

#[test]
fn export_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.open_draft("example", Some("agreement-request"));
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    key(&mut app, KeyCode::Char('e'));
    app.status.text.clear();
    snap!("export_dialog", screen(&app, 100, 30));
}
