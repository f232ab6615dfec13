//! End to end in a real terminal: the binary runs in tmux, keys are typed with
//! `send-keys`, the screen is read with `capture-pane`, and the saved answers are read back
//! through `export`. Needs tmux (`.ci/run` installs it). `CLEC_WIZARD_BIN` picks the binary
//! (CI passes the release build); otherwise the one cargo built for the tests. The checks
//! of the binary file itself (what it needs from the system) live here too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// pgrep and kill find and signal the wizard's process.
const PROCPS: &str =
    "pgrep and kill must be installed for the end-to-end tests (apt-get install procps)";

fn binary() -> PathBuf {
    std::env::var_os("CLEC_WIZARD_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_clec-wizard")),
        PathBuf::from,
    )
}

/// The binary runs on systems older than the build machine's glibc 2.36 (Ubuntu 22.04,
/// RHEL 9): it is linked without packed relative relocations (DT_RELR), so it does not
/// need the `GLIBC_ABI_DT_RELR` version that only glibc 2.36 and newer provide.
#[test]
fn the_binary_does_not_need_glibc_abi_dt_relr() {
    let bin = binary();
    let out = Command::new("objdump")
        .arg("-p")
        .arg(&bin)
        .output()
        .expect("objdump reads the binary's version needs (apt-get install binutils)");
    assert!(
        out.status.success(),
        "objdump -p {}: {}",
        bin.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let headers = String::from_utf8_lossy(&out.stdout);
    let needs = headers
        .split("Version References:")
        .nth(1)
        .unwrap_or_else(|| panic!("no version references in {}:\n{headers}", bin.display()));
    assert!(
        needs.contains("GLIBC_2."),
        "the version needs are listed:\n{needs}"
    );
    assert!(
        !needs.contains("GLIBC_ABI_DT_RELR"),
        "{} needs glibc 2.36 or newer:\n{needs}",
        bin.display()
    );
}

/// A tmux server of its own, so the test never touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Self {
        Self {
            socket: format!("clec-e2e-{}-{name}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed for the end-to-end test (apt-get install tmux)")
    }

    fn start(&self, command: &str) {
        let out = self.run(&[
            "new-session",
            "-d",
            "-s",
            "w",
            "-x",
            "100",
            "-y",
            "30",
            command,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
        sleep(Duration::from_millis(150));
    }

    fn literal(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "w", "-l", text])
                .status
                .success()
        );
        sleep(Duration::from_millis(150));
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never showed {text:?}:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    fn wait_for_exit(&self) {
        let start = Instant::now();
        while self.run(&["has-session", "-t", "w"]).status.success() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the wizard did not quit:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn wizard_command(saves: &Path, args: &str) -> String {
    format!(
        "env XDG_CONFIG_HOME='{}' {} --saves '{}' {args}",
        crate::support::no_config_home().display(),
        binary().display(),
        saves.display()
    )
}

#[test]
fn type_quit_reopen_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("flow");
    tmux.start(&wizard_command(&saves, "open lat --form agreement-request"));
    tmux.wait_for("Agreement Request Form");
    // States requested: filter "co", Space picks Colorado.
    tmux.literal("co");
    tmux.keys(&["Space", "Tab"]);
    // The group of agreements: + adds a row, then its state and path.
    tmux.literal("+");
    tmux.wait_for("── 1. ──");
    tmux.literal("co");
    tmux.keys(&["Enter"]);
    tmux.literal("1");
    tmux.wait_for("NTA as is");
    tmux.keys(&["C-q"]);
    tmux.wait_for_exit();

    // Reopened, the answers are in place and the wizard resumes where it was left.
    tmux.start(&wizard_command(&saves, "open lat"));
    let screen = tmux.wait_for("NTA as is");
    assert!(screen.contains("Agreement Request Form"), "{screen}");
    // It resumes at the field after the path: the row's CenturyLink company, the one
    // company that serves Colorado offered first.
    assert!(screen.contains("CenturyLink company (ILEC)"), "{screen}");
    assert!(
        screen.contains("1 ( ) Qwest Corporation d/b/a CenturyLink QC"),
        "{screen}"
    );
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit();

    let out = Command::new(binary())
        .env("XDG_CONFIG_HOME", crate::support::no_config_home())
        .arg("--saves")
        .arg(&saves)
        .args([
            "export",
            "lat",
            "--form",
            "agreement-request",
            "--format",
            "json",
            "--draft",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answers = &doc["answers"];
    assert_eq!(
        answers["agreement-request.states_requested"],
        serde_json::json!(["CO"])
    );
    assert_eq!(answers["agreement-request.agreements[1].state"], "CO");
    assert_eq!(answers["agreement-request.agreements[1].path"], "nta");
}

#[test]
fn a_small_terminal_says_so_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("small");
    let command = format!(
        "sh -c \"{}; echo EXITED-$?; sleep 30\"",
        wizard_command(&dir.path().join("s"), "")
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "60",
        "-y",
        "20",
        &command,
    ]);
    tmux.wait_for("too small");
    tmux.run(&["resize-window", "-t", "w", "-x", "100", "-y", "30"]);
    tmux.wait_for("No drafts yet");
    tmux.keys(&["C-q"]);
    let screen = tmux.wait_for("EXITED-0");
    assert!(
        !screen.contains("No drafts yet"),
        "the normal screen is back:\n{screen}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "test-panic"),
    ignore = "the F12 crash is built in only with `--features test-panic`"
)]
fn a_panic_restores_the_terminal_and_keeps_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("panic");
    let command = format!(
        "sh -c \"CLEC_WIZARD_TEST_PANIC=1 {}; echo EXITED-$?; sleep 30\"",
        wizard_command(&saves, "open boom --form profile")
    );
    tmux.start(&command);
    tmux.wait_for("Legal name");
    tmux.literal("Prairie Fiber LLC");
    tmux.keys(&["F12"]);
    let screen = tmux.wait_for("EXITED-");
    assert!(screen.contains("stopped on an internal error"), "{screen}");
    assert!(screen.contains("Your answers are saved in"), "{screen}");
    assert!(
        !screen.contains("Company profile"),
        "the normal screen is back:\n{screen}"
    );
    let draft = std::fs::read_to_string(saves.join("boom.ron")).unwrap();
    assert!(
        draft.contains("\"profile.legal_name\": Text(\"Prairie Fiber LLC\")"),
        "{draft}"
    );
}

