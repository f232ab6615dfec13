//! Merge conflicts a draft holds (two branches changed one answer differently, or one
//! removed a row the other edited): what keeping either side does, decided here once for
//! `set --ours/--theirs`, the wizard and `fill` (`change::edit::settle_conflict` applies
//! it), and which conflict the user settles from where they are.

use crate::domain::draft::Draft;
use crate::domain::values::answer::Key;

/// Which side of a merge conflict to keep: this branch's (`ours`) or the other's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// What keeping one side of a conflict does: the one rule `set --ours/--theirs`, the
/// wizard and `fill` follow, and the words they all say it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// An answer: this branch's kept.
    KeptOurs,
    /// An answer: the other branch's taken (or removed, when it removed it).
    TookTheirs,
    /// A row removed on one side and edited on the other: kept whole, as edited.
    RowKept,
    /// The same row: removed, with all its answers.
    RowRemoved,
}

impl Settled {
    /// What keeping the side does, said before it is done.
    pub fn does(self) -> &'static str {
        match self {
            Settled::KeptOurs => "keeps this branch's answer",
            Settled::TookTheirs => "takes the other branch's answer",
            Settled::RowKept => "keeps the row as edited",
            Settled::RowRemoved => "removes the row with all its answers",
        }
    }
}

impl std::fmt::Display for Settled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Settled::KeptOurs => "kept this branch's answer",
            Settled::TookTheirs => "took the other branch's answer",
            Settled::RowKept => "kept the row as edited",
            Settled::RowRemoved => "removed the row with all its answers",
        })
    }
}

/// `form.group[N]` split into (form, group, N): a row a conflict can be on.
pub(crate) fn row_of(path: &str) -> Option<(&str, &str, usize)> {
    let (form, rest) = path.split_once('.')?;
    let (group, index) = rest.strip_suffix(']')?.split_once('[')?;
    let index = index.parse::<usize>().ok().filter(|i| *i >= 1)?;
    (!group.contains('.')).then_some((form, group, index))
}

/// What keeping `side` of the conflict on `path` would do; `None` when there is no
/// conflict there. A row in conflict is kept whole as the side that edited it has it
/// (its `theirs` is `None` when the other branch removed it, some row when this one did).
pub(crate) fn settling(draft: &Draft, path: &str, side: Side) -> Option<Settled> {
    let theirs = draft.conflicts.get(path)?;
    Some(match (row_of(path), side) {
        (Some(_), side) => match (theirs.is_some(), side) {
            (true, Side::Theirs) | (false, Side::Ours) => Settled::RowKept,
            _ => Settled::RowRemoved,
        },
        (None, Side::Ours) => Settled::KeptOurs,
        (None, Side::Theirs) => Settled::TookTheirs,
    })
}

/// The conflict the user settles from `path` (a field, or a row's field): the answer's
/// own, else that of the row it is in; `None` when neither is in conflict.
pub(crate) fn conflict_at(draft: &Draft, path: &str) -> Option<String> {
    if draft.conflicts.contains_key(path) {
        return Some(path.to_string());
    }
    let key = Key::parse(path).ok()?;
    let row = key.row.as_ref()?;
    let row = format!("{}.{}[{}]", key.form, key.field, row.index);
    draft.conflicts.contains_key(&row).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;

    /// A row in conflict is kept by the side that edited it and removed by the side that
    /// removed it; an answer's sides are the answers; no conflict, nothing to settle.
    #[test]
    fn what_each_side_does() {
        let mut draft = Draft::new("2026-11-25T10:00:00Z".parse().unwrap());
        let row = "f.g[2]";
        // Removed on theirs (none), edited on ours.
        draft.conflicts.insert(row.into(), None);
        assert_eq!(settling(&draft, row, Side::Ours), Some(Settled::RowKept));
        assert_eq!(
            settling(&draft, row, Side::Theirs),
            Some(Settled::RowRemoved)
        );
        // Removed on ours, edited on theirs (the row as they have it).
        draft.conflicts.insert(row.into(), Some(Answer::Rows(1)));
        assert_eq!(settling(&draft, row, Side::Ours), Some(Settled::RowRemoved));
        assert_eq!(settling(&draft, row, Side::Theirs), Some(Settled::RowKept));
        draft
            .conflicts
            .insert("f.x".into(), Some(Answer::YesNo(true)));
        assert_eq!(settling(&draft, "f.x", Side::Ours), Some(Settled::KeptOurs));
        assert_eq!(
            settling(&draft, "f.x", Side::Theirs),
            Some(Settled::TookTheirs)
        );
        assert_eq!(settling(&draft, "f.y", Side::Ours), None);
        // From a row's field, the row's conflict; a field's own comes first.
        assert_eq!(conflict_at(&draft, "f.g[2].name").as_deref(), Some(row));
        assert_eq!(conflict_at(&draft, "f.g[1].name"), None);
        draft.conflicts.insert("f.g[2].name".into(), None);
        assert_eq!(
            conflict_at(&draft, "f.g[2].name").as_deref(),
            Some("f.g[2].name")
        );
    }
}
