//! The editor of the focused field: a text area for typed answers, a filtered list for
//! choices and states, nothing for yes/no (y and n answer it).

use ratatui::style::Style;
use tui_textarea::{CursorMove, TextArea};

use crate::domain::answer::Answer;
use crate::domain::form::FieldKind;
use crate::domain::states;

/// Editor of one field.
#[derive(Debug)]
pub enum Editor {
    /// Nothing to type: a group header, a read-only value, or no focus.
    None,
    Text(Box<TextEditor>),
    Choice(ChoiceEditor),
    YesNo,
}

/// A text area and what it started with (to know whether it changed).
#[derive(Debug)]
pub struct TextEditor {
    pub area: TextArea<'static>,
    pub multiline: bool,
    pub date: bool,
    pub original: String,
}

impl TextEditor {
    pub fn new(text: &str, multiline: bool, date: bool) -> Self {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Self {
            area,
            multiline,
            date,
            original: text.to_string(),
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    /// Replaces the whole text.
    pub fn set_text(&mut self, text: &str) {
        *self = TextEditor {
            original: self.original.clone(),
            ..TextEditor::new(text, self.multiline, self.date)
        };
    }
}

/// A list of options with a typed filter; several can be picked in a multiple choice.
#[derive(Debug)]
pub struct ChoiceEditor {
    /// (value, label) pairs.
    pub options: Vec<(String, String)>,
    /// Position in the filtered list.
    pub cursor: usize,
    pub filter: String,
    pub multi: bool,
    /// Values picked (the answer).
    pub picked: Vec<String>,
}

impl ChoiceEditor {
    /// Indexes of the options that match the filter, best first: values that start with
    /// it, then labels with a word that starts with it, then labels that contain it.
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        if f.is_empty() {
            return (0..self.options.len()).collect();
        }
        let rank = |(v, l): &(String, String)| {
            let (v, l) = (v.to_lowercase(), l.to_lowercase());
            if v.starts_with(&f) {
                Some(0)
            } else if l
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(&f))
            {
                Some(1)
            } else if l.contains(&f) {
                Some(2)
            } else {
                None
            }
        };
        let mut ranked: Vec<(u8, usize)> = self
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| rank(o).map(|r| (r, i)))
            .collect();
        ranked.sort();
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// Clears the filter, keeping the cursor on the same option.
    pub fn clear_filter(&mut self) {
        let current = self.visible().get(self.cursor).copied();
        self.filter.clear();
        if let Some(i) = current {
            self.cursor = i;
        }
    }

    /// The option under the cursor.
    pub fn current(&self) -> Option<&(String, String)> {
        self.visible().get(self.cursor).map(|&i| &self.options[i])
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible().len();
        if n > 0 {
            self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Adds to the filter; the cursor goes to the best match.
    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.cursor = 0;
    }

    pub fn backspace(&mut self) -> bool {
        self.cursor = 0;
        self.filter.pop().is_some()
    }

    /// The nth visible option (1-based), for number keys.
    pub fn nth(&self, n: usize) -> Option<String> {
        self.visible()
            .get(n.checked_sub(1)?)
            .map(|&i| self.options[i].0.clone())
    }

    pub fn toggle(&mut self, value: &str) {
        match self.picked.iter().position(|v| v == value) {
            Some(i) => {
                self.picked.remove(i);
            }
            None => self.picked.push(value.to_string()),
        }
    }
}

impl Editor {
    /// The editor for a field of this kind holding this answer.
    pub fn for_field(kind: &FieldKind, answer: Option<&Answer>) -> Editor {
        let text = match answer {
            Some(Answer::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let picked = match answer {
            Some(Answer::Many(v)) => v.clone(),
            Some(Answer::Text(t)) => vec![t.clone()],
            _ => Vec::new(),
        };
        let choice = |options: Vec<(String, String)>, multi: bool| {
            let cursor = picked
                .first()
                .and_then(|p| options.iter().position(|(v, _)| v == p))
                .unwrap_or(0);
            Editor::Choice(ChoiceEditor {
                options,
                cursor,
                filter: String::new(),
                multi,
                picked: picked.clone(),
            })
        };
        match kind {
            FieldKind::YesNo => Editor::YesNo,
            FieldKind::Choice { options } => choice(pairs(options), false),
            FieldKind::MultiChoice { options, .. } => choice(pairs(options), true),
            FieldKind::State { only } => choice(state_options(*only), false),
            FieldKind::States { only, .. } => choice(state_options(*only), true),
            FieldKind::MultiLine { .. } => {
                Editor::Text(Box::new(TextEditor::new(&text, true, false)))
            }
            FieldKind::Date { .. } => Editor::Text(Box::new(TextEditor::new(&text, false, true))),
            k if k.is_input() => Editor::Text(Box::new(TextEditor::new(&text, false, false))),
            _ => Editor::None,
        }
    }
}

fn pairs(options: &[crate::domain::form::ChoiceOption]) -> Vec<(String, String)> {
    options
        .iter()
        .map(|o| (o.value().to_string(), o.label().to_string()))
        .collect()
}

fn state_options(only: Option<states::Region>) -> Vec<(String, String)> {
    states::ALL
        .iter()
        .filter(|s| only.is_none_or(|r| s.region == r))
        .map(|s| (s.code.to_string(), format!("{} {}", s.code, s.name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_filter_by_code_or_name() {
        let Editor::Choice(mut e) = Editor::for_field(&FieldKind::State { only: None }, None)
        else {
            panic!()
        };
        e.type_char('c');
        e.type_char('o');
        assert_eq!(e.current().unwrap().0, "CO");
        e.backspace();
        e.backspace();
        for c in "utah".chars() {
            e.type_char(c);
        }
        assert_eq!(e.current().unwrap().0, "UT");
        e.filter = "ut".into();
        assert_eq!(e.current().unwrap().0, "UT", "codes first, not Connecticut");
        e.filter = "mex".into();
        assert_eq!(e.current().unwrap().0, "NM", "a word of the name");
        e.clear_filter();
        assert_eq!(e.current().unwrap().0, "NM", "the cursor stays");
    }

    #[test]
    fn multi_toggles() {
        let Editor::Choice(mut e) = Editor::for_field(
            &FieldKind::States {
                only: None,
                min: None,
                max: None,
            },
            None,
        ) else {
            panic!()
        };
        e.toggle("CO");
        e.toggle("UT");
        e.toggle("CO");
        assert_eq!(e.picked, ["UT"]);
        assert_eq!(e.nth(1).unwrap(), "AK");
    }
}
