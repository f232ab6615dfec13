//! The wizard driven by key sequences, without a terminal (effects run at once through
//! the headless driver): navigation, the never-trapped rules, ask-later, groups,
//! finalizing, autosave, resuming, dialogs, and the interaction fixes of the wizard's
//! rework (choice cursor, yes/no arrows, paste, undo, export dialog).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::today;
use chrono::NaiveDate;
use clec_wizard::domain::change::edit::{self, Edit};
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::rules::validate::{FormReport, ProblemKind};
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::domain::values::status::FormStatus;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::fields::Field;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::popups::Popup;
use clec_wizard::tui::state::{Route, View};
use clec_wizard::tui::theme::Theme;
use crossterm::event::KeyCode;

struct Wizard {
    w: Headless,
    dir: tempfile::TempDir,
}

impl std::ops::Deref for Wizard {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.w
    }
}

impl std::ops::DerefMut for Wizard {
    fn deref_mut(&mut self) -> &mut Headless {
        &mut self.w
    }
}

fn headless(dir: &Path) -> Headless {
    Headless::new(
        forms::load(None).unwrap(),
        DraftStore::new(dir),
        Theme { color: false },
        today(),
    )
}

impl Wizard {
    /// A wizard on a temporary saves folder holding a new draft `acme`.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        DraftStore::new(dir.path())
            .create("acme", chrono::Utc::now())
            .unwrap();
        Self {
            w: headless(dir.path()),
            dir,
        }
    }

    /// A wizard on a temporary saves folder holding the example draft as `acme`.
    fn example() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
        std::fs::copy(example, dir.path().join("acme.ron")).unwrap();
        Self {
            w: headless(dir.path()),
            dir,
        }
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn open(mut self, form: &str) -> Self {
        self.w.open("acme", Some(form));
        assert_eq!(self.view(), "form");
        self
    }

    fn view(&self) -> &'static str {
        match &self.app.route {
            Route::Home => "home",
            Route::Draft(s) => match s.view {
                View::Journey => "journey",
                View::Form(_) => "form",
                View::Review(_) => "review",
                View::Deadlines(_) => "deadlines",
            },
        }
    }

    fn answer(&self, path: &str) -> Option<Answer> {
        self.app.session().unwrap().draft.answers.get(path).cloned()
    }

    fn focus(&self) -> String {
        self.app
            .form_screen()
            .unwrap()
            .focus
            .clone()
            .unwrap_or_default()
    }

    fn field(&self) -> &Field {
        &self.app.form_screen().unwrap().field
    }

    /// Validation of the open form, as the wizard shows it.
    fn report(&self) -> &FormReport {
        &self.app.form_screen().unwrap().report
    }

    fn saved(&self) -> Draft {
        DraftStore::new(self.dir()).load("acme").unwrap()
    }

    fn status(&self) -> &str {
        &self.app.status.text
    }

    /// Lets the autosave run.
    fn later(&mut self) -> &mut Self {
        self.w.tick(Instant::now() + Duration::from_secs(2));
        self
    }

    fn popup(&self) -> Option<&Popup> {
        self.app.popups.last()
    }
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Text(s.into()))
}

fn many(v: &[&str]) -> Option<Answer> {
    Some(Answer::Many(v.iter().map(|s| s.to_string()).collect()))
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
fn arrows_leave_a_multi_line_field_only_at_its_edges() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::Tab)
        .typed("One")
        .key(KeyCode::Enter)
        .typed("Two");
    w.key(KeyCode::Up);
    assert_eq!(w.focus(), "profile.dba_names", "↑ moves to the first line");
    w.key(KeyCode::Down);
    assert_eq!(w.focus(), "profile.dba_names", "↓ moves to the last line");
    w.key(KeyCode::Down);
    assert_eq!(
        w.focus(),
        "profile.entity_type",
        "↓ on the last line leaves"
    );
    assert_eq!(w.answer("profile.dba_names"), text("One\nTwo"));
    w.back_tab().key(KeyCode::Up);
    assert_eq!(
        w.focus(),
        "profile.dba_names",
        "back at the end of the text: ↑ goes up a line"
    );
    w.key(KeyCode::Up);
    assert_eq!(
        w.focus(),
        "profile.legal_name",
        "↑ on the first line leaves"
    );
}

#[test]
fn invalid_answers_never_trap_and_are_kept() {
    let mut w = Wizard::new().open("profile");
    w.tabs(4);
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
    assert!(
        w.report()
            .problems
            .iter()
            .any(|p| p.path == "profile.ein" && p.kind == ProblemKind::Invalid)
    );
    w.back_tab();
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
    w.tabs(2);
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
    assert_eq!(w.answer("profile.target_states"), many(&["UT", "CO"]));
    w.typed("ut").key(KeyCode::Char(' '));
    assert_eq!(w.answer("profile.target_states"), many(&["CO"]));
}

#[test]
fn the_arrows_move_a_cursor_in_a_choice_list_and_enter_picks() {
    let mut w = Wizard::new().open("profile");
    w.tabs(3);
    assert_eq!(w.focus(), "profile.state_of_formation");
    w.key(KeyCode::Down).key(KeyCode::Down);
    assert_eq!(
        w.focus(),
        "profile.state_of_formation",
        "↓ moves in the list, not to the next field"
    );
    w.key(KeyCode::Enter);
    assert_eq!(
        w.answer("profile.state_of_formation"),
        text("AR"),
        "AK, AL, AR: the third"
    );
    assert_eq!(w.focus(), "profile.ein", "Enter picks and goes on");
    w.back_tab()
        .key(KeyCode::End)
        .key(KeyCode::PageUp)
        .key(KeyCode::Home)
        .key(KeyCode::Down);
    let Field::Choice(c) = w.field() else {
        panic!("a choice list")
    };
    assert_eq!(c.list.current().unwrap().0, "AL");
    w.key(KeyCode::Up).key(KeyCode::Up);
    assert_eq!(
        w.focus(),
        "profile.state_of_formation",
        "the top of the list holds the cursor"
    );
}

#[test]
fn tab_picks_the_one_option_a_filter_leaves() {
    let mut w = Wizard::new().open("profile");
    w.tabs(3).typed("utah").key(KeyCode::Tab);
    assert_eq!(w.answer("profile.state_of_formation"), text("UT"));
    assert_eq!(w.focus(), "profile.ein");
    // With several matches, Tab leaves without picking.
    w.back_tab().typed("new").key(KeyCode::Tab);
    assert_eq!(w.answer("profile.state_of_formation"), text("UT"));
    // Several states: Enter picks the only match and goes on.
    w.key(KeyCode::PageDown)
        .key(KeyCode::PageDown)
        .key(KeyCode::PageDown);
    w.typed("wyo").key(KeyCode::Enter);
    assert_eq!(w.answer("profile.target_states"), many(&["WY"]));
    assert_ne!(w.focus(), "profile.target_states");
}

#[test]
fn up_on_a_yes_no_field_goes_to_the_previous_field() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::PageDown).tabs(4);
    assert_eq!(w.focus(), "profile.notices_same_as_hq");
    w.key(KeyCode::Up);
    assert_eq!(w.focus(), "profile.hq_zip");
    w.key(KeyCode::Tab).key(KeyCode::Down);
    assert_ne!(w.focus(), "profile.notices_same_as_hq");
    assert_ne!(w.focus(), "profile.hq_zip");
}

#[test]
fn yes_no_and_conditional_fields() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::PageDown).tabs(4);
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
    w.back_tab().back_tab().typed("y");
    assert_eq!(w.focus(), "profile.notices_attention");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "profile.primary_name", "hidden again on yes");
}

#[test]
fn ask_later_and_not_applicable_are_distinct_from_empty() {
    let mut w = Wizard::new().open("profile");
    w.ctrl('l');
    assert!(matches!(w.popup(), Some(Popup::Prompt(_))));
    w.typed("ask Dana in legal").key(KeyCode::Enter);
    assert!(w.popup().is_none());
    assert_eq!(
        w.answer("profile.legal_name"),
        Some(Answer::AskLater("ask Dana in legal".into()))
    );
    w.key(KeyCode::Tab).ctrl('n').key(KeyCode::Enter);
    assert!(
        matches!(w.popup(), Some(Popup::Prompt(p)) if p.error.is_some()),
        "a reason is needed"
    );
    w.typed("no other names").key(KeyCode::Enter);
    assert_eq!(
        w.answer("profile.dba_names"),
        Some(Answer::NotApplicable("no other names".into()))
    );
    w.ctrl('d');
    assert_eq!(w.answer("profile.dba_names"), None);
}

