//! Drafts a team can merge: a three-way merge answer by answer (the git merge driver), the
//! git setup that registers it, and the `.gitignore` of a folder of drafts.
//!
//! Every line of a draft (an answer, a row marker, a form's status) merges on its own:
//! changed on one side only, that side wins; changed the same way on both, once; changed
//! differently on both, an answer is kept side by side as a conflict (an open item of the
//! form until the user picks one). A form's status and its records (one per line in the
//! file, gathered back with their form before merging) merge field by field (records as
//! sets, copies by revision; see `merge_form`); a row removed on one side and edited on the other
//! is kept, with one conflict on the row.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Local, NaiveDate};

use super::drafts::{StoreError, parse, to_ron};
use super::format::{DiskDraft, DiskForm, Line, from_disk, to_disk};
use crate::domain::change::edit;
use crate::domain::draft::DocumentStamp;
use crate::domain::draft::records::{FinalCopy, Mailing};
use crate::domain::form::catalog::FormSet;

/// The merge driver's name in git's configuration.
pub(crate) const DRIVER: &str = "clec-wizard";

/// Why a merge or the git setup failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MergeError {
    #[error(transparent)]
    Draft(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("git {args}: {message}")]
    Git { args: String, message: String },
    /// The two sides, put together, give one answer twice (a row's field by its number on
    /// one side, by its id on the other): left to the user.
    #[error("the merged draft: {0}")]
    GivenTwice(#[from] crate::storage::format::GivenTwice),
}

/// The result of merging three versions of a draft.
#[derive(Debug)]
pub(crate) struct Merged {
    pub text: String,
    /// Paths of answers changed differently on both sides.
    pub conflicts: Vec<String>,
    /// What of a form's status both sides changed differently (this side's is kept), said
    /// for the user: `profile: acknowledged …`.
    pub statuses: Vec<String>,
}

