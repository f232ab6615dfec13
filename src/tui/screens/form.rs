//! Form: the sections with completion marks on the left, the section's fields on the
//! right. Keys go to the focused field's own bindings first, then the row keys, then the
//! form's keys, and what is left is typed into the field. Only the visible part of a
//! section is laid out: a frame costs the same however much of the form is off screen.

use std::cell::OnceCell;
use std::rc::Rc;

use crossterm::event::{KeyEvent, KeyModifiers};

use crate::domain::change::edit::{self, Edit};
use crate::domain::draft::Resume;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::conflicts::{self, Settled, Side};
use crate::domain::rules::eval::Evaluator;
use crate::domain::rules::eval::place_of;
use crate::domain::rules::validate::{FormReport, ItemReports};
use crate::domain::rules::view::{section_places, section_visible};
use crate::domain::values::answer::Key;
use crate::domain::values::status::FormStatus;
use crate::tui::action::Action;
use crate::tui::effect::{Effect, now};
use crate::tui::fields::{Field, Reply};
use crate::tui::keymap::{self, Context};
use crate::tui::msg::{Msg, To};
use crate::tui::popups::prompt::PromptPopup;
use crate::tui::popups::{Popup, Purpose};
use crate::tui::session::{Cx, Look, READ_ONLY};

mod draw;

/// A place the focus can stop on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// Answer path (for a group header, `form.group`).
    pub key: String,
    /// The section's id, shared by its stops.
    pub section: Rc<str>,
    pub header: bool,
}

/// The open form.
#[derive(Debug)]
pub struct FormScreen {
    pub form_id: String,
    pub section: String,
    pub focus: Option<String>,
    pub field: Field,
    pub report: FormReport,
    /// Required answered and total in the draft's other forms: counted once the form's
    /// first frame is drawn ([`FormScreen::count_others`]; `None` until then), then when a
    /// form others read changes or their documents do, so a key validates one form.
    pub others_required: Option<Vec<Required>>,
    /// The focus stops, listed once and forgotten whenever a change can move them.
    pub stops: OnceCell<Rc<[Stop]>>,
    /// The form's validation item by item, so that leaving a changed field re-checks only
    /// what the change reaches ([`edit::apply_kept`]).
    pub items: Option<ItemReports>,
}

impl FormScreen {
    /// Required answered and total over the whole draft; `None` before the other forms
    /// are counted.
    pub fn draft_required(&self) -> Option<(usize, usize)> {
        let others = self.others_required.as_ref()?;
        Some(others.iter().fold(
            (self.report.required_answered, self.report.required_total),
            |(answered, total), r| (answered + r.answered, total + r.total),
        ))
    }

    /// Counts the other forms' required answers if they are not counted yet: what the
    /// wizard does once the form's first frame is on the screen. Whether it did.
    pub(crate) fn count_others(&mut self, look: Look<'_>) -> bool {
        if self.others_required.is_some() {
            return false;
        }
        self.others_required = Some(others_required(look, &self.form_id));
        true
    }

    /// Whether the focus is on a group's header.
    pub(crate) fn on_header(&self) -> bool {
        matches!(self.field, Field::Group(_))
    }

    /// Whether the focus is on a field inside a group's row.
    pub fn in_row(&self) -> bool {
        self.focused_key().is_some_and(|k| k.row.is_some())
    }

    pub(crate) fn focused_key(&self) -> Option<Key> {
        Key::parse(self.focus.as_deref()?).ok()
    }
}

/// A form's required answers: how many are answered, of how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub form: String,
    pub answered: usize,
    pub total: usize,
}

impl Required {
    fn of(look: Look<'_>, form: &crate::domain::form::schema::FormDef) -> Self {
        let r = look.s.report(look.forms, form, look.today);
        Required {
            form: form.id.clone(),
            answered: r.required_answered,
            total: r.required_total,
        }
    }
}