#[test]
fn dates_step_with_plus_and_minus_and_start_from_today() {
    let mut w = Wizard::new().open("negotiation");
    for _ in 0..10 {
        if w.focus() == "negotiation.agreements" {
            break;
        }
        w.key(KeyCode::Tab);
    }
    w.typed("+");
    assert_eq!(w.focus(), "negotiation.agreements[1].state");
    w.typed("co").key(KeyCode::Enter).key(KeyCode::Tab);
    assert_eq!(w.focus(), "negotiation.agreements[1].sent_on");
    w.typed("2026-01-31").typed("+").key(KeyCode::Tab);
    assert_eq!(
        w.answer("negotiation.agreements[1].sent_on"),
        text("2026-02-01")
    );
    w.typed("2028-03-01").typed("-").key(KeyCode::Tab);
    assert_eq!(
        w.answer("negotiation.agreements[1].received_on"),
        text("2028-02-29"),
        "leap day"
    );
    w.back_tab().ctrl('u').typed("+").key(KeyCode::Tab);
    assert_eq!(
        w.answer("negotiation.agreements[1].received_on"),
        text("2026-11-25"),
        "+ on an empty date is today"
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
    w.back_tab();
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
    assert!(
        w.status().contains("Ctrl-Z"),
        "says how to undo: {}",
        w.status()
    );
}

/// A row moved with Alt-Up is saved where it was moved: the draft read again from its file
/// has the rows in the order the wizard showed.
#[test]
fn a_row_moved_with_alt_up_stays_moved_after_a_reload() {
    let mut w = Wizard::new().open("agreement-request");
    w.key(KeyCode::Tab)
        .typed("+")
        .typed("co")
        .key(KeyCode::Enter);
    w.alt(KeyCode::Char('a')).typed("ut").key(KeyCode::Enter);
    w.alt(KeyCode::Char('a')).typed("wa").key(KeyCode::Enter);
    w.back_tab();
    assert_eq!(w.focus(), "agreement-request.agreements[3].state");
    w.alt(KeyCode::Up).alt(KeyCode::Up);
    assert_eq!(w.focus(), "agreement-request.agreements[1].state");
    w.later();
    let saved = w.saved();
    let states: Vec<_> = (1..=3)
        .map(|i| saved.answers[&format!("agreement-request.agreements[{i}].state")].display())
        .collect();
    assert_eq!(states, ["WA", "CO", "UT"]);
}

#[test]
fn ctrl_z_undoes_a_row_removal_and_edits_several_levels() {
    let mut w = Wizard::new().open("agreement-request");
    w.key(KeyCode::Tab)
        .typed("+")
        .typed("co")
        .key(KeyCode::Enter);
    w.alt(KeyCode::Char('a')).typed("ut").key(KeyCode::Enter);
    w.back_tab();
    assert_eq!(w.focus(), "agreement-request.agreements[2].state");
    w.alt(KeyCode::Char('x'));
    assert_eq!(
        w.answer("agreement-request.agreements"),
        Some(Answer::Rows(1))
    );
    w.ctrl('z');
    assert_eq!(
        w.answer("agreement-request.agreements"),
        Some(Answer::Rows(2)),
        "the row is back"
    );
    assert_eq!(
        w.answer("agreement-request.agreements[2].state"),
        text("UT")
    );
    w.ctrl('z');
    assert_eq!(
        w.answer("agreement-request.agreements[2].state"),
        None,
        "then the pick before it"
    );
    w.ctrl('z').ctrl('z').ctrl('z').ctrl('z');
    assert_eq!(
        w.answer("agreement-request.agreements"),
        None,
        "back to the start"
    );
    w.ctrl('z');
    assert_eq!(w.status(), "Nothing to undo.");
    // Typing not stored yet is undone first, in the field itself.
    let mut w = Wizard::new().open("profile");
    w.typed("Prairie").key(KeyCode::Enter);
    w.back_tab().typed(" LLC");
    w.ctrl('z');
    assert_eq!(w.field().text().as_deref(), Some("Prairie LL"));
    w.ctrl('z').ctrl('z').ctrl('z').ctrl('z');
    assert_eq!(
        w.field().text().as_deref(),
        Some(""),
        "then the stored answer: {}",
        w.status()
    );
    assert_eq!(w.answer("profile.legal_name"), None);
}

#[test]
fn autosave_waits_a_second_and_keeps_text_being_typed() {
    let mut w = Wizard::new().open("profile");
    w.typed("Prairie");
    assert!(w.app.is_dirty());
    let wait = w
        .app
        .next_tick(Instant::now())
        .expect("a save is scheduled");
    assert!(wait <= Duration::from_secs(1));
    w.tick(Instant::now());
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
    assert_eq!(w.app.next_tick(Instant::now()), None, "nothing more to do");
}

#[test]
fn quitting_an_unchanged_draft_leaves_its_file_alone_and_keeps_the_place() {
    let mut w = Wizard::example().open("questionnaire");
    let file = w.dir().join("acme.ron");
    let before = std::fs::read(&file).unwrap();
    w.tabs(2);
    w.ctrl('q');
    assert!(!w.app.running);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the draft is not rewritten"
    );
    assert!(
        !w.dir().join("acme.ron.bak").exists(),
        "no backup: nothing was saved"
    );
    let mut again = headless(w.dir());
    again.open("acme", None);
    let focus = again.app.form_screen().unwrap().focus.clone();
    assert_eq!(
        focus,
        w.app.form_screen().unwrap().focus,
        "reopens where it was left"
    );
}

#[test]
fn ctrl_c_saves_and_quits_and_reopening_resumes() {
    let mut w = Wizard::new().open("profile");
    w.typed("Prairie Fiber LLC").tabs(2).typed("1");
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
    let mut again = headless(w.dir());
    again.open("acme", None);
    assert_eq!(
        again.app.form_screen().unwrap().focus.as_deref(),
        Some("profile.state_of_formation")
    );
}

#[test]
fn review_jumps_to_a_field_and_comes_back() {
    let mut w = Wizard::new().open("agreement-request");
    w.ctrl('r');
    assert_eq!(w.view(), "review");
    w.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(w.view(), "form");
    let form = w.app.forms.form("agreement-request").unwrap();
    let report = clec_wizard::domain::rules::validate::validate_form(
        &w.app.forms,
        &w.app.session().unwrap().draft,
        form,
        today(),
    );
    assert_eq!(
        w.focus(),
        report.problems[1].path,
        "jumped to the second open item"
    );
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "review", "back to the review");
    let Route::Draft(s) = &w.app.route else {
        panic!()
    };
    let View::Review(r) = &s.view else { panic!() };
    assert_eq!(r.cursor, 1, "on the item it left");
    w.key(KeyCode::Esc);
    assert_eq!(
        w.view(),
        "form",
        "back to the form the review was opened from"
    );
    assert_eq!(w.focus(), "agreement-request.states_requested");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
}

/// Esc means "back to where I was": a review opened with Ctrl-R on a field goes back to
/// that form and field, and the form's own Esc still goes where the form came from.
#[test]
fn esc_from_a_review_opened_on_a_form_returns_to_its_field() {
    let mut w = example();
    w.typed("d");
    assert_eq!(w.view(), "deadlines");
    w.key(KeyCode::Enter);
    assert_eq!(w.view(), "form");
    let (form, field) = {
        let f = w.app.form_screen().unwrap();
        (f.form_id.clone(), f.focus.clone())
    };
    w.back_tab();
    let moved = w.focus();
    w.ctrl('r');
    assert_eq!(w.view(), "review");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "form");
    assert_eq!(w.app.form_screen().unwrap().form_id, form);
    assert_eq!(w.focus(), moved, "on the field it left");
    assert_ne!(Some(moved), field);
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "deadlines", "the form's own way back is kept");
    // Opened from the journey, the review goes back to the journey.
    w.key(KeyCode::Esc).ctrl('r').key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
}

#[test]
fn only_a_complete_form_is_finalized_and_then_read_only() {
    let mut w = Wizard::new().open("checklist");
    w.ctrl('r').typed("f");
    assert_ne!(
        w.app.session().unwrap().draft.status("checklist"),
        FormStatus::Finalized
    );
    assert!(w.app.status.error, "says why: {}", w.status());
    w.key(KeyCode::Esc);
    // Answer every item through the domain, as the keys would.
    let (forms, _, session) = w.app.split().unwrap();
    for i in 1..=28 {
        let path = format!("checklist.items[{i}].status");
        edit::apply(
            forms,
            &mut session.draft,
            &path,
            Edit::Value("not_applicable".into()),
            today(),
            chrono::Utc::now(),
        )
        .unwrap();
    }
    w.key(KeyCode::Enter);
    assert_eq!(w.view(), "form");
    w.ctrl('r').typed("f");
    assert_eq!(
        w.app.session().unwrap().draft.status("checklist"),
        FormStatus::Finalized,
        "{}",
        w.status()
    );
    w.key(KeyCode::Esc).key(KeyCode::Enter);
    w.typed("1");
    assert_eq!(
        w.answer("checklist.items[1].status"),
        text("not_applicable"),
        "finalized forms are read-only"
    );
    w.ctrl('r').typed("u");
    assert_eq!(
        w.app.session().unwrap().draft.status("checklist"),
        FormStatus::Complete
    );
}

#[test]
fn help_opens_with_f1_and_question_mark_outside_text() {
    let mut w = Wizard::new().open("profile");
    w.typed("?");
    assert!(w.popup().is_none(), "? is typed into a text field");
    assert_eq!(w.field().text().as_deref(), Some("?"));
    w.key(KeyCode::F(1));
    assert!(
        matches!(w.popup(), Some(Popup::Help(h)) if h.first[0] == clec_wizard::tui::keymap::Context::Text)
    );
    w.key(KeyCode::Esc);
    assert!(w.popup().is_none());
    w.key(KeyCode::Esc).typed("?");
    assert!(
        matches!(w.popup(), Some(Popup::Help(h)) if h.first[0] == clec_wizard::tui::keymap::Context::Journey),
        "on the journey"
    );
}

#[test]
fn pasting_keeps_line_breaks_where_they_belong_and_drops_escape_sequences_whole() {
    let mut w = Wizard::new().open("profile");
    w.paste("Prairie\u{1b}[2J Fiber\nLLC\u{1b}[31m\r\n");
    w.key(KeyCode::Enter);
    assert_eq!(w.answer("profile.legal_name"), text("Prairie Fiber LLC"));
    // A multi-line field: CR, CRLF and LF are all line breaks; a tab is four spaces.
    w.paste("One\rTwo\r\nThree\nFour\tend");
    w.key(KeyCode::Tab);
    assert_eq!(
        w.answer("profile.dba_names"),
        text("One\nTwo\nThree\nFour    end")
    );
}