/// Merges `ours` and `theirs` (texts of a draft, format 1 or 2) from their common `base`;
/// statuses are recomputed from the merged answers (`forms`, `today`).
pub(crate) fn merge_texts(
    base: (&str, &Path),
    ours: (&str, &Path),
    theirs: (&str, &Path),
    forms: &FormSet,
    today: NaiveDate,
) -> Result<Merged, MergeError> {
    let disk = |(text, path): (&str, &Path)| -> Result<DiskDraft, MergeError> {
        Ok(to_disk(&parse(text, path)?))
    };
    let (o, a, b) = (disk(base)?, disk(ours)?, disk(theirs)?);
    let mut conflicts = Vec::new();
    let mut answers = BTreeMap::new();
    let kept = removed_and_edited(&o.answers, &a.answers, &b.answers);
    for key in keys(&o.answers, &a.answers, &b.answers) {
        let (x, y, z) = (o.answers.get(key), a.answers.get(key), b.answers.get(key));
        // A row removed on one side and edited on the other: kept whole as the editing
        // side has it, with one conflict on the row itself (settled like any other).
        if let Some((marker, ours_kept)) = kept_row(&kept, key) {
            let line = if ours_kept { y } else { z };
            if key == marker {
                conflicts.push(key.clone());
                answers.insert(key.clone(), row_conflict(ours_kept));
            } else if let Some(line) = line {
                answers.insert(key.clone(), line.clone());
            }
            continue;
        }
        match three_way(x, y, z) {
            Ok(line) => {
                if let Some(line) = line {
                    answers.insert(key.clone(), line.clone());
                }
            }
            // A row moved on both sides (its rank is no answer): this side's place.
            Err(()) if y.is_some_and(Line::is_row) && z.is_some_and(Line::is_row) => {
                answers.insert(key.clone(), y.cloned().unwrap_or(Line::Row));
            }
            // A row moved on one side and removed on the other: removed.
            Err(()) if y.is_none_or(Line::is_row) && z.is_none_or(Line::is_row) => {}
            Err(()) => {
                conflicts.push(key.clone());
                answers.insert(key.clone(), conflict(y, z));
            }
        }
    }
    let mut forms_merged = BTreeMap::new();
    let mut statuses = Vec::new();
    for key in keys(&o.forms, &a.forms, &b.forms) {
        let (x, y, z) = (o.forms.get(key), a.forms.get(key), b.forms.get(key));
        let form = match three_way(x, y, z) {
            Ok(form) => form.cloned(),
            Err(()) => match (y, z) {
                (Some(y), Some(z)) => Some(merge_form(key, x, y, z, &mut statuses)),
                // Removed on one side, changed on the other: the changed one is kept.
                (y, z) => y.or(z).cloned(),
            },
        };
        if let Some(form) = form {
            forms_merged.insert(key.clone(), form);
        }
    }
    let merged = DiskDraft {
        format: a.format,
        created: a.created.min(b.created),
        forms: forms_merged,
        answers,
    };
    let mut draft = from_disk(merged)?;
    edit::refresh_statuses(forms, &mut draft, today);
    // A row in conflict is said as the user sees it, with the verbs that settle it.
    let rows = conflicts.len();
    conflicts.retain(|k| !super::format::is_row_marker(k));
    let rows = rows - conflicts.len();
    let said = statuses.len();
    for path in draft.conflicts.keys() {
        let form = path.split_once('.').and_then(|(id, _)| forms.form(id));
        if let Some((label, said)) =
            form.and_then(|f| crate::domain::rules::validate::row_conflict(&draft, f, path))
        {
            statuses.push(format!(
                "{label}: {said}; settle it with `clec-wizard set DRAFT {path} --ours` (or `--theirs`)"
            ));
        }
    }
    // A row of a form this build does not know is still a conflict for git.
    if statuses.len() - said < rows {
        statuses.push(
            "a row was removed on one side and edited on the other: see `clec-wizard validate`"
                .into(),
        );
    }
    draft.format = crate::domain::draft::DRAFT_FORMAT;
    Ok(Merged {
        text: to_ron(&draft),
        conflicts: conflicts.iter().map(|k| k.to_string()).collect(),
        statuses,
    })
}

/// Rows (their marker keys) removed on one side while the other changed one of their
/// answers, and whether it is this side (`ours`) that kept the row.
fn removed_and_edited(
    o: &BTreeMap<String, Line>,
    a: &BTreeMap<String, Line>,
    b: &BTreeMap<String, Line>,
) -> BTreeMap<String, bool> {
    let mut kept = BTreeMap::new();
    for (marker, line) in o {
        if !line.is_row() || !super::format::is_row_marker(marker) {
            continue;
        }
        let (in_a, in_b) = (
            a.get(marker).is_some_and(Line::is_row),
            b.get(marker).is_some_and(Line::is_row),
        );
        if in_a == in_b {
            continue;
        }
        let keeper = if in_a { a } else { b };
        let prefix = format!("{marker}.");
        let under = |m: &'_ BTreeMap<String, Line>| {
            m.range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .map(|(k, _)| k.clone())
                .collect::<BTreeSet<String>>()
        };
        let edited = under(o)
            .union(&under(keeper))
            .any(|k| o.get(k) != keeper.get(k));
        if edited {
            kept.insert(marker.clone(), in_a);
        }
    }
    kept
}

/// The kept row a key belongs to (its marker), and whether this side kept it.
fn kept_row<'k>(kept: &'k BTreeMap<String, bool>, key: &str) -> Option<(&'k str, bool)> {
    let (marker, ours) = kept
        .range::<str, _>((std::ops::Bound::Unbounded, std::ops::Bound::Included(key)))
        .next_back()?;
    let under = key == marker
        || key
            .strip_prefix(marker.as_str())
            .is_some_and(|rest| rest.starts_with('.'));
    under.then_some((marker.as_str(), *ours))
}

