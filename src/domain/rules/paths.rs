//! Every answer path a draft offers to `set`, and the values a field takes: what shell
//! completion proposes (`set NAME profile.le<Tab>`). The paths are the ones
//! [`crate::domain::change::edit::apply`] accepts.

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{Field, FieldKind};

/// The answer paths of every form, in form order: `form.field` for each question,
/// `form.group[N].field` for each existing row N of a group (the rows its form defines,
/// or the draft's), and where rows can be added and removed `form.group[+].field` (a new
/// row) and `form.group[N]` (a whole row, for `--clear`). Without a draft, groups have no rows yet.
pub(crate) fn answer_paths(forms: &FormSet, draft: Option<&Draft>) -> Vec<String> {
    let mut paths = Vec::new();
    for form in forms.forms() {
        for place in form.fields() {
            let field = place.field;
            let Some(columns) = field.kind.group_fields() else {
                if field.kind.is_input() {
                    paths.push(format!("{}.{}", form.id, field.id));
                }
                continue;
            };
            let fixed = field.kind.fixed_rows().map(<[_]>::len);
            let rows = fixed.unwrap_or_else(|| draft.map_or(0, |d| d.rows(&form.id, &field.id)));
            let inputs = || columns.iter().filter(|c| c.kind.is_input());
            for row in 1..=rows {
                if fixed.is_none() {
                    paths.push(format!("{}.{}[{row}]", form.id, field.id));
                }
                for column in inputs() {
                    paths.push(format!("{}.{}[{row}].{}", form.id, field.id, column.id));
                }
            }
            if fixed.is_none() {
                for column in inputs() {
                    paths.push(format!("{}.{}[+].{}", form.id, field.id, column.id));
                }
            }
        }
    }
    paths
}

/// The values `set` takes for the field at `path` when they are a fixed list: a choice's
/// options, yes or no. Empty for free text, numbers, dates and unknown paths.
pub(crate) fn field_values(forms: &FormSet, path: &str) -> Vec<String> {
    let Some(field) = field_at(forms, path) else {
        return Vec::new();
    };
    match &field.kind {
        FieldKind::YesNo => vec!["yes".into(), "no".into()],
        kind => kind
            .options()
            .unwrap_or_default()
            .iter()
            .map(|o| o.value().to_string())
            .collect(),
    }
}

/// The field a path names (`form.field`, `form.group[N].field`, `form.group[+].field`).
fn field_at<'a>(forms: &'a FormSet, path: &str) -> Option<&'a Field> {
    let (form, rest) = path.split_once('.')?;
    let form = forms.form(form)?;
    match rest.split_once('[') {
        None => Some(form.field(rest)?.field),
        Some((group, row)) => {
            let (_, column) = row.split_once("].")?;
            form.field(group)?.field.sub_field(column)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::edit::{self, Edit};

    fn forms() -> FormSet {
        crate::storage::forms::load(None).unwrap()
    }

    #[test]
    fn questions_then_rows_of_the_draft_then_a_new_row() {
        let forms = forms();
        let empty = answer_paths(&forms, None);
        assert!(empty.contains(&"profile.legal_name".to_string()));
        assert!(empty.contains(&"questionnaire.contacts[+].email".to_string()));
        assert!(
            !empty
                .iter()
                .any(|p| p.starts_with("questionnaire.contacts[1]"))
        );

        let now = chrono::Utc::now();
        let today = now.date_naive();
        let mut draft = Draft::new(now);
        for _ in 0..2 {
            let edit = Edit::Value("a@example.com".into());
            let path = "questionnaire.contacts[+].email";
            edit::apply(&forms, &mut draft, path, edit, today, now).unwrap();
        }
        let paths = answer_paths(&forms, Some(&draft));
        for path in [
            "questionnaire.contacts[1]",
            "questionnaire.contacts[2].email",
            "questionnaire.contacts[+].email",
        ] {
            assert!(paths.contains(&path.to_string()), "{path} missing");
        }
        assert!(
            !paths
                .iter()
                .any(|p| p.starts_with("questionnaire.contacts[3]"))
        );
        for path in &paths {
            let edit = Edit::Clear;
            let mut copy = draft.clone();
            // Each offered path is one `set` understands (clearing an empty answer is fine).
            let result = edit::apply(&forms, &mut copy, path, edit, today, now);
            assert!(
                !matches!(
                    result,
                    Err(edit::EditError::UnknownForm { .. }
                        | edit::EditError::UnknownField { .. }
                        | edit::EditError::NoSuchRow { .. }
                        | edit::EditError::FixedRows(_))
                ),
                "{path}: {result:?}"
            );
        }
    }

    #[test]
    fn a_choice_offers_its_options_and_yes_no_both() {
        let forms = forms();
        let yes_no = forms
            .forms()
            .iter()
            .flat_map(|f| f.fields().map(move |p| (f, p.field)))
            .find(|(_, f)| matches!(f.kind, FieldKind::YesNo))
            .map(|(form, f)| format!("{}.{}", form.id, f.id))
            .unwrap();
        assert_eq!(field_values(&forms, &yes_no), ["yes", "no"]);
        assert!(field_values(&forms, "profile.legal_name").is_empty());
        assert!(field_values(&forms, "nothing.here").is_empty());
        let roles = field_values(&forms, "questionnaire.contacts[2].roles");
        assert_eq!(roles[..2], ["primary", "ordering"]);
        assert_eq!(
            roles,
            field_values(&forms, "questionnaire.contacts[+].roles")
        );
    }
}
