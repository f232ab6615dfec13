//! Loading a form set: parsing the RON sources, filling in the shared option sets, and
//! linting the result; any problem refuses the whole set.

use crate::domain::form::catalog::{Diagnostic, FormSet, SourceFile};
use crate::domain::form::option_sets;
use crate::domain::lint::check;
use crate::domain::lint::parse::parse;

impl FormSet {
    /// Parses and lints the sources; any problem refuses the whole set.
    pub fn load(sources: &[SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        Self::load_with(sources, true)
    }

    /// Parses sources known to lint clean (the built-in forms, linted by the tests); only
    /// a syntax or shape error refuses them.
    pub(crate) fn load_unlinted(sources: &[SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        Self::load_with(sources, false)
    }

    fn load_with(sources: &[SourceFile], lint_them: bool) -> Result<Self, Vec<Diagnostic>> {
        let (mut forms, journey, mut sets, mut problems) = parse(sources);
        // The ILEC entities are a domain table, offered as a shared set of its own.
        sets.sets
            .entry(crate::domain::values::ilec::OPTION_SET.to_string())
            .or_insert_with(|| {
                crate::domain::values::ilec::options()
                    .map(|(value, label)| {
                        crate::domain::form::schema::ChoiceOption(value.into(), label.into(), None)
                    })
                    .collect()
            });
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
            problems.extend(check::lint(&forms, journey, sources));
            problems.extend(check::lint_option_sets(&forms, &both, &sets, sources));
        }
        match journey {
            Some(journey) if problems.is_empty() => Ok(Self::from_parsed(
                forms.into_iter().map(|p| p.def).collect(),
                journey,
            )),
            _ => Err(problems),
        }
    }

    /// Every problem in the sources (empty when they are clean).
    pub fn check(sources: &[SourceFile]) -> Vec<Diagnostic> {
        Self::load(sources).err().unwrap_or_default()
    }
}
