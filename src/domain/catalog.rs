//! The set of form definitions and the journey, parsed from RON sources and linted.

use std::fmt;

use super::form::{Field, FieldKind, FormDef};
use super::journey::Journey;
use super::lint;
use super::option_sets::{self, OPTIONS_FILE, OptionSets};

/// The file that holds the journey; every other `.ron` file is a form.
pub const JOURNEY_FILE: &str = "journey.ron";

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

/// The forms and journey the wizard runs on. Cloning shares the forms (the wizard's state
/// and its effects runner each hold the set).
#[derive(Debug, Clone)]
pub struct FormSet {
    forms: std::sync::Arc<[FormDef]>,
    journey: std::sync::Arc<Journey>,
    /// Per form, the forms whose answers, conditions or progress depend on it, directly or
    /// through others (worked out once, on first use).
    readers: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>>,
    /// Per form, what a change to each of its items can reach (worked out on first use).
    reach: std::sync::OnceLock<std::collections::HashMap<String, super::reach::FormReach>>,
}

/// A parsed form with the file it came from (for diagnostics).
pub struct ParsedForm<'a> {
    pub def: FormDef,
    pub file: &'a SourceFile,
}

impl FormSet {
    /// Parses and lints the sources; any problem refuses the whole set.
    pub fn load(sources: &[SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        Self::load_with(sources, true)
    }

    /// Parses sources known to lint clean (the built-in forms, linted by the tests); only
    /// a syntax or shape error refuses them.
    pub fn load_unlinted(sources: &[SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        Self::load_with(sources, false)
    }

    fn load_with(sources: &[SourceFile], lint_them: bool) -> Result<Self, Vec<Diagnostic>> {
        let (mut forms, journey, sets, mut problems) = parse(sources);
        // Semantic problems are looked for once every file parses, the shared option sets
        // in their fields (a choice that lists its own options keeps them).
        let both: Vec<Vec<String>> = forms.iter().map(|p| option_sets::both(&p.def)).collect();
        for parsed in &mut forms {
            option_sets::fill(&mut parsed.def, &sets);
        }
        if let Some(journey) = journey
            .as_ref()
            .filter(|_| lint_them && problems.is_empty())
        {
            problems.extend(lint::lint(&forms, journey, sources));
            problems.extend(lint::lint_option_sets(&forms, &both, &sets, sources));
        }
        match journey {
            Some(journey) if problems.is_empty() => Ok(Self::from_parsed(
                forms.into_iter().map(|p| p.def).collect(),
                journey,
            )),
            _ => Err(problems),
        }
    }

    /// The set of forms already parsed (and known to lint clean), in journey order: by
    /// step, then as the step lists them.
    pub fn from_parsed(mut forms: Vec<FormDef>, journey: Journey) -> Self {
        forms.sort_by_key(|f| {
            let step = journey.steps.iter().find(|s| s.number == f.step);
            let position = step.and_then(|s| s.forms.iter().position(|id| *id == f.id));
            (f.step, position.unwrap_or(usize::MAX))
        });
        FormSet {
            forms: forms.into(),
            journey: std::sync::Arc::new(journey),
            readers: std::sync::OnceLock::new(),
            reach: std::sync::OnceLock::new(),
        }
    }

    /// What a change to each item of `form` can reach ([`super::reach`]).
    pub fn reach(&self, form: &str) -> Option<&super::reach::FormReach> {
        let all = self.reach.get_or_init(|| {
            self.forms
                .iter()
                .map(|f| (f.id.clone(), super::reach::FormReach::new(self, f)))
                .collect()
        });
        all.get(form)
    }

    /// Every problem in the sources (empty when they are clean).
    pub fn check(sources: &[SourceFile]) -> Vec<Diagnostic> {
        Self::load(sources).err().unwrap_or_default()
    }

    /// Forms in journey order.
    pub fn forms(&self) -> &[FormDef] {
        &self.forms
    }

    pub fn form(&self, id: &str) -> Option<&FormDef> {
        self.forms.iter().find(|f| f.id == id)
    }

    pub fn journey(&self) -> &Journey {
        &self.journey
    }

    /// Whether another form reads answers of `form` (reuses them, computes from them, or
    /// names them in a condition), so that a change there can change the others.
    pub fn is_read_by_others(&self, form: &str) -> bool {
        !self.readers(form).is_empty()
    }

    /// The forms that read `form`, directly or through a form that does: those whose
    /// status or problems a change to `form` can change.
    pub fn readers(&self, form: &str) -> &[String] {
        let all = self.readers.get_or_init(|| {
            self.forms
                .iter()
                .map(|f| (f.id.clone(), self.readers_of(&f.id)))
                .collect()
        });
        all.get(form).map_or(&[], Vec::as_slice)
    }

    /// Every form that reads `form`, following readers of readers.
    fn readers_of(&self, form: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut todo = vec![form.to_string()];
        while let Some(read) = todo.pop() {
            for f in self.forms.iter() {
                if f.id != form && !found.contains(&f.id) && reads(f, &read) {
                    found.push(f.id.clone());
                    todo.push(f.id.clone());
                }
            }
        }
        found
    }
}

/// Whether `f` reads answers of `form`: reuses them, computes from them, names them in a
/// condition, or shows the form's progress.
fn reads(f: &FormDef, form: &str) -> bool {
    let prefix = format!("{form}.");
    let names = |path: &str| path.starts_with(&prefix);
    let mut found = false;
    for section in &f.sections {
        if let Some(c) = &section.visible_if {
            c.visit(&mut |p, _| found |= names(p));
        }
        visit_fields(&section.fields, &mut |field| {
            for c in field
                .visible_if
                .iter()
                .chain(&field.required_if)
                .chain(field.rules.iter().map(|r| &r.must))
            {
                c.visit(&mut |p, _| found |= names(p));
            }
            match &field.kind {
                FieldKind::Reuse { from }
                | FieldKind::Computed { from, .. }
                | FieldKind::Commission { from } => found |= names(from),
                FieldKind::Progress { form: other } => found |= other == form,
                FieldKind::Group { fixed_rows, .. } => {
                    found |= fixed_rows
                        .iter()
                        .filter_map(|r| r.shows.as_deref())
                        .any(names);
                }
                _ => {}
            }
        });
    }
    found
}

/// Calls `f` on every field, group fields included.
fn visit_fields(fields: &[Field], f: &mut dyn FnMut(&Field)) {
    for field in fields {
        f(field);
        if let Some(sub) = field.kind.group_fields() {
            visit_fields(sub, f);
        }
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses RON text, turning a syntax or shape error into a diagnostic with line and column.
pub fn parse_ron<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    ron_options().from_str(&file.text).map_err(|e| Diagnostic {
        file: file.name.clone(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

type Parsed<'a> = (
    Vec<ParsedForm<'a>>,
    Option<Journey>,
    OptionSets,
    Vec<Diagnostic>,
);

fn parse(sources: &[SourceFile]) -> Parsed<'_> {
    let mut forms = Vec::new();
    let mut journey = None;
    let mut sets = OptionSets::default();
    let mut problems = Vec::new();
    for file in sources {
        if file.name == JOURNEY_FILE {
            match parse_ron::<Journey>(file) {
                Ok(j) => journey = Some(j),
                Err(d) => problems.push(d),
            }
        } else if file.name == OPTIONS_FILE {
            match parse_ron::<OptionSets>(file) {
                Ok(s) => sets = s,
                Err(d) => problems.push(d),
            }
        } else {
            match parse_ron::<FormDef>(file) {
                Ok(def) => forms.push(ParsedForm { def, file }),
                Err(d) => problems.push(d),
            }
        }
    }
    if journey.is_none() && !problems.iter().any(|d| d.file == JOURNEY_FILE) {
        problems.push(Diagnostic {
            file: JOURNEY_FILE.into(),
            line: 0,
            col: 0,
            message: "the journey file is missing".into(),
        });
    }
    (forms, journey, sets, problems)
}
