//! Form definitions: the ones embedded in the binary, or a folder of `.ron` files.

use std::fs;
use std::path::Path;

use super::read::{ReadProblem, read_text};
use crate::domain::form::catalog::{Diagnostic, FormSet, SourceFile};

/// Bytes of one form file (the largest built-in form is about 40 KB).
pub(crate) const MAX_FORM_BYTES: u64 = 4 * 1024 * 1024;

/// The shipped `forms/*.ron` files, compiled into the binary so it runs from any folder.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("journey.ron", include_str!("../../forms/journey.ron")),
    ("checklist.ron", include_str!("../../forms/checklist.ron")),
    (
        "certification.ron",
        include_str!("../../forms/certification.ron"),
    ),
    ("profile.ron", include_str!("../../forms/profile.ron")),
    (
        "agreement-request.ron",
        include_str!("../../forms/agreement-request.ron"),
    ),
    (
        "negotiation.ron",
        include_str!("../../forms/negotiation.ron"),
    ),
    (
        "questionnaire.ron",
        include_str!("../../forms/questionnaire.ron"),
    ),
    ("network.ron", include_str!("../../forms/network.ron")),
    (
        "collocation.ron",
        include_str!("../../forms/collocation.ron"),
    ),
    (
        "early-ordering.ron",
        include_str!("../../forms/early-ordering.ron"),
    ),
    ("options.ron", include_str!("../../forms/options.ron")),
];

/// The built-in forms as `build.rs` prepared them from `forms/*.ron`.
const PREPARED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/forms.postcard"));

/// The embedded form files.
pub fn embedded_sources() -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Every `.ron` file of a folder, sorted by name; file names in diagnostics include the folder.
/// Only regular files within [`MAX_FORM_BYTES`] are read (a FIFO is reported, not waited
/// on); invalid UTF-8 is reported at its line and column.
pub(crate) fn folder_sources(dir: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    let unreadable = |e: std::io::Error| Diagnostic {
        file: dir.display().to_string(),
        line: 0,
        col: 0,
        message: format!("cannot read the forms folder: {e}"),
    };
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = read_text(&path, MAX_FORM_BYTES).map_err(|e| match e {
                ReadProblem::NotUtf8 { line, col } => Diagnostic {
                    file: path.display().to_string(),
                    line,
                    col,
                    message: "the text is not valid UTF-8 here".into(),
                },
                e => Diagnostic {
                    file: path.display().to_string(),
                    line: 0,
                    col: 0,
                    message: format!("cannot read: {e}"),
                },
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(SourceFile { name, text })
        })
        .collect()
}

/// Loads the embedded forms, or the folder's when one is given.
pub fn load(dir: Option<&Path>) -> Result<FormSet, Vec<Diagnostic>> {
    match dir {
        Some(dir) => {
            let sources = folder_sources(dir).map_err(|d| vec![d])?;
            FormSet::load(&sources).map_err(|problems| with_folder(problems, Some(dir)))
        }
        // The built-in forms are linted by the test suite (`check(None)` must find
        // nothing), not again on every start, and parsed by the build (`build.rs`).
        None => FormSet::load_prepared(PREPARED).map_err(|e| {
            vec![Diagnostic {
                file: "forms (built in)".into(),
                line: 0,
                col: 0,
                message: format!("the prepared forms do not read back: {e}"),
            }]
        }),
    }
}

/// Lints the embedded forms or a folder: every problem, empty when clean.
pub fn check(dir: Option<&Path>) -> Vec<Diagnostic> {
    let sources = match dir {
        Some(dir) => match folder_sources(dir) {
            Ok(sources) => sources,
            Err(d) => return vec![d],
        },
        None => embedded_sources(),
    };
    with_folder(FormSet::check(&sources), dir)
}

fn with_folder(problems: Vec<Diagnostic>, dir: Option<&Path>) -> Vec<Diagnostic> {
    let Some(dir) = dir else {
        return problems
            .into_iter()
            .map(|d| Diagnostic {
                file: format!("forms/{}", d.file),
                ..d
            })
            .collect();
    };
    problems
        .into_iter()
        .map(|d| {
            let file = if Path::new(&d.file).is_absolute() || d.file.contains('/') {
                d.file
            } else {
                dir.join(&d.file).display().to_string()
            };
            Diagnostic { file, ..d }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms the build prepared read back as the same forms, in the same order, as
    /// their RON parsed and linted now: nothing is lost or reordered on the way.
    #[test]
    fn the_prepared_forms_are_the_embedded_ones() {
        let prepared = load(None).unwrap();
        let parsed = FormSet::load(&embedded_sources()).unwrap();
        assert_eq!(prepared.journey(), parsed.journey());
        assert_eq!(prepared.forms().len(), parsed.forms().len());
        // A pattern's compiled regex is a cache (compiled by the lint on one side only).
        let cache = regex_lite::Regex::new(r"compiled: OnceLock\(.*?\) \}").unwrap();
        let shown = |form| cache.replace_all(&format!("{form:?}"), "}").to_string();
        for (a, b) in prepared.forms().iter().zip(parsed.forms()) {
            assert_eq!(shown(a), shown(b), "{}", a.id);
        }
    }

    #[test]
    fn every_file_in_forms_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
        let on_disk = folder_sources(&dir).unwrap();
        let names: Vec<_> = on_disk.iter().map(|s| s.name.as_str()).collect();
        let mut embedded: Vec<_> = EMBEDDED.iter().map(|(n, _)| *n).collect();
        embedded.sort();
        assert_eq!(names, embedded, "add new forms/*.ron files to EMBEDDED");
    }

    #[test]
    fn bad_form_files_say_where_and_fifos_are_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ron"), b"(id: \"x\",\n  title: \"\xff\")").unwrap();
        let d = folder_sources(dir.path()).unwrap_err();
        assert_eq!((d.line, d.col), (2, 11), "{d}");
        #[cfg(unix)]
        {
            std::fs::remove_file(dir.path().join("a.ron")).unwrap();
            let fifo = dir.path().join("b.ron");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            let d = folder_sources(dir.path()).unwrap_err();
            assert!(d.message.contains("FIFO"), "{d}");
        }
    }

    #[test]
    fn embedded_forms_are_clean() {
        let problems = check(None);
        assert!(
            problems.is_empty(),
            "{}",
            problems
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