#[test]
fn drafts_are_created_copied_renamed_and_deleted_from_home() {
    let mut w = Wizard::new();
    assert_eq!(w.view(), "home");
    w.typed("n").typed("../bad").key(KeyCode::Enter);
    assert!(
        matches!(w.popup(), Some(Popup::Prompt(p)) if p.error.as_deref().is_some_and(|e| e.contains("draft name")))
    );
    w.key(KeyCode::Esc)
        .typed("n")
        .typed("zeta")
        .key(KeyCode::Enter);
    assert_eq!(w.view(), "journey");
    assert_eq!(w.app.session().unwrap().name, "zeta");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "home");
    assert_eq!(w.app.home.rows.len(), 2);
    w.typed("c").key(KeyCode::Enter);
    assert_eq!(w.status(), "Copied acme as acme-copy");
    assert_eq!(w.app.home.rows.len(), 3);
    w.key(KeyCode::Down)
        .key(KeyCode::Down)
        .typed("r")
        .ctrl('u')
        .typed("omega")
        .key(KeyCode::Enter);
    let names: Vec<_> = w.app.home.rows.iter().map(|d| d.name.clone()).collect();
    assert_eq!(names, ["acme", "acme-copy", "omega"]);
    w.key(KeyCode::Down)
        .key(KeyCode::Down)
        .typed("d")
        .typed("n");
    assert_eq!(w.app.home.rows.len(), 3, "no means no");
    w.typed("d").typed("y");
    assert_eq!(w.app.home.rows.len(), 2);
    assert_eq!(w.status(), "Moved omega to the trash: u brings it back.");
    assert!(!w.dir().join("omega.ron").exists());
    assert!(
        !w.dir().join(".omega.lock").exists(),
        "the lock goes with the draft"
    );
    assert!(
        !w.dir().join(".zeta.lock").exists(),
        "a rename takes the lock away too"
    );
}

/// The drafts screen's names, and the one under the cursor.
fn drafts(w: &Wizard) -> (Vec<String>, String) {
    let home = &w.app.home;
    let names: Vec<String> = home.rows.iter().map(|d| d.name.clone()).collect();
    let selected = names.get(home.cursor).cloned().unwrap_or_default();
    (names, selected)
}

/// The files of the trash folder.
fn trash_files(w: &Wizard) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(w.dir().join(".trash"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `d` then Enter (a habit from the journey, where `d` opens the deadlines and Enter a
/// field) keeps the draft: Enter says no. `y` moves it and its backup to the trash, out of
/// the list; `u` lists the trash and Enter brings it back, selected.
#[test]
fn delete_then_enter_keeps_the_draft_and_the_trash_brings_it_back() {
    let mut w = Wizard::new();
    // A second, different save makes the backup.
    let store = DraftStore::new(w.dir());
    let mut draft = store.load("acme").unwrap();
    draft
        .answers
        .insert("profile.legal_name".into(), text("Acme").unwrap());
    store.save("acme", &draft).unwrap();
    let before = std::fs::read(w.dir().join("acme.ron")).unwrap();
    w.typed("d");
    assert!(
        matches!(w.popup(), Some(Popup::Confirm(c)) if c.message.contains("trash") && c.message.contains("Press y"))
    );
    w.key(KeyCode::Enter);
    assert!(w.popup().is_none(), "Enter closes the question");
    assert!(w.dir().join("acme.ron").exists(), "and keeps the draft");
    assert_eq!(drafts(&w).0, ["acme"]);
    w.typed("d").typed("y");
    assert!(!w.dir().join("acme.ron").exists());
    assert!(!w.dir().join("acme.ron.bak").exists());
    let files = trash_files(&w);
    assert_eq!(
        files.len(),
        3,
        "the draft, its backup, the .gitignore: {files:?}"
    );
    let moved = files.iter().find(|f| f.ends_with(".ron")).unwrap();
    assert!(moved.starts_with("acme-") && files.contains(&format!("{moved}.bak")));
    assert_eq!(
        std::fs::read(w.dir().join(".trash").join(moved)).unwrap(),
        before
    );
    assert!(drafts(&w).0.is_empty(), "the trash is no draft");
    assert!(w.status().contains("u brings it back"), "{}", w.status());
    // The command line does not list it either.
    let out = crate::support::bare()
        .arg("--saves")
        .arg(w.dir())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("acme"));
    w.typed("u");
    let Some(Popup::Trash(t)) = w.popup() else {
        panic!("u lists the trash")
    };
    assert_eq!(t.entries.len(), 1);
    assert_eq!(t.entries[0].name, "acme");
    w.key(KeyCode::Enter);
    assert!(w.popup().is_none());
    assert_eq!(std::fs::read(w.dir().join("acme.ron")).unwrap(), before);
    assert!(
        w.dir().join("acme.ron.bak").exists(),
        "its backup comes back too"
    );
    assert_eq!(drafts(&w), (vec!["acme".to_string()], "acme".to_string()));
    assert_eq!(w.status(), "Brought acme back from the trash.");
    w.typed("u");
    assert!(w.popup().is_none());
    assert!(w.status().contains("trash is empty"), "{}", w.status());
    // Enter never says yes, whatever the question: quitting without saving neither.
    use clec_wizard::tui::keymap::{self, Context};
    use crossterm::event::{KeyEvent, KeyModifiers};
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_ne!(
        keymap::lookup(Context::Confirm, &enter),
        Some(clec_wizard::tui::action::Action::Confirm)
    );
}

/// A restore never replaces a draft made since under the same name: the trash says why
/// and keeps it.
#[test]
fn the_trash_refuses_to_bring_back_over_a_draft_of_that_name() {
    let mut w = Wizard::new();
    w.typed("d").typed("y");
    w.typed("n").typed("acme").key(KeyCode::Enter);
    assert_eq!(w.view(), "journey");
    w.key(KeyCode::Esc).typed("u").key(KeyCode::Enter);
    let Some(Popup::Trash(t)) = w.popup() else {
        panic!("the trash stays open")
    };
    let error = t.error.clone().unwrap_or_default();
    assert!(error.contains("already exists"), "{error}");
    assert_eq!(
        trash_files(&w)
            .iter()
            .filter(|f| f.ends_with(".ron"))
            .count(),
        1
    );
}

/// The wizard's `n` leaves the same `.gitignore` as the command line's `new`, and a copy
/// is selected once made.
#[test]
fn a_new_draft_gets_the_gitignore_and_a_copy_is_selected() {
    let mut w = Wizard::new();
    let ignore = w.dir().join(".gitignore");
    std::fs::remove_file(&ignore).ok();
    w.typed("n").typed("zeta").key(KeyCode::Enter);
    assert_eq!(
        std::fs::read_to_string(&ignore).unwrap(),
        clec_wizard::storage::gitignore::GITIGNORE
    );
    assert!(clec_wizard::storage::gitignore::GITIGNORE.contains(".trash/"));
    w.key(KeyCode::Esc);
    assert_eq!(drafts(&w).1, "acme");
    w.typed("c").key(KeyCode::Enter);
    assert_eq!(
        drafts(&w),
        (
            vec!["acme".into(), "acme-copy".into(), "zeta".into()],
            "acme-copy".into()
        )
    );
}

/// Home and End go to the ends of every list that has focus, short ones included.
#[test]
fn home_and_end_reach_the_ends_of_every_list() {
    let mut w = Wizard::new();
    for name in ["b", "c"] {
        w.typed("n")
            .typed(name)
            .key(KeyCode::Enter)
            .key(KeyCode::Esc);
    }
    w.key(KeyCode::End);
    assert_eq!(drafts(&w).1, "c");
    w.key(KeyCode::Home);
    assert_eq!(drafts(&w).1, "acme");
    // The journey's forms.
    w.key(KeyCode::Enter).key(KeyCode::End);
    let forms = w.app.forms.forms().len();
    assert_eq!(w.app.session().unwrap().journey.cursor, forms - 1);
    w.key(KeyCode::Home);
    assert_eq!(w.app.session().unwrap().journey.cursor, 0);
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "home");
    // A short choice list (entity type).
    w.w.open("acme", Some("profile"));
    w.tabs(2);
    assert_eq!(w.focus(), "profile.entity_type");
    let cursor = |w: &Wizard| match w.field() {
        Field::Choice(c) => (c.list.cursor, c.list.visible().len()),
        _ => panic!("a choice list"),
    };
    w.key(KeyCode::End);
    let (at, n) = cursor(&w);
    assert!(n > 1 && n <= 12, "a short list: {n}");
    assert_eq!(at, n - 1);
    w.key(KeyCode::Home);
    assert_eq!(cursor(&w).0, 0);
    // The review's open items.
    w.ctrl('r');
    let review_cursor = |w: &Wizard| match &w.app.session().unwrap().view {
        View::Review(r) => r.cursor,
        _ => usize::MAX,
    };
    w.key(KeyCode::End);
    assert!(review_cursor(&w) > 2, "{}", review_cursor(&w));
    w.key(KeyCode::Home);
    assert_eq!(review_cursor(&w), 0);
    // The export dialog.
    w.typed("e").key(KeyCode::Home);
    assert!(matches!(w.popup(), Some(Popup::Export(e)) if e.cursor == 0));
    w.key(KeyCode::End);
    assert!(matches!(w.popup(), Some(Popup::Export(e)) if e.cursor == 6));
    // The trash.
    w.key(KeyCode::Esc).key(KeyCode::Esc).key(KeyCode::Esc);
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "home");
    w.key(KeyCode::End).typed("d").typed("y");
    w.typed("d").typed("y");
    w.typed("u").key(KeyCode::End);
    let Some(Popup::Trash(t)) = w.popup() else {
        panic!("the trash")
    };
    assert_eq!((t.entries.len(), t.cursor), (2, 1));
    w.key(KeyCode::Home);
    assert!(matches!(w.popup(), Some(Popup::Trash(t)) if t.cursor == 0));
}

fn export_dir(w: &Wizard) -> PathBuf {
    w.runtime.exports.clone()
}

#[test]
fn the_review_exports_and_records_it() {
    let mut w = Wizard::new().open("agreement-request");
    w.ctrl('r').typed("e");
    assert!(matches!(w.popup(), Some(Popup::Export(_))));
    w.typed("1");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!("the dialog stays open")
    };
    assert!(e.stopped.is_none(), "{:?}", e.stopped);
    assert_eq!(e.written.len(), 1);
    assert!(e.written[0].starts_with(export_dir(&w)));
    let text = std::fs::read_to_string(&e.written[0]).unwrap();
    assert!(
        text.starts_with("Agreement Request Form [DRAFT]"),
        "an incomplete form is marked: {text}"
    );
    w.typed("1");
    assert!(
        matches!(w.popup(), Some(Popup::Export(e)) if e.stopped.as_deref().is_some_and(|s| s.contains("exists"))),
        "never overwritten silently"
    );
    w.key(KeyCode::Enter);
    assert!(
        matches!(w.popup(), Some(Popup::Export(e)) if e.stopped.is_none() && e.written.len() == 1),
        "Enter again replaces it"
    );
    w.key(KeyCode::Esc);
    let exported = w.app.session().unwrap().draft.forms["agreement-request"]
        .exported
        .clone();
    assert_eq!(exported.unwrap().format, "txt");
}