/// Required answered and total in every form but `except`.
pub(crate) fn others_required(look: Look<'_>, except: &str) -> Vec<Required> {
    let others = look.forms.forms().iter().filter(|f| f.id != except);
    others.map(|f| Required::of(look, f)).collect()
}

impl FormScreen {
    /// A form opened at a field (or its first one); `None` when there is no such form.
    pub fn open(cx: &mut Cx<'_>, id: &str, field: Option<String>) -> Option<Self> {
        let form = cx.forms.form(id)?;
        let s = &*cx.s;
        // Kept item by item: leaving a changed field re-checks only what it reaches.
        let items = ItemReports::new(cx.forms, &s.draft, form, cx.today).stamped(&s.draft);
        let report = s.counted(cx.forms, form, items.report(&s.draft, form));
        let mut screen = FormScreen {
            form_id: id.into(),
            section: form
                .sections
                .first()
                .map(|x| x.id.clone())
                .unwrap_or_default(),
            focus: None,
            field: Field::None,
            report,
            others_required: None,
            stops: OnceCell::new(),
            items: Some(items),
        };
        let finalized = s.draft.status(id) == FormStatus::Finalized;
        let stops = screen.stops(cx.look());
        // A row (an open item on the row itself, a merge conflict) opens at its first field.
        let target = field
            .and_then(|k| {
                let row = format!("{k}.");
                let found = stops.iter().find(|s| s.key == k || s.key.starts_with(&row));
                found.map(|s| s.key.clone())
            })
            .or_else(|| stops.first().map(|s| s.key.clone()));
        match target {
            Some(key) => screen.focus(cx, Some(key)),
            None => {
                if let Some(sec) = screen.visible_sections(cx.look()).into_iter().next() {
                    screen.section = sec;
                }
            }
        }
        if finalized {
            let reopen = keymap::shown_for(Context::Review, Action::Reopen).unwrap_or("u");
            cx.info(format!(
                "This form is finalized: read-only until reopened from the review ({reopen})."
            ));
        }
        Some(screen)
    }

    /// Ids of the sections shown (conditions can hide whole sections).
    pub(crate) fn visible_sections(&self, look: Look<'_>) -> Vec<String> {
        let Some(form) = look.forms.form(&self.form_id) else {
            return Vec::new();
        };
        let eval = Evaluator::new(look.forms, &look.s.draft);
        form.sections
            .iter()
            .filter(|section| section_visible(&eval, form, section))
            .map(|section| section.id.clone())
            .collect()
    }

    /// Every place the focus can stop on, in order (shared, not copied, with each call).
    pub fn stops(&self, look: Look<'_>) -> Rc<[Stop]> {
        let Some(form) = look.forms.form(&self.form_id) else {
            return Rc::from([]);
        };
        self.stops
            .get_or_init(|| {
                let eval = Evaluator::new(look.forms, &look.s.draft);
                let mut out = Vec::new();
                for section in &form.sections {
                    let id: Rc<str> = Rc::from(section.id.as_str());
                    for place in section_places(&eval, form, section) {
                        let header =
                            place.row.is_none() && place.field.kind.group_fields().is_some();
                        if header || place.field.kind.is_input() {
                            out.push(Stop {
                                key: place.path(),
                                section: id.clone(),
                                header,
                            });
                        }
                    }
                }
                Rc::from(out)
            })
            .clone()
    }

    /// Moves the focus to a stop (or nowhere), building the field's editor.
    pub fn focus(&mut self, cx: &mut Cx<'_>, key: Option<String>) {
        let stops = self.stops(cx.look());
        let key = key.filter(|k| stops.iter().any(|s| s.key == *k));
        let field = key
            .as_deref()
            .map_or(Field::None, |k| editor_for(cx.look(), k));
        if let Some(k) = &key {
            if let Some(stop) = stops.iter().find(|s| s.key == *k) {
                self.section = stop.section.to_string();
            }
            // Where the user is goes out with the next save (and on quit), not on its own.
            cx.s.draft.resume = Some(Resume {
                form: self.form_id.clone(),
                field: k.clone(),
            });
        }
        self.field = field;
        self.focus = key;
    }

