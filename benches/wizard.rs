//! The wizard on the shipped forms and the example draft: loading and linting the forms,
//! opening the draft, validating it, one keystroke plus the next frame of the
//! questionnaire at 200x60, saving, and exporting the questionnaire as `.eml`.
//!
//! Run with `cargo bench --bench wizard`; it also prints the bytes written to a real
//! terminal per keystroke. BENCHMARKS.md has the figures.
#![allow(
    clippy::disallowed_macros,
    reason = "tests and benchmarks report to the developer"
)]

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;

use chrono::{Local, TimeZone};
use clec_wizard::domain::form::catalog::FormSet;
use clec_wizard::domain::rules::validate::{validate_draft, validate_form};
use clec_wizard::domain::rules::view::form_view;
use clec_wizard::export::{Format, Source};
use clec_wizard::storage::drafts::{self, DraftStore};
use clec_wizard::storage::forms;
use clec_wizard::tui::headless::Headless;
use clec_wizard::tui::theme::Theme;
use criterion::{BatchSize, Criterion};
use crossterm::event::KeyCode;
use support::*;

fn load_forms(c: &mut Criterion) {
    let sources = forms::embedded_sources();
    let mut g = c.benchmark_group("forms");
    g.bench_function("load_and_lint_embedded", |b| {
        b.iter(|| FormSet::load(black_box(&sources)).unwrap())
    });
    g.bench_function("check_embedded", |b| {
        b.iter(|| assert!(FormSet::check(black_box(&sources)).is_empty()))
    });
    g.finish();
}

fn open_example(c: &mut Criterion) {
    let forms = forms::load(None).unwrap();
    let text = example_text();
    let path = example_path();
    let dir = temp_dir();
    let store = example_store(dir.path());
    let mut g = c.benchmark_group("open");
    g.bench_function("parse_example", |b| {
        b.iter(|| drafts::parse(black_box(&text), &path).unwrap())
    });
    g.bench_function("load_example_from_disk", |b| {
        b.iter(|| store.load("example").unwrap())
    });
    // What `clec-wizard open example --form questionnaire` does before the first frame:
    // the forms, the draft from disk, validation, the focus, and the frame itself.
    g.bench_function("wizard_open_example_first_frame", |b| {
        b.iter(|| {
            let app = Headless::opening(
                forms::load(None).unwrap(),
                DraftStore::new(dir.path()),
                Theme { color: true },
                today(),
                "example",
                Some("questionnaire"),
            );
            let mut terminal = test_terminal(200, 60);
            draw(&mut terminal, &app);
            app
        })
    });
    g.finish();
    drop(forms);
}

fn validate(c: &mut Criterion) {
    let forms = forms::load(None).unwrap();
    let draft = drafts::parse(&example_text(), &example_path()).unwrap();
    let questionnaire = forms.form("questionnaire").unwrap();
    let mut g = c.benchmark_group("validate");
    g.bench_function("example_draft", |b| {
        b.iter(|| validate_draft(&forms, black_box(&draft), today()))
    });
    g.bench_function("example_questionnaire", |b| {
        b.iter(|| validate_form(&forms, black_box(&draft), questionnaire, today()))
    });
    g.bench_function("view_example_questionnaire", |b| {
        b.iter(|| form_view(&forms, black_box(&draft), questionnaire).len())
    });
    g.finish();
}

fn keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("keystroke");
    for (name, form) in [("questionnaire", "questionnaire"), ("profile", "profile")] {
        let dir = temp_dir();
        let mut app = example_wizard(dir.path(), form);
        let mut terminal = test_terminal(200, 60);
        draw(&mut terminal, &app);
        let mut n = 0;
        g.bench_function(format!("key_and_frame_{name}_200x60"), |b| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
                draw(&mut terminal, &app);
            })
        });
        g.bench_function(format!("key_only_{name}"), |b| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
            })
        });
        g.bench_function(format!("frame_only_{name}_200x60"), |b| {
            b.iter(|| draw(&mut terminal, &app))
        });
        // Leaving a changed field stores and checks the answer: Tab there and back.
        g.bench_function(format!("edit_tab_back_and_frame_{name}_200x60"), |b| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
                press(&mut app, KeyCode::Tab);
                press(&mut app, KeyCode::BackTab);
                draw(&mut terminal, &app);
            })
        });
    }
    g.finish();
}

fn save(c: &mut Criterion) {
    let dir = temp_dir();
    let store = example_store(dir.path());
    let draft = store.load("example").unwrap();
    let mut g = c.benchmark_group("save");
    g.bench_function("to_ron_example", |b| {
        b.iter(|| drafts::to_ron(black_box(&draft)))
    });
    // The whole atomic save: temporary file, fsync, backup, rename, fsync of the folder.
    g.bench_function("save_example_atomic_fsync", |b| {
        b.iter(|| store.save("example", black_box(&draft)).unwrap())
    });
    g.finish();
}

fn export(c: &mut Criterion) {
    let forms = forms::load(None).unwrap();
    let draft = drafts::parse(&example_text(), &example_path()).unwrap();
    let form = forms.form("questionnaire").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap();
    let mut g = c.benchmark_group("export");
    g.bench_function("eml_questionnaire", |b| {
        b.iter_batched(
            || (),
            |()| Source::new(&forms, &draft, "example", form, at).render(Format::Eml),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// Bytes a real terminal receives: the first frame, then each typed key's frame.
fn report_bytes() {
    let keys = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (form, w, h) in [
        ("questionnaire", 200, 60),
        ("questionnaire", 100, 30),
        ("profile", 100, 30),
    ] {
        let dir = temp_dir();
        let mut app = example_wizard(dir.path(), form);
        let (first, per_key) = bytes_per_key(&mut app, w, h, keys);
        let mean = per_key.iter().sum::<usize>() as f64 / per_key.len() as f64;
        let max = per_key.iter().max().copied().unwrap_or(0);
        println!(
            "terminal bytes, example draft, {form} at {w}x{h}: first frame {first}, per key mean {mean:.1}, max {max} ({} keys)",
            per_key.len()
        );
    }
}

/// What one autosave costs the background saver.
fn report_saves() {
    let dir = temp_dir();
    let store = example_store(dir.path());
    let draft = store.load("example").unwrap();
    println!(
        "autosave of the example draft ({} bytes), {}",
        drafts::to_ron(&draft).len(),
        save_spread(&store, "example", &draft, 200)
    );
}

fn main() {
    report_bytes();
    report_saves();
    let mut c = criterion();
    load_forms(&mut c);
    open_example(&mut c);
    validate(&mut c);
    keystroke(&mut c);
    save(&mut c);
    export(&mut c);
    c.final_summary();
}
