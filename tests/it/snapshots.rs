//! Every screen and dialog rendered into ratatui's test backend at 80x24 and 120x40,
//! compared with the reviewed snapshots under `tests/snapshots/`, plus cell-style checks
//! with colours on (as oxker does): the focused field, an error, a warning, the cursor of
//! a choice list.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::msg::To;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::ui;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// A wizard on a temporary folder holding the example draft and an empty draft `acme`.
fn wizard(dir: &Path, color: bool) -> Headless {
    let saves = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
    fs::copy(saves.join("example.ron"), dir.join("example.ron")).unwrap();
    // The example's documents beside it, as the review checks them on disk.
    for folder in ["certificates", "documents"] {
        fs::create_dir_all(dir.join(folder)).unwrap();
        for file in fs::read_dir(saves.join(folder)).unwrap() {
            let file = file.unwrap().path();
            fs::copy(&file, dir.join(folder).join(file.file_name().unwrap())).unwrap();
        }
    }
    let store = DraftStore::new(dir);
    store
        .create("acme", "2026-11-20T10:00:00Z".parse().unwrap())
        .unwrap();
    // A draft's last change is its file's modification time: fixed here.
    for (file, at) in [("example.ron", 1_795_597_677), ("acme.ron", 1_795_168_800)] {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(at);
        let file = fs::File::options()
            .write(true)
            .open(dir.join(file))
            .unwrap();
        file.set_modified(at).unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    Headless::new(forms::load(None).unwrap(), store, Theme { color }, today)
}

fn buffer(w: &Headless, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(&w.app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn screen(w: &Headless, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(&w.app, f)).unwrap();
    terminal.backend().to_string()
}

/// The screen at 80x24 and at 120x40, each against its snapshot.
macro_rules! snap {
    ($name:literal, $w:expr) => {
        insta::with_settings!({filters => vec![
            (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date time]"),
            (r"Drafts in [^ ]+", "Drafts in [dir]"),
            (r"to /[^ ]*", "to [dir]"),
            (r"-\d{4}-\d{2}-\d{2}", "-[date]"),
            (r"/tmp/[^/ ]+", "[tmp]"),
        ]}, {
            insta::assert_snapshot!(concat!($name, "_80x24"), screen($w, 80, 24));
            insta::assert_snapshot!(concat!($name, "_120x40"), screen($w, 120, 40));
        });
    };
}

/// Where `text` starts on the screen.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    let width = buf.area.width;
    for y in 0..buf.area.height {
        let row: String = (0..width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = row.find(text) {
            let x = row[..i].chars().count() as u16;
            return (x, y);
        }
    }
    panic!("{text:?} is not on the screen");
}

#[test]
fn home() {
    let dir = tempfile::tempdir().unwrap();
    let w = wizard(dir.path(), false);
    snap!("home", &w);
}

#[test]
fn journey() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", None);
    w.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down);
    w.app.status.text.clear();
    snap!("journey", &w);
}

#[test]
fn form_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("acme", Some("profile"));
    w.typed("Prairie Fiber LLC")
        .tabs(4)
        .typed("12-34")
        .key(KeyCode::Tab);
    snap!("form_with_errors", &w);
}

#[test]
fn form_state_list_with_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.tabs(2).key(KeyCode::Down).key(KeyCode::Down);
    w.app.status.text.clear();
    snap!("form_state_list", &w);
}

#[test]
fn form_group_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.tabs(1);
    w.app.status.text.clear();
    snap!("form_group_rows", &w);
}

