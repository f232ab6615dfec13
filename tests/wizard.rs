//! The wizard driven by key sequences, without a terminal: navigation, the never-trapped
//! rules, ask-later, groups, finalizing, autosave scheduling, resuming, dialogs.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clec_wizard::domain::answer::Answer;
use clec_wizard::domain::draft::FormStatus;
use clec_wizard::domain::edit::{self, Edit};
use clec_wizard::domain::validate::ProblemKind;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::app::{App, Popup, Screen};
use clec_wizard::tui::editor::Editor;
use clec_wizard::tui::theme::Theme;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

struct Wizard {
    app: App,
    _dir: tempfile::TempDir,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

impl Wizard {
    /// A wizard on a temporary saves folder holding a new draft `acme`.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        store.create("acme", chrono::Utc::now()).unwrap();
        let app = App::new(
            forms::load(None).unwrap(),
            store,
            Theme { color: false },
            today(),
        );
        Self { app, _dir: dir }
    }

    fn dir(&self) -> &Path {
        self._dir.path()
    }

    fn open(mut self, form: &str) -> Self {
        self.app.open_draft("acme", Some(form));
        assert_eq!(self.app.screen, Screen::Form);
        self
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    fn mods(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, mods));
        self
    }

    fn ctrl(&mut self, c: char) -> &mut Self {
        self.mods(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn alt(&mut self, code: KeyCode) -> &mut Self {
        self.mods(code, KeyModifiers::ALT)
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn answer(&self, path: &str) -> Option<Answer> {
        self.app
            .session
            .as_ref()
            .unwrap()
            .draft
            .answers
            .get(path)
            .cloned()
    }

    fn focus(&self) -> String {
        self.app
            .session
            .as_ref()
            .unwrap()
            .form
            .as_ref()
            .unwrap()
            .focus
            .clone()
            .unwrap_or_default()
    }

    /// Validation of the open form, as the wizard shows it.
    fn report(&self) -> &clec_wizard::domain::validate::FormReport {
        &self
            .app
            .session
            .as_ref()
            .unwrap()
            .form
            .as_ref()
            .unwrap()
            .report
    }

    fn saved(&self) -> clec_wizard::domain::draft::Draft {
        self.app.store.load("acme").unwrap()
    }

    /// Lets the autosave run.
    fn later(&mut self) -> &mut Self {
        self.app.tick(Instant::now() + Duration::from_secs(2));
        self
    }
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Text(s.into()))
}

#[test]
fn typing_tab_and_enter_store_answers() {
    let mut w = Wizard::new().open("profile");
    assert_eq!(w.focus(), "profile.legal_name");
    w.typed("Prairie Fiber LLC").key(KeyCode::Enter);
    assert_eq!(w.answer("profile.legal_name"), text("Prairie Fiber LLC"));
    assert_eq!(w.focus(), "profile.dba_names");
    // Multi-line text takes Enter as a new line and leaves with Tab.
    w.typed("One")
        .key(KeyCode::Enter)
        .typed("Two")
        .key(KeyCode::Tab);
    assert_eq!(w.answer("profile.dba_names"), text("One\nTwo"));
    assert_eq!(w.focus(), "profile.entity_type");
}

#[test]
fn invalid_answers_never_trap_and_are_kept() {
    let mut w = Wizard::new().open("profile");
    for _ in 0..4 {
        w.key(KeyCode::Tab);
    }
    assert_eq!(w.focus(), "profile.ein");
    w.typed("12-34").key(KeyCode::Tab);
    assert_eq!(
        w.focus(),
        "profile.applicant_type",
        "moving on past an invalid answer is allowed"
    );
    assert_eq!(
        w.answer("profile.ein"),
        text("12-34"),
        "what was typed is kept"
    );
    let report = w.report();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.path == "profile.ein" && p.kind == ProblemKind::Invalid)
    );
    w.mods(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(w.focus(), "profile.ein", "going back is allowed");
    w.ctrl('u').typed("841234567").key(KeyCode::Enter);
    assert_eq!(
        w.answer("profile.ein"),
        text("84-1234567"),
        "normalized when valid"
    );
    // Jumping over a whole section with a missing required answer is allowed too.
    w.key(KeyCode::PageDown);
    assert_eq!(w.focus(), "profile.hq_street");
}

