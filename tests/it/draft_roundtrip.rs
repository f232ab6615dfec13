//! Drafts survive a save and load unchanged, whatever the answers hold, and stay one
//! answer per line.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{TimeZone, Utc};
use clec_wizard::domain::draft::{Draft, ExportRecord, FormState, Resume};
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::domain::values::status::FormStatus;
use clec_wizard::storage::drafts::{parse, to_ron};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.'-]{0,40}",
        any::<String>(),
        Just("line one\nline two\r\n\t\"quoted\" \\ back".to_string()),
        Just("Bcc: x@y.z\n\u{1b}[2J 日本 🙂 مرحبا".to_string()),
    ]
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        any_text().prop_map(Answer::Text),
        any::<bool>().prop_map(Answer::YesNo),
        prop::collection::vec(any_text(), 0..4).prop_map(Answer::Many),
        (0usize..50).prop_map(Answer::Rows),
        any_text().prop_map(Answer::NotApplicable),
        any_text().prop_map(Answer::AskLater),
    ]
}

fn any_status() -> impl Strategy<Value = FormStatus> {
    prop_oneof![
        Just(FormStatus::NotStarted),
        Just(FormStatus::InProgress),
        Just(FormStatus::Complete),
        Just(FormStatus::Finalized),
    ]
}

fn any_draft() -> impl Strategy<Value = Draft> {
    let answers = prop::collection::btree_map(
        "[a-z-]{1,12}\\.[a-z_]{1,12}(\\[[1-9]\\]\\.[a-z_]{1,8})?",
        any_answer(),
        0..30,
    );
    let forms = prop::collection::btree_map(
        "[a-z-]{1,12}",
        (
            any_status(),
            1u32..9,
            any::<bool>(),
            proptest::option::of(0u32..3),
        ),
        0..5,
    );
    (
        answers,
        forms,
        0i64..4_000_000_000,
        proptest::option::of(("[a-z-]{1,8}", any_text())),
    )
        .prop_map(|(answers, forms, secs, resume)| {
            let at = Utc.timestamp_opt(secs, 0).unwrap();
            let forms: BTreeMap<String, FormState> = forms
                .into_iter()
                .map(|(id, (status, version, exported, finalized))| {
                    let exported = exported.then(|| ExportRecord {
                        at,
                        version,
                        format: "json".into(),
                        revision: 1,
                        answers: None,
                        finalized,
                    });
                    (
                        id,
                        FormState {
                            exported,
                            revision: 2,
                            ..FormState::new(status, version)
                        },
                    )
                })
                .collect();
            let mut draft = Draft::new(at);
            draft.resume = resume.map(|(form, field)| Resume { form, field });
            draft.forms = forms;
            draft.answers = answers;
            draft
        })
}

proptest! {
    #[test]
    fn drafts_round_trip(draft in any_draft()) {
        let text = to_ron(&draft);
        let back = parse(&text, Path::new("x.ron")).unwrap();
        // Every answer comes back as it was (row counts come from the rows' own lines).
        for (key, answer) in draft.answers.iter().filter(|(_, a)| !matches!(a, Answer::Rows(_))) {
            prop_assert_eq!(back.answers.get(key), Some(answer), "{}", key);
        }
        for (id, state) in &draft.forms {
            let got = &back.forms[id];
            prop_assert_eq!((got.status, got.version), (state.status, state.version));
            prop_assert_eq!(got.changed_since_export(), state.changed_since_export());
        }
        prop_assert_eq!(back.created, draft.created);
        // Where the user left off is not in the file (it is no change to share).
        prop_assert!(!text.contains("resume"));
        // Loading and saving again changes nothing: stable order, nothing drifts.
        prop_assert_eq!(to_ron(&back), text.clone());
        prop_assert_eq!(parse(&to_ron(&back), Path::new("x.ron")).unwrap(), back.clone());
        // One answer (or row) per line.
        let answer_lines = text
            .lines()
            .skip_while(|l| !l.starts_with("    answers: {"))
            .skip(1)
            .take_while(|l| l.starts_with("        "))
            .count();
        let values = back.answers.values().filter(|a| !matches!(a, Answer::Rows(_))).count();
        let rows: usize = back.row_ids.values().map(Vec::len).sum();
        prop_assert_eq!(answer_lines, values + rows, "{}", text);
    }
}
