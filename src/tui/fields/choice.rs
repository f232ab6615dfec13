//! Single choice and single state: a list with a cursor and a typed filter. ↑↓, PgUp/PgDn
//! and Home/End move the cursor, Enter or a number picks, Tab leaves (picking the one
//! option a filter leaves). [`ChoiceList`] is shared with multiple choice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Page, Reply};
use crate::domain::change::edit::Edit;
use crate::domain::form::schema::ChoiceOption;
use crate::domain::values::answer::Answer;
use crate::domain::values::states;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// Options shown at once; PgUp/PgDn move by this many.
pub(crate) const CHOICE_ROWS: usize = 7;

/// Options with a cursor and a filter, and the values picked.
#[derive(Debug, Default)]
pub struct ChoiceList {
    /// (value, label) pairs.
    pub options: Vec<(String, String)>,
    /// The first `preferred` options are the ones the form expects (listed first, then a
    /// divider, then the rest).
    pub preferred: usize,
    /// What the divider says of the options after it (none for the default, states).
    pub divider: Option<&'static str>,
    /// Position in the visible (filtered) list.
    pub cursor: usize,
    pub filter: String,
    pub picked: Vec<String>,
}

impl ChoiceList {
    pub fn new(options: Vec<(String, String)>, preferred: usize, answer: Option<&Answer>) -> Self {
        let picked = match answer {
            Some(Answer::Many(v)) => v.clone(),
            Some(Answer::Text(t)) => vec![t.clone()],
            _ => Vec::new(),
        };
        let cursor = picked
            .first()
            .and_then(|p| options.iter().position(|(v, _)| v == p))
            .unwrap_or(0);
        Self {
            options,
            preferred,
            divider: None,
            cursor,
            filter: String::new(),
            picked,
        }
    }

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

    /// The option under the cursor.
    pub fn current(&self) -> Option<&(String, String)> {
        self.visible().get(self.cursor).map(|&i| &self.options[i])
    }

    /// The value a filter leaves alone, if exactly one option matches it.
    pub(crate) fn only_match(&self) -> Option<&str> {
        if self.filter.is_empty() {
            return None;
        }
        match self.visible()[..] {
            [i] => Some(self.options[i].0.as_str()),
            _ => None,
        }
    }

    /// The label of a value (the value itself when it is not an option).
    pub(crate) fn label_of<'a>(&'a self, value: &'a str) -> &'a str {
        self.options
            .iter()
            .find(|(v, _)| v == value)
            .map_or(value, |(_, l)| l.as_str())
    }

    /// The nth visible option's value (1-based), for number keys.
    pub fn nth(&self, n: usize) -> Option<String> {
        let i = *self.visible().get(n.checked_sub(1)?)?;
        Some(self.options[i].0.clone())
    }

    /// Moves the cursor for ↑↓ and Home/End, and PgUp/PgDn in a list longer than the box;
    /// `None` for other actions (a short list leaves PgUp/PgDn to the form).
    pub(crate) fn move_for(&mut self, action: Action) -> Option<Reply> {
        let n = self.visible().len();
        let last = n.saturating_sub(1);
        let long = n > CHOICE_ROWS;
        self.cursor = match action {
            Action::Up => self.cursor.saturating_sub(1),
            Action::Down => (self.cursor + 1).min(last),
            Action::PageUp if long => self.cursor.saturating_sub(CHOICE_ROWS),
            Action::PageDown if long => (self.cursor + CHOICE_ROWS).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => return None,
        };
        Some(Reply::Handled)
    }

