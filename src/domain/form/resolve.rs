//! Resolving the paths that conditions, reused answers and subjects name.

use crate::domain::form::schema::{Field, FormDef, Section};

/// Where a path is read from: a form and, inside a group's row, that group.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub form: &'a FormDef,
    pub group: Option<&'a Field>,
}

/// What a path names.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A top-level field of a form.
    Field {
        form: &'a FormDef,
        section: &'a Section,
        field: &'a Field,
    },
    /// A field of the row being evaluated.
    SameRow {
        form: &'a FormDef,
        section: &'a Section,
        group: &'a Field,
        field: &'a Field,
    },
    /// A group's column: the values of every row.
    Column {
        form: &'a FormDef,
        section: &'a Section,
        group: &'a Field,
        field: &'a Field,
    },
}

impl<'a> Target<'a> {
    /// The field definition the path names.
    pub fn field(&self) -> &'a Field {
        match self {
            Target::Field { field, .. }
            | Target::SameRow { field, .. }
            | Target::Column { field, .. } => field,
        }
    }
}

/// A lookup into the rows of a group: `group[key=path].field` keeps the rows whose `key`
/// column equals the value `path` shows from where the lookup is read (`[key]` is
/// `[key=key]`, and `[key=]` keeps the rows where `key` is empty). The field `#` gives
/// the row numbers. Cross-record rules compare one record with the matching rows of
/// another this way: `certification.states[state].status` from an agreement row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup<'p> {
    /// The path without the brackets: a group column.
    pub column: String,
    /// The column of the group compared with `value`.
    pub key: &'p str,
    /// The path whose value rows must match; empty for "rows where `key` is empty".
    pub value: &'p str,
    /// `#`: row numbers rather than a field's values.
    pub row_numbers: bool,
}

/// The column name that stands for the row numbers of a lookup.
pub(crate) const ROW_NUMBERS: &str = "#";

/// Splits a lookup path (`x.group[key=path].field`); `None` for a plain path.
pub fn lookup(path: &str) -> Option<Lookup<'_>> {
    let open = path.find('[')?;
    let close = open + path[open..].find(']')?;
    let (key, value) = match path[open + 1..close].split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (path[open + 1..close].trim(), path[open + 1..close].trim()),
    };
    let rest = &path[close + 1..];
    let field = rest.strip_prefix('.')?;
    if key.is_empty() || field.is_empty() || field.contains(['[', ']', '.']) {
        return None;
    }
    let row_numbers = field == ROW_NUMBERS;
    let column_field = if row_numbers { key } else { field };
    Some(Lookup {
        column: format!("{}.{column_field}", &path[..open]),
        key,
        value,
        row_numbers,
    })
}

/// Resolves `field`, `group.field`, `form.field` or `form.group.field` from `scope`, the
/// forms found by `find_form` (the lint resolves before a set exists;
/// [`FormSet::resolve`](crate::domain::form::catalog::FormSet::resolve) once it does).
pub(crate) fn resolve_in<'a>(
    find_form: impl Fn(&str) -> Option<&'a FormDef>,
    scope: Scope<'a>,
    path: &str,
) -> Option<Target<'a>> {
    if path.contains(['[', ']']) {
        return resolve_lookup(&find_form, scope, path);
    }
    let mut parts = path.split('.');
    let first = parts.next()?;
    let second = parts.next();
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    match (second, third) {
        (None, None) => {
            if let Some(group) = scope.group
                && let Some(field) = group.sub_field(first)
            {
                let section = section_of(scope.form, &group.id)?;
                return Some(Target::SameRow {
                    form: scope.form,
                    section,
                    group,
                    field,
                });
            }
            top_level(scope.form, first)
        }
        (Some(b), None) => match find_form(first) {
            Some(form) => top_level(form, b),
            None => column(scope.form, first, b),
        },
        (Some(b), Some(c)) => column(find_form(first)?, b, c),
        (None, Some(_)) => None,
    }
}

/// A lookup resolves to the group column it reads, once its key column and the path
/// it compares with resolve too.
fn resolve_lookup<'a>(
    find_form: &dyn Fn(&str) -> Option<&'a FormDef>,
    scope: Scope<'a>,
    path: &str,
) -> Option<Target<'a>> {
    let find_form = |id: &str| find_form(id);
    let lookup = lookup(path)?;
    let target = resolve_in(find_form, scope, &lookup.column)?;
    let Target::Column { group, .. } = target else {
        return None;
    };
    group.sub_field(lookup.key)?;
    if !lookup.value.is_empty() && lookup.value.contains(['[', ']']) {
        return None;
    }
    if !lookup.value.is_empty() {
        resolve_in(find_form, scope, lookup.value)?;
    }
    Some(target)
}

fn section_of<'a>(form: &'a FormDef, id: &str) -> Option<&'a Section> {
    form.field(id).map(|f| f.section)
}

fn top_level<'a>(form: &'a FormDef, id: &str) -> Option<Target<'a>> {
    let found = form.field(id)?;
    Some(Target::Field {
        form,
        section: found.section,
        field: found.field,
    })
}

fn column<'a>(form: &'a FormDef, group_id: &str, field_id: &str) -> Option<Target<'a>> {
    let found = form.field(group_id)?;
    let field = found.field.sub_field(field_id)?;
    Some(Target::Column {
        form,
        section: found.section,
        group: found.field,
        field,
    })
}

/// The `{path}` placeholders of a subject template or a rule's message.
pub(crate) fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(p, _)| p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_split_into_column_key_and_value() {
        let l = lookup("certification.states[state].status").unwrap();
        assert_eq!(l.column, "certification.states.status");
        assert_eq!((l.key, l.value, l.row_numbers), ("state", "state", false));
        let l = lookup("agreements[state = profile.hq_state].#").unwrap();
        assert_eq!(l.column, "agreements.state");
        assert_eq!(
            (l.key, l.value, l.row_numbers),
            ("state", "profile.hq_state", true)
        );
        let l = lookup("latas[npa_nxx=].lata").unwrap();
        assert_eq!((l.key, l.value), ("npa_nxx", ""));
        for bad in ["a[b]", "a[b].", "a[].c", "a[b].c.d", "a[b", "plain.path"] {
            assert!(lookup(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn subject_placeholders() {
        let p: Vec<_> = placeholders("{profile.legal_name} - {acna} - ICA").collect();
        assert_eq!(p, ["profile.legal_name", "acna"]);
    }
}
