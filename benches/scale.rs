//! How each cost grows with the size of a form and its draft: a generated form of `k`
//! blocks (a block is a section of 30 fields with a 10-row group, plus 20 rows of a big
//! group in the last section, and about 11 KB of answers including a 20-line text), for
//! k = 1, 10 and 100 (100 blocks: 3,000 top-level fields, 3,000 group rows, 16,000
//! answers, 1.1 MB of answers, a 1.4 MB draft file).
//!
//! Keystroke and frame are measured with the focus in the first section: they must cost
//! the same whatever the size of the rest of the form. Validation and saving may grow
//! linearly. Run with `cargo bench --bench scale`; BENCHMARKS.md has the figures.

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;

use clec_wizard::domain::rules::validate::validate_draft;
use clec_wizard::domain::rules::view::form_view;
use clec_wizard::storage::drafts::{self, DraftStore};
use criterion::{BenchmarkId, Criterion, Throughput};
use crossterm::event::KeyCode;
use support::*;

const BLOCKS: [usize; 3] = [1, 10, 100];

fn describe() {
    for k in BLOCKS {
        let size = Size::blocks(k);
        let forms = scale_forms(size);
        let draft = scale_draft(size);
        let form = forms.form("scale").unwrap();
        let rows: usize = form
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .filter_map(|f| f.kind.group_fields().map(|_| draft.rows("scale", &f.id)))
            .sum();
        println!(
            "scale k={k}: {} sections, {} top-level fields, {rows} group rows, {} answers, {:.0} KB of answers, draft file {:.0} KB",
            form.sections.len(),
            form.fields().count(),
            draft.answers.len(),
            answer_bytes(&draft) as f64 / 1024.0,
            drafts::to_ron(&draft).len() as f64 / 1024.0,
        );
        let dir = temp_dir();
        let store = DraftStore::new(dir.path());
        println!(
            "scale k={k}: autosave, {}",
            save_spread(&store, "big", &draft, 30)
        );
    }
}

fn keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("scale_keystroke");
    for k in BLOCKS {
        let dir = temp_dir();
        let mut app = scale_wizard(dir.path(), Size::blocks(k));
        let mut terminal = test_terminal(200, 60);
        draw(&mut terminal, &app);
        let mut n = 0;
        g.bench_with_input(BenchmarkId::new("key_and_frame_200x60", k), &k, |b, _| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
                draw(&mut terminal, &app);
            })
        });
        g.bench_with_input(BenchmarkId::new("key_only", k), &k, |b, _| {
            b.iter(|| {
                press(&mut app, typing_key(n));
                n += 1;
            })
        });
        g.bench_with_input(BenchmarkId::new("frame_only_200x60", k), &k, |b, _| {
            b.iter(|| draw(&mut terminal, &app))
        });
        // Leaving a changed field stores and checks the answer: Tab there and back.
        g.bench_with_input(
            BenchmarkId::new("edit_tab_back_and_frame", k),
            &k,
            |b, _| {
                b.iter(|| {
                    press(&mut app, typing_key(n));
                    n += 1;
                    press(&mut app, KeyCode::Tab);
                    press(&mut app, KeyCode::BackTab);
                    draw(&mut terminal, &app);
                })
            },
        );
        // Every focus stop of the form: what the wizard's key handling computes per key.
        g.bench_with_input(BenchmarkId::new("app_stops", k), &k, |b, _| {
            b.iter(|| clec_wizard::tui::screens::form::stops(&app.app).len())
        });
    }
    g.finish();
}

fn whole_draft(c: &mut Criterion) {
    let mut g = c.benchmark_group("scale_draft");
    for k in BLOCKS {
        let size = Size::blocks(k);
        let forms = scale_forms(size);
        let draft = scale_draft(size);
        let text = drafts::to_ron(&draft);
        let form = forms.form("scale").unwrap();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("validate", k), &k, |b, _| {
            b.iter(|| validate_draft(&forms, black_box(&draft), today()))
        });
        g.bench_with_input(BenchmarkId::new("view", k), &k, |b, _| {
            b.iter(|| form_view(&forms, black_box(&draft), form).len())
        });
        // What the autosave does on the input thread: copy the draft for the writer thread.
        g.bench_with_input(BenchmarkId::new("copy_for_autosave", k), &k, |b, _| {
            b.iter(|| black_box(&draft).clone())
        });
        g.bench_with_input(BenchmarkId::new("to_ron", k), &k, |b, _| {
            b.iter(|| drafts::to_ron(black_box(&draft)))
        });
        g.bench_with_input(BenchmarkId::new("parse", k), &k, |b, _| {
            b.iter(|| drafts::parse(black_box(&text), "big.ron".as_ref()).unwrap())
        });
        let dir = temp_dir();
        let store = DraftStore::new(dir.path());
        g.bench_with_input(BenchmarkId::new("save_atomic_fsync", k), &k, |b, _| {
            b.iter(|| store.save("big", black_box(&draft)).unwrap())
        });
        let sources = scale_sources(size);
        g.bench_with_input(BenchmarkId::new("load_and_lint_form", k), &k, |b, _| {
            b.iter(|| {
                clec_wizard::domain::form::catalog::FormSet::load(black_box(&sources)).unwrap()
            })
        });
    }
    g.finish();
}

fn open(c: &mut Criterion) {
    let mut g = c.benchmark_group("scale_open");
    for k in BLOCKS {
        let size = Size::blocks(k);
        let dir = temp_dir();
        DraftStore::new(dir.path())
            .save("big", &scale_draft(size))
            .unwrap();
        let forms = scale_forms(size);
        g.bench_with_input(BenchmarkId::new("open_and_first_frame", k), &k, |b, _| {
            b.iter(|| {
                let app = open_scale(dir.path(), forms.clone());
                let mut terminal = test_terminal(200, 60);
                draw(&mut terminal, &app);
                app
            })
        });
    }
    g.finish();
}

/// With `CLEC_WIZARD_SCALE_FILES=DIR`, writes the 100-block form and draft for the release
/// binary: `DIR/forms/` (for `--forms`) and `DIR/saves/big.ron` (for `--saves`).
fn write_files() {
    let Some(dir) = std::env::var_os("CLEC_WIZARD_SCALE_FILES") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let size = Size::blocks(100);
    std::fs::create_dir_all(dir.join("forms")).unwrap();
    for source in scale_sources(size) {
        std::fs::write(dir.join("forms").join(&source.name), &source.text).unwrap();
    }
    DraftStore::new(dir.join("saves"))
        .save("big", &scale_draft(size))
        .unwrap();
    println!("wrote the 100-block form and draft under {}", dir.display());
}

fn main() {
    write_files();
    describe();
    let mut c = criterion();
    keystroke(&mut c);
    whole_draft(&mut c);
    open(&mut c);
    c.final_summary();
}
