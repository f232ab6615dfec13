//! The draft file, format 3: made to merge and to diff. A form's line holds its status
//! alone; what it records (finalized and sent copies, messages, the acknowledgement,
//! document stamps) is under `records`, one per line ([`FileDraft`]). Format 2, which kept
//! them on the form's line ([`DiskDraft`]), still loads.
//!
//! As in format 2, nothing changes unless an answer or a status does (no save times: the
//! last change is the file's modification time; where the user left off is kept beside
//! the draft, not in it); rows of groups carry stable ids
//! (`form.group[3-k7qz].field`) and each row has a marker line (`form.group[3-k7qz]: Row`),
//! so removing a row changes that row's lines only; lines sort numerically (`[2]` before
//! `[10]`); an answer two merged branches changed differently is kept side by side as
//! `Conflict(ours, theirs)`. In memory rows are numbered as always (`form.group[N]`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::draft::records::Acknowledgement;
use crate::domain::draft::records::FinalCopy;
use crate::domain::draft::records::Mailing;
use crate::domain::draft::{
    DRAFT_FORMAT, DocumentStamp, Draft, ExportRecord, FormState, unique_keys,
};
use crate::domain::values::answer::Answer;
pub(crate) use crate::domain::values::answer::natural_cmp;
use crate::domain::values::status::FormStatus;

/// A draft as stored in format 2, and the draft the merge driver merges (each form with
/// its records, [`DiskForm`]); format 3 writes it as a [`FileDraft`].
/// Reading refuses what this build does not know and keys given twice (serde would keep
/// the last silently, and the next save would drop the rest), as format 1 does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskDraft {
    pub format: u32,
    pub created: DateTime<Utc>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub forms: BTreeMap<String, DiskForm>,
    #[serde(
        default,
        serialize_with = "natural_order",
        deserialize_with = "unique_keys"
    )]
    pub answers: BTreeMap<String, Line>,
}

/// A form's status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskForm {
    pub status: FormStatus,
    pub version: u32,
    #[serde(default)]
    pub exported: Option<DiskExport>,
    /// The finalized copy (see [`crate::domain::rules::finalized`]); absent in older drafts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalized: Option<FinalCopy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mailed: Vec<Mailing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<NaiveDate>,
    /// The copy that was sent (see [`crate::domain::rules::frozen`]); absent in older drafts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_copy: Option<FinalCopy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledgement>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub documents: BTreeMap<String, DocumentStamp>,
}

/// The last export of a form: when, under which form version, in which format, the
/// fingerprint of the answers it carried, and the finalized revision it was made from
/// (0: the live answers; absent in drafts written before it was kept, which keep their
/// meaning: see [`FormState::changed_since_export`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskExport {
    pub at: DateTime<Utc>,
    pub version: u32,
    pub format: String,
    pub answers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalized: Option<u32>,
}

/// One line of `answers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Line {
    Text(String),
    YesNo(bool),
    Many(Vec<String>),
    NotApplicable(String),
    AskLater(String),
    /// A row of a group (`form.group[ID]`), in the place its id's number gives it.
    Row,
    /// A row moved from that place: its rank among the group's rows (rows sort by rank,
    /// a plain `Row` ranking as its id's number; equal ranks by id).
    RowAt(u64),
    /// Two branches changed the answer differently: (ours, theirs); none means removed.
    Conflict(Option<Answer>, Option<Answer>),
}

impl Line {
    fn from_answer(answer: &Answer) -> Option<Line> {
        Some(match answer.clone() {
            Answer::Text(t) => Line::Text(t),
            Answer::YesNo(b) => Line::YesNo(b),
            Answer::Many(v) => Line::Many(v),
            Answer::NotApplicable(r) => Line::NotApplicable(r),
            Answer::AskLater(n) => Line::AskLater(n),
            Answer::Rows(_) => return None,
        })
    }

    fn into_answer(self) -> Option<Answer> {
        Some(match self {
            Line::Text(t) => Answer::Text(t),
            Line::YesNo(b) => Answer::YesNo(b),
            Line::Many(v) => Answer::Many(v),
            Line::NotApplicable(r) => Answer::NotApplicable(r),
            Line::AskLater(n) => Answer::AskLater(n),
            Line::Row | Line::RowAt(_) | Line::Conflict(..) => return None,
        })
    }

    /// Whether the line is a row's marker.
    pub(crate) fn is_row(&self) -> bool {
        matches!(self, Line::Row | Line::RowAt(_))
    }

    /// A row's marker in conflict (removed on one side, edited on the other: the row kept
    /// as the editing side has it): the other side's row, `None` for removed there.
    fn row_conflict(&self) -> Option<Option<Answer>> {
        match self {
            Line::Conflict(Some(Answer::Rows(_)), None) => Some(None),
            Line::Conflict(None, Some(Answer::Rows(_))) => Some(Some(Answer::Rows(1))),
            _ => None,
        }
    }
}

fn natural_order<S: Serializer, V: Serialize>(
    map: &BTreeMap<String, V>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut entries: Vec<(&String, &V)> = map.iter().collect();
    entries.sort_by(|a, b| natural_cmp(a.0, b.0).then_with(|| a.0.cmp(b.0)));
    s.collect_map(entries)
}