/// An e-mail written from the wizard goes into the form's sent log, as from the command
/// line: the open draft keeps what the export recorded, and so does the file it saves.
#[test]
fn an_email_exported_from_the_wizard_is_in_the_sent_log() {
    let mut w = Wizard::example().open("agreement-request");
    let before = w.app.session().unwrap().draft.forms["agreement-request"]
        .mailed
        .len();
    w.ctrl('r').typed("e").typed("6");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!("the dialog stays open")
    };
    assert!(e.stopped.is_none(), "{:?}", e.stopped);
    let state = &w.app.session().unwrap().draft.forms["agreement-request"];
    assert_eq!(state.mailed.len(), before + 1, "{:?}", state.mailed);
    let to = state.mailed.last().unwrap().to.as_deref();
    assert_eq!(to, Some("intagree@lumen.com"));
    assert!(state.sent_copy.is_some());
    assert_eq!(state.exported.as_ref().unwrap().format, "eml");
}

/// The e-mail the wizard writes carries the printable copy; `a` in the export dialog adds
/// the answers as JSON, as `--attach-json` does.
#[test]
fn the_wizard_attaches_the_answers_file_only_when_asked() {
    let mut w = Wizard::example().open("agreement-request");
    let json_in = |w: &Wizard| {
        let Some(Popup::Export(e)) = w.popup() else {
            panic!("the dialog stays open")
        };
        assert!(e.stopped.is_none(), "{:?}", e.stopped);
        let mail = std::fs::read(e.email().unwrap()).unwrap();
        let mail = mailparse::parse_mail(&mail).unwrap();
        assert!(!mail.subparts.is_empty());
        mail.subparts.iter().any(|p| {
            p.get_content_disposition()
                .params
                .get("filename")
                .is_some_and(|f| f.ends_with(".json"))
        })
    };
    w.ctrl('r').typed("e").typed("6");
    assert!(!json_in(&w), "left out unless asked");
    // Enter meets the message just written; Enter again replaces it, now with its
    // answers file.
    w.typed("a").key(KeyCode::Enter).key(KeyCode::Enter);
    assert!(json_in(&w), "attached when asked");
}

#[test]
fn every_form_exports_into_a_list_that_scrolls_and_o_says_when_nothing_opens_it() {
    // Complete forms, so that every form's export writes messages.
    let mut w = Wizard::example().open("profile");
    w.runtime.opener = vec!["clec-wizard-no-such-opener".into()];
    w.ctrl('r').typed("e").typed("o");
    assert!(
        w.app.status.error && w.status().contains("No e-mail"),
        "{}",
        w.status()
    );
    w.typed("7");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!()
    };
    assert!(e.written.len() > 20, "{}", e.written.len());
    w.key(KeyCode::PageDown);
    assert!(matches!(w.popup(), Some(Popup::Export(e)) if e.scroll == 5));
    w.typed("o");
    let start = Instant::now();
    while w.runtime.busy() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    w.collect();
    assert!(
        w.app.status.error && w.status().contains("clec-wizard-no-such-opener"),
        "{}",
        w.status()
    );
}

/// "Every form" into a folder where some of its files exist writes nothing (no half
/// folder), says how many are in the way, and Enter on the same choice replaces them all;
/// choosing another format first asks again.
#[test]
fn every_form_with_files_in_the_way_writes_nothing_until_enter_replaces_them() {
    let mut w = Wizard::example().open("profile");
    w.ctrl('r').typed("e").typed("7");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!()
    };
    let (written, folder) = (e.written.clone(), e.folder.clone().unwrap());
    assert!(written.len() > 20);
    for p in &written[2..] {
        std::fs::remove_file(p).unwrap();
    }
    let files = |folder: &Path| std::fs::read_dir(folder).unwrap().count();
    w.key(KeyCode::Esc).typed("e").typed("7");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!()
    };
    let stopped = e.stopped.clone().unwrap_or_default();
    assert!(
        stopped.contains("nothing was written") && stopped.contains("replace these 2 files"),
        "{stopped}"
    );
    assert!(e.written.is_empty());
    assert_eq!(files(&folder), 2, "no half folder");
    // Another choice and back: replacing is asked again.
    w.key(KeyCode::Up).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(files(&folder), 2);
    w.key(KeyCode::Enter);
    let Some(Popup::Export(e)) = w.popup() else {
        panic!()
    };
    assert!(e.stopped.is_none(), "{:?}", e.stopped);
    assert_eq!(e.written, written);
    assert_eq!(files(&folder), written.len());
}

/// Waits for the background opener, then takes what it reported.
fn opened(w: &mut Wizard) {
    let start = Instant::now();
    while w.runtime.busy() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    w.collect();
}

/// A program that stands in for the mail program: it writes the path it was given.
fn recording_opener(w: &mut Wizard) -> PathBuf {
    let record = w.dir().join("opened.txt");
    w.runtime.opener = vec![
        "sh".into(),
        "-c".into(),
        format!("printf %s \"$1\" > '{}'", record.display()),
        "sh".into(),
    ];
    record
}

/// `o` in the export dialog finds the form's e-mail written before the dialog opened: by
/// the command line's export of every form, or earlier in the session.
#[test]
fn o_opens_the_forms_email_written_earlier_or_by_the_command_line() {
    let w = Wizard::example();
    // The example's documents beside it: a missing one keeps its form out of the messages.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
    for folder in ["certificates", "documents"] {
        std::fs::create_dir_all(w.dir().join(folder)).unwrap();
        for file in std::fs::read_dir(example.join(folder)).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, w.dir().join(folder).join(file.file_name().unwrap())).unwrap();
        }
    }
    let folder = export_dir(&w).join("acme-2026-11-20");
    let out = crate::support::bare()
        .arg("--saves")
        .arg(w.dir())
        .args(["export", "acme", "--all", "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut w = w.open("agreement-request");
    let record = recording_opener(&mut w);
    w.ctrl('r').typed("e").typed("o");
    opened(&mut w);
    let shown = std::fs::read_to_string(&record).unwrap_or_default();
    assert!(
        shown.starts_with(&folder.display().to_string()) && shown.ends_with(".eml"),
        "{shown:?}; {}",
        w.status()
    );
    assert!(w.status().starts_with("Opened "), "{}", w.status());
    // The form alone, exported in this session, then the dialog closed and opened again.
    w.typed("6").key(KeyCode::Esc).typed("e").typed("o");
    opened(&mut w);
    let own = std::fs::read_to_string(&record).unwrap();
    assert!(own.contains("-agreement-request-"), "{own}");
    assert!(
        !own.starts_with(&folder.display().to_string()),
        "the newest: {own}"
    );
}

#[test]
fn a_draft_open_elsewhere_is_read_only_here() {
    let mut first = Wizard::new().open("profile");
    first.typed("Prairie").key(KeyCode::Enter);
    let mut second = headless(first.dir());
    second.open("acme", Some("profile"));
    assert!(
        matches!(second.app.popups.last(), Some(Popup::Message(m)) if m.title == "Open elsewhere")
    );
    second.key(KeyCode::Esc);
    assert!(second.app.session().unwrap().read_only());
    second.typed("X").key(KeyCode::Tab);
    assert!(
        second.app.status.error && second.app.status.text.contains("read-only"),
        "{}",
        second.app.status.text
    );
    second.ctrl('q');
    assert!(!second.app.running, "quitting a read-only window works");
    // The first window still owns the draft and saves.
    first.later();
    assert_eq!(
        first.saved().answers.get("profile.legal_name"),
        text("Prairie").as_ref()
    );
    // The command line refuses too, while the wizard holds the draft.
    let out = crate::support::bare()
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
    // The folder disappears behind the wizard's back: saving fails.
    let aside = saves.with_extension("aside");
    std::fs::rename(&saves, &aside).unwrap();
    std::fs::write(&saves, "not a folder").unwrap();
    w.typed("Prairie Fiber LLC").key(KeyCode::Enter);
    w.later();
    assert!(
        w.app.status.error && w.status().contains("Not saved"),
        "{}",
        w.status()
    );
    assert!(w.app.is_dirty(), "still waiting to be saved");
    assert_eq!(
        w.answer("profile.legal_name"),
        text("Prairie Fiber LLC"),
        "kept in memory"
    );
    // Quitting now asks before losing anything.
    w.ctrl('q');
    assert!(w.app.running);
    assert!(matches!(w.popup(), Some(Popup::Confirm(_))));
    w.typed("n");
    // The folder comes back: the next attempt saves, and nothing half-written was left.
    std::fs::remove_file(&saves).unwrap();
    std::fs::rename(&aside, &saves).unwrap();
    assert_eq!(
        std::fs::read(saves.join("acme.ron")).unwrap(),
        before,
        "the old file is whole"
    );
    w.tick(Instant::now() + Duration::from_secs(5));
    assert!(!w.app.is_dirty(), "{}", w.status());
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
    let big: String = "Prairie 日本 🙂 مرحبا line\n".repeat(40_000);
    assert!(big.len() > 1_000_000);
    w.paste(&big).key(KeyCode::Tab);
    let Some(Answer::Text(stored)) = w.answer("profile.dba_names") else {
        panic!("stored")
    };
    assert_eq!(
        stored.len(),
        big.trim_end().len(),
        "kept as typed, even over the field's limit"
    );
    assert!(
        w.report()
            .problems
            .iter()
            .any(|p| p.path == "profile.dba_names" && p.message.contains("at most 500"))
    );
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    w.back_tab();
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
}

#[test]
fn autosave_writes_from_another_thread_and_typing_goes_on() {
    let mut w = Wizard::new().open("profile");
    w.runtime.background = true;
    w.typed("Prairie");
    let start = Instant::now();
    w.tick(start + Duration::from_secs(2));
    assert!(
        w.app.session().unwrap().save.saving,
        "the save runs in the background"
    );
    // Typing goes on while the file is written; the change waits for the next save.
    w.typed(" Fiber");
    while w.app.session().unwrap().save.saving {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the save never finished"
        );
        w.collect();
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

#[test]
fn ctrl_e_edits_in_the_editor_and_keeps_the_lines() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::Tab).typed("One");
    w.editor = Box::new(|text| {
        assert_eq!(text, "One");
        Ok("One\r\nTwo\n".into())
    });
    w.ctrl('e');
    assert_eq!(w.answer("profile.dba_names"), text("One\nTwo"));
    w.editor = Box::new(|_| Err("vi exited with 1; the answer is unchanged".into()));
    w.ctrl('e');
    assert!(w.app.status.error && w.status().contains("unchanged"));
    assert_eq!(w.answer("profile.dba_names"), text("One\nTwo"));
}

