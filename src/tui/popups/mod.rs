//! Dialogs over the screen, one file each: state, keys, update and drawing. The top
//! dialog gets every key first; its keys are the keymap's (its hint line is built from
//! it). Like a screen, a dialog's `update` answers with messages ([`crate::tui::msg`]):
//! close it, an effect, or a `Request` the app carries out (`src/tui/request.rs`).

pub mod acknowledged;
pub mod confirm;
pub mod export;
pub mod help;
pub mod import;
pub mod message;
pub mod prompt;
pub mod sent;
pub mod trash;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::keymap::{self, Context};
use super::theme::Theme;

/// What a prompt or a confirmation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    NewDraft,
    Duplicate(String),
    Rename(String),
    Delete(String),
    NotApplicable(String),
    AskLater(String),
    QuitWithoutSaving,
    /// Finalize this form though warnings are open.
    Finalize(String),
    /// Reopen this form though it was sent.
    Reopen(String),
}

/// A dialog.
#[derive(Debug)]
pub enum Popup {
    Help(help::HelpPopup),
    Prompt(Box<prompt::PromptPopup>),
    Confirm(confirm::ConfirmPopup),
    Message(message::MessagePopup),
    Export(export::ExportPopup),
    Import(Box<import::ImportPopup>),
    Sent(Box<sent::SentPopup>),
    Acknowledged(Box<acknowledged::AcknowledgedPopup>),
    Trash(trash::TrashPopup),
}

impl Popup {
    pub(crate) fn context(&self) -> Context {
        match self {
            Popup::Help(_) => Context::Help,
            Popup::Prompt(_) => Context::Prompt,
            Popup::Confirm(_) => Context::Confirm,
            Popup::Message(_) => Context::Message,
            Popup::Export(_) => Context::Export,
            Popup::Import(p) => p.context(),
            Popup::Sent(_) => Context::Sent,
            Popup::Acknowledged(_) => Context::Acknowledged,
            Popup::Trash(_) => Context::Trash,
        }
    }

    /// Whether Ctrl-Q may close this dialog to quit (not the one asking about quitting).
    pub(crate) fn lets_quit(&self) -> bool {
        !matches!(self, Popup::Confirm(c) if c.purpose == Purpose::QuitWithoutSaving)
    }

    /// Whether the dialog takes this key as typed text (then `?` is a question mark,
    /// not the help).
    pub(crate) fn takes_text(&self, key: &KeyEvent) -> bool {
        let typing = match self {
            Popup::Prompt(_) | Popup::Sent(_) | Popup::Acknowledged(_) => true,
            Popup::Import(p) => p.listed.is_none(),
            _ => false,
        };
        typing && keymap::is_typing(key)
    }

    /// Pasted text, into the input that has the focus (one line); false when the dialog
    /// takes no text.
    pub fn paste(&mut self, text: &str) -> bool {
        let line = crate::domain::change::edit::pasted(text, false);
        let input = match self {
            Popup::Prompt(p) => &mut p.input,
            Popup::Import(p) if p.listed.is_none() => &mut p.input,
            Popup::Sent(p) => &mut p.date,
            Popup::Acknowledged(p) if p.on_reference => &mut p.reference,
            Popup::Acknowledged(p) => &mut p.date,
            _ => return false,
        };
        input.insert(&line);
        true
    }

    /// Shows why what the dialog asked for was refused; false when the dialog has no
    /// place for it (then it is said in a dialog of its own).
    pub(crate) fn set_error(&mut self, message: String) -> bool {
        let error = match self {
            Popup::Prompt(p) => &mut p.error,
            Popup::Import(p) => &mut p.error,
            Popup::Sent(p) => &mut p.error,
            Popup::Acknowledged(p) => &mut p.error,
            Popup::Trash(p) => &mut p.error,
            _ => return false,
        };
        *error = Some(message);
        true
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        match self {
            Popup::Help(p) => p.render(t, frame, area),
            Popup::Prompt(p) => p.render(t, frame, area),
            Popup::Confirm(p) => p.render(t, frame, area),
            Popup::Message(p) => p.render(t, frame, area),
            Popup::Export(p) => p.render(t, frame, area),
            Popup::Import(p) => p.render(t, frame, area),
            Popup::Sent(p) => p.render(t, frame, area),
            Popup::Acknowledged(p) => p.render(t, frame, area),
            Popup::Trash(p) => p.render(t, frame, area),
        }
    }
}

/// A centered rectangle of the given size within `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `rect` and draws a bordered box titled `title`; returns the inside.
pub(crate) fn frame_box(
    frame: &mut Frame,
    rect: Rect,
    title: &str,
    style: ratatui::style::Style,
) -> Rect {
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(style);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A dialog's key line, from the keymap: "Enter OK · Esc cancel", the most important
/// first, as many as fit in `width` (closing the dialog always does).
pub(crate) fn hint_line(t: &Theme, context: Context, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (keys, help)) in keymap::footer(&[context], width as usize)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim()));
        }
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::styled(format!(" {help}"), t.dim()));
    }
    Line::from(spans)
}

/// Lines of `text` wrapped to `width`, styled.
pub fn wrapped(text: &str, width: u16, style: ratatui::style::Style) -> Vec<Line<'static>> {
    crate::text::wrap(text, width as usize)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A dialog's problem, wrapped in the error style (none: no lines).
pub(crate) fn error_lines(t: &Theme, error: Option<&str>, width: u16) -> Vec<Line<'static>> {
    error
        .map(|e| wrapped(e, width, t.error()))
        .unwrap_or_default()
}