    /// Stores what the focused field holds and has not stored yet (typed text, the one
    /// option a filter leaves). `quiet` keeps the status line as it is (autosave).
    pub fn commit(&mut self, cx: &mut Cx<'_>, quiet: bool) {
        let (Some(key), Some(edit)) = (self.focus.clone(), self.field.pending()) else {
            return;
        };
        self.field.stored();
        self.apply(cx, &key, edit, quiet);
    }

    /// Applies an edit to the draft and re-validates; says how it went in the status line.
    fn apply(&mut self, cx: &mut Cx<'_>, key: &str, edit: Edit, quiet: bool) -> bool {
        let mut result =
            cx.s.apply(cx.forms, cx.today, key, edit, Some(&mut self.items));
        if let Ok(applied) = &result {
            cx.s.document_answered(cx.forms, applied);
        }
        let report = result.as_mut().ok().and_then(|a| a.report.take());
        let readers = result.as_mut().ok().and_then(|a| a.readers.take());
        let same_layout = result.as_ref().is_ok_and(|a| a.same_layout);
        self.revalidate_kept(cx.look(), report, same_layout);
        match readers {
            Some(reports) => self.recounted(cx.look(), reports),
            None => self.recount(cx.look(), cx.forms.readers(&self.form_id)),
        }
        match result {
            Ok(applied) if quiet => drop(applied),
            Ok(applied) => {
                if let Some(why) = applied.invalid {
                    cx.error(format!("Kept as typed, but {why}"));
                } else if let Some(w) = applied.warning {
                    cx.info(format!("Note: {w}"));
                }
            }
            Err(message) => {
                cx.error(message);
                return false;
            }
        }
        true
    }

    /// Re-validates the form after a change (`done` is its validation when the edit
    /// already did it), and counts again the forms that read it.
    pub(crate) fn revalidate(&mut self, look: Look<'_>, done: Option<FormReport>) {
        self.revalidate_kept(look, done, false);
        self.recount(look, look.forms.readers(&self.form_id));
    }

    /// The form's document files were checked again: its answers did not change, so its
    /// checks kept item by item give its report, with the documents' problems added.
    pub(crate) fn documents_checked(&mut self, look: Look<'_>) {
        let s = look.s;
        let kept = self
            .items
            .as_ref()
            .filter(|i| i.is_fresh(&s.draft, &self.form_id));
        match (kept, look.forms.form(&self.form_id)) {
            (Some(items), Some(form)) => {
                self.report = s.counted(look.forms, form, items.report(&s.draft, form));
            }
            _ => self.revalidate_kept(look, None, false),
        }
    }

    /// Re-validates the form alone; `same_layout` keeps the focus stops (the change
    /// cannot move them).
    fn revalidate_kept(&mut self, look: Look<'_>, done: Option<FormReport>, same_layout: bool) {
        let Some(form) = look.forms.form(&self.form_id) else {
            return;
        };
        let s = look.s;
        self.report = match done {
            Some(report) if report.form == form.id => s.counted(look.forms, form, report),
            _ => s.report(look.forms, form, look.today),
        };
        if !same_layout {
            self.stops = OnceCell::new();
        }
    }

    /// Takes the required counts of the other forms an edit checked again (only the forms
    /// that read this one can have changed, and the edit names those it reached).
    fn recounted(&mut self, look: Look<'_>, reports: Vec<FormReport>) {
        let Some(others) = &mut self.others_required else {
            return;
        };
        for report in reports {
            let kept = others.iter_mut().find(|r| r.form == report.form);
            if let (Some(kept), Some(def)) = (kept, look.forms.form(&report.form)) {
                let counted = look.s.counted(look.forms, def, report);
                kept.answered = counted.required_answered;
                kept.total = counted.required_total;
            }
        }
    }

