//! What reads what: one graph of the fields of a set of forms, built from the paths their
//! definitions name, each resolved as evaluation resolves it. It answers three questions:
//! the lint's condition cycles ([`crate::domain::lint::cycles`]), what a change to one
//! answer can reach ([`super::reach`]), and which forms read a form
//! ([`FormSet::readers`](super::catalog::FormSet::readers)).
//!
//! A field *reads* another when its visibility, requirement, rules (their conditions and
//! the `{paths}` of their messages), value (reused, computed, linked), default or deadline
//! names it, or when its section's visibility does. A group reads what its fixed rows
//! show. A column reads its group, and a lookup
//! (`group[key=path].field`) reads the column, the key column and the path. A `Progress`
//! field reads the status of a whole form.

use std::fmt;

use crate::domain::form::condition::Condition;
use crate::domain::form::resolve::{Scope, Target, lookup, placeholders, resolve_in};
use crate::domain::form::schema::{Field, FieldDefault, FieldKind, FormDef};

/// One field of one form: a top-level field, or a column of a group (the same node for
/// every row).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    pub form: String,
    /// The group, for a column.
    pub group: Option<String>,
    pub field: String,
}

impl Node {
    fn of(form: &FormDef, group: Option<&Field>, field: &Field) -> Self {
        Node {
            form: form.id.clone(),
            group: group.map(|g| g.id.clone()),
            field: field.id.clone(),
        }
    }

    fn target(target: Target<'_>) -> Self {
        match target {
            Target::Field { form, field, .. } => Node::of(form, None, field),
            Target::SameRow {
                form, group, field, ..
            }
            | Target::Column {
                form, group, field, ..
            } => Node::of(form, Some(group), field),
        }
    }

    /// The top-level field the node is, or is a column of.
    pub fn item(&self) -> &str {
        self.group.as_deref().unwrap_or(&self.field)
    }
}

/// `form.field`, or `form.group[].field` for a column.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.group {
            None => write!(f, "{}.{}", self.form, self.field),
            Some(g) => write!(f, "{}.{g}[].{}", self.form, self.field),
        }
    }
}

/// How a field reads another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    /// Its visibility, or its section's.
    Visibility,
    /// Its requirement (`required_if`).
    Requirement,
    /// A rule's condition.
    Rule,
    /// A `{path}` of a rule's message.
    Message,
    /// Its value: reused, computed, a commission date, a linked row's shown field.
    Value,
    /// A column reads its group.
    Group,
    /// The key column or compared path of a lookup.
    LookupKey,
    /// Its default.
    Default,
    /// Its deadline's `done_if`.
    Deadline,
    /// A fixed row of a group shows it.
    Shows,
}

impl ReadKind {
    /// Whether evaluating the reader follows this read: the reads a condition cycle or
    /// a chain of dependencies is made of.
    pub(crate) fn is_evaluated(self) -> bool {
        matches!(
            self,
            ReadKind::Visibility | ReadKind::Requirement | ReadKind::Value | ReadKind::Group
        )
    }

    /// Whether a form whose field reads this way is a reader of the read form (its
    /// status or problems can change with the read answers).
    pub(crate) fn makes_reader(self) -> bool {
        matches!(
            self,
            ReadKind::Visibility
                | ReadKind::Requirement
                | ReadKind::Rule
                | ReadKind::Value
                | ReadKind::LookupKey
                | ReadKind::Shows
        )
    }
}

/// One read: the field read and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub node: Node,
    pub kind: ReadKind,
}

/// A field with what it reads.
#[derive(Debug, Clone)]
pub struct Reader {
    pub node: Node,
    /// The index of its form in the forms the graph was built from.
    pub form: usize,
    /// The fields it reads, in the order its definition names them.
    pub reads: Vec<Read>,
    /// The forms whose status it shows (`Progress`).
    pub progress: Vec<String>,
}

/// Every field of a set of forms with what it reads.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// In form order, each form's fields in order (a group before its columns).
    pub fields: Vec<Reader>,
}

