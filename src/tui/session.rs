//! The open draft as the screens see it: its answers, its lock, its saving, its undo and
//! its documents, with no view of it. A screen gets it through a [`Cx`] (to change it)
//! or a [`Look`] (to draw it), never through the whole app.

use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate};

use super::action::Action;
use super::effect::{AfterSave, DocumentToStamp, Effect, now};
use super::msg::Msg;
use super::popups::Popup;
use super::popups::acknowledged::AcknowledgedPopup;
use super::popups::sent::SentPopup;
use super::theme::Theme;
use crate::domain::change::edit::{self, Applied, Edit};
use crate::domain::change::import;
use crate::domain::draft::{DocumentStamp, Draft};
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::eval::place_of;
use crate::domain::rules::validate::{FormReport, ItemReports, validate_form, with_found};
use crate::domain::values::answer::Answer;
use crate::storage::documents::DocumentProblem;
use crate::storage::drafts::DraftLock;

/// Unsaved changes are written this long after the first one.
pub(crate) const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);
/// The longest a change waits for its autosave while changes keep coming (typing).
pub(crate) const AUTOSAVE_MAX_DELAY: Duration = Duration::from_secs(5);

/// Undo keeps this many earlier states of the answers.
const UNDO_LEVELS: usize = 50;

/// Why a change is refused in a read-only window.
pub(crate) const READ_ONLY: &str = "read-only: this draft is open in another clec-wizard";

/// What a screen's update may read and change: the forms, today, the open draft; and
/// what it asks of the app, in order ([`Msg`]).
pub struct Cx<'a> {
    pub forms: &'a FormSet,
    pub today: NaiveDate,
    pub theme: &'a Theme,
    /// Where exports go (the import dialog starts there).
    pub exports: &'a std::path::Path,
    pub s: &'a mut OpenDraft,
    pub msgs: Vec<Msg>,
}

impl Cx<'_> {
    pub fn info(&mut self, text: impl Into<String>) {
        self.msgs.push(Msg::Info(text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.msgs.push(Msg::Error(text.into()));
    }

    pub fn send(&mut self, msg: Msg) {
        self.msgs.push(msg);
    }

    /// Opens the dialog that records the day a form was sent, or CenturyLink's
    /// acknowledgement (`MarkAcknowledged`), for `form_id`.
    pub(crate) fn ask_sending(&mut self, form_id: &str, action: Action) {
        if self.s.read_only() {
            return self.error(READ_ONLY);
        }
        let Some(form) = self.forms.form(form_id) else {
            return;
        };
        let popup = if action == Action::MarkSent {
            Popup::Sent(Box::new(SentPopup::new(form_id, &form.title, self.today)))
        } else {
            let reference = (self.s.draft.forms.get(form_id))
                .and_then(|f| f.acknowledged.as_ref()?.reference.clone())
                .unwrap_or_default();
            Popup::Acknowledged(Box::new(AcknowledgedPopup::new(
                form_id,
                &form.title,
                self.today,
                &reference,
            )))
        };
        self.send(Msg::Popup(popup));
    }

    /// What a screen's drawing reads.
    pub fn look(&self) -> Look<'_> {
        Look {
            forms: self.forms,
            today: self.today,
            theme: self.theme,
            s: self.s,
        }
    }
}

/// What a screen's drawing reads: the forms, today, the theme, the open draft.
#[derive(Clone, Copy)]
pub struct Look<'a> {
    pub forms: &'a FormSet,
    pub today: NaiveDate,
    pub theme: &'a Theme,
    pub s: &'a OpenDraft,
}

/// The open draft: its answers, its lock, its saving, its undo, its documents.
pub struct OpenDraft {
    pub name: String,
    pub draft: Draft,
    /// This window's hold on the draft; `None` when it is open elsewhere (read-only here).
    pub lock: Option<DraftLock>,
    pub save: SaveState,
    /// What the last changes changed, as it was, the latest last (Ctrl-Z).
    pub undo: Vec<edit::Snapshot>,
    /// Documents answered since the last event, whose file's size and SHA-256 are to be
    /// recorded (by the loop: it reads the disk).
    pub to_stamp: Vec<DocumentToStamp>,
    /// Forms whose document files are to be checked on disk again (by the loop).
    pub to_check: std::collections::BTreeSet<String>,
    /// The problems of each form's document files, as last checked on disk: open items
    /// like validation's own, wherever a form's open items are counted.
    pub documents: std::collections::BTreeMap<String, Vec<DocumentProblem>>,
    /// Counts the changes to what validation reads (answers, documents): what was
    /// validated at one count is still true at that count.
    pub revision: u64,
}

/// Whether and when the draft was saved.
#[derive(Debug, Default)]
pub struct SaveState {
    /// The first unsaved change (an autosave is due at most [`AUTOSAVE_MAX_DELAY`] after it).
    pub dirty_since: Option<Instant>,
    /// The last change: an autosave is due [`AUTOSAVE_DELAY`] after it, once typing pauses.
    pub last_change: Option<Instant>,
    /// A save is being written.
    pub saving: bool,
    pub last_saved: Option<DateTime<Local>>,
    pub error: Option<String>,
}