#[test]
fn pick_a_state_with_the_arrows_and_paste_lines_with_cr() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("pick");
    tmux.start(&wizard_command(&saves, "open pick --form profile"));
    tmux.wait_for("Legal name");
    // Doing business as (multi-line): a bracketed paste of three lines ending in CR.
    tmux.keys(&["Tab"]);
    assert!(
        tmux.run(&["set-buffer", "Prairie\rLantern\rFiber"])
            .status
            .success()
    );
    assert!(
        tmux.run(&["paste-buffer", "-p", "-r", "-t", "w"])
            .status
            .success()
    );
    sleep(Duration::from_millis(150));
    // State of formation: ↓↓ moves the cursor in the list, Enter picks.
    tmux.keys(&["Tab", "Tab"]);
    tmux.wait_for("AK Alaska");
    tmux.keys(&["Down", "Down"]);
    tmux.wait_for("3 of 51");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("9 digits, e.g. 12-3456789");
    assert!(
        screen.contains("│     AR "),
        "the pick shows once the list closes:\n{screen}"
    );
    tmux.keys(&["C-q"]);
    tmux.wait_for_exit();
    let out = Command::new(binary())
        .env("XDG_CONFIG_HOME", crate::support::no_config_home())
        .arg("--saves")
        .arg(&saves)
        .args([
            "export", "pick", "--form", "profile", "--format", "json", "--draft",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answers = &doc["answers"];
    assert_eq!(answers["profile.dba_names"], "Prairie\nLantern\nFiber");
    assert_eq!(answers["profile.state_of_formation"], "AR");
}

/// The wizard's process: the pane's own, or its child when a shell runs it.
fn wizard_pid(tmux: &Tmux) -> String {
    let pane = tmux.run(&["list-panes", "-t", "w", "-F", "#{pane_pid}"]);
    let pane = String::from_utf8_lossy(&pane.stdout).trim().to_string();
    let comm = std::fs::read_to_string(format!("/proc/{pane}/comm")).unwrap_or_default();
    if comm.trim() == "clec-wizard" {
        return pane;
    }
    let start = Instant::now();
    loop {
        let out = Command::new("pgrep")
            .args(["-P", &pane])
            .output()
            .expect(PROCPS);
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !pid.is_empty() {
            return pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no wizard under {pane}"
        );
        sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_saves_the_field_being_typed_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("term");
    // `\$?`: the inner shell's status, not the outer one's when it reads the line.
    tmux.start(&format!(
        "sh -c \"{}; echo EXITED-\\$?; sleep 30\"",
        wizard_command(&saves, "open sig --form profile")
    ));
    tmux.wait_for("Legal name");
    // Typed, not yet stored: the field is still being edited.
    tmux.literal("Prairie Fiber LLC");
    let pid = wizard_pid(&tmux);
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect(PROCPS)
            .success()
    );
    let screen = tmux.wait_for("EXITED-");
    assert!(screen.contains("EXITED-143"), "128 + SIGTERM:\n{screen}");
    assert!(
        !screen.contains("Company profile"),
        "the normal screen is back:\n{screen}"
    );
    let draft = std::fs::read_to_string(saves.join("sig.ron")).unwrap();
    assert!(draft.contains("Text(\"Prairie Fiber LLC\")"), "{draft}");
}

#[test]
fn a_closed_terminal_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("hup");
    tmux.start(&wizard_command(&saves, "open hup --form profile"));
    tmux.wait_for("Legal name");
    tmux.literal("Prairie Fiber LLC");
    let pid = wizard_pid(&tmux);
    // The window closes: the wizard gets SIGHUP and its terminal is gone.
    tmux.run(&["kill-session", "-t", "w"]);
    let start = Instant::now();
    while Command::new("kill")
        .args(["-0", &pid])
        .status()
        .expect(PROCPS)
        .success()
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the wizard did not end"
        );
        sleep(Duration::from_millis(50));
    }
    let draft = std::fs::read_to_string(saves.join("hup.ron")).unwrap();
    assert!(draft.contains("Text(\"Prairie Fiber LLC\")"), "{draft}");
}

