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

/// The numbered source list, as shipped in `docs/sources.md`: a `## TAG` heading, then the
/// entry's lines (title, publisher, URL, date consulted).
const SOURCES: &str = include_str!("../../../docs/sources.md");

/// The entries of the source list: each tag with its lines.
fn source_entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    SOURCES.split("\n## ").skip(1).map(|entry| {
        let (tag, body) = entry.split_once('\n').unwrap_or((entry, ""));
        (tag.trim(), body.trim())
    })
}

/// The tags of the source list, in its order.
pub(crate) fn source_tags() -> Vec<&'static str> {
    source_entries().map(|(tag, _)| tag).collect()
}

/// A tag's entry (`S63`, `s63` and `[S63]` alike; `S22b` is listed under `S22`): the tag,
/// then its title, publisher, URL and the date it was consulted.
pub(crate) fn source_entry(tag: &str) -> Option<String> {
    let tag = tag.trim().trim_start_matches('[').trim_end_matches(']');
    let wanted = tag.to_ascii_uppercase();
    let listed = match wanted.strip_prefix('S') {
        Some(number) if !number.is_empty() => format!(
            "S{}",
            number.trim_end_matches(|c: char| c.is_ascii_alphabetic())
        ),
        _ => wanted.clone(),
    };
    source_entries()
        .find(|(t, _)| *t == listed)
        .map(|(t, body)| match t == wanted {
            true => format!("{t}\n{body}"),
            false => format!("{tag} (listed under {t})\n{body}"),
        })
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

    /// Every tag a form, a rule or an identifier check cites has its entry in
    /// docs/sources.md, with a title, a publisher, a URL and the date consulted.
    #[test]
    fn every_cited_tag_has_an_entry_in_the_source_list() {
        let forms = forms::load(None).unwrap();
        let mut cited: Vec<String> = Vec::new();
        for p in provenance(&forms) {
            cited.extend(p.sources.iter().cloned());
            cited.extend(p.rule_sources.keys().cloned());
        }
        let ids = include_str!("../values/ids.rs");
        for tag in ["S85", "S86"] {
            assert!(ids.contains(&format!("[{tag}]")), "ids.rs cites {tag}");
            cited.push(tag.into());
        }
        cited.extend(["S30", "S88"].map(String::from)); // the timeline's weekend note
        for tag in cited {
            let entry = source_entry(&tag).unwrap_or_else(|| panic!("{tag} is not listed"));
            for part in ["- Title: ", "- Publisher: ", "- URL: ", "- Consulted: "] {
                assert!(entry.contains(part), "{tag} lacks {part}:\n{entry}");
            }
        }
    }

    #[test]
    fn a_tag_is_looked_up_as_typed() {
        let s63 = source_entry("S63").unwrap();
        assert!(s63.starts_with("S63\n- Title: ASOG 67"), "{s63}");
        assert_eq!(source_entry("[s63]"), Some(s63));
        let s22b = source_entry("S22b").unwrap();
        assert!(s22b.starts_with("S22b (listed under S22)\n"), "{s22b}");
        assert!(source_entry("I").unwrap().contains("inference"));
        assert_eq!(source_entry("S999"), None);
        assert_eq!(source_entry(""), None);
        assert_eq!(source_tags().first(), Some(&"S1"));
        assert_eq!(source_tags().last(), Some(&"I"));
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
