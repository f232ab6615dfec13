//! Every broken form under `tests/invalid_forms/` fails `check-forms` with its own message.
//! The first line of each fixture says what is expected: `// expect: TEXT`.

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

/// A journey that lists the fixture's form (id "broken") in step 1.
fn journey() -> String {
    let steps: Vec<String> = (1..=7)
        .map(|n| {
            let forms = if n == 1 { r#"["broken"]"# } else { "[]" };
            format!(r#"(number: {n}, title: "Step {n}", what_to_do: "Do it.", forms: {forms})"#)
        })
        .collect();
    format!("(steps: [{}])", steps.join(",\n"))
}

#[test]
fn each_broken_form_fails_with_its_own_message() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_forms");
    let mut seen = 0;
    for entry in fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{} has no '// expect:' line", path.display()));
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("journey.ron"), journey()).unwrap();
        fs::write(dir.path().join("broken.ron"), &text).unwrap();
        let out = cargo_bin_cmd!("clec-wizard")
            .arg("check-forms")
            .arg(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{}: {stdout}", path.display());
        assert!(
            stdout.contains(expected),
            "{}: expected {expected:?} in:\n{stdout}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 12, "only {seen} fixtures");
}

#[test]
fn a_clean_folder_passes_and_journey_problems_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journey.ron"), journey()).unwrap();
    let form = r#"(id: "broken", title: "Fine", version: 1, step: 1,
        sections: [(id: "s", title: "S", fields: [(id: "a", label: "A", kind: Text())])])"#;
    fs::write(dir.path().join("broken.ron"), form).unwrap();
    cargo_bin_cmd!("clec-wizard")
        .arg("check-forms")
        .arg(dir.path())
        .assert()
        .code(0);

    fs::write(
        dir.path().join("extra.ron"),
        form.replace("\"broken\"", "\"extra\""),
    )
    .unwrap();
    let out = cargo_bin_cmd!("clec-wizard")
        .arg("check-forms")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("form \"extra\" is not listed in any journey step")
    );
}

#[test]
fn the_wizard_refuses_to_run_on_broken_forms() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journey.ron"), journey()).unwrap();
    fs::write(dir.path().join("broken.ron"), "(id: \"broken\",").unwrap();
    let out = cargo_bin_cmd!("clec-wizard")
        .arg("--forms")
        .arg(dir.path())
        .arg("forms")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:1:"), "{stderr}");
}