/// A row's marker in conflict: the side that kept the row has it (as one row), the side
/// that removed it has nothing.
fn row_conflict(ours_kept: bool) -> Line {
    use crate::domain::values::answer::Answer;
    let row = Some(Answer::Rows(1));
    match ours_kept {
        true => Line::Conflict(row, None),
        false => Line::Conflict(None, row),
    }
}

/// Every key of three maps, once.
fn keys<'m, V>(
    o: &'m BTreeMap<String, V>,
    a: &'m BTreeMap<String, V>,
    b: &'m BTreeMap<String, V>,
) -> BTreeSet<&'m String> {
    o.keys().chain(a.keys()).chain(b.keys()).collect()
}

/// The merged value, or `Err` when both sides changed it differently.
#[allow(clippy::result_unit_err)]
pub(crate) fn three_way<'v, V: PartialEq>(
    base: Option<&'v V>,
    ours: Option<&'v V>,
    theirs: Option<&'v V>,
) -> Result<Option<&'v V>, ()> {
    if ours == theirs || theirs == base {
        Ok(ours)
    } else if ours == base {
        Ok(theirs)
    } else {
        Err(())
    }
}

/// Both sides of an answer changed differently (a side already in conflict gives its own).
fn conflict(ours: Option<&Line>, theirs: Option<&Line>) -> Line {
    let answer = |line: Option<&Line>, mine: bool| match line {
        Some(Line::Conflict(a, b)) => {
            if mine {
                a.clone()
            } else {
                b.clone()
            }
        }
        Some(line) => to_answer(line),
        None => None,
    };
    Line::Conflict(answer(ours, true), answer(theirs, false))
}

fn to_answer(line: &Line) -> Option<crate::domain::values::answer::Answer> {
    use crate::domain::values::answer::Answer;
    Some(match line.clone() {
        Line::Text(t) => Answer::Text(t),
        Line::YesNo(b) => Answer::YesNo(b),
        Line::Many(v) => Answer::Many(v),
        Line::NotApplicable(r) => Answer::NotApplicable(r),
        Line::AskLater(n) => Answer::AskLater(n),
        Line::Row | Line::RowAt(_) | Line::Conflict(..) => return None,
    })
}