impl SaveState {
    /// When the autosave is due: a second after the last change (typing pauses), and
    /// never later than [`AUTOSAVE_MAX_DELAY`] after the first unsaved one. A save per
    /// pause rather than per second of typing: each one writes the whole draft.
    pub(crate) fn due_at(&self) -> Option<Instant> {
        let first = self.dirty_since?;
        let quiet = self.last_change.unwrap_or(first).max(first) + AUTOSAVE_DELAY;
        Some(quiet.min(first + AUTOSAVE_MAX_DELAY))
    }
}

impl OpenDraft {
    pub fn new(name: String, draft: Draft, lock: Option<DraftLock>) -> Self {
        Self {
            name,
            draft,
            lock,
            save: SaveState::default(),
            undo: Vec::new(),
            to_stamp: Vec::new(),
            to_check: std::collections::BTreeSet::new(),
            documents: std::collections::BTreeMap::new(),
            revision: 0,
        }
    }

    /// Records that a document was answered (or cleared): its form's documents are
    /// checked again, and a file named is stamped by the loop
    /// ([`crate::tui::effect::Effect::StampDocument`]).
    pub(crate) fn document_answered(&mut self, forms: &FormSet, applied: &Applied) {
        let document = forms
            .form(&applied.key.form)
            .and_then(|form| place_of(form, &applied.key))
            .is_some_and(|place| matches!(place.field.kind, FieldKind::Document));
        if !document {
            return;
        }
        self.to_check.insert(applied.key.form.clone());
        if let Some(Answer::Text(file)) = &applied.answer {
            self.to_stamp.push(DocumentToStamp {
                form: applied.key.form.clone(),
                key: applied.key.to_string(),
                file: file.clone(),
            });
        }
    }

    /// A document's file was read: its record is kept if the answer still names that file.
    pub(crate) fn document_stamped(&mut self, stamped: &DocumentToStamp, stamp: DocumentStamp) {
        if self.draft.answers.get(&stamped.key) != Some(&Answer::Text(stamped.file.clone())) {
            return;
        }
        if let Some(state) = self.draft.forms.get_mut(&stamped.form) {
            state.documents.insert(stamped.key.clone(), stamp);
            self.mark_dirty();
        }
        self.to_check.insert(stamped.form.clone());
    }

    /// The document problems found for a form: its open items count them from now on.
    /// Whether they changed what the form's open items count (what was validated before
    /// is stale then).
    pub(crate) fn documents_checked(&mut self, form: &str, problems: Vec<DocumentProblem>) -> bool {
        let before = self.documents.insert(form.to_string(), problems);
        let changed = before.as_deref().unwrap_or_default() != self.documents[form].as_slice();
        if changed {
            self.revision += 1;
        }
        changed
    }

    /// Form `form`'s validation as the wizard counts it everywhere: its answers', and its
    /// document files' as last checked on disk ([`with_found`]).
    pub fn report(&self, forms: &FormSet, form: &FormDef, today: NaiveDate) -> FormReport {
        self.counted(forms, form, validate_form(forms, &self.draft, form, today))
    }

    /// `report` (of `form`'s answers) with its document files' problems.
    pub fn counted(&self, forms: &FormSet, form: &FormDef, report: FormReport) -> FormReport {
        let found = self.documents.get(&form.id).into_iter().flatten();
        with_found(
            forms,
            &self.draft,
            form,
            report,
            found.map(DocumentProblem::to_problem),
        )
    }

    /// Open elsewhere: nothing can be changed or saved from this window.
    pub fn read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// A change waits to be saved (and what was validated before it is stale).
    pub(crate) fn mark_dirty(&mut self) {
        self.revision += 1;
        let now = Instant::now();
        self.save.dirty_since.get_or_insert(now);
        self.save.last_change = Some(now);
    }

    /// Whether a change waits to be saved.
    pub fn is_dirty(&self) -> bool {
        self.save.dirty_since.is_some() || self.save.saving
    }

    /// Keeps a snapshot for Ctrl-Z.
    pub(crate) fn remember(&mut self, snapshot: edit::Snapshot) {
        if self.undo.len() == UNDO_LEVELS {
            self.undo.remove(0);
        }
        self.undo.push(snapshot);
    }

    /// Applies an edit (undoable); the error is the message to show. `items`, the form's
    /// validation item by item, is kept up to date when given.
    pub fn apply(
        &mut self,
        forms: &FormSet,
        today: NaiveDate,
        path: &str,
        edit: Edit,
        items: Option<&mut Option<ItemReports>>,
    ) -> Result<Applied, String> {
        if self.read_only() {
            return Err(READ_ONLY.into());
        }
        let before = edit::Snapshot::before(&self.draft, path);
        let applied = match items {
            Some(items) => {
                edit::apply_kept(forms, &mut self.draft, path, edit, (today, now()), items)
            }
            None => edit::apply(forms, &mut self.draft, path, edit, today, now()),
        }
        .map_err(|e| e.to_string())?;
        if before.differs(&self.draft) {
            self.remember(before);
        }
        self.mark_dirty();
        Ok(applied)
    }

