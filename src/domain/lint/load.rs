//! Loading a form set: parsing the RON sources, filling in the shared option sets, and
//! linting the result (any problem refuses the whole set); or reading the built-in forms
//! the build prepared.

use crate::domain::form::catalog::{Diagnostic, FormSet, SourceFile};
use crate::domain::form::option_sets::{self, OptionSets};
use crate::domain::form::prepared::Prepared;
use crate::domain::form::schema::{ChoiceOption, FormDef};
use crate::domain::lint::check;
use crate::domain::lint::parse::parse;

impl FormSet {
    /// Parses and lints the sources; any problem refuses the whole set.
    pub fn load(sources: &[SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        let (mut forms, journey, mut sets, mut problems) = parse(sources);
        with_ilec_entities(&mut sets);

        // Semantic problems are looked for once every file parses, the shared option sets
        // in their fields (a choice that lists its own options keeps them).
        let both: Vec<Vec<String>> = forms.iter().map(|p| option_sets::both(&p.def)).collect();
        for parsed in &mut forms {
            option_sets::fill(&mut parsed.def, &sets);
        }
        if let Some(journey) = journey.as_ref().filter(|_| problems.is_empty()) {
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

    /// The built-in forms as the build prepared them (`build.rs`, [`Prepared`]), known to
    /// lint clean: the shared option sets filled in, as [`FormSet::load`] does.
    pub(crate) fn load_prepared(bytes: &[u8]) -> Result<Self, postcard::Error> {
        let Prepared {
            journey,
            mut sets,
            forms,
        } = postcard::from_bytes(bytes)?;
        with_ilec_entities(&mut sets);
        let mut forms: Vec<FormDef> = forms.into_iter().map(|(_, def)| def).collect();
        for def in &mut forms {
            option_sets::fill(def, &sets);
        }
        let journey = journey.ok_or(postcard::Error::DeserializeUnexpectedEnd)?;
        Ok(Self::from_parsed(forms, journey))
    }

    /// Every problem in the sources (empty when they are clean).
    pub fn check(sources: &[SourceFile]) -> Vec<Diagnostic> {
        Self::load(sources).err().unwrap_or_default()
    }
}

/// The ILEC entities are a domain table, offered as a shared set of its own.
fn with_ilec_entities(sets: &mut OptionSets) {
    sets.sets
        .entry(crate::domain::values::ilec::OPTION_SET.to_string())
        .or_insert_with(|| {
            crate::domain::values::ilec::options()
                .map(|(value, label)| ChoiceOption(value.into(), label.into(), None))
                .collect()
        });
}
