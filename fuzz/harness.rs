#![allow(dead_code)]
//! The bodies of the coverage-guided fuzz targets, shared by `fuzz/fuzz_targets/*.rs`
//! (libFuzzer, through cargo-fuzz) and by `tests/it/fuzz_corpus.rs`, which replays the
//! regression corpora (`fuzz/regression/`) in every `cargo test`. Each function takes the fuzzer's bytes, must
//! never panic, and asserts the guarantee its target checks.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{Local, NaiveDate, TimeZone, Utc};
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::form::catalog::{FormSet, SourceFile};
use clec_wizard::domain::form::schema::FieldKind;
use clec_wizard::domain::rules::validate::validate_draft;
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::export::{Source, clean, clean_with, eml};
use clec_wizard::storage::drafts::{DraftStore, parse, to_ron};
use clec_wizard::storage::format::{FileDraft, from_file, to_disk};
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::ui;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// How much CPU time one input may take to evaluate (a guard against blow-ups, not a
/// benchmark).
pub const TIME_BOUND: Duration = Duration::from_secs(2);

/// The CPU time the calling thread uses from its start: what [`TIME_BOUND`] measures,
/// so that a busy machine (a build beside a niced fuzzer) does not fail an input that
/// is not slow, as wall-clock time would.
struct CpuClock(Duration);

impl CpuClock {
    fn now() -> Duration {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec to write to; the clock id is a constant the
        // kernel knows, so the call cannot fail.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        Duration::new(
            t.tv_sec.unsigned_abs(),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        )
    }

    fn start() -> Self {
        Self(Self::now())
    }

    fn elapsed(&self) -> Duration {
        Self::now().saturating_sub(self.0)
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The built-in forms, parsed once.
pub fn builtin() -> &'static FormSet {
    static FORMS: OnceLock<FormSet> = OnceLock::new();
    FORMS.get_or_init(|| forms::load(None).expect("the built-in forms load"))
}

/// Loading and linting a form folder: the first byte picks the built-in file the rest
/// replaces. Never panics; a set that loads has forms.
pub fn form_folder(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut sources = forms::embedded_sources();
    let i = pick as usize % sources.len();
    sources[i] = SourceFile {
        name: sources[i].name.clone(),
        text: text.to_string(),
    };
    let started = CpuClock::start();
    if let Ok(set) = FormSet::load(&sources) {
        assert!(!set.forms().is_empty());
        let report = validate_draft(&set, &Draft::new(Utc::now()), today());
        assert!(report.required_answered() <= report.required_total());
    }
    assert!(
        started.elapsed() < TIME_BOUND,
        "a form took {:?} of CPU time",
        started.elapsed()
    );
}

/// Parsing a draft, saving it and parsing again: the two drafts are equal, and the saved
/// text is plain RON of the draft's file form.
pub fn draft_roundtrip(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("fuzz.ron");
    let Ok(draft) = parse(text, path) else {
        return;
    };
    let saved = to_ron(&draft);
    let file = ron::from_str::<FileDraft>(&saved).expect("a saved draft is RON");
    let disk = from_file(file).expect("a saved draft's records read back");
    assert_eq!(disk, to_disk(&draft), "RON reads back what was written");
    let again = parse(&saved, path).expect("a saved draft parses");
    // Saving writes the newest format, which keeps no save time (the file's is used):
    // what a draft says survives, and saving again changes nothing.
    assert_eq!(draft.answers, again.answers);
    assert_eq!(draft.created, again.created);
    assert_eq!(draft.conflicts, again.conflicts);
    let statuses = |d: &Draft| {
        d.forms
            .iter()
            .map(|(k, f)| (k.clone(), f.status, f.version))
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses(&draft), statuses(&again));
    assert_eq!(to_ron(&again), saved, "saving is stable");
}