    /// Counts again the required answers of the other forms `changed` (their answers or
    /// their documents changed).
    pub(crate) fn recount(&mut self, look: Look<'_>, changed: &[String]) {
        let Some(others) = &mut self.others_required else {
            return;
        };
        for form in changed {
            let kept = others.iter_mut().find(|r| r.form == *form);
            if let (Some(kept), Some(def)) = (kept, look.forms.form(form)) {
                *kept = Required::of(look, def);
            }
        }
    }

    /// Moves the focus by `delta` stops, storing what was typed first. Never blocked.
    fn move_focus(&mut self, cx: &mut Cx<'_>, delta: isize) {
        self.commit(cx, false);
        let stops = self.stops(cx.look());
        if stops.is_empty() {
            return;
        }
        let at = stops
            .iter()
            .position(|s| Some(&s.key) == self.focus.as_ref());
        let next = match at {
            Some(i) => (i as isize + delta).clamp(0, stops.len() as isize - 1) as usize,
            None => 0,
        };
        if delta > 0 && at == Some(stops.len() - 1) {
            let review = keymap::shown_for(Context::Form, Action::Review).unwrap_or("Ctrl-R");
            cx.info(format!("End of the form: {review} to review it."));
            return;
        }
        self.focus(cx, Some(stops[next].key.clone()));
        last_of_row(cx, &stops, next);
    }

    fn move_section(&mut self, cx: &mut Cx<'_>, delta: isize) {
        self.commit(cx, false);
        let sections = self.visible_sections(cx.look());
        let i = sections
            .iter()
            .position(|s| *s == self.section)
            .unwrap_or(0) as isize;
        let Some(target) = sections
            .get((i + delta).clamp(0, sections.len() as isize - 1) as usize)
            .cloned()
        else {
            return;
        };
        let first = self
            .stops(cx.look())
            .iter()
            .find(|s| *s.section == *target)
            .map(|s| s.key.clone());
        match first {
            Some(key) => self.focus(cx, Some(key)),
            None => {
                self.focus(cx, None);
                self.section = target;
            }
        }
    }

    /// A key on the form: the field's own keys, the row keys, the form's keys, typing. A key
    /// that only changed the text being typed (in the same number of lines) says so
    /// ([`Msg::Typed`]), so the frame redraws that field alone.
    pub(crate) fn update(&mut self, cx: &mut Cx<'_>, key: KeyEvent) -> Vec<Msg> {
        let rows = self.field.rows();
        self.route_key(cx, key);
        let mut msgs = std::mem::take(&mut cx.msgs);
        if self.field.rows() != rows {
            msgs.retain(|m| !matches!(m, Msg::Typed));
        }
        msgs
    }

    fn route_key(&mut self, cx: &mut Cx<'_>, key: KeyEvent) {
        if let Some(context) = self.field.context()
            && let Some(action) = keymap::lookup(context, &key)
        {
            let reply = self.field.on_action(action, cx.today);
            if reply != Reply::Ignored {
                return self.on_reply(cx, reply);
            }
            if context == Context::Group {
                return self.action(cx, action);
            }
        }
        if self.in_row()
            && key.modifiers.contains(KeyModifiers::ALT)
            && let Some(action) = keymap::lookup(Context::Row, &key)
        {
            return self.action(cx, action);
        }
        if let Some(action) = keymap::lookup(Context::Form, &key) {
            return self.action(cx, action);
        }
        let reply = self.field.on_key(key);
        self.on_reply(cx, reply)
    }

    /// What the field asked for.
    fn on_reply(&mut self, cx: &mut Cx<'_>, reply: Reply) {
        match (reply, self.focus.clone()) {
            (Reply::Typed, _) => {
                cx.s.mark_dirty();
                cx.send(Msg::Typed);
            }
            (Reply::Moved, _) => cx.send(Msg::Typed),
            (Reply::Set(edit), Some(key)) => {
                // Refused: the field shows the stored answer again.
                let stored = self.apply(cx, &key, edit, false);
                if !stored {
                    self.focus(cx, Some(key));
                }
            }
            (Reply::SetAndNext(edit), Some(key)) => {
                if self.apply(cx, &key, edit, false) {
                    self.move_focus(cx, 1);
                } else {
                    self.focus(cx, Some(key));
                }
            }
            (Reply::Next, _) => self.move_focus(cx, 1),
            (Reply::Prev, _) => self.move_focus(cx, -1),
            (Reply::External(text), _) => cx.send(Msg::Effect(Effect::ExternalEdit { text })),
            _ => {}
        }
    }

