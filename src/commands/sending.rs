//! The commands that follow a form out of the door: `finalize`, `reopen`, `sent` and
//! `acknowledged`, on the same domain functions as the wizard's review screen.

use super::{CmdResult, Outcome, emit, form_of, now, today, warn};
use crate::cli::Command;
use crate::domain::change::edit;
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::finalized;
use crate::domain::values::status::FormStatus;
use crate::storage::drafts::DraftStore;

/// Runs one of this module's commands (anything else is a programming error).
pub(super) fn run(command: Command, forms: &FormSet, store: &DraftStore) -> CmdResult {
    let (name, form) = match &command {
        Command::Finalize { name, form }
        | Command::Reopen { name, form }
        | Command::Sent { name, form, .. }
        | Command::Acknowledged { name, form, .. } => (name.clone(), form.clone()),
        _ => unreachable!("only sending commands come here"),
    };
    let def = form_of(forms, &form)?;
    let _lock = store.lock(&name)?;
    let mut draft = store.load(&name)?;
    let (today, now) = (today(), now());
    let done = match command {
        Command::Finalize { .. } => edit::finalize(forms, &mut draft, &form, today, now),
        Command::Reopen { .. } if draft.status(&form) != FormStatus::Finalized => {
            Err(format!("{} is not finalized: nothing to reopen", def.title))
        }
        Command::Reopen { .. } => {
            edit::reopen(forms, &mut draft, &form, today, now);
            Ok(())
        }
        Command::Sent { on, .. } => {
            edit::mark_sent(forms, &mut draft, &form, on.unwrap_or(today), today, now)
        }
        Command::Acknowledged { on, reference, .. } => edit::acknowledge(
            forms,
            &mut draft,
            &form,
            on.unwrap_or(today),
            reference.as_deref(),
            today,
            now,
        ),
        _ => unreachable!("matched above"),
    };
    if let Err(e) = done {
        warn(&format!("refused: {e}\n"));
        return Ok(Outcome::Problems);
    }
    store.save(&name, &draft)?;
    let standing = finalized::standing(forms, &draft, def)
        .unwrap_or_else(|| draft.status(&form).label().to_string());
    emit(&format!("{}: {standing}\n", def.title))?;
    Ok(Outcome::Done)
}