/// Every field kind of the built-in forms, once each.
fn kinds() -> &'static [FieldKind] {
    static KINDS: OnceLock<Vec<FieldKind>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let mut out: Vec<FieldKind> = Vec::new();
        for form in builtin().forms() {
            for found in form.fields() {
                if !out.contains(&found.field.kind) {
                    out.push(found.field.kind.clone());
                }
            }
        }
        out
    })
}

/// Every field kind's input parser: the first byte picks the kind. An accepted value is
/// accepted again as it was stored (normalizing is stable) and passes the kind's check.
pub fn field_input(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = &kinds()[pick as usize % kinds().len()];
    let Ok(Some(answer)) = kind.parse_input(text, today()) else {
        return;
    };
    if let Answer::Text(stored) = &answer {
        let again = kind.parse_input(stored, today());
        assert_eq!(again, Ok(Some(answer.clone())), "{kind:?}: {text:?}");
    }
    let _ = kind.check(&answer, today());
}

thread_local! {
    /// Whether the last [`conditions`] input got as far as evaluation.
    static LOADED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs [`conditions`] and tells whether its form and draft loaded (for checking seeds).
pub fn conditions_loads(data: &[u8]) -> bool {
    LOADED.set(false);
    conditions(data);
    LOADED.get()
}

/// Condition evaluation over random forms and answers: the input is a form (added to the
/// built-in ones as form `fuzz` of step 1) and a draft, separated by a line `---`. A form
/// set that loads is validated against the draft within [`TIME_BOUND`].
pub fn conditions(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some((form, draft)) = text.split_once("\n---\n") else {
        return;
    };
    let mut sources = forms::embedded_sources();
    for source in &mut sources {
        if source.name == "journey.ron" {
            source.text = source.text.replace(
                r#"["profile", "checklist"]"#,
                r#"["profile", "checklist", "fuzz"]"#,
            );
        }
    }
    sources.push(SourceFile {
        name: "fuzz.ron".into(),
        text: form.to_string(),
    });
    let Ok(set) = FormSet::load(&sources) else {
        return;
    };
    let Ok(draft) = parse(draft, std::path::Path::new("fuzz.ron")) else {
        return;
    };
    LOADED.set(true);
    let started = CpuClock::start();
    let report = validate_draft(&set, &draft, today());
    assert!(report.required_answered() <= report.required_total());
    assert!(
        started.elapsed() < TIME_BOUND,
        "evaluation took {:?} of CPU time",
        started.elapsed()
    );
}

/// The profile answers the `.eml` reads, from the input's NUL-separated parts.
const EML_FIELDS: [&str; 6] = [
    "legal_name",
    "primary_name",
    "primary_email",
    "primary_phone",
    "acna",
    "dba_names",
];

/// The `.eml` builder on arbitrary answers, parsed back with mailparse: the header set
/// never changes, every header is 7-bit, the one From address is the typed e-mail (when
/// it is one), and the subject and display name decode to what was typed.
pub fn eml_headers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
    for (field, value) in EML_FIELDS.iter().zip(text.split('\0')) {
        draft
            .answers
            .insert(format!("profile.{field}"), Answer::Text(value.to_string()));
    }
    let forms = builtin();
    let form = forms.form("agreement-request").expect("a built-in form");
    let at = Local.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let src = Source::new(forms, &draft, "fuzz", form, at);
    let bytes = eml::message(&[&src], Some("intagree@lumen.com"));
    check_message(&bytes, &draft);
}