/// A row a merge left in conflict (removed on the other branch, edited on this one): the
/// row says so under its title, with the keys that settle it, which the footer offers.
#[test]
fn form_row_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    let draft = r#"(
    format: 2,
    created: "2026-11-20T10:00:00Z",
    forms: {},
    answers: {
        "agreement-request.agreements[1-t4jw]": Conflict(Some(Rows(1)), None),
        "agreement-request.agreements[1-t4jw].path": Text("opt_in"),
        "agreement-request.agreements[1-t4jw].state": Text("CO"),
        "agreement-request.agreements[2-qvlt]": Row,
        "agreement-request.agreements[2-qvlt].state": Text("UT"),
    },
)
"#;
    fs::write(dir.path().join("acme.ron"), draft).unwrap();
    w.open("acme", Some("agreement-request"));
    w.app.navigate(To::Form {
        id: "agreement-request".into(),
        field: Some("agreement-request.agreements[1]".into()),
    });
    // As the terminal's loop does once the first frame is drawn.
    w.app.settle();
    w.app.status.text.clear();
    let text = screen(&w, 120, 40);
    assert!(
        text.contains("removed on theirs, edited on ours") && text.contains("Ctrl-T keep theirs"),
        "{text}"
    );
    snap!("form_row_conflict", &w);
}

#[test]
fn form_with_a_long_acknowledgement() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("early-ordering"));
    w.app.focus_field("early-ordering.true_up_ack");
    w.app.status.text.clear();
    snap!("form_acknowledgement", &w);
    // Every word of what the user accepts is on the 80-column screen.
    let text = screen(&w, 80, 24).replace(['│', '"'], " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let label = "I accept that early orders are trued up, disconnected or converted if the commission rejects or changes the agreement, and that my company takes that risk";
    let wanted: Vec<&str> = label.split_whitespace().collect();
    assert!(words.windows(wanted.len()).any(|w| w == wanted), "{text}");
}

#[test]
fn review() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("acme", Some("agreement-request"));
    w.ctrl('r');
    w.app.status.text.clear();
    snap!("review", &w);
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.key(KeyCode::F(1));
    snap!("help", &w);
}

#[test]
fn new_draft_prompt_with_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.typed("n").typed("a/b").key(KeyCode::Enter);
    snap!("new_draft_prompt", &w);
}

#[test]
fn delete_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.typed("d");
    snap!("delete_confirm", &w);
}

/// The trash after a delete: the draft, when it was deleted, its backup; the drafts
/// screen's footer offers `u` at 80 columns and the legend says what the marks mean.
#[test]
fn trash() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    let text = screen(&w, 80, 24);
    let footer = text.lines().last().unwrap();
    for key in ["Enter open", "n new draft", "u trash", "F1 every key"] {
        assert!(footer.contains(key), "{key:?} in {footer:?}");
    }
    assert!(text.contains("✓ all its forms complete"), "{text}");
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "steps: one mark");
    assert_eq!(buf[(x, y)].fg, Color::DarkGray, "the legend is dim");
    w.typed("d").typed("y").typed("u");
    w.app.status.text.clear();
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "acme ");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "the cursor"
    );
    let plain = tempfile::tempdir().unwrap();
    let mut w = wizard(plain.path(), false);
    w.typed("d").typed("y").typed("u");
    w.app.status.text.clear();
    snap!("trash", &w);
}

#[test]
fn message() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.ron"), "(format: 1, oops").unwrap();
    let mut w = wizard(dir.path(), false);
    w.key(KeyCode::Down).key(KeyCode::Enter);
    snap!("message", &w);
}

#[test]
fn export_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("e");
    w.app.status.text.clear();
    snap!("export_dialog", &w);
}

#[test]
fn export_dialog_after_every_form_fits_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("e").typed("7");
    w.app.status.text.clear();
    snap!("export_written", &w);
    // The key line stays on screen at the smallest size, whatever was written.
    let text = screen(&w, 80, 24);
    assert!(text.contains("Esc close"), "{text}");
}

/// Help over the export dialog (F1 or ?) starts with the dialog's keys, which name every
/// format: PDF and the workbook too.
#[test]
fn help_over_the_export_dialog_names_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("e").typed("?");
    let text = screen(&w, 120, 40);
    assert!(text.contains("Export (here)"), "{text}");
    for format in [".pdf", ".xlsx", ".eml"] {
        assert!(text.contains(format), "{format} in\n{text}");
    }
    w.key(KeyCode::Esc);
    let text = screen(&w, 80, 24);
    assert!(text.contains("┌ Export "), "back to the dialog:\n{text}");
}