/// A form's status changed on both sides, merged field by field: what one side changed is
/// kept; the messages written are a set of records (both sides' new ones kept, one removed
/// on a side gone), as are the document stamps (by document); the finalized and sent copies
/// go by revision (the later one); the export record is the later export. Only a value both
/// sides set differently (the day sent, the acknowledgement, one document's stamp, one
/// revision finalized twice) is a conflict: this side's is kept and it is said in
/// `statuses`. The status itself is recomputed from the merged answers afterwards.
fn merge_form(
    id: &str,
    base: Option<&DiskForm>,
    ours: &DiskForm,
    theirs: &DiskForm,
    statuses: &mut Vec<String>,
) -> DiskForm {
    let mut said = |what: &str, here: String, there: String| {
        statuses.push(format!(
            "{id}: {what} changed on both sides ({here} here, {there} on theirs); this side's is kept"
        ));
    };
    let show = |v: &dyn std::fmt::Debug| format!("{v:?}");
    macro_rules! scalar {
        ($field:ident, $what:expr) => {{
            let o = base.map(|b| &b.$field);
            match three_way(o, Some(&ours.$field), Some(&theirs.$field)) {
                Ok(v) => v.cloned().unwrap_or_else(|| ours.$field.clone()),
                Err(()) => {
                    said($what, show(&ours.$field), show(&theirs.$field));
                    ours.$field.clone()
                }
            }
        }};
    }
    let sent = scalar!(sent, "the day sent");
    let acknowledged = scalar!(acknowledged, "the acknowledgement");
    let version = match three_way(
        base.map(|b| &b.version),
        Some(&ours.version),
        Some(&theirs.version),
    ) {
        Ok(v) => *v.unwrap_or(&ours.version),
        Err(()) => ours.version.max(theirs.version),
    };
    let exported = match three_way(
        base.map(|b| &b.exported),
        Some(&ours.exported),
        Some(&theirs.exported),
    ) {
        Ok(v) => v.cloned().flatten(),
        Err(()) => {
            let at = |e: &Option<super::format::DiskExport>| e.as_ref().map(|e| e.at);
            if at(&theirs.exported) > at(&ours.exported) {
                theirs.exported.clone()
            } else {
                ours.exported.clone()
            }
        }
    };
    let by_revision = |o: Option<&Option<FinalCopy>>,
                       a: &Option<FinalCopy>,
                       b: &Option<FinalCopy>,
                       what: &str,
                       said: &mut dyn FnMut(&str, String, String)| {
        match three_way(o, Some(a), Some(b)) {
            Ok(v) => v.cloned().flatten(),
            Err(()) => match (a, b) {
                (Some(x), Some(y)) if x.revision == y.revision && x.at != y.at => {
                    said(
                        what,
                        format!("revision {} of {}", x.revision, x.at),
                        format!("revision {} of {}", y.revision, y.at),
                    );
                    a.clone()
                }
                (Some(x), Some(y)) => Some(
                    if (y.revision, y.at) > (x.revision, x.at) {
                        y
                    } else {
                        x
                    }
                    .clone(),
                ),
                // Gone on one side (reopened), made again on the other: the one made.
                (x, y) => x.clone().or_else(|| y.clone()),
            },
        }
    };
    let finalized = by_revision(
        base.map(|b| &b.finalized),
        &ours.finalized,
        &theirs.finalized,
        "the finalized copy",
        &mut said,
    );
    let sent_copy = by_revision(
        base.map(|b| &b.sent_copy),
        &ours.sent_copy,
        &theirs.sent_copy,
        "the copy sent",
        &mut said,
    );
    // A set of records: kept unless one side removed it.
    let none = Vec::new();
    let base_mailed = base.map_or(&none, |b| &b.mailed);
    let mut mailed: Vec<Mailing> = Vec::new();
    for m in ours.mailed.iter().chain(&theirs.mailed) {
        let removed =
            base_mailed.contains(m) && !(ours.mailed.contains(m) && theirs.mailed.contains(m));
        if !removed && !mailed.contains(m) {
            mailed.push(m.clone());
        }
    }
    mailed.sort_by_key(|m| (m.at, m.revision));
    let empty = BTreeMap::new();
    let base_docs = base.map_or(&empty, |b| &b.documents);
    let mut documents = BTreeMap::new();
    for key in keys(base_docs, &ours.documents, &theirs.documents) {
        let (x, y, z) = (
            base_docs.get(key),
            ours.documents.get(key),
            theirs.documents.get(key),
        );
        let stamp = match three_way(x, y, z) {
            Ok(v) => v,
            Err(()) => {
                let short = |s: Option<&DocumentStamp>| {
                    s.map_or("removed".to_string(), |s| {
                        format!("{} bytes, sha256 {:.12}", s.size, s.sha256)
                    })
                };
                said(&format!("the stamp of {key}"), short(y), short(z));
                y
            }
        };
        if let Some(stamp) = stamp {
            documents.insert(key.clone(), stamp.clone());
        }
    }
    let status = match three_way(
        base.map(|b| &b.status),
        Some(&ours.status),
        Some(&theirs.status),
    ) {
        Ok(v) => *v.unwrap_or(&ours.status),
        // Finalized on the side whose copy is kept; otherwise recomputed anyway.
        Err(()) if finalized.is_some() && finalized == theirs.finalized => theirs.status,
        Err(()) => ours.status,
    };
    DiskForm {
        status,
        version,
        exported,
        finalized,
        mailed,
        sent,
        sent_copy,
        acknowledged,
        documents,
    }
}

/// What a merge left for the user: answers kept side by side (their paths), and what of
/// a form's status both sides changed differently (said in full).
#[derive(Debug, Default)]
pub(crate) struct Unsettled {
    pub answers: Vec<String>,
    pub statuses: Vec<String>,
}

