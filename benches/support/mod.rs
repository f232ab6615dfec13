//! Shared by the benchmarks: a wizard on a copy of the example draft, the realistic large
//! draft (`large.rs`), and a terminal that counts the bytes written to it.

#![allow(dead_code)]

pub mod large;

use std::cell::Cell;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use chrono::NaiveDate;
use clec_wizard::domain::draft::Draft;
use clec_wizard::storage::drafts::DraftStore;
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

/// Times `runs` atomic saves of a draft (what the background saver does per autosave).
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