#[test]
fn too_small() {
    let dir = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("too_small", screen(&wizard(dir.path(), false), 60, 20));
}

#[test]
fn every_size_draws_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("questionnaire"));
    for (width, height) in [
        (1, 1),
        (80, 24),
        (79, 24),
        (80, 23),
        (120, 40),
        (400, 120),
        (81, 25),
    ] {
        assert!(!screen(&w, width, height).is_empty());
    }
}

#[test]
fn colours_mark_the_focus_problems_and_the_choice_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    w.open("acme", Some("profile"));
    w.tabs(4).typed("12-34").key(KeyCode::Tab).key(KeyCode::Tab);
    let buf = buffer(&w, 120, 40);
    // The invalid EIN: its problem in red.
    let (x, y) = find(&buf, "✗ ");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    // The focused field's label: yellow and bold, with the pointer.
    let (x, y) = find(&buf, "▶");
    let label = &buf[(x + 2, y)];
    assert_eq!(label.fg, Color::Yellow);
    assert!(label.modifier.contains(Modifier::BOLD));
    // A choice list's cursor: the option under it is reversed, the others are not.
    w.back_tab().back_tab().back_tab();
    w.key(KeyCode::Down);
    let buf = buffer(&w, 120, 40);
    let (x, y) = find(&buf, "AL Alabama");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&buf, "AK Alaska");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    // A warning: an ask-later answer shows in yellow.
    w.ctrl('l')
        .typed("ask Dana")
        .key(KeyCode::Enter)
        .key(KeyCode::Tab);
    let buf = buffer(&w, 120, 40);
    let (x, y) = find(&buf, "ask later: ask Dana");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
}

#[test]
fn the_footer_keeps_the_keys_that_matter_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r');
    let text = screen(&w, 80, 24);
    let footer = text.lines().last().unwrap();
    for key in [" e ", " f ", "Esc"] {
        assert!(footer.contains(key), "{key:?} in {footer:?}");
    }
    // Reopen is offered where it works: on a finalized form, which in turn has
    // nothing to finalize until it changes.
    assert!(!footer.contains(" u "), "{footer:?}");
    w.typed("f");
    let text = screen(&w, 80, 24);
    let footer = text.lines().last().unwrap();
    assert!(
        footer.contains(" u ") && !footer.contains(" f "),
        "{footer:?}"
    );
}

/// The footer offers only keys that work where the focus is: in a row's text field the
/// row keys with Alt (a plain + would be typed); on a group's header + and no row
/// removal; on a finalized form no key that edits; sent and acknowledged only for a
/// form that is sent to someone.
#[test]
fn the_footer_offers_only_keys_that_work_where_the_focus_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    let footer = |w: &Headless| screen(w, 160, 30).lines().last().unwrap().to_string();
    w.open("acme", Some("negotiation"));
    while w.app.form_screen().unwrap().focus.as_deref() != Some("negotiation.agreements") {
        w.key(KeyCode::Tab);
    }
    let header = footer(&w);
    assert!(header.contains("+ add a row"), "{header}");
    for key in ["Alt-X", "Alt-↑↓", "Ctrl-N", "Ctrl-L"] {
        assert!(!header.contains(key), "{key} on the header: {header}");
    }
    w.typed("+");
    while !matches!(
        w.app.form_screen().unwrap().field,
        clec_wizard::tui::fields::Field::Text(_)
    ) {
        w.key(KeyCode::Tab);
    }
    let row = footer(&w);
    assert!(w.app.form_screen().unwrap().in_row());
    assert!(!row.contains(" + "), "+ is typed here: {row}");
    assert!(
        row.contains("Alt-A add a row") && row.contains("Alt-X"),
        "{row}"
    );
    // The negotiation tracker is sent to no one: no sent or acknowledged on its review.
    w.ctrl('r');
    let review = footer(&w);
    assert!(
        !review.contains(" s sent") && !review.contains(" a acknowledged"),
        "{review}"
    );
    // A finalized form offers moving and reviewing, not editing.
    w.open("example", Some("collocation"));
    w.ctrl('r').typed("f").key(KeyCode::Esc);
    assert_eq!(
        w.app.session().unwrap().draft.status("collocation"),
        clec_wizard::domain::values::status::FormStatus::Finalized
    );
    let frozen = footer(&w);
    for key in ["+ ", "Ctrl-N", "Ctrl-L", "Ctrl-D", "Ctrl-Z"] {
        assert!(!frozen.contains(key), "{key} on a finalized form: {frozen}");
    }
    assert!(
        frozen.contains("Ctrl-R") && frozen.contains("Tab"),
        "{frozen}"
    );
    w.ctrl('r');
    let review = footer(&w);
    assert!(
        review.contains(" s sent") && review.contains(" u reopen"),
        "{review}"
    );
}

