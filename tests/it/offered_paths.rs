//! The wizard offers the agreement paths a row's state takes first (region gating), the
//! others after a divider, driven by keys without a terminal.

use crate::support::today;
use clec_wizard::domain::change::edit::{self, Edit};
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::storage::forms;
use clec_wizard::tui::fields::Field;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use crossterm::event::KeyCode;

/// The options of the path picker of agreement row 1 once Tab reaches it, with how many
/// are offered first.
fn path_picker(state: &str) -> (Vec<String>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path());
    let forms = forms::load(None).unwrap();
    let mut draft = store.create("acme", chrono::Utc::now()).unwrap();
    let now = chrono::Utc::now();
    for (path, value) in [
        ("profile.target_states", state),
        ("agreement-request.states_requested", state),
        ("agreement-request.agreements[+].state", state),
    ] {
        let edit = Edit::Value(value.into());
        edit::apply(&forms, &mut draft, path, edit, today(), now).unwrap();
    }
    store.save("acme", &draft).unwrap();
    let mut w = Headless::new(forms, store, Theme { color: false }, today());
    w.open("acme", Some("agreement-request"));
    let target = "agreement-request.agreements[1].path";
    for _ in 0..200 {
        let screen = w.app.form_screen().unwrap();
        if screen.focus.as_deref() == Some(target) {
            let Field::Choice(choice) = &screen.field else {
                panic!("{target} is not a choice");
            };
            let values = choice.list.options.iter().map(|(v, _)| v.clone()).collect();
            assert_eq!(choice.list.divider, Some("not offered here"));
            return (values, choice.list.preferred);
        }
        w.key(KeyCode::Tab);
    }
    panic!("Tab never reached {target}");
}

#[test]
fn a_ct_eq_row_offers_its_template_first_and_a_qc_row_the_qc_paths() {
    let (options, first) = path_picker("FL");
    assert_eq!(first, 2);
    assert_eq!(&options[..2], ["commercial", "cteq_template"]);
    assert_eq!(options.len(), 6, "the others stay, after the divider");
    let (options, first) = path_picker("UT");
    assert_eq!(first, 4);
    assert_eq!(
        &options[..4],
        ["nta", "nta_redlines", "opt_in", "commercial"]
    );
    assert_eq!(&options[4..], ["co_tariff", "cteq_template"]);
}