/// Whether the text between brackets is a row id as format 2 writes them (`3-k7qz`:
/// the row's number when it was made, a dash, letters and digits); anything else in
/// brackets is kept as it is, like any other key.
fn is_row_id(id: &str) -> bool {
    id.split_once('-').is_some_and(|(number, tag)| {
        !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
            && !tag.is_empty()
            && tag
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Where a row stands among its group's rows: its rank if it was moved, else its id's
/// number; equal ranks by id.
fn row_rank<'i>(id: &'i str, line: Option<&Line>) -> (u64, &'i str) {
    let rank = match line {
        Some(Line::RowAt(n)) => *n,
        _ => id
            .split_once('-')
            .and_then(|(n, _)| n.parse().ok())
            .unwrap_or(u64::MAX),
    };
    (rank, id)
}

/// Whether a key is a row's marker as format 2 writes it (`form.group[3-k7qz]`).
pub(crate) fn is_row_marker(key: &str) -> bool {
    split_row(key).is_some_and(|(_, id, rest)| rest.is_empty() && is_row_id(id))
}

/// Splits `form.group[X]rest` into (`form.group`, `X`, `rest`).
fn split_row(path: &str) -> Option<(&str, &str, &str)> {
    let bytes = path.as_bytes();
    let open = bytes.iter().position(|&b| b == b'[')?;
    let close = open + bytes[open..].iter().position(|&b| b == b']')?;
    Some((&path[..open], &path[open + 1..close], &path[close + 1..]))
}

/// The draft in format 2. Rows without an id get ids from their group and number.
pub fn to_disk(draft: &Draft) -> DiskDraft {
    // Copied only when rows lack ids (a draft read from format 1, rows just added).
    let owned;
    let draft = if has_row_ids(draft) {
        draft
    } else {
        let mut copy = draft.clone();
        copy.ensure_row_ids();
        owned = copy;
        &owned
    };
    let mut answers = BTreeMap::new();
    for (group, ids) in &draft.row_ids {
        // Rows in the order of their ids' numbers are plain markers; rows moved out of
        // that order (Alt-Up/Down) carry their rank, so they stay where they were moved.
        let in_place = ids
            .windows(2)
            .all(|w| row_rank(&w[0], None) <= row_rank(&w[1], None));
        for (i, id) in ids.iter().enumerate() {
            let line = match in_place {
                true => Line::Row,
                false => Line::RowAt(i as u64 + 1),
            };
            answers.insert(format!("{group}[{id}]"), line);
        }
    }
    let disk_path = |path: &str| disk_path(draft, path);
    for (path, answer) in &draft.answers {
        let line = match draft.conflicts.get(path) {
            Some(theirs) => Some(Line::Conflict(Some(answer.clone()), theirs.clone())),
            None => Line::from_answer(answer),
        };
        if let Some(line) = line {
            answers.insert(disk_path(path), line);
        }
    }
    for (path, theirs) in &draft.conflicts {
        if let Some(marker) = row_marker(draft, path) {
            // A row removed on one side, edited on the other (see `Line::row_conflict`).
            let row = Some(Answer::Rows(1));
            let line = match theirs {
                None => Line::Conflict(row, None),
                Some(_) => Line::Conflict(None, row),
            };
            answers.insert(marker, line);
        } else if !draft.answers.contains_key(path) {
            answers.insert(disk_path(path), Line::Conflict(None, theirs.clone()));
        }
    }
    let forms = draft
        .forms
        .iter()
        .map(|(id, state)| (id.clone(), disk_form(draft, id, state)))
        .collect();
    DiskDraft {
        format: DRAFT_FORMAT,
        created: draft.created,
        forms,
        answers,
    }
}

/// Where an answer of the draft in memory (`form.group[N].field`) is in the file: its
/// row's id instead of its number (`form.group[3-k7qz].field`).
fn disk_path(draft: &Draft, path: &str) -> String {
    let Some((group, index, rest)) = split_row(path).filter(|(_, _, rest)| rest.starts_with('.'))
    else {
        return path.to_string();
    };
    let id = crate::domain::values::answer::row_index(index)
        .and_then(|i| draft.row_ids.get(group)?.get(i.checked_sub(1)?));
    match id {
        Some(id) => format!("{group}[{id}]{rest}"),
        None => path.to_string(),
    }
}

/// The marker key of the row `path` names (`form.group[N]`, a row of the draft).
fn row_marker(draft: &Draft, path: &str) -> Option<String> {
    let (group, index, rest) = split_row(path)?;
    if !rest.is_empty() {
        return None;
    }
    let i = crate::domain::values::answer::row_index(index)?;
    let id = draft.row_ids.get(group)?.get(i.checked_sub(1)?)?;
    Some(format!("{group}[{id}]"))
}

/// Whether every group of the draft has an id for each of its rows, and no more.
fn has_row_ids(draft: &Draft) -> bool {
    let groups = draft.answers.iter().filter_map(|(k, a)| match a {
        Answer::Rows(n) if !k.contains('[') => Some((k, *n)),
        _ => None,
    });
    let mut count = 0;
    for (group, n) in groups {
        count += 1;
        if draft.row_ids.get(group).map(Vec::len) != Some(n) {
            return false;
        }
    }
    count == draft.row_ids.len()
}

fn disk_form(draft: &Draft, id: &str, state: &FormState) -> DiskForm {
    let exported = state.exported.as_ref().map(|e| DiskExport {
        at: e.at,
        version: e.version,
        format: e.format.clone(),
        answers: match &e.answers {
            Some(fingerprint) => fingerprint.clone(),
            // No fingerprint (a format 1 draft's record): whether the answers changed.
            None if state.revision > e.revision => "changed".into(),
            None => draft.fingerprint(id),
        },
        finalized: e.finalized,
    });
    DiskForm {
        status: state.status,
        version: state.version,
        exported,
        finalized: state.finalized.clone(),
        mailed: state.mailed.clone(),
        sent: state.sent,
        sent_copy: state.sent_copy.clone(),
        acknowledged: state.acknowledged.clone(),
        documents: state.documents.clone(),
    }
}

/// Row numbers per group, by lookup.
type RowNumbers = std::collections::HashMap<String, std::collections::HashMap<String, usize>>;

/// Each group's row ids in order, and where each id stands (a row's fields, however many
/// rows, find their number at once).
fn row_numbers(answers: &BTreeMap<String, Line>) -> (BTreeMap<String, Vec<String>>, RowNumbers) {
    // Per group: each row's rank (see `row_rank`) and id.
    type Ranked<'a> = Vec<((u64, &'a str), String)>;
    let mut found: BTreeMap<String, Ranked> = BTreeMap::new();
    // A row is its marker line: a line whose path merely looks like a row's (kept aside
    // from an old draft, or left by a merge that removed the row) names no row.
    for (path, line) in answers {
        if let Some((group, id, "")) = split_row(path)
            && is_row_id(id)
            && (line.is_row() || line.row_conflict().is_some())
        {
            found
                .entry(group.to_string())
                .or_default()
                .push((row_rank(id, Some(line)), id.to_string()));
        }
    }
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut number = RowNumbers::new();
    for (group, mut rows) in found {
        rows.sort_by(|(a, _), (b, _)| a.0.cmp(&b.0).then_with(|| natural_cmp(a.1, b.1)));
        let list: Vec<String> = rows.into_iter().map(|(_, id)| id).collect();
        let places = list
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i + 1))
            .collect();
        number.insert(group.clone(), places);
        ids.insert(group, list);
    }
    (ids, number)
}

