//! `import`: takes back answers from a file `export` wrote (xlsx, CSV, JSON), through
//! [`crate::domain::change::import`]: all or nothing, every refusal located.

use std::fmt::Write as _;
use std::path::Path;

use super::{CmdResult, Failure, Outcome, emit, form_of, load, moved_note, now, today, warn};
use crate::domain::change::import::{self, Change};
use crate::domain::form::catalog::FormSet;
use crate::storage::documents;
use crate::storage::drafts::DraftStore;
use crate::text;

/// Imports `file` into the draft `name` (only the form `only`, when given); with
/// `dry_run`, says what would change and changes nothing.
pub(super) fn run(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    file: &Path,
    only: Option<&str>,
    dry_run: bool,
) -> CmdResult {
    if let Some(id) = only {
        form_of(forms, id)?;
    }
    let entries = crate::import::read(file).map_err(Failure::Message)?;
    if let Some(id) = only
        && !import::names_form(&entries, id)
    {
        return Err(Failure::Message(format!(
            "{} has no answers of the form {id}",
            file.display()
        )));
    }
    // A dry run reads only: it works while the wizard has the draft open.
    let _lock = if dry_run {
        None
    } else {
        Some(store.lock(name)?)
    };
    let (draft, moved) = load(forms, store, name)?;
    let plan = match import::plan(forms, &draft, &entries, only, (today(), now())) {
        Ok(plan) => plan,
        Err(refusals) => {
            let mut out = format!(
                "refused: nothing imported; {} of {}:\n",
                text::count(refusals.len(), "value", "values"),
                file.display()
            );
            for r in &refusals {
                writeln!(out, "  {r}")?;
            }
            warn(&out);
            return Ok(Outcome::Problems);
        }
    };
    let mut out = String::new();
    for change in &plan.changes {
        writeln!(out, "  {change}")?;
    }
    for note in &plan.notes {
        writeln!(out, "note: {note}")?;
    }
    let count = text::count(plan.changes.len(), "change", "changes");
    if plan.changes.is_empty() {
        out.push_str("nothing to change: the file says what the draft has\n");
        emit(&out)?;
        return Ok(Outcome::Done);
    }
    if dry_run {
        writeln!(out, "{count} (dry run: nothing saved)")?;
        emit(&out)?;
        return Ok(Outcome::Done);
    }
    let mut draft = plan.draft;
    // Document answers: their files' size and SHA-256 are recorded as they are now.
    for id in &plan.forms {
        let Some(form) = forms.form(id) else { continue };
        if let Some(state) = draft.forms.get_mut(id) {
            for change in &plan.changes {
                if let Change::Set { path, .. } | Change::Cleared { path, .. } = change {
                    state.documents.remove(path);
                }
            }
        }
        documents::stamp(forms, &mut draft, form, store.dir());
    }
    store.save(name, &draft)?;
    warn(&moved_note(&moved));
    let mut bak = store.path(name)?.into_os_string();
    bak.push(".bak");
    writeln!(
        out,
        "{count} imported from {}; the draft as it was before is in {} (until its next save)",
        file.display(),
        Path::new(&bak).display()
    )?;
    emit(&out)?;
    Ok(Outcome::Done)
}
