//! Supporting documents on disk: the files document answers name (relative to the folder
//! of drafts, or absolute). Recorded with their size and SHA-256 when set or sent
//! ([`stamp`]), checked ([`check`]: there, readable, within the size limit, unchanged
//! since recorded), and read for attaching.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::domain::answer::Answer;
use crate::domain::catalog::FormSet;
use crate::domain::draft::{DocumentStamp, Draft};
use crate::domain::form::{FieldKind, FormDef};
use crate::domain::limits::MAX_DOCUMENT_BYTES;
use crate::domain::view::form_view;

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

/// Where a document's file is: an absolute path as it is, a relative one in `base`.
pub fn resolve(base: &Path, file: &str) -> PathBuf {
    let path = Path::new(file);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// A document file's bytes, refused when it is not a regular file or is over the limit
/// (the size is checked before reading, and the read stops at the limit).
pub fn read(base: &Path, file: &str) -> Result<Vec<u8>, String> {
    let path = resolve(base, file);
    let meta = std::fs::metadata(&path).map_err(|e| format!("{file}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{file} is not a regular file"));
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "{file} is {} MB; a document can be at most {} MB",
            meta.len().div_ceil(1024 * 1024),
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("{file}: {e}"))?;
    Ok(bytes)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
        if let Ok(bytes) = read(base, &doc.file) {
            state.documents.insert(
                doc.key.clone(),
                DocumentStamp {
                    file: doc.file.clone(),
                    size: bytes.len() as u64,
                    sha256: sha256(&bytes),
                },
            );
        }
    }
}

/// Records the documents anew: what was just sent is what is on disk now.
pub fn restamp(forms: &FormSet, draft: &mut Draft, form: &FormDef, base: &Path) {
    if let Some(state) = draft.forms.get_mut(&form.id) {
        state.documents.clear();
    }
    stamp(forms, draft, form, base);
}

/// A problem with a document's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    pub key: String,
    pub label: String,
    pub message: String,
    /// Missing, unreadable or too large: the document cannot be sent.
    pub blocking: bool,
}

impl std::fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.blocking { "invalid" } else { "warning" };
        write!(f, "{kind}: {} ({}): {}", self.label, self.key, self.message)
    }
}

/// The problems of a form's documents: a file missing, unreadable or over the limit
/// (blocking), or changed since it was recorded (a warning).
pub fn check(forms: &FormSet, draft: &Draft, form: &FormDef, base: &Path) -> Vec<DocumentProblem> {
    let mut out = Vec::new();
    for doc in answers(forms, draft, form) {
        let problem = |message: String, blocking| DocumentProblem {
            key: doc.key.clone(),
            label: doc.label.clone(),
            message,
            blocking,
        };
        match read(base, &doc.file) {
            Err(e) => out.push(problem(e, true)),
            Ok(bytes) => {
                let recorded = draft
                    .forms
                    .get(&form.id)
                    .and_then(|s| s.documents.get(&doc.key))
                    .filter(|s| s.file == doc.file);
                if let Some(r) = recorded
                    && (r.size != bytes.len() as u64 || r.sha256 != sha256(&bytes))
                {
                    out.push(problem(
                        format!("{} changed on disk since it was recorded", doc.file),
                        false,
                    ));
                }
            }
        }
    }
    out
}