/// Two lines of a draft that name one answer: a row's field written both with the row's
/// number and with its id (`g[7].f` and `g[7-odeq].f`), or an answer written where a row
/// is. Reading stops there rather than keep one of the two silently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key:?} {message}")]
pub(crate) struct GivenTwice {
    /// The key as written in the file (to find its line).
    pub key: String,
    pub message: String,
}

/// Where a key that names a row by its id (`form.group[3-k7qz]` and what follows) is in
/// memory: the row's number in its place (`form.group[3].field`); `None` when the key
/// names no row of `number` (kept as written), `Some(None)` for the row itself (its
/// marker, which is no answer).
fn by_number(path: &str, number: &RowNumbers) -> Option<Option<String>> {
    let (group, id, rest) = split_row(path)?;
    if !is_row_id(id) || !(rest.is_empty() || rest.starts_with('.')) {
        return None;
    }
    let index = number.get(group)?.get(id)?;
    Some((!rest.is_empty()).then(|| {
        let mut out = String::with_capacity(path.len());
        out.push_str(group);
        out.push('[');
        out.push_str(itoa::Buffer::new().format(*index));
        out.push(']');
        out.push_str(rest);
        out
    }))
}

/// A format 1 draft names rows by number, but a key may still spell a row by the id the
/// upgrade gives it (a hand edit, a key kept aside): read as format 2 would read it, so the
/// draft read is the draft that is saved.
pub(crate) fn rows_by_id(draft: &mut Draft) -> Result<(), GivenTwice> {
    let number: RowNumbers = draft
        .row_ids
        .iter()
        .map(|(group, ids)| {
            let places = ids.iter().enumerate().map(|(i, id)| (id.clone(), i + 1));
            (group.clone(), places.collect())
        })
        .collect();
    let named: Vec<(String, Option<String>)> = draft
        .answers
        .keys()
        .chain(draft.conflicts.keys())
        .filter_map(|key| Some((key.clone(), by_number(key, &number)?)))
        .collect();
    for (key, memory) in named {
        let Some(memory) = memory else {
            return Err(answer_on_row(&key));
        };
        if draft.answers.contains_key(&memory) || draft.conflicts.contains_key(&memory) {
            return Err(same_answer(&key, &memory));
        }
        if let Some(answer) = draft.answers.remove(&key) {
            draft.answers.insert(memory.clone(), answer);
        }
        if let Some(theirs) = draft.conflicts.remove(&key) {
            draft.conflicts.insert(memory, theirs);
        }
    }
    Ok(())
}

fn same_answer(key: &str, other: &str) -> GivenTwice {
    GivenTwice {
        key: key.to_string(),
        message: format!(
            "and {other:?} name the same answer (one row, by its id and by its number); keep one"
        ),
    }
}

fn answer_on_row(key: &str) -> GivenTwice {
    GivenTwice {
        key: key.to_string(),
        message: "is where a row of the group is written; an answer cannot be kept there (move it or remove it)".into(),
    }
}

/// The draft a format 2 file holds (its `updated` is `created`; the store sets it from
/// the file's modification time).
pub(crate) fn from_disk(disk: DiskDraft) -> Result<Draft, GivenTwice> {
    let DiskDraft {
        created,
        forms,
        answers: lines,
        ..
    } = disk;
    let mut draft = Draft::new(created);
    let (ids, number) = row_numbers(&lines);
    // Keys read by id, with the key as written: a row's field by number and by id is one
    // answer given twice. Only a file with a row of a group with rows by id written by
    // number (a hand edit, a key kept aside) can hold both, so only then are they tracked,
    // in the order of the keys. (A group with a fixed list of rows, the checklist's, is
    // written by number and has no ids.)
    let by_number_too = lines.keys().any(|k| {
        split_row(k).is_some_and(|(group, n, _)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && number.contains_key(group)
        })
    });
    let mut by_id: std::collections::HashMap<String, String> = Default::default();
    // Without rows written by number no two lines can name one answer: the answers are
    // gathered and the map built at once (in order), not inserted key by key.
    let mut answers = Vec::with_capacity(lines.len());
    for (path, line) in lines {
        if let Some(theirs) = line.row_conflict()
            && let Some(Some(row)) = by_number(&format!("{path}.x"), &number)
        {
            // The row itself, in memory `form.group[N]`.
            let row = row.strip_suffix(".x").unwrap_or(&row).to_string();
            draft.conflicts.insert(row, theirs);
            continue;
        }
        let tracked = by_number_too.then_some((&draft, &mut by_id));
        let Some(path) = memory_path(path, &number, tracked)? else {
            continue;
        };
        match line {
            Line::Conflict(ours, theirs) => {
                if let Some(ours) = ours {
                    draft.answers.insert(path.clone(), ours);
                }
                draft.conflicts.insert(path, theirs);
            }
            line => match line.into_answer() {
                Some(answer) if by_number_too => _ = draft.answers.insert(path, answer),
                Some(answer) => answers.push((path, answer)),
                None => {}
            },
        }
    }
    if !answers.is_empty() {
        answers.extend(std::mem::take(&mut draft.answers));
        draft.answers = BTreeMap::from_iter(answers);
    }
    for (group, list) in &ids {
        draft
            .answers
            .insert(group.clone(), Answer::Rows(list.len()));
    }
    draft.row_ids = ids;
    draft.forms = forms
        .into_iter()
        .map(|(id, f)| {
            let state = memory_form(&draft, &id, f);
            (id, state)
        })
        .collect();
    Ok(draft)
}

