//! Saving the same draft again and again (the wizard's autosave): the answers block of the
//! last save is kept line by line, so the next save renders only the answers that changed
//! and copies the rest. Typing into one field of the example draft rewrites one line's
//! text instead of serializing 560 answers. The text is byte for byte what
//! [`write_disk`]`(`[`to_disk`]`(draft))` writes (a test checks it after random edits).

use std::collections::BTreeMap;

use super::{
    Line, answer_line, disk_form, disk_path, has_row_ids, natural_cmp, to_disk, write_disk,
    write_head, write_tail,
};
use crate::domain::draft::{DRAFT_FORMAT, Draft};
use crate::domain::values::answer::Answer;

/// The answers block of the last save, and what it was made from.
#[derive(Debug, Default)]
pub struct Writer {
    /// Every answer of the draft saved last, in the draft's order: its path in memory, the
    /// answer, and its line in the file (empty for a group's row count, which has none).
    answers: Vec<Cached>,
    /// The row ids the lines were made with.
    row_ids: BTreeMap<String, Vec<String>>,
    /// The lines of the answers block in file order.
    order: Vec<Piece>,
}

#[derive(Debug)]
struct Cached {
    path: String,
    answer: Answer,
    line: String,
}

#[derive(Debug)]
enum Piece {
    /// A row's marker line, as written.
    Row(String),
    /// The line of `answers[i]`.
    Answer(usize),
}

impl Writer {
    /// The draft's file text (without the comment line the store puts on top).
    pub fn text(&mut self, draft: &Draft) -> String {
        // Conflicts and rows still without ids are rare (a merge, an old file): they take
        // the long way, and the next save starts afresh.
        if !draft.conflicts.is_empty() || !has_row_ids(draft) {
            *self = Writer::default();
            return write_disk(&to_disk(draft));
        }
        if self.same_lines(draft) {
            self.refresh(draft);
        } else if !self.rebuild(draft) {
            *self = Writer::default();
            return write_disk(&to_disk(draft));
        }
        self.write(draft)
    }

    /// Whether the draft has the same answers (paths) and rows as the last save.
    fn same_lines(&self, draft: &Draft) -> bool {
        self.row_ids == draft.row_ids
            && self.answers.len() == draft.answers.len()
            && !self.answers.is_empty()
            && self
                .answers
                .iter()
                .zip(draft.answers.keys())
                .all(|(cached, path)| cached.path == *path)
    }

    /// Renders again the lines whose answer changed.
    fn refresh(&mut self, draft: &Draft) {
        for (cached, (path, answer)) in self.answers.iter_mut().zip(&draft.answers) {
            if cached.answer != *answer {
                cached.answer = answer.clone();
                cached.line = render(draft, path, answer);
            }
        }
    }

    /// Renders every line and puts them in file order. False when two lines would have the
    /// same key in the file (a hand-made path that spells a row id): the long way keeps the
    /// last, as it always did.
    fn rebuild(&mut self, draft: &Draft) -> bool {
        self.answers = draft
            .answers
            .iter()
            .map(|(path, answer)| Cached {
                path: path.clone(),
                answer: answer.clone(),
                line: render(draft, path, answer),
            })
            .collect();
        self.row_ids = draft.row_ids.clone();
        let mut keyed: Vec<(String, Piece)> = Vec::with_capacity(self.answers.len());
        for (group, ids) in &draft.row_ids {
            for id in ids {
                let key = format!("{group}[{id}]");
                let mut line = String::new();
                answer_line(&mut line, &key, &Line::Row);
                keyed.push((key, Piece::Row(line)));
            }
        }
        for (i, cached) in self.answers.iter().enumerate() {
            if !cached.line.is_empty() {
                keyed.push((disk_path(draft, &cached.path), Piece::Answer(i)));
            }
        }
        keyed.sort_by(|a, b| natural_cmp(&a.0, &b.0).then_with(|| a.0.cmp(&b.0)));
        if keyed.windows(2).any(|w| w[0].0 == w[1].0) {
            return false;
        }
        self.order = keyed.into_iter().map(|(_, piece)| piece).collect();
        true
    }

    fn write(&self, draft: &Draft) -> String {
        let forms = draft
            .forms
            .iter()
            .map(|(id, state)| (id.clone(), disk_form(draft, id, state)))
            .collect();
        let size: usize = self.answers.iter().map(|a| a.line.len()).sum();
        let mut out = String::with_capacity(size + 64 * (draft.forms.len() + 8));
        write_head(&mut out, DRAFT_FORMAT, draft.created, &forms);
        for piece in &self.order {
            out.push_str(match piece {
                Piece::Row(line) => line,
                Piece::Answer(i) => &self.answers[*i].line,
            });
        }
        write_tail(&mut out, self.order.is_empty());
        out
    }
}

