//! The manual pages: one per subcommand, rendered by man(1) (`man -l`, man-db; `.ci/run`
//! installs it), each with the sections a manual has, and every page it names present.

use std::path::Path;
use std::process::Command;

use crate::support::wizard;

/// A page as man(1) shows it, plain text.
fn rendered(page: &Path) -> String {
    let out = Command::new("man")
        .args(["-P", "cat", "-l"])
        .arg(page)
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("man(1) runs (package man-db)");
    assert!(
        out.status.success(),
        "man -l {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    // man(1) emits warnings about bad roff on standard error: there must be none.
    assert!(
        out.stderr.is_empty(),
        "{}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn every_subcommand_has_a_page_with_the_sections_of_a_manual() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    wizard(dir.path())
        .args(["man", "--out-dir"])
        .arg(&pages)
        .assert()
        .success();
    let cmd = <clec_wizard::cli::Cli as clap::CommandFactory>::command();
    let mut names = vec!["clec-wizard".to_string()];
    names.extend(
        cmd.get_subcommands()
            .map(|s| format!("clec-wizard-{}", s.get_name())),
    );
    let referenced = regex_lite::Regex::new(r"(clec-wizard(?:-[a-z-]+)?)\(1\)").unwrap();
    for name in &names {
        let page = pages.join(format!("{name}.1"));
        let text = rendered(&page);
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SEE ALSO",
        ] {
            assert!(
                text.lines().any(|l| l == section),
                "{name}(1) has no {section} section:\n{text}"
            );
        }
        for variable in [
            "CLEC_WIZARD_SAVES",
            "NO_COLOR",
            "VISUAL, EDITOR",
            "CLEC_WIZARD_PDF_FONT",
        ] {
            assert!(text.contains(variable), "{name}(1) lacks {variable}");
        }
        for other in referenced.captures_iter(&text) {
            let file = pages.join(format!("{}.1", &other[1]));
            assert!(
                file.exists(),
                "{name}(1) names {}(1), which has no page",
                &other[1]
            );
        }
    }
    let main = rendered(&pages.join("clec-wizard.1"));
    assert!(main.contains("clec-wizard-set(1)"), "{main}");
    // `man SUB` prints the same page as the packager's file.
    let set = wizard(dir.path()).args(["man", "set"]).output().unwrap();
    assert!(set.status.success());
    assert_eq!(
        set.stdout,
        std::fs::read(pages.join("clec-wizard-set.1")).unwrap()
    );
    let page = rendered(&pages.join("clec-wizard-set.1"));
    assert!(
        page.contains("FIELD PATHS") && page.contains("[+]"),
        "{page}"
    );
    wizard(dir.path())
        .args(["man", "nonsense"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no manual page"));
}

/// Every `--help` says everything it points to: no "see below" with nothing below.
#[test]
fn help_points_to_nothing_missing() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = <clec_wizard::cli::Cli as clap::CommandFactory>::command();
    for sub in cmd.get_subcommands() {
        let out = wizard(dir.path())
            .args([sub.get_name(), "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{} --help", sub.get_name());
        assert!(
            !help.contains("see below"),
            "{} --help: {help}",
            sub.get_name()
        );
    }
}