impl Unsettled {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.statuses.is_empty()
    }
}

/// The merge driver: merges `theirs` into `ours` (written in place) from `base`. A file that
/// is not a draft is merged line by line by `git merge-file` instead.
pub(crate) fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    forms: &FormSet,
) -> Result<Unsettled, MergeError> {
    // Each side is read as a draft is: a regular file within the draft size limit, before
    // any parsing (git hands the driver whatever the branches hold).
    let read = |path: &Path| {
        super::read::read_text(path, crate::domain::values::limits::MAX_FILE_BYTES).map_err(
            |problem| MergeError::Read {
                path: path.to_path_buf(),
                source: std::io::Error::other(problem.to_string()),
            },
        )
    };
    let (o, a, b) = (read(base)?, read(ours)?, read(theirs)?);
    let today = Local::now().date_naive();
    match merge_texts((&o, base), (&a, ours), (&b, theirs), forms, today) {
        Ok(merged) => {
            fs::write(ours, merged.text).map_err(|source| MergeError::Write {
                path: ours.to_path_buf(),
                source,
            })?;
            Ok(Unsettled {
                answers: merged.conflicts,
                statuses: merged.statuses,
            })
        }
        Err(MergeError::Draft(_)) => {
            git(
                None,
                &[
                    "merge-file".as_ref(),
                    ours.as_os_str(),
                    base.as_os_str(),
                    theirs.as_os_str(),
                ],
            )?;
            Ok(Unsettled::default())
        }
        Err(e) => Err(e),
    }
}

