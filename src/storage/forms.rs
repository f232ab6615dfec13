//! Form definitions: the ones embedded in the binary, or a folder of `.ron` files.

use std::fs;
use std::path::Path;

use crate::domain::catalog::{Diagnostic, FormSet, SourceFile};

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
];

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
pub fn folder_sources(dir: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
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
            let text = fs::read_to_string(&path).map_err(|e| Diagnostic {
                file: path.display().to_string(),
                line: 0,
                col: 0,
                message: format!("cannot read: {e}"),
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
        // nothing), not again on every start.
        None => FormSet::load_unlinted(&embedded_sources()).map_err(|p| with_folder(p, None)),
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
