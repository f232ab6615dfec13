//! Supporting documents on disk: the files document answers name, relative to the
//! documents folder ([`crate::storage::drafts::DraftStore::documents`]: the folder of drafts
//! unless `CLEC_WIZARD_DOCUMENTS` or the configuration file names another) and
//! never outside it. Recorded with their size and SHA-256 when set or sent
//! ([`stamp`]), checked ([`check`]: there, readable, within the size limit, unchanged
//! since recorded), and read for attaching.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::domain::draft::{DocumentStamp, Draft};
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::view::form_view;
use crate::domain::values::answer::Answer;
use crate::domain::values::limits::{MAX_DOCUMENT_BYTES, WARN_MESSAGE_BYTES};

/// A document answer of a form: its answer path, label and the file it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentAnswer {
    pub key: String,
    pub label: String,
    pub file: String,
}

/// The document answers a form shows (hidden ones left out), in form order.
pub fn answers(forms: &FormSet, draft: &Draft, form: &FormDef) -> Vec<DocumentAnswer> {
    let mut out = Vec::new();
    for section in form_view(forms, draft, form) {
        for item in section.items {
            if !matches!(item.place.field.kind, FieldKind::Document) {
                continue;
            }
            if let Some(Answer::Text(file)) = item.shown.answer() {
                out.push(DocumentAnswer {
                    key: item.place.key().to_string(),
                    label: item.place.field.label.clone(),
                    file: file.clone(),
                });
            }
        }
    }
    out
}

/// The environment variable naming the folder documents are in, when it is not the
/// folder of drafts (read by [`crate::storage::config`], with the file's `documents`).
pub(crate) const FOLDER_VAR: &str = "CLEC_WIZARD_DOCUMENTS";

/// Where a document's file is in `base` (for messages and tests; it is opened with
/// [`open`], which never leaves `base`).
pub fn resolve(base: &Path, file: &str) -> PathBuf {
    base.join(file)
}

/// Opens a document inside `base`, one part of its path at a time, following no symbolic
/// link (`O_NOFOLLOW` on every part), without blocking, and only as a regular file
/// (checked on the open handle). A path the domain refuses (absolute, `..`) is refused
/// here too, before anything is opened.
pub fn open(base: &Path, file: &str) -> Result<std::fs::File, String> {
    use crate::storage::read::{ReadProblem, checked_handle};
    let parts = crate::domain::form::kinds::document_parts(file)?;
    let refused = |e: ReadProblem| format!("{file}: {e}");
    let Some((last, dirs)) = parts.split_last() else {
        return Err(format!("{file}: not a file's path"));
    };
    #[cfg(unix)]
    {
        use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
        use std::os::unix::ffi::OsStrExt;
        let at = |dir: Option<&OwnedFd>, name: &[u8], flags: libc::c_int| {
            let c = std::ffi::CString::new(name)
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
            let fd = unsafe {
                libc::openat(
                    dir.map_or(libc::AT_FDCWD, |d| d.as_raw_fd()),
                    c.as_ptr(),
                    flags | libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NONBLOCK,
                )
            };
            if fd < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(unsafe { OwnedFd::from_raw_fd(fd) })
            }
        };
        let link = |e: std::io::Error, part: &str| match e.raw_os_error() {
            Some(libc::ELOOP) | Some(libc::ENOTDIR) => format!(
                "{file}: {part} is a symbolic link or not a folder; a document is a regular file inside the documents folder, reached without links"
            ),
            _ => format!("{file}: {e}"),
        };
        let base_fd = at(None, base.as_os_str().as_bytes(), libc::O_DIRECTORY)
            .map_err(|e| format!("{file}: the documents folder {}: {e}", base.display()))?;
        let mut dir = base_fd;
        for part in dirs {
            dir = at(
                Some(&dir),
                part.as_bytes(),
                libc::O_DIRECTORY | libc::O_NOFOLLOW,
            )
            .map_err(|e| link(e, part))?;
        }
        let fd = at(Some(&dir), last.as_bytes(), libc::O_NOFOLLOW).map_err(|e| link(e, last))?;
        checked_handle(std::fs::File::from(fd)).map_err(refused)
    }
    #[cfg(not(unix))]
    {
        let mut path = base.to_path_buf();
        for part in dirs {
            path.push(part);
        }
        path.push(last);
        crate::storage::read::open_regular(&path, crate::storage::read::Links::Refuse)
            .map_err(refused)
    }
}