impl Graph {
    /// The graph of `forms`, paths resolved among them (paths that do not resolve, which
    /// the lint reports, read nothing).
    pub fn build<'f>(forms: &[&'f FormDef]) -> Self {
        let find = |id: &str| -> Option<&'f FormDef> { forms.iter().copied().find(|f| f.id == id) };
        let mut fields = Vec::new();
        for (i, form) in forms.iter().enumerate() {
            for section in &form.sections {
                for field in &section.fields {
                    let columns = field.kind.group_fields().into_iter().flatten();
                    let all =
                        std::iter::once((None, field)).chain(columns.map(|c| (Some(field), c)));
                    for (group, f) in all {
                        let mut reader = Reader {
                            node: Node::of(form, group, f),
                            form: i,
                            reads: Vec::new(),
                            progress: Vec::new(),
                        };
                        let mut add =
                            |scope_group: Option<&'f Field>, path: &str, kind: ReadKind| {
                                let scope = Scope {
                                    form,
                                    group: scope_group,
                                };
                                reads_of(&find, scope, path, kind, &mut reader.reads);
                            };
                        if let Some(c) = &section.visible_if {
                            paths(c, &mut |p| add(None, p, ReadKind::Visibility));
                        }
                        if let Some(c) = &f.visible_if {
                            paths(c, &mut |p| add(group, p, ReadKind::Visibility));
                        }
                        if let Some(c) = &f.required_if {
                            paths(c, &mut |p| add(group, p, ReadKind::Requirement));
                        }
                        value_sources(f, group, &mut |g, p| add(g, p, ReadKind::Value));
                        rules(f, group, &mut add);
                        if let Some(FieldDefault::Answer(p) | FieldDefault::FirstRow(p)) =
                            &f.default
                        {
                            add(group, p, ReadKind::Default);
                        }
                        if let Some(c) = f.deadline.as_ref().and_then(|d| d.done_if.as_ref()) {
                            paths(c, &mut |p| add(group, p, ReadKind::Deadline));
                        }
                        let fixed = f.kind.fixed_rows().filter(|_| group.is_none());
                        for shows in fixed
                            .into_iter()
                            .flatten()
                            .filter_map(|r| r.shows.as_deref())
                        {
                            add(None, shows, ReadKind::Shows);
                        }
                        if let Some(g) = group {
                            let node = Node::of(form, None, g);
                            reader.reads.push(Read {
                                node,
                                kind: ReadKind::Group,
                            });
                        }
                        if let FieldKind::Progress { form: other } = &f.kind {
                            reader.progress.push(other.clone());
                        }
                        fields.push(reader);
                    }
                }
            }
        }
        Graph { fields }
    }

    /// Every form that reads `form` (its answers, through the reads that
    /// [make a reader](ReadKind::makes_reader), or its status), directly or through a form
    /// that does; in the order they are found.
    pub(crate) fn reader_forms(&self, form: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut todo = vec![form.to_string()];
        while let Some(read) = todo.pop() {
            for reader in &self.fields {
                let other = &reader.node.form;
                if *other == form || found.contains(other) {
                    continue;
                }
                let reads = reader
                    .reads
                    .iter()
                    .any(|r| r.kind.makes_reader() && r.node.form == read)
                    || reader.progress.contains(&read);
                if reads {
                    found.push(other.clone());
                    todo.push(other.clone());
                }
            }
        }
        found
    }
}

/// The fields `path` reads from `scope`: the field it names, and for a lookup the key
/// column and the compared path too.
fn reads_of<'a>(
    find: &impl Fn(&str) -> Option<&'a FormDef>,
    scope: Scope<'a>,
    path: &str,
    kind: ReadKind,
    out: &mut Vec<Read>,
) {
    let Some(target) = resolve_in(find, scope, path) else {
        return;
    };
    out.push(Read {
        node: Node::target(target),
        kind,
    });
    let Some(lookup) = lookup(path) else {
        return;
    };
    if let Target::Column { form, group, .. } = target
        && let Some(key) = group.sub_field(lookup.key)
    {
        out.push(Read {
            node: Node::of(form, Some(group), key),
            kind: ReadKind::LookupKey,
        });
    }
    if let Some(value) = (!lookup.value.is_empty())
        .then(|| resolve_in(find, scope, lookup.value))
        .flatten()
    {
        out.push(Read {
            node: Node::target(value),
            kind: ReadKind::LookupKey,
        });
    }
}

