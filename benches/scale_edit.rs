//! Opening a draft and leaving a changed field at scale, for callgrind (instructions,
//! free of the machine's noise): opens the generated form and draft of `k` blocks (see
//! `scale.rs`) as `clec-wizard open big --form scale` does and draws the first 200x60
//! frame (`open_measured`), then `n` times types a letter, Tab, Shift-Tab and draws
//! (`edit_measured`).
//!
//! ```text
//! cargo bench --bench scale_edit --no-run   # prints the binary's path
//! valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*edit_measured*' BINARY 100 3
//! valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*open_measured*' BINARY 100 0
//! ```
//!
//! Run with `n` and `2n`: the difference over `n` is the cost of one edit once the form's
//! indexes are built (the first edit builds them). Also prints the wall time per edit.
#[path = "support/mod.rs"]
mod support;

use clec_wizard::domain::form::catalog::FormSet;
use clec_wizard::storage::drafts::DraftStore;
use clec_wizard::tui::headless::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

#[inline(never)]
fn open_measured(dir: &std::path::Path, forms: FormSet) -> (Headless, Terminal<TestBackend>) {
    let app = open_scale(dir, forms);
    let mut terminal = test_terminal(200, 60);
    draw(&mut terminal, &app);
    (app, terminal)
}

#[inline(never)]
fn edit_measured(app: &mut Headless, terminal: &mut Terminal<TestBackend>, n: u64) {
    for i in 0..n {
        press(app, typing_key(i));
        press(app, KeyCode::Tab);
        press(app, KeyCode::BackTab);
        draw(terminal, app);
    }
}

fn main() {
    // `cargo bench` passes `--bench`: only the numbers are ours.
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let k = numbers.first().map_or(100, |&k| k as usize);
    let n = numbers.get(1).copied().unwrap_or(3);
    let dir = temp_dir();
    let size = Size::blocks(k);
    DraftStore::new(dir.path())
        .save("big", &scale_draft(size))
        .unwrap();
    let forms = scale_forms(size);
    let start = std::time::Instant::now();
    let (mut app, mut terminal) = open_measured(dir.path(), forms);
    println!("{:.2} ms to open", start.elapsed().as_secs_f64() * 1000.0);
    let start = std::time::Instant::now();
    edit_measured(&mut app, &mut terminal, n);
    println!(
        "{:.2} ms per edit",
        start.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64
    );
}