#[test]
fn deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", None);
    w.typed("d").key(KeyCode::Down);
    w.app.status.text.clear();
    snap!("deadlines", &w);
}

/// At 80 columns a row's deadlines read apart: the row comes first and the title wraps
/// (selected whole), and the line under the list names the form and the date it counts
/// from.
#[test]
fn deadlines_rows_read_apart_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    w.open("example", None);
    w.typed("d").key(KeyCode::Home);
    let list = clec_wizard::tui::screens::deadlines::list(w.app.look().unwrap());
    let at = list
        .iter()
        .position(|d| d.title == "Arbitration petition window opens (day 135) · 1. CO")
        .unwrap();
    for _ in 0..at {
        w.key(KeyCode::Down);
    }
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "1. CO · Arbitration petition window opens");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "selected"
    );
    let under: String = (x..x + 9).map(|cx| buf[(cx, y + 1)].symbol()).collect();
    assert_eq!(under, "(day 135)", "wrapped under the title");
    assert!(
        buf[(x, y + 1)].modifier.contains(Modifier::REVERSED),
        "selected whole"
    );
    let (x, y) = find(&buf, "2. UT · Arbitration petition window");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let text = screen(&w, 80, 24);
    assert!(
        text.contains("statutory deadline · Negotiation")
            && text.contains("· 1. CO · counts from: Received"),
        "{text}"
    );
}

#[test]
fn deadlines_overdue_in_red_soon_in_yellow() {
    use clec_wizard::domain::values::answer::Answer;
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    w.open("acme", None);
    let draft = &mut w.app.session_mut().unwrap().draft;
    for (path, date) in [
        ("questionnaire.submitted_on", "2026-10-01"),
        ("network.turn_up_on", "2026-12-05"),
        ("network.joint_planning_on", "2027-03-01"),
    ] {
        draft.answers.insert(path.into(), Answer::Text(date.into()));
    }
    w.typed("d");
    let buf = buffer(&w, 120, 40);
    // Follow-up documents due 2026-10-15, never sent: overdue.
    let (x, y) = find(&buf, "2026-10-15");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    // Turn-up in ten days: soon.
    let (x, y) = find(&buf, "2026-12-05");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    // The joint planning meeting months away: plain.
    let (x, y) = find(&buf, "2027-03-01");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
}

/// The acknowledged dialog over the review: the form's title, today's date, the
/// reference typed; a date it cannot read is said in red and keeps the dialog open.
#[test]
fn acknowledged_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("a");
    w.key(KeyCode::Tab).typed("CDS-261124-0001");
    w.app.status.text.clear();
    snap!("acknowledged_dialog", &w);
    let text = screen(&w, 80, 24);
    for part in [
        "Acknowledged by CenturyLink",
        "2026-11-25",
        "CDS-261124-0001",
        "Enter record",
        "Esc cancel",
    ] {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    // The same with colours: the title, the labels, the keys, then an error in red.
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("a");
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "Acknowledged by CenturyLink");
    assert_eq!(buf[(x, y)].fg, Color::Cyan);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "Reference:");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "Enter");
    assert_eq!(buf[(x, y)].fg, Color::Cyan);
    w.ctrl('u').typed("2026-02-30").key(KeyCode::Enter);
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "is not a date");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    let (x, y) = find(&buf, "2026-02-30");
    assert_ne!(
        buf[(x, y)].fg,
        Color::Red,
        "the date typed is not the error"
    );
}

