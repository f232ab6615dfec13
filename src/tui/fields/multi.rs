//! Multiple choice and several states: Space (or a number) picks and unpicks the option
//! under the cursor; Enter goes on, picking first the one option a filter leaves, or
//! accepting the default offered while nothing is picked.

use ratatui::text::{Line, Span};

use super::choice::ChoiceList;
use super::{Page, Reply};
use crate::domain::change::edit::Edit;
use crate::domain::values::answer::Answer;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct MultiField {
    pub list: ChoiceList,
    /// The values a default offers (another form's answer), until something is picked.
    offered: Vec<String>,
}

impl MultiField {
    pub fn new(options: Vec<(String, String)>, preferred: usize, answer: Option<&Answer>) -> Self {
        Self {
            list: ChoiceList::new(options, preferred, answer),
            offered: Vec::new(),
        }
    }

    /// Offers a default (values comma-separated, as typed): shown while nothing is picked,
    /// and Enter accepts it.
    pub(crate) fn offer(&mut self, default: &str) {
        self.offered = default
            .split(',')
            .map(str::trim)
            .filter(|v| self.list.options.iter().any(|(o, _)| o == v))
            .map(str::to_string)
            .collect();
    }

    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        if let Some(reply) = self.list.move_for(action) {
            return reply;
        }
        match action {
            Action::Toggle => match self.list.current().map(|(v, _)| v.clone()) {
                Some(v) => self.toggle(&v),
                None => Reply::Handled,
            },
            Action::Pick(n) => match self.list.nth(n) {
                Some(v) => self.toggle(&v),
                None => Reply::Handled,
            },
            Action::Select => match self.pending() {
                Some(edit) => {
                    let only = self.list.only_match().map(str::to_string);
                    if let Some(v) = only {
                        self.list.picked.push(v);
                    }
                    Reply::SetAndNext(edit)
                }
                None if self.list.picked.is_empty() && !self.offered.is_empty() => {
                    self.list.picked = std::mem::take(&mut self.offered);
                    Reply::SetAndNext(answer(&self.list.picked))
                }
                None => Reply::Next,
            },
            _ => Reply::Ignored,
        }
    }

    /// Picks or unpicks a value; the answer is every value picked.
    fn toggle(&mut self, value: &str) -> Reply {
        match self.list.picked.iter().position(|v| v == value) {
            Some(i) => {
                self.list.picked.remove(i);
            }
            None => self.list.picked.push(value.to_string()),
        }
        self.list.clear_filter();
        Reply::Set(answer(&self.list.picked))
    }

    /// The one option a filter leaves, when it is not picked yet.
    pub fn pending(&self) -> Option<Edit> {
        let only = self.list.only_match()?;
        if self.list.picked.iter().any(|p| p == only) {
            return None;
        }
        let mut picked = self.list.picked.clone();
        picked.push(only.to_string());
        Some(answer(&picked))
    }

    /// What is picked (by label), then the list.
    pub fn draw(&self, t: &Theme, indent: &str, width: usize, page: &mut Page) {
        let picked = if self.list.picked.is_empty() && !self.offered.is_empty() {
            let labels: Vec<&str> = self.offered.iter().map(|v| self.list.label_of(v)).collect();
            format!("none; default {} (Enter accepts it)", labels.join(", "))
        } else if self.list.picked.is_empty() {
            "none".to_string()
        } else {
            let labels: Vec<&str> = self
                .list
                .picked
                .iter()
                .map(|v| self.list.label_of(v))
                .collect();
            labels.join(", ")
        };
        let room = width.saturating_sub(crate::text::width(indent) + 8);
        for (n, l) in crate::text::wrap(&picked, room).into_iter().enumerate() {
            let lead = if n == 0 { "picked: " } else { "        " };
            page.lines.push(Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(lead, t.dim()),
                Span::styled(l, t.value()),
            ]));
        }
        self.list.draw(t, indent, width, page, true);
    }
}

fn answer(picked: &[String]) -> Edit {
    if picked.is_empty() {
        Edit::Clear
    } else {
        Edit::Value(picked.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fields::choice::state_options;

    #[test]
    fn space_toggles_and_enter_picks_the_only_match() {
        let (options, n) = state_options(None, &[]);
        let mut f = MultiField::new(options, n, None);
        f.on_action(Action::Down);
        assert_eq!(
            f.on_action(Action::Toggle),
            Reply::Set(Edit::Value("AL".into()))
        );
        f.list.filter = "utah".into();
        assert_eq!(
            f.on_action(Action::Select),
            Reply::SetAndNext(Edit::Value("AL, UT".into()))
        );
        assert_eq!(f.list.picked, ["AL", "UT"]);
        f.list.filter.clear();
        assert_eq!(f.on_action(Action::Select), Reply::Next);
    }

    #[test]
    fn enter_accepts_the_default_offered_while_nothing_is_picked() {
        let (options, n) = state_options(None, &[]);
        let mut f = MultiField::new(options, n, None);
        f.offer("CO, UT, XX");
        assert_eq!(
            f.offered,
            ["CO", "UT"],
            "values the field does not take are dropped"
        );
        assert_eq!(
            f.on_action(Action::Select),
            Reply::SetAndNext(Edit::Value("CO, UT".into()))
        );
        assert_eq!(f.list.picked, ["CO", "UT"]);
        // Once something is picked, Enter goes on with what is picked.
        let (options, n) = state_options(None, &[]);
        let mut f = MultiField::new(options, n, None);
        f.offer("CO");
        f.on_action(Action::Down);
        f.on_action(Action::Toggle);
        assert_eq!(f.on_action(Action::Select), Reply::Next);
        assert_eq!(f.list.picked, ["AL"]);
    }
}