#[test]
fn a_draft_opened_by_a_new_name_is_written_by_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let today = today();
    let mut w = Headless::opening(
        forms::load(None).unwrap(),
        DraftStore::new(dir.path()),
        Theme { color: false },
        today,
        "fresh",
        Some("profile"),
    );
    assert_eq!(
        w.app.form_screen().unwrap().focus.as_deref(),
        Some("profile.legal_name")
    );
    assert!(
        !dir.path().join("fresh.ron").exists(),
        "the first screen does not wait for the disk"
    );
    assert!(w.app.is_dirty());
    w.tick(Instant::now() + Duration::from_secs(2));
    assert!(
        DraftStore::new(dir.path()).load("fresh").is_ok(),
        "written by the autosave"
    );
}

/// A wizard on the example draft, at the journey.
fn example() -> Wizard {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    std::fs::copy(example, dir.path().join("example.ron")).unwrap();
    let mut w = Wizard {
        w: headless(dir.path()),
        dir,
    };
    w.w.open("example", None);
    assert_eq!(w.view(), "journey");
    w
}

#[test]
fn the_deadlines_view_lists_by_date_and_enter_goes_to_the_field_and_back() {
    use clec_wizard::domain::timeline;
    use clec_wizard::tui::screens::deadlines::DeadlinesScreen;
    let mut w = example();
    w.typed("d");
    assert_eq!(w.view(), "deadlines");
    let list = timeline::deadlines(&w.app.forms, &w.app.session().unwrap().draft, today());
    assert!(list.len() >= 10);
    assert!(list.windows(2).all(|p| p[0].date <= p[1].date), "by date");
    let cursor = |w: &Wizard| match &w.app.session().unwrap().view {
        View::Deadlines(DeadlinesScreen { cursor }) => *cursor,
        _ => usize::MAX,
    };
    // It opens at the first deadline from today on.
    let first = list.iter().position(|d| d.date >= today()).unwrap();
    assert!(first > 0, "the example has past deadlines");
    assert_eq!(cursor(&w), first);
    // Home, then down three and up one: the third deadline.
    w.key(KeyCode::Home);
    w.key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Up);
    assert_eq!(cursor(&w), 2);
    w.key(KeyCode::Enter);
    assert_eq!(w.view(), "form");
    assert_eq!(w.focus(), list[2].path);
    assert_eq!(w.app.form_screen().unwrap().form_id, list[2].form);
    // Esc comes back to the same deadline; Esc again goes to the journey.
    w.key(KeyCode::Esc);
    assert_eq!((w.view(), cursor(&w)), ("deadlines", 2));
    w.key(KeyCode::End);
    assert_eq!(cursor(&w), list.len() - 1);
    w.key(KeyCode::Down);
    assert_eq!(cursor(&w), list.len() - 1, "stays on the last");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
}

/// Esc walks back the way the user came, however long: deadlines, a field, the review
/// opened from it (Ctrl-R stores what was typed), an open item of it; then back through
/// each, the deadline and the field where they were left, the journey, the drafts.
#[test]
fn esc_walks_back_through_deadlines_form_review_and_field() {
    use clec_wizard::tui::screens::deadlines::DeadlinesScreen;
    let mut w = example();
    w.typed("d").key(KeyCode::Home).key(KeyCode::Down);
    let cursor = |w: &Wizard| match &w.app.session().unwrap().view {
        View::Deadlines(DeadlinesScreen { cursor }) => *cursor,
        _ => usize::MAX,
    };
    w.key(KeyCode::Enter);
    assert_eq!(w.view(), "form");
    let (form, field) = (w.app.form_screen().unwrap().form_id.clone(), w.focus());
    w.key(KeyCode::End).ctrl('u').typed("2026-01-05").ctrl('r');
    assert_eq!(w.view(), "review");
    assert_eq!(
        w.answer(&field),
        text("2026-01-05"),
        "stored on the way out"
    );
    w.key(KeyCode::Enter);
    assert_eq!(w.view(), "form", "the first open item");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "review");
    w.key(KeyCode::Esc);
    assert_eq!((w.view(), w.focus()), ("form", field.clone()));
    assert_eq!(w.app.form_screen().unwrap().form_id, form);
    w.key(KeyCode::Esc);
    assert_eq!((w.view(), cursor(&w)), ("deadlines", 1));
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "home");
}

/// Enter on a computed date opens the date it counts from (a row's Day 0, the
/// questionnaire's submission day), in its row: not the form's first field.
#[test]
fn enter_on_a_computed_deadline_opens_the_date_it_counts_from() {
    use clec_wizard::domain::timeline;
    let mut w = example();
    w.typed("d");
    let list = timeline::deadlines(&w.app.forms, &w.app.session().unwrap().draft, today());
    for (title, field) in [
        (
            "Arbitration petition window opens (day 135) · 2. UT",
            "negotiation.agreements[2].received_on",
        ),
        (
            "Questionnaire follow-up documents due",
            "questionnaire.submitted_on",
        ),
    ] {
        let at = list.iter().position(|d| d.title == title).unwrap();
        w.key(KeyCode::Home);
        for _ in 0..at {
            w.key(KeyCode::Down);
        }
        w.key(KeyCode::Enter);
        assert_eq!(w.view(), "form");
        assert_eq!(w.focus(), field, "{title}");
        w.key(KeyCode::Esc);
        assert_eq!(w.view(), "deadlines");
    }
}

#[test]
fn the_deadlines_view_writes_the_calendar() {
    let mut w = example();
    w.typed("d").typed("c");
    let path = w.dir().join("exports/example-deadlines.ics");
    let text = std::fs::read_to_string(&path).unwrap();
    let events = text.matches("BEGIN:VEVENT").count();
    assert!(events >= 10, "{text}");
    assert!(
        w.status()
            .starts_with(&format!("Wrote {events} deadlines to ")),
        "{}",
        w.status()
    );
    // Again: the file is replaced (a re-import updates the events), not refused.
    w.typed("c");
    assert!(w.status().starts_with("Wrote "), "{}", w.status());
}

#[test]
fn the_journey_lists_the_selected_forms_deadlines() {
    use clec_wizard::domain::timeline;
    let mut w = example();
    let ids: Vec<String> = w.app.forms.forms().iter().map(|f| f.id.clone()).collect();
    let at = ids.iter().position(|id| id == "negotiation").unwrap();
    for _ in 0..at {
        w.key(KeyCode::Down);
    }
    let draft = &w.app.session().unwrap().draft;
    let listed = timeline::form_deadlines(&w.app.forms, draft, "negotiation", today());
    assert!(!listed.is_empty());
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 60)).unwrap();
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
    let shown = terminal.backend().to_string();
    for d in &listed {
        assert!(
            shown.contains(&d.date.to_string()),
            "{} missing:\n{shown}",
            d.date
        );
    }
}

#[test]
fn answers_of_renamed_fields_are_moved_on_opening_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = r#"(format: 2, created: "2026-01-02T09:00:00Z",
        forms: {"negotiation": (status: InProgress, version: 1, exported: None)},
        answers: {
            "negotiation.received_on": Text("2026-01-15"),
            "negotiation.sent_on": Text("2026-01-12"),
        })"#;
    std::fs::write(dir.path().join("old.ron"), v1).unwrap();
    let mut w = Wizard {
        w: headless(dir.path()),
        dir,
    };
    w.w.open("old", None);
    match w.app.popups.last() {
        Some(Popup::Message(m)) => {
            assert_eq!(m.title, "Moved to renamed fields");
            assert!(
                m.text
                    .contains("negotiation.received_on -> negotiation.agreements[1].received_on"),
                "{}",
                m.text
            );
        }
        other => panic!("no message: {:?}", other.is_some()),
    }
    assert_eq!(
        w.answer("negotiation.agreements[1].received_on"),
        Some(Answer::Text("2026-01-15".into()))
    );
    w.key(KeyCode::Enter);
    w.later();
    let saved = DraftStore::new(w.dir()).load("old").unwrap();
    assert!(
        saved
            .answers
            .contains_key("negotiation.agreements[1].sent_on")
    );
    assert!(!saved.answers.contains_key("negotiation.sent_on"));
    // Opened again (the first window closed): nothing left to move, nothing said.
    let Wizard { w: first, dir } = w;
    drop(first);
    let mut again = headless(dir.path());
    again.open("old", None);
    assert!(again.app.popups.is_empty());
}

