//! Writing exports to files: atomically and all or nothing, never over an existing file
//! unless asked, and recorded in the draft (time and form version) so the journey shows
//! what was sent.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};

use super::{Format, Source, eml};
use crate::domain::draft::records::Mailing;
use crate::domain::draft::{Draft, ExportRecord, FormState};
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, validate_draft, validate_form};
use crate::domain::values::status::FormStatus;

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("not complete: {}", .0.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "))]
    Incomplete(Vec<(String, FormReport)>),
    #[error("no form {0:?} in this set of forms")]
    UnknownForm(String),
    #[error("{0} exists; use --force to overwrite it")]
    Exists(PathBuf),
    /// Several files of an export exist: none was written.
    #[error(
        "{first} and {others} other file(s) of this export exist; nothing was written; use --force to overwrite them"
    )]
    ExistMany { first: PathBuf, others: usize },
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, io::Error),
    #[error("{0} is a file; every form is exported into a folder: give a folder's path")]
    NotAFolder(PathBuf),
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

/// The folder exports go to by default: `BASE/NAME-DATE` (BASE is `exports`).
pub(crate) fn default_folder(base: &Path, name: &str, at: DateTime<Local>) -> PathBuf {
    base.join(format!("{name}-{}", at.format("%Y-%m-%d")))
}

/// Writes every form of the draft into `dir`: for each form its summary (text and
/// Markdown), CSV, JSON and PDF, and one `.eml` per recipient carrying that recipient's
/// complete forms (incomplete ones too, as drafts, when `draft_mode`). Incomplete forms
/// are marked DRAFT; a form with no recipient is in no message.
/// All or nothing: a file in the way (without `force`) or a file that cannot be written
/// stops it before any file is in place ([`write_planned`]).
pub fn write_all(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    at: DateTime<Local>,
    dir: &Path,
    draft_mode: bool,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(ExportError::NotAFolder(dir.to_path_buf()));
    }
    let sources = all_sources(forms, draft, name, at, None, false);
    let plan = plan_all(&sources, dir, draft_mode).files;
    match write_planned(&plan, force) {
        Written { error: Some(e), .. } => Err(e),
        Written { count, .. } => Ok(plan[..count].iter().map(|f| f.path.clone()).collect()),
    }
}

/// Every form of the draft, each marked DRAFT when it is incomplete (and only then).
fn all_sources<'a>(
    forms: &'a FormSet,
    draft: &'a Draft,
    name: &'a str,
    at: DateTime<Local>,
    documents: Option<PathBuf>,
    attach_json: bool,
) -> Vec<Source<'a>> {
    forms
        .forms()
        .iter()
        .map(|form| {
            let src = Source::new(forms, draft, name, form, at)
                .with_documents(documents.clone())
                .with_json(attach_json);
            Source {
                draft_mode: !src.is_complete(),
                ..src
            }
        })
        .collect()
}

/// One file to write and the forms it carries.
struct Planned {
    path: PathBuf,
    bytes: Vec<u8>,
    forms: Vec<String>,
    /// For a message: its recipient, if any (recorded in each form's sent log).
    message: Option<Option<String>>,
}

/// The files of [`write_all`] in the order they are written, and the forms no message
/// carries although they have a recipient.
struct Plan {
    files: Vec<Planned>,
    /// Titles of incomplete forms left out of their message.
    left_out: Vec<String>,
    /// Titles of forms whose recipient's address is not answered (or not valid).
    unaddressed: Vec<String>,
}