/// A document file's bytes, read once from the handle [`open`] gives, within the limit
/// (the size on the handle is checked before reading, and the read stops past it). A file
/// whose bytes do not match its size (changing while read, or a `/proc`-like file that
/// claims no size) is refused.
pub fn read(base: &Path, file: &str) -> Result<Vec<u8>, String> {
    use crate::storage::read::{ReadProblem, read_handle};
    let handle = open(base, file)?;
    let size = handle.metadata().map_err(|e| format!("{file}: {e}"))?.len();
    let bytes = read_handle(handle, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ReadProblem::TooLarge { size, .. } => format!(
            "{file} is {} MB; a document can be at most {} MB",
            size.div_ceil(1024 * 1024),
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ),
        e => format!("{file}: {e}"),
    })?;
    if bytes.len() as u64 != size {
        return Err(format!(
            "{file}: {} bytes were read from a file of {size}: it changed while it was read, or it is not a plain file (like those under /proc)",
            bytes.len()
        ));
    }
    Ok(bytes)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `bytes` are what `stamp` recorded (size and SHA-256).
pub fn matches(stamp: &DocumentStamp, bytes: &[u8]) -> bool {
    stamp.size == bytes.len() as u64 && stamp.sha256 == sha256(bytes)
}

/// Records the size and SHA-256 of every readable document of `form` whose file is not
/// recorded yet or was answered anew (a file changed on disk keeps its old record, so
/// [`check`] flags it until it is set again or sent).
pub fn stamp(forms: &FormSet, draft: &mut Draft, form: &FormDef, base: &Path) {
    let docs = answers(forms, draft, form);
    let Some(state) = draft.forms.get_mut(&form.id) else {
        return;
    };
    state
        .documents
        .retain(|key, _| docs.iter().any(|d| &d.key == key));
    for doc in docs {
        if state
            .documents
            .get(&doc.key)
            .is_some_and(|s| s.file == doc.file)
        {
            continue;
        }
        if let Ok(stamp) = stamp_of(base, &doc.file) {
            state.documents.insert(doc.key.clone(), stamp);
        }
    }
}

/// The size and SHA-256 of a document's file as it is now.
pub(crate) fn stamp_of(base: &Path, file: &str) -> Result<DocumentStamp, String> {
    let bytes = read(base, file)?;
    Ok(DocumentStamp {
        file: file.to_string(),
        size: bytes.len() as u64,
        sha256: sha256(&bytes),
    })
}

/// A problem with a document's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    pub key: String,
    pub label: String,
    pub message: String,
    /// The document cannot be sent as it is (every problem found now).
    pub blocking: bool,
}

impl DocumentProblem {
    /// The problem as an open item of its form: invalid when the document cannot be
    /// sent, else a warning.
    pub fn to_problem(&self) -> crate::domain::rules::validate::Problem {
        use crate::domain::rules::validate::{Problem, ProblemKind};
        Problem {
            path: self.key.clone(),
            label: self.label.clone(),
            kind: if self.blocking {
                ProblemKind::Invalid
            } else {
                ProblemKind::Warning
            },
            message: self.message.clone(),
            blocking: self.blocking,
            source: None,
        }
    }
}

impl std::fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.blocking { "invalid" } else { "warning" };
        write!(f, "{kind}: {} ({}): {}", self.label, self.key, self.message)
    }
}

/// The problems of a form's documents, each blocking its export: a file missing,
/// unreadable, not a regular file inside the documents folder or over the limit, changed
/// since it was recorded, or attachments that together make the form's e-mail larger than
/// many mail servers take. The one check behind
/// `validate` and the wizard's review.
pub fn check(forms: &FormSet, draft: &Draft, form: &FormDef, base: &Path) -> Vec<DocumentProblem> {
    check_within(forms, draft, form, base, WARN_MESSAGE_BYTES)
}