#[test]
fn choices_by_number_filter_and_space() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::Tab).key(KeyCode::Tab);
    assert_eq!(w.focus(), "profile.entity_type");
    w.typed("2");
    assert_eq!(w.answer("profile.entity_type"), text("llc"));
    assert_eq!(w.focus(), "profile.state_of_formation");
    w.typed("col").key(KeyCode::Enter);
    assert_eq!(w.answer("profile.state_of_formation"), text("CO"));
    // Several states: type a code, Space picks it and clears the filter.
    w.key(KeyCode::PageDown)
        .key(KeyCode::PageDown)
        .key(KeyCode::PageDown);
    assert_eq!(w.focus(), "profile.target_states");
    w.typed("ut")
        .key(KeyCode::Char(' '))
        .typed("co")
        .key(KeyCode::Char(' '));
    assert_eq!(
        w.answer("profile.target_states"),
        Some(Answer::Many(vec!["UT".into(), "CO".into()]))
    );
    w.typed("ut").key(KeyCode::Char(' '));
    assert_eq!(
        w.answer("profile.target_states"),
        Some(Answer::Many(vec!["CO".into()]))
    );
}

#[test]
fn yes_no_and_conditional_fields() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::PageDown);
    for _ in 0..4 {
        w.key(KeyCode::Tab);
    }
    assert_eq!(w.focus(), "profile.notices_same_as_hq");
    w.typed("n");
    assert_eq!(
        w.answer("profile.notices_same_as_hq"),
        Some(Answer::YesNo(false))
    );
    w.key(KeyCode::Tab);
    assert_eq!(
        w.focus(),
        "profile.notices_street",
        "the notices address appears on no"
    );
    w.mods(KeyCode::BackTab, KeyModifiers::SHIFT)
        .mods(KeyCode::BackTab, KeyModifiers::SHIFT)
        .typed("y");
    assert_eq!(w.focus(), "profile.notices_attention");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "profile.primary_name", "hidden again on yes");
}

#[test]
fn ask_later_and_not_applicable_are_distinct_from_empty() {
    let mut w = Wizard::new().open("profile");
    w.ctrl('l');
    assert!(matches!(w.app.popup, Some(Popup::Prompt { .. })));
    w.typed("ask Dana in legal").key(KeyCode::Enter);
    assert!(w.app.popup.is_none());
    assert_eq!(
        w.answer("profile.legal_name"),
        Some(Answer::AskLater("ask Dana in legal".into()))
    );
    w.key(KeyCode::Tab).ctrl('n').key(KeyCode::Enter);
    assert!(w.app.popup.is_some(), "a reason is needed");
    w.typed("no other names").key(KeyCode::Enter);
    assert_eq!(
        w.answer("profile.dba_names"),
        Some(Answer::NotApplicable("no other names".into()))
    );
    w.ctrl('d');
    assert_eq!(w.answer("profile.dba_names"), None);
}

#[test]
fn dates_step_with_plus_and_minus() {
    let mut w = Wizard::new().open("negotiation");
    assert_eq!(w.focus(), "negotiation.sent_on");
    w.typed("2026-01-31").typed("+");
    w.key(KeyCode::Tab);
    assert_eq!(w.answer("negotiation.sent_on"), text("2026-02-01"));
    w.typed("2028-03-01").typed("-").key(KeyCode::Tab);
    assert_eq!(
        w.answer("negotiation.received_on"),
        text("2028-02-29"),
        "leap day"
    );
}

#[test]
fn group_rows_add_remove_and_reorder() {
    let mut w = Wizard::new().open("agreement-request");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "agreement-request.agreements");
    w.typed("+");
    assert_eq!(w.focus(), "agreement-request.agreements[1].state");
    w.typed("co").key(KeyCode::Enter);
    assert_eq!(
        w.answer("agreement-request.agreements[1].state"),
        text("CO")
    );
    w.alt(KeyCode::Char('a'));
    assert_eq!(w.focus(), "agreement-request.agreements[2].state");
    w.typed("ut").key(KeyCode::Enter);
    w.alt(KeyCode::Char('a')).typed("wa").key(KeyCode::Enter);
    // Move row 3 up, then remove the (new) row 2.
    w.mods(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(w.focus(), "agreement-request.agreements[3].state");
    w.alt(KeyCode::Up);
    assert_eq!(w.focus(), "agreement-request.agreements[2].state");
    assert_eq!(
        w.answer("agreement-request.agreements[2].state"),
        text("WA")
    );
    w.alt(KeyCode::Char('x'));
    assert_eq!(w.focus(), "agreement-request.agreements");
    assert_eq!(
        w.answer("agreement-request.agreements"),
        Some(Answer::Rows(2))
    );
    assert_eq!(
        w.answer("agreement-request.agreements[2].state"),
        text("UT")
    );
}