/// Where the answer a line written as `path` holds goes in memory (`None`: the line is a
/// row's marker). `tracked` is given when rows may be written both ways: the draft read
/// so far and, per key by number, the key as written by id.
fn memory_path(
    path: String,
    number: &RowNumbers,
    tracked: Option<(&Draft, &mut std::collections::HashMap<String, String>)>,
) -> Result<Option<String>, GivenTwice> {
    Ok(Some(match (by_number(&path, number), tracked) {
        (Some(None), _) => return Ok(None),
        (Some(Some(memory)), Some((draft, by_id))) => {
            if draft.answers.contains_key(&memory) || draft.conflicts.contains_key(&memory) {
                return Err(same_answer(&path, &memory));
            }
            by_id.insert(memory.clone(), path);
            memory
        }
        (Some(Some(memory)), None) => memory,
        // Written by number (or no such row: kept as written, shown as kept aside).
        (None, Some((_, by_id))) => match by_id.get(&path) {
            Some(written) => return Err(same_answer(&path, written)),
            None => path,
        },
        (None, None) => path,
    }))
}

fn memory_form(draft: &Draft, id: &str, f: DiskForm) -> FormState {
    let changed = f
        .exported
        .as_ref()
        .is_some_and(|e| e.answers != draft.fingerprint(id));
    FormState {
        exported: f.exported.map(|e| ExportRecord {
            at: e.at,
            version: e.version,
            format: e.format,
            revision: 0,
            answers: Some(e.answers).filter(|a| a != "changed"),
            finalized: e.finalized,
        }),
        revision: u64::from(changed),
        finalized: f.finalized,
        mailed: f.mailed,
        sent: f.sent,
        sent_copy: f.sent_copy,
        acknowledged: f.acknowledged,
        documents: f.documents,
        ..FormState::new(f.status, f.version)
    }
}

/// The draft's export records, by form, as the side file `.NAME.exports` keeps them: what
/// was exported is made from the draft into the (git-ignored) exports folder, so its record
/// stays beside the draft, each user's own, and an export never rewrites the tracked draft.
pub(crate) fn exports_of(disk: &mut DiskDraft) -> BTreeMap<String, DiskExport> {
    disk.forms
        .iter_mut()
        .filter_map(|(id, form)| Some((id.clone(), form.exported.take()?)))
        .collect()
}

/// Puts back the export records of the side file into a draft read from its file (a record
/// still in the draft, from before the side file, gives way to a later one).
pub(crate) fn with_exports(draft: &mut Draft, exports: BTreeMap<String, DiskExport>) {
    for (id, export) in exports {
        let Some(state) = draft.forms.get(&id) else {
            continue;
        };
        if state.exported.as_ref().is_some_and(|e| e.at >= export.at) {
            continue;
        }
        let disk = DiskForm {
            exported: Some(export),
            ..disk_form(draft, &id, state)
        };
        let read = memory_form(draft, &id, disk);
        if let Some(state) = draft.forms.get_mut(&id) {
            state.exported = read.exported;
            state.revision = state.revision.max(read.revision);
        }
    }
}

/// The text of a draft in format 3 ([`FileDraft`]), as RON's pretty printer writes it: two
/// levels of indentation (the file, then one line per form, per answer and per record), the
/// rest of each line compact, answers and records in natural order.
pub(crate) fn write_disk(disk: DiskDraft) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(&to_file(disk), config).expect("a draft always serializes")
}

/// A draft as written in format 3: format 2 with each form's records out of its status
/// line, one record per line under `records`, so that a diff shows what changed (a new
/// acknowledgement is one line, a form finalized again shows the answers that differ).
///
/// A record's key is `FORM@KIND` or `FORM@KIND WHAT` (form ids never hold `@`; see
/// [`RecordKind`]): the records of a form sort together, a copy's head before its answers.
/// In memory, and for the merge driver, a form's records stay together in [`DiskForm`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDraft {
    pub format: u32,
    pub created: DateTime<Utc>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub forms: BTreeMap<String, FileForm>,
    #[serde(
        default,
        serialize_with = "natural_order",
        deserialize_with = "unique_keys"
    )]
    pub answers: BTreeMap<String, Line>,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        serialize_with = "natural_order",
        deserialize_with = "unique_keys"
    )]
    pub records: BTreeMap<String, Record>,
}

/// A form's status line in format 3: short values only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileForm {
    pub status: FormStatus,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<NaiveDate>,
    /// An export record kept in an older draft (new ones are kept beside the draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported: Option<DiskExport>,
}

/// One line of `records`, what its key's kind holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Record {
    /// `FORM@final`, `FORM@sent-copy`: a copy's head (its answers follow, one a line).
    Copy {
        revision: u32,
        at: DateTime<Utc>,
        version: u32,
    },
    /// `FORM@final PATH`, `FORM@sent-copy PATH`: an answer of the copy.
    Text(String),
    YesNo(bool),
    Many(Vec<String>),
    Rows(usize),
    NotApplicable(String),
    AskLater(String),
    /// `FORM@mailed N`: the Nth message written for the form (from 1, oldest first).
    Mailed {
        at: DateTime<Utc>,
        revision: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<String>,
    },
    /// `FORM@acknowledged`.
    Acknowledged {
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// `FORM@document PATH`: the stamp of a document answer's file.
    Document {
        file: String,
        size: u64,
        sha256: String,
    },
}

