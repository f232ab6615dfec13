//! Yes/no: y or n answers and goes on; ↑ and ↓ go to the previous and next field.

use ratatui::text::{Line, Span};

use super::{Page, Reply};
use crate::domain::change::edit::Edit;
use crate::domain::rules::view::Shown;
use crate::domain::values::answer::Answer;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct YesNoField;

impl YesNoField {
    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        match action {
            Action::Answer(yes) => {
                Reply::SetAndNext(Edit::Value(if yes { "yes" } else { "no" }.into()))
            }
            Action::Up => Reply::Prev,
            Action::Down | Action::Select => Reply::Next,
            _ => Reply::Ignored,
        }
    }

    pub fn draw(&self, t: &Theme, shown: &Shown, indent: &str, page: &mut Page) {
        let answer = shown.answer();
        let pick = |on: bool, text: &str| {
            Span::styled(format!("[{text}]"), if on { t.selected() } else { t.dim() })
        };
        page.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            pick(matches!(answer, Some(Answer::YesNo(true))), "y yes"),
            Span::raw("  "),
            pick(matches!(answer, Some(Answer::YesNo(false))), "n no"),
        ]));
        if let Some(a @ (Answer::NotApplicable(_) | Answer::AskLater(_))) = answer {
            page.lines.push(Line::styled(
                format!("{indent}{}", a.display()),
                t.warning(),
            ));
        }
    }
}
