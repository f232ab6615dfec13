//! Dates: typed `YYYY-MM-DD`, or stepped a day at a time with + and - (+ on an empty or
//! unfinished date starts from today; - types a dash until the date is complete).

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Reply;
use super::text::TextInput;
use crate::domain::change::edit::Edit;
use crate::tui::action::Action;

#[derive(Debug)]
pub struct DateField {
    pub input: TextInput,
    /// The date the field offers (its default), which Enter on the empty field accepts.
    pub default: Option<String>,
}

impl DateField {
    pub fn new(text: &str) -> Self {
        Self {
            input: TextInput::new(text),
            default: None,
        }
    }

    /// Offers a default date: shown dimmed in the empty field until accepted or typed over.
    pub(crate) fn offer(&mut self, default: String) {
        // What Enter does is said under the field, wrapped (see [`super::offered`]).
        self.input.area.set_placeholder_text(default.clone());
        self.default = Some(default);
    }

    fn date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.input.text().trim(), "%Y-%m-%d").ok()
    }

    pub(crate) fn on_action(&mut self, action: Action, today: NaiveDate) -> Reply {
        match action {
            Action::StepDate(days) => match self.date() {
                Some(d) => {
                    let next = d + chrono::Duration::days(days);
                    self.input.set_text(&next.to_string());
                    Reply::Typed
                }
                None if days > 0 => {
                    self.input.set_text(&today.to_string());
                    Reply::Typed
                }
                None => self
                    .input
                    .type_key(KeyEvent::new(KeyCode::Char('-'), KeyModifiers::NONE)),
            },
            Action::Select if self.input.text().is_empty() && self.default.is_some() => {
                Reply::SetAndNext(Edit::Value(self.default.clone().unwrap_or_default()))
            }
            Action::Select | Action::Down => Reply::Next,
            Action::Up => Reply::Prev,
            Action::ClearToStart => self.input.clear_to_start(),
            _ => Reply::Ignored,
        }
    }

    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Reply {
        self.input.type_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn plus_on_an_empty_date_is_today_then_steps() {
        let mut d = DateField::new("");
        assert_eq!(d.on_action(Action::StepDate(1), today()), Reply::Typed);
        assert_eq!(d.input.text(), "2026-11-25");
        d.on_action(Action::StepDate(1), today());
        assert_eq!(d.input.text(), "2026-11-26");
        d.on_action(Action::StepDate(-1), today());
        d.on_action(Action::StepDate(-1), today());
        assert_eq!(d.input.text(), "2026-11-24");
    }

    #[test]
    fn enter_accepts_an_offered_date_and_a_typed_one_wins() {
        let mut d = DateField::new("");
        d.offer("2026-01-12".into());
        assert_eq!(
            d.on_action(Action::Select, today()),
            Reply::SetAndNext(Edit::Value("2026-01-12".into()))
        );
        let mut d = DateField::new("2026-01-09");
        d.offer("2026-01-12".into());
        assert_eq!(d.on_action(Action::Select, today()), Reply::Next);
    }

    #[test]
    fn minus_types_a_dash_in_an_unfinished_date() {
        let mut d = DateField::new("2026");
        d.on_action(Action::StepDate(-1), today());
        assert_eq!(d.input.text(), "2026-");
    }
}
