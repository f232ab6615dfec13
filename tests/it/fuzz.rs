//! Property-based fuzzing (proptest; cargo-fuzz needs a nightly toolchain this project does
//! not have). Each target feeds random or mutated input and checks that nothing panics and
//! the documented guarantees hold. `PROPTEST_CASES=20000 cargo test --release --test fuzz`
//! runs them longer; crashers found are kept in `tests/fuzz.proptest-regressions`.

use std::path::Path;

use crate::support::today;
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::form::catalog::{FormSet, SourceFile};
use clec_wizard::domain::form::condition::{Amount, Condition, Value};
use clec_wizard::domain::form::schema::FieldKind;
use clec_wizard::domain::rules::validate::validate_draft;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::domain::values::ids::{self, ClliLength};
use clec_wizard::domain::values::states::Region;
use clec_wizard::export::{Format, Source};
use clec_wizard::storage::drafts::{DraftStore, parse, to_ron};
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::ui;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The number of cases: `PROPTEST_CASES` when set, else this target's default.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

fn example_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron"))
        .unwrap()
}

/// Text with the characters that break things: quotes, brackets, controls, escapes,
/// wide characters, emoji, right-to-left text.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        prop::collection::vec(
            prop_oneof![
                Just("\u{1b}[2J".to_string()),
                Just("\r\n".to_string()),
                Just("\"".to_string()),
                Just("),]".to_string()),
                Just("日本語".to_string()),
                Just("🙂👍🏽".to_string()),
                Just("مرحبا".to_string()),
                Just("\u{202e}".to_string()),
                Just("\0".to_string()),
                "[a-zA-Z0-9 ,.-]{1,8}",
            ],
            0..12
        )
        .prop_map(|v| v.concat()),
    ]
}