/// The files of [`write_all`], in the order they are written: every form's own files,
/// the workbook, then one message per recipient with its complete forms (and, when
/// `include_drafts`, its incomplete ones).
fn plan_all(sources: &[Source<'_>], dir: &Path, include_drafts: bool) -> Plan {
    let mut files = Vec::new();
    for src in sources {
        for format in [
            Format::Text,
            Format::Markdown,
            Format::Csv,
            Format::Json,
            Format::Pdf,
        ] {
            files.push(Planned {
                path: dir.join(format!("{}.{}", src.file_stem(), format.extension())),
                bytes: src.render(format),
                forms: vec![src.form.id.clone()],
                message: None,
            });
        }
    }
    if let Some(first) = sources.first() {
        let file = format!(
            "{}-{}.xlsx",
            super::slug(&first.company()),
            first.at.format("%Y-%m-%d")
        );
        files.push(Planned {
            path: dir.join(file),
            bytes: super::xlsx::workbook(&sources.iter().collect::<Vec<_>>()),
            forms: sources.iter().map(|s| s.form.id.clone()).collect(),
            message: None,
        });
    }
    let mut plan = Plan {
        files,
        left_out: Vec::new(),
        unaddressed: Vec::new(),
    };
    let mut by_recipient: BTreeMap<String, Vec<&Source<'_>>> = BTreeMap::new();
    for src in sources.iter().filter(|s| s.form.submit_to.is_some()) {
        match eml::recipient(src) {
            _ if src.draft_mode && !include_drafts => plan.left_out.push(src.form.title.clone()),
            Some(to) => by_recipient.entry(to).or_default().push(src),
            None => plan.unaddressed.push(src.form.title.clone()),
        }
    }
    for (to, group) in by_recipient {
        let file = format!(
            "{}-to-{}.eml",
            super::slug(&group[0].company()),
            super::slug(&to)
        );
        plan.files.push(Planned {
            path: dir.join(file),
            bytes: eml::message(&group, Some(&to)),
            forms: group.iter().map(|s| s.form.id.clone()).collect(),
            message: Some(Some(to)),
        });
    }
    plan
}

/// What [`write_planned`] did.
struct Written {
    /// How many of the planned files are in place (the first ones).
    count: usize,
    /// What stopped it.
    error: Option<ExportError>,
    /// Without `force`: the planned files that exist (then none was written).
    existing: Vec<PathBuf>,
}

/// Writes the planned files, all or none. Without `force`, files that exist stop it
/// before anything is written (all of them are named). Each file is then written to a
/// temporary file beside its place and flushed; one that cannot be written stops it with
/// nothing in place. Last, each is renamed into place, so a folder holds the whole export
/// or none of it (only a file made by someone else in between stops the renames).
fn write_planned(plan: &[Planned], force: bool) -> Written {
    let stopped = |error, existing| Written {
        count: 0,
        error: Some(error),
        existing,
    };
    if !force {
        let existing: Vec<PathBuf> = plan
            .iter()
            .filter(|f| std::fs::symlink_metadata(&f.path).is_ok())
            .map(|f| f.path.clone())
            .collect();
        let error = match existing.as_slice() {
            [] => None,
            [one] => Some(ExportError::Exists(one.clone())),
            [first, rest @ ..] => Some(ExportError::ExistMany {
                first: first.clone(),
                others: rest.len(),
            }),
        };
        if let Some(error) = error {
            return stopped(error, existing);
        }
    }
    let mut staged = Vec::with_capacity(plan.len());
    for file in plan {
        match stage(&file.path, &file.bytes) {
            Ok(tmp) => staged.push(tmp),
            // The temporaries staged so far are removed as they drop.
            Err(e) => return stopped(ExportError::Io(file.path.clone(), e), Vec::new()),
        }
    }
    let mut dirs: Vec<&Path> = Vec::new();
    for (i, (file, tmp)) in plan.iter().zip(staged).enumerate() {
        let placed = if force {
            tmp.persist(&file.path)
        } else {
            tmp.persist_noclobber(&file.path)
        };
        if let Err(e) = placed.map_err(|e| e.error) {
            let error = match e.kind() {
                io::ErrorKind::AlreadyExists => ExportError::Exists(file.path.clone()),
                _ => ExportError::Io(file.path.clone(), e),
            };
            return Written {
                count: i,
                error: Some(error),
                existing: Vec::new(),
            };
        }
        let dir = parent_of(&file.path);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        let _ = crate::storage::files::sync_dir(dir);
    }
    Written {
        count: plan.len(),
        error: None,
        existing: Vec::new(),
    }
}

/// The folder a file goes in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `bytes` in a new flushed temporary file beside `path`, its folder made if needed.
fn stage(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir)?;
    crate::storage::files::synced_temp(dir, ".clec-wizard.", bytes)
}

