//! The configuration file (`$XDG_CONFIG_HOME/clec-wizard/config.toml`): each setting takes
//! effect, a flag beats a variable beats the file beats the default, `clec-wizard config`
//! says where each comes from, and every broken file under `tests/invalid_configs/` stops
//! the commands that need it with its own `FILE:LINE:COLUMN: message`, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A temporary home: `config/` is XDG_CONFIG_HOME, `work/` the current directory, `home/`
/// HOME (so the data folder is inside too).
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["config", "work", "home"] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Home { dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    fn file(&self) -> PathBuf {
        self.path("config/clec-wizard/config.toml")
    }

    /// Writes the configuration file.
    fn write(&self, text: &str) {
        fs::create_dir_all(self.path("config/clec-wizard")).unwrap();
        fs::write(self.file(), text).unwrap();
    }

    /// clec-wizard in `work/`, reading only this home's configuration.
    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = crate::support::bare();
        cmd.current_dir(self.path("work"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("HOME", self.path("home"))
            .env_remove("XDG_DATA_HOME")
            .env_remove("CLEC_WIZARD_SAVES")
            .env_remove("CLEC_WIZARD_DOCUMENTS")
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .env("CLEC_WIZARD_PDF_FONT", "none");
        cmd
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON")
    }
}

/// `PATH` as a TOML literal string.
fn lit(path: &Path) -> String {
    format!("'{}'", path.display())
}

#[test]
fn the_folders_of_the_file_take_effect() {
    let home = Home::new();
    let drafts = home.path("drafts");
    let out = home.path("out");
    home.write(&format!(
        "# my folders\nsaves = {}\nexports = {}\n",
        lit(&drafts),
        lit(&out)
    ));
    home.ok(&["new", "acme"]);
    assert!(drafts.join("acme.ron").is_file(), "the draft is in saves");
    let place = home.json(&["where", "--json"]);
    assert_eq!(place["saves"].as_str(), drafts.to_str());
    assert_eq!(place["origin"], "config");
    assert_eq!(place["exports"].as_str(), out.to_str());
    let said = String::from_utf8(home.run(&["report", "acme", "--format", "html"]).stderr).unwrap();
    assert!(
        said.contains(&format!("wrote {}/", out.display())),
        "the report goes to the file's exports folder: {said}"
    );
    assert!(!drafts.join("exports").exists());
}

#[test]
fn the_documents_folder_of_the_file_takes_effect() {
    let home = Home::new();
    let (example, saves) = crate::support::with_example();
    home.write(&format!("saves = {}\n", lit(&saves)));
    let validate = |home: &Home| home.run(&["validate", "example", "--form", "certification"]);
    let before = validate(&home);
    assert_eq!(
        before.status.code(),
        Some(0),
        "the example's documents are found"
    );
    let elsewhere = home.path("docs");
    fs::create_dir_all(&elsewhere).unwrap();
    home.write(&format!(
        "saves = {}\ndocuments = {}\n",
        lit(&saves),
        lit(&elsewhere)
    ));
    let after = validate(&home);
    let text = String::from_utf8_lossy(&after.stdout);
    assert_eq!(after.status.code(), Some(1), "{text}");
    assert!(text.contains("certificates/"), "a missing document: {text}");
    drop(example);
}

#[test]
fn the_signer_is_offered_as_the_default_of_the_signer_fields() {
    let home = Home::new();
    home.write(&format!(
        "saves = {}\n\n[signer]\nname = \"Dana Reyes\"\ntitle = \"Chief Executive Officer\"\nemail = \"dana@prairie.example\"\n",
        lit(&home.path("drafts"))
    ));
    home.ok(&["new", "acme"]);
    let shown = home.ok(&["show", "acme", "--form", "profile"]);
    for line in [
        "Primary contact: name: - (default: Dana Reyes, not accepted yet)",
        "Primary contact: title: - (default: Chief Executive Officer, not accepted yet)",
        "Primary contact: e-mail: - (default: dana@prairie.example, not accepted yet)",
    ] {
        assert!(shown.contains(line), "{line:?} in:\n{shown}");
    }
    let out = home.run(&["validate", "acme", "--form", "profile", "--json"]);
    assert_eq!(out.status.code(), Some(1), "incomplete");
    let checked: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = checked["forms"][0]["problems"].as_array().unwrap();
    let name = problems
        .iter()
        .find(|p| p["path"] == "profile.primary_name")
        .unwrap();
    assert_eq!(
        name["message"], "required; accept the default Dana Reyes or answer",
        "a default, not an answer"
    );
    // Without the file's [signer], nothing is offered.
    home.write(&format!("saves = {}\n", lit(&home.path("drafts"))));
    let shown = home.ok(&["show", "acme", "--form", "profile"]);
    assert!(shown.contains("Primary contact: name: -\n"), "{shown}");
}

#[test]
fn a_flag_beats_a_variable_beats_the_file_beats_the_default() {
    let home = Home::new();
    let place = |cmd: &mut assert_cmd::Command| -> Value {
        let out = cmd.args(["where", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let data = home.path("home/.local/share/clec-wizard/saves");
    assert_eq!(place(&mut home.cmd())["saves"].as_str(), data.to_str());
    let (file, var, flag) = (home.path("f"), home.path("v"), home.path("x"));
    home.write(&format!("saves = {}\nexports = '/f/out'\n", lit(&file)));
    // A ./saves of drafts is a default: the file's choice comes first.
    fs::create_dir_all(home.path("work/saves")).unwrap();
    assert_eq!(place(&mut home.cmd())["saves"].as_str(), file.to_str());
    let mut with_var = home.cmd();
    with_var.env("CLEC_WIZARD_SAVES", &var);
    assert_eq!(place(&mut with_var)["saves"].as_str(), var.to_str());
    let mut with_flag = home.cmd();
    with_flag
        .env("CLEC_WIZARD_SAVES", &var)
        .arg("--saves")
        .arg(&flag);
    let doc = place(&mut with_flag);
    assert_eq!(
        (doc["saves"].as_str(), doc["origin"].as_str()),
        (flag.to_str(), Some("flag"))
    );
    assert_eq!(doc["exports"], "/f/out", "each setting on its own");
    let mut exports = home.cmd();
    exports.env("CLEC_WIZARD_EXPORTS", "/v/out");
    assert_eq!(place(&mut exports)["exports"], "/v/out");

    let file_line = format!("{}:1", home.file().display());
    let listed = home.json(&["config", "--json"]);
    assert_eq!(listed["settings"]["saves"]["source"], "file");
    assert_eq!(
        listed["settings"]["saves"]["from"].as_str(),
        Some(&*file_line)
    );
    let mut listed = home.cmd();
    listed
        .env("CLEC_WIZARD_SAVES", &var)
        .env("VISUAL", "vim")
        .args(["config", "--json"]);
    let doc: Value = serde_json::from_slice(&listed.output().unwrap().stdout).unwrap();
    assert_eq!(
        (
            &doc["settings"]["saves"]["source"],
            &doc["settings"]["saves"]["from"]
        ),
        (&Value::from("env"), &Value::from("CLEC_WIZARD_SAVES"))
    );
    assert_eq!(doc["settings"]["editor"]["value"], "vim");
    home.write("editor = 'nano'\n");
    let mut listed = home.cmd();
    listed.env("VISUAL", "vim").args(["config", "--json"]);
    let doc: Value = serde_json::from_slice(&listed.output().unwrap().stdout).unwrap();
    assert_eq!(
        doc["settings"]["editor"]["value"], "nano",
        "the file's editor before VISUAL and EDITOR, as git's core.editor"
    );
    let mut listed = home.cmd();
    listed
        .env("VISUAL", "vim")
        .env("CLEC_WIZARD_EDITOR", "emacs")
        .args(["config", "--json"]);
    let doc: Value = serde_json::from_slice(&listed.output().unwrap().stdout).unwrap();
    assert_eq!(doc["settings"]["editor"]["source"], "env");
    assert_eq!(doc["settings"]["editor"]["value"], "emacs");
}

#[test]
fn config_lists_every_setting_with_its_source_and_the_path() {
    let home = Home::new();
    let path = home.ok(&["config", "--path"]);
    assert_eq!(path, format!("{}\n", home.file().display()));
    let text = home.ok(&["config"]);
    assert!(
        text.starts_with(&format!("file: {} (not there", home.file().display())),
        "{text}"
    );
    assert!(
        text.contains("editor:       vi  (default: no editor named)"),
        "{text}"
    );
    assert!(text.contains("signer.name:  -  (not set"), "{text}");
    home.write("\n\neditor = \"code --wait\"\n[signer]\nname = \"Dana Reyes\"\n");
    let text = home.ok(&["config"]);
    let file = home.file().display().to_string();
    assert!(text.starts_with(&format!("file: {file}\n")), "{text}");
    for line in [
        format!("editor:       code --wait  (config file {file}:3)"),
        format!("signer.name:  Dana Reyes  (config file {file}:5)"),
        "exports:      ".to_string(),
        "documents:    ".to_string(),
    ] {
        assert!(text.contains(&line), "{line:?} in:\n{text}");
    }
    let mut flagged = home.cmd();
    let out = flagged.args(["--saves", "/s", "config"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("saves:        /s  (flag --saves)"), "{text}");
    assert!(
        text.contains("exports:      /s/exports  (default: exports/ inside the folder of drafts)"),
        "{text}"
    );
    let doc = home.json(&["config", "--json"]);
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["found"], true);
    assert_eq!(doc["file"].as_str(), home.file().to_str());
    assert_eq!(doc["settings"]["signer.title"]["value"], Value::Null);
    let help = home.ok(&["config", "--help"]);
    assert!(help.contains("--path") && help.contains("--json"), "{help}");
}

/// Each fixture's first line: `# expect: TEXT`, found in the error after `config.toml:`.
#[test]
fn each_broken_file_fails_with_its_own_message() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    let mut seen = 0;
    for entry in fs::read_dir(&fixtures).unwrap() {
        let fixture = entry.unwrap().path();
        let text = fs::read_to_string(&fixture).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no '# expect:' line", fixture.display()));
        let home = Home::new();
        home.write(&text);
        let out = home.run(&["where"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = fixture.display();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        let wanted = format!("error: {}:{expected}", home.file().display());
        assert!(
            stderr.contains(&wanted),
            "{name}: expected {wanted:?} in:\n{stderr}"
        );
        assert!(
            stderr.contains("fix the configuration file"),
            "{name}: says what to do: {stderr}"
        );
        assert!(
            !stderr.chars().any(|c| c != '\n' && c.is_control()),
            "{name}: nothing raw reaches the terminal: {stderr:?}"
        );
        // `config` shows the path and the problem too, and fails.
        let out = home.run(&["config"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let listed = String::from_utf8_lossy(&out.stdout);
        assert!(
            listed.contains("(it has a problem, below)"),
            "{name}: {listed}"
        );
        assert!(listed.contains("?  (unknown: the configuration file has a problem)"));
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} fixtures");
}

#[test]
fn a_broken_file_stops_only_what_needs_it() {
    let home = Home::new();
    home.write("saves = \n");
    for args in [
        &["config", "--path"][..],
        &["man"],
        &["completions", "bash"],
        &["forms"],
        &["check-forms"],
    ] {
        let out = home.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let doc: Value = serde_json::from_slice(&home.run(&["config", "--json"]).stdout).unwrap();
    assert!(
        doc["error"].as_str().unwrap().contains("config.toml:1:"),
        "{doc}"
    );
    assert_eq!(doc["settings"]["saves"]["source"], "unknown");
    // Settings a flag or a variable decides do not read the file.
    let mut decided = home.cmd();
    decided
        .env("CLEC_WIZARD_EXPORTS", home.path("out"))
        .args(["--saves", "s", "where"]);
    decided.assert().success();
    // A command that needs a setting the file may give stops, with exit 2.
    let out = home.run(&["--saves", "s", "new", "acme"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!home.path("work/s/acme.ron").exists());
}

#[cfg(unix)]
#[test]
fn a_hostile_file_is_refused_with_its_place() {
    let home = Home::new();
    fs::create_dir_all(home.path("config/clec-wizard")).unwrap();
    // Not UTF-8: the place of the first bad byte.
    fs::write(home.file(), b"editor = 'nano'\nsaves = '\xff'\n").unwrap();
    let out = home.run(&["where"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("config.toml:2:10: the text is not valid UTF-8"),
        "{stderr}"
    );
    // A FIFO is never opened (it would block), a huge file never read whole.
    fs::remove_file(home.file()).unwrap();
    let c = std::ffi::CString::new(home.file().to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let out = home
        .cmd()
        .timeout(std::time::Duration::from_secs(30))
        .arg("where")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
    fs::remove_file(home.file()).unwrap();
    fs::write(home.file(), "#".repeat(1 << 20)).unwrap();
    let out = home.run(&["where"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("more than the 65536 allowed"), "{stderr}");
}
