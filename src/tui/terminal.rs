//! Entering and leaving the full-screen terminal, on every exit path (panics included).

use std::io::{self, stdout};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Takes over the terminal: alternate screen, raw mode, bracketed paste, and a panic hook
/// that restores it before the panic message is printed.
pub fn enter() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste)?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        hook(info);
    }));
    Ok(terminal)
}

/// Gives the terminal back as it was. Safe to call more than once.
pub fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
}