#[test]
fn the_deadlines_view_goes_to_a_field_and_writes_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
    std::fs::copy(example, saves.join("example.ron")).unwrap();
    let tmux = Tmux::new("deadlines");
    tmux.start(&wizard_command(&saves, "open example"));
    tmux.wait_for("Journey");
    tmux.literal("d");
    tmux.wait_for("Deadlines · today");
    tmux.wait_for("FCC Form 499-A");
    // The cursor starts on the first deadline ahead: a 499 date of the company profile.
    tmux.keys(&["Enter"]);
    tmux.wait_for("FCC Form 499 Filer ID");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Deadlines · today");
    tmux.literal("c");
    tmux.wait_for("deadlines to");
    tmux.keys(&["C-q"]);
    tmux.wait_for_exit();
    let ics = std::fs::read_to_string(saves.join("exports/example-deadlines.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    // Long lines are folded (RFC 5545): a line break and a space continue a line.
    let ics = ics.replace("\r\n ", "");
    assert!(
        ics.contains(
            "UID:example.negotiation.agreements.2-u7nt.arbitration_window_closes@clec-wizard"
        ),
        "{ics}"
    );
}

/// A CRLF text pasted through tmux, which turns each LF into CR as a terminal mapping LF
/// to CR does: it arrives as CR CR, and is stored one line a line, not double-spaced.
#[test]
fn a_crlf_paste_through_a_terminal_mapping_lf_to_cr_keeps_single_lines() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("crcr");
    tmux.start(&wizard_command(&saves, "open crcr --form profile"));
    tmux.wait_for("Legal name");
    tmux.keys(&["Tab"]);
    assert!(
        tmux.run(&["set-buffer", "Prairie\r\nLantern\r\nFiber"])
            .status
            .success()
    );
    // Without -r, tmux replaces each LF with CR.
    assert!(
        tmux.run(&["paste-buffer", "-p", "-t", "w"])
            .status
            .success()
    );
    tmux.wait_for("Fiber");
    tmux.keys(&["Tab"]);
    tmux.keys(&["C-q"]);
    tmux.wait_for_exit();
    let draft = std::fs::read_to_string(saves.join("crcr.ron")).unwrap();
    assert!(
        draft.contains(r#""profile.dba_names": Text("Prairie\nLantern\nFiber")"#),
        "{draft}"
    );
}

/// Ctrl-E runs the editor the configuration file names, before `VISUAL` and `EDITOR`
/// (here `false`, which would leave the answer unchanged).
#[test]
fn ctrl_e_runs_the_editor_of_the_configuration_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Configured Editor LLC\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = dir.path().join("config/clec-wizard");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("editor = '{}'\n", editor.display()),
    )
    .unwrap();
    let tmux = Tmux::new("editor");
    tmux.start(&format!(
        "env XDG_CONFIG_HOME='{}' VISUAL=false EDITOR=false {} --saves '{}' open ed --form profile",
        dir.path().join("config").display(),
        binary().display(),
        saves.display()
    ));
    tmux.wait_for("Company profile");
    tmux.keys(&["C-e"]);
    tmux.wait_for("Configured Editor LLC");
    tmux.keys(&["C-q"]);
    tmux.wait_for_exit();
    let draft = std::fs::read_to_string(saves.join("ed.ron")).unwrap();
    assert!(
        draft.contains("\"profile.legal_name\": Text(\"Configured Editor LLC\")"),
        "{draft}"
    );
}

