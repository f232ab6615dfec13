//! Shared by the benchmarks: a wizard on a copy of the example draft, a generated form and
//! draft of any size, and a terminal that counts the bytes written to it.

#![allow(dead_code)]

use std::cell::Cell;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::form::catalog::{FormSet, SourceFile};
use clec_wizard::domain::values::answer::Answer;
use clec_wizard::storage::drafts::{self, DraftStore};
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use clec_wizard::tui::ui;
use criterion::Criterion;
use crossterm::event::KeyCode;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The day the benchmarks pretend it is (as the tests do).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Short runs: the whole `cargo bench` stays within a few minutes on 2 cores.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args()
}

/// A folder for drafts on the same disk as the build (not a RAM disk), so saves pay the
/// real `fsync`.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron")
}

/// The example draft as shipped.
pub fn example_text() -> String {
    std::fs::read_to_string(example_path()).unwrap()
}

/// A store holding a copy of the example draft as `example`.
pub fn example_store(dir: &Path) -> DraftStore {
    std::fs::copy(example_path(), dir.join("example.ron")).unwrap();
    DraftStore::new(dir)
}

/// The wizard on the example draft, at the first field of `form`.
pub fn example_wizard(dir: &Path, form: &str) -> Headless {
    let store = example_store(dir);
    Headless::opening(
        forms::load(None).unwrap(),
        store,
        Theme { color: true },
        today(),
        "example",
        Some(form),
    )
}

/// A terminal of ratatui's test backend.
pub fn test_terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).unwrap()
}

pub fn draw<B: ratatui::backend::Backend>(terminal: &mut Terminal<B>, app: &Headless) {
    terminal.draw(|f| ui::render(&app.app, f)).ok();
}

pub fn press(app: &mut Headless, code: KeyCode) {
    app.key(code);
}

/// The n-th keystroke of a steady typing loop: a letter, then Backspace, so the field
/// keeps its length however many iterations the benchmark runs.
pub fn typing_key(n: u64) -> KeyCode {
    if n.is_multiple_of(2) {
        KeyCode::Char('a')
    } else {
        KeyCode::Backspace
    }
}

/// A writer that only counts what it is given (the count is shared with its creator).
#[derive(Default, Clone)]
pub struct Counter {
    pub bytes: Rc<Cell<usize>>,
}

impl Counter {
    /// The bytes written since the last call.
    pub fn take(&self) -> usize {
        self.bytes.replace(0)
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A real crossterm backend writing into a [`Counter`]: the escape sequences the wizard
/// would send to a terminal of this size.
pub fn counting_terminal(
    width: u16,
    height: u16,
) -> (Terminal<CrosstermBackend<Counter>>, Counter) {
    let counter = Counter::default();
    let terminal = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .unwrap();
    (terminal, counter)
}

/// Bytes written for the first frame and for each of `keys` typed into the focused field.
pub fn bytes_per_key(
    app: &mut Headless,
    width: u16,
    height: u16,
    keys: &str,
) -> (usize, Vec<usize>) {
    let (mut terminal, counter) = counting_terminal(width, height);
    draw(&mut terminal, app);
    let first = counter.take();
    let per_key = keys
        .chars()
        .map(|c| {
            press(app, KeyCode::Char(c));
            draw(&mut terminal, app);
            counter.take()
        })
        .collect();
    (first, per_key)
}

/// Median, 99th percentile and maximum of some timings, in milliseconds.
pub fn spread(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.99), ms(*times.last().unwrap()))
}

/// Times `runs` atomic saves of a draft (what the autosave does on the input thread).
pub fn save_spread(store: &DraftStore, name: &str, draft: &Draft, runs: usize) -> String {
    let times = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            store.save(name, draft).unwrap();
            start.elapsed()
        })
        .collect();
    let (p50, p99, max) = spread(times);
    format!("{runs} saves: median {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms")
}

// ----- a generated form and draft of any size -----

/// How big a generated form and its draft are.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Sections of 30 top-level fields each (one of them a group).
    pub sections: usize,
    /// Rows of each section's group.
    pub rows: usize,
    /// Rows of the big group in the last section.
    pub big_rows: usize,
    /// Lines of each section's long multi-line answer.
    pub long_lines: usize,
}

impl Size {
    /// `k` blocks: `k` sections, a big group of `20 k` rows; about 11 KB of answers per block.
    pub fn blocks(k: usize) -> Self {
        Self {
            sections: k,
            rows: 10,
            big_rows: 20 * k,
            long_lines: 20,
        }
    }
}

