//! Drafts a team can merge: a three-way merge answer by answer (the git merge driver), the
//! git setup that registers it, and the `.gitignore` of a folder of drafts.
//!
//! Every line of a draft (an answer, a row marker, a form's status) merges on its own:
//! changed on one side only, that side wins; changed the same way on both, once; changed
//! differently on both, an answer is kept side by side as a conflict (an open item of the
//! form until the user picks one), a form status takes the later export or is recomputed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Local, NaiveDate};

use super::drafts::{StoreError, parse, to_ron};
use super::format::{DiskDraft, DiskForm, Line, from_disk, to_disk};
use crate::domain::change::edit;
use crate::domain::form::catalog::FormSet;

/// The merge driver's name in git's configuration.
pub const DRIVER: &str = "clec-wizard";

/// Why a merge or the git setup failed.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
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
pub struct Merged {
    pub text: String,
    /// Paths of answers changed differently on both sides.
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs` (texts of a draft, format 1 or 2) from their common `base`;
/// statuses are recomputed from the merged answers (`forms`, `today`).
pub fn merge_texts(
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
    for key in keys(&o.answers, &a.answers, &b.answers) {
        let (x, y, z) = (o.answers.get(key), a.answers.get(key), b.answers.get(key));
        match three_way(x, y, z) {
            Ok(line) => {
                if let Some(line) = line {
                    answers.insert(key.clone(), line.clone());
                }
            }
            Err(()) => {
                conflicts.push(key.clone());
                answers.insert(key.clone(), conflict(y, z));
            }
        }
    }
    let mut forms_merged = BTreeMap::new();
    for key in keys(&o.forms, &a.forms, &b.forms) {
        let (x, y, z) = (o.forms.get(key), a.forms.get(key), b.forms.get(key));
        let form = three_way(x, y, z).unwrap_or_else(|()| later_export(y, z));
        if let Some(form) = form {
            forms_merged.insert(key.clone(), form.clone());
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
    draft.format = crate::domain::draft::DRAFT_FORMAT;
    Ok(Merged {
        text: to_ron(&draft),
        conflicts: conflicts.iter().map(|k| k.to_string()).collect(),
    })
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
pub fn three_way<'v, V: PartialEq>(
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
        Line::Row | Line::Conflict(..) => return None,
    })
}

/// A form changed on both sides: the side with the later export (its status is then
/// recomputed from the merged answers).
fn later_export<'f>(
    ours: Option<&'f DiskForm>,
    theirs: Option<&'f DiskForm>,
) -> Option<&'f DiskForm> {
    let at = |f: Option<&DiskForm>| f.and_then(|f| f.exported.as_ref().map(|e| e.at));
    if at(theirs) > at(ours) {
        theirs
    } else {
        ours.or(theirs)
    }
}

/// The merge driver: merges `theirs` into `ours` (written in place) from `base`. A file that
/// is not a draft is merged line by line by `git merge-file` instead.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    forms: &FormSet,
) -> Result<Vec<String>, MergeError> {
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
            Ok(merged.conflicts)
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
            Ok(Vec::new())
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
pub fn git_setup(
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

    #[test]
    fn quoting_for_the_shell() {
        assert_eq!(shell_quote("/usr/bin/clec-wizard"), "/usr/bin/clec-wizard");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
        assert_eq!(driver_word("/opt/100%A/cw"), "'/opt/100%%A/cw'");
    }
}