/// The forms every planned file of which was written, in form order: only those went
/// out whole and may be recorded as exported.
fn fully_written(plan: &[Planned], written: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in plan.iter().flat_map(|f| &f.forms) {
        let whole = plan
            .iter()
            .enumerate()
            .all(|(i, f)| i < written || !f.forms.contains(id));
        if whole && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// What an export writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// One form (by id) in one format, to this file (see [`file_path`] for the usual name).
    One {
        form: String,
        format: Format,
        path: PathBuf,
    },
    /// Every form of the draft into this folder, as [`write_all`] lays them out.
    All { dir: PathBuf },
}

/// Whether an export goes out marked DRAFT, with its open items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftMode {
    /// Marked DRAFT when what is exported is incomplete (the wizard).
    Auto,
    /// Always marked DRAFT (the command line's `--draft`).
    Always,
    /// Never: incomplete forms are refused (the command line without `--draft`).
    Never,
}

/// An export to files, as both the command line and the wizard ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExportRequest {
    pub target: ExportTarget,
    pub mode: DraftMode,
    /// Replace files that exist (else an existing file stops the export).
    pub overwrite: bool,
    /// The folder document answers are relative to (the folder of drafts): messages
    /// attach the documents, and what they attached is recorded. None: no documents.
    pub documents: Option<PathBuf>,
    /// Messages attach each form's answers as JSON too (`--attach-json`).
    pub attach_json: bool,
}

/// What an export did: the files written (in order), the forms recorded in the draft as
/// exported, and what stopped it, if anything. An export writes all its files or none; only
/// a file made by someone else while it renames its files into place can stop it part-way,
/// and then the files in place are listed, so a caller can say "wrote 3 files, then
/// stopped: ...".
#[derive(Debug)]
pub(crate) struct ExportOutcome {
    pub written: Vec<PathBuf>,
    /// Ids of the forms recorded, in form order: those whose every file was written.
    pub recorded: Vec<String>,
    /// Incomplete forms no message carries (an export of every form without `--draft`).
    pub left_out: Vec<String>,
    /// Forms with a recipient whose address is not answered: in no message.
    pub unaddressed: Vec<String>,
    /// Messages written larger than [`crate::domain::values::limits::WARN_MESSAGE_BYTES`].
    pub large: Vec<PathBuf>,
    pub stopped: Option<ExportError>,
    /// The files of this export that exist, when that stopped it (nothing was written):
    /// what asking to overwrite replaces.
    pub existing: Vec<PathBuf>,
}

/// Whether the export `target` is marked DRAFT under `mode`. `Auto` looks at what is
/// exported: one form, or (for every form) the whole draft, so that the files sent
/// together say the same.
pub fn draft_mode(
    forms: &FormSet,
    draft: &Draft,
    target: &ExportTarget,
    mode: DraftMode,
    today: NaiveDate,
) -> bool {
    match mode {
        DraftMode::Always => true,
        DraftMode::Never => false,
        DraftMode::Auto => match target {
            ExportTarget::One { form, .. } => forms
                .form(form)
                .is_some_and(|f| !validate_form(forms, draft, f, today).is_complete()),
            ExportTarget::All { .. } => !validate_draft(forms, draft, today).is_complete(),
        },
    }
}

/// The file an export of one form in one format gets in `dir`: the name [`write_all`]
/// gives it too.
pub(crate) fn file_path(
    draft: &Draft,
    name: &str,
    form: &str,
    format: Format,
    at: DateTime<Local>,
    dir: &Path,
) -> PathBuf {
    let stem = super::file_stem(draft, name, form, at);
    dir.join(format!("{stem}.{}", format.extension()))
}