    /// A form-wide action. What was typed is stored before a dialog opens or rows change
    /// (the focus stores it as it moves; not by Ctrl-Z, which takes back the typing first,
    /// nor by clearing the answer; leaving the form stores it on the way out).
    fn action(&mut self, cx: &mut Cx<'_>, action: Action) {
        if matches!(
            action,
            Action::NotApplicable
                | Action::AskLater
                | Action::AddRow
                | Action::RemoveRow
                | Action::MoveRowUp
                | Action::MoveRowDown
        ) {
            self.commit(cx, false);
        }
        match action {
            Action::NextField => self.move_focus(cx, 1),
            Action::PrevField => self.move_focus(cx, -1),
            Action::NextSection => self.move_section(cx, 1),
            Action::PrevSection => self.move_section(cx, -1),
            Action::Back => cx.send(Msg::Back),
            Action::Review => cx.send(Msg::Go(To::Review(self.form_id.clone()))),
            Action::NotApplicable | Action::AskLater => self.ask_reason(cx, action),
            Action::ClearAnswer => {
                if let Some(key) = self.focus.clone().filter(|_| !self.on_header()) {
                    self.apply(cx, &key, Edit::Clear, false);
                    self.focus(cx, Some(key));
                }
            }
            Action::Undo => self.undo(cx),
            Action::AddRow => self.add_row(cx),
            Action::RemoveRow => self.remove_row(cx),
            Action::MoveRowUp => self.move_row(cx, -1),
            Action::MoveRowDown => self.move_row(cx, 1),
            Action::KeepOurs => self.settle(cx, Side::Ours),
            Action::KeepTheirs => self.settle(cx, Side::Theirs),
            _ => {}
        }
    }

    fn ask_reason(&mut self, cx: &mut Cx<'_>, action: Action) {
        let Some(key) = self.focus.clone().filter(|_| !self.on_header()) else {
            return;
        };
        let popup = match action {
            Action::NotApplicable => PromptPopup::new(
                "Not applicable",
                "Why does this not apply?",
                "",
                Purpose::NotApplicable(key),
            ),
            _ => PromptPopup::new(
                "Ask later",
                "Who to ask, or what is missing?",
                "",
                Purpose::AskLater(key),
            ),
        };
        cx.send(Msg::Popup(Popup::Prompt(Box::new(popup))));
    }

    /// Stores a reason or note typed in a prompt; the error is for the prompt to show.
    pub(crate) fn set_special(
        &mut self,
        cx: &mut Cx<'_>,
        key: &str,
        edit: Edit,
    ) -> Result<(), String> {
        cx.s.apply(cx.forms, cx.today, key, edit, Some(&mut self.items))?;
        self.revalidate(cx.look(), None);
        self.focus(cx, Some(key.to_string()));
        Ok(())
    }

    /// Ctrl-Z: typing not stored yet first, then the last stored change.
    fn undo(&mut self, cx: &mut Cx<'_>) {
        if self.field.undo_typing() {
            cx.s.mark_dirty();
            return;
        }
        match cx.s.undo(cx.forms, cx.today) {
            Ok(true) => {
                self.revalidate(cx.look(), None);
                let stops = self.stops(cx.look());
                let key = (self.focus.clone())
                    .filter(|k| stops.iter().any(|s| s.key == *k))
                    .or_else(|| stops.first().map(|s| s.key.clone()));
                self.focus(cx, key);
                cx.info("Undone.");
            }
            Ok(false) => cx.info("Nothing to undo."),
            Err(e) => cx.error(e),
        }
    }

