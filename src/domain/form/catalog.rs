//! The set of form definitions and the journey, and the files they come from. Loading
//! (parsing and linting) is [`crate::domain::lint::load`].

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::domain::form::graph::Graph;
use crate::domain::form::journey::Journey;
use crate::domain::form::reach::FormReach;
use crate::domain::form::resolve::{Scope, Target, resolve_in};
use crate::domain::form::schema::FormDef;
use crate::domain::values::signer::Signer;

pub(crate) use crate::domain::form::journey::JOURNEY_FILE;

/// A form file's name and text (embedded in the binary or read from a folder).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A problem in a form file, with its place when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

/// The forms and journey the wizard runs on. Cloning shares the forms and what is worked
/// out from them (the wizard's state, its effects runner and its background work each
/// hold the set).
#[derive(Debug, Clone)]
pub struct FormSet {
    inner: std::sync::Arc<Inner>,
    /// The signer the user's configuration names, offered on the forms' signer fields
    /// (`default: Signer(..)`); none unless [`FormSet::with_signer`] gives one.
    signer: Signer,
}

#[derive(Debug)]
struct Inner {
    forms: Vec<FormDef>,
    journey: Journey,
    /// What reads what (worked out once, on first use).
    graph: OnceLock<Graph>,
    /// Per form, the forms whose answers, conditions or progress depend on it, directly or
    /// through others (worked out on first use).
    readers: OnceLock<HashMap<String, Vec<String>>>,
    /// Per form, what a change to each of its items can reach (worked out on first use).
    reach: OnceLock<HashMap<String, FormReach>>,
}

impl FormSet {
    /// The set of forms already parsed (and known to lint clean), in journey order: by
    /// step, then as the step lists them.
    pub(crate) fn from_parsed(mut forms: Vec<FormDef>, journey: Journey) -> Self {
        forms.sort_by_key(|f| {
            let step = journey.steps.iter().find(|s| s.number == f.step);
            let position = step.and_then(|s| s.forms.iter().position(|id| *id == f.id));
            (f.step, position.unwrap_or(usize::MAX))
        });
        FormSet {
            inner: std::sync::Arc::new(Inner {
                forms,
                journey,
                graph: OnceLock::new(),
                readers: OnceLock::new(),
                reach: OnceLock::new(),
            }),
            signer: Signer::default(),
        }
    }

    /// The same forms offering `signer` on their signer fields.
    pub(crate) fn with_signer(mut self, signer: Signer) -> Self {
        self.signer = signer;
        self
    }

    /// The signer the forms offer (empty unless given with [`FormSet::with_signer`]).
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// What reads what among the forms ([`crate::domain::form::graph`]).
    pub(crate) fn graph(&self) -> &Graph {
        self.inner.graph.get_or_init(|| {
            let forms: Vec<&FormDef> = self.inner.forms.iter().collect();
            Graph::build(&forms)
        })
    }

    /// What a change to each item of `form` can reach ([`crate::domain::form::reach`]).
    pub fn reach(&self, form: &str) -> Option<&FormReach> {
        let all = self.inner.reach.get_or_init(|| {
            let graph = self.graph();
            self.inner
                .forms
                .iter()
                .map(|f| (f.id.clone(), FormReach::new(graph, f)))
                .collect()
        });
        all.get(form)
    }

    /// Resolves `field`, `group.field`, `form.field` or `form.group.field` from `scope`.
    pub fn resolve<'a>(&'a self, scope: Scope<'a>, path: &str) -> Option<Target<'a>> {
        resolve_in(|id| self.form(id), scope, path)
    }

    /// Forms in journey order.
    pub fn forms(&self) -> &[FormDef] {
        &self.inner.forms
    }

    pub fn form(&self, id: &str) -> Option<&FormDef> {
        self.inner.forms.iter().find(|f| f.id == id)
    }

    pub fn journey(&self) -> &Journey {
        &self.inner.journey
    }

    /// Whether another form reads answers of `form` (reuses them, computes from them, or
    /// names them in a condition), so that a change there can change the others.
    pub fn is_read_by_others(&self, form: &str) -> bool {
        !self.readers(form).is_empty()
    }

    /// The forms that read `form`, directly or through a form that does: those whose
    /// status or problems a change to `form` can change.
    pub fn readers(&self, form: &str) -> &[String] {
        let all = self.inner.readers.get_or_init(|| {
            let graph = self.graph();
            self.inner
                .forms
                .iter()
                .map(|f| (f.id.clone(), graph.reader_forms(&f.id)))
                .collect()
        });
        all.get(form).map_or(&[], Vec::as_slice)
    }
}