#[test]
fn autosave_waits_a_second_and_keeps_text_being_typed() {
    let mut w = Wizard::new().open("profile");
    w.typed("Prairie");
    assert!(w.app.is_dirty());
    let start = Instant::now();
    let wait = w.app.tick(start).expect("a save is scheduled");
    assert!(wait <= Duration::from_secs(1));
    assert_eq!(
        w.saved().answers.get("profile.legal_name"),
        None,
        "not yet saved"
    );
    w.later();
    assert!(!w.app.is_dirty());
    assert_eq!(
        w.saved().answers.get("profile.legal_name"),
        text("Prairie").as_ref(),
        "typed text is saved unfinished"
    );
    assert_eq!(w.app.tick(Instant::now()), None, "nothing more to do");
}

#[test]
fn ctrl_c_saves_and_quits_and_reopening_resumes() {
    let mut w = Wizard::new().open("profile");
    w.typed("Prairie Fiber LLC")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .typed("1");
    w.ctrl('c');
    assert!(!w.app.running);
    let saved = w.saved();
    assert_eq!(
        saved.answers.get("profile.legal_name"),
        text("Prairie Fiber LLC").as_ref()
    );
    let resume = saved.resume.expect("where the user left off");
    assert_eq!(
        (resume.form.as_str(), resume.field.as_str()),
        ("profile", "profile.state_of_formation")
    );
    let store = DraftStore::new(w.dir());
    let mut again = App::new(
        forms::load(None).unwrap(),
        store,
        Theme { color: false },
        today(),
    );
    again.open_draft("acme", None);
    assert_eq!(again.screen, Screen::Form);
    assert_eq!(
        again.session.unwrap().form.unwrap().focus.as_deref(),
        Some("profile.state_of_formation")
    );
}

#[test]
fn review_jumps_to_a_field_and_comes_back() {
    let mut w = Wizard::new().open("agreement-request");
    w.ctrl('r');
    assert_eq!(w.app.screen, Screen::Review);
    w.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(w.app.screen, Screen::Form);
    let report = w.app.review_report().unwrap();
    assert_eq!(
        w.focus(),
        report.problems[1].path,
        "jumped to the second open item"
    );
    w.key(KeyCode::Esc);
    assert_eq!(w.app.screen, Screen::Review, "back to the review");
    w.key(KeyCode::Esc);
    assert_eq!(w.app.screen, Screen::Journey);
}

#[test]
fn only_a_complete_form_is_finalized_and_then_read_only() {
    let mut w = Wizard::new().open("checklist");
    w.ctrl('r').typed("f");
    assert_ne!(
        w.app.session.as_ref().unwrap().draft.status("checklist"),
        FormStatus::Finalized
    );
    assert!(w.app.status.error, "says why: {}", w.app.status.text);
    w.key(KeyCode::Esc);
    // Answer every item through the domain, as the keys would.
    let session = w.app.session.as_mut().unwrap();
    for i in 1..=28 {
        let path = format!("checklist.items[{i}].status");
        let edit = Edit::Value("not_applicable".into());
        edit::apply(
            &w.app.forms,
            &mut session.draft,
            &path,
            edit,
            today(),
            chrono::Utc::now(),
        )
        .unwrap();
    }
    w.app.open_form("checklist", None);
    w.ctrl('r').typed("f");
    let draft = &w.app.session.as_ref().unwrap().draft;
    assert_eq!(
        draft.status("checklist"),
        FormStatus::Finalized,
        "{}",
        w.app.status.text
    );
    w.key(KeyCode::Esc);
    w.app.open_form("checklist", None);
    w.typed("1");
    assert_eq!(
        w.answer("checklist.items[1].status"),
        text("not_applicable"),
        "finalized forms are read-only"
    );
    w.ctrl('r').typed("u");
    assert_eq!(
        w.app.session.as_ref().unwrap().draft.status("checklist"),
        FormStatus::Complete
    );
}