/// Exports what `request` asks for and records in the draft each form that went out
/// whole (at `now`; an export of every form is recorded as `.eml`). The one way to export
/// to files, so that the command line and the wizard write, stop and record alike.
pub(crate) fn export_and_record(
    forms: &FormSet,
    draft: &mut Draft,
    name: &str,
    request: &ExportRequest,
    at: DateTime<Local>,
    now: DateTime<Utc>,
) -> ExportOutcome {
    let mut mode = draft_mode(forms, draft, &request.target, request.mode, at.date_naive());
    // A document problem is an open item too (checked on disk, so not by the domain).
    if request.mode == DraftMode::Auto
        && !mode
        && let (Some(base), ExportTarget::One { form, .. }) = (&request.documents, &request.target)
        && let Some(def) = forms.form(form)
    {
        mode = crate::storage::documents::check(forms, draft, def, base)
            .iter()
            .any(|p| p.blocking);
    }
    // Every form: incomplete forms join their message only when asked (`--draft`).
    let marked = match request.target {
        ExportTarget::One { .. } => mode,
        ExportTarget::All { .. } => request.mode == DraftMode::Always,
    };
    let docs = request.documents.as_deref();
    let (plan, format) = match plan_request(forms, draft, name, request, at, marked) {
        Ok(planned) => planned,
        Err(e) => {
            return ExportOutcome {
                written: Vec::new(),
                recorded: Vec::new(),
                left_out: Vec::new(),
                unaddressed: Vec::new(),
                large: Vec::new(),
                stopped: Some(e),
                existing: Vec::new(),
            };
        }
    };
    let Plan {
        files: plan,
        left_out,
        unaddressed,
    } = plan;
    let Written {
        count: written,
        error: stopped,
        existing,
    } = write_planned(&plan, request.overwrite);
    let recorded = fully_written(&plan, written);
    for id in &recorded {
        if let Some(form) = forms.form(id) {
            record(draft, id, form.version, format, now);
        }
    }
    log_messages(forms, draft, &plan[..written], now);
    // Documents attached and not recorded yet are recorded (a recorded one was attached
    // only as recorded: a changed one is an open item, never re-recorded by an export).
    if let Some(base) = docs {
        for file in plan[..written].iter().filter(|f| f.message.is_some()) {
            for form in file.forms.iter().filter_map(|id| forms.form(id)) {
                crate::storage::documents::stamp(forms, draft, form, base);
            }
        }
    }
    ExportOutcome {
        written: plan[..written].iter().map(|f| f.path.clone()).collect(),
        recorded,
        left_out,
        unaddressed,
        large: plan[..written]
            .iter()
            .filter(|f| f.message.is_some())
            .filter(|f| f.bytes.len() as u64 > crate::domain::values::limits::WARN_MESSAGE_BYTES)
            .map(|f| f.path.clone())
            .collect(),
        stopped,
        existing,
    }
}

/// The files a request writes and the format its records name, or why nothing may be
/// written (an unknown form, or an incomplete form outside draft mode). For every form,
/// `draft_mode` says whether incomplete forms go into the messages (as drafts).
fn plan_request(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    request: &ExportRequest,
    at: DateTime<Local>,
    draft_mode: bool,
) -> Result<(Plan, Format), ExportError> {
    let documents = request.documents.clone();
    match &request.target {
        ExportTarget::One { form, format, path } => {
            let def = forms
                .form(form)
                .ok_or_else(|| ExportError::UnknownForm(form.clone()))?;
            let src = Source {
                draft_mode,
                ..Source::new(forms, draft, name, def, at)
                    .with_documents(documents)
                    .with_json(request.attach_json)
            };
            check_complete(std::slice::from_ref(&src), draft_mode)?;
            let file = Planned {
                path: path.clone(),
                bytes: src.render(*format),
                forms: vec![form.clone()],
                message: (*format == Format::Eml).then(|| eml::recipient(&src)),
            };
            let plan = Plan {
                files: vec![file],
                left_out: Vec::new(),
                unaddressed: Vec::new(),
            };
            Ok((plan, *format))
        }
        ExportTarget::All { dir } => {
            if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
                return Err(ExportError::NotAFolder(dir.clone()));
            }
            let sources = all_sources(forms, draft, name, at, documents, request.attach_json);
            Ok((plan_all(&sources, dir, draft_mode), Format::Eml))
        }
    }
}

/// Adds each message written to the sent log of every form it carries: when, from which
/// finalized revision (0: not finalized), to whom, and the file; the form's sent copy
/// becomes what the message carried.
fn log_messages(forms: &FormSet, draft: &mut Draft, written: &[Planned], now: DateTime<Utc>) {
    for file in written {
        let Some(to) = &file.message else { continue };
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        for id in &file.forms {
            let copy = forms
                .form(id)
                .map(|def| finalized::as_sent(draft, def, now));
            if let Some(state) = draft.forms.get_mut(id) {
                let revision = state.export_source();
                if copy.is_some() {
                    state.sent_copy = copy;
                }
                state.mailed.push(Mailing {
                    at: now,
                    revision,
                    to: to.clone(),
                    files: name.iter().cloned().collect(),
                });
            }
        }
    }
}

