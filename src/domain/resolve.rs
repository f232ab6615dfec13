//! Resolving the paths that conditions, reused answers and subjects name.

use super::catalog::FormSet;
use super::form::{Field, FormDef, Section};

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

/// Resolves `field`, `group.field`, `form.field` or `form.group.field` from `scope`.
pub fn resolve<'a>(forms: &'a FormSet, scope: Scope<'a>, path: &str) -> Option<Target<'a>> {
    resolve_in(|id| forms.form(id), scope, path)
}

/// The same, with the forms given by a lookup (the lint resolves before a set exists).
pub fn resolve_in<'a>(
    find_form: impl Fn(&str) -> Option<&'a FormDef>,
    scope: Scope<'a>,
    path: &str,
) -> Option<Target<'a>> {
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