/// [`check`], warning when the readable documents total more than `message_bytes`.
fn check_within(
    forms: &FormSet,
    draft: &Draft,
    form: &FormDef,
    base: &Path,
    message_bytes: u64,
) -> Vec<DocumentProblem> {
    let mut out = Vec::new();
    let mut sizes: Vec<(u64, &str, &str)> = Vec::new();
    let docs = answers(forms, draft, form);
    for doc in &docs {
        let problem = |message: String, blocking| DocumentProblem {
            key: doc.key.clone(),
            label: doc.label.clone(),
            message,
            blocking,
        };
        if crate::domain::form::kinds::document_parts(&doc.file).is_err() {
            // The answer itself is refused, and reported as such by the form's checks.
            continue;
        }
        match read(base, &doc.file) {
            Err(e) => out.push(problem(e, true)),
            Ok(bytes) => {
                sizes.push((bytes.len() as u64, &doc.key, &doc.label));
                let recorded = draft
                    .forms
                    .get(&form.id)
                    .and_then(|s| s.documents.get(&doc.key))
                    .filter(|s| s.file == doc.file);
                if let Some(r) = recorded
                    && !matches(r, &bytes)
                {
                    out.push(problem(
                        format!(
                            "{} changed on disk since it was recorded ({} bytes then, {} now); if the new file is the one to send, record it again by setting the answer again (set DRAFT {} {})",
                            doc.file,
                            r.size,
                            bytes.len(),
                            doc.key,
                            doc.file
                        ),
                        true,
                    ));
                }
            }
        }
    }
    out.extend(too_large_together(&sizes, message_bytes));
    out
}

/// A problem on the largest document when the documents total more than `limit` bytes
/// (many mail servers refuse messages near 25 MB, and encoding adds a third): the form's
/// message is refused, so a message's size is bounded too.
fn too_large_together(sizes: &[(u64, &str, &str)], limit: u64) -> Option<DocumentProblem> {
    let total: u64 = sizes.iter().map(|(size, ..)| size).sum();
    let (_, key, label) = sizes.iter().max_by_key(|(size, ..)| *size)?;
    (total > limit).then(|| DocumentProblem {
        key: key.to_string(),
        label: label.to_string(),
        message: format!(
            "the form's documents total {} MB, over the {} MB one e-mail should carry; many mail servers refuse messages near 25 MB (send the largest separately)",
            total.div_ceil(1024 * 1024),
            limit.div_ceil(1024 * 1024)
        ),
        blocking: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{drafts, forms};

    fn example() -> Draft {
        let text = include_str!("../../saves/example.ron");
        drafts::parse(text, "example.ron".as_ref()).unwrap()
    }

    /// Every kind of document problem, from the example's questionnaire documents copied
    /// to a folder: a missing file, a changed one, and attachments too large together.
    #[test]
    fn missing_changed_and_too_large_together() {
        let forms = forms::load(None).unwrap();
        let form = forms.form("questionnaire").unwrap();
        let mut draft = example();
        let docs = answers(&forms, &draft, form);
        assert!(docs.len() >= 2, "{docs:?}");
        let dir = tempfile::tempdir().unwrap();
        let saves = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
        for doc in &docs {
            let to = resolve(dir.path(), &doc.file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(resolve(&saves, &doc.file), to).unwrap();
        }
        draft.forms.get_mut(&form.id).unwrap().documents.clear();
        stamp(&forms, &mut draft, form, dir.path());
        assert_eq!(check(&forms, &draft, form, dir.path()), []);
        let sizes: u64 = docs
            .iter()
            .map(|d| {
                std::fs::metadata(resolve(dir.path(), &d.file))
                    .unwrap()
                    .len()
            })
            .sum();
        let together = check_within(&forms, &draft, form, dir.path(), sizes - 1);
        assert_eq!(together.len(), 1, "{together:?}");
        assert!(together[0].blocking && together[0].message.contains("total"));
        assert!(check_within(&forms, &draft, form, dir.path(), sizes).is_empty());
        std::fs::write(resolve(dir.path(), &docs[0].file), b"changed").unwrap();
        std::fs::remove_file(resolve(dir.path(), &docs[1].file)).unwrap();
        let found = check(&forms, &draft, form, dir.path());
        let of = |key: &str| found.iter().find(|p| p.key == key).unwrap();
        assert!(of(&docs[0].key).blocking);
        assert!(of(&docs[0].key).message.contains("changed on disk"));
        assert!(of(&docs[0].key).message.contains("record it again"));
        assert!(of(&docs[1].key).blocking, "{found:?}");
    }
}
