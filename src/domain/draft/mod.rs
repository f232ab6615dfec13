//! A draft: one onboarding case (one company), with all answers to all forms.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::draft::records::{Acknowledgement, FinalCopy, Mailing};
use crate::domain::values::answer::{Answer, Key};
use crate::domain::values::status::FormStatus;

pub mod limits;
pub mod records;

/// Current version of the draft file format (1: the first; 2: rows with stable ids, no
/// per-save lines, conflicts kept side by side; 3: a form's records out of its status
/// line, one per line). All load.
pub(crate) const DRAFT_FORMAT: u32 = 3;

/// All answers of one company's onboarding, as saved in `saves/NAME.ron`.
///
/// Reading refuses fields this build does not know and answers given twice: a hand edit
/// that would otherwise be dropped silently on the next save is reported instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Version of the draft file format.
    pub format: u32,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Where the user left off.
    #[serde(default)]
    pub resume: Option<Resume>,
    /// Per-form status, keyed by form id.
    #[serde(default)]
    pub forms: BTreeMap<String, FormState>,
    /// Answers keyed by path (`form.field`, `form.group[N].field`): one per line on disk.
    #[serde(default, deserialize_with = "unique_keys")]
    pub answers: BTreeMap<String, Answer>,
    /// The stable id of each row of each group (`form.group`), in row order: on disk rows
    /// are keyed by id, so removing a row changes that row's lines only.
    #[serde(skip)]
    pub row_ids: BTreeMap<String, Vec<String>>,
    /// Answers two merged branches changed differently: the path, and the other branch's
    /// answer (none: removed there); `answers` holds this branch's. Setting the answer
    /// settles it.
    #[serde(skip)]
    pub conflicts: BTreeMap<String, Option<Answer>>,
}

/// A map whose keys must each appear once (serde's own map keeps the last silently).
pub(crate) fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of answers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            // Files come in the order drafts are written, where each key follows the one
            // before: a key that does is new. Only from the first key out of that order
            // (a hand edit, a merge) are the keys so far kept aside to look each one up.
            let mut out: Vec<(String, V)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
            let mut seen: Option<std::collections::HashSet<String>> = None;
            while let Some(key) = map.next_key::<String>()? {
                let follows = out
                    .last()
                    .is_none_or(|(last, _)| written_before(last, &key));
                let seen = match (&mut seen, follows) {
                    (None, true) => None,
                    (None, false) => Some(seen.insert(out.iter().map(|e| e.0.clone()).collect())),
                    (Some(set), _) => Some(set),
                };
                if seen.is_some_and(|set| !set.insert(key.clone())) {
                    return Err(serde::de::Error::custom(format!(
                        "{key:?} is given twice (keep one)"
                    )));
                }
                let value = map.next_value()?;
                out.push((key, value));
            }
            Ok(BTreeMap::from_iter(out))
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// Whether `a` comes before `b` in a written draft (numbers in keys by value, then by
/// text: one order for every pair of distinct keys).
fn written_before(a: &str, b: &str) -> bool {
    crate::domain::values::answer::natural_cmp(a, b)
        .then_with(|| a.cmp(b))
        .is_lt()
}

/// The place to reopen a draft at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resume {
    pub form: String,
    /// Answer path of the focused field.
    pub field: String,
}

/// Progress of one form within a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormState {
    pub status: FormStatus,
    /// Version of the form definition the answers were given under.
    pub version: u32,
    /// The last export of this form, if any.
    #[serde(default)]
    pub exported: Option<ExportRecord>,
    /// Counts the changes to this form's answers (to tell what changed since an export).
    #[serde(default)]
    pub revision: u64,
    /// The copy kept when the form was last finalized (in force while it is finalized).
    #[serde(default)]
    pub finalized: Option<FinalCopy>,
    /// Messages written for this form, oldest first.
    #[serde(default)]
    pub mailed: Vec<Mailing>,
    /// The day the user says the form was sent.
    #[serde(default)]
    pub sent: Option<chrono::NaiveDate>,
    /// What was sent last: the form's own answers in the finalized copy in force when it
    /// was marked sent or e-mailed, or in the draft then (revision 0) when it was not
    /// finalized. Kept apart from `finalized`, which a later finalization replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_copy: Option<FinalCopy>,
    /// CenturyLink's acknowledgement.
    #[serde(default)]
    pub acknowledged: Option<Acknowledgement>,
    /// Size and SHA-256 of each document answer's file when it was set or sent, by the
    /// answer's path: a file changed on disk since is flagged.
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentStamp>,
}

/// A document file as it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentStamp {
    /// The file's path as answered.
    pub file: String,
    pub size: u64,
    pub sha256: String,
}