#[test]
fn help_opens_with_f1_and_question_mark_outside_text() {
    let mut w = Wizard::new().open("profile");
    w.typed("?");
    assert!(w.app.popup.is_none(), "? is typed into a text field");
    assert!(
        matches!(&w.app.session.as_ref().unwrap().form.as_ref().unwrap().editor, Editor::Text(t) if t.text() == "?")
    );
    w.key(KeyCode::F(1));
    assert!(matches!(w.app.popup, Some(Popup::Help { .. })));
    w.key(KeyCode::Esc);
    assert!(w.app.popup.is_none());
    w.key(KeyCode::Esc).typed("?");
    assert!(
        matches!(w.app.popup, Some(Popup::Help { .. })),
        "on the journey"
    );
}

#[test]
fn pasting_keeps_text_but_drops_escape_sequences() {
    let mut w = Wizard::new().open("profile");
    w.app
        .handle_event(Event::Paste("Prairie\u{1b}[2J Fiber\nLLC".into()));
    w.key(KeyCode::Enter);
    assert_eq!(w.answer("profile.legal_name"), text("Prairie[2J Fiber LLC"));
}

#[test]
fn drafts_are_created_renamed_and_deleted_from_home() {
    let mut w = Wizard::new();
    assert_eq!(w.app.screen, Screen::Home);
    w.typed("n").typed("../bad").key(KeyCode::Enter);
    assert!(
        matches!(&w.app.popup, Some(Popup::Prompt { error: Some(e), .. }) if e.contains("draft name"))
    );
    w.key(KeyCode::Esc)
        .typed("n")
        .typed("zeta")
        .key(KeyCode::Enter);
    assert_eq!(w.app.screen, Screen::Journey);
    assert_eq!(w.app.session.as_ref().unwrap().name, "zeta");
    w.key(KeyCode::Esc);
    assert_eq!(w.app.screen, Screen::Home);
    assert_eq!(w.app.drafts.len(), 2);
    w.key(KeyCode::Down)
        .typed("r")
        .ctrl('u')
        .typed("omega")
        .key(KeyCode::Enter);
    let names: Vec<_> = w.app.drafts.iter().map(|d| d.name.clone()).collect();
    assert_eq!(names, ["acme", "omega"]);
    w.typed("d").typed("n");
    assert_eq!(w.app.drafts.len(), 2, "no means no");
    w.typed("d").typed("y");
    assert_eq!(w.app.drafts.len(), 1);
    assert!(!w.dir().join("omega.ron").exists());
}

#[test]
fn the_review_exports_and_records_it() {
    let mut w = Wizard::new().open("agreement-request");
    let out = tempfile::tempdir().unwrap();
    w.app.exports = out.path().to_path_buf();
    w.ctrl('r').typed("e");
    assert!(matches!(w.app.popup, Some(Popup::Export { .. })));
    w.typed("1");
    let Some(Popup::Export { written, error, .. }) = &w.app.popup else {
        panic!("the dialog stays open")
    };
    assert!(error.is_none(), "{error:?}");
    assert_eq!(written.len(), 1);
    let text = std::fs::read_to_string(&written[0]).unwrap();
    assert!(
        text.starts_with("Agreement Request Form [DRAFT]"),
        "an incomplete form is marked: {text}"
    );
    w.typed("1");
    assert!(
        matches!(&w.app.popup, Some(Popup::Export { error: Some(e), .. }) if e.contains("exists")),
        "never overwritten silently"
    );
    w.key(KeyCode::Enter);
    assert!(
        matches!(&w.app.popup, Some(Popup::Export { error: None, written, .. }) if written.len() == 1),
        "Enter again replaces it"
    );
    w.key(KeyCode::Esc);
    let exported = w.app.session.as_ref().unwrap().draft.forms["agreement-request"]
        .exported
        .clone();
    assert_eq!(exported.unwrap().format, "txt");
}

