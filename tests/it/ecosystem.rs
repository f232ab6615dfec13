//! clec-wizard at home: where drafts live, JSON output, completions and the man page,
//! spreadsheets that keep leading zeros, and the line mode `fill` through a pipe.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

/// clec-wizard started in `cwd` with HOME in `home` and no saves variable.
fn at(cwd: &Path, home: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::bare();
    cmd.current_dir(cwd)
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("CLEC_WIZARD_SAVES");
    cmd
}

fn json_of(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON")
}

/// A folder with `saves/` and a draft `acme` there.
fn with_draft() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    at(dir.path(), dir.path())
        .args(["--saves", "saves", "new", "acme"])
        .assert()
        .success();
    dir
}

#[test]
fn drafts_live_in_one_place_and_it_says_where() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let data = home.path().join(".local/share/clec-wizard/saves");
    let place =
        |cmd: &mut assert_cmd::Command| json_of(&cmd.args(["where", "--json"]).assert().success());
    // No ./saves: the data folder, whatever the current directory.
    let doc = place(&mut at(work.path(), home.path()));
    assert_eq!(
        (doc["saves"].as_str(), doc["origin"].as_str()),
        (data.to_str(), Some("data_dir"))
    );
    assert_eq!(doc["schema"], 1);
    at(work.path(), home.path())
        .args(["new", "acme"])
        .assert()
        .success();
    assert!(data.join("acme.ron").exists() && !work.path().join("saves").exists());
    assert!(
        data.join(".gitignore").exists(),
        "new writes the .gitignore"
    );
    let listed = json_of(
        &at(home.path(), home.path())
            .args(["list", "--json"])
            .assert()
            .success(),
    );
    assert_eq!(
        listed["drafts"][0]["name"], "acme",
        "the same drafts from any folder"
    );
    // A ./saves that is not clearly clec-wizard's (another program's) is left alone.
    fs::create_dir(work.path().join("saves")).unwrap();
    fs::write(work.path().join("saves/slot1.ron"), "(level: 3)").unwrap();
    let doc = place(&mut at(work.path(), home.path()));
    assert_eq!(doc["origin"], "data_dir", "a game's saves/ is not adopted");
    // ./saves wins once it holds drafts; the variable (unless empty) and --saves win over it.
    at(work.path(), home.path())
        .args(["--saves", "saves", "new", "local"])
        .assert()
        .success();
    let doc = place(&mut at(work.path(), home.path()));
    assert_eq!(
        (doc["saves"].as_str(), doc["origin"].as_str()),
        (Some("saves"), Some("current_dir"))
    );
    let doc = place(at(work.path(), home.path()).env("CLEC_WIZARD_SAVES", ""));
    assert_eq!(doc["origin"], "current_dir", "an empty variable is unset");
    let doc = place(at(work.path(), home.path()).env("CLEC_WIZARD_SAVES", "/srv/drafts"));
    assert_eq!(
        (doc["saves"].as_str(), doc["origin"].as_str()),
        (Some("/srv/drafts"), Some("env"))
    );
    let doc = place(
        at(work.path(), home.path())
            .env("CLEC_WIZARD_SAVES", "/srv/drafts")
            .args(["--saves", "x"]),
    );
    assert_eq!(
        (doc["saves"].as_str(), doc["exports"].as_str()),
        (Some("x"), Some("x/exports")),
        "exports stay under the folder given with --saves"
    );
    let help = at(work.path(), home.path())
        .arg("--help")
        .assert()
        .success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).to_string();
    assert!(
        help.contains("Drafts: saves (the saves folder in the current directory"),
        "{help}"
    );
}

#[test]
fn without_a_terminal_the_wizard_points_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    let out = at(dir.path(), dir.path()).write_stdin("").assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("clec-wizard fill NAME"), "{err}");
}

/// A terminal that cannot place the cursor (TERM=dumb, or no TERM) gets `fill` suggested
/// for the draft asked, not a full screen it cannot draw.
#[test]
fn a_dumb_terminal_is_pointed_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    for term in [Some("dumb"), None] {
        let mut cmd = at(dir.path(), dir.path());
        match term {
            Some(term) => cmd.env("TERM", term),
            None => cmd.env_remove("TERM"),
        };
        let out = cmd.args(["open", "acme"]).write_stdin("").assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            err.contains("cannot place the cursor") && err.contains("`clec-wizard fill acme`"),
            "{term:?}: {err}"
        );
    }
}