/// The e-mail carrying form `form_id` that was written last under the exports folder
/// `base`, by the wizard or the command line: in any `NAME-YYYY-MM-DD` folder of draft
/// `name`, the form's own `.eml`, the message to its recipient that an export of every form
/// writes, or a message the form's sent log names; the newest file wins. Only regular files
/// named by these rules are looked at (never a link, never a path a draft spells out).
pub(crate) fn find_email(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    form_id: &str,
    base: &Path,
) -> Option<PathBuf> {
    let form = forms.form(form_id)?;
    let company = super::slug(&super::company_name(draft, name));
    let to_recipient = crate::domain::rules::recipient::recipient_of(forms, draft, form)
        .map(|to| format!("{company}-to-{}.eml", super::slug(&to)));
    let logged: Vec<&String> = draft
        .forms
        .get(form_id)
        .map(|s| s.mailed.iter().flat_map(|m| &m.files).collect())
        .unwrap_or_default();
    let plain_eml = |file: &str| {
        file.ends_with(".eml")
            && Path::new(file).file_name().and_then(|f| f.to_str()) == Some(file)
            && !file.starts_with('.')
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(base).ok()?.flatten() {
        let folder = entry.file_name();
        let Some(date) = folder
            .to_str()
            .and_then(|f| f.strip_prefix(name)?.strip_prefix('-'))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let own = format!("{company}-{form_id}-{}.eml", date.format("%Y-%m-%d"));
        let names = std::iter::once(&own)
            .chain(&to_recipient)
            .chain(logged.iter().copied());
        for file in names.filter(|f| plain_eml(f)) {
            let path = entry.path().join(file);
            if let Ok(meta) = std::fs::symlink_metadata(&path)
                && meta.is_file()
            {
                let when = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                found.push((when, path));
            }
        }
    }
    found
        .into_iter()
        .max_by_key(|(when, _)| *when)
        .map(|(_, p)| p)
}

/// Records an export of a form in the draft.
pub fn record(draft: &mut Draft, form_id: &str, version: u32, format: Format, at: DateTime<Utc>) {
    let state = draft
        .forms
        .entry(form_id.to_string())
        .or_insert_with(|| FormState::new(FormStatus::NotStarted, version));
    let (revision, finalized) = (state.revision, Some(state.export_source()));
    let answers = Some(draft.fingerprint(form_id));
    let state = draft.forms.get_mut(form_id).expect("inserted above");
    state.exported = Some(ExportRecord {
        at,
        version,
        format: format.extension().into(),
        revision,
        answers,
        finalized,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{drafts, forms};
    use chrono::TimeZone;

    fn at() -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    fn empty() -> Draft {
        Draft::new(now())
    }

    fn example() -> Draft {
        let text = include_str!("../../saves/example.ron");
        drafts::parse(text, "example.ron".as_ref()).unwrap()
    }

    fn all(dir: &Path, overwrite: bool) -> ExportRequest {
        ExportRequest {
            target: ExportTarget::All { dir: dir.into() },
            mode: DraftMode::Auto,
            overwrite,
            documents: None,
            attach_json: false,
        }
    }

    fn exported(draft: &Draft) -> Vec<&str> {
        let mut ids: Vec<&str> = draft
            .forms
            .iter()
            .filter(|(_, s)| s.exported.is_some())
            .map(|(id, _)| id.as_str())
            .collect();
        ids.sort();
        ids
    }

    fn file_names(paths: &[PathBuf]) -> Vec<String> {
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        paths.iter().map(name).collect()
    }

    #[test]
    fn every_form_is_written_and_recorded() {
        let forms = forms::load(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut draft = empty();
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(dir.path(), false),
            at(),
            now(),
        );
        assert!(out.stopped.is_none(), "{:?}", out.stopped);
        let text = out
            .written
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "txt"));
        let text = std::fs::read_to_string(text.expect("a text copy")).unwrap();
        assert!(
            text.contains("[DRAFT]"),
            "an empty draft goes out as a DRAFT"
        );
        let ids: Vec<&str> = forms.forms().iter().map(|f| f.id.as_str()).collect();
        assert_eq!(out.recorded, ids);
        // Five files a form and one workbook; no message, since no form is complete.
        assert_eq!(out.written.len(), 5 * ids.len() + 1);
        let with_recipient = forms.forms().iter().filter(|f| f.submit_to.is_some());
        assert_eq!(out.left_out.len(), with_recipient.count());
        assert!(out.written.iter().all(|p| p.exists()));
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(exported(&draft), sorted);
        let record = draft.forms["profile"].exported.as_ref().unwrap();
        assert_eq!((record.format.as_str(), record.at), ("eml", now()));
    }

    /// A file in the way stops the export before anything is written: no half folder,
    /// nothing recorded, every file in the way named; asked to overwrite, it goes through.
    #[test]
    fn a_file_in_the_way_stops_the_export_before_anything_is_written() {
        let forms = forms::load(None).unwrap();
        let first = tempfile::tempdir().unwrap();
        let full = export_and_record(
            &forms,
            &mut example(),
            "acme",
            &all(first.path(), false),
            at(),
            now(),
        );
        let names = file_names(&full.written);
        let dir = tempfile::tempdir().unwrap();
        // The last file is a message, the one before a form's own file.
        let blockers = [
            dir.path().join(&names[names.len() - 2]),
            dir.path().join(names.last().unwrap()),
        ];
        assert!(blockers[1].to_string_lossy().ends_with(".eml"));
        for b in &blockers {
            fs_write(b, "mine");
        }
        let mut draft = example();
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(dir.path(), false),
            at(),
            now(),
        );
        assert!(
            matches!(&out.stopped, Some(ExportError::ExistMany { first, others: 1 }) if *first == blockers[0])
        );
        assert_eq!(out.existing, blockers);
        assert!(out.written.is_empty() && out.recorded.is_empty());
        assert!(exported(&draft).is_empty());
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left.len(), 2, "only the two files in the way: {left:?}");
        for b in &blockers {
            assert_eq!(std::fs::read_to_string(b).unwrap(), "mine");
        }
        // Asked to overwrite, every file is written and every form recorded.
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(dir.path(), true),
            at(),
            now(),
        );
        assert!(out.stopped.is_none() && out.existing.is_empty());
        assert_eq!(file_names(&out.written), names);
        assert_eq!(out.recorded.len(), forms.forms().len());
        assert_ne!(std::fs::read_to_string(&blockers[1]).unwrap(), "mine");
    }

    #[test]
    fn a_form_with_a_file_in_the_way_is_not_recorded() {
        let forms = forms::load(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let first = &forms.forms()[0];
        let draft = empty();
        fs_write(
            &file_path(&draft, "acme", &first.id, Format::Json, at(), dir.path()),
            "",
        );
        let mut draft = draft;
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(dir.path(), false),
            at(),
            now(),
        );
        assert!(
            out.written.is_empty(),
            "not even the text, Markdown and CSV that go before the JSON"
        );
        assert!(out.recorded.is_empty());
        assert!(exported(&draft).is_empty());
        // Asked to overwrite, it goes through.
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(dir.path(), true),
            at(),
            now(),
        );
        assert!(out.stopped.is_none());
        assert_eq!(out.recorded.len(), forms.forms().len());
    }

    #[test]
    fn one_form_under_each_mode() {
        let forms = forms::load(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.json");
        let one = |mode| ExportRequest {
            target: ExportTarget::One {
                form: "profile".into(),
                format: Format::Json,
                path: path.clone(),
            },
            mode,
            overwrite: true,
            documents: None,
            attach_json: false,
        };
        let mut draft = empty();
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &one(DraftMode::Never),
            at(),
            now(),
        );
        assert!(matches!(out.stopped, Some(ExportError::Incomplete(_))));
        assert!(out.written.is_empty() && out.recorded.is_empty() && !path.exists());
        let out = export_and_record(
            &forms,
            &mut draft,
            "acme",
            &one(DraftMode::Auto),
            at(),
            now(),
        );
        assert!(out.stopped.is_none());
        let json = std::fs::read_to_string(&path).unwrap();
        // A draft copy says it is incomplete and lists its open items.
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(doc["complete"], false);
        assert!(
            doc["problems"].as_array().is_some_and(|p| !p.is_empty()),
            "{json}"
        );
        assert_eq!(
            (out.written, out.recorded),
            (vec![path.clone()], vec!["profile".to_string()])
        );
        assert_eq!(
            draft.forms["profile"].exported.as_ref().unwrap().format,
            "json"
        );
        let unknown = ExportRequest {
            target: ExportTarget::One {
                form: "nope".into(),
                format: Format::Json,
                path: path.clone(),
            },
            mode: DraftMode::Auto,
            overwrite: true,
            documents: None,
            attach_json: false,
        };
        let out = export_and_record(&forms, &mut draft, "acme", &unknown, at(), now());
        assert!(matches!(out.stopped, Some(ExportError::UnknownForm(_))));
    }

    #[test]
    fn draft_mode_follows_completeness_unless_told() {
        let forms = forms::load(None).unwrap();
        let today = at().date_naive();
        let every = ExportTarget::All { dir: "x".into() };
        let profile = ExportTarget::One {
            form: "profile".into(),
            format: Format::Text,
            path: "x".into(),
        };
        let (done, open) = (example(), empty());
        for target in [&every, &profile] {
            assert!(!draft_mode(&forms, &done, target, DraftMode::Auto, today));
            assert!(draft_mode(&forms, &open, target, DraftMode::Auto, today));
            assert!(draft_mode(&forms, &done, target, DraftMode::Always, today));
            assert!(!draft_mode(&forms, &open, target, DraftMode::Never, today));
        }
    }

    /// The form's e-mail is found wherever an export of it went under the exports folder:
    /// its own message, the message of every form to its recipient, one the sent log
    /// names; the newest first; nothing else (no other draft's, no link, no path a draft
    /// spells out).
    #[test]
    fn the_email_of_a_form_is_found_in_the_exports() {
        let forms = forms::load(None).unwrap();
        let base = tempfile::tempdir().unwrap();
        let mut draft = example();
        let find =
            |draft: &Draft| find_email(&forms, draft, "acme", "agreement-request", base.path());
        assert_eq!(find(&draft), None);
        let folder = default_folder(base.path(), "acme", at());
        // Every form: the message to the form's recipient.
        export_and_record(
            &forms,
            &mut draft,
            "acme",
            &all(&folder, false),
            at(),
            now(),
        );
        let every = find(&draft).unwrap();
        let recipient = crate::domain::rules::recipient::recipient_of(
            &forms,
            &draft,
            forms.form("agreement-request").unwrap(),
        )
        .unwrap();
        assert!(
            every
                .to_string_lossy()
                .ends_with(&format!("-to-{}.eml", super::super::slug(&recipient))),
            "{every:?}"
        );
        // Then the form alone, later: its own message is newer.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let own = file_path(
            &draft,
            "acme",
            "agreement-request",
            Format::Eml,
            at(),
            &folder,
        );
        let request = ExportRequest {
            target: ExportTarget::One {
                form: "agreement-request".into(),
                format: Format::Eml,
                path: own.clone(),
            },
            mode: DraftMode::Auto,
            overwrite: false,
            documents: None,
            attach_json: false,
        };
        export_and_record(&forms, &mut draft, "acme", &request, at(), now());
        assert_eq!(find(&draft), Some(own.clone()));
        // Another draft's folder is not this one's.
        assert_eq!(
            find_email(&forms, &draft, "acm", "agreement-request", base.path()),
            None
        );
        // A sent log naming a path outside is not followed.
        std::fs::remove_file(&own).unwrap();
        std::fs::remove_file(&every).unwrap();
        let outside = base.path().join("secret.eml");
        fs_write(&outside, "x");
        let state = draft.forms.get_mut("agreement-request").unwrap();
        state.mailed.last_mut().unwrap().files = vec!["../secret.eml".into()];
        assert_eq!(find(&draft), None);
    }

    fn fs_write(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }
}