/// Runs git (in `repo`) and returns its standard output.
fn git(repo: Option<&Path>, args: &[&std::ffi::OsStr]) -> Result<String, MergeError> {
    let mut cmd = Command::new("git");
    if let Some(repo) = repo {
        cmd.arg("-C").arg(repo);
    }
    let shown = args
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    let out = cmd.args(args).output().map_err(|e| MergeError::Git {
        args: shown.clone(),
        message: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(MergeError::Git {
            args: shown,
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// What `git-setup` did.
#[derive(Debug)]
pub struct Setup {
    pub attributes: PathBuf,
    pub pattern: String,
    pub driver: String,
}

/// Registers the merge driver in a repository: a `.gitattributes` line for the drafts
/// (`saves/*.ron merge=clec-wizard`) and the driver in the repository's own git config.
/// `exe` is this program; `forms` a folder of form definitions, if not the built-in ones.
pub(crate) fn git_setup(
    repo: &Path,
    saves: &Path,
    exe: &Path,
    forms: Option<&Path>,
) -> Result<Setup, MergeError> {
    let top = PathBuf::from(git(
        Some(repo),
        &["rev-parse".as_ref(), "--show-toplevel".as_ref()],
    )?);
    let saves_abs = fs::canonicalize(saves).unwrap_or_else(|_| repo.join(saves));
    let top_abs = fs::canonicalize(&top).unwrap_or(top.clone());
    let pattern = match saves_abs.strip_prefix(&top_abs) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            format!("{}/*.ron", rel.to_string_lossy().replace('\\', "/"))
        }
        _ => "*.ron".to_string(),
    };
    let line = format!("{pattern} merge={DRIVER}");
    let attributes = top.join(".gitattributes");
    let current = fs::read_to_string(&attributes).unwrap_or_default();
    if !current.lines().any(|l| l.trim() == line) {
        let mut text = current;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        fs::write(&attributes, text).map_err(|source| MergeError::Write {
            path: attributes.clone(),
            source,
        })?;
    }
    let mut driver = format!("{} merge-driver", driver_word(&exe.to_string_lossy()));
    if let Some(dir) = forms {
        let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        // Git runs the driver at the top of the work tree: a folder of forms kept in the
        // repository is named from there, so the clone can move and the driver still works.
        let dir = match dir.strip_prefix(&top_abs) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => dir,
        };
        driver.push_str(&format!(" --forms {}", driver_word(&dir.to_string_lossy())));
    }
    driver.push_str(" %O %A %B");
    let name_key = format!("merge.{DRIVER}.name");
    let driver_key = format!("merge.{DRIVER}.driver");
    let name = "clec-wizard drafts, answer by answer";
    git(
        Some(&top),
        &["config".as_ref(), name_key.as_ref(), name.as_ref()],
    )?;
    git(
        Some(&top),
        &["config".as_ref(), driver_key.as_ref(), driver.as_ref()],
    )?;
    Ok(Setup {
        attributes,
        pattern,
        driver,
    })
}

/// A word of the driver's command line: quoted for the shell git runs it with, and each
/// `%` doubled, since git reads `%O`, `%A`, `%B`... in it and `%%` as a `%`.
fn driver_word(word: &str) -> String {
    shell_quote(word).replace('%', "%%")
}

/// Quotes a word for the shell git runs the driver with.
fn shell_quote(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_way_takes_the_changed_side() {
        let (o, a, b) = (Some(&1), Some(&2), Some(&3));
        assert_eq!(three_way(o, o, b), Ok(b));
        assert_eq!(three_way(o, a, o), Ok(a));
        assert_eq!(three_way(o, a, a), Ok(a));
        assert_eq!(three_way(o, None, o), Ok(None));
        assert_eq!(three_way(o, a, b), Err(()));
        assert_eq!(three_way(None, a, b), Err(()));
    }

    /// Messages written and document stamps are sets of records: what each side added is
    /// kept, what one side removed is gone; a later revision finalized wins.
    #[test]
    fn a_forms_records_merge_as_sets() {
        use crate::domain::values::status::FormStatus;
        let mail = |at: &str, revision| Mailing {
            at: at.parse().unwrap(),
            revision,
            to: None,
            files: vec![],
        };
        let stamp = |file: &str| DocumentStamp {
            file: file.into(),
            size: 1,
            sha256: "ab".into(),
        };
        let copy = |revision| FinalCopy {
            revision,
            at: "2026-11-25T10:00:00Z".parse().unwrap(),
            version: 1,
            answers: BTreeMap::new(),
        };
        let base = DiskForm {
            status: FormStatus::Complete,
            version: 1,
            exported: None,
            finalized: Some(copy(1)),
            mailed: vec![
                mail("2026-11-20T10:00:00Z", 1),
                mail("2026-11-21T10:00:00Z", 1),
            ],
            sent: None,
            sent_copy: None,
            acknowledged: None,
            documents: BTreeMap::from([("f.a".to_string(), stamp("a"))]),
        };
        let mut ours = base.clone();
        ours.mailed.push(mail("2026-11-23T10:00:00Z", 1));
        ours.mailed.remove(0);
        ours.documents.insert("f.b".into(), stamp("b"));
        let mut theirs = base.clone();
        theirs.mailed.push(mail("2026-11-22T10:00:00Z", 2));
        theirs.finalized = Some(copy(2));
        theirs.documents.insert("f.c".into(), stamp("c"));
        let mut said = Vec::new();
        let merged = merge_form("f", Some(&base), &ours, &theirs, &mut said);
        assert!(said.is_empty(), "{said:?}");
        let days: Vec<String> = merged.mailed.iter().map(|m| m.at.to_rfc3339()).collect();
        assert_eq!(
            days,
            [
                "2026-11-21T10:00:00+00:00",
                "2026-11-22T10:00:00+00:00",
                "2026-11-23T10:00:00+00:00"
            ]
        );
        assert_eq!(merged.finalized.unwrap().revision, 2);
        let docs: Vec<&String> = merged.documents.keys().collect();
        assert_eq!(docs, ["f.a", "f.b", "f.c"]);
        // The same document stamped differently on both sides is said, this side's kept.
        let mut ours = base.clone();
        ours.documents.insert("f.a".into(), stamp("x"));
        let mut theirs = base.clone();
        theirs.documents.insert("f.a".into(), stamp("y"));
        let merged = merge_form("f", Some(&base), &ours, &theirs, &mut said);
        assert_eq!(merged.documents["f.a"].file, "x");
        assert_eq!(said.len(), 1);
        assert!(
            said[0].starts_with("f: the stamp of f.a changed on both sides"),
            "{said:?}"
        );
    }

    /// Drafts in format 3 merge as format 2 did: two branches that each wrote the next
    /// message (the same line, `FORM@mailed 2`, with different values) and one that
    /// recorded the acknowledgement keep all of them; the result is format 3 again.
    #[test]
    fn records_one_a_line_merge_as_sets() {
        use crate::domain::draft::records::Acknowledgement;
        use crate::domain::draft::{Draft, FormState};
        use crate::domain::values::status::FormStatus;
        let mail = |at: &str| Mailing {
            at: at.parse().unwrap(),
            revision: 0,
            to: Some("cds@example.com".into()),
            files: vec![],
        };
        let mut base = Draft::new("2026-11-25T09:00:00Z".parse().unwrap());
        let mut state = FormState::new(FormStatus::InProgress, 2);
        state.mailed.push(mail("2026-11-20T10:00:00Z"));
        base.forms.insert("profile".into(), state);
        let mut ours = base.clone();
        let mine = ours.forms.get_mut("profile").unwrap();
        mine.mailed.push(mail("2026-11-23T10:00:00Z"));
        mine.acknowledged = Some(Acknowledgement {
            on: "2026-11-24".parse().unwrap(),
            reference: Some("CDS-1".into()),
        });
        let mut theirs = base.clone();
        let their = theirs.forms.get_mut("profile").unwrap();
        their.mailed.push(mail("2026-11-22T10:00:00Z"));
        let (o, a, b) = (to_ron(&base), to_ron(&ours), to_ron(&theirs));
        assert!(a.contains("\"profile@mailed 2\"") && b.contains("\"profile@mailed 2\""));
        let forms = crate::storage::forms::load(None).unwrap();
        let today = "2026-11-25".parse().unwrap();
        let p = Path::new("x.ron");
        let merged = merge_texts((&o, p), (&a, p), (&b, p), &forms, today).unwrap();
        assert!(merged.statuses.is_empty() && merged.conflicts.is_empty());
        assert!(merged.text.contains("format: 3"), "{}", merged.text);
        let back = parse(&merged.text, p).unwrap();
        let days: Vec<String> = back.forms["profile"]
            .mailed
            .iter()
            .map(|m| m.at.date_naive().to_string())
            .collect();
        assert_eq!(days, ["2026-11-20", "2026-11-22", "2026-11-23"]);
        assert!(
            merged
                .text
                .contains("\"profile@acknowledged\": Acknowledged(on: \"2026-11-24\", reference: Some(\"CDS-1\")),"),
            "{}",
            merged.text
        );
    }

    /// A folder of forms inside the repository is registered relative to its top, where
    /// git runs the driver: the clone can live anywhere.
    #[test]
    fn forms_in_the_repository_are_named_from_its_top() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let ok = Command::new("git")
            .args(["init", "-q"])
            .current_dir(repo)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(ok.success());
        fs::create_dir_all(repo.join("team/forms")).unwrap();
        fs::create_dir_all(repo.join("saves")).unwrap();
        let setup = git_setup(
            repo,
            &repo.join("saves"),
            Path::new("/usr/bin/clec-wizard"),
            Some(&repo.join("team/forms")),
        )
        .unwrap();
        assert_eq!(
            setup.driver,
            "/usr/bin/clec-wizard merge-driver --forms team/forms %O %A %B"
        );
    }

    #[test]
    fn quoting_for_the_shell() {
        assert_eq!(shell_quote("/usr/bin/clec-wizard"), "/usr/bin/clec-wizard");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
        assert_eq!(driver_word("/opt/100%A/cw"), "'/opt/100%%A/cw'");
    }
}
