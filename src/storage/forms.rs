//! Form definitions: the ones embedded in the binary, or a folder of `.ron` files.

use std::fs;
use std::path::Path;

use super::read::{ReadProblem, read_text};
use crate::domain::catalog::{Diagnostic, FormSet, SourceFile};
use crate::domain::form::FormDef;
use crate::domain::journey::Journey;

/// Bytes of one form file (the largest built-in form is about 40 KB).
pub const MAX_FORM_BYTES: u64 = 4 * 1024 * 1024;

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

/// The built-in forms as they parse, encoded with postcard: decoding them costs a fraction
/// of parsing the RON (about half of the wizard's start-up before). Written by the test
/// `preparsed_forms_are_the_embedded_ron` when `CLEC_WIZARD_REFRESH_FORMS=1` is set; that
/// test fails while the file is stale. Used only when it was made from the very text this
/// binary embeds, form types included (see [`EMBEDDED_HASH`]); otherwise the RON is parsed.
const PREPARSED: &[u8] = include_bytes!("preparsed_forms.bin");

/// The sources that define what a parsed form is: a change to them makes [`PREPARSED`]
/// unusable as surely as a change to a form. (A module that comes to define a type a form
/// holds belongs here.)
const FORM_TYPES: &[&str] = &[
    include_str!("../domain/form.rs"),
    include_str!("../domain/journey.rs"),
    include_str!("../domain/condition.rs"),
    include_str!("../domain/ids.rs"),
    include_str!("../domain/states.rs"),
];

/// FNV-1a of every embedded form file (name and text) and of [`FORM_TYPES`], computed by
/// the compiler.
pub const EMBEDDED_HASH: u64 = embedded_hash();

const fn embedded_hash() -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < EMBEDDED.len() {
        hash = fnv1a(hash, EMBEDDED[i].0.as_bytes());
        hash = fnv1a(hash, EMBEDDED[i].1.as_bytes());
        i += 1;
    }
    let mut i = 0;
    while i < FORM_TYPES.len() {
        hash = fnv1a(hash, FORM_TYPES[i].as_bytes());
        i += 1;
    }
    hash
}

const fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(PRIME);
        i += 1;
    }
    // An end mark, so ("ab", "c") and ("a", "bc") differ.
    (hash ^ 0xff).wrapping_mul(PRIME)
}

/// The built-in forms decoded from [`PREPARSED`], when it matches this binary.
fn preparsed(bytes: &[u8]) -> Option<FormSet> {
    let (hash, rest) = postcard::take_from_bytes::<u64>(bytes).ok()?;
    if hash != EMBEDDED_HASH {
        return None;
    }
    let (forms, journey): (Vec<FormDef>, Journey) = postcard::from_bytes(rest).ok()?;
    Some(FormSet::from_parsed(forms, journey))
}

/// What [`PREPARSED`] holds for a set of forms: the hash, then the forms and the journey.
pub fn preparse(set: &FormSet) -> Vec<u8> {
    let mut bytes = postcard::to_allocvec(&EMBEDDED_HASH).expect("a u64 encodes");
    let body = postcard::to_allocvec(&(set.forms(), set.journey())).expect("forms encode");
    bytes.extend(body);
    bytes
}

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
        // nothing), not again on every start.
        None => match preparsed(PREPARSED) {
            Some(set) => Ok(set),
            None => FormSet::load_unlinted(&embedded_sources()).map_err(|p| with_folder(p, None)),
        },
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
    fn preparsed_forms_are_the_embedded_ron() {
        let parsed = FormSet::load_unlinted(&embedded_sources()).unwrap();
        let fresh = preparse(&parsed);
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/storage/preparsed_forms.bin");
        if std::env::var_os("CLEC_WIZARD_REFRESH_FORMS").is_some() && fresh != PREPARSED {
            fs::write(&file, &fresh).unwrap();
            panic!("{} refreshed: build again", file.display());
        }
        assert!(
            fresh == PREPARSED,
            "{} is stale (the forms or their types changed): run \
             `CLEC_WIZARD_REFRESH_FORMS=1 cargo test --lib preparsed`, then build again",
            file.display()
        );
        let decoded = preparsed(PREPARSED).expect("the preparsed forms decode");
        assert_eq!(decoded.forms(), parsed.forms());
        assert_eq!(decoded.journey(), parsed.journey());
    }

    #[test]
    fn preparsed_forms_are_refused_unless_made_from_this_binary() {
        let parsed = FormSet::load_unlinted(&embedded_sources()).unwrap();
        let mut bytes = preparse(&parsed);
        assert!(preparsed(&bytes).is_some());
        // Made from other forms (another hash): parsed from the RON instead.
        let other = postcard::to_allocvec(&(EMBEDDED_HASH ^ 1)).unwrap();
        let body = bytes.split_off(postcard::to_allocvec(&EMBEDDED_HASH).unwrap().len());
        assert!(preparsed(&[other, body.clone()].concat()).is_none());
        // Cut short or empty: refused, not a panic.
        assert!(preparsed(&bytes).is_none());
        assert!(preparsed(&[bytes, body[..body.len() / 2].to_vec()].concat()).is_none());
        assert!(preparsed(&[]).is_none());
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
