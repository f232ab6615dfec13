//! Entering and leaving the full-screen terminal, on every exit path (panics and signals
//! included).
#![allow(
    clippy::disallowed_methods,
    reason = "control sequences for the terminal itself, never text"
)]

use std::io::{self, Write, stdout};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Takes over the terminal: raw mode, the alternate screen (cleared), bracketed paste and
/// the cursor hidden (text fields draw their own). Returns the terminal's size.
pub fn enter() -> io::Result<(u16, u16)> {
    enable_raw_mode()?;
    let mut out = stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        Hide,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    out.flush()?;
    crossterm::terminal::size()
}

/// A panic restores the terminal before its message is printed (set once).
pub(crate) fn restore_on_panic() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        hook(info);
    }));
}

/// Gives the terminal back as it was. Safe to call more than once, and when the terminal
/// is gone (a closed window): errors are ignored.
pub fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste, Show, LeaveAlternateScreen);
    let _ = disable_raw_mode();
}