impl Record {
    fn from_answer(answer: Answer) -> Record {
        match answer {
            Answer::Text(t) => Record::Text(t),
            Answer::YesNo(b) => Record::YesNo(b),
            Answer::Many(v) => Record::Many(v),
            Answer::Rows(n) => Record::Rows(n),
            Answer::NotApplicable(r) => Record::NotApplicable(r),
            Answer::AskLater(n) => Record::AskLater(n),
        }
    }

    fn into_answer(self) -> Option<Answer> {
        Some(match self {
            Record::Text(t) => Answer::Text(t),
            Record::YesNo(b) => Answer::YesNo(b),
            Record::Many(v) => Answer::Many(v),
            Record::Rows(n) => Answer::Rows(n),
            Record::NotApplicable(r) => Answer::NotApplicable(r),
            Record::AskLater(n) => Answer::AskLater(n),
            Record::Copy { .. }
            | Record::Mailed { .. }
            | Record::Acknowledged { .. }
            | Record::Document { .. } => return None,
        })
    }
}

/// The kinds of record a key names, as written between `FORM@` and a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    /// The finalized copy (head, then `PATH` per answer).
    Final,
    /// The copy that was sent (head, then `PATH` per answer).
    SentCopy,
    /// A message written (`N`).
    Mailed,
    /// CenturyLink's acknowledgement.
    Acknowledged,
    /// A document's stamp (`PATH`).
    Document,
}

impl RecordKind {
    const ALL: [RecordKind; 5] = [
        RecordKind::Final,
        RecordKind::SentCopy,
        RecordKind::Mailed,
        RecordKind::Acknowledged,
        RecordKind::Document,
    ];

    fn word(self) -> &'static str {
        match self {
            RecordKind::Final => "final",
            RecordKind::SentCopy => "sent-copy",
            RecordKind::Mailed => "mailed",
            RecordKind::Acknowledged => "acknowledged",
            RecordKind::Document => "document",
        }
    }
}

/// A record's key: `FORM@KIND`, or `FORM@KIND WHAT`.
pub(crate) fn record_key(form: &str, kind: RecordKind, what: Option<&str>) -> String {
    match what {
        Some(what) => format!("{form}@{} {what}", kind.word()),
        None => format!("{form}@{}", kind.word()),
    }
}

/// The file's layout of a draft: each form's records out of its line, one a line.
pub(crate) fn to_file(disk: DiskDraft) -> FileDraft {
    let mut records = BTreeMap::new();
    let mut forms = BTreeMap::new();
    for (id, form) in disk.forms {
        let copies = [
            (RecordKind::Final, form.finalized),
            (RecordKind::SentCopy, form.sent_copy),
        ];
        for (kind, copy) in copies {
            let Some(copy) = copy else { continue };
            let head = Record::Copy {
                revision: copy.revision,
                at: copy.at,
                version: copy.version,
            };
            records.insert(record_key(&id, kind, None), head);
            for (path, answer) in copy.answers {
                let line = Record::from_answer(answer);
                records.insert(record_key(&id, kind, Some(&path)), line);
            }
        }
        for (n, m) in form.mailed.into_iter().enumerate() {
            let line = Record::Mailed {
                at: m.at,
                revision: m.revision,
                to: m.to,
                files: m.files,
            };
            let n = (n + 1).to_string();
            records.insert(record_key(&id, RecordKind::Mailed, Some(&n)), line);
        }
        if let Some(a) = form.acknowledged {
            let line = Record::Acknowledged {
                on: a.on,
                reference: a.reference,
            };
            records.insert(record_key(&id, RecordKind::Acknowledged, None), line);
        }
        for (path, stamp) in form.documents {
            let line = Record::Document {
                file: stamp.file,
                size: stamp.size,
                sha256: stamp.sha256,
            };
            records.insert(record_key(&id, RecordKind::Document, Some(&path)), line);
        }
        let line = FileForm {
            status: form.status,
            version: form.version,
            sent: form.sent,
            exported: form.exported,
        };
        forms.insert(id, line);
    }
    FileDraft {
        format: DRAFT_FORMAT,
        created: disk.created,
        forms,
        answers: disk.answers,
        records,
    }
}

/// A line of `records` that cannot be read: its key as written, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key:?} {message}")]
pub struct BadRecord {
    pub key: String,
    pub message: String,
}

