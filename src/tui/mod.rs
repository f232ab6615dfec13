//! The full-screen wizard: state ([`app`]), keys ([`keymap`]), drawing ([`ui`]) and the
//! event loop below, which also runs the effects (saving, `$EDITOR`).

pub mod action;
pub mod app;
pub mod editor;
pub mod keymap;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod ui;

use std::io;
use std::time::{Duration, Instant};

use chrono::Local;
use crossterm::event;

use crate::domain::catalog::FormSet;
use crate::storage::drafts::DraftStore;
use app::App;

/// How long the loop waits for input when nothing is due.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Runs the wizard until the user quits; opens `draft` (at `form`) when given.
pub fn run(
    forms: FormSet,
    store: DraftStore,
    draft: Option<&str>,
    form: Option<&str>,
) -> io::Result<()> {
    let mut app = App::new(
        forms,
        store,
        theme::Theme::from_env(),
        Local::now().date_naive(),
    );
    app.background_saves = true;
    if let Some(name) = draft {
        app.open_draft(name, form);
    }
    let mut terminal = terminal::enter()?;
    // A panic restores the terminal (the hook set by `terminal::enter`), then the answers
    // held in memory are saved and the user is told where they are.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut app, &mut terminal)
    }));
    if app.is_dirty() || result.is_err() {
        app.save_now();
    }
    let result = match result {
        Ok(result) => result,
        Err(_) => {
            terminal::leave();
            eprintln!("clec-wizard stopped on an internal error (above).");
            if let Some(s) = &app.session {
                let path = app.store.dir().join(format!("{}.ron", s.name));
                match &s.save_error {
                    None => eprintln!(
                        "Your answers are saved in {} (the previous version in {}.bak).",
                        path.display(),
                        path.display()
                    ),
                    Some(e) => eprintln!(
                        "The last save failed ({e}); the last saved draft is {}.",
                        path.display()
                    ),
                }
            }
            return Err(io::Error::other("the wizard stopped on an internal error"));
        }
    };
    terminal::leave();
    result
}

fn event_loop(app: &mut App, terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    while app.running {
        terminal.draw(|frame| ui::render(app, frame))?;
        let wait = app.tick(Instant::now()).unwrap_or(IDLE_POLL).min(IDLE_POLL);
        if event::poll(wait)? {
            app.handle_event(event::read()?);
            // Drain what is already waiting (a paste, fast typing) before drawing again.
            while app.running && event::poll(Duration::ZERO)? {
                app.handle_event(event::read()?);
            }
        }
        if let Some(path) = app.open_file.take() {
            open_with_system(&path);
        }
        if let Some(text) = app.external_edit.take() {
            let result = edit_externally(&text);
            terminal.clear()?;
            app.external_edit_done(result);
        }
    }
    Ok(())
}

/// Suspends the screen, runs `$VISUAL`/`$EDITOR` (default `vi`) on the text, returns the result.
fn edit_externally(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("clec-wizard-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| e.to_string())?;
    std::fs::write(file.path(), text).map_err(|e| e.to_string())?;
    terminal::leave();
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status();
    let back = terminal::enter();
    if let Err(e) = back {
        return Err(format!("could not return to the wizard: {e}"));
    }
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path()).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{editor} exited with {s}; the answer is unchanged")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    }
}

/// Opens a file with the system's default program (the mail program for `.eml`), detached.
fn open_with_system(path: &std::path::Path) {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    let _ = command
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
