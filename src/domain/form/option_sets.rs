//! Shared option sets: an option list defined once in `options.ron` (the products, the
//! agreement paths...) and named by the choices that use it (`Choice(shared: "products")`),
//! so the forms cannot drift apart. The sets are put into the fields when the forms load;
//! the lint checks every reference.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::form::schema::{ChoiceOption, Field, FieldKind, FormDef};

/// The file that holds the shared option sets (optional in a folder of forms).
pub(crate) const OPTIONS_FILE: &str = "options.ron";

/// The contents of `options.ron`: sets of options by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSets {
    pub sets: BTreeMap<String, Vec<ChoiceOption>>,
}

/// The `shared` set a choice names, if it names one.
pub fn shared(kind: &FieldKind) -> Option<&str> {
    match kind {
        FieldKind::Choice { shared, .. } | FieldKind::MultiChoice { shared, .. } => {
            shared.as_deref()
        }
        _ => None,
    }
}

/// The fields of `form` that list options of their own and name a shared set too.
pub fn both(form: &FormDef) -> Vec<String> {
    let mut out = Vec::new();
    for at in form.fields() {
        let sub = at.field.kind.group_fields().unwrap_or_default();
        for field in std::iter::once(at.field).chain(sub) {
            if let FieldKind::Choice {
                options,
                shared: Some(_),
            }
            | FieldKind::MultiChoice {
                options,
                shared: Some(_),
                ..
            } = &field.kind
                && !options.is_empty()
            {
                out.push(field.id.clone());
            }
        }
    }
    out
}

/// Gives every choice that names a known set (and lists no options of its own) that
/// set's options. Unknown sets are left empty: the lint reports them.
pub fn fill(form: &mut FormDef, sets: &OptionSets) {
    for section in &mut form.sections {
        fill_fields(&mut section.fields, sets);
    }
}

fn fill_fields(fields: &mut [Field], sets: &OptionSets) {
    for field in fields {
        match &mut field.kind {
            FieldKind::Choice {
                options,
                shared: Some(id),
            }
            | FieldKind::MultiChoice {
                options,
                shared: Some(id),
                ..
            } if options.is_empty() => {
                if let Some(set) = sets.sets.get(id.as_str()) {
                    options.clone_from(set);
                }
            }
            FieldKind::Group { fields, .. } => fill_fields(fields, sets),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::form::catalog::{FormSet, SourceFile};
    use crate::storage::forms;

    #[test]
    fn every_choice_naming_a_set_gets_its_options() {
        let forms = forms::load(None).unwrap();
        let options = |form: &str, path: &str| {
            let def = forms.form(form).unwrap();
            let (top, sub) = path
                .split_once('.')
                .map_or((path, None), |(a, b)| (a, Some(b)));
            let field = def.field(top).unwrap().field;
            let field = sub.map_or(field, |s| field.sub_field(s).unwrap());
            field.kind.options().unwrap().to_vec()
        };
        let products = options("questionnaire", "products");
        assert_eq!(products.len(), 14);
        assert_eq!(products[0].label(), "Local Interconnection Service (LIS)");
        for (form, path) in [
            ("questionnaire", "volumes.product"),
            ("agreement-request", "products"),
            ("early-ordering", "early_products"),
        ] {
            assert_eq!(options(form, path), products, "{form}.{path}");
        }
        let paths = options("agreement-request", "agreements.path");
        assert_eq!(paths.len(), 6, "with the CT/EQ template");
        assert_eq!(options("negotiation", "agreements.path"), paths);
    }

    #[test]
    fn a_set_with_a_value_twice_is_refused() {
        let journey: String = format!(
            "(steps: [{}])",
            (1..=7)
                .map(|n| {
                    let forms = if n == 1 { r#"["t"]"# } else { "[]" };
                    format!(r#"(number: {n}, title: "S{n}", what_to_do: "x", forms: {forms})"#)
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let source = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let form = r#"(id: "t", title: "T", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
            (id: "c", label: "C", kind: Choice(shared: "colours"),
                rules: [(must: Equals("c", "blue"), message: "m")]),
        ])])"#;
        let sets = "(sets: {\n \"colours\": [(\"red\", \"Red\"), (\"red\", \"Again\")],\n})";
        let problems = FormSet::check(&[
            source("journey.ron", &journey),
            source("t.ron", form),
            source("options.ron", sets),
        ]);
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(
                &"options.ron:2:2: option set \"colours\": option value \"red\" appears twice"
                    .to_string()
            ),
            "{text:?}"
        );
        // Conditions are checked against the set's values.
        assert!(
            text.iter().any(|t| t.contains(
                "compares \"c\" with \"blue\", which is not one of its options (red, red)"
            )),
            "{text:?}"
        );
    }
}