    /// The form, group and row of the focus (row `None` on the header).
    fn group_of_focus(&self) -> Option<(String, String, Option<usize>)> {
        let key = self.focused_key()?;
        Some((
            key.form.clone(),
            key.field.clone(),
            key.row.map(|r| r.index),
        ))
    }

    fn add_row(&mut self, cx: &mut Cx<'_>) {
        let Some((form, group, _)) = self.group_of_focus() else {
            return;
        };
        let s = &mut *cx.s;
        if s.read_only() {
            return cx.error(READ_ONLY);
        }
        s.remember(edit::Snapshot::of_group(&s.draft, &form, &group));
        match edit::add_row(cx.forms, &mut s.draft, &form, &group, cx.today, now()) {
            Ok(n) => {
                s.mark_dirty();
                self.revalidate(cx.look(), None);
                let first = self
                    .stops(cx.look())
                    .iter()
                    .find(|s| Key::parse(&s.key).is_ok_and(|k| k.in_row_of(&form, &group, n)))
                    .map(|s| s.key.clone());
                self.focus(cx, first);
                cx.info(format!("Added row {n}"));
            }
            Err(e) => {
                s.undo.pop();
                cx.error(e.to_string());
            }
        }
    }

    fn remove_row(&mut self, cx: &mut Cx<'_>) {
        let Some((form, group, Some(index))) = self.group_of_focus() else {
            return;
        };
        let row = format!("{}[{index}]", Key::new(&form, &group));
        if self.apply(cx, &row, Edit::Clear, true) {
            self.focus(cx, Some(Key::new(&form, &group).to_string()));
            let undo = keymap::shown_for(Context::Form, Action::Undo).unwrap_or("Ctrl-Z");
            cx.info(format!("Removed row {index} ({undo} brings it back)"));
        }
    }

    fn move_row(&mut self, cx: &mut Cx<'_>, delta: isize) {
        let Some((form, group, Some(index))) = self.group_of_focus() else {
            return;
        };
        let s = &mut *cx.s;
        if s.read_only() {
            return cx.error(READ_ONLY);
        }
        let target = index as isize + delta;
        if target < 1 || target as usize > s.draft.rows(&form, &group) {
            return;
        }
        let target = target as usize;
        s.remember(edit::Snapshot::of_group(&s.draft, &form, &group));
        if let Err(e) = edit::swap_rows(
            cx.forms,
            &mut s.draft,
            &form,
            &group,
            index,
            target,
            cx.today,
            now(),
        ) {
            s.undo.pop();
            return cx.error(e.to_string());
        }
        s.mark_dirty();
        self.revalidate(cx.look(), None);
        let moved = self
            .focused_key()
            .map(|k| k.with_row_index(target).to_string());
        self.focus(cx, moved);
    }

    /// Ctrl-O/Ctrl-T: settles the merge conflict where the focus is (its answer's, else
    /// its row's) with one side, as `set --ours/--theirs` does. Undoable; what was typed and
    /// not stored yet is dropped (the side kept is the answer).
    fn settle(&mut self, cx: &mut Cx<'_>, side: Side) {
        let Some(focus) = self.focus.clone() else {
            return;
        };
        let s = &mut *cx.s;
        if s.read_only() {
            return cx.error(READ_ONLY);
        }
        if s.draft.status(&self.form_id) == FormStatus::Finalized {
            let reopen = keymap::shown_for(Context::Review, Action::Reopen).unwrap_or("u");
            return cx.error(format!(
                "This form is finalized: reopen it from the review ({reopen}) to settle its conflicts."
            ));
        }
        let Some(path) = conflicts::conflict_at(&s.draft, &focus) else {
            return cx.info("No merge conflict here.");
        };
        s.remember(edit::Snapshot::before(&s.draft, &path));
        let Some(settled) = edit::settle_conflict(&mut s.draft, &path, side) else {
            s.undo.pop();
            return;
        };
        edit::refresh_statuses(cx.forms, &mut s.draft, cx.today);
        s.mark_dirty();
        self.revalidate(cx.look(), None);
        // The row removed, the focus goes to its group's header (as Alt-X leaves it).
        let stops = self.stops(cx.look());
        let header = self
            .focused_key()
            .map(|k| Key::new(&k.form, &k.field).to_string());
        let key = match settled {
            Settled::RowRemoved => header,
            _ => Some(focus)
                .filter(|k| stops.iter().any(|s| s.key == *k))
                .or(header),
        };
        self.focus(cx, key);
        cx.info(format!("Conflict settled: {settled}."));
    }

