//! `fill` on a terminal: each answer is typed in a line editor (rustyline), so the arrows,
//! Home/End, Ctrl-W, Ctrl-U and the rest of readline's keys work, ↑ brings back the lines
//! typed earlier in this session, and the current answer (or the default) is offered
//! ready to edit. The history lives only in memory: answers can be confidential, so none
//! is written to disk.
//!
//! Only where both ends are a terminal that can move the cursor ([`wanted`]); anywhere
//! else `fill` reads plain lines and writes no escape sequence. Nothing from a draft or a
//! form reaches the terminal raw: the prompt and the line being edited are drawn through
//! [`text::visible`] (the [`Visible`] highlighter, forced on), and a text offered for
//! editing never holds a control character ([`offerable`]).

use std::borrow::Cow;
use std::io;

use rustyline::completion::Completer;
use rustyline::config::{BellStyle, ColorMode, Config, EditMode};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Editor, Helper};

use super::{FillError, MAX_LINE_BYTES};
use crate::text;

/// The lines this session may recall with ↑ (in memory only).
const HISTORY_LINES: usize = 200;

/// Whether `fill` edits lines: standard input and output are both a terminal, and `TERM`
/// names one that can move the cursor (not `dumb`, nor unset: the terminals rustyline
/// cannot drive either, `cons25` and `emacs`, read plain lines too).
pub fn wanted(stdin_is_terminal: bool, stdout_is_terminal: bool, term: Option<&str>) -> bool {
    let able = term.is_some_and(|t| {
        !t.is_empty()
            && !["dumb", "cons25", "emacs"]
                .iter()
                .any(|u| u.eq_ignore_ascii_case(t))
    });
    stdin_is_terminal && stdout_is_terminal && able
}

/// What one editing ended with.
pub(super) enum Typed {
    /// The line, Enter pressed.
    Line(String),
    /// Ctrl-D on an empty line: the end of input.
    End,
    /// Ctrl-C.
    Interrupted,
}

/// The line editor of a `fill` session on a terminal.
pub(super) struct LineEditor {
    editor: Editor<Visible, DefaultHistory>,
}

impl LineEditor {
    pub(super) fn new() -> Result<Self, FillError> {
        let config = Config::builder()
            .edit_mode(EditMode::Emacs)
            // The highlighter is what makes the line safe to draw: always on.
            .color_mode(ColorMode::Forced)
            .bell_style(BellStyle::None)
            // A pasted line break ends the answer, as on plain lines (a pasted block would
            // otherwise become one answer holding line breaks).
            .bracketed_paste(false)
            .auto_add_history(false)
            .history_ignore_dups(true)
            .map_err(readline_error)?
            .max_history_size(HISTORY_LINES)
            .map_err(readline_error)?
            .build();
        let mut editor = Editor::with_config(config).map_err(readline_error)?;
        editor.set_helper(Some(Visible));
        Ok(LineEditor { editor })
    }

    /// One line typed after `prompt`, starting from `offered` (the current answer or the
    /// default, the cursor at its end) when it is [`offerable`]. Enter on the offered text
    /// unchanged gives an empty line, which keeps that answer (or accepts the default) as
    /// on plain lines. A line longer than [`MAX_LINE_BYTES`] is refused as on plain lines.
    pub(super) fn line(&mut self, prompt: &str, offered: &str) -> Result<Typed, FillError> {
        let prompt = text::visible(prompt);
        let offered = offerable(offered).unwrap_or_default();
        match self.editor.readline_with_initial(&*prompt, (offered, "")) {
            Ok(line) if line.len() > MAX_LINE_BYTES => Err(FillError::LineTooLong),
            Ok(line) => {
                if !line.trim().is_empty() {
                    self.editor
                        .add_history_entry(line.as_str())
                        .map_err(readline_error)?;
                }
                let unchanged = !offered.is_empty() && line == offered;
                Ok(Typed::Line(if unchanged { String::new() } else { line }))
            }
            Err(ReadlineError::Eof) => Ok(Typed::End),
            Err(ReadlineError::Interrupted) => Ok(Typed::Interrupted),
            Err(e) => Err(readline_error(e)),
        }
    }
}

/// `text` if it may be put in the line being edited: one line, without a control
/// character (a draft is hostile; the highlighter would show one, but the cursor would
/// then stand in the wrong column).
pub(super) fn offerable(text: &str) -> Option<&str> {
    let clean = !text.is_empty() && !text.chars().any(text::is_hidden_control);
    clean.then_some(text)
}

fn readline_error(e: ReadlineError) -> FillError {
    match e {
        ReadlineError::Io(e) => FillError::Io(e),
        other => FillError::Io(io::Error::other(other.to_string())),
    }
}

/// Draws the prompt and the line through [`text::visible`]: a control character that got
/// into the line (Ctrl-V then Esc) shows as `\u{1b}` and never acts on the terminal. The
/// answer itself is kept as typed, and refused with the usual message when it holds one.
pub(super) struct Visible;

impl Highlighter for Visible {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        text::visible(line)
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        text::visible(prompt)
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        text::visible(hint)
    }

    fn highlight_char(&self, line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Redraw the whole line through `highlight` whenever it holds a control.
        line.chars().any(text::is_hidden_control)
    }
}

impl Completer for Visible {
    type Candidate = String;
}

impl Hinter for Visible {
    type Hint = String;
}

impl Validator for Visible {}

impl Helper for Visible {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_terminal_that_moves_the_cursor_edits_lines() {
        assert!(wanted(true, true, Some("xterm-256color")));
        assert!(wanted(true, true, Some("screen")));
        assert!(!wanted(false, true, Some("xterm")), "piped input");
        assert!(!wanted(true, false, Some("xterm")), "piped output");
        assert!(!wanted(true, true, Some("dumb")));
        assert!(!wanted(true, true, Some("DUMB")));
        assert!(!wanted(true, true, Some("emacs")));
        assert!(!wanted(true, true, Some("")));
        assert!(!wanted(true, true, None));
    }

    #[test]
    fn the_line_and_prompt_are_drawn_without_controls() {
        let line = "Acme\x1b]0;owned\x07\u{9b}2J\u{202e}";
        let drawn = Visible.highlight(line, 0);
        assert!(!drawn.chars().any(text::is_hidden_control), "{drawn:?}");
        assert!(drawn.contains("\\u{1b}]0;owned"), "{drawn}");
        let prompt = Visible.highlight_prompt("\x1b[31m> ", true);
        assert_eq!(prompt, "\\u{1b}[31m> ");
        assert!(Visible.highlight_char(line, 0, CmdKind::Other));
        assert!(!Visible.highlight_char("Acme", 0, CmdKind::Other));
        // Plain text is drawn as it is, borrowed.
        assert!(matches!(
            Visible.highlight("Acme", 0),
            Cow::Borrowed("Acme")
        ));
    }

    #[test]
    fn only_clean_single_lines_are_offered_for_editing() {
        assert_eq!(offerable("Prairie Fiber LLC"), Some("Prairie Fiber LLC"));
        assert_eq!(offerable("CO, UT"), Some("CO, UT"));
        assert_eq!(offerable(""), None);
        assert_eq!(offerable("One\nTwo"), None);
        assert_eq!(offerable("a\tb"), None);
        assert_eq!(offerable("evil\x1b[2J"), None);
        assert_eq!(offerable("evil\u{202e}"), None);
    }
}