/// A small dialog of labelled one-line inputs: its title, an intro, the inputs, the error
/// (if any) and the key line of `context`.
pub(crate) fn input_dialog(
    (t, frame, area): (&Theme, &mut Frame, Rect),
    (title, intro): (&str, &str),
    inputs: &[(&str, &crate::tui::fields::text::TextInput)],
    error: Option<&str>,
    context: Context,
) {
    use ratatui::layout::{Constraint, Layout};
    let width = 64.min(area.width);
    let room = width.saturating_sub(2);
    let intro = wrapped(intro, room, ratatui::style::Style::new());
    let error = error_lines(t, error, room);
    let height = (intro.len() + inputs.len() + error.len() + 2) as u16 + 2;
    let inner = frame_box(frame, centered(area, width, height), title, t.title());
    let rows = Layout::vertical(
        std::iter::once(Constraint::Length(intro.len() as u16))
            .chain(inputs.iter().map(|_| Constraint::Length(1)))
            .chain([
                Constraint::Length(error.len() as u16),
                Constraint::Length(1),
                Constraint::Length(1),
            ]),
    )
    .split(inner);
    frame.render_widget(ratatui::widgets::Paragraph::new(intro), rows[0]);
    for (i, (label, input)) in inputs.iter().enumerate() {
        labelled(t, frame, rows[1 + i], label, input);
    }
    let after = 1 + inputs.len();
    frame.render_widget(ratatui::widgets::Paragraph::new(error), rows[after]);
    frame.render_widget(hint_line(t, context, room), rows[after + 2]);
}

/// A label, then a one-line input in the rest of the row.
pub fn labelled(
    t: &Theme,
    frame: &mut Frame,
    row: Rect,
    label: &str,
    input: &crate::tui::fields::text::TextInput,
) {
    let used = (crate::text::width(label) as u16).min(row.width);
    let [head, rest] = ratatui::layout::Layout::horizontal([
        ratatui::layout::Constraint::Length(used),
        ratatui::layout::Constraint::Fill(1),
    ])
    .areas(row);
    frame.render_widget(Line::styled(label.to_string(), t.label()), head);
    frame.render_widget(&input.area, rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::msg::{Msg, Request};

    /// Each dialog's source, by file.
    const POPUPS: [(&str, &str); 9] = [
        ("acknowledged.rs", include_str!("acknowledged.rs")),
        ("confirm.rs", include_str!("confirm.rs")),
        ("export.rs", include_str!("export.rs")),
        ("help.rs", include_str!("help.rs")),
        ("import.rs", include_str!("import.rs")),
        ("message.rs", include_str!("message.rs")),
        ("prompt.rs", include_str!("prompt.rs")),
        ("sent.rs", include_str!("sent.rs")),
        ("trash.rs", include_str!("trash.rs")),
    ];

    /// Dialogs answer with messages, as screens do: none names a screen, the app's state
    /// or the code that carries messages and requests out.
    #[test]
    fn no_dialog_reaches_a_screen_or_the_app() {
        crate::tui::assert_names_none(&POPUPS);
    }

    /// Confirming a finalization closes the question before the app finalizes (which may
    /// open another dialog); Esc only closes it.
    #[test]
    fn a_confirmation_answers_with_messages() {
        let mut confirm = confirm::ConfirmPopup {
            message: "Finalize?".into(),
            purpose: Purpose::Finalize("lsr".into()),
        };
        let msgs = confirm.update(Some(Action::Confirm));
        assert!(
            matches!(
                msgs.as_slice(),
                [Msg::ClosePopup, Msg::Request(Request::Finalize(id))] if id == "lsr"
            ),
            "{msgs:?}"
        );
        let msgs = confirm.update(Some(Action::Cancel));
        assert!(matches!(msgs.as_slice(), [Msg::ClosePopup]), "{msgs:?}");
        assert!(confirm.update(Some(Action::Down)).is_empty());
    }

    /// Picking a format by its number asks for that export, and not to replace files met
    /// by the export of another format.
    #[test]
    fn an_export_asks_for_the_format_picked() {
        let mut export = export::ExportPopup::new("lsr");
        export.overwrite = true;
        let msgs = export.update(Some(Action::Pick(2)));
        match msgs.as_slice() {
            [
                Msg::Request(Request::Export {
                    form,
                    format,
                    overwrite,
                    attach_json,
                }),
            ] => {
                assert_eq!(form, "lsr");
                assert_eq!(*format, export::CHOICES[1].1);
                assert!(!overwrite);
                assert!(!attach_json, "the answers file is attached only when asked");
            }
            other => panic!("{other:?}"),
        }
    }

    /// `a` attaches the answers as JSON to the e-mails of the next export, `a` again leaves
    /// them out; the key is the keymap's.
    #[test]
    fn a_toggles_the_answers_file_of_the_e_mails() {
        use crate::tui::keymap::{Context, lookup};
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        let action = lookup(Context::Export, &key);
        assert_eq!(action, Some(Action::ToggleAttachJson));
        let mut export = export::ExportPopup::new("lsr");
        let asked = |export: &mut export::ExportPopup| match export
            .update(Some(Action::Pick(6)))
            .as_slice()
        {
            [Msg::Request(Request::Export { attach_json, .. })] => *attach_json,
            other => panic!("{other:?}"),
        };
        assert!(export.update(action).is_empty());
        assert!(asked(&mut export), "asked for");
        export.update(action);
        assert!(!asked(&mut export), "left out again");
    }
}