    /// Imports a file's entries into `form` through the plan `clec-wizard import` makes
    /// ([`import::plan`]: every value through the edit path, all or nothing), applied as
    /// one undo step; the changes made, or why nothing was.
    pub fn import(
        &mut self,
        forms: &FormSet,
        today: NaiveDate,
        form: &str,
        entries: &[import::Entry],
    ) -> Result<Vec<import::Change>, String> {
        if self.read_only() {
            return Err(READ_ONLY.into());
        }
        let plan = import::plan(forms, &self.draft, entries, Some(form), (today, now())).map_err(
            |refusals| {
                let listed: Vec<String> = refusals.iter().map(ToString::to_string).collect();
                format!("Refused: nothing imported; {}", listed.join("; "))
            },
        )?;
        let before = edit::Snapshot::of_form(&self.draft, form);
        self.draft = plan.draft;
        // Documents named anew: their files' size and SHA-256 are recorded again.
        for change in &plan.changes {
            let (import::Change::Set { path, .. } | import::Change::Cleared { path, .. }) = change
            else {
                continue;
            };
            let document = crate::domain::values::answer::Key::parse(path)
                .ok()
                .and_then(|key| place_of(forms.form(form)?, &key).map(|p| p.field.kind.clone()))
                .is_some_and(|kind| matches!(kind, FieldKind::Document));
            if !document {
                continue;
            }
            if let Some(state) = self.draft.forms.get_mut(form) {
                state.documents.remove(path);
            }
            self.to_check.insert(form.to_string());
            if let Some(Answer::Text(file)) = self.draft.answers.get(path) {
                self.to_stamp.push(DocumentToStamp {
                    form: form.to_string(),
                    key: path.clone(),
                    file: file.clone(),
                });
            }
        }
        if before.differs(&self.draft) {
            self.remember(before);
        }
        self.mark_dirty();
        Ok(plan.changes)
    }

    /// Puts back the answers before the last change; false when there is none.
    pub fn undo(&mut self, forms: &FormSet, today: NaiveDate) -> Result<bool, String> {
        if self.read_only() {
            return Err(READ_ONLY.into());
        }
        let Some(snapshot) = self.undo.pop() else {
            return Ok(false);
        };
        edit::restore(forms, &mut self.draft, snapshot, today, now());
        self.mark_dirty();
        Ok(true)
    }

    /// A save of the draft with the text being typed (not stored in the draft yet) as it
    /// would be stored, if this window may save it.
    pub(crate) fn save_effect_with(
        &mut self,
        forms: &FormSet,
        today: NaiveDate,
        typing: Option<(String, Edit)>,
        then: AfterSave,
    ) -> Option<Effect> {
        let mut effect = self.save_effect(then == AfterSave::Nothing, then)?;
        if let (Some((path, edit)), Effect::Save { draft, .. }) = (typing, &mut effect) {
            // What cannot be stored (a read-only answer...) is left out, as leaving would.
            let _ = edit::stage(forms, draft, &path, edit, today, now());
        }
        Some(effect)
    }

    /// The save of the draft as it is now, if this window may save it.
    pub(crate) fn save_effect(&mut self, background: bool, then: AfterSave) -> Option<Effect> {
        self.save.dirty_since = None;
        self.save.last_change = None;
        if self.read_only() {
            return None;
        }
        self.save.saving = true;
        Some(Effect::Save {
            name: self.name.clone(),
            draft: Box::new(self.draft.clone()),
            background,
            then,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_autosave_waits_for_typing_to_pause_but_not_forever() {
        let t0 = Instant::now();
        let ms = |n| Duration::from_millis(n);
        let mut save = SaveState::default();
        assert_eq!(save.due_at(), None, "nothing to save");
        save.dirty_since = Some(t0);
        save.last_change = Some(t0);
        assert_eq!(save.due_at(), Some(t0 + AUTOSAVE_DELAY));
        // A key every 100 ms: the save waits for the pause...
        save.last_change = Some(t0 + ms(2_000));
        assert_eq!(save.due_at(), Some(t0 + ms(3_000)));
        // ...but typing without a pause is saved after AUTOSAVE_MAX_DELAY all the same.
        save.last_change = Some(t0 + ms(4_900));
        assert_eq!(save.due_at(), Some(t0 + AUTOSAVE_MAX_DELAY));
        // A retry after a failed save (no change recorded) waits the short delay.
        save.last_change = None;
        assert_eq!(save.due_at(), Some(t0 + AUTOSAVE_DELAY));
    }
}
