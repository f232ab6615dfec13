//! Drafts survive a save and load unchanged, whatever the answers hold, and stay one
//! answer per line.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{TimeZone, Utc};
use clec_wizard::domain::draft::records::{Acknowledgement, FinalCopy, Mailing};
use clec_wizard::domain::draft::{DocumentStamp, Draft, ExportRecord, FormState, Resume};
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

/// What a form records: copies (their answers keyed as in the draft), messages in any
/// order, an acknowledgement, document stamps.
fn any_records() -> impl Strategy<Value = Records> {
    let copy = || {
        (
            1u32..5,
            0i64..4_000_000_000,
            1u32..9,
            prop::collection::btree_map(
                "[a-z-]{1,12}\\.[a-z_]{1,12}(\\[[1-9][0-9]?\\]\\.[a-z_]{1,8})?| ?[a-z @.]{0,10}",
                any_answer(),
                0..6,
            ),
        )
            .prop_map(|(revision, secs, version, answers)| FinalCopy {
                revision,
                at: Utc.timestamp_opt(secs, 0).unwrap(),
                version,
                answers,
            })
    };
    let mailing = (
        0i64..4_000_000_000,
        0u32..4,
        proptest::option::of(any_text()),
        prop::collection::vec(any_text(), 0..3),
    )
        .prop_map(|(secs, revision, to, files)| Mailing {
            at: Utc.timestamp_opt(secs, 0).unwrap(),
            revision,
            to,
            files,
        });
    let ack = (0i64..50_000, proptest::option::of(any_text())).prop_map(|(days, reference)| {
        Acknowledgement {
            on: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
                + chrono::Days::new(days as u64),
            reference,
        }
    });
    let stamps =
        prop::collection::btree_map(
            "[a-z .@\\[\\]0-9]{0,16}",
            (any_text(), any::<u64>(), "[0-9a-f]{64}")
                .prop_map(|(file, size, sha256)| DocumentStamp { file, size, sha256 }),
            0..3,
        );
    (
        proptest::option::of(copy()),
        proptest::option::of(copy()),
        prop::collection::vec(mailing, 0..12),
        proptest::option::of(ack),
        stamps,
        proptest::option::of((0i64..50_000).prop_map(|days| {
            chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(days as u64)
        })),
    )
}

type Records = (
    Option<FinalCopy>,
    Option<FinalCopy>,
    Vec<Mailing>,
    Option<Acknowledgement>,
    BTreeMap<String, DocumentStamp>,
    Option<chrono::NaiveDate>,
);

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
            any_records(),
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
                .map(|(id, (status, version, exported, finalized, records))| {
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
                            finalized: records.0,
                            sent_copy: records.1,
                            mailed: records.2,
                            acknowledged: records.3,
                            documents: records.4,
                            sent: records.5,
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
            // Every record comes back as it was, messages in the order written.
            prop_assert_eq!(&got.finalized, &state.finalized);
            prop_assert_eq!(&got.sent_copy, &state.sent_copy);
            prop_assert_eq!(&got.mailed, &state.mailed);
            prop_assert_eq!(&got.acknowledged, &state.acknowledged);
            prop_assert_eq!(&got.documents, &state.documents);
            prop_assert_eq!(got.sent, state.sent);
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
        // One record per line, each form's line short.
        let record_lines = text
            .lines()
            .skip_while(|l| !l.starts_with("    records: {"))
            .skip(1)
            .take_while(|l| l.starts_with("        "))
            .count();
        let records: usize = back
            .forms
            .values()
            .map(|f| {
                let copy = |c: &Option<FinalCopy>| c.as_ref().map_or(0, |c| 1 + c.answers.len());
                copy(&f.finalized)
                    + copy(&f.sent_copy)
                    + f.mailed.len()
                    + usize::from(f.acknowledged.is_some())
                    + f.documents.len()
            })
            .sum();
        prop_assert_eq!(record_lines, records, "{}", text);
    }
}