impl FormState {
    /// A form's state with nothing exported, finalized or sent yet.
    pub fn new(status: FormStatus, version: u32) -> Self {
        Self {
            status,
            version,
            exported: None,
            revision: 0,
            finalized: None,
            mailed: Vec::new(),
            sent: None,
            sent_copy: None,
            acknowledged: None,
            documents: BTreeMap::new(),
        }
    }

    /// The finalized copy in force: the form is finalized and has one.
    pub(crate) fn in_force(&self) -> Option<&FinalCopy> {
        (self.status == FormStatus::Finalized)
            .then_some(self.finalized.as_ref())
            .flatten()
    }

    /// What an export of this form is made from now: the revision of the finalized copy
    /// in force, 0 for the live answers (as the sent log counts it).
    pub(crate) fn export_source(&self) -> u32 {
        self.in_force().map_or(0, |c| c.revision)
    }

    /// Whether an export made now would carry something other than the last one did: the
    /// one rule behind every "changed since the last export".
    ///
    /// A finalized form is exported from its finalized copy, so the copy's revision is
    /// compared: an export of rev N stays current while rev N is in force, and is stale
    /// once the form is finalized again, reopened, or when it was made before the form
    /// was finalized.
    ///
    /// A form that is not finalized is exported from its live answers; then its answer
    /// revision is compared, which counts the changes to the form's own answers. A format
    /// 2 draft does not store that counter (it would change the form's line at every
    /// edit, and two branches' edits would conflict there): on reading, a form whose
    /// answers differ from those its export carried (as recorded by their fingerprint)
    /// starts one revision ahead of the export. A fact the form only reuses from another
    /// form (the profile's name) is counted in that form, not in this one: finalizing is
    /// what freezes those.
    ///
    /// An export recorded before exports kept their finalized revision (an older draft)
    /// is compared by the answer revision, as it always was.
    pub fn changed_since_export(&self) -> bool {
        let Some(export) = &self.exported else {
            return false;
        };
        let source = self.export_source();
        match export.finalized {
            Some(made_from) if made_from != source => true,
            Some(_) if source > 0 => false,
            _ => self.revision > export.revision,
        }
    }
}

/// When and in what form a form was last exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRecord {
    pub at: DateTime<Utc>,
    pub version: u32,
    pub format: String,
    /// The form's answer revision when it was exported.
    #[serde(default)]
    pub revision: u64,
    /// The fingerprint of the form's answers when it was exported ([`Draft::fingerprint`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    /// What it was made from ([`FormState::export_source`]): the finalized revision, 0
    /// for the live answers; none in exports recorded before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalized: Option<u32>,
}