fn check_message(bytes: &[u8], draft: &Draft) {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a message has a header block");
    assert!(bytes[..end].is_ascii(), "every header is 7-bit");
    let mail = mailparse::parse_mail(bytes).expect("the message parses");
    use mailparse::MailHeaderMap;
    let mut names: Vec<String> = mail.headers.iter().map(|h| h.get_key()).collect();
    names.sort();
    let email = profile(draft, "primary_email").and_then(|e| {
        clec_wizard::domain::values::ids::email(&e)
            .ok()
            .map(|c| c.value)
    });
    let mut expected = vec![
        "Content-Type",
        "Date",
        "MIME-Version",
        "Message-ID",
        "Subject",
        "To",
        "X-Unsent",
    ];
    if email.is_some() {
        expected.extend(["From", "Reply-To"]);
    }
    expected.sort();
    assert_eq!(names, expected, "the header set never changes");
    if let Some(email) = email {
        let from = mail.headers.iter().find(|h| h.get_key() == "From").unwrap();
        let parsed = mailparse::addrparse_header(from).expect("From parses");
        let addrs: Vec<String> = parsed
            .iter()
            .flat_map(|a| match a {
                mailparse::MailAddr::Single(s) => vec![s.addr.clone()],
                mailparse::MailAddr::Group(g) => g.addrs.iter().map(|s| s.addr.clone()).collect(),
            })
            .collect();
        assert_eq!(addrs, [email], "no answer forges another address");
        let name = profile(draft, "primary_name").map(|n| clean_with(&n, false).trim().to_string());
        if let (Some(name), [mailparse::MailAddr::Single(single)]) = (name, &parsed[..]) {
            let shown = single.display_name.clone().unwrap_or_default();
            assert_eq!(
                shown.trim(),
                name,
                "the display name decodes to what was typed"
            );
        }
    }
    // The subject carries the legal name as header text: line breaks become spaces.
    let legal = match draft.answers.get("profile.legal_name") {
        Some(Answer::Text(t)) => clean_with(t, false),
        _ => String::new(),
    };
    if legal.contains("=?") {
        let subject = mail.headers.get_first_value("Subject").unwrap_or_default();
        assert!(
            subject.contains("=?"),
            "an encoded word typed stays literal: {subject:?}"
        );
    }
}

/// A profile answer as the export reads it (cleaned of control characters).
fn profile(draft: &Draft, field: &str) -> Option<String> {
    match draft.answers.get(&format!("profile.{field}"))? {
        a @ Answer::Text(_) => Some(clean(&a.display())),
        _ => None,
    }
}

/// One byte of a key sequence: a key, with modifiers, a paste or a resize.
fn event_of(b: &[u8]) -> Option<Event> {
    let (kind, arg) = (b[0], b.get(1).copied().unwrap_or(0));
    let mods = match kind >> 6 {
        0 | 1 => KeyModifiers::NONE,
        2 => KeyModifiers::ALT,
        _ => KeyModifiers::CONTROL,
    };
    let code = match kind & 0x3f {
        0 => KeyCode::Tab,
        1 => KeyCode::BackTab,
        2 => KeyCode::Enter,
        3 => KeyCode::Esc,
        4 => KeyCode::Up,
        5 => KeyCode::Down,
        6 => KeyCode::PageDown,
        7 => KeyCode::PageUp,
        8 => KeyCode::Backspace,
        9 => KeyCode::Home,
        10 => KeyCode::End,
        11 => KeyCode::Delete,
        12 => KeyCode::F(1),
        13 => return Some(Event::Resize(u16::from(arg) + 1, u16::from(arg / 2) + 1)),
        14 => return Some(Event::Paste(format!("{}\u{1b}[2J\r\n", char::from(arg)))),
        _ => KeyCode::Char(char::from(arg)),
    };
    if code == KeyCode::Char('q') || code == KeyCode::Char('c') && mods == KeyModifiers::CONTROL {
        return None;
    }
    Some(Event::Key(KeyEvent::new(code, mods)))
}