/// Where a form stands, on the journey of an 80-column screen: finalized rev N, sent
/// on, acknowledged on (ref) and changed since finalized, each whole on its line.
#[test]
fn journey_standing_fits_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("f").typed("s");
    w.ctrl('u').typed("2026-11-20").key(KeyCode::Enter);
    w.typed("a")
        .key(KeyCode::Tab)
        .typed("CDS-261125-0001")
        .key(KeyCode::Enter);
    rename_company_in_session(&mut w, "Prairie Lantern Networks LLC");
    // The review says it too, in one line (wrapped).
    let review = screen(&w, 120, 40);
    assert!(
        review.contains("sent on 2026-11-20 · acknowledged on 2026-11-25 (CDS-261125-0001)"),
        "{review}"
    );
    // Back to the form the review was opened from, then to the journey.
    w.key(KeyCode::Esc).key(KeyCode::Esc);
    let text = screen(&w, 80, 24);
    for part in [
        "finalized rev 1 on ",
        "sent on 2026-11-20",
        "acknowledged on 2026-11-25",
        "(CDS-261125-0001)",
        "changed since finalized",
    ] {
        assert!(text.contains(part), "{part:?} not whole on\n{text}");
    }
}

/// The Deadlines view lists the dates offered and not accepted yet, as `deadlines` does:
/// a negotiation row's Day 0 once the Agreement Request Form is acknowledged.
#[test]
fn deadlines_list_an_offered_day_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), true);
    w.open("acme", None);
    let day = |text: &str| clec_wizard::domain::change::edit::sent_log_day(text).unwrap();
    let (forms, _, s) = w.app.split().unwrap();
    let now = chrono::Utc::now();
    s.draft.push_row("negotiation", "agreements");
    clec_wizard::domain::change::edit::acknowledge(
        forms,
        &mut s.draft,
        "agreement-request",
        day("2026-01-30"),
        None,
        day("2026-01-30"),
        now,
    )
    .unwrap();
    w.typed("d");
    let text = screen(&w, 80, 24);
    assert!(text.contains("Offered, not accepted yet"), "{text}");
    let buf = buffer(&w, 80, 24);
    let (x, y) = find(&buf, "2026-01-30  Received by CenturyLink on (Day 0)");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
}

/// Opens form `id` from the journey, as ↑↓ and Enter would.
fn goto(w: &mut Headless, id: &str) {
    let i = w.app.forms.forms().iter().position(|f| f.id == id).unwrap();
    w.app.session_mut().unwrap().journey.cursor = i;
    w.key(KeyCode::Enter);
}

/// The line of `text` holding `what`.
fn line_of<'t>(text: &'t str, what: &str) -> &'t str {
    text.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("{what:?} not in\n{text}"))
}

/// One status everywhere, by validation: a document whose file is gone keeps the
/// questionnaire in progress on the journey and on the form, as the review counts it
/// blocking, and its message shows at the field.
#[test]
fn a_missing_document_counts_on_the_journey_the_form_and_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    fs::remove_file(dir.path().join("documents/neca-ocn-notice.pdf")).unwrap();
    w.open("example", None);
    let journey = screen(&w, 120, 40);
    let line = line_of(&journey, "145/145");
    assert!(
        line.contains("• Customer Questionnaire") && line.contains("in progress"),
        "{line}"
    );
    goto(&mut w, "questionnaire");
    assert!(screen(&w, 120, 40).contains("┌ in progress "));
    w.ctrl('r');
    let review = screen(&w, 120, 40);
    assert!(line_of(&review, "Open items: 1 ").contains("1 blocking"));
    w.key(KeyCode::Enter);
    assert_eq!(
        w.app.form_screen().unwrap().focus.as_deref(),
        Some("questionnaire.neca_ocn_notice")
    );
    let field = screen(&w, 120, 40);
    assert!(
        field.contains("✗ documents/neca-ocn-notice.pdf"),
        "the message at the field:\n{field}"
    );
}

