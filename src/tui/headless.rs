//! The wizard without a terminal: keys in, effects run at once, state out. Tests and
//! benchmarks drive it exactly as the event loop does, minus the screen.

use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::effect::Runtime;
use super::state::App;
use super::theme::Theme;
use crate::domain::form::catalog::FormSet;
use crate::storage::drafts::DraftStore;

/// What stands in for `$EDITOR`: the text in, the text out (or why it failed).
pub type Editor = Box<dyn FnMut(&str) -> Result<String, String>>;

/// A wizard and the runtime of its effects.
pub struct Headless {
    pub app: App,
    pub runtime: Runtime,
    /// Stands in for `$EDITOR` (by default it leaves the text as it is).
    pub editor: Editor,
}

impl Headless {
    /// A wizard on the drafts screen of `store`, exports under the store's folder.
    pub fn new(forms: FormSet, store: DraftStore, theme: Theme, today: NaiveDate) -> Self {
        Self::starting(forms, store, theme, today, None, None)
    }

    /// A wizard started as `clec-wizard open NAME [--form ID]` starts: on that draft.
    pub fn opening(
        forms: FormSet,
        store: DraftStore,
        theme: Theme,
        today: NaiveDate,
        name: &str,
        form: Option<&str>,
    ) -> Self {
        Self::starting(forms, store, theme, today, Some(name), form)
    }

    fn starting(
        forms: FormSet,
        store: DraftStore,
        theme: Theme,
        today: NaiveDate,
        name: Option<&str>,
        form: Option<&str>,
    ) -> Self {
        let exports = crate::storage::location::exports_in(store.dir());
        let app = App::new(forms.clone(), theme, today, store.dir().to_path_buf());
        let runtime = Runtime::new(store, forms, exports);
        let mut me = Self {
            app,
            runtime,
            editor: Box::new(|text| Ok(text.to_string())),
        };
        let first = me.app.start(name, form);
        me.run(first);
        me
    }

    /// Runs effects and what follows from them.
    pub fn run(&mut self, effects: Vec<super::effect::Effect>) {
        super::perform(&mut self.app, &mut self.runtime, effects, &mut *self.editor);
        // What the terminal's loop does once a frame is drawn, at once here.
        self.app.settle();
    }

    /// Opens a draft (at a form), as `clec-wizard open` does.
    pub fn open(&mut self, name: &str, form: Option<&str>) -> &mut Self {
        let effects = self.app.start(Some(name), form);
        self.run(effects);
        self
    }

    pub fn event(&mut self, event: Event) -> &mut Self {
        let effects = self.app.handle_event(event);
        self.run(effects);
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.mods(code, KeyModifiers::NONE)
    }

    pub fn mods(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Self {
        self.event(Event::Key(KeyEvent::new(code, mods)))
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.mods(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn alt(&mut self, code: KeyCode) -> &mut Self {
        self.mods(code, KeyModifiers::ALT)
    }

    /// Shift-Tab: the previous field.
    pub fn back_tab(&mut self) -> &mut Self {
        self.mods(KeyCode::BackTab, KeyModifiers::SHIFT)
    }

    /// Presses Tab `n` times.
    pub fn tabs(&mut self, n: usize) -> &mut Self {
        for _ in 0..n {
            self.key(KeyCode::Tab);
        }
        self
    }

    /// Types each character as a key.
    pub fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.event(Event::Paste(text.into()))
    }

    /// Lets time pass to `now`: autosaves that are due run, background work is waited for.
    pub fn tick(&mut self, now: Instant) -> &mut Self {
        let effects = self.app.tick(now);
        self.run(effects);
        self
    }

    /// Takes what background work has finished.
    pub fn collect(&mut self) -> &mut Self {
        for done in self.runtime.finished() {
            let effects = self.app.outcome(done);
            self.run(effects);
        }
        self
    }
}
