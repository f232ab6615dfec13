//! The commands that fit clec-wizard into its surroundings: `where`, `git-setup`,
//! `merge-driver`, `completions` and `man`.

use std::path::Path;

use super::{CmdResult, Failure, Outcome, load_forms};
use crate::cli::Command;
use crate::storage::location::SavesLocation;
use crate::storage::merge;
use crate::{json_out, output};

/// Runs `command` when it is one of these; otherwise gives it back.
pub(super) fn run(
    command: Command,
    place: &SavesLocation,
    forms_dir: Option<&Path>,
) -> Result<Result<Outcome, Command>, Failure> {
    let done = match command {
        Command::Where { json } => where_(place, json),
        Command::GitSetup { repo } => git_setup(repo.as_deref(), place, forms_dir),
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

fn where_(place: &SavesLocation, json: bool) -> CmdResult {
    if json {
        super::emit_data(&json_out::render(&json_out::location(place)))?;
    } else {
        super::emit(&format!(
            "drafts:  {}\nbecause: {}\nexports: {}\n",
            place.dir.display(),
            place.origin.reason(),
            place.exports_dir().display()
        ))?;
    }
    Ok(Outcome::Done)
}

fn git_setup(repo: Option<&Path>, place: &SavesLocation, forms_dir: Option<&Path>) -> CmdResult {
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
