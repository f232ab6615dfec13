//! Leaving a changed field at scale, for callgrind (instructions, free of the machine's
//! noise): opens the generated form and draft of `k` blocks (see `scale.rs`), then `n`
//! times types a letter, Tab, Shift-Tab and draws a 200x60 frame, all inside `measured`.
//!
//! ```text
//! cargo bench --bench scale_edit --no-run   # prints the binary's path
//! valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*measured*' BINARY 100 3
//! ```
//!
//! Run with `n` and `2n`: the difference over `n` is the cost of one edit once the form's
//! indexes are built (the first edit builds them). Also prints the wall time per edit.
#[path = "support/mod.rs"]
mod support;

use clec_wizard::tui::headless::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

#[inline(never)]
fn measured(app: &mut Headless, terminal: &mut Terminal<TestBackend>, n: u64) {
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
    let mut app = scale_wizard(dir.path(), Size::blocks(k));
    let mut terminal = test_terminal(200, 60);
    draw(&mut terminal, &app);
    let start = std::time::Instant::now();
    measured(&mut app, &mut terminal, n);
    println!(
        "{:.2} ms per edit",
        start.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
