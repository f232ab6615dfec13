//! Form files to values: the journey, the shared option sets and each form, parsed from
//! RON with every syntax or shape error as a diagnostic with its line and column.

use crate::domain::form::catalog::{Diagnostic, JOURNEY_FILE, SourceFile};
use crate::domain::form::journey::Journey;
use crate::domain::form::option_sets::{OPTIONS_FILE, OptionSets};
use crate::domain::form::schema::FormDef;

/// A parsed form with the file it came from (for diagnostics).
pub struct ParsedForm<'a> {
    pub def: FormDef,
    pub file: &'a SourceFile,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses RON text, turning a syntax or shape error into a diagnostic with line and column.
pub(crate) fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
) -> Result<T, Diagnostic> {
    ron_options().from_str(&file.text).map_err(|e| Diagnostic {
        file: file.name.clone(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

pub type Parsed<'a> = (
    Vec<ParsedForm<'a>>,
    Option<Journey>,
    OptionSets,
    Vec<Diagnostic>,
);

pub fn parse(sources: &[SourceFile]) -> Parsed<'_> {
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