impl Draft {
    /// The company's legal name, from the profile, if given.
    pub fn company(&self) -> Option<&str> {
        match self.answers.get("profile.legal_name") {
            Some(crate::domain::values::answer::Answer::Text(t)) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }

    /// An empty draft created now.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            format: DRAFT_FORMAT,
            created: now,
            updated: now,
            resume: None,
            forms: BTreeMap::new(),
            answers: BTreeMap::new(),
            row_ids: BTreeMap::new(),
            conflicts: BTreeMap::new(),
        }
    }

    /// Appends a row (with a fresh stable id) to a group and returns its number.
    pub fn push_row(&mut self, form: &str, group: &str) -> usize {
        let key = format!("{form}.{group}");
        let n = self.rows(form, group) + 1;
        let ids = self.row_ids.entry(key.clone()).or_default();
        ids.truncate(n - 1);
        while ids.len() < n - 1 {
            let id = upgraded_row_id(&key, ids.len() + 1);
            ids.push(id);
        }
        ids.push(fresh_row_id(ids));
        self.answers.insert(key, Answer::Rows(n));
        n
    }

    /// Gives every row of every group an id (rows of format 1 drafts get ids derived from
    /// their group and number, the same on every machine).
    pub(crate) fn ensure_row_ids(&mut self) {
        // A count of no rows, or a count under a row's own path (a hand edit), has no line
        // in format 2: dropped here, so the draft read is the draft saved. No answer goes
        // with it (no rows; a count is no answer).
        self.answers
            .retain(|k, a| !matches!(a, Answer::Rows(n) if *n == 0 || k.contains('[')));
        for (key, answer) in &self.answers {
            let Answer::Rows(n) = answer else { continue };
            if key.contains('[') {
                continue;
            }
            let ids = self.row_ids.entry(key.clone()).or_default();
            ids.truncate(*n);
            while ids.len() < *n {
                let id = upgraded_row_id(key, ids.len() + 1);
                ids.push(id);
            }
        }
        self.row_ids.retain(|k, _| {
            !k.contains('[') && matches!(self.answers.get(k), Some(Answer::Rows(_)))
        });
    }

    /// A short, stable summary of a form's answers, to tell whether they changed since an
    /// export (on every machine, across merges).
    pub(crate) fn fingerprint(&self, form: &str) -> String {
        let prefix = format!("{form}.");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (key, answer) in self.answers.range(prefix.clone()..) {
            if !key.starts_with(&prefix) {
                break;
            }
            for byte in format!("{key}\0{answer:?}\0").bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }

    pub fn answer(&self, key: &Key) -> Option<&Answer> {
        self.answers.get(&key.to_string())
    }

    /// Number of rows of a group (`form.group`).
    pub fn rows(&self, form: &str, group: &str) -> usize {
        match self.answers.get(&format!("{form}.{group}")) {
            Some(Answer::Rows(n)) => *n,
            _ => 0,
        }
    }

    /// Removes row `index` (1-based) of a group; later rows move up by one.
    pub(crate) fn remove_row(&mut self, form: &str, group: &str, index: usize) {
        let rows = self.rows(form, group);
        if index == 0 || index > rows {
            return;
        }
        self.renumber_rows(form, group, |row| match row.cmp(&index) {
            std::cmp::Ordering::Less => Some(row),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(row - 1),
        });
        let group_key = format!("{form}.{group}");
        if let Some(ids) = self.row_ids.get_mut(&group_key)
            && index <= ids.len()
        {
            ids.remove(index - 1);
        }
        if rows == 1 {
            self.answers.remove(&group_key);
            self.row_ids.remove(&group_key);
        } else {
            self.answers.insert(group_key, Answer::Rows(rows - 1));
        }
    }

    /// Swaps two rows of a group (for reordering).
    pub(crate) fn swap_rows(&mut self, form: &str, group: &str, a: usize, b: usize) {
        let rows = self.rows(form, group);
        if a == b || a == 0 || b == 0 || a > rows || b > rows {
            return;
        }
        self.renumber_rows(form, group, |row| {
            Some(if row == a {
                b
            } else if row == b {
                a
            } else {
                row
            })
        });
        if let Some(ids) = self.row_ids.get_mut(&format!("{form}.{group}"))
            && a.max(b) <= ids.len()
        {
            ids.swap(a - 1, b - 1);
        }
    }

    /// Moves every answer (and conflict) of a group's rows to the row `to` gives (dropped
    /// for `None`).
    fn renumber_rows(&mut self, form: &str, group: &str, to: impl Fn(usize) -> Option<usize>) {
        renumber(&mut self.answers, form, group, &to);
        renumber(&mut self.conflicts, form, group, &to);
    }

    /// Status of a form (not started when never touched).
    pub fn status(&self, form: &str) -> FormStatus {
        self.forms
            .get(form)
            .map_or(FormStatus::NotStarted, |s| s.status)
    }
}

/// Moves the entries of a group's rows in `map` to the row `to` gives (dropped for `None`).
fn renumber<V>(
    map: &mut BTreeMap<String, V>,
    form: &str,
    group: &str,
    to: &impl Fn(usize) -> Option<usize>,
) {
    let prefix = format!("{form}.{group}[");
    let keys: Vec<String> = map
        .keys()
        .filter(|k| k.starts_with(&prefix))
        .cloned()
        .collect();
    let mut moved = Vec::new();
    for key in keys {
        let Some(value) = map.remove(&key) else {
            continue;
        };
        let Ok(Key { row: Some(row), .. }) = Key::parse(&key) else {
            moved.push((key, value));
            continue;
        };
        if let Some(index) = to(row.index) {
            moved.push((
                Key::in_row(form, group, index, &row.field).to_string(),
                value,
            ));
        }
    }
    map.extend(moved);
}

/// The id of row `index` of a format 1 draft's group: derived from the group and the
/// number, so two people upgrading the same draft get the same ids.
fn upgraded_row_id(group_key: &str, index: usize) -> String {
    format!(
        "{index}-{}",
        base36(fnv(&format!("{group_key}[{index}]")), 4)
    )
}

