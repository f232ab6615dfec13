//! Shell completion. The script `completions SHELL` prints registers clec-wizard itself as
//! the completer: on Tab the shell runs `COMPLETE=SHELL clec-wizard -- WORDS…`, and the
//! binary answers from the command-line definitions (subcommands, options, formats) and
//! from the data: the drafts of the folder in use (`--saves` on the line counts), the form
//! ids (built-in or `--forms`), and for `set` the draft's field paths with its row numbers
//! and the values a field takes. The paths and values are domain functions
//! ([`crate::domain::rules::paths`]); this module only reads the line and answers.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};

use crate::domain::form::catalog::FormSet;
use crate::domain::rules::paths;
use crate::storage::drafts::DraftStore;
use crate::storage::{config, forms};

/// The environment variable the registration scripts set to ask for completions.
pub(crate) const VAR: &str = "COMPLETE";

/// The name the scripts register and call (the installed binary, found on `PATH`).
const BIN: &str = "clec-wizard";

/// What the line being completed says before the word under the cursor.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Line {
    saves: Option<PathBuf>,
    forms: Option<PathBuf>,
    /// The words that are not options nor option values: the subcommand, then its
    /// arguments (`set`, `acme`, `profile.legal_name`).
    positionals: Vec<String>,
}

static LINE: OnceLock<Line> = OnceLock::new();

/// Answers a completion request and exits when `COMPLETE` is set; otherwise returns at once.
/// `command` gives the command-line definitions (`Cli::command`).
pub fn run_if_asked(command: fn() -> clap::Command) {
    if std::env::var_os(VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    let _ = LINE.set(read_line(&args, &command()));
    CompleteEnv::with_factory(command)
        .var(VAR)
        .bin(BIN)
        .complete();
}

/// The registration script for `shell` (what `completions SHELL` prints).
pub(crate) fn registration(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| std::io::Error::other(format!("no completion for {name}")))?;
    completer.write_registration(VAR, BIN, BIN, BIN, out)
}

/// Reads a request's arguments (`clec-wizard -- clec-wizard WORDS… CURRENT`): the words
/// after `--`, without the first (the command's name) and the last (being completed).
fn read_line(args: &[OsString], command: &clap::Command) -> Line {
    let start = args
        .iter()
        .position(|a| a == "--")
        .map_or(args.len(), |i| i + 1);
    let words: Vec<String> = args[start..]
        .iter()
        .skip(1)
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let before = words.split_last().map_or(&[][..], |(_, rest)| rest);
    let valued = options_with_values(command);
    let mut line = Line::default();
    let mut words = before.iter();
    while let Some(word) = words.next() {
        if let Some((option, value)) = word.split_once('=').filter(|_| word.starts_with("--")) {
            line.set(option, value.to_string());
        } else if word.starts_with('-') && word.len() > 1 {
            if valued.contains(word)
                && let Some(value) = words.next()
            {
                line.set(word, value.clone());
            }
        } else {
            line.positionals.push(word.clone());
        }
    }
    line
}

impl Line {
    fn set(&mut self, option: &str, value: String) {
        match option {
            "--saves" => self.saves = Some(PathBuf::from(value)),
            "--forms" => self.forms = Some(PathBuf::from(value)),
            _ => {}
        }
    }

    /// The drafts in use (none while the configuration file has a problem).
    fn store(&self) -> Option<DraftStore> {
        let place = config::Settings::here(self.saves.as_deref()).saves().ok()?;
        Some(DraftStore::new(place.value.dir))
    }

    fn forms(&self) -> Option<FormSet> {
        forms::load(self.forms.as_deref()).ok()
    }
}

/// Every option (`--form`, `-o`) that takes a value, in any subcommand.
fn options_with_values(command: &clap::Command) -> Vec<String> {
    fn collect(cmd: &clap::Command, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if arg.is_positional() || !arg.get_action().takes_values() {
                continue;
            }
            out.extend(arg.get_long().map(|l| format!("--{l}")));
            out.extend(arg.get_short().map(|s| format!("-{s}")));
        }
        for sub in cmd.get_subcommands() {
            collect(sub, out);
        }
    }
    let mut out = Vec::new();
    collect(command, &mut out);
    out
}

fn line() -> Line {
    LINE.get().cloned().unwrap_or_default()
}

/// Candidates from plain strings; anything holding a control character (a hostile form
/// folder) is left out, so nothing reaches the terminal as a control sequence.
fn candidates(values: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    values
        .into_iter()
        .filter(|v| !v.chars().any(char::is_control))
        .map(CompletionCandidate::new)
        .collect()
}

/// Completes a draft name from the folder in use.
pub fn drafts() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        candidates(
            line()
                .store()
                .and_then(|s| s.names().ok())
                .unwrap_or_default(),
        )
    })
}

/// Completes a form id (built-in forms, or `--forms DIR`), with its title as help.
pub(crate) fn form_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let Some(forms) = line().forms() else {
            return Vec::new();
        };
        forms
            .forms()
            .iter()
            .filter(|f| !f.id.chars().any(char::is_control))
            .map(|f| {
                let title = crate::text::visible(&f.title).into_owned();
                CompletionCandidate::new(f.id.clone()).help(Some(title.into()))
            })
            .collect()
    })
}

/// Completes `set NAME <FIELD>`: the draft's answer paths with its row numbers.
pub(crate) fn field_paths() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let line = line();
        let Some(forms) = line.forms() else {
            return Vec::new();
        };
        let draft = line
            .positionals
            .get(1)
            .and_then(|name| line.store()?.load(name).ok());
        candidates(paths::answer_paths(&forms, draft.as_ref()))
    })
}

/// Completes `set NAME FIELD <VALUE>`: the field's choices, or yes and no.
pub(crate) fn field_values() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let line = line();
        match (line.forms(), line.positionals.get(2)) {
            (Some(forms), Some(path)) => candidates(paths::field_values(&forms, path)),
            _ => Vec::new(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(words: &str) -> Line {
        let mut args: Vec<OsString> = vec!["/bin/clec-wizard".into(), "--".into()];
        args.extend(words.split(' ').map(OsString::from));
        let value = |long: &'static str| clap::Arg::new(long).long(long);
        let command = clap::Command::new("clec-wizard")
            .arg(value("saves").global(true))
            .arg(value("forms").global(true))
            .subcommand(clap::Command::new("set"))
            .subcommand(
                clap::Command::new("export")
                    .arg(value("form"))
                    .arg(value("output").short('o'))
                    .arg(
                        clap::Arg::new("draft")
                            .long("draft")
                            .action(clap::ArgAction::SetTrue),
                    ),
            );
        read_line(&args, &command)
    }

    #[test]
    fn the_line_names_the_folder_forms_and_arguments() {
        let line = read("clec-wizard --saves /s set --forms=/f acme prof");
        assert_eq!(line.saves, Some(PathBuf::from("/s")));
        assert_eq!(line.forms, Some(PathBuf::from("/f")));
        assert_eq!(
            line.positionals,
            ["set", "acme"],
            "the current word is left out"
        );
        let line = read("clec-wizard export --draft acme --form profile -o x.pdf ");
        assert_eq!(
            line.positionals,
            ["export", "acme"],
            "option values are no arguments"
        );
    }
}