    /// Typing filters the list (the cursor goes to the best match); Backspace edits it.
    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.filter.push(c);
                self.cursor = 0;
                Reply::Handled
            }
            KeyCode::Backspace if self.filter.pop().is_some() => {
                self.cursor = 0;
                Reply::Handled
            }
            _ => Reply::Ignored,
        }
    }

    /// Pasted text goes into the filter.
    pub(crate) fn type_str(&mut self, text: &str) -> bool {
        self.filter.push_str(text.trim());
        self.cursor = 0;
        !text.trim().is_empty()
    }

    /// Clears the filter, keeping the cursor on the same option.
    pub(crate) fn clear_filter(&mut self) {
        let current = self.visible().get(self.cursor).copied();
        self.filter.clear();
        if let Some(i) = current {
            self.cursor = i;
        }
    }

    /// The filter line, the options around the cursor, and how many there are.
    pub fn draw(&self, t: &Theme, indent: &str, width: usize, page: &mut Page, multi: bool) {
        let visible = self.visible();
        if !self.filter.is_empty() {
            let n = visible.len();
            page.lines.push(Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled("filter: ", t.dim()),
                Span::styled(self.filter.clone(), t.focused()),
                Span::styled(
                    format!("  ({n} match{})", if n == 1 { "" } else { "es" }),
                    t.dim(),
                ),
            ]));
        }
        if visible.is_empty() {
            page.wrapped(
                indent,
                "no option matches; Backspace edits the filter",
                width,
                t.warning(),
            );
            return;
        }
        let first = self
            .cursor
            .saturating_sub(CHOICE_ROWS / 2)
            .min(visible.len().saturating_sub(CHOICE_ROWS));
        let divider =
            self.filter.is_empty() && self.preferred > 0 && self.preferred < self.options.len();
        for (pos, &i) in visible.iter().enumerate().skip(first).take(CHOICE_ROWS) {
            if divider && i == self.preferred && pos > first {
                let what = self.divider.unwrap_or("other states");
                page.lines
                    .push(Line::styled(format!("{indent}  ── {what} ──"), t.dim()));
            }
            self.option_line(t, indent, width, pos, i, multi, page);
        }
        if visible.len() > CHOICE_ROWS {
            let n = visible.len();
            page.lines.push(Line::styled(
                format!("{indent}  {} of {n}; type to filter", self.cursor + 1),
                t.dim(),
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn option_line(
        &self,
        t: &Theme,
        indent: &str,
        width: usize,
        pos: usize,
        i: usize,
        multi: bool,
        page: &mut Page,
    ) {
        let (value, label) = &self.options[i];
        let on = self.picked.contains(value);
        let mark = match (multi, on) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let number = if pos < 9 {
            format!("{}", pos + 1)
        } else {
            " ".into()
        };
        let style = if pos == self.cursor {
            t.selected()
        } else {
            Style::new()
        };
        let head = format!("{indent}{number} ");
        let room = width.saturating_sub(crate::text::width(&head) + 4);
        for (n, l) in crate::text::wrap(label, room).into_iter().enumerate() {
            let (lead, text) = if n == 0 {
                (head.clone(), format!("{mark} {l}"))
            } else {
                (" ".repeat(crate::text::width(&head)), format!("    {l}"))
            };
            page.lines.push(Line::from(vec![
                Span::styled(lead, t.dim()),
                Span::styled(text, style),
            ]));
        }
    }
}

/// A single choice or a single state.
#[derive(Debug)]
pub struct ChoiceField {
    pub list: ChoiceList,
}

impl ChoiceField {
    pub fn new(options: Vec<(String, String)>, answer: Option<&Answer>) -> Self {
        Self {
            list: ChoiceList::new(options, 0, answer),
        }
    }

    /// A choice whose `first` options are offered first, the others after a divider.
    pub(crate) fn offering(
        options: Vec<(String, String)>,
        first: usize,
        answer: Option<&Answer>,
    ) -> Self {
        let mut list = ChoiceList::new(options, first, answer);
        list.divider = Some("not offered here");
        Self { list }
    }

    /// A state picker: the preferred states first.
    pub fn states(
        only: Option<states::Region>,
        preferred: &[String],
        answer: Option<&Answer>,
    ) -> Self {
        let (options, first) = state_options(only, preferred);
        Self {
            list: ChoiceList::new(options, first, answer),
        }
    }

    /// Moves the cursor off a value `used` elsewhere (another row's state) to the first
    /// option not used, so Enter on a new row does not pick a taken state.
    pub(crate) fn avoid(&mut self, used: &[String]) {
        let visible = self.list.visible();
        let taken = |at: usize| {
            visible
                .get(at)
                .is_some_and(|&i| used.contains(&self.list.options[i].0))
        };
        if !taken(self.list.cursor) {
            return;
        }
        if let Some(at) = (0..visible.len()).find(|&at| !taken(at)) {
            self.list.cursor = at;
        }
    }

    /// Puts the cursor on the default the field offers, so Enter accepts it.
    pub(crate) fn offer(&mut self, default: &str) {
        if let Some(at) = self
            .list
            .visible()
            .iter()
            .position(|&i| self.list.options[i].0 == default)
        {
            self.list.cursor = at;
        }
    }

    pub(crate) fn on_action(&mut self, action: Action) -> Reply {
        if let Some(reply) = self.list.move_for(action) {
            return reply;
        }
        let value = match action {
            Action::Select => self.list.current().map(|(v, _)| v.clone()),
            Action::Pick(n) => self.list.nth(n),
            _ => return Reply::Ignored,
        };
        match value {
            Some(v) => Reply::SetAndNext(Edit::Value(v)),
            None => Reply::Handled,
        }
    }

    /// The one option a filter leaves, when it is not the answer yet.
    pub fn pending(&self) -> Option<Edit> {
        let only = self.list.only_match()?;
        (!self.list.picked.iter().any(|p| p == only)).then(|| Edit::Value(only.to_string()))
    }
}

/// A form's options as (value, label) pairs.
pub(crate) fn pairs(options: &[ChoiceOption]) -> Vec<(String, String)> {
    options
        .iter()
        .map(|o| (o.value().to_string(), o.label().to_string()))
        .collect()
}

/// Options with the preferred ones first (in their own order), and how many are preferred.
pub(crate) fn preferred_first(
    options: Vec<(String, String)>,
    preferred: &[String],
) -> (Vec<(String, String)>, usize) {
    let (mut first, rest): (Vec<_>, Vec<_>) = options
        .into_iter()
        .partition(|(v, _)| preferred.contains(v));
    let n = first.len();
    first.extend(rest);
    (first, n)
}

/// The states a picker offers, the preferred first; and how many are preferred.
pub(crate) fn state_options(
    only: Option<states::Region>,
    preferred: &[String],
) -> (Vec<(String, String)>, usize) {
    let all: Vec<(String, String)> = states::ALL
        .iter()
        .filter(|s| only.is_none_or(|r| s.in_region(r)))
        .map(|s| (s.code.to_string(), format!("{} {}", s.code, s.name)))
        .collect();
    let (mut first, rest): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(v, _)| preferred.contains(v));
    let n = first.len();
    first.extend(rest);
    (first, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_filter_by_code_or_name() {
        let mut e = ChoiceField::states(None, &[], None).list;
        e.filter = "co".into();
        assert_eq!(e.current().unwrap().0, "CO");
        e.filter = "utah".into();
        assert_eq!(e.current().unwrap().0, "UT");
        e.filter = "ut".into();
        assert_eq!(e.current().unwrap().0, "UT", "codes first, not Connecticut");
        e.filter = "mex".into();
        assert_eq!(e.current().unwrap().0, "NM", "a word of the name");
        assert_eq!(e.only_match(), Some("NM"));
        e.clear_filter();
        assert_eq!(e.current().unwrap().0, "NM", "the cursor stays");
    }

    #[test]
    fn the_cursor_moves_and_enter_picks_what_it_is_on() {
        let mut f = ChoiceField::states(None, &[], None);
        f.on_action(Action::Down);
        f.on_action(Action::Down);
        assert_eq!(
            f.on_action(Action::Select),
            Reply::SetAndNext(Edit::Value("AR".into()))
        );
        f.on_action(Action::Last);
        assert_eq!(f.list.current().unwrap().0, "WY");
        f.on_action(Action::PageUp);
        assert_eq!(f.list.cursor, f.list.visible().len() - 1 - CHOICE_ROWS);
        f.on_action(Action::First);
        f.on_action(Action::Up);
        assert_eq!(f.list.cursor, 0, "the top stops the cursor");
    }

    #[test]
    fn preferred_states_come_first() {
        let (options, n) = state_options(None, &["UT".into(), "CO".into()]);
        assert_eq!(n, 2);
        assert_eq!(options[0].0, "CO");
        assert_eq!(options[1].0, "UT");
        assert_eq!(options.len(), states::ALL.len());
    }

    #[test]
    fn offered_options_come_first_in_their_order() {
        let pairs = |v: &[&str]| -> Vec<(String, String)> {
            v.iter()
                .map(|s| (s.to_string(), s.to_uppercase()))
                .collect()
        };
        let (options, first) =
            preferred_first(pairs(&["nta", "opt_in", "cteq"]), &["cteq".to_string()]);
        assert_eq!(options, pairs(&["cteq", "nta", "opt_in"]));
        assert_eq!(first, 1);
        let (options, first) = preferred_first(pairs(&["a", "b"]), &[]);
        assert_eq!((options, first), (pairs(&["a", "b"]), 0));
    }
}