#[test]
fn a_default_is_shown_until_accepted_or_overridden() {
    use clec_wizard::tui::msg::To;
    let mut w = Wizard::new();
    w.w.open("acme", Some("profile"));
    let (forms, today, s) = w.app.split().unwrap();
    edit::apply(
        forms,
        &mut s.draft,
        "profile.ocn",
        Edit::Value("12QX".into()),
        today,
        chrono::Utc::now(),
    )
    .unwrap();
    // Shown as a default on the form, not stored, and validation still asks for it.
    w.app.navigate(To::Form {
        id: "questionnaire".into(),
        field: Some("questionnaire.rao".into()),
    });
    let draw = |w: &Wizard| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 60)).unwrap();
        terminal
            .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
            .unwrap();
        terminal.backend().to_string()
    };
    assert!(
        draw(&w).contains("default: 12QX (not accepted yet)"),
        "{}",
        draw(&w)
    );
    assert_eq!(w.answer("questionnaire.spid"), None);
    // Focused: the empty field offers it; Enter accepts it and goes on.
    w.back_tab();
    assert_eq!(w.focus(), "questionnaire.spid");
    match w.field() {
        Field::Text(t) => assert_eq!(t.default.as_deref(), Some("12QX")),
        other => panic!("{other:?}"),
    }
    assert!(draw(&w).contains("│     12QX "), "{}", draw(&w));
    // What Enter does is said whole, even at 80 columns.
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
    let narrow = terminal.backend().to_string();
    let words: Vec<&str> = narrow
        .split(|c: char| c.is_whitespace() || c == '│' || c == '"')
        .filter(|w| !w.is_empty())
        .collect();
    let said = "the default: Enter accepts it, or type another";
    assert!(
        words.join(" ").contains(said),
        "{said:?} not whole:\n{narrow}"
    );
    w.key(KeyCode::Enter);
    assert_eq!(w.answer("questionnaire.spid"), text("12QX"));
    assert_eq!(w.focus(), "questionnaire.rao");
    // Changed: typing replaces it; cleared, the default is offered again.
    w.back_tab().ctrl('u').typed("X123").key(KeyCode::Tab);
    assert_eq!(w.answer("questionnaire.spid"), text("X123"));
    w.back_tab().ctrl('d');
    assert_eq!(w.answer("questionnaire.spid"), None);
    w.key(KeyCode::Tab);
    assert!(draw(&w).contains("default: 12QX (not accepted yet)"));
    // Tab past an offered default leaves it unaccepted.
    w.back_tab().key(KeyCode::Tab);
    assert_eq!(w.answer("questionnaire.spid"), None);
}

#[test]
fn a_new_agreement_row_offers_the_requested_state_and_enter_accepts_it() {
    let mut w = Wizard::new();
    w.w.open("acme", Some("negotiation"));
    let (forms, today, s) = w.app.split().unwrap();
    for (path, value) in [
        ("agreement-request.agreements[+].state", "CO"),
        ("agreement-request.agreements[1].path", "opt_in"),
    ] {
        let now = chrono::Utc::now();
        edit::apply(
            forms,
            &mut s.draft,
            path,
            Edit::Value(value.into()),
            today,
            now,
        )
        .unwrap();
    }
    for _ in 0..10 {
        if w.focus() == "negotiation.agreements" {
            break;
        }
        w.key(KeyCode::Tab);
    }
    w.typed("+");
    assert_eq!(w.focus(), "negotiation.agreements[1].state");
    w.key(KeyCode::Enter);
    assert_eq!(w.answer("negotiation.agreements[1].state"), text("CO"));
    assert_eq!(w.focus(), "negotiation.agreements[1].path");
    w.key(KeyCode::Enter);
    assert_eq!(w.answer("negotiation.agreements[1].path"), text("opt_in"));
}

/// `s` and `a` on the review and on the journey ask the day (today unless typed; a day
/// that is no date is refused in the dialog) and the reference, record them in the sent
/// log by the command line's functions, and save at once.
#[test]
fn sent_and_acknowledged_keys_record_the_sent_log() {
    let mut w = Wizard::example().open("agreement-request");
    w.ctrl('r').typed("s");
    assert!(matches!(w.popup(), Some(Popup::Sent(_))), "{}", w.status());
    w.ctrl('u').typed("2026-11-31").key(KeyCode::Enter);
    let Some(Popup::Sent(p)) = w.popup() else {
        panic!("a bad day keeps the dialog open")
    };
    assert!(
        p.error
            .as_deref()
            .unwrap_or_default()
            .contains("YYYY-MM-DD")
    );
    assert_eq!(w.saved().forms["agreement-request"].sent, None);
    w.ctrl('u').typed("2026-11-20").key(KeyCode::Enter);
    assert!(w.popup().is_none());
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert_eq!(w.saved().forms["agreement-request"].sent, Some(day(20)));
    // Acknowledged: today's date as offered, the reference after Tab.
    w.typed("a").key(KeyCode::Tab).typed("CDS-261125-0001");
    w.key(KeyCode::Enter);
    assert!(w.popup().is_none(), "{}", w.status());
    let ack = w.saved().forms["agreement-request"]
        .acknowledged
        .clone()
        .unwrap();
    assert_eq!(
        (ack.on, ack.reference.as_deref()),
        (today(), Some("CDS-261125-0001"))
    );
    // Esc cancels without recording.
    w.typed("s").key(KeyCode::Esc);
    assert!(w.popup().is_none());
    assert_eq!(w.saved().forms["agreement-request"].sent, Some(day(20)));
    // On the journey the keys apply to the selected form (the first: the profile).
    w.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
    for _ in 0..12 {
        w.key(KeyCode::Up);
    }
    assert_eq!(w.app.forms.forms()[0].id, "profile");
    w.typed("s").key(KeyCode::Enter);
    assert_eq!(w.saved().forms["profile"].sent, Some(today()));
    assert_eq!(w.saved().forms["agreement-request"].sent, Some(day(20)));
}

/// The review lists a form's document problems as open items, exactly those `validate`
/// finds (one function): missing files block; once the files are there, nothing is
/// listed, and a file changed on disk since it was recorded is an open item.
#[test]
fn the_review_lists_document_problems_as_validate_does() {
    use clec_wizard::storage::documents;
    let mut w = Wizard::example().open("questionnaire");
    w.ctrl('r');
    let listed = |w: &Wizard| {
        let s = w.app.session().unwrap();
        let View::Review(r) = &s.view else {
            panic!("not on the review")
        };
        let report = r.report().unwrap();
        let form = w.app.forms.form("questionnaire").unwrap();
        let found = documents::check(&w.app.forms, &s.draft, form, w.dir());
        let wanted: Vec<_> = found.iter().map(|p| p.to_problem()).collect();
        let shown: Vec<_> = report
            .problems
            .iter()
            .filter(|p| wanted.contains(p))
            .cloned()
            .collect();
        assert_eq!(shown, wanted);
        (wanted, report.is_complete())
    };
    let (missing, complete) = listed(&w);
    assert!(missing.len() >= 3, "{missing:?}");
    assert!(
        missing
            .iter()
            .all(|p| p.blocking && p.kind == ProblemKind::Invalid)
    );
    assert!(!complete);
    // The files arrive; Enter goes to a field, Esc comes back and checks them again.
    let saves = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/documents");
    std::fs::create_dir_all(w.dir().join("documents")).unwrap();
    for file in std::fs::read_dir(&saves).unwrap() {
        let file = file.unwrap().path();
        let to = w.dir().join("documents").join(file.file_name().unwrap());
        std::fs::copy(&file, to).unwrap();
    }
    // Recorded as `set` records them, then one of them changes on disk.
    let dir = w.dir().to_path_buf();
    let (forms, _, session) = w.app.split().unwrap();
    let form = forms.form("questionnaire").unwrap();
    documents::stamp(forms, &mut session.draft, form, &dir);
    std::fs::write(dir.join("documents/neca-ocn-notice.pdf"), b"another file").unwrap();
    w.key(KeyCode::Enter).key(KeyCode::Esc);
    assert_eq!(w.view(), "review");
    let (changed, complete) = listed(&w);
    assert!(
        !complete,
        "a changed file is an open item until recorded again"
    );
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].blocking && changed[0].kind == ProblemKind::Invalid);
    assert!(changed[0].message.contains("changed on disk"));
}

/// Acknowledged in the wizard, the Agreement Request Form's day is what an empty Day 0
/// offers: Enter accepts it, as it accepts any default.
#[test]
fn day_0_offers_the_acknowledgement_recorded_with_a() {
    let mut w = Wizard::new().open("agreement-request");
    w.ctrl('r').typed("a").ctrl('u').typed("2026-11-02");
    w.key(KeyCode::Enter);
    assert!(w.popup().is_none(), "{}", w.status());
    w.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
    let ids: Vec<String> = w.app.forms.forms().iter().map(|f| f.id.clone()).collect();
    let at = ids.iter().position(|id| id == "negotiation").unwrap();
    for _ in 0..12 {
        w.key(KeyCode::Up);
    }
    for _ in 0..at {
        w.key(KeyCode::Down);
    }
    w.key(KeyCode::Enter);
    for _ in 0..10 {
        if w.focus() == "negotiation.agreements" {
            break;
        }
        w.key(KeyCode::Tab);
    }
    w.typed("+")
        .typed("co")
        .key(KeyCode::Enter)
        .key(KeyCode::Tab);
    assert_eq!(w.focus(), "negotiation.agreements[1].sent_on");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "negotiation.agreements[1].received_on");
    assert_eq!(w.answer("negotiation.agreements[1].received_on"), None);
    w.key(KeyCode::Enter);
    assert_eq!(
        w.answer("negotiation.agreements[1].received_on"),
        text("2026-11-02")
    );
    assert_eq!(
        w.answer("negotiation.agreements[1].sent_on"),
        None,
        "not sent"
    );
}