/// Top-level text fields per section besides the fixed ones.
const EXTRA_TEXTS: usize = 19;

/// The generated form (id `scale`) as RON, and a journey listing it.
pub fn scale_sources(size: Size) -> Vec<SourceFile> {
    let mut form = String::from(
        "(\n id: \"scale\", title: \"Scale test\", version: 1, step: 1,\n description: \"Generated for the benchmarks.\",\n sections: [\n",
    );
    for s in 0..size.sections {
        let p = format!("s{s}");
        writeln!(
            form,
            "  (id: \"{p}\", title: \"Section {s}\", intro: \"Generated section {s}: every kind of field, a condition, a rule and a group.\", fields: ["
        )
        .unwrap();
        let mut field = |text: String| writeln!(form, "   {text},").unwrap();
        field(format!(
            "(id: \"{p}_name\", label: \"Name {s}\", hint: \"Typed into by the keystroke benchmark\", kind: Text(max_len: 200), required: true)"
        ));
        field(format!(
            "(id: \"{p}_notes\", label: \"Notes {s}\", kind: MultiLine(max_len: 100000))"
        ));
        field(format!(
            "(id: \"{p}_count\", label: \"Count {s}\", kind: Integer(min: 0, max: 1000000), rules: [(must: AtLeast(\"{p}_count\", Number(1)), message: \"at least one\", severity: Warning)])"
        ));
        field(format!(
            "(id: \"{p}_since\", label: \"Since {s}\", kind: Date(not_in_future: true))"
        ));
        field(format!(
            "(id: \"{p}_active\", label: \"Active {s}\", kind: YesNo, required: true)"
        ));
        field(format!(
            "(id: \"{p}_detail\", label: \"Detail {s}\", kind: Text(max_len: 500), visible_if: Equals(\"{p}_active\", \"yes\"), required: true)"
        ));
        field(format!(
            "(id: \"{p}_kind\", label: \"Kind {s}\", kind: Choice(options: [(\"a\", \"Alpha\"), (\"b\", \"Beta\"), (\"c\", \"Gamma\")]))"
        ));
        field(format!(
            "(id: \"{p}_email\", label: \"E-mail {s}\", kind: Email, required_if: NotEmpty(\"{p}_name\"))"
        ));
        field(format!(
            "(id: \"{p}_phone\", label: \"Phone {s}\", kind: Phone)"
        ));
        field(format!(
            "(id: \"{p}_states\", label: \"States {s}\", kind: States(), rules: [(must: SubsetOf(\"{p}_states\", \"{p}_rows.state\"), message: \"each state needs a row\")])"
        ));
        for t in 0..EXTRA_TEXTS {
            field(format!(
                "(id: \"{p}_t{t}\", label: \"Question {s}.{t}\", hint: \"A generated question\", kind: Text(max_len: 200))"
            ));
        }
        field(format!(
            "(id: \"{p}_rows\", label: \"Rows {s}\", kind: Group(row_label: \"name\", fields: [(id: \"name\", label: \"Name\", kind: Text(max_len: 80), required: true), (id: \"state\", label: \"State\", kind: State()), (id: \"email\", label: \"E-mail\", kind: Email, required: true), (id: \"qty\", label: \"Quantity\", kind: Integer(min: 0)), (id: \"note\", label: \"Note\", kind: MultiLine(max_len: 5000))]))"
        ));
        form.push_str("  ]),\n");
    }
    form.push_str(
        "  (id: \"ledger\", title: \"Ledger\", fields: [\n   (id: \"ledger\", label: \"Ledger\", kind: Group(row_label: \"item\", fields: [(id: \"item\", label: \"Item\", kind: Text(max_len: 80), required: true), (id: \"amount\", label: \"Amount\", kind: Decimal(min: 0.0)), (id: \"due\", label: \"Due\", kind: Date()), (id: \"memo\", label: \"Memo\", kind: MultiLine(max_len: 5000))])),\n  ]),\n ],\n)\n",
    );
    let steps: Vec<String> = (1..=7)
        .map(|n| {
            let forms = if n == 1 { r#"["scale"]"# } else { "[]" };
            format!(r#"(number: {n}, title: "Step {n}", what_to_do: "Do it.", forms: {forms})"#)
        })
        .collect();
    vec![
        SourceFile {
            name: "journey.ron".into(),
            text: format!("(steps: [{}])", steps.join(",\n")),
        },
        SourceFile {
            name: "scale.ron".into(),
            text: form,
        },
    ]
}

pub fn scale_forms(size: Size) -> FormSet {
    FormSet::load(&scale_sources(size)).unwrap_or_else(|e| panic!("generated form: {e:?}"))
}

fn words(n: usize, seed: usize) -> String {
    const WORDS: [&str; 8] = [
        "fiber",
        "trunk",
        "collocation",
        "interconnection",
        "lantern",
        "prairie",
        "tandem",
        "switch",
    ];
    (0..n)
        .map(|i| WORDS[(i * 7 + seed) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A draft answering every generated field (valid answers, long texts, full groups).
pub fn scale_draft(size: Size) -> Draft {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let mut draft = Draft::new(now);
    let mut put = |key: String, answer: Answer| {
        draft.answers.insert(key, answer);
    };
    let text = |s: String| Answer::Text(s);
    for s in 0..size.sections {
        let p = format!("scale.s{s}");
        put(format!("{p}_name"), text(format!("Generated company {s}")));
        let long: Vec<String> = (0..size.long_lines)
            .map(|l| format!("Line {l}: {}", words(10, s + l)))
            .collect();
        put(format!("{p}_notes"), text(long.join("\n")));
        put(format!("{p}_count"), text(format!("{}", s + 1)));
        put(format!("{p}_since"), text("2020-01-15".into()));
        put(format!("{p}_active"), Answer::YesNo(true));
        put(format!("{p}_detail"), text(words(12, s)));
        put(format!("{p}_kind"), text("b".into()));
        put(format!("{p}_email"), text(format!("ops{s}@example.com")));
        put(format!("{p}_phone"), text("303-555-0100".into()));
        put(
            format!("{p}_states"),
            Answer::Many(vec!["CO".into(), "UT".into()]),
        );
        for t in 0..EXTRA_TEXTS {
            put(format!("{p}_t{t}"), text(words(8, s + t)));
        }
        put(format!("{p}_rows"), Answer::Rows(size.rows));
        for r in 1..=size.rows {
            let row = |f: &str| format!("{p}_rows[{r}].{f}");
            put(row("name"), text(format!("Contact {r}")));
            let state = if r % 2 == 0 { "CO" } else { "UT" };
            put(row("state"), text(state.into()));
            put(row("email"), text(format!("c{r}@example.com")));
            put(row("qty"), text(format!("{r}")));
            put(
                row("note"),
                text(format!("{}\n{}", words(12, r), words(12, s))),
            );
        }
    }
    put("scale.ledger".into(), Answer::Rows(size.big_rows));
    for r in 1..=size.big_rows {
        let row = |f: &str| format!("scale.ledger[{r}].{f}");
        put(row("item"), text(format!("Item {r}")));
        put(row("amount"), text(format!("{}.50", r * 3)));
        put(row("due"), text("2026-12-01".into()));
        put(
            row("memo"),
            text(format!("{}\n{}", words(5, r), words(5, r + 1))),
        );
    }
    draft
}

/// Bytes of answers (the saved file, without its framing, is about this big).
pub fn answer_bytes(draft: &Draft) -> usize {
    draft
        .answers
        .iter()
        .map(|(k, a)| {
            k.len()
                + match a {
                    Answer::Text(t) | Answer::NotApplicable(t) | Answer::AskLater(t) => t.len(),
                    Answer::Many(v) => v.iter().map(String::len).sum(),
                    _ => 4,
                }
        })
        .sum()
}

/// A wizard on a generated form and draft (saved as `big` in `dir`), at its first field.
pub fn scale_wizard(dir: &Path, size: Size) -> Headless {
    DraftStore::new(dir)
        .save("big", &scale_draft(size))
        .unwrap();
    open_scale(dir, scale_forms(size))
}

/// The wizard opened on the draft `big` of `dir` at the form `scale`, as
/// `clec-wizard open big --form scale` starts.
pub fn open_scale(dir: &Path, forms: FormSet) -> Headless {
    Headless::opening(
        forms,
        DraftStore::new(dir),
        Theme { color: true },
        today(),
        "big",
        Some("scale"),
    )
}

/// The saved text of a generated draft.
pub fn scale_draft_text(size: Size) -> String {
    drafts::to_ron(&scale_draft(size))
}
