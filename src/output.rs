//! The one way out of the program: everything printed goes through this module.
//!
//! Two kinds of output leave the process, and each has its type:
//! - **Text for a person** ([`Term`], [`say`] and [`note`]): messages, listings, prompts and
//!   answers. Every character a terminal could act on (C0 and C1 controls, DEL, the
//!   bidirectional overrides and isolates) is shown as a visible `\u{..}` escape, line
//!   breaks and tabs kept, whatever the text came from (a draft, a form, a folder's name). [`Term`]
//!   wraps a writer but is not itself an [`io::Write`], so raw bytes cannot slip through it.
//! - **Data for a program** ([`data`]): an export, a `--json` document, a completion script,
//!   a man page. Data is exact; the formats that reach a terminal escape on their own
//!   (exports drop control characters, JSON writes them as `\u` escapes).
//!
//! Data and text meant for the reader go to standard output; notes about what was done
//! (`wrote FILE`, warnings) and errors go to standard error, so a pipe receives only the
//! data (docs/guide.md, "Streams").
//!
//! A closed standard output ([`is_closed`]: `clec-wizard list | head -1`) ends a command
//! quietly with status 141, as a process ended by SIGPIPE; the caller decides, this module
//! only reports it. A closed standard error is ignored.
//!
//! `print!`, `println!`, `eprint!` and `eprintln!` are refused by clippy everywhere
//! (clippy.toml), and `std::io::stdout`/`stderr` outside this module and the wizard's
//! screen.

use std::fmt;
use std::io::{self, Write};

use crate::text;

/// Text written to `W` made safe for a terminal: `write!(term, ...)` and
/// `writeln!(term, ...)` format as usual, then show every hidden control visibly (line
/// breaks and tabs stay as they are).
pub struct Term<W> {
    inner: W,
}

impl<W: Write> Term<W> {
    pub fn new(inner: W) -> Self {
        Term { inner }
    }

    /// What `write!` calls: the formatted text, escaped, written whole.
    pub(crate) fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> io::Result<()> {
        match args.as_str() {
            Some(s) => self.write_str(s),
            None => self.write_str(&args.to_string()),
        }
    }

    /// `text`, escaped.
    pub fn write_str(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(text::visible_layout(text).as_bytes())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// The writer underneath, for callers that must hand it on (a line editor). Text
    /// written there is not escaped: use it only for fixed text.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

/// Standard output, as text for a person.
#[allow(clippy::disallowed_methods, reason = "the one place that opens it")]
pub fn stdout() -> Term<io::StdoutLock<'static>> {
    Term::new(io::stdout().lock())
}

/// Standard error, as text for a person.
#[allow(clippy::disallowed_methods, reason = "the one place that opens it")]
pub fn stderr() -> Term<io::StderrLock<'static>> {
    Term::new(io::stderr().lock())
}

/// Writes `text` to standard output, escaped, and flushes it.
pub fn say(text: &str) -> io::Result<()> {
    let mut out = stdout();
    out.write_str(text)?;
    out.flush()
}

/// Writes `text` to standard error, escaped. A closed standard error is ignored: a note
/// that cannot be shown is not a reason to fail.
pub fn note(text: &str) {
    let mut err = stderr();
    let _ = err.write_str(text).and_then(|()| err.flush());
}

/// Writes data (an export, a JSON document, a script) to standard output as it is, and
/// flushes it.
#[allow(clippy::disallowed_methods, reason = "the one place that opens it")]
pub fn data(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Whether standard output (or input) is a terminal.
#[allow(clippy::disallowed_methods, reason = "the one place that opens it")]
pub(crate) fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

/// Whether a write failed because the reader closed the pipe.
pub(crate) fn is_closed(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// The status a shell reports for a process ended by SIGPIPE.
pub(crate) const CLOSED_PIPE_STATUS: u8 = 141;

/// The status a shell reports for a process interrupted by SIGINT (Ctrl-C): `fill`'s line
/// editor takes Ctrl-C as a key and ends with it.
pub(crate) const INTERRUPTED_STATUS: u8 = 130;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_text_shows_controls_and_keeps_lines() {
        let mut term = Term::new(Vec::new());
        let name = "evil\x1b]0;owned\x07\u{9b}2J\u{202e}";
        writeln!(term, "name: {name}").unwrap();
        write!(term, "fixed").unwrap();
        term.write_str("\n").unwrap();
        let out = String::from_utf8(term.into_inner()).unwrap();
        assert_eq!(
            out,
            "name: evil\\u{1b}]0;owned\\u{7}\\u{9b}2J\\u{202e}\nfixed\n"
        );
        assert!(!out.chars().any(|c| c != '\n' && text::is_hidden_control(c)));
    }
}