/// A forecast quarter changed after the network form was sent: the form's field and the
/// review show the warning `validate` gives, naming the quarter and both values.
#[test]
fn a_quarter_changed_after_sending_is_warned_on_the_form_and_the_review() {
    let w = Wizard::example();
    let store = DraftStore::new(w.dir());
    let mut draft = store.load("acme").unwrap();
    let forms = forms::load(None).unwrap();
    let now = draft.updated;
    let on = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
    edit::mark_sent(&forms, &mut draft, "network", on, today(), now).unwrap();
    let path = "network.trunk_groups[1].y1_q1";
    let then = draft.answers[path].display();
    edit::apply(
        &forms,
        &mut draft,
        path,
        Edit::Value("60".into()),
        today(),
        now,
    )
    .unwrap();
    store.save("acme", &draft).unwrap();
    let mut w = w.open("network");
    let warning = w
        .report()
        .problems
        .iter()
        .find(|p| p.path == path && p.kind == ProblemKind::Warning)
        .unwrap_or_else(|| panic!("{:?}", w.report().problems))
        .message
        .clone();
    assert!(warning.contains(&format!("{then} -> 60")), "{warning}");
    assert!(warning.contains("sent on 2026-08-03"), "{warning}");
    w.ctrl('r');
    assert_eq!(w.view(), "review");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(220, 40)).unwrap();
    terminal
        .draw(|f| clec_wizard::tui::ui::render(&w.app, f))
        .unwrap();
    let shown = terminal.backend().to_string();
    let start = &warning[..warning.find(':').unwrap()];
    assert!(shown.contains(start), "{start:?} missing:\n{shown}");
}

/// A document typed in the wizard is recorded as `set` records it: its file's size and
/// SHA-256 (computed here independently), in memory and in the saved draft; a path
/// that names no file records nothing.
#[test]
fn a_document_typed_in_the_wizard_records_its_file() {
    use sha2::{Digest, Sha256};
    let mut w = Wizard::example().open("questionnaire");
    std::fs::create_dir_all(w.dir().join("documents")).unwrap();
    let bytes = b"%PDF-1.4 the NECA notice, scanned again".to_vec();
    std::fs::write(w.dir().join("documents/notice-2.pdf"), &bytes).unwrap();
    let key = "questionnaire.neca_ocn_notice";
    let recorded = |w: &Wizard| {
        let s = w.app.session().unwrap();
        s.draft.forms["questionnaire"].documents.get(key).cloned()
    };
    for (path, exists) in [
        ("documents/notice-2.pdf", true),
        ("documents/gone.pdf", false),
    ] {
        w.app.focus_field(key);
        w.key(KeyCode::End).ctrl('u').typed(path).key(KeyCode::Tab);
        assert_eq!(w.answer(key), text(path));
        let stamp = recorded(&w);
        if exists {
            let stamp = stamp.expect("recorded");
            assert_eq!(stamp.file, path);
            assert_eq!(stamp.size, bytes.len() as u64);
            let sha: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(stamp.sha256, sha);
            w.later();
            let saved = w.saved();
            assert_eq!(
                saved.forms["questionnaire"].documents.get(key),
                Some(&stamp)
            );
        } else {
            assert!(
                stamp.as_ref().is_none_or(|s| s.file != path),
                "no file, no record: {stamp:?}"
            );
        }
    }
}

/// A document typed in the wizard that is a link or a FIFO is refused at once (the status
/// line says why, nothing is recorded); an absolute path or a `..` is an open item of the
/// field as typed, and nothing is read.
#[cfg(unix)]
#[test]
fn a_document_typed_in_the_wizard_must_be_a_file_inside_the_folder() {
    let mut w = Wizard::example().open("questionnaire");
    std::fs::create_dir_all(w.dir().join("documents")).unwrap();
    let secret = w.dir().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-42").unwrap();
    std::os::unix::fs::symlink(&secret, w.dir().join("documents/link.pdf")).unwrap();
    let fifo = w.dir().join("documents/pipe.pdf");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let key = "questionnaire.neca_ocn_notice";
    for (path, why) in [
        ("documents/link.pdf", "symbolic link"),
        ("documents/pipe.pdf", "FIFO"),
    ] {
        w.app.focus_field(key);
        w.key(KeyCode::End).ctrl('u').typed(path).key(KeyCode::Tab);
        assert!(
            w.status().contains("cannot be sent") && w.status().contains(why),
            "{path}: {}",
            w.status()
        );
        let s = w.app.session().unwrap();
        let stamp = s.draft.forms["questionnaire"].documents.get(key);
        assert!(stamp.is_none_or(|s| s.file != path), "{path}: {stamp:?}");
    }
    for (path, why) in [
        ("../secret.txt", "leaves the documents folder"),
        ("/etc/hostname", "absolute path"),
    ] {
        w.app.focus_field(key);
        w.key(KeyCode::End).ctrl('u').typed(path).key(KeyCode::Tab);
        let problem = w.report().problems.iter().find(|p| p.path == key);
        assert!(
            problem.is_some_and(|p| p.blocking && p.message.contains(why)),
            "{path}: {problem:?}"
        );
        let s = w.app.session().unwrap();
        let stamp = s.draft.forms["questionnaire"].documents.get(key);
        assert!(stamp.is_none_or(|s| s.file != path), "{path}: {stamp:?}");
    }
}

/// A message belongs to the action that made it: the next key clears it, so a refusal
/// about one form never shows on another, and a complaint about an answer goes once the
/// user moves to fix it.
#[test]
fn a_status_message_lasts_until_the_next_action() {
    let mut w = Wizard::new().open("profile");
    w.tabs(4).typed("12-34").key(KeyCode::Tab);
    assert!(
        w.status().contains("EIN must be 9 digits"),
        "{}",
        w.status()
    );
    w.back_tab();
    assert_eq!(w.status(), "", "moving to another field clears it");
    w.ctrl('u').typed("841234567").key(KeyCode::Enter);
    assert_eq!(w.answer("profile.ein"), text("84-1234567"));
    assert!(!w.status().contains("EIN"), "{}", w.status());
    // A refusal on a finalized form stays with that form.
    let mut w = example();
    let (forms, _, session) = w.app.split().unwrap();
    edit::finalize(
        forms,
        &mut session.draft,
        "collocation",
        today(),
        chrono::Utc::now(),
    )
    .unwrap();
    goto(&mut w, "collocation");
    assert_eq!(w.focus(), "collocation.requests");
    w.typed("+");
    assert!(
        w.app.status.error && w.status().contains("finalized"),
        "{}",
        w.status()
    );
    w.key(KeyCode::Esc);
    assert_eq!(w.view(), "journey");
    assert_eq!(w.status(), "", "not on the journey");
    goto(&mut w, "questionnaire");
    assert_eq!(w.view(), "form");
    assert!(!w.status().contains("collocation"), "{}", w.status());
}

/// From the journey, opens form `id` as ↑↓ and Enter would.
fn goto(w: &mut Wizard, id: &str) {
    assert_eq!(w.view(), "journey");
    let i = w.app.forms.forms().iter().position(|f| f.id == id).unwrap();
    w.app.session_mut().unwrap().journey.cursor = i;
    w.key(KeyCode::Enter);
}

/// CRLF text pasted through a terminal that maps LF to CR arrives as CR CR: one line
/// break each, not a blank line between every two lines.
#[test]
fn a_crlf_paste_arriving_as_cr_cr_is_not_double_spaced() {
    let mut w = Wizard::new().open("profile");
    w.key(KeyCode::Tab);
    assert_eq!(w.focus(), "profile.dba_names");
    w.paste("Prairie Fiber\r\rLantern Networks\r\r\r\rPLC");
    w.key(KeyCode::Tab);
    assert_eq!(
        w.answer("profile.dba_names"),
        text("Prairie Fiber\nLantern Networks\n\nPLC")
    );
}

/// On the last field of a group's last row the wizard says what comes next (another row
/// with Alt-A, or on); Tab on the form's last field says the form ends and how to review.
#[test]
fn the_last_field_of_a_row_and_of_the_form_say_what_comes_next() {
    let mut w = Wizard::new().open("collocation");
    assert_eq!(w.focus(), "collocation.requests");
    w.typed("+");
    assert!(w.focus().starts_with("collocation.requests[1]."));
    let mut said = false;
    for _ in 0..40 {
        if w.status().starts_with("Last field of row 1") {
            said = true;
            break;
        }
        w.key(KeyCode::Tab);
    }
    assert!(said, "{}", w.status());
    assert!(
        w.status().contains("Alt-A adds another row"),
        "{}",
        w.status()
    );
    let last = w.focus();
    w.alt(KeyCode::Char('a'));
    assert!(
        w.focus().starts_with("collocation.requests[2]."),
        "{}",
        w.focus()
    );
    // Tab to the end of the form: the last Tab stays and says so.
    for _ in 0..60 {
        w.key(KeyCode::Tab);
    }
    assert_eq!(w.status(), "End of the form: Ctrl-R to review it.");
    assert_ne!(w.focus(), last);
}

/// Finalizing with warnings or ask-later notes open asks first; `f` on a finalized form
/// that did not change says so instead of making a new revision; reopening a form that
/// was sent asks first.
#[test]
fn finalize_and_reopen_ask_first_when_it_matters() {
    let mut w = example();
    let (forms, today, s) = w.app.split().unwrap();
    edit::apply(
        forms,
        &mut s.draft,
        "profile.dba_names",
        Edit::AskLater("ask Dana".into()),
        today,
        chrono::Utc::now(),
    )
    .unwrap();
    let status = |w: &Wizard| w.app.session().unwrap().draft.status("profile");
    let revision = |w: &Wizard| {
        w.app.session().unwrap().draft.forms["profile"]
            .finalized
            .as_ref()
            .map(|c| c.revision)
    };
    w.ctrl('r').typed("f");
    assert!(
        matches!(w.popup(), Some(Popup::Confirm(_))),
        "{}",
        w.status()
    );
    w.typed("n");
    assert_ne!(status(&w), FormStatus::Finalized, "no is no");
    w.typed("f").typed("y");
    assert_eq!(status(&w), FormStatus::Finalized);
    assert_eq!(revision(&w), Some(1));
    w.typed("f");
    assert!(w.popup().is_none());
    assert_eq!(revision(&w), Some(1), "unchanged: no new revision");
    assert!(w.status().contains("unchanged"), "{}", w.status());
    // Sent, then reopened: asked first.
    w.typed("s").key(KeyCode::Enter);
    assert!(w.popup().is_none(), "{}", w.status());
    w.typed("u");
    assert!(matches!(w.popup(), Some(Popup::Confirm(c)) if c.message.contains("sent on")));
    w.key(KeyCode::Esc);
    assert_eq!(status(&w), FormStatus::Finalized);
    w.typed("u").typed("y");
    assert_ne!(status(&w), FormStatus::Finalized);
}

