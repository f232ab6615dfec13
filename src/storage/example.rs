//! The example draft shipped inside the program, to try after an install
//! (`clec-wizard new NAME --example`): `saves/example.ron` and the document files it
//! names, embedded at build time.

use std::io;
use std::path::{Path, PathBuf};

use super::drafts::{DraftStore, StoreError, parse};

/// The example draft's text.
const DRAFT: &str = include_str!("../../saves/example.ron");

/// The files the example's document answers name, under the documents folder.
const FILES: &[(&str, &[u8])] = &[
    (
        "certificates/CO-PUC-Decision-C25-0712.pdf",
        include_bytes!("../../saves/certificates/CO-PUC-Decision-C25-0712.pdf"),
    ),
    (
        "certificates/UT-PSC-Order-25-2641-01.pdf",
        include_bytes!("../../saves/certificates/UT-PSC-Order-25-2641-01.pdf"),
    ),
    (
        "documents/PrairieLantern-UT-NTA-redlines-2026-02.docx",
        include_bytes!("../../saves/documents/PrairieLantern-UT-NTA-redlines-2026-02.docx"),
    ),
    (
        "documents/articles-of-organization.pdf",
        include_bytes!("../../saves/documents/articles-of-organization.pdf"),
    ),
    (
        "documents/neca-ocn-notice.pdf",
        include_bytes!("../../saves/documents/neca-ocn-notice.pdf"),
    ),
    (
        "documents/sales-tax-exemption-CO-UT.pdf",
        include_bytes!("../../saves/documents/sales-tax-exemption-CO-UT.pdf"),
    ),
];

/// What [`create`] did with each document file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Written now.
    pub files: Vec<PathBuf>,
    /// Already there (a user's file is never replaced; if it differs, the example's
    /// document answer reports it as changed).
    pub kept: Vec<PathBuf>,
}

/// Creates the draft `name` as a copy of the example (refusing a name in use), then its
/// document files under `documents` where none is there yet.
pub fn create(store: &DraftStore, name: &str, documents: &Path) -> Result<Written, StoreError> {
    let draft = parse(DRAFT, Path::new("example.ron"))?;
    store.save_new(name, &draft)?;
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Write { path, source }
    };
    super::gitignore::write(store.dir()).map_err(failed(store.dir()))?;
    let mut written = Written::default();
    for (file, bytes) in FILES {
        let path = documents.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed(parent))?;
        }
        match super::files::write_atomic(&path, bytes, false) {
            Ok(()) => written.files.push(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => written.kept.push(path),
            Err(e) => return Err(failed(&path)(e)),
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_created_with_its_documents_and_never_over_a_users_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let mine = dir.path().join("documents/neca-ocn-notice.pdf");
        std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
        std::fs::write(&mine, b"mine").unwrap();
        let written = create(&store, "try", dir.path()).unwrap();
        assert_eq!(written.files.len(), FILES.len() - 1);
        assert_eq!(written.kept, std::slice::from_ref(&mine));
        assert_eq!(
            std::fs::read(&mine).unwrap(),
            b"mine",
            "the user's file stays"
        );
        let draft = store.load("try").unwrap();
        assert_eq!(
            crate::domain::values::answer::Answer::Text(
                "Prairie Lantern Communications LLC".into()
            ),
            draft.answers["profile.legal_name"]
        );
        assert!(create(&store, "try", dir.path()).is_err(), "a name in use");
    }

    #[test]
    fn every_document_the_example_names_is_embedded() {
        let draft = parse(DRAFT, Path::new("example.ron")).unwrap();
        for answer in draft.answers.values() {
            if let crate::domain::values::answer::Answer::Text(t) = answer
                && (t.starts_with("documents/") || t.starts_with("certificates/"))
            {
                assert!(FILES.iter().any(|(f, _)| f == t), "{t} is not embedded");
            }
        }
    }
}
