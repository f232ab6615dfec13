//! The wizard on a realistic large draft (`support/large.rs`: every state CenturyLink
//! serves, 40 LATAs, 200 trunk groups, 100 collocation requests, 50 contacts) and the
//! shipped forms. The budget (BENCHMARKS.md): opening it, up to the first frame, within
//! 30 ms; leaving a changed field (a letter, Tab, back, the next frame) within 2 ms.
//!
//! Run with `cargo bench --bench large`. With `CLEC_WIZARD_LARGE_DRAFT=DIR` it also
//! writes the draft to `DIR/large.ron` (for `clec-wizard --saves DIR open large`).
#![allow(
    clippy::disallowed_macros,
    reason = "tests and benchmarks report to the developer"
)]

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::rules::validate::validate_draft;
use clec_wizard::storage::drafts::{self, DraftStore};
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use criterion::Criterion;
use crossterm::event::KeyCode;
use support::large::large_draft;
use support::*;

/// The forms the wizard is opened at: the one with the trunk groups, the one with the
/// contacts and LATAs.
const FORMS: [&str; 2] = ["network", "questionnaire"];

fn the_draft() -> Draft {
    let example = drafts::parse(&example_text(), &example_path()).unwrap();
    large_draft(&example)
}

/// `clec-wizard open large --form FORM` up to its first frame (200x60): the forms, the
/// draft from disk, its validation, the focus and the frame.
fn open(dir: &Path, form: &str) -> Headless {
    let app = Headless::opening(
        forms::load(None).unwrap(),
        DraftStore::new(dir),
        Theme { color: true },
        today(),
        "large",
        Some(form),
    );
    let mut terminal = test_terminal(200, 60);
    draw(&mut terminal, &app);
    app
}

/// The draft is saved and read back as any draft is, and validates.
fn describe(dir: &Path, draft: &Draft) {
    let store = DraftStore::new(dir);
    store.save("large", draft).unwrap();
    let back = store.load("large").unwrap();
    assert_eq!(back.answers, draft.answers, "the large draft reads back");
    let forms = forms::load(None).unwrap();
    let issues = validate_draft(&forms, &back, today());
    println!(
        "large draft: {} answers, {} KB file, {} problems found by validation",
        back.answers.len(),
        drafts::to_ron(draft).len() / 1024,
        issues.forms.iter().map(|f| f.problems.len()).sum::<usize>(),
    );
    if let Some(out) = std::env::var_os("CLEC_WIZARD_LARGE_DRAFT") {
        DraftStore::new(Path::new(&out))
            .save("large", draft)
            .unwrap();
        println!("wrote {}", Path::new(&out).join("large.ron").display());
    }
}

fn bench_open(c: &mut Criterion, dir: &Path) {
    let mut g = c.benchmark_group("large");
    for form in FORMS {
        g.bench_function(format!("open_and_first_frame_{form}"), |b| {
            b.iter(|| open(dir, form))
        });
    }
    g.finish();
}

fn bench_edit(c: &mut Criterion, dir: &Path) {
    let mut g = c.benchmark_group("large");
    for form in FORMS {
        let mut app = open(dir, form);
        let mut terminal = test_terminal(200, 60);
        draw(&mut terminal, &app);
        let mut n = 0;
        // Leaving a changed field stores and checks the answer: Tab there and back.
        g.bench_function(format!("leave_changed_field_{form}"), |b| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
                press(&mut app, KeyCode::Tab);
                press(&mut app, KeyCode::BackTab);
                draw(&mut terminal, &app);
            })
        });
        g.bench_function(format!("key_and_frame_{form}"), |b| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
                draw(&mut terminal, &app);
            })
        });
    }
    g.finish();
}

/// What the background saver does per autosave, and what reading costs, for the record.
fn bench_file(c: &mut Criterion, dir: &Path, draft: &Draft) {
    let text = drafts::to_ron(draft);
    let store = DraftStore::new(dir);
    let mut g = c.benchmark_group("large");
    g.bench_function("parse", |b| {
        b.iter(|| drafts::parse(black_box(&text), "large.ron".as_ref()).unwrap())
    });
    g.bench_function("to_ron", |b| b.iter(|| drafts::to_ron(black_box(draft))));
    g.bench_function("save_atomic_fsync", |b| {
        b.iter(|| store.save("large", black_box(draft)).unwrap())
    });
    g.finish();
}

/// The budget, checked by wall time outside criterion (median of 15): printed, so a
/// regression shows in the bench's own output.
fn budget(dir: &Path) {
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    for form in FORMS {
        let opened = median(
            (0..15)
                .map(|_| {
                    let start = Instant::now();
                    black_box(open(dir, form));
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        let mut app = open(dir, form);
        let mut terminal = test_terminal(200, 60);
        let left = median(
            (0..15)
                .map(|n| {
                    let start = Instant::now();
                    press(&mut app, typing_key(n));
                    press(&mut app, KeyCode::Tab);
                    press(&mut app, KeyCode::BackTab);
                    draw(&mut terminal, &app);
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        let verdict = |ms: f64, max: f64| if ms <= max { "within" } else { "OVER" };
        println!(
            "budget, {form}: open {opened:.2} ms ({} 30 ms), leave a changed field {left:.3} ms ({} 2 ms)",
            verdict(opened, 30.0),
            verdict(left, 2.0)
        );
    }
}

fn main() {
    let dir = temp_dir();
    let draft = the_draft();
    describe(dir.path(), &draft);
    budget(dir.path());
    let mut c = criterion();
    bench_open(&mut c, dir.path());
    bench_edit(&mut c, dir.path());
    bench_file(&mut c, dir.path(), &draft);
    c.final_summary();
}