/// A new row's id: one more than the highest, and a random part so rows two people add on
/// two branches never share an id.
fn fresh_row_id(ids: &[String]) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seq = ids
        .iter()
        .filter_map(|id| id.split('-').next()?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let salt = format!(
        "{nanos}/{}/{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    format!("{seq}-{}", base36(fnv(&salt), 4))
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn base36(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..width)
        .map(|_| {
            let d = DIGITS[(n % 36) as usize] as char;
            n /= 36;
            d
        })
        .collect()
}

/// Checks a draft name: letters, digits, `-`, `_`, `.`, 1-64 characters, no leading dot.
pub(crate) fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > 64 {
        return Err(format!(
            "draft name {name:?} must be 1 to 64 characters long"
        ));
    }
    if name.starts_with('.') {
        return Err(format!("draft name {name:?} cannot start with a dot"));
    }
    if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "draft name {name:?} contains {c:?}: use only letters, digits, '-', '_' and '.'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    /// Found by the draft_roundtrip fuzzer: a format-1 draft's `Rows(0)` had no line in
    /// format 2, so the draft read again differed from the one saved.
    #[test]
    fn counts_format_2_cannot_hold_are_dropped_with_the_row_ids() {
        let mut d = Draft::new(Utc::now());
        d.answers.insert("f.none".into(), Answer::Rows(0));
        d.answers.insert("f.g[1].x".into(), Answer::Rows(2));
        d.answers.insert("f.g".into(), Answer::Rows(1));
        d.ensure_row_ids();
        assert_eq!(d.answers.keys().collect::<Vec<_>>(), ["f.g"]);
        assert_eq!(d.row_ids["f.g"].len(), 1);
    }

    use super::*;

    fn with_rows() -> Draft {
        let mut d = Draft::new(Utc::now());
        d.answers.insert("f.g".into(), Answer::Rows(3));
        for i in 1..=3 {
            d.answers
                .insert(format!("f.g[{i}].name"), Answer::Text(format!("n{i}")));
        }
        d
    }

    fn names_of(d: &Draft) -> Vec<String> {
        (1..=d.rows("f", "g"))
            .map(|i| {
                d.answer(&Key::in_row("f", "g", i, "name"))
                    .map(Answer::display)
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn removing_a_row_moves_later_rows_up() {
        let mut d = with_rows();
        d.remove_row("f", "g", 2);
        assert_eq!(names_of(&d), ["n1", "n3"]);
        assert!(!d.answers.contains_key("f.g[3].name"));
        d.remove_row("f", "g", 1);
        d.remove_row("f", "g", 1);
        assert_eq!(d.rows("f", "g"), 0);
        assert!(d.answers.is_empty());
    }

    #[test]
    fn swapping_rows() {
        let mut d = with_rows();
        d.swap_rows("f", "g", 1, 3);
        assert_eq!(names_of(&d), ["n3", "n2", "n1"]);
        d.swap_rows("f", "g", 1, 9);
        assert_eq!(names_of(&d), ["n3", "n2", "n1"]);
    }

    fn copy(revision: u32) -> FinalCopy {
        FinalCopy {
            revision,
            at: Utc::now(),
            version: 1,
            answers: BTreeMap::new(),
        }
    }

    fn exported_from(state: &FormState) -> ExportRecord {
        ExportRecord {
            at: Utc::now(),
            version: 1,
            format: "pdf".into(),
            revision: state.revision,
            answers: None,
            finalized: Some(state.export_source()),
        }
    }

    #[test]
    fn a_finalized_export_is_current_while_its_revision_is_in_force() {
        let mut state = FormState::new(FormStatus::Finalized, 1);
        state.finalized = Some(copy(1));
        state.exported = Some(exported_from(&state));
        assert!(!state.changed_since_export());
        // Finalized again, with no answer of its own changed (a reused fact did).
        state.finalized = Some(copy(2));
        assert!(
            state.changed_since_export(),
            "rev 1 was exported, rev 2 is in force"
        );
        state.exported = Some(exported_from(&state));
        assert!(!state.changed_since_export());
        // Reopened without a change: exports now carry the live answers, not rev 2.
        state.status = FormStatus::InProgress;
        assert!(state.changed_since_export());
    }

    #[test]
    fn a_live_export_compares_the_answer_revision() {
        let mut state = FormState::new(FormStatus::Complete, 1);
        state.revision = 4;
        state.exported = Some(exported_from(&state));
        assert_eq!(state.exported.as_ref().unwrap().finalized, Some(0));
        assert!(!state.changed_since_export());
        state.revision = 5;
        assert!(state.changed_since_export());
        // Exported live, then finalized: the finalized copy was never exported.
        state.exported = Some(exported_from(&state));
        state.status = FormStatus::Finalized;
        state.finalized = Some(copy(1));
        assert!(state.changed_since_export());
    }

    #[test]
    fn an_older_export_record_keeps_its_meaning() {
        let mut state = FormState::new(FormStatus::Finalized, 1);
        state.finalized = Some(copy(3));
        state.revision = 2;
        state.exported = Some(ExportRecord {
            finalized: None,
            ..exported_from(&state)
        });
        assert!(!state.changed_since_export(), "same answers as exported");
        state.revision = 3;
        assert!(state.changed_since_export());
        assert!(!FormState::new(FormStatus::Complete, 1).changed_since_export());
    }

    #[test]
    fn names() {
        for good in ["acme", "Acme-2026_v1.2", "a", &"x".repeat(64)] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            ".hidden",
            "../x",
            "a/b",
            "a b",
            "é",
            &"x".repeat(65),
            "a\\b",
            "a\0",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
