//! Where each form and rule comes from: the source tags of the domain notes' source list
//! (`S1`...; `I` for clec-wizard's own inference or proposal), for `check-forms` and the
//! user guide, so that no one takes a proposal for a CenturyLink document.

use std::collections::BTreeMap;

use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{Field, FormDef, Rule};

/// One form's provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormProvenance {
    pub form: String,
    pub title: String,
    /// The form's own source tags, as its file lists them.
    pub sources: Vec<String>,
    /// Which parts are clec-wizard's proposal.
    pub proposal: String,
    /// How many rules cite each source tag.
    pub rule_sources: BTreeMap<String, usize>,
    /// Rules without a source tag, as `field: message`.
    pub untagged: Vec<String>,
}

/// The provenance of every form of the set, in journey order.
pub(crate) fn provenance(forms: &FormSet) -> Vec<FormProvenance> {
    forms.forms().iter().map(of_form).collect()
}

fn of_form(form: &FormDef) -> FormProvenance {
    let mut out = FormProvenance {
        form: form.id.clone(),
        title: form.title.clone(),
        sources: form.sources.clone(),
        proposal: form.proposal.clone(),
        rule_sources: BTreeMap::new(),
        untagged: Vec::new(),
    };
    for section in &form.sections {
        each_rule(&section.fields, &mut |field, rule| match &rule.source {
            Some(tag) => *out.rule_sources.entry(tag.clone()).or_default() += 1,
            None => out.untagged.push(format!("{}: {}", field.id, rule.message)),
        });
    }
    out
}

fn each_rule(fields: &[Field], f: &mut dyn FnMut(&Field, &Rule)) {
    for field in fields {
        for rule in &field.rules {
            f(field, rule);
        }
        if let Some(sub) = field.kind.group_fields() {
            each_rule(sub, f);
        }
    }
}

impl FormProvenance {
    /// The lines `check-forms` prints for the form.
    pub fn lines(&self) -> Vec<String> {
        let sources = match self.sources.is_empty() {
            true => "none given".to_string(),
            false => self.sources.join(", "),
        };
        let mut lines = vec![format!("{} ({}): sources {sources}", self.form, self.title)];
        if !self.proposal.is_empty() {
            lines.push(format!("  proposal: {}", self.proposal));
        }
        let rules: usize = self.rule_sources.values().sum::<usize>() + self.untagged.len();
        if rules > 0 {
            let mut counted: Vec<(&String, &usize)> = self.rule_sources.iter().collect();
            counted.sort_by_key(|(tag, _)| source_order(tag));
            let tags: Vec<String> = counted
                .iter()
                .map(|(tag, n)| format!("{tag} {n}"))
                .collect();
            lines.push(format!("  rules: {rules} ({})", tags.join(", ")));
        }
        lines.extend(
            self.untagged
                .iter()
                .map(|r| format!("  rule without a source tag: {r}")),
        );
        lines
    }
}

/// Sources in the notes' order: S1, S2 ... S22b ... S81, then I.
fn source_order(tag: &str) -> (u32, String) {
    let number = tag
        .strip_prefix('S')
        .map(|rest| rest.trim_end_matches(|c: char| c.is_ascii_lowercase()))
        .and_then(|n| n.parse().ok());
    (number.unwrap_or(u32::MAX), tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::forms;

    #[test]
    fn every_shipped_form_and_rule_names_its_source() {
        let forms = forms::load(None).unwrap();
        for p in provenance(&forms) {
            assert!(!p.sources.is_empty(), "{} lists no sources", p.form);
            assert_eq!(p.untagged, Vec::<String>::new(), "{}", p.form);
            for tag in p.rule_sources.keys() {
                assert!(p.sources.contains(tag), "{}: rules cite {tag}", p.form);
            }
        }
    }

    #[test]
    fn untagged_rules_are_listed() {
        let ron = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let form: FormDef = ron
            .from_str(
            r#"(id: "f", title: "F", version: 1, step: 1, sources: ["S1"], sections: [
                (id: "s", title: "S", fields: [
                    (id: "a", label: "A", kind: Text(), rules: [
                        (must: NotEmpty("a"), message: "give a", source: "S9"),
                        (must: NotEmpty("a"), message: "really", source: "S10"),
                        (must: NotEmpty("a"), message: "mine", source: "I"),
                    ]),
                    (id: "g", label: "G", kind: Group(fields: [
                        (id: "b", label: "B", kind: Text(), rules: [(must: NotEmpty("b"), message: "give b")]),
                    ])),
                ]),
            ])"#,
        )
        .unwrap();
        let p = of_form(&form);
        assert_eq!(p.rule_sources.len(), 3);
        assert_eq!(p.untagged, ["b: give b"]);
        let lines = p.lines();
        assert_eq!(lines[0], "f (F): sources S1");
        assert_eq!(lines[1], "  rules: 4 (S9 1, S10 1, I 1)");
        assert_eq!(lines[2], "  rule without a source tag: b: give b");
    }
}