#[test]
fn every_listing_reads_as_json_with_the_same_exit_codes() {
    let dir = with_draft();
    let run = |args: &[&str]| at(dir.path(), dir.path()).args(args).assert();
    let forms = json_of(&run(&["forms", "--json"]).success());
    let first = &forms["forms"][0];
    for field in ["id", "step", "version", "title", "fields"] {
        assert!(!first[field].is_null(), "forms.{field}: {forms}");
    }
    let list = json_of(&run(&["list", "--json"]).success());
    let draft = &list["drafts"][0];
    assert_eq!(
        (draft["name"].as_str(), draft["complete"].as_bool()),
        (Some("acme"), Some(false))
    );
    assert!(draft["forms"][0]["required_total"].is_u64() && draft["updated"].is_string());
    let show = json_of(&run(&["show", "acme", "--json", "--form", "profile"]).success());
    assert_eq!(show["forms"][0]["form"], "profile");
    assert!(show["forms"][0]["answers"].is_object() && show["forms"][0]["kept_aside"].is_object());
    let validate = json_of(&run(&["validate", "acme", "--json", "--form", "profile"]).code(1));
    assert_eq!(validate["complete"], false);
    let problem = &validate["forms"][0]["problems"][0];
    for field in ["path", "label", "kind", "message", "blocking"] {
        assert!(!problem[field].is_null(), "problems[].{field}: {validate}");
    }
    assert!(validate["kept_aside"].is_array() && validate["changed_forms"].is_array());
    for doc in [&forms, &list, &show, &validate] {
        assert_eq!(doc["schema"], 1);
    }
    run(&["validate", "nobody", "--json"]).code(2);
    run(&["set", "acme", "profile.nope", "x"]).code(2);
}

