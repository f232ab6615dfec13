//! Supporting documents on disk: the files document answers name (relative to the folder
//! of drafts, or absolute). Recorded with their size and SHA-256 when set or sent
//! ([`stamp`]), checked ([`check`]: there, readable, within the size limit, unchanged
//! since recorded), and read for attaching.

use std::io::Read as _;
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
        if let Ok(stamp) = stamp_of(base, &doc.file) {
            state.documents.insert(doc.key.clone(), stamp);
        }
    }
}

/// The size and SHA-256 of a document's file as it is now.
pub fn stamp_of(base: &Path, file: &str) -> Result<DocumentStamp, String> {
    let bytes = read(base, file)?;
    Ok(DocumentStamp {
        file: file.to_string(),
        size: bytes.len() as u64,
        sha256: sha256(&bytes),
    })
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

/// The problems of a form's documents: a file missing, unreadable or over the limit
/// (blocking), changed since it was recorded, or attachments that together make the
/// form's e-mail larger than many mail servers take (warnings). The one check behind
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
    out.extend(too_large_together(&sizes, message_bytes));
    out
}

/// A warning on the largest document when the documents total more than `limit` bytes
/// (many mail servers refuse messages near 25 MB, and encoding adds a third).
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
        blocking: false,
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
        restamp(&forms, &mut draft, form, dir.path());
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
        assert!(!together[0].blocking && together[0].message.contains("total"));
        assert!(check_within(&forms, &draft, form, dir.path(), sizes).is_empty());
        std::fs::write(resolve(dir.path(), &docs[0].file), b"changed").unwrap();
        std::fs::remove_file(resolve(dir.path(), &docs[1].file)).unwrap();
        let found = check(&forms, &draft, form, dir.path());
        let of = |key: &str| found.iter().find(|p| p.key == key).unwrap();
        assert!(!of(&docs[0].key).blocking);
        assert!(of(&docs[0].key).message.contains("changed on disk"));
        assert!(of(&docs[1].key).blocking, "{found:?}");
    }
}
