//! "Sent on": the day the user sent a form to CenturyLink (today unless changed), recorded
//! in the form's sent log by the same domain function as `clec-wizard sent`.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::fields::text::TextInput;
use crate::tui::keymap::Context;
use crate::tui::msg::{Msg, Request};
use crate::tui::theme::Theme;

/// Asks the day a form was sent.
#[derive(Debug)]
pub struct SentPopup {
    /// The form's id.
    pub form: String,
    /// The form's title, as shown.
    pub title: String,
    pub date: TextInput,
    pub error: Option<String>,
}

impl SentPopup {
    /// The dialog for `form`, its date today.
    pub fn new(form: &str, title: &str, today: NaiveDate) -> Self {
        Self {
            form: form.into(),
            title: crate::text::visible(title).into_owned(),
            date: TextInput::new(&today.to_string()),
            error: None,
        }
    }

    pub(crate) fn update(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Msg> {
        match action {
            Some(Action::Confirm) => {
                match crate::domain::change::edit::sent_log_day(&self.date.text()) {
                    Ok(on) => {
                        return vec![Msg::Request(Request::SentLog {
                            form: self.form.clone(),
                            on,
                            reference: None,
                        })];
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            Some(Action::Cancel) => return vec![Msg::ClosePopup],
            Some(Action::ClearToStart) => {
                self.date.clear_to_start();
            }
            _ => {
                self.date.type_key(key);
            }
        }
        Vec::new()
    }

    pub fn render(&self, t: &Theme, frame: &mut Frame, area: Rect) {
        let intro = format!("The day you sent the {} to CenturyLink.", self.title);
        super::input_dialog(
            (t, frame, area),
            ("Sent on", &intro),
            &[("Date (YYYY-MM-DD): ", &self.date)],
            self.error.as_deref(),
            Context::Sent,
        );
    }
}