/// Key, paste and resize sequences into the wizard's state (two bytes an event), drawn
/// after each: never panics, and no escape character reaches the screen.
pub fn wizard_keys(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = DraftStore::new(dir.path());
    store.create("fuzz", Utc::now()).expect("a new draft");
    let mut app = Headless::new(builtin().clone(), store, Theme { color: false }, today());
    app.runtime.opener = vec!["clec-wizard-no-opener-in-fuzzing".into()];
    app.open("fuzz", Some("profile"));
    let (mut w, mut h) = (100u16, 30u16);
    for pair in data.chunks(2).take(200) {
        match event_of(pair) {
            Some(Event::Resize(nw, nh)) => (w, h) = (nw, nh),
            Some(event) => {
                app.event(event);
            }
            None => {}
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| ui::render(&app.app, f))
        .expect("drawing to memory");
    let clean = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .all(|cell| !cell.symbol().contains('\u{1b}'));
    assert!(clean, "an escape character reached the screen");
}

/// A hostile draft from a fuzzer's bytes: `mode` even, `rest` parsed as a draft file;
/// odd, `rest` split at NUL bytes into answers for the built-in forms' fields (hostile
/// text where parsing would refuse it), starting at a field `mode` picks. None when
/// `rest` does not parse.
fn hostile_draft(mode: u8, rest: &[u8]) -> Option<Draft> {
    if mode.is_multiple_of(2) {
        let text = std::str::from_utf8(rest).ok()?;
        return parse(text, std::path::Path::new("fuzz.ron")).ok();
    }
    let keys = field_keys();
    let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
    let text = String::from_utf8_lossy(rest);
    let start = usize::from(mode / 2);
    for (i, value) in text.split('\0').take(64).enumerate() {
        let key = &keys[(start + i * 7) % keys.len()];
        draft
            .answers
            .insert(key.clone(), Answer::Text(value.to_string()));
    }
    Some(draft)
}

/// The draft name the output targets print: an escape sequence and a bidi override.
const HOSTILE_NAME: &str = "fuzz\u{1b}[2J\u{202e}";

/// The first control character `text` holds that is not in `keep`.
fn hidden(text: &str, keep: &[char]) -> Option<char> {
    text.chars()
        .find(|c| clec_wizard::text::is_hidden_control(*c) && !keep.contains(c))
}

/// The command line's output code over a hostile draft ([`hostile_draft`], from the
/// first byte and the rest), one output per input, which the second byte picks: the
/// text `show`, `validate`, `deadlines`, `list --tsv` or `list` print, a `--json`
/// document, one form in one data format (text, Markdown, CSV, JSON, workbook), or the
/// calendar. The PDF and the message, ten times as costly, are `cli_documents`'. Never
/// panics; nothing terminal-bound holds a control character, and the data formats hold
/// none but their line breaks and tabs.
pub fn cli_output(data: &[u8]) {
    use clec_wizard::commands::{PRINTED_TEXTS, printed_text};
    use clec_wizard::export::Format;
    use clec_wizard::output::Term;

    let [mode, pick, rest @ ..] = data else {
        return;
    };
    let Some(draft) = hostile_draft(*mode, rest) else {
        return;
    };
    let forms = builtin();
    let started = CpuClock::start();
    let name = HOSTILE_NAME;
    let exports = forms.forms().len() * FORMATS.len();
    let pick = usize::from(*pick) % cli_output_picks();
    if pick < PRINTED_TEXTS {
        // Text for a person, as it reaches the terminal.
        let text = printed_text(forms, draft, name, today(), pick);
        let mut term = Term::new(Vec::new());
        term.write_str(&text).unwrap();
        let shown = String::from_utf8(term.into_inner()).unwrap();
        assert_eq!(hidden(&shown, &['\n', '\t']), None, "{shown:?}");
    } else if pick < PRINTED_TEXTS + 2 {
        // The `--json` documents.
        let doc = if pick == PRINTED_TEXTS {
            let all: Vec<_> = forms.forms().iter().collect();
            clec_wizard::json_out::show(forms, &draft, name, &all, today())
        } else {
            clec_wizard::json_out::list(
                forms,
                std::path::Path::new("saves\u{9b}"),
                &[(name.to_string(), Ok(draft))],
                today(),
            )
        };
        let bytes = clec_wizard::json_out::render(&doc);
        let printed = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(hidden(printed, &['\n']), None, "{printed}");
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, doc, "JSON reads back exactly");
    } else if pick < PRINTED_TEXTS + 2 + exports {
        // One form in one format.
        let i = pick - PRINTED_TEXTS - 2;
        let format = FORMATS[i % FORMATS.len()];
        let bytes = export_source(&draft, i / FORMATS.len(), |src| src.render(format));
        if format != Format::Xlsx {
            let text = std::str::from_utf8(&bytes).expect("text exports are UTF-8");
            assert_eq!(
                hidden(text, &['\n', '\t', '\r']),
                None,
                "{format:?}: {text:?}"
            );
        }
    } else {
        // The calendar.
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
        let deadlines = clec_wizard::domain::timeline::deadlines(forms, &draft, today());
        let ics = clec_wizard::calendar::ics(name, &draft, &deadlines, today(), now);
        assert_eq!(hidden(&ics, &['\n', '\r']), None, "{ics:?}");
        assert_eq!(
            ics.matches("\r\nBEGIN:VEVENT\r\n").count(),
            deadlines.len(),
            "one event per deadline"
        );
    }
    assert!(
        started.elapsed() < TIME_BOUND,
        "the output took {:?} of CPU time",
        started.elapsed()
    );
}