#[test]
fn a_draft_open_elsewhere_is_read_only_here() {
    let mut first = Wizard::new().open("profile");
    first.typed("Prairie").key(KeyCode::Enter);
    let store = DraftStore::new(first.dir());
    let mut second = App::new(
        forms::load(None).unwrap(),
        store,
        Theme { color: false },
        today(),
    );
    second.open_draft("acme", Some("profile"));
    assert!(
        matches!(&second.popup, Some(Popup::Message { title, .. }) if title == "Open elsewhere")
    );
    second.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(second.session.as_ref().unwrap().read_only());
    for c in "X".chars() {
        second.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    second.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert!(
        second.status.error && second.status.text.contains("read-only"),
        "{}",
        second.status.text
    );
    second.handle_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL));
    assert!(!second.running, "quitting a read-only window works");
    // The first window still owns the draft and saves.
    first.later();
    assert_eq!(
        first.saved().answers.get("profile.legal_name"),
        text("Prairie").as_ref()
    );
    // The command line refuses too, while the wizard holds the draft.
    let out = assert_cmd::cargo::cargo_bin_cmd!("clec-wizard")
        .arg("--saves")
        .arg(first.dir())
        .args(["set", "acme", "profile.ein", "841234567"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("open in another clec-wizard"));
}

#[test]
fn a_failing_disk_keeps_the_answers_in_memory_and_retries() {
    let mut w = Wizard::new().open("profile");
    let saves = w.dir().to_path_buf();
    let before = std::fs::read(saves.join("acme.ron")).unwrap();
    // The folder disappears behind the wizard's back (a disk unmounted, a folder made
    // read-only): saving fails.
    let aside = saves.with_extension("aside");
    std::fs::rename(&saves, &aside).unwrap();
    std::fs::write(&saves, "not a folder").unwrap();
    w.typed("Prairie Fiber LLC").key(KeyCode::Enter).later();
    assert!(
        w.app.status.error && w.app.status.text.contains("Not saved"),
        "{}",
        w.app.status.text
    );
    assert!(w.app.is_dirty(), "still waiting to be saved");
    assert_eq!(
        w.answer("profile.legal_name"),
        text("Prairie Fiber LLC"),
        "kept in memory"
    );
    // The folder comes back: the next attempt saves, and nothing half-written was left.
    std::fs::remove_file(&saves).unwrap();
    std::fs::rename(&aside, &saves).unwrap();
    assert_eq!(
        std::fs::read(saves.join("acme.ron")).unwrap(),
        before,
        "the old file is whole"
    );
    w.app.tick(Instant::now() + Duration::from_secs(5));
    assert!(!w.app.is_dirty(), "{}", w.app.status.text);
    assert_eq!(
        w.saved().answers.get("profile.legal_name"),
        text("Prairie Fiber LLC").as_ref()
    );
    let temporaries = std::fs::read_dir(&saves)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(temporaries, 0);
}

#[test]
fn a_megabyte_paste_is_taken_and_drawn() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "profile.dba_names");
    let big: String = "Prairie 日本 🙂 مرحبا\tline\n".repeat(40_000);
    assert!(big.len() > 1_000_000);
    w.app.handle_event(Event::Paste(big.clone()));
    w.key(KeyCode::Tab);
    let Some(Answer::Text(stored)) = w.answer("profile.dba_names") else {
        panic!("stored")
    };
    assert_eq!(
        stored.len(),
        big.trim_end().len(),
        "kept as typed, even over the field's limit"
    );
    let report = w.report();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.path == "profile.dba_names" && p.message.contains("at most 500"))
    );
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    w.mods(KeyCode::BackTab, KeyModifiers::SHIFT);
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
}

#[test]
fn autosave_writes_from_another_thread_and_typing_goes_on() {
    let mut w = Wizard::new().open("profile");
    w.app.background_saves = true;
    w.typed("Prairie");
    let start = Instant::now();
    w.app.tick(start + Duration::from_secs(2));
    assert!(
        w.app.session.as_ref().unwrap().saving.is_some(),
        "the save runs in the background"
    );
    // Typing goes on while the file is written; the change waits for the next save.
    w.typed(" Fiber");
    while w.app.session.as_ref().unwrap().saving.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the save never finished"
        );
        w.app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        w.saved().answers.get("profile.legal_name"),
        text("Prairie").as_ref()
    );
    assert!(w.app.is_dirty(), "the later typing still waits");
    // Quitting waits for any save in flight and writes the rest.
    w.ctrl('q');
    assert_eq!(
        w.saved().answers.get("profile.legal_name"),
        text("Prairie Fiber").as_ref()
    );
}