/// A new row's state picker starts on a state no other row has: Enter on row 2 does not
/// pick row 1's state again.
#[test]
fn a_new_rows_state_picker_starts_on_an_unused_state() {
    let mut w = Wizard::new();
    w.w.open("acme", Some("agreement-request"));
    let (forms, today, s) = w.app.split().unwrap();
    for path in [
        "profile.target_states",
        "agreement-request.states_requested",
    ] {
        edit::apply(
            forms,
            &mut s.draft,
            path,
            Edit::Value("CO, UT".into()),
            today,
            chrono::Utc::now(),
        )
        .unwrap();
    }
    while w.focus() != "agreement-request.agreements" {
        w.key(KeyCode::Tab);
    }
    w.typed("+").key(KeyCode::Enter);
    let first = w.answer("agreement-request.agreements[1].state");
    assert!(first.is_some());
    w.alt(KeyCode::Char('a'));
    assert_eq!(w.focus(), "agreement-request.agreements[2].state");
    w.key(KeyCode::Enter);
    let second = w.answer("agreement-request.agreements[2].state");
    assert!(second.is_some());
    assert_ne!(second, first, "an unused state");
    assert!(
        matches!(&second, Some(Answer::Text(s)) if s == "CO" || s == "UT"),
        "{second:?}"
    );
}

/// The sent and acknowledged dialogs record facts: a day after today is refused in the
/// dialog (kept open, nothing recorded), and so is an acknowledgement before the sending.
#[test]
fn a_future_sent_log_day_and_an_acknowledgement_before_the_sending_are_refused() {
    let mut w = Wizard::example().open("agreement-request");
    let error = |w: &Wizard| match w.popup() {
        Some(Popup::Sent(p)) => p.error.clone().unwrap_or_default(),
        Some(Popup::Acknowledged(p)) => p.error.clone().unwrap_or_default(),
        other => panic!("the dialog stays open: {other:?}"),
    };
    w.ctrl('r').typed("a").ctrl('u').typed("2027-11-25");
    w.key(KeyCode::Enter);
    assert!(
        error(&w).contains("in the future (today is 2026-11-25)"),
        "{}",
        error(&w)
    );
    assert_eq!(w.saved().forms["agreement-request"].acknowledged, None);
    w.key(KeyCode::Esc);
    w.typed("s")
        .ctrl('u')
        .typed("2026-11-26")
        .key(KeyCode::Enter);
    assert!(error(&w).contains("in the future"), "{}", error(&w));
    assert_eq!(w.saved().forms["agreement-request"].sent, None);
    // Today is a day that has come: recorded.
    w.ctrl('u').typed("2026-11-20").key(KeyCode::Enter);
    assert!(w.popup().is_none(), "{}", w.status());
    w.typed("a")
        .ctrl('u')
        .typed("2026-11-19")
        .key(KeyCode::Enter);
    assert!(
        error(&w).contains("acknowledged on 2026-11-19 is before")
            && error(&w).contains("sent, on 2026-11-20"),
        "{}",
        error(&w)
    );
    assert_eq!(w.saved().forms["agreement-request"].acknowledged, None);
    w.ctrl('u').typed("2026-11-20").key(KeyCode::Enter);
    assert!(w.popup().is_none(), "the same day is fine: {}", w.status());
    assert!(w.saved().forms["agreement-request"].acknowledged.is_some());
}

/// The import dialog on top, once it lists what its file changes: the list's lines.
fn import_list(w: &Wizard) -> Vec<String> {
    match w.popup() {
        Some(Popup::Import(p)) => p.listed.as_ref().map(|l| l.lines()).unwrap_or_default(),
        other => panic!("no import dialog: {other:?}"),
    }
}

/// `i` on the review imports a CSV the review's own export wrote, edited: the dialog
/// starts at the exports folder, lists the plan of `clec-wizard import --dry-run`, `y`
/// applies all of it (autosaved), and one Ctrl-Z takes the whole import back.
#[test]
fn the_review_imports_an_edited_export_and_ctrl_z_takes_it_back() {
    let mut w = Wizard::example().open("network");
    let y1q1 = "network.trunk_groups[1].y1_q1";
    let rows = |w: &Wizard| w.app.session().unwrap().draft.rows("network", "pois");
    assert_eq!((w.answer(y1q1), rows(&w)), (text("48"), 2));
    // The review's export writes the CSV an engineer edits.
    w.ctrl('r').typed("e").typed("3");
    let Some(Popup::Export(e)) = w.popup() else {
        panic!("the export dialog stays open")
    };
    let csv = e.written[0].clone();
    w.key(KeyCode::Esc);
    let edited = std::fs::read_to_string(&csv).unwrap().replace(
        r#"network.trunk_groups[1].y1_q1,"Year 1, quarter 1",48"#,
        r#"network.trunk_groups[1].y1_q1,"Year 1, quarter 1",60"#,
    ) + "Points of interconnection,3,network.pois[3].lata,LATA,656\r\n";
    std::fs::write(&csv, edited).unwrap();
    w.typed("i");
    let Some(Popup::Import(p)) = w.popup() else {
        panic!("i opens the import dialog")
    };
    let folder = format!("{}{}", export_dir(&w).display(), std::path::MAIN_SEPARATOR);
    assert_eq!(p.input.text(), folder, "it starts at the exports folder");
    let rest = csv.strip_prefix(export_dir(&w)).unwrap();
    // `y` and `n` in the path are typed, not answers.
    w.typed(rest.to_str().unwrap()).key(KeyCode::Enter);
    let list = import_list(&w);
    assert!(
        list.contains(&"network.trunk_groups[1].y1_q1: 48 -> 60".to_string()),
        "{list:?}"
    );
    assert!(
        list.contains(&"added row 3 of network.pois".to_string()),
        "{list:?}"
    );
    assert_eq!(w.answer(y1q1), text("48"), "nothing changes before y");
    w.typed("y");
    assert!(w.popup().is_none(), "{:?}", w.popup());
    assert!(w.status().contains("Imported 3 changes"), "{}", w.status());
    assert_eq!((w.answer(y1q1), rows(&w)), (text("60"), 3));
    assert_eq!(w.view(), "review");
    w.later();
    let saved = w.saved();
    assert_eq!(saved.answers.get(y1q1), text("60").as_ref(), "autosaved");
    // One step back: every change of the import at once.
    w.ctrl('z');
    assert_eq!((w.answer(y1q1), rows(&w)), (text("48"), 2));
    w.later();
    assert_eq!(w.saved().answers.get(y1q1), text("48").as_ref());
}

/// A file with one refused value among good ones: the dialog lists the refusal where it
/// is in the file, `y` applies nothing, Esc closes it; a finalized form says to reopen.
#[test]
fn a_refused_import_applies_nothing_and_a_finalized_form_says_reopen_first() {
    let mut w = Wizard::example().open("network");
    let y1q1 = "network.trunk_groups[1].y1_q1";
    let csv = w.dir().join("by-hand.csv");
    std::fs::write(
        &csv,
        "path,value\nnetwork.trunk_groups[1].y1_q1,60\nnetwork.pois[1].poi_clli,??\n",
    )
    .unwrap();
    w.ctrl('r').typed("i").ctrl('u');
    w.typed(csv.to_str().unwrap()).key(KeyCode::Enter);
    let list = import_list(&w);
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(list[0].starts_with("by-hand.csv:3:"), "{list:?}");
    assert!(list[0].contains("??"), "{list:?}");
    w.typed("y");
    let Some(Popup::Import(p)) = w.popup() else {
        panic!("the dialog stays open")
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("Nothing can be imported"))
    );
    assert_eq!(w.answer(y1q1), text("48"));
    w.key(KeyCode::Esc);
    assert!(w.popup().is_none());
    assert_eq!(w.answer(y1q1), text("48"));
    assert!(!w.app.is_dirty(), "nothing to save");
    // A file of another form is said so, before any list.
    let other = w.dir().join("other.csv");
    std::fs::write(&other, "path,value\nprofile.legal_name,Acme\n").unwrap();
    w.typed("i")
        .ctrl('u')
        .typed(other.to_str().unwrap())
        .key(KeyCode::Enter);
    let Some(Popup::Import(p)) = w.popup() else {
        panic!("the dialog stays open")
    };
    assert!(p.listed.is_none());
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("no answers of the form network")),
        "{:?}",
        p.error
    );
    w.key(KeyCode::Esc);
    // Finalized: the dialog says to reopen first.
    w.typed("f");
    if let Some(Popup::Confirm(_)) = w.popup() {
        w.typed("y");
    }
    assert_eq!(
        w.app.session().unwrap().draft.status("network"),
        FormStatus::Finalized
    );
    w.typed("i");
    assert!(
        matches!(w.popup(), Some(Popup::Message(m)) if m.text.contains("Reopen it first")),
        "{:?}",
        w.popup()
    );
}

/// The status line's draft-wide required counts stay those of a whole validation of the
/// draft, although leaving a changed field checks again only the forms it reaches.
#[test]
fn the_draft_wide_counts_follow_edits_that_reach_other_forms() {
    let mut w = Wizard::new().open("profile");
    let whole = |w: &Wizard| {
        let s = w.app.session().unwrap();
        let report =
            clec_wizard::domain::rules::validate::validate_draft(&w.app.forms, &s.draft, today());
        (report.required_answered(), report.required_total())
    };
    let before = w.app.form_screen().unwrap().draft_required().unwrap();
    assert_eq!(before, whole(&w));
    for answer in ["Prairie Fiber LLC", "Prairie", "llc", "CO", "12-3456789"] {
        w.typed(answer).key(KeyCode::Tab);
        assert_eq!(
            w.app.form_screen().unwrap().draft_required(),
            Some(whole(&w))
        );
    }
    assert!(w.app.form_screen().unwrap().draft_required().unwrap().0 > before.0);
}