/// A text with one random edit: a cut, an insertion, or a replacement.
fn mutate(text: String) -> impl Strategy<Value = String> {
    let len = text.len().max(1);
    (0..len, 0..64usize, nasty(), 0..3u8).prop_map(move |(at, n, insert, how)| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + n).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        match how {
            0 => format!("{}{}", &text[..at], &text[end..]),
            1 => format!("{}{}{}", &text[..at], insert, &text[at..]),
            _ => format!("{}{}{}", &text[..at], insert, &text[end..]),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    /// Loading form definitions: a mutated shipped form never panics the loader, and a
    /// refusal names the file.
    #[test]
    fn form_definitions(text in mutate(forms::EMBEDDED[4].1.to_string())) {
        let mut sources = forms::embedded_sources();
        sources[4] = SourceFile { name: sources[4].name.clone(), text };
        if let Err(problems) = FormSet::load(&sources) {
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|d| !d.file.is_empty()));
        }
    }

    /// Loading drafts: a mutated draft never panics, and an error gives line and column.
    #[test]
    fn drafts(text in mutate(example_text())) {
        match parse(&text, Path::new("x.ron")) {
            Ok(draft) => prop_assert_eq!(parse(&to_ron(&draft), Path::new("x.ron")).unwrap(), draft),
            Err(e) => prop_assert!(e.to_string().starts_with("x.ron:"), "{}", e),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    /// Every identifier check: no panic, and a normalized value checks to itself.
    #[test]
    fn identifiers(input in nasty()) {
        let checks: [fn(&str) -> ids::CheckResult; 17] = [
            ids::ocn, ids::spid, ids::acna, ids::cic, |s| ids::clli(s, ClliLength::Any), ids::npa_nxx, ids::phone,
            ids::lata, ids::point_code, ids::rao, ids::frn, ids::filer_499, ids::ein, ids::zip, ids::email,
            ids::ica_tracking, |s| ids::clli(s, ClliLength::Eleven),
        ];
        for check in checks {
            if let Ok(ok) = check(&input) {
                prop_assert_eq!(check(&ok.value).map(|c| c.value), Ok(ok.value.clone()));
                prop_assert!(!ok.value.chars().any(char::is_control));
            }
        }
    }

    /// Every field kind: typed input never panics, and what it stores passes its own check.
    #[test]
    fn field_kinds(input in nasty()) {
        let kinds = [
            FieldKind::Text { min_len: Some(2), max_len: Some(20), pattern: None, pattern_message: None },
            FieldKind::MultiLine { max_len: Some(50) },
            FieldKind::Integer { min: Some(0), max: Some(100) },
            FieldKind::Decimal { min: None, max: Some(1e9) },
            FieldKind::Date { min: None, max: None, not_in_future: true },
            FieldKind::YesNo,
            FieldKind::States { only: Some(Region::Qc), min: Some(1), max: None },
            FieldKind::State { only: None },
            FieldKind::Email,
            FieldKind::Phone,
        ];
        for kind in &kinds {
            if let Ok(Some(answer)) = kind.parse_input(&input, today()) {
                prop_assert!(kind.check(&answer, today()).is_ok(), "{:?} {:?}", kind, answer);
            }
        }
    }
}

fn condition() -> impl Strategy<Value = Condition> {
    let path = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("c".to_string())
    ];
    let leaf = prop_oneof![
        (path.clone(), nasty()).prop_map(|(p, v)| Condition::Equals(p, v)),
        (path.clone(), prop::collection::vec(nasty(), 0..3))
            .prop_map(|(p, v)| Condition::AnyOf(p, v)),
        (path.clone(), nasty()).prop_map(|(p, v)| Condition::Includes(p, v)),
        path.clone().prop_map(Condition::NotEmpty),
        (path.clone(), path.clone()).prop_map(|(a, b)| Condition::SubsetOf(a, b)),
        (path.clone(), path.clone()).prop_map(|(a, b)| Condition::NotBefore(a, b)),
        (path.clone(), path.clone(), any::<f64>())
            .prop_map(|(a, b, f)| Condition::AtLeast(a, Amount::Times(b, f))),
        path.clone()
            .prop_map(|p| Condition::InRegion(p, Region::Qc)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::All),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Empty),
        nasty().prop_map(Value::One),
        prop::collection::vec(nasty(), 0..4).prop_map(|v| Value::Many(v.into())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    /// The condition evaluator: any condition over any values, no panic, and Not inverts.
    #[test]
    fn conditions(c in condition(), a in value(), b in value(), x in value()) {
        let mut lookup = |p: &str| match p { "a" => a.clone(), "b" => b.clone(), _ => x.clone() };
        let holds = c.eval(&mut lookup);
        prop_assert_eq!(Condition::Not(Box::new(c)).eval(&mut lookup), !holds);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    /// The e-mail builder: whatever the company name and contact hold, the message parses,
    /// carries exactly the expected headers, and no escape character reaches it.
    #[test]
    fn eml(company in nasty(), contact in nasty(), note in nasty()) {
        let forms = forms::load(None).unwrap();
        let mut draft = parse(&example_text(), Path::new("example.ron")).unwrap();
        draft.answers.insert("profile.legal_name".into(), Answer::Text(company));
        draft.answers.insert("profile.primary_name".into(), Answer::Text(contact));
        draft.answers.insert("agreement-request.agreements[1].redline_file".into(), Answer::Text(note));
        let form = forms.form("agreement-request").unwrap();
        let src = Source { draft_mode: true, ..Source::new(&forms, &draft, "example", form, chrono::Local::now()) };
        let bytes = src.render(Format::Eml);
        prop_assert!(!bytes.contains(&0x1b));
        let mail = mailparse::parse_mail(&bytes).unwrap();
        let names: Vec<String> = mail.headers.iter().map(|h| h.get_key().to_ascii_lowercase()).collect();
        let mut expected = vec!["subject", "date", "message-id", "x-unsent", "to", "from", "reply-to", "mime-version", "content-type"];
        expected.sort_unstable();
        let mut got: Vec<&str> = names.iter().map(String::as_str).collect();
        got.sort_unstable();
        prop_assert_eq!(got, expected);
        for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
            prop_assert!(!src.render(format).contains(&0x1b));
        }
    }

    /// Validation over random answers in the real forms: never panics.
    #[test]
    fn validation(entries in prop::collection::vec((0usize..40, nasty()), 0..40)) {
        let forms = forms::load(None).unwrap();
        let mut draft = Draft::new(chrono::Utc::now());
        let keys: Vec<String> = forms.forms().iter().flat_map(|f| f.fields().map(move |r| format!("{}.{}", f.id, r.field.id))).collect();
        for (i, text) in entries {
            let key = &keys[i * 7 % keys.len()];
            draft.answers.insert(key.clone(), Answer::Text(text));
        }
        let report = validate_draft(&forms, &draft, today());
        prop_assert!(report.required_answered() <= report.required_total());
    }
}

/// One step of a user at the terminal.
#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Resize(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        "[a-z0-9+ ?-]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap())),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::PageDown),
        Just(KeyCode::PageUp),
        Just(KeyCode::Backspace),
        Just(KeyCode::Insert),
        Just(KeyCode::F(1)),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::Delete),
    ];
    let mods = prop_oneof![
        4 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL),
    ];
    prop_oneof![
        8 => (code, mods).prop_map(|(c, m)| Step::Key(c, m)),
        1 => nasty().prop_map(Step::Paste),
        1 => (1u16..400, 1u16..120).prop_map(|(w, h)| Step::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    /// The wizard under random keys, pastes and sizes from 1x1 to 400x120: no panic, and no
    /// escape character from an answer ever reaches the screen.
    #[test]
    fn wizard(steps in prop::collection::vec(step(), 1..60), form in 0usize..9) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("example.ron"), example_text()).unwrap();
        let forms = forms::load(None).unwrap();
        let id = forms.forms()[form].id.clone();
        let mut app = Headless::new(forms, DraftStore::new(dir.path()), Theme { color: false }, today());
        app.runtime.opener = vec!["clec-wizard-no-opener-in-tests".into()];
        app.open("example", Some(&id));
        let (mut w, mut h) = (100, 30);
        for step in steps {
            match step {
                Step::Key(KeyCode::Char('q' | 'c'), KeyModifiers::CONTROL) => {}
                Step::Key(code, mods) => {
                    app.event(Event::Key(KeyEvent::new(code, mods)));
                }
                Step::Paste(text) => {
                    app.event(Event::Paste(text));
                }
                Step::Resize(nw, nh) => (w, h) = (nw, nh),
            }
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| ui::render(&app.app, f)).unwrap();
            let buffer = terminal.backend().buffer();
            let clean = buffer.content().iter().all(|cell| !cell.symbol().contains(char::from(0x1b)));
            prop_assert!(clean, "an escape character reached the screen");
        }
    }
}
