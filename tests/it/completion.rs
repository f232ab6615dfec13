//! Shell completion as bash runs it: the script `completions bash` prints is sourced, and
//! the function it registers for clec-wizard is called as bash calls it on Tab. It asks the
//! binary (found on PATH, as installed), which answers from the command line and the data.

use std::path::Path;
use std::process::Command;

use crate::support::{run_ok, wizard};

/// What bash offers for `words` (the last one being completed), drafts in `dir/saves`.
fn bash_offers(dir: &Path, words: &[&str]) -> Vec<String> {
    let script = dir.join("clec-wizard.bash");
    std::fs::write(&script, run_ok(dir, &["completions", "bash"])).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_clec-wizard"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let driver = format!(
        r#"source "$1" || exit 3
spec=$(complete -p clec-wizard) || exit 4
function=${{spec##*-F }}; function=${{function%% *}}
COMP_WORDS=(clec-wizard {words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9
"$function" clec-wizard "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" ")
    );
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &driver, "driver"])
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .env("CLEC_WIZARD_SAVES", dir.join("saves"))
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn folder_with_drafts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["acme-west", "acme-east", "other"] {
        wizard(dir.path()).args(["new", name]).assert().success();
    }
    dir
}

#[test]
fn bash_completes_draft_names_from_the_folder_in_use() {
    let dir = folder_with_drafts();
    assert_eq!(
        bash_offers(dir.path(), &["export", "acme"]),
        ["acme-east", "acme-west"]
    );
    assert_eq!(bash_offers(dir.path(), &["show", "oth"]), ["other"]);
    // `--saves` on the line names another folder: its drafts, not the environment's.
    let elsewhere = tempfile::tempdir().unwrap();
    wizard(elsewhere.path())
        .args(["new", "zeta"])
        .assert()
        .success();
    let saves = elsewhere.path().join("saves");
    let saves = saves.to_str().unwrap();
    assert_eq!(
        bash_offers(dir.path(), &["--saves", saves, "validate", "z"]),
        ["zeta"]
    );
}

#[test]
fn bash_completes_options_past_the_subcommand_and_form_ids() {
    let dir = folder_with_drafts();
    // The static script's bug: nothing was offered past a hyphenated binary's subcommand.
    let options = bash_offers(dir.path(), &["export", "acme-west", "--fo"]);
    for option in ["--form", "--format", "--force", "--forms"] {
        assert!(options.contains(&option.to_string()), "{options:?}");
    }
    assert_eq!(
        bash_offers(dir.path(), &["export", "acme-west", "--form", "agr"]),
        ["agreement-request"]
    );
    assert_eq!(
        bash_offers(dir.path(), &["export", "acme-west", "--format", "x"]),
        ["xlsx"]
    );
}

#[test]
fn bash_completes_field_paths_with_the_drafts_rows() {
    let dir = folder_with_drafts();
    assert_eq!(
        bash_offers(dir.path(), &["set", "acme-west", "profile.legal_n"]),
        ["profile.legal_name", "profile.legal_name_contact"]
    );
    let rows = |dir: &Path| bash_offers(dir, &["set", "acme-west", "questionnaire.contacts[2"]);
    assert!(rows(dir.path()).is_empty(), "no second row yet");
    for email in ["a@example.com", "b@example.com"] {
        let path = "questionnaire.contacts[+].email";
        wizard(dir.path())
            .args(["set", "acme-west", path, email])
            .assert()
            .success();
    }
    let offered = rows(dir.path());
    assert!(
        offered.contains(&"questionnaire.contacts[2].email".into()),
        "{offered:?}"
    );
    assert!(
        offered.contains(&"questionnaire.contacts[2]".into()),
        "{offered:?}"
    );
    assert_eq!(
        bash_offers(
            dir.path(),
            &["set", "acme-west", "questionnaire.contacts[1].roles", "bil"]
        ),
        ["billing"]
    );
}