/// The PDF and the `.eml` (which attaches the PDF) of one form of a hostile draft, as
/// `cli_output` builds it: the second byte picks the form and the format. Never panics;
/// the PDF is one, and the message parses back with mailparse.
pub fn cli_documents(data: &[u8]) {
    use clec_wizard::export::Format;

    let [mode, pick, rest @ ..] = data else {
        return;
    };
    let Some(draft) = hostile_draft(*mode, rest) else {
        return;
    };
    let started = CpuClock::start();
    let pick = usize::from(*pick) % cli_documents_picks();
    let format = [Format::Pdf, Format::Eml][pick % 2];
    let bytes = export_source(&draft, pick / 2, |src| src.render(format));
    match format {
        Format::Pdf => assert!(bytes.starts_with(b"%PDF-"), "a PDF"),
        _ => {
            mailparse::parse_mail(&bytes).expect("the message parses");
        }
    }
    assert!(
        started.elapsed() < TIME_BOUND,
        "the document took {:?} of CPU time",
        started.elapsed()
    );
}

/// What `f` makes of the built-in form `index` of `draft`, exported as a draft under a
/// hostile name.
fn export_source(draft: &Draft, index: usize, f: impl FnOnce(&Source<'_>) -> Vec<u8>) -> Vec<u8> {
    let forms = builtin();
    let at = Local.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let src = Source {
        draft_mode: true,
        ..Source::new(forms, draft, HOSTILE_NAME, &forms.forms()[index], at)
    };
    f(&src)
}

/// The data formats `cli_output` renders a form in.
const FORMATS: [clec_wizard::export::Format; 5] = [
    clec_wizard::export::Format::Text,
    clec_wizard::export::Format::Markdown,
    clec_wizard::export::Format::Csv,
    clec_wizard::export::Format::Json,
    clec_wizard::export::Format::Xlsx,
];

/// How many outputs `cli_output` picks from: the printed texts, the two `--json`
/// documents, every form in every data format, and the calendar.
pub fn cli_output_picks() -> usize {
    clec_wizard::commands::PRINTED_TEXTS + 2 + builtin().forms().len() * FORMATS.len() + 1
}

/// How many documents `cli_documents` picks from: every form's PDF and message.
pub fn cli_documents_picks() -> usize {
    builtin().forms().len() * 2
}

/// The built-in forms' answer keys, in the order the forms show them: where the
/// `cli_output` target's raw answers go.
fn field_keys() -> &'static [String] {
    use clec_wizard::domain::rules::view::form_view;
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let forms = builtin();
        let empty = Draft::new(Utc::now());
        forms
            .forms()
            .iter()
            .flat_map(|f| form_view(forms, &empty, f))
            .flat_map(|s| s.items)
            .map(|i| i.place.key().to_string())
            .collect()
    })
}