/// `fill` on a terminal edits lines: ← moves back to fix a typo in the middle, ↑ brings
/// back the answer typed before, a choice is taken by its number, two lines pasted at once
/// answer two questions, and Ctrl-D on an empty line stops with the summary. Run again, the current answer is offered for editing
/// (Home goes to its start) and Ctrl-C ends with 130, the answers given kept.
#[test]
fn fill_edits_lines_and_recalls_earlier_answers() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let tmux = Tmux::new("fill");
    let fill = || {
        format!(
            "sh -c \"{}; echo EXITED-\\$?; sleep 30\"",
            wizard_command(&saves, "fill acme --form profile")
        )
    };
    tmux.start(&fill());
    tmux.wait_for("[profile 1/");
    // A typo in the middle: ← five times puts the cursor after the `a` of `Fibar`.
    tmux.literal("Prairie Fibar LLC");
    tmux.keys(&["Left", "Left", "Left", "Left", "Left", "BSpace"]);
    tmux.literal("e");
    tmux.wait_for("> Prairie Fiber LLC");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved: Prairie Fiber LLC");
    // Doing business as: ↑ recalls the legal name just typed.
    tmux.wait_for("[profile 2/");
    tmux.keys(&["Up"]);
    tmux.keys(&["Enter"]);
    // Entity type: the numbered options are listed, 2 picks the second.
    let screen = tmux.wait_for("[profile 3/");
    assert!(screen.contains("choose (a number or a value):"), "{screen}");
    assert!(
        screen.contains("  2) llc (Limited liability company)"),
        "{screen}"
    );
    tmux.literal("2");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved: llc");
    tmux.wait_for("[profile 4/");
    // Two lines pasted at once answer two questions: the second is not lost.
    tmux.literal("CO\r12-3456789\r");
    tmux.wait_for("saved: 12-3456789");
    tmux.wait_for("[profile 6/");
    tmux.keys(&["C-d"]);
    let screen = tmux.wait_for("EXITED-");
    assert!(screen.contains("4/21 required answered"), "{screen}");
    assert!(
        screen.contains("EXITED-1\n"),
        "open items remain:\n{screen}"
    );
    let shown = |tmux: &Tmux| {
        let out = Command::new(binary())
            .arg("--saves")
            .arg(&saves)
            .args(["show", "acme", "--form", "profile", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", tmux.screen());
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["forms"][0]["answers"].clone()
    };
    let answers = shown(&tmux);
    assert_eq!(
        answers["profile.legal_name"], "Prairie Fiber LLC",
        "{answers}"
    );
    assert_eq!(
        answers["profile.dba_names"], "Prairie Fiber LLC",
        "{answers}"
    );
    assert_eq!(answers["profile.entity_type"], "llc", "{answers}");
    assert_eq!(answers["profile.state_of_formation"], "CO", "{answers}");
    assert_eq!(answers["profile.ein"], "12-3456789", "{answers}");
    let _ = tmux.run(&["kill-server"]);

    // Again: the legal name is offered ready to edit; Home, a word, Enter.
    let tmux = Tmux::new("fill-again");
    tmux.start(&fill());
    tmux.wait_for("> Prairie Fiber LLC");
    tmux.keys(&["Home"]);
    tmux.literal("The ");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved: The Prairie Fiber LLC");
    // Enter on the offered answer unchanged keeps it, as an empty line does.
    tmux.wait_for("[profile 2/");
    tmux.keys(&["Enter"]);
    tmux.wait_for("[profile 3/");
    tmux.literal("corp");
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("EXITED-");
    assert!(screen.contains("EXITED-130"), "128 + SIGINT:\n{screen}");
    let answers = shown(&tmux);
    assert_eq!(answers["profile.legal_name"], "The Prairie Fiber LLC");
    assert_eq!(answers["profile.dba_names"], "Prairie Fiber LLC");
    assert_eq!(
        answers["profile.entity_type"], "llc",
        "Ctrl-C dropped the line"
    );
}