/// A draft written in format 3, its records put back with their forms. Each record must
/// name a form of `forms`, a kind of [`RecordKind`] and hold what that kind holds; a copy's
/// answers need its head; messages are numbered 1, 2, 3… as written.
pub fn from_file(file: FileDraft) -> Result<DiskDraft, BadRecord> {
    let FileDraft {
        format,
        created,
        forms: lines,
        answers,
        records,
    } = file;
    let mut forms: BTreeMap<String, DiskForm> = lines
        .into_iter()
        .map(|(id, f)| {
            let form = DiskForm {
                status: f.status,
                version: f.version,
                exported: f.exported,
                finalized: None,
                mailed: Vec::new(),
                sent: f.sent,
                sent_copy: None,
                acknowledged: None,
                documents: BTreeMap::new(),
            };
            (id, form)
        })
        .collect();
    let mut mailed: BTreeMap<(String, usize), Mailing> = BTreeMap::new();
    for (key, record) in records {
        let bad = |message: String| BadRecord {
            key: key.clone(),
            message,
        };
        let Some((id, rest)) = key.split_once('@') else {
            return Err(bad(
                "is no record's key (FORM@KIND, or FORM@KIND and what it is of)".into(),
            ));
        };
        let (word, what) = match rest.split_once(' ') {
            Some((word, what)) => (word, Some(what)),
            None => (rest, None),
        };
        let Some(kind) = RecordKind::ALL.into_iter().find(|k| k.word() == word) else {
            let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.word()).collect();
            return Err(bad(format!(
                "names no kind of record ({word:?}; the kinds are {})",
                known.join(", ")
            )));
        };
        let Some(form) = forms.get_mut(id) else {
            return Err(bad(format!(
                "is a record of form {id:?}, which has no line under `forms`"
            )));
        };
        let holds = |what: &str| bad(format!("holds no {what}"));
        match (kind, what, record) {
            (
                RecordKind::Final | RecordKind::SentCopy,
                None,
                Record::Copy {
                    revision,
                    at,
                    version,
                },
            ) => {
                let copy = match kind {
                    RecordKind::Final => &mut form.finalized,
                    _ => &mut form.sent_copy,
                };
                *copy = Some(FinalCopy {
                    revision,
                    at,
                    version,
                    answers: BTreeMap::new(),
                });
            }
            (RecordKind::Final | RecordKind::SentCopy, None, _) => {
                return Err(holds(
                    "copy's head: Copy(revision: N, at: \"…\", version: N)",
                ));
            }
            (RecordKind::Final | RecordKind::SentCopy, Some(path), record) => {
                let copy = match kind {
                    RecordKind::Final => &mut form.finalized,
                    _ => &mut form.sent_copy,
                };
                // The head sorts first (`FORM@final` before `FORM@final PATH`).
                let Some(copy) = copy else {
                    return Err(bad(format!(
                        "is an answer of a copy with no head line ({:?})",
                        record_key(id, kind, None)
                    )));
                };
                let Some(answer) = record.into_answer() else {
                    return Err(holds("answer"));
                };
                copy.answers.insert(path.to_string(), answer);
            }
            (
                RecordKind::Mailed,
                Some(n),
                Record::Mailed {
                    at,
                    revision,
                    to,
                    files,
                },
            ) => {
                let number = n
                    .parse::<usize>()
                    .ok()
                    .filter(|k| *k > 0 && k.to_string() == n);
                let Some(number) = number else {
                    return Err(bad("numbers messages 1, 2, 3… (no other text)".into()));
                };
                let mailing = Mailing {
                    at,
                    revision,
                    to,
                    files,
                };
                mailed.insert((id.to_string(), number), mailing);
            }
            (RecordKind::Mailed, Some(_), _) => return Err(holds("message: Mailed(at: …)")),
            (RecordKind::Acknowledged, None, Record::Acknowledged { on, reference }) => {
                form.acknowledged = Some(Acknowledgement { on, reference });
            }
            (RecordKind::Acknowledged, None, _) => {
                return Err(holds("acknowledgement: Acknowledged(on: …)"));
            }
            (RecordKind::Document, Some(path), Record::Document { file, size, sha256 }) => {
                let stamp = DocumentStamp { file, size, sha256 };
                form.documents.insert(path.to_string(), stamp);
            }
            (RecordKind::Document, Some(_), _) => {
                return Err(holds("document stamp: Document(file: …)"));
            }
            (RecordKind::Mailed | RecordKind::Document, None, _) => {
                return Err(bad(format!(
                    "needs what it is of after {word:?} and a space"
                )));
            }
            (RecordKind::Acknowledged, Some(_), _) => {
                return Err(bad(format!("takes nothing after {word:?}")));
            }
        }
    }
    for ((id, _), mailing) in mailed {
        if let Some(form) = forms.get_mut(&id) {
            form.mailed.push(mailing);
        }
    }
    Ok(DiskDraft {
        format,
        created,
        forms,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An export keeps the finalized revision it was made from; a draft written before
    /// it was kept still loads, its export compared by the answers as before.
    #[test]
    fn an_export_keeps_its_finalized_revision_and_older_drafts_load() {
        use crate::storage::drafts::{parse, to_ron};
        let mut draft = Draft::new("2026-11-25T10:00:00Z".parse().unwrap());
        draft
            .answers
            .insert("f.x".into(), Answer::Text("one".into()));
        let mut state = FormState::new(FormStatus::Complete, 1);
        state.exported = Some(ExportRecord {
            at: "2026-11-25T11:00:00Z".parse().unwrap(),
            version: 1,
            format: "pdf".into(),
            revision: 0,
            answers: Some(draft.fingerprint("f")),
            finalized: Some(1),
        });
        draft.forms.insert("f".into(), state);
        let text = to_ron(&draft);
        assert!(text.contains("finalized: Some(1)"), "{text}");
        let back = parse(&text, "x.ron".as_ref()).unwrap();
        let exported = back.forms["f"].exported.as_ref().unwrap();
        assert_eq!(exported.finalized, Some(1));
        assert!(
            back.forms["f"].changed_since_export(),
            "rev 1 is not in force"
        );
        let older = text.replace(", finalized: Some(1)", "");
        assert_ne!(older, text);
        let back = parse(&older, "x.ron".as_ref()).unwrap();
        assert_eq!(back.forms["f"].exported.as_ref().unwrap().finalized, None);
        assert!(!back.forms["f"].changed_since_export());
    }

    /// Rows are their marker lines: a line that only looks like a row's stays as written,
    /// so a draft read, saved and read again is the same draft (found by the fuzzer: an old
    /// draft's kept-aside `g[2-xvah].x` came back as row 1 of a new group).
    #[test]
    fn a_row_path_without_its_marker_stays_as_written() {
        let mut draft = Draft::new("2026-11-25T10:00:00Z".parse().unwrap());
        draft
            .answers
            .insert("p.g[2-xvah].x".into(), Answer::Text("kept".into()));
        let again = from_disk(to_disk(&draft)).unwrap();
        assert_eq!(again.answers, draft.answers);
        assert!(again.row_ids.is_empty());
        // A row's id followed by anything but `.field` is no row's answer either, on the
        // way out and on the way in (the fuzzer again: `volumes[6]ss`).
        draft.answers.insert("p.v".into(), Answer::Rows(1));
        draft
            .answers
            .insert("p.v[1]ss".into(), Answer::Text("2".into()));
        draft.ensure_row_ids();
        let again = from_disk(to_disk(&draft)).unwrap();
        assert_eq!(again.answers, draft.answers);
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut v = vec!["a[10].x", "a[2].x", "a[1-zz]", "a[02].y", "b", "a"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["a", "a[1-zz]", "a[2].x", "a[02].y", "a[10].x", "b"]);
    }

    #[test]
    fn rows_keep_their_ids_and_come_back_numbered() {
        let mut d = Draft::new(Utc::now());
        for name in ["one", "two", "three"] {
            let n = d.push_row("f", "g");
            d.answers
                .insert(format!("f.g[{n}].name"), Answer::Text(name.into()));
        }
        let before = to_disk(&d);
        d.remove_row("f", "g", 1);
        let after = to_disk(&d);
        let gone: Vec<_> = before
            .answers
            .iter()
            .filter(|(k, v)| after.answers.get(*k) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(
            gone.len(),
            2,
            "the marker and the answer of row 1: {gone:?}"
        );
        assert_eq!(after.answers.len(), 4);
        let back = from_disk(after).unwrap();
        assert_eq!(back.rows("f", "g"), 2);
        assert_eq!(back.answers["f.g[1].name"], Answer::Text("two".into()));
        assert_eq!(back.row_ids, d.row_ids);
    }

    #[test]
    fn format_1_loads_and_its_first_save_writes_format_3_keeping_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = "(format: 1, created: \"2026-11-25T09:00:00Z\", updated: \"2026-11-26T09:00:00Z\",\n\
                  resume: Some((form: \"profile\", field: \"profile.ein\")),\n\
                  forms: {\"f\": (status: InProgress, version: 1, exported: None, revision: 3)},\n\
                  answers: {\"f.g\": Rows(2), \"f.g[1].x\": Text(\"a\"), \"f.g[2].x\": Text(\"b\")})";
        std::fs::write(dir.path().join("old.ron"), v1).unwrap();
        let store = crate::storage::drafts::DraftStore::new(dir.path());
        let draft = store.load("old").unwrap();
        assert_eq!(draft.answers["f.g[2].x"], Answer::Text("b".into()));
        assert_eq!(draft.updated.to_rfc3339(), "2026-11-26T09:00:00+00:00");
        store.save("old", &draft).unwrap();
        let text = std::fs::read_to_string(dir.path().join("old.ron")).unwrap();
        assert!(
            text.contains("format: 3") && !text.contains("updated"),
            "{text}"
        );
        assert!(text.contains("\"f.g[2-"), "rows get ids: {text}");
        let bak = std::fs::read_to_string(dir.path().join("old.ron.bak")).unwrap();
        assert_eq!(bak, v1);
        let again = store.load("old").unwrap();
        assert_eq!(again.answers, draft.answers);
        assert_eq!(again.resume, draft.resume, "kept beside the draft");
    }

    /// A row moved (Alt-Up/Down) stays where it was moved once the draft is read again;
    /// rows never moved keep plain markers.
    #[test]
    fn a_moved_row_stays_moved_after_a_reload() {
        let mut d = Draft::new(Utc::now());
        for name in ["one", "two", "three"] {
            let n = d.push_row("f", "g");
            d.answers
                .insert(format!("f.g[{n}].name"), Answer::Text(name.into()));
        }
        assert!(to_disk(&d).answers.values().all(|l| *l != Line::RowAt(1)));
        d.swap_rows("f", "g", 3, 2);
        d.swap_rows("f", "g", 2, 1);
        let back = from_disk(to_disk(&d)).unwrap();
        let names: Vec<_> = (1..=3)
            .map(|i| back.answers[&format!("f.g[{i}].name")].display())
            .collect();
        assert_eq!(names, ["three", "one", "two"]);
        assert_eq!(back.row_ids, d.row_ids);
        // A row added after the move goes last, and the order still holds.
        let mut back = back;
        let n = back.push_row("f", "g");
        back.answers
            .insert(format!("f.g[{n}].name"), Answer::Text("four".into()));
        let again = from_disk(to_disk(&back)).unwrap();
        assert_eq!(again.row_ids, back.row_ids);
        assert_eq!(again.answers["f.g[4].name"], Answer::Text("four".into()));
    }

    /// A form with every kind of record: a finalized copy, a copy sent, two messages (one
    /// of them earlier than the first: kept in the order written), an acknowledgement and
    /// a document stamp.
    fn recorded() -> Draft {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut d = Draft::new(at("2026-11-25T09:00:00Z"));
        d.answers
            .insert("p.name".into(), Answer::Text("Acme, \"the\" one".into()));
        let copy = |revision| FinalCopy {
            revision,
            at: at("2026-11-25T10:00:00Z"),
            version: 2,
            answers: BTreeMap::from([
                ("p.name".to_string(), Answer::Text("Acme".into())),
                ("p.g".to_string(), Answer::Rows(2)),
                ("p.g[10].x".to_string(), Answer::Many(vec!["CO".into()])),
                ("p.g[2].x".to_string(), Answer::NotApplicable("no".into())),
            ]),
        };
        let mut state = FormState::new(FormStatus::Finalized, 2);
        state.finalized = Some(copy(2));
        state.sent_copy = Some(copy(1));
        state.sent = Some("2026-11-26".parse().unwrap());
        state.mailed = vec![
            Mailing {
                at: at("2026-11-26T10:00:00Z"),
                revision: 1,
                to: Some("cds@example.com".into()),
                files: vec!["a.pdf".into(), "b c.pdf".into()],
            },
            Mailing {
                at: at("2026-11-20T10:00:00Z"),
                revision: 0,
                to: None,
                files: vec![],
            },
        ];
        state.acknowledged = Some(Acknowledgement {
            on: "2026-11-27".parse().unwrap(),
            reference: Some("CDS-1".into()),
        });
        state.documents.insert(
            "p.w9".into(),
            DocumentStamp {
                file: "docs/w9.pdf".into(),
                size: 12,
                sha256: "ab".repeat(32),
            },
        );
        d.forms.insert("p".into(), state);
        d
    }

    /// Format 3 keeps each record on its own line and the form's line short; reading it
    /// gives back every record as it was.
    #[test]
    fn records_are_one_a_line_and_come_back_whole() {
        use crate::storage::drafts::{parse, to_ron};
        let d = recorded();
        let text = to_ron(&d);
        let line = |key: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(&format!("{key:?}:")))
                .unwrap_or_else(|| panic!("no line {key}: {text}"))
                .trim()
                .to_string()
        };
        assert_eq!(
            line("p"),
            "\"p\": (status: Finalized, version: 2, sent: Some(\"2026-11-26\")),"
        );
        assert_eq!(
            line("p@final"),
            "\"p@final\": Copy(revision: 2, at: \"2026-11-25T10:00:00Z\", version: 2),"
        );
        assert_eq!(
            line("p@sent-copy p.name"),
            "\"p@sent-copy p.name\": Text(\"Acme\"),"
        );
        assert!(line("p@mailed 1").contains("files: [\"a.pdf\", \"b c.pdf\"]"));
        assert!(line("p@acknowledged").contains("reference: Some(\"CDS-1\")"));
        assert!(line("p@document p.w9").starts_with("\"p@document p.w9\": Document("));
        // A copy's head, then its answers in natural order.
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("\"p@final"))
            .collect();
        assert_eq!(keys.len(), 5, "{text}");
        assert!(
            keys[0].starts_with("\":") && keys[2].starts_with(" p.g[2].x"),
            "{keys:?}"
        );
        assert!(keys[3].starts_with(" p.g[10].x"), "{keys:?}");
        let back = parse(&text, "x.ron".as_ref()).unwrap();
        assert_eq!(back.forms, d.forms);
        assert_eq!(to_disk(&back), to_disk(&d));
        assert_eq!(to_ron(&back), text);
    }

    /// A draft of today's format 2 (records on the form's line) loads; its first save
    /// writes format 3 and keeps the format 2 file as the backup.
    #[test]
    fn format_2_loads_and_its_first_save_writes_format_3_keeping_a_backup() {
        let d = recorded();
        let disk = to_disk(&d);
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .indentor("    ".to_string())
            .struct_names(false);
        let v2 = ron::ser::to_string_pretty(&disk, config)
            .unwrap()
            .replace("format: 3", "format: 2");
        assert!(
            v2.contains("format: 2") && v2.contains("sent_copy: Some("),
            "{v2}"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.ron"), &v2).unwrap();
        let store = crate::storage::drafts::DraftStore::new(dir.path());
        let draft = store.load("old").unwrap();
        assert_eq!(draft.forms, d.forms);
        assert_eq!(draft.answers, d.answers);
        store.save("old", &draft).unwrap();
        let text = std::fs::read_to_string(dir.path().join("old.ron")).unwrap();
        assert!(
            text.contains("format: 3") && text.contains("\"p@mailed 2\""),
            "{text}"
        );
        assert!(text.lines().all(|l| l.len() < 200), "{text}");
        let bak = std::fs::read_to_string(dir.path().join("old.ron.bak")).unwrap();
        assert_eq!(bak, v2);
        assert_eq!(store.load("old").unwrap().forms, d.forms);
    }

    /// A line of `records` that names no form, no kind, or holds what its kind does not
    /// is refused at its line, as are a key given twice and a field not known.
    #[test]
    fn a_bad_record_is_refused_where_it_is() {
        use crate::storage::drafts::{StoreError, parse, to_ron};
        let text = to_ron(&recorded());
        let cases = [
            (
                "\"p@acknowledged\"",
                "\"q@acknowledged\"",
                "which has no line under `forms`",
            ),
            (
                "\"p@acknowledged\"",
                "\"p@thanked\"",
                "names no kind of record",
            ),
            (
                "\"p@acknowledged\"",
                "\"p acknowledged\"",
                "is no record's key",
            ),
            (
                "\"p@acknowledged\"",
                "\"p@acknowledged x\"",
                "takes nothing after",
            ),
            (
                "\"p@mailed 2\"",
                "\"p@mailed 02\"",
                "numbers messages 1, 2, 3",
            ),
            ("\"p@mailed 2\"", "\"p@mailed\"", "needs what it is of"),
            (
                "\"p@final\": Copy(revision: 2, at: \"2026-11-25T10:00:00Z\", version: 2)",
                "\"p@final\": Text(\"x\")",
                "holds no copy's head",
            ),
            ("\"p@final\"", "\"p@fina\"", "names no kind"),
            (
                "\"p@document p.w9\": Document(",
                "\"p@mailed 3\": Document(",
                "holds no message",
            ),
            ("\"p@mailed 2\"", "\"p@mailed 1\"", "given twice"),
            ("reference:", "refrence:", "refrence"),
        ];
        for (from, to, said) in cases {
            let bad = text.replacen(from, to, 1);
            assert_ne!(bad, text, "{from}");
            let Err(StoreError::Corrupt { line, message, .. }) = parse(&bad, "x.ron".as_ref())
            else {
                panic!("{to} is read")
            };
            assert!(message.contains(said), "{to}: {message}");
            let at = bad.lines().nth(line - 1).unwrap();
            assert!(
                at.contains(to.trim_end_matches(['(', ':'])),
                "{to}: line {line}: {at}"
            );
        }
        // A copy's answer without its head.
        let bad = text.replace("\"p@sent-copy\": Copy(", "\"p@sent-copy x\": Copy(");
        let Err(StoreError::Corrupt { message, .. }) = parse(&bad, "x.ron".as_ref()) else {
            panic!("read")
        };
        assert!(
            message.contains("holds no answer") || message.contains("no head"),
            "{message}"
        );
    }

    #[test]
    fn conflicts_keep_both_sides() {
        let mut d = Draft::new(Utc::now());
        d.answers.insert("p.a".into(), Answer::Text("ours".into()));
        d.conflicts
            .insert("p.a".into(), Some(Answer::Text("theirs".into())));
        d.conflicts.insert("p.b".into(), Some(Answer::YesNo(true)));
        let back = from_disk(to_disk(&d)).unwrap();
        assert_eq!(back.answers, d.answers);
        assert_eq!(back.conflicts, d.conflicts);
    }
}