/// The paths a field's own value is read from (reused, computed, linked answers), with
/// the group each is read from.
fn value_sources<'f>(
    field: &'f Field,
    group: Option<&'f Field>,
    add: &mut dyn FnMut(Option<&'f Field>, &str),
) {
    match &field.kind {
        FieldKind::Reuse { from }
        | FieldKind::Computed { from, .. }
        | FieldKind::Commission { from } => add(group, from),
        FieldKind::Linked => {
            for row in group.and_then(|g| g.kind.fixed_rows()).unwrap_or_default() {
                if let Some(shows) = &row.shows {
                    add(None, shows);
                }
            }
        }
        _ => {}
    }
}

/// The paths of a field's rules: their conditions and their messages' `{paths}` (a
/// `FrozenOnceSent` rule of a group reads its columns from the group's rows).
fn rules<'f>(
    field: &'f Field,
    group: Option<&'f Field>,
    add: &mut dyn FnMut(Option<&'f Field>, &str, ReadKind),
) {
    for rule in &field.rules {
        if let Condition::FrozenOnceSent(start, quarters) = &rule.must {
            add(None, start, ReadKind::Rule);
            for q in quarters {
                add(Some(field), q, ReadKind::Rule);
            }
            message_paths(&rule.message, &mut |p| {
                add(Some(field), p, ReadKind::Message)
            });
            continue;
        }
        paths(&rule.must, &mut |p| add(group, p, ReadKind::Rule));
        message_paths(&rule.message, &mut |p| add(group, p, ReadKind::Message));
    }
}

/// The `{path}` placeholders of a message (`{a - b}` names two).
fn message_paths(message: &str, f: &mut dyn FnMut(&str)) {
    for inner in placeholders(message) {
        inner.split(" - ").map(str::trim).for_each(&mut *f);
    }
}

fn paths(condition: &Condition, f: &mut dyn FnMut(&str)) {
    condition.visit(&mut |path, _| f(path));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(text: &str) -> FormDef {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }

    #[test]
    fn reads_come_from_resolved_paths_of_every_kind() {
        let a = form(
            r#"(id: "a", title: "A", version: 1, step: 1, description: "d", sections: [
            (id: "s", title: "S", visible_if: NotEmpty("x"), fields: [
                (id: "x", label: "X", kind: Text()),
                (id: "y", label: "Y mentions x", kind: Text(), required_if: NotEmpty("b.z"),
                 rules: [(must: NotEmpty("x"), message: "needs {rows.c}")]),
                (id: "rows", label: "Rows", kind: Group(fields: [
                    (id: "k", label: "K", kind: Text()),
                    (id: "c", label: "C", kind: Text(), visible_if: NotEmpty("k")),
                ])),
                (id: "n", label: "N", kind: Text(), visible_if: NotEmpty("rows[k=y].#")),
            ]),
        ])"#,
        );
        let b = form(
            r#"(id: "b", title: "B", version: 1, step: 1, description: "d", sections: [
            (id: "s", title: "S", fields: [
                (id: "z", label: "Z", kind: Reuse(from: "a.x")),
                (id: "p", label: "P", kind: Progress(form: "a")),
            ]),
        ])"#,
        );
        let graph = Graph::build(&[&a, &b]);
        let reads = |node: &str| -> Vec<(String, ReadKind)> {
            let reader = graph.fields.iter().find(|r| r.node.to_string() == node);
            let reads = reader.map(|r| r.reads.clone()).unwrap_or_default();
            reads
                .into_iter()
                .map(|r| (r.node.to_string(), r.kind))
                .collect()
        };
        use ReadKind::*;
        assert_eq!(
            reads("a.y"),
            [
                ("a.x".to_string(), Visibility),
                ("b.z".into(), Requirement),
                ("a.x".into(), Rule),
                ("a.rows[].c".into(), Message),
            ],
            "the label's word x is no read"
        );
        assert_eq!(
            reads("a.rows[].c"),
            [
                ("a.x".to_string(), Visibility),
                ("a.rows[].k".into(), Visibility),
                ("a.rows".into(), Group),
            ]
        );
        assert_eq!(
            reads("a.n"),
            [
                ("a.x".to_string(), Visibility),
                ("a.rows[].k".into(), Visibility),
                ("a.rows[].k".into(), LookupKey),
                ("a.y".into(), LookupKey),
            ]
        );
        assert_eq!(reads("b.z"), [("a.x".to_string(), Value)]);
        assert_eq!(graph.reader_forms("a"), ["b"]);
        assert_eq!(graph.reader_forms("b"), ["a"], "a's requirement reads b.z");
    }
}