/// Answers reused from the profile start a form: the journey says "in progress", not
/// "not started", beside its count; and a section nobody answered is no tick.
#[test]
fn reused_facts_start_a_form_and_an_untouched_section_is_not_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("acme", Some("profile"));
    w.typed("Prairie Fiber LLC")
        .key(KeyCode::Enter)
        .key(KeyCode::Esc);
    let journey = screen(&w, 120, 40);
    let line = line_of(&journey, "Agreement Request Form");
    assert!(
        line.contains("in progress") && line.contains("1/26"),
        "{line}"
    );
    assert!(line_of(&journey, "Network interconnection").contains("not started"));
    goto(&mut w, "agreement-request");
    let form = screen(&w, 120, 40);
    assert!(line_of(&form, "Codes and products").contains("○ Codes and products"));
    assert!(line_of(&form, "│ • Company").contains("• Company"));
}

/// The review of a finalized form lists what was finalized (what exports send), with the
/// live value beside an answer that changed since.
#[test]
fn the_review_of_a_finalized_form_lists_the_finalized_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("agreement-request"));
    w.ctrl('r').typed("f");
    rename_company_in_session(&mut w, "Prairie Lantern Networks LLC");
    let review = screen(&w, 160, 60);
    let line = line_of(&review, "│  Legal name: ");
    assert!(
        line.contains(
            "Legal name: Prairie Lantern Communications LLC  (now: Prairie Lantern Networks LLC)"
        ),
        "{line}"
    );
    // An unchanged answer reads as it was.
    let line = line_of(&review, "│  Federal tax id (EIN): ");
    assert!(!line.contains("now:"), "{line}");
}

/// An open item whose message wraps is shown whole when selected, not cut at the box's
/// edge; the title counts the items the list shows.
#[test]
fn a_selected_open_item_shows_all_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("acme", Some("questionnaire"));
    w.ctrl('r');
    let problems = {
        let s = w.app.session().unwrap();
        let clec_wizard::tui::state::View::Review(r) = &s.view else {
            panic!("on the review")
        };
        r.report().unwrap().problems.clone()
    };
    let long = problems
        .iter()
        .position(|p| p.label.len() + p.message.len() > 90)
        .expect("an item that wraps at 80 columns");
    for _ in 0..long {
        w.key(KeyCode::Down);
    }
    let text = screen(&w, 80, 24);
    // The item's last words, as the list writes it ("label: message").
    let item = format!("{}: {}", problems[long].label, problems[long].message);
    let words: Vec<&str> = item.split(' ').collect();
    let tail = words[words.len() - 3..words.len() - 1].join(" ");
    assert!(text.contains(&tail), "{tail:?} cut:\n{text}");
    let title = format!("Open items: {} ", problems.len());
    assert!(text.contains(&title), "{title:?}:\n{text}");
}

/// An ask-later note shows once under its field (as the value), not twice.
#[test]
fn an_ask_later_note_is_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("acme", Some("profile"));
    w.ctrl('l').typed("ask Dana in legal").key(KeyCode::Enter);
    w.key(KeyCode::Tab);
    let text = screen(&w, 120, 40);
    assert_eq!(text.matches("ask Dana in legal").count(), 1, "{text}");
}

/// On a wide terminal the sections panel grows to hold every section's title whole.
#[test]
fn the_section_list_grows_with_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("questionnaire"));
    let narrow = screen(&w, 80, 24);
    assert!(narrow.contains("J. Network interconnec…"), "{narrow}");
    let wide = screen(&w, 200, 40);
    for title in ["J. Network interconnection", "K. Local number portability"] {
        assert!(wide.contains(title), "{title} cut:\n{wide}");
    }
}