    /// Pasted text, made fit for the focused field.
    pub fn paste(&mut self, cx: &mut Cx<'_>, text: &str) {
        let clean = edit::pasted(text, self.field.multi_line());
        if self.field.paste(&clean) {
            cx.s.mark_dirty();
        }
    }

    /// What `$EDITOR` left (or why it failed).
    pub(crate) fn external_done(&mut self, cx: &mut Cx<'_>, result: Result<String, String>) {
        match result {
            Ok(text) => {
                let text = edit::pasted(&text, self.field.multi_line());
                self.field.set_text(&text);
                self.commit(cx, false);
            }
            Err(e) => cx.error(e),
        }
    }
}

/// On the last field of a group's last row: says what comes next, another row or on.
fn last_of_row(cx: &mut Cx<'_>, stops: &[Stop], at: usize) {
    let Ok(key) = Key::parse(&stops[at].key) else {
        return;
    };
    let Some(row) = key.row.as_ref().map(|r| r.index) else {
        return;
    };
    let next_in_row = stops
        .get(at + 1)
        .and_then(|s| Key::parse(&s.key).ok())
        .is_some_and(|k| k.in_row_of(&key.form, &key.field, row));
    let last_row = cx.s.draft.rows(&key.form, &key.field) == row;
    if next_in_row || !last_row {
        return;
    }
    let add = keymap::shown_for(Context::Row, Action::AddRow).unwrap_or("Alt-A");
    let section = keymap::shown_for(Context::Form, Action::NextSection).unwrap_or("PgDn");
    cx.info(format!(
        "Last field of row {row}: {add} adds another row; Tab goes on, {section} to the next section."
    ));
}

/// The editor of the field at `path`, holding its answer.
fn editor_for(look: Look<'_>, path: &str) -> Field {
    let (s, Ok(key)) = (look.s, Key::parse(path)) else {
        return Field::None;
    };
    let Some(form) = look.forms.form(&key.form) else {
        return Field::None;
    };
    let Some(place) = place_of(form, &key) else {
        return Field::None;
    };
    let preferred = crate::domain::rules::options::preferred_options(look.forms, &s.draft, &key);
    if place.field.kind.group_fields().is_some() && key.row.is_none() {
        return Field::Group(crate::tui::fields::group::GroupField);
    }
    let answer = s.draft.answer(&key);
    let mut field = Field::new(&place.field.kind, answer, &preferred);
    // A new row's state starts on a state no other row of the group has.
    if let (Field::Choice(choice), FieldKind::State { .. }, Some(row), None) =
        (&mut field, &place.field.kind, &key.row, answer)
    {
        let used: Vec<String> = (1..=s.draft.rows(&key.form, &key.field))
            .filter(|&i| i != row.index)
            .filter_map(|i| {
                let other = Key::in_row(&key.form, &key.field, i, &row.field);
                match s.draft.answer(&other) {
                    Some(crate::domain::values::answer::Answer::Text(v)) => Some(v.clone()),
                    _ => None,
                }
            })
            .collect();
        choice.avoid(&used);
    }
    if let Some(default) = crate::domain::rules::defaults::offered(look.forms, &s.draft, &key) {
        match &mut field {
            Field::Text(text) => text.offer(crate::text::visible(&default).into_owned()),
            Field::Date(date) => date.offer(crate::text::visible(&default).into_owned()),
            Field::Choice(choice) => choice.offer(&default),
            Field::Multi(multi) => multi.offer(&default),
            _ => {}
        }
    }
    field
}