/// An answer's line in the file; empty for what has no line (a group's row count).
fn render(draft: &Draft, path: &str, answer: &Answer) -> String {
    let mut line = String::new();
    if let Some(value) = Line::from_answer(answer) {
        answer_line(&mut line, &disk_path(draft, path), &value);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::drafts::{parse, to_ron};
    use proptest::prelude::*;
    use std::path::Path;

    fn example() -> Draft {
        let text = include_str!("../../../saves/example.ron");
        parse(text, Path::new("example.ron")).unwrap()
    }

    /// What the store writes, without its comment line.
    fn body(draft: &Draft) -> String {
        let text = to_ron(draft);
        let start = text.find('(').unwrap();
        text[start..text.len() - 1].to_string()
    }

    #[derive(Debug, Clone)]
    enum Change {
        Set(usize, String),
        Remove(usize),
        Add(String),
        AddRow(usize),
        Conflict(usize),
        Status(usize),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            6 => (any::<usize>(), "[a-zé\"\\\\\n' 東]{0,6}").prop_map(|(i, t)| Change::Set(i, t)),
            1 => any::<usize>().prop_map(Change::Remove),
            1 => "[a-z]{1,4}".prop_map(Change::Add),
            1 => any::<usize>().prop_map(Change::AddRow),
            1 => any::<usize>().prop_map(Change::Conflict),
            1 => any::<usize>().prop_map(Change::Status),
        ]
    }

    fn apply(draft: &mut Draft, change: &Change) {
        let key = |i: usize| draft.answers.keys().nth(i % draft.answers.len()).cloned();
        match change {
            Change::Set(i, text) => {
                let k = key(*i).unwrap();
                if !matches!(draft.answers[&k], Answer::Rows(_)) {
                    draft.answers.insert(k, Answer::Text(text.clone()));
                }
            }
            Change::Remove(i) => {
                let k = key(*i).unwrap();
                if !matches!(draft.answers[&k], Answer::Rows(_)) {
                    draft.answers.remove(&k);
                }
            }
            Change::Add(field) => {
                draft
                    .answers
                    .insert(format!("profile.x_{field}"), Answer::YesNo(true));
            }
            Change::AddRow(i) => {
                let group = draft.row_ids.keys().nth(i % draft.row_ids.len()).unwrap();
                let group = group.clone();
                let n = draft.row_ids[&group].len() + 1;
                draft
                    .row_ids
                    .get_mut(&group)
                    .unwrap()
                    .push(format!("{n}-new{n}"));
                draft.answers.insert(group.clone(), Answer::Rows(n));
                let (form, field) = group.split_once('.').unwrap();
                draft.answers.insert(
                    format!("{form}.{field}[{n}].note"),
                    Answer::Text("x".into()),
                );
            }
            Change::Conflict(i) => {
                let k = key(*i).unwrap();
                draft
                    .conflicts
                    .insert(k, Some(Answer::Text("theirs".into())));
            }
            Change::Status(i) => {
                let id = draft
                    .forms
                    .keys()
                    .nth(i % draft.forms.len())
                    .unwrap()
                    .clone();
                let state = draft.forms.get_mut(&id).unwrap();
                state.status = crate::domain::values::status::FormStatus::InProgress;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn writes_what_the_store_writes_after_any_edits(changes in proptest::collection::vec(change(), 1..12)) {
            let mut draft = example();
            let mut writer = Writer::default();
            prop_assert_eq!(writer.text(&draft), body(&draft));
            for change in &changes {
                apply(&mut draft, change);
                prop_assert_eq!(writer.text(&draft), body(&draft), "after {:?}", change);
                if matches!(change, Change::Conflict(_)) {
                    draft.conflicts.clear();
                }
            }
        }
    }

    #[test]
    fn typing_rerenders_one_line() {
        let mut draft = example();
        let mut writer = Writer::default();
        writer.text(&draft);
        draft.answers.insert(
            "profile.legal_name".into(),
            Answer::Text("Acme \"Fiber\" LLC".into()),
        );
        let lines_before: Vec<*const u8> = writer.answers.iter().map(|a| a.line.as_ptr()).collect();
        assert_eq!(writer.text(&draft), body(&draft));
        let changed = writer
            .answers
            .iter()
            .zip(&lines_before)
            .filter(|(a, before)| a.line.as_ptr() != **before)
            .count();
        assert_eq!(changed, 1, "only the edited line is rendered again");
    }
}