/// The journey's right pane scrolls with PgDn/PgUp when what to do is longer than the
/// screen, and its title says when more is below.
#[test]
fn the_journeys_right_pane_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", None);
    w.app.status.text.clear();
    let top = screen(&w, 80, 24);
    assert!(top.contains("What to do · PgDn: more"), "{top}");
    assert!(top.contains("Step 1:"), "{top}");
    w.key(KeyCode::PageDown)
        .key(KeyCode::PageDown)
        .key(KeyCode::PageDown);
    let down = screen(&w, 80, 24);
    assert!(!down.contains("Step 1:"), "scrolled:\n{down}");
    assert!(down.contains("What to do · PgUp: back up"), "{down}");
    for _ in 0..5 {
        w.key(KeyCode::PageUp);
    }
    assert_eq!(screen(&w, 80, 24), top, "back at the top");
}

/// The notes right after the focused field (which explain it) scroll into view with it.
#[test]
fn the_notes_after_the_focused_field_are_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", None);
    w.app.navigate(To::Form {
        id: "questionnaire".into(),
        field: Some("questionnaire.summary_billing".into()),
    });
    let text = screen(&w, 80, 24);
    assert!(text.contains("Do you want summary billing?"), "{text}");
    assert!(
        text.contains("CenturyLink bills resale"),
        "the note below:\n{text}"
    );
}

/// Changes the company's legal name in the open draft, as another window or a merge
/// would, without going through the wizard's keys.
fn rename_company_in_session(w: &mut Headless, name: &str) {
    let (forms, today, s) = w.app.split().unwrap();
    clec_wizard::domain::change::edit::apply(
        forms,
        &mut s.draft,
        "profile.legal_name",
        clec_wizard::domain::change::edit::Edit::Value(name.into()),
        today,
        chrono::Utc::now(),
    )
    .unwrap();
}

/// The import dialog over the review: the file's path, then what the file changes (the
/// plan `import --dry-run` prints) with y and n/Esc on its key line; a refused file says
/// nothing can be imported.
#[test]
fn import_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    let csv = dir.path().join("network.csv");
    fs::write(
        &csv,
        "section,row,path,label,value\n\
         Trunk forecast,1,network.trunk_groups[1].y1_q1,\"Year 1, quarter 1\",60\n\
         Points of interconnection,3,network.pois[3].lata,LATA,656\n",
    )
    .unwrap();
    w.open("example", Some("network"));
    w.ctrl('r').typed("i").ctrl('u').typed("network.csv");
    let text = screen(&w, 80, 24);
    assert!(text.contains("┌ Import "), "{text}");
    assert!(text.contains("File: network.csv"), "{text}");
    w.ctrl('u').typed(csv.to_str().unwrap()).key(KeyCode::Enter);
    w.app.status.text.clear();
    snap!("import_list", &w);
    let bad = dir.path().join("bad.csv");
    fs::write(&bad, "path,value\nnetwork.pois[1].poi_clli,??\n").unwrap();
    w.key(KeyCode::Esc).typed("i").ctrl('u');
    w.typed(bad.to_str().unwrap()).key(KeyCode::Enter);
    let text = screen(&w, 80, 24);
    assert!(
        text.contains("Refused: nothing can be imported; 1 value of bad.csv"),
        "{text}"
    );
    assert!(text.contains("bad.csv:2:"), "{text}");
}

/// A form's first frame does not wait for the draft's other forms to be counted: its
/// status line says "draft …", and the counts come once the frame is on the screen.
#[test]
fn the_first_frame_shows_the_draft_total_once_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wizard(dir.path(), false);
    w.open("example", Some("profile"));
    w.app.navigate(To::Form {
        id: "questionnaire".into(),
        field: None,
    });
    let first = screen(&w, 120, 40);
    assert!(first.contains("draft … ·"), "{first}");
    assert!(w.app.settle(), "the counts are made once");
    assert!(!w.app.settle(), "and only once");
    let (answered, total) = w.app.form_screen().unwrap().draft_required().unwrap();
    let next = screen(&w, 120, 40);
    assert!(
        next.contains(&format!("draft {answered}/{total} ·")),
        "{next}"
    );
    assert!(answered > 0 && total >= answered);
}
