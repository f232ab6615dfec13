//! The commands that fit clec-wizard into its surroundings: `where`, `config`,
//! `git-setup`, `merge-driver`, `completions` and `man`. Each resolves only the settings it
//! uses, so a broken configuration file never stops `config`, `man` or a merge.

use std::path::Path;

use super::{CmdResult, Failure, Outcome, config_failure, load_forms};
use crate::cli::Command;
use crate::storage::config::{self, Settings};
use crate::storage::{location, merge};
use crate::{json_out, output};

/// Runs `command` when it is one of these; otherwise gives it back.
pub(super) fn run(
    command: Command,
    settings: &Settings,
    forms_dir: Option<&Path>,
) -> Result<Result<Outcome, Command>, Failure> {
    let done = match command {
        Command::Where { json } => where_(settings, json),
        Command::Config { path, json } => config_(settings, path, json),
        Command::GitSetup { repo } => git_setup(repo.as_deref(), settings, forms_dir),
        Command::MergeDriver { base, ours, theirs } => {
            let forms = load_forms(forms_dir)?;
            let conflicts = merge::merge_driver(&base, &ours, &theirs, &forms)?;
            for path in &conflicts.answers {
                output::note(&format!(
                    "clec-wizard: {path}: changed on both sides; both answers are kept as an open item\n"
                ));
            }
            for said in &conflicts.statuses {
                output::note(&format!("clec-wizard: {said}\n"));
            }
            // A conflict kept in the draft is still a conflict for git: exit 1, so the
            // merge stops before its commit and `git status` names the draft.
            match conflicts.is_empty() {
                true => Ok(Outcome::Done),
                false => {
                    output::note(
                        "clec-wizard: settle each in the wizard (the open items) or with `clec-wizard set`, then `git add` the draft and commit\n",
                    );
                    Ok(Outcome::Problems)
                }
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            crate::complete::registration(shell, &mut script)?;
            super::emit_data(&script)?;
            Ok(Outcome::Done)
        }
        Command::Man { sub, out_dir } => match out_dir {
            Some(dir) => {
                for path in crate::man::write_all(&dir)
                    .map_err(|e| format!("cannot write into {}: {e}", dir.display()))?
                {
                    output::note(&format!("wrote {}\n", path.display()));
                }
                Ok(Outcome::Done)
            }
            None => {
                let page = crate::man::page_of(sub.as_deref()).map_err(Failure::Message)?;
                super::emit_data(&page)?;
                Ok(Outcome::Done)
            }
        },
        other => return Ok(Err(other)),
    };
    done.map(Ok)
}

fn where_(settings: &Settings, json: bool) -> CmdResult {
    let place = settings.saves().map_err(config_failure)?.value;
    let exports = settings.exports().map_err(config_failure)?.value;
    location::remember(&place);
    if json {
        super::emit_data(&json_out::render(&json_out::location(&place, &exports)))?;
    } else {
        super::emit(&format!(
            "drafts:  {}\nbecause: {}\nexports: {}\n",
            place.dir.display(),
            place.origin.reason(),
            exports.display()
        ))?;
    }
    Ok(Outcome::Done)
}

/// `config`: the configuration file's path, and every setting with where it comes from.
/// A broken file is listed (what it hides shown as unknown), then reported: exit 2.
fn config_(settings: &Settings, path_only: bool, json: bool) -> CmdResult {
    if path_only {
        let path = settings.path.as_deref().ok_or_else(no_config_folder)?;
        super::emit(&format!("{}\n", path.display()))?;
        return Ok(Outcome::Done);
    }
    let entries = settings.entries();
    if json {
        super::emit_data(&json_out::render(&json_out::config(settings, &entries)))?;
    } else {
        super::emit(&config_text(settings, &entries))?;
    }
    match &settings.file {
        Err(e) => Err(config_failure(e.clone())),
        Ok(_) => Ok(Outcome::Done),
    }
}

fn no_config_folder() -> Failure {
    Failure::Message(
        "no configuration folder is known for this user (no home folder); set XDG_CONFIG_HOME \
         to a folder"
            .into(),
    )
}

/// What `config` prints: the file, then one line per setting.
fn config_text(settings: &Settings, entries: &[config::Entry]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let file = match (&settings.path, &settings.file) {
        (None, _) => "none (no configuration folder is known: set XDG_CONFIG_HOME)".to_string(),
        (Some(path), Ok(Some(_))) => path.display().to_string(),
        (Some(path), Ok(None)) => format!(
            "{} (not there: the defaults apply; create it to change them)",
            path.display()
        ),
        (Some(path), Err(_)) => format!("{} (it has a problem, below)", path.display()),
    };
    let _ = writeln!(out, "file: {file}");
    let width = entries.iter().map(|e| e.key.len()).max().unwrap_or(0) + 1;
    for entry in entries {
        let key = format!("{}:", entry.key);
        let line = match &entry.value {
            Ok(Some(setting)) => format!("{}  ({})", setting.value, setting.source),
            Ok(None) => "-  (not set; only the file's [signer] table sets it)".to_string(),
            Err(_) => "?  (unknown: the configuration file has a problem)".to_string(),
        };
        let _ = writeln!(out, "{key:width$} {line}");
    }
    out
}

fn git_setup(repo: Option<&Path>, settings: &Settings, forms_dir: Option<&Path>) -> CmdResult {
    let place = settings.saves().map_err(config_failure)?.value;
    let exe = std::env::current_exe()?;
    let setup = merge::git_setup(repo.unwrap_or(Path::new(".")), &place.dir, &exe, forms_dir)?;
    super::emit(&format!(
        "{}: {} merge={}\ngit config merge.{}.driver \"{}\"\n",
        setup.attributes.display(),
        setup.pattern,
        merge::DRIVER,
        merge::DRIVER,
        setup.driver
    ))?;
    if place.dir.is_dir() {
        crate::storage::gitignore::write(&place.dir)?;
    }
    Ok(Outcome::Done)
}
