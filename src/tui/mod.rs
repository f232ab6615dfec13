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
mod input;
pub mod keymap;
pub mod msg;
mod navigate;
mod outcome;
pub mod popups;
mod request;
pub mod screen;
pub mod screens;
pub mod session;
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

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crate::domain::form::catalog::FormSet;
use crate::storage::drafts::DraftStore;
use effect::{Effect, Outcome, Runtime};
use screen::Screen;
use state::App;

/// How often background work is checked on while it runs.
const WORK_POLL: Duration = Duration::from_millis(20);

/// The signals that end the wizard the way Ctrl-Q does: saved, terminal restored.
const SIGNALS: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// What the next frame must redraw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Redraw {
    #[default]
    Nothing,
    /// Only the status line changed (a save finished).
    Status,
    /// Only the text being typed and the status line changed.
    Typing,
    Everything,
}

/// What the wizard takes from the settings ([`crate::storage::config`]).
#[derive(Debug, Clone)]
pub struct Setup {
    /// Where the export dialog writes by default.
    pub exports: std::path::PathBuf,
    /// The program Ctrl-E runs on a long answer (its arguments split at spaces).
    pub editor: String,
}

/// Runs the wizard until the user quits or a signal ends it; opens `draft` (at `form`)
/// when given. After a signal the draft is saved, the terminal restored and the process
/// exits with 128 + the signal's number, as shells expect.
pub fn run(
    forms: FormSet,
    store: DraftStore,
    setup: &Setup,
    draft: Option<&str>,
    form: Option<&str>,
) -> io::Result<()> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    let mut app = App::new(
        forms.clone(),
        theme::Theme::from_env(),
        Local::now().date_naive(),
        store.dir().to_path_buf(),
    );
    app.exports_dir = setup.exports.clone();
    let mut runtime = Runtime::new(store, forms, setup.exports.clone());
    runtime.background = true;
    let first = app.start(draft, form);
    terminal::restore_on_panic();
    let (width, height) = terminal::enter()?;
    #[allow(
        clippy::disallowed_methods,
        reason = "the wizard's screen draws its own cells"
    )]
    let mut screen = Screen::new(io::stdout(), width, height);
    // A panic restores the terminal (the hook), then the answers held in memory are saved
    // and the user is told where they are.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        perform(&mut app, &mut runtime, first, &mut |text| {
            edit_in(&mut screen, &setup.editor, text)
        });
        event_loop(&mut app, &mut runtime, &mut screen, &setup.editor, &signal)
    }));
    let save_error = final_save(&mut app, &mut runtime, result.is_err());
    terminal::leave();
    match result {
        Ok(Ok(())) => match signal.load(Ordering::Relaxed) {
            0 => {
                // Everything is saved and the terminal restored: the process ends now,
                // and freeing the forms and the draft one by one would only delay it.
                std::mem::forget(app);
                Ok(())
            }
            sig => {
                if let Some(e) = save_error {
                    crate::output::note(&format!("clec-wizard: the last save failed ({e}).\n"));
                }
                std::process::exit(128 + sig as i32)
            }
        },
        Ok(Err(e)) => Err(e),
        Err(_) => {
            crate::output::note("clec-wizard stopped on an internal error (above).\n");
            if let Some(s) = app.session() {
                let path = runtime.store.dir().join(format!("{}.ron", s.name));
                match save_error {
                    None => crate::output::note(&format!(
                        "Your answers are saved in {} (the previous version in {}.bak).\n",
                        path.display(),
                        path.display()
                    )),
                    Some(e) => crate::output::note(&format!(
                        "The last save failed ({e}); the last saved draft is {}.\n",
                        path.display()
                    )),
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
    let save = app.save_typing(effect::AfterSave::Quit)?;
    runtime.run(save).into_iter().find_map(|o| match o {
        Outcome::Saved { result: Err(e), .. } => Some(e),
        _ => None,
    })
}

/// Draws what changed, waits for input (or a save, or a signal), and runs what it asks.
/// Nothing is drawn while nothing happens.
fn event_loop(
    app: &mut App,
    runtime: &mut Runtime,
    screen: &mut Screen<io::Stdout>,
    editor: &str,
    signal: &AtomicUsize,
) -> io::Result<()> {
    // crossterm sets up its reader (and its resize signal handler, which interrupts the
    // wait below) on first use.
    event::poll(Duration::ZERO)?;
    let mut redraw = Redraw::Everything;
    while app.running && signal.load(Ordering::Relaxed) == 0 {
        let patched = match redraw {
            Redraw::Typing | Redraw::Status => ui::patch(app, screen, redraw)?,
            Redraw::Everything | Redraw::Nothing => None,
        };
        match (redraw, patched) {
            (Redraw::Nothing, _) => {}
            (_, Some(drawn)) => app.drew(drawn),
            (_, None) => app.drew(screen.draw(|frame| ui::draw(app, frame))?),
        }
        // What waits for a frame to be on the screen (the other forms' counts) runs now;
        // then only the status line is drawn again.
        if app.settle() {
            redraw = app.take_redraw();
            continue;
        }
        let mut wait = app.next_tick(Instant::now());
        if runtime.busy() {
            wait = Some(wait.map_or(WORK_POLL, |w| w.min(WORK_POLL)));
        }
        let mut effects = Vec::new();
        match input::wait(wait)? {
            input::Wait::HungUp => {
                // The terminal is gone (its window closed): end as SIGHUP does.
                signal.store(SIGHUP as usize, Ordering::Relaxed);
                break;
            }
            input::Wait::Timeout => {}
            // Whatever woke the wait (input, a resize signal), crossterm reads it; drain
            // what is waiting (a paste, fast typing) before drawing again.
            input::Wait::Ready => {
                while app.running && event::poll(Duration::ZERO)? {
                    effects.extend(on_event(app, screen, event::read()?));
                }
            }
        }
        for done in runtime.finished() {
            effects.extend(app.outcome(done));
        }
        effects.extend(app.tick(Instant::now()));
        perform(app, runtime, effects, &mut |text| {
            edit_in(screen, editor, text)
        });
        redraw = app.take_redraw();
    }
    Ok(())
}

/// One terminal event; a resize is the screen's.
fn on_event(app: &mut App, screen: &mut Screen<io::Stdout>, event: event::Event) -> Vec<Effect> {
    if let event::Event::Resize(width, height) = event {
        screen.resize(width, height);
        app.redraw(Redraw::Everything);
        return Vec::new();
    }
    app.handle_event(event)
}

/// Runs effects until none is left: each outcome goes back to the app, which may ask for
/// more. `edit` runs `$EDITOR` (the terminal is the caller's).
pub(crate) fn perform(
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

/// The editor with the screen suspended, then the screen back (drawn anew).
fn edit_in(screen: &mut Screen<io::Stdout>, editor: &str, text: &str) -> Result<String, String> {
    let result = edit_externally(editor, text);
    match crossterm::terminal::size() {
        Ok((width, height)) => screen.resize(width, height),
        Err(_) => screen.forget(),
    }
    result
}

/// Suspends the screen, runs the editor setting (`CLEC_WIZARD_EDITOR`, the configuration
/// file's, `VISUAL`, `EDITOR`, `vi`: [`crate::storage::config`]) on the text, returns the
/// result.
fn edit_externally(editor: &str, text: &str) -> Result<String, String> {
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
        Ok(s) if s.success() => crate::storage::read::read_text_no_link(
            file.path(),
            crate::domain::values::limits::MAX_TEXT_BYTES as u64,
        )
        .map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{editor} exited with {s}; the answer is unchanged")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    }
}

/// What a screen or a dialog never names: another screen, the app's state, or the code
/// that carries messages and requests out (names that made the wizard's import circles).
#[cfg(test)]
const NOT_FOR_COMPONENTS: [&str; 7] = [
    "screens::",
    "tui::state",
    "tui::update",
    "tui::navigate",
    "tui::outcome",
    "tui::request",
    "super::super",
];

/// Fails when a component's source (file name, text) names what only the app may.
#[cfg(test)]
pub(crate) fn assert_names_none(files: &[(&str, &str)]) {
    for (file, text) in files {
        for word in NOT_FOR_COMPONENTS {
            assert!(!text.contains(word), "{file} names {word}");
        }
    }
}
