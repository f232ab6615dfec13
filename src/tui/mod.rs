//! The full-screen wizard: `event -> action -> update -> effects -> render`.
//!
//! [`state`] holds what the wizard knows and where the user is; [`update`] routes keys and
//! returns [`effect::Effect`]s; the loop below runs them through an [`effect::Runtime`] and
//! gives their outcomes back; [`ui`] draws. [`fields`], [`popups`] and [`screens`] hold
//! one module per field kind, dialog and screen.

pub mod action;
pub mod effect;
pub mod fields;
pub mod headless;
pub mod keymap;
pub mod popups;
pub mod screens;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod update;

use std::collections::VecDeque;
use std::io;
use std::time::{Duration, Instant};

use chrono::Local;
use crossterm::event;

use crate::domain::catalog::FormSet;
use crate::storage::drafts::DraftStore;
use effect::{Effect, Outcome, Runtime};
use state::App;

/// How long the loop waits for input when nothing is due.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// How often background work is checked on while it runs.
const WORK_POLL: Duration = Duration::from_millis(20);

/// Runs the wizard until the user quits; opens `draft` (at `form`) when given.
pub fn run(
    forms: FormSet,
    store: DraftStore,
    draft: Option<&str>,
    form: Option<&str>,
) -> io::Result<()> {
    let mut app = App::new(
        forms.clone(),
        theme::Theme::from_env(),
        Local::now().date_naive(),
        store.dir().to_path_buf(),
    );
    let exports = crate::storage::location::exports_beside(store.dir());
    let mut runtime = Runtime::new(store, forms, exports);
    runtime.background = true;
    let first = app.start(draft, form);
    let mut terminal = terminal::enter()?;
    // A panic restores the terminal (the hook set by `terminal::enter`), then the answers
    // held in memory are saved and the user is told where they are.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        perform(&mut app, &mut runtime, first, &mut |text| {
            edit_in(&mut terminal, text)
        });
        event_loop(&mut app, &mut runtime, &mut terminal)
    }));
    let save_error = final_save(&mut app, &mut runtime, result.is_err());
    terminal::leave();
    match result {
        Ok(result) => result,
        Err(_) => {
            eprintln!("clec-wizard stopped on an internal error (above).");
            if let Some(s) = app.session() {
                let path = runtime.store.dir().join(format!("{}.ron", s.name));
                match save_error {
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
            Err(io::Error::other("the wizard stopped on an internal error"))
        }
    }
}

/// Saves what is not saved yet (always after a panic), in the foreground; the error if any.
fn final_save(app: &mut App, runtime: &mut Runtime, always: bool) -> Option<String> {
    if !(always || app.is_dirty()) {
        return None;
    }
    screens::form::commit(app, true);
    let s = app.session_mut()?;
    let save = s.save_effect(false, effect::AfterSave::Nothing)?;
    runtime.run(save).into_iter().find_map(|o| match o {
        Outcome::Saved { result: Err(e), .. } => Some(e),
        _ => None,
    })
}

fn event_loop(
    app: &mut App,
    runtime: &mut Runtime,
    terminal: &mut ratatui::DefaultTerminal,
) -> io::Result<()> {
    while app.running {
        terminal.draw(|frame| ui::render(app, frame))?;
        let mut wait = app
            .next_tick(Instant::now())
            .unwrap_or(IDLE_POLL)
            .min(IDLE_POLL);
        if runtime.busy() {
            wait = wait.min(WORK_POLL);
        }
        let mut effects = Vec::new();
        if event::poll(wait)? {
            effects.extend(app.handle_event(event::read()?));
            // Drain what is already waiting (a paste, fast typing) before drawing again.
            while app.running && event::poll(Duration::ZERO)? {
                effects.extend(app.handle_event(event::read()?));
            }
        }
        for done in runtime.finished() {
            effects.extend(app.outcome(done));
        }
        effects.extend(app.tick(Instant::now()));
        perform(app, runtime, effects, &mut |text| edit_in(terminal, text));
    }
    Ok(())
}

/// Runs effects until none is left: each outcome goes back to the app, which may ask for
/// more. `edit` runs `$EDITOR` (the terminal is the caller's).
pub fn perform(
    app: &mut App,
    runtime: &mut Runtime,
    effects: Vec<Effect>,
    edit: &mut dyn FnMut(&str) -> Result<String, String>,
) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        let outcomes = match effect {
            Effect::ExternalEdit { text } => vec![Outcome::Edited(edit(&text))],
            other => runtime.run(other),
        };
        for outcome in outcomes {
            queue.extend(app.outcome(outcome));
        }
    }
}

/// `$EDITOR` with the screen suspended, then the screen back.
fn edit_in(terminal: &mut ratatui::DefaultTerminal, text: &str) -> Result<String, String> {
    let result = edit_externally(text);
    let _ = terminal.clear();
    result
}

/// Suspends the screen, runs `$VISUAL`/`$EDITOR` (default `vi`) on the text, returns the result.
fn edit_externally(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("clec-wizard-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| e.to_string())?;
    // Editors expect a text file to end with a newline.
    std::fs::write(file.path(), format!("{text}\n")).map_err(|e| e.to_string())?;
    terminal::leave();
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status();
    if let Err(e) = terminal::enter() {
        return Err(format!("could not return to the wizard: {e}"));
    }
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path()).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{editor} exited with {s}; the answer is unchanged")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    }
}
