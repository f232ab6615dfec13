//! The frames the terminal receives: a key typed into a text field redraws that field and
//! the status line only, and what the terminal then shows is exactly what a full frame
//! would show; a frame that changes nothing writes nothing.

use std::path::Path;

use chrono::NaiveDate;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::screen::Screen;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::{Redraw, ui};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn wizard(dir: &Path) -> Headless {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    std::fs::copy(example, dir.join("example.ron")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    Headless::new(
        forms::load(None).unwrap(),
        DraftStore::new(dir),
        Theme { color: true },
        today,
    )
}

/// The whole frame as a fresh full render lays it out.
fn full(w: &Headless, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(&w.app, f)).unwrap();
    terminal.backend().buffer().clone()
}

/// Draws what the wizard asks for, as the event loop does; the bytes written.
fn frame(w: &mut Headless, screen: &mut Screen<Vec<u8>>) -> (Redraw, usize) {
    let before = screen.writer().len();
    let redraw = w.app.take_redraw();
    let patched = match redraw {
        Redraw::Typing | Redraw::Status => ui::patch(&w.app, screen, redraw).unwrap(),
        _ => None,
    };
    match (redraw, patched) {
        (Redraw::Nothing, _) => {}
        (_, Some(drawn)) => w.app.drew(drawn),
        (_, None) => {
            let drawn = screen.draw(|f| ui::draw(&w.app, f)).unwrap();
            w.app.drew(drawn);
        }
    }
    (redraw, screen.writer().len() - before)
}

#[test]
fn typing_redraws_the_field_alone_and_the_screen_stays_exact() {
    for (width, height) in [(80, 24), (100, 30), (200, 60)] {
        let dir = tempfile::tempdir().unwrap();
        let mut w = wizard(dir.path());
        w.open("example", Some("questionnaire"));
        let mut screen = Screen::new(Vec::new(), width, height);
        frame(&mut w, &mut screen);
        // A few letters, a Backspace, then one key more than the field shows (it scrolls).
        let keys: Vec<KeyCode> = "Acme Ventures"
            .chars()
            .map(KeyCode::Char)
            .chain([KeyCode::Backspace, KeyCode::Left, KeyCode::Char('x')])
            .collect();
        let mut typed_bytes = Vec::new();
        for key in keys {
            w.key(key);
            let (redraw, bytes) = frame(&mut w, &mut screen);
            assert_eq!(redraw, Redraw::Typing, "{key:?} at {width}x{height}");
            typed_bytes.push(bytes);
            assert_eq!(
                screen.shown(),
                &full(&w, width, height),
                "{key:?} at {width}x{height}"
            );
        }
        // After the first key (which also says "saving…"), a letter is a few cells.
        assert!(typed_bytes[1..].iter().all(|&b| b < 34), "{typed_bytes:?}");
        // Leaving the field redraws everything, and the screen is still exact.
        w.key(KeyCode::Tab);
        assert_eq!(frame(&mut w, &mut screen).0, Redraw::Everything);
        assert_eq!(screen.shown(), &full(&w, width, height));
    }
}

#[test]
fn a_frame_with_nothing_new_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path());
    w.open("example", Some("profile"));
    let mut screen = Screen::new(Vec::new(), 100, 30);
    frame(&mut w, &mut screen);
    assert_eq!(
        frame(&mut w, &mut screen),
        (Redraw::Nothing, 0),
        "idle: no frame"
    );
    // Even a full frame of the same state writes nothing.
    let before = screen.writer().len();
    screen.draw(|f| ui::render(&w.app, f)).unwrap();
    assert_eq!(screen.writer().len(), before);
}

#[test]
fn a_key_that_changes_more_than_the_text_redraws_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path());
    w.open("example", Some("profile"));
    let mut screen = Screen::new(Vec::new(), 100, 30);
    frame(&mut w, &mut screen);
    // A new line in a multi-line field grows it: everything moves.
    w.key(KeyCode::Tab).key(KeyCode::End);
    frame(&mut w, &mut screen);
    w.key(KeyCode::Enter);
    assert_eq!(frame(&mut w, &mut screen).0, Redraw::Everything);
    assert_eq!(screen.shown(), &full(&w, 100, 30));
    // A choice list's filter is not a text area: a full frame.
    w.key(KeyCode::Tab).key(KeyCode::Char('c'));
    assert_eq!(frame(&mut w, &mut screen).0, Redraw::Everything);
    assert_eq!(screen.shown(), &full(&w, 100, 30));
}

#[test]
fn what_a_hand_edited_draft_holds_is_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path());
    let mut draft = store.create("evil", chrono::Utc::now()).unwrap();
    use clec_wizard::domain::values::answer::Answer;
    draft.answers.insert(
        "profile.legal_name".into(),
        Answer::Text("Acme\u{1b}[2J\u{202e}LLC".into()),
    );
    store.save("evil", &draft).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut w = Headless::new(
        forms::load(None).unwrap(),
        DraftStore::new(dir.path()),
        Theme { color: false },
        today,
    );
    w.open("evil", Some("agreement-request"));
    w.ctrl('r');
    let mut screen = Screen::new(Vec::new(), 120, 40);
    screen.draw(|f| ui::render(&w.app, f)).unwrap();
    let text: String = screen.shown().content.iter().map(|c| c.symbol()).collect();
    assert!(
        text.contains("Acme\\u{1b}[2J\\u{202e}LLC"),
        "shown as written: {text}"
    );
    let bytes = String::from_utf8_lossy(screen.writer()).into_owned();
    assert!(
        !bytes.contains("\u{1b}[2J") && !bytes.contains('\u{202e}'),
        "never sent as is"
    );
}