/// The draft `acme`'s profile exported as a workbook (`--draft`), read back with calamine:
/// its one sheet.
fn profile_sheet(dir: &std::path::Path) -> calamine::Range<Data> {
    let file = dir.join("profile.xlsx");
    at(dir, dir)
        .args([
            "export", "acme", "--form", "profile", "--format", "xlsx", "--draft", "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["profile"]);
    book.worksheet_range("profile").unwrap()
}

#[test]
fn identifiers_keep_their_zeros_in_a_spreadsheet() {
    let dir = with_draft();
    let run = |args: &[&str]| at(dir.path(), dir.path()).args(args).assert();
    run(&["set", "acme", "profile.frn", "0031234567"]).success();
    run(&["set", "acme", "profile.hq_zip", "02134"]).success();
    let sheet = profile_sheet(dir.path());
    let value_of = |path: &str| {
        sheet
            .rows()
            .find(|r| r[2] == Data::String(path.into()))
            .map(|r| r[4].clone())
    };
    assert_eq!(
        sheet.rows().next().unwrap()[4],
        Data::String("value".into())
    );
    assert_eq!(
        value_of("profile.frn"),
        Some(Data::String("0031234567".into()))
    );
    assert_eq!(
        value_of("profile.hq_zip"),
        Some(Data::String("02134".into()))
    );
}

/// A value longer than a spreadsheet cell holds (32,767 characters) goes on in the rows
/// below, labelled as its continuation: read back, the parts are the whole answer.
#[test]
fn an_answer_longer_than_a_cell_goes_on_in_the_next_rows() {
    let dir = with_draft();
    let run = |args: &[&str]| at(dir.path(), dir.path()).args(args).assert();
    run(&["set", "acme", "profile.legal_name", "Acme"]).success();
    // Only a hand edit holds an answer this long (the form allows far less).
    let long: String = (0..70_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let draft = dir.path().join("saves/acme.ron");
    let text = std::fs::read_to_string(&draft).unwrap().replace(
        "\"profile.legal_name\": Text(\"Acme\"),",
        &format!("\"profile.legal_name\": Text(\"Acme\"),\n        \"profile.dba_names\": Text(\"{long}\"),"),
    );
    std::fs::write(&draft, text).unwrap();
    let sheet = profile_sheet(dir.path());
    let parts: Vec<(String, String)> = sheet
        .rows()
        .filter(|r| r[2] == Data::String("profile.dba_names".into()))
        .map(|r| (r[3].to_string(), r[4].to_string()))
        .collect();
    assert_eq!(parts.len(), 3, "70,000 characters take three cells");
    assert!(parts.iter().all(|(_, v)| v.chars().count() <= 32_767));
    assert!(
        parts[1..]
            .iter()
            .all(|(label, _)| label.ends_with(" (continued)"))
    );
    let whole: String = parts.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(whole, long);
}

#[test]
fn fill_asks_line_by_line_through_a_pipe() {
    let dir = with_draft();
    // Legal name; help and back on the next question, keep the name; two lines of d/b/a; a
    // refused entity type, then a good one; N/A; ask later; stop.
    let input = "Prairie Fiber LLC\n?\n-\n\nOne\\\nTwo\nbanana\nllc\n\
                 !na not formed yet\n!later ask Dana\n!quit\n";
    let out = at(dir.path(), dir.path())
        .args(["--saves", "saves", "fill", "acme", "--form", "profile"])
        .write_stdin(input)
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!text.contains('\u{1b}'), "no escape sequences: {text}");
    let asked: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("[profile "))
        .map(|l| l.split("] ").nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        asked,
        [
            "Legal name (required)",
            "Doing business as (d/b/a)",
            "Doing business as (d/b/a)",
            "Legal name (required)",
            "Doing business as (d/b/a)",
            "Entity type (required)",
            "Entity type (required)",
            "State of formation (required)",
            "Federal tax id (EIN) (required)",
            "Business type (required)",
        ],
        "{text}"
    );
    assert!(
        text.contains("now: Prairie Fiber LLC"),
        "the current answer: {text}"
    );
    assert!(text.contains("!na REASON"), "help: {text}");
    assert!(
        text.contains("choose (a number or a value):\n  1) corporation (Corporation)\n"),
        "{text}"
    );
    assert!(text.contains("refused: Entity type"), "{text}");
    let draft = fs::read_to_string(dir.path().join("saves/acme.ron")).unwrap();
    for line in [
        r#""profile.legal_name": Text("Prairie Fiber LLC")"#,
        r#""profile.dba_names": Text("One\nTwo")"#,
        r#""profile.entity_type": Text("llc")"#,
        r#""profile.state_of_formation": NotApplicable("not formed yet")"#,
        r#""profile.ein": AskLater("ask Dana")"#,
    ] {
        assert!(draft.contains(line), "{line} in {draft}");
    }
}

#[test]
fn completions_man_page_and_help_for_every_argument() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = at(dir.path(), dir.path()).args(args).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        // The script asks the binary itself (`COMPLETE=SHELL clec-wizard`).
        let script = run(&["completions", shell]);
        assert!(
            script.contains("COMPLETE") && script.contains("clec-wizard"),
            "{shell}: {script}"
        );
    }
    assert!(run(&["man"]).contains(".TH CLEC-WIZARD 1"));
    let cmd = <clec_wizard::cli::Cli as clap::CommandFactory>::command();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments() {
            assert!(
                arg.get_help().is_some(),
                "{} {} has no help line",
                sub.get_name(),
                arg.get_id()
            );
        }
    }
    let set = run(&["set", "--help"]);
    assert!(
        set.contains("clec-wizard set <NAME> <FIELD> <VALUE | --na REASON"),
        "{set}"
    );
}

/// `fill` shows a field's default and an empty line accepts it.
#[test]
fn fill_offers_a_default_and_an_empty_line_accepts_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], input: &str| {
        at(dir.path(), dir.path())
            .args(["--saves", "saves"])
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .unwrap()
    };
    run(&["new", "acme"], "");
    run(&["set", "acme", "profile.ocn", "12QX"], "");
    let out = run(
        &["fill", "acme", "--form", "questionnaire"],
        &format!("{}!quit\n", "\n".repeat(12)),
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("default: 12QX (an empty line accepts it)"),
        "{text}"
    );
    let out = run(&["show", "acme", "--form", "questionnaire", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answers = &json["forms"][0]["answers"];
    assert_eq!(answers["questionnaire.spid"], "12QX", "{answers}");
    assert!(
        answers.get("questionnaire.years_in_business").is_none(),
        "{answers}"
    );
}
