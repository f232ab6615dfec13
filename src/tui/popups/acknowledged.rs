//! "Acknowledged": the day CenturyLink acknowledged a form (today unless changed) and its
//! reference or tracking number, recorded by the same domain function as
//! `clec-wizard acknowledged`.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::tui::action::Action;
use crate::tui::fields::text::TextInput;
use crate::tui::keymap::Context;
use crate::tui::msg::{Msg, Request};
use crate::tui::theme::Theme;

/// Asks the day of CenturyLink's acknowledgement and its reference.
#[derive(Debug)]
pub struct AcknowledgedPopup {
    /// The form's id.
    pub form: String,
    /// The form's title, as shown.
    pub title: String,
    pub date: TextInput,
    pub reference: TextInput,
    /// The reference has the cursor (else the date).
    pub on_reference: bool,
    pub error: Option<String>,
}

impl AcknowledgedPopup {
    /// The dialog for `form`: today, and the reference recorded before (if any).
    pub fn new(form: &str, title: &str, today: NaiveDate, reference: &str) -> Self {
        let mut me = Self {
            form: form.into(),
            title: crate::text::visible(title).into_owned(),
            date: TextInput::new(&today.to_string()),
            reference: TextInput::new(&crate::text::visible(reference)),
            on_reference: false,
            error: None,
        };
        me.show_cursor();
        me
    }

    fn focused(&mut self) -> &mut TextInput {
        if self.on_reference {
            &mut self.reference
        } else {
            &mut self.date
        }
    }

    /// The cursor in the focused input only.
    fn show_cursor(&mut self) {
        let (on, off) = if self.on_reference {
            (&mut self.reference, &mut self.date)
        } else {
            (&mut self.date, &mut self.reference)
        };
        on.area
            .set_cursor_style(Style::new().add_modifier(ratatui::style::Modifier::REVERSED));
        off.area.set_cursor_style(Style::new());
    }

    pub(crate) fn update(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Msg> {
        match action {
            Some(Action::Confirm) => return self.confirm(),
            Some(Action::Cancel) => return vec![Msg::ClosePopup],
            Some(Action::NextField) => {
                self.on_reference = !self.on_reference;
                self.show_cursor();
            }
            Some(Action::ClearToStart) => {
                self.focused().clear_to_start();
            }
            _ => {
                self.focused().type_key(key);
            }
        }
        Vec::new()
    }

    fn confirm(&mut self) -> Vec<Msg> {
        match crate::domain::change::edit::sent_log_day(&self.date.text()) {
            Ok(on) => vec![Msg::Request(Request::SentLog {
                form: self.form.clone(),
                on,
                reference: Some(self.reference.text().trim().to_string()),
            })],
            Err(e) => {
                self.on_reference = false;
                self.show_cursor();
                self.error = Some(e);
                Vec::new()
            }
        }
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let intro = format!(
            "The day CenturyLink acknowledged the {}, and its reference or tracking number (may stay empty).",
            self.title
        );
        super::input_dialog(
            (t, frame, area),
            ("Acknowledged by CenturyLink", &intro),
            &[
                ("Date (YYYY-MM-DD): ", &self.date),
                ("Reference:         ", &self.reference),
            ],
            self.error.as_deref(),
            Context::Acknowledged,
        );
    }
}
