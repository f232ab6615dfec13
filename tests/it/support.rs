//! Setup the behaviour tests share: a draft driven through the library on the shipped
//! forms, a copy of the example draft and its documents in a temporary folder, the command
//! line on that folder, and PDFs read back as text.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use chrono::{NaiveDate, TimeZone, Utc};
use clec_wizard::domain::change::edit::{self, Edit};
use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::form::catalog::FormSet;
use clec_wizard::domain::rules::validate::{ProblemKind, validate_form};
use clec_wizard::domain::rules::view::{Shown, form_view};
use clec_wizard::domain::values::answer::Key;
use clec_wizard::storage::{drafts, forms};

/// The day the tests are run as (the example's dates are before it).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The repository's example draft file.
pub fn example_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron")
}

/// A draft on the shipped forms, edited and validated through the library.
pub struct Case {
    pub forms: FormSet,
    pub draft: Draft,
}

impl Case {
    /// An empty draft.
    pub fn new() -> Self {
        Self {
            forms: forms::load(None).expect("shipped forms load"),
            draft: Draft::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
        }
    }

    /// The repository's example draft, as the command line reads it.
    pub fn example() -> Self {
        let file = example_file();
        let text = fs::read_to_string(&file).unwrap();
        Self {
            forms: forms::load(None).expect("shipped forms load"),
            draft: drafts::parse(&text, &file).expect("the example reads"),
        }
    }

    /// A draft requesting agreements in `states` (target states too), one row each.
    pub fn requesting(states: &[&str]) -> Self {
        let mut case = Self::new();
        let list = states.join(", ");
        case.set("profile.target_states", &list)
            .set("agreement-request.states_requested", &list);
        for state in states {
            case.set("agreement-request.agreements[+].state", state);
        }
        case
    }

    pub fn try_set(&mut self, path: &str, value: &str) -> Result<(), String> {
        let now = self.draft.updated;
        let edit = Edit::Value(value.into());
        edit::apply(&self.forms, &mut self.draft, path, edit, today(), now)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    pub fn set(&mut self, path: &str, value: &str) -> &mut Self {
        self.try_set(path, value)
            .unwrap_or_else(|e| panic!("{path} = {value}: {e}"));
        self
    }

    /// The messages of the problems of `form` on `path`, with their kind.
    pub fn messages(&self, form: &str, path: &str) -> Vec<(ProblemKind, String)> {
        let def = self.forms.form(form).unwrap();
        validate_form(&self.forms, &self.draft, def, today())
            .problems
            .into_iter()
            .filter(|p| p.path == path)
            .map(|p| (p.kind, p.message))
            .collect()
    }

    /// The one problem on `path` whose message holds `text`, if any.
    pub fn problem(&self, form: &str, path: &str, text: &str) -> Option<(ProblemKind, String)> {
        self.messages(form, path)
            .into_iter()
            .find(|(_, m)| m.contains(text))
    }

    /// Every problem of a form as `path: message`.
    pub fn problems(&self, form: &str) -> Vec<String> {
        let def = self.forms.form(form).unwrap();
        validate_form(&self.forms, &self.draft, def, today())
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    pub fn has_problem(&self, form: &str, path: &str, text: &str) -> bool {
        self.problems(form)
            .iter()
            .any(|p| p.starts_with(&format!("{path}: ")) && p.contains(text))
    }

    /// What a field shows (derived values included), by its answer path.
    pub fn shown(&self, path: &str) -> Option<String> {
        let key = Key::parse(path).unwrap();
        let form = self.forms.form(&key.form).unwrap();
        form_view(&self.forms, &self.draft, form)
            .into_iter()
            .flat_map(|s| s.items)
            .find(|i| i.place.key() == key)
            .map(|i| match i.shown {
                Shown::Derived(d) => d.unwrap_or_default(),
                other => other.text(&i.place.field.kind),
            })
    }
}

/// A temporary folder holding `saves/` with a copy of the example draft and the
/// supporting documents it names; the folder, and its saves folder.
pub fn with_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    fs::create_dir_all(&saves).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
    fs::copy(example.join("example.ron"), saves.join("example.ron")).unwrap();
    for folder in ["certificates", "documents"] {
        fs::create_dir_all(saves.join(folder)).unwrap();
        for file in fs::read_dir(example.join(folder)).unwrap() {
            let file = file.unwrap().path();
            fs::copy(&file, saves.join(folder).join(file.file_name().unwrap())).unwrap();
        }
    }
    (dir, saves)
}

/// A configuration folder that holds no configuration file (it is never created), so
/// that no test reads the configuration of the developer running it.
pub fn no_config_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config-home")
}

/// The command line with no user configuration: `XDG_CONFIG_HOME` at
/// [`no_config_home`], and none of the variables that stand for settings of the file.
pub fn bare() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("clec-wizard");
    cmd.env("XDG_CONFIG_HOME", no_config_home())
        .env_remove("CLEC_WIZARD_EXPORTS")
        .env_remove("CLEC_WIZARD_EDITOR");
    cmd
}

/// The command line on the drafts in `saves`, whatever the environment says.
pub fn wizard_at(saves: &Path) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.arg("--saves")
        .arg(saves)
        .env_remove("CLEC_WIZARD_SAVES")
        // PDFs as a bare machine prints them: no fallback font for what DejaVu lacks,
        // whatever fonts this machine has (a test that wants one sets it).
        .env("CLEC_WIZARD_PDF_FONT", "none");
    cmd
}

/// The command line, run in `dir` on the drafts in `dir/saves` (whatever the
/// environment says).
pub fn wizard(dir: &Path) -> assert_cmd::Command {
    let mut cmd = wizard_at(&dir.join("saves"));
    cmd.current_dir(dir);
    cmd
}

/// Sets one answer of the draft `name` in `dir/saves` through the command line; it must
/// succeed.
pub fn set(dir: &Path, name: &str, path: &str, value: &str) {
    let out = wizard(dir)
        .args(["set", name, path, value])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "set {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs the command line in `dir` and returns its standard output; it must succeed.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(bytes_ok(dir, args)).unwrap()
}

/// [`run_ok`] for output that is not text (a PDF, a workbook): its bytes.
pub fn bytes_ok(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = wizard(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The text of a PDF, read back by an independent reader: poppler's `pdftotext`
/// (poppler-utils; `.ci/run` installs it). Fails when it is not installed.
pub fn pdftotext(bytes: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect(
            "pdftotext reads the PDFs back (apt-get install poppler-utils; .ci/run installs it)",
        );
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext refused the PDF");
    String::from_utf8(out.stdout).unwrap()
}
