//! Writing exports to files: atomically, never over an existing file unless asked, and
//! recorded in the draft (time and form version) so the journey shows what was sent.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};

use super::{Format, Source, eml};
use crate::domain::catalog::FormSet;
use crate::domain::draft::{Draft, ExportRecord, FormState, FormStatus};
use crate::domain::validate::FormReport;
use crate::storage::files::write_atomic;

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("not complete: {}", .0.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "))]
    Incomplete(Vec<(String, FormReport)>),
    #[error("{0} exists; use --force to overwrite it")]
    Exists(PathBuf),
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, io::Error),
}

fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), ExportError> {
    write_atomic(path, bytes, force).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => ExportError::Exists(path.to_path_buf()),
        _ => ExportError::Io(path.to_path_buf(), e),
    })
}

/// Refuses incomplete forms unless `draft_mode`.
fn check_complete(sources: &[Source<'_>], draft_mode: bool) -> Result<(), ExportError> {
    let open: Vec<(String, FormReport)> = sources
        .iter()
        .filter(|s| !s.is_complete())
        .map(|s| (s.form.title.clone(), s.report.clone()))
        .collect();
    if open.is_empty() || draft_mode {
        Ok(())
    } else {
        Err(ExportError::Incomplete(open))
    }
}

/// Writes one form in one format to `path`.
pub fn write_one(
    src: &Source<'_>,
    format: Format,
    path: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    check_complete(std::slice::from_ref(src), src.draft_mode)?;
    write_file(path, &src.render(format), force)?;
    Ok(path.to_path_buf())
}

/// The folder exports go to by default: `BASE/NAME-DATE` (BASE is `exports`).
pub fn default_folder(base: &Path, name: &str, at: DateTime<Local>) -> PathBuf {
    base.join(format!("{name}-{}", at.format("%Y-%m-%d")))
}

/// Writes every form of the draft into `dir`: for each form its summary (text and
/// Markdown), CSV and JSON, and one `.eml` per recipient carrying that recipient's forms
/// (a form with no recipient gets a message of its own, to be addressed by the user).
pub fn write_all(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    at: DateTime<Local>,
    dir: &Path,
    draft_mode: bool,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let sources: Vec<Source<'_>> = forms
        .forms()
        .iter()
        .map(|form| Source {
            draft_mode,
            ..Source::new(forms, draft, name, form, at)
        })
        .collect();
    check_complete(&sources, draft_mode)?;
    let mut written = Vec::new();
    for src in &sources {
        for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
            let path = dir.join(format!("{}.{}", src.file_stem(), format.extension()));
            write_file(&path, &src.render(format), force)?;
            written.push(path);
        }
    }
    let mut by_recipient: BTreeMap<Option<&str>, Vec<&Source<'_>>> = BTreeMap::new();
    let mut alone = Vec::new();
    for src in &sources {
        match src.form.submit_to.as_ref() {
            Some(s) => by_recipient
                .entry(Some(s.to.as_str()))
                .or_default()
                .push(src),
            None => alone.push(src),
        }
    }
    let mut messages: Vec<(String, Vec<u8>)> = by_recipient
        .into_iter()
        .map(|(to, group)| {
            let file = format!(
                "{}-to-{}.eml",
                super::slug(&group[0].company()),
                super::slug(to.unwrap_or(""))
            );
            (file, eml::message(&group, to))
        })
        .collect();
    messages.extend(alone.into_iter().map(|src| {
        (
            format!("{}.eml", src.file_stem()),
            eml::message(&[src], None),
        )
    }));
    for (file, bytes) in messages {
        let path = dir.join(file);
        write_file(&path, &bytes, force)?;
        written.push(path);
    }
    Ok(written)
}

/// Records an export of a form in the draft.
pub fn record(draft: &mut Draft, form_id: &str, version: u32, format: Format, at: DateTime<Utc>) {
    let state = draft.forms.entry(form_id.to_string()).or_insert(FormState {
        status: FormStatus::NotStarted,
        version,
        exported: None,
        revision: 0,
    });
    let revision = state.revision;
    state.exported = Some(ExportRecord {
        at,
        version,
        format: format.extension().into(),
        revision,
    });
}
