//! What one changed answer can reach, so that an edit re-checks what it can change and no
//! more: the form's top-level items (a field, or a group with its rows) whose fields read
//! the changed field, the fields that read those, and so on, through other forms too
//! (a form that reuses an answer, and one of this form's fields that reuses that); whether
//! a visibility condition of the form reads one of them (then the visible fields may
//! change); whether another form does (then its status may).
//!
//! The reads are those of the dependency [`Graph`], built from the resolved paths of every
//! condition, rule, message, reused or computed value, default and deadline. A field
//! hidden or shown reads as empty or not, so when a group is reached through its
//! visibility its columns are reached too; a `Progress` field is reached when a field of
//! the form whose status it shows is.

use std::collections::{HashMap, HashSet};

use crate::domain::form::graph::{Graph, Node, ReadKind};
use crate::domain::form::schema::{Field, FormDef, Section};

/// What a change to each item of one form can reach, worked out once per form set.
#[derive(Debug, Clone, Default)]
pub struct FormReach {
    form: String,
    /// Each item's id, in form order.
    ids: Vec<String>,
    /// Per field, the fields that read it (an edge of the graph, group reads left out: a
    /// change in a row is no change to the other columns), and whether one of them is a
    /// visibility of this form.
    readers: HashMap<Node, Vec<(Node, ReadKind)>>,
    /// The columns of each group, by the group's node.
    columns: HashMap<Node, Vec<Node>>,
    /// The `Progress` fields that show each form's status.
    progress: HashMap<String, Vec<Node>>,
}

/// What a change to one item can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The items to check again, in form order (the changed one included).
    pub items: Vec<usize>,
    /// Whether a visibility condition reads one of them: the visible fields may change.
    pub visibility: bool,
    /// The other forms that read one of them, sorted: their reports and statuses may
    /// change, and no other form's can.
    pub others: Vec<String>,
}

/// Every top-level item of a form in order, with its section: the index [`Reach`] uses.
pub fn items(form: &FormDef) -> impl Iterator<Item = (&Section, &Field)> {
    form.sections
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
}

impl FormReach {
    /// The reach of the items of `form`, from the graph of the form set it belongs to.
    pub fn new(graph: &Graph, form: &FormDef) -> Self {
        let mut reach = FormReach {
            form: form.id.clone(),
            ids: items(form).map(|(_, f)| f.id.clone()).collect(),
            ..FormReach::default()
        };
        for reader in &graph.fields {
            if let Some(group) = &reader.node.group {
                let node = Node {
                    form: reader.node.form.clone(),
                    group: None,
                    field: group.clone(),
                };
                reach
                    .columns
                    .entry(node)
                    .or_default()
                    .push(reader.node.clone());
            }
            for read in reader.reads.iter().filter(|r| r.kind != ReadKind::Group) {
                reach
                    .readers
                    .entry(read.node.clone())
                    .or_default()
                    .push((reader.node.clone(), read.kind));
            }
            for shown in &reader.progress {
                reach
                    .progress
                    .entry(shown.clone())
                    .or_default()
                    .push(reader.node.clone());
            }
        }
        reach
    }

    /// What a change to item `changed` (its index in [`items`]) can change; `column` is
    /// the field changed inside one of its rows (without one, every column may have).
    pub fn of(&self, changed: usize, column: Option<&str>) -> Reach {
        let Some(id) = self.ids.get(changed) else {
            return Reach {
                items: vec![changed],
                visibility: false,
                others: Vec::new(),
            };
        };
        let item = Node {
            form: self.form.clone(),
            group: None,
            field: id.clone(),
        };
        let mut todo: Vec<Node> = match column {
            Some(c) => vec![Node {
                group: Some(id.clone()),
                field: c.to_string(),
                ..item.clone()
            }],
            None => self.columns.get(&item).cloned().unwrap_or_default(),
        };
        todo.push(item);
        let mut reached: HashSet<Node> = todo.iter().cloned().collect();
        // The forms reached; each one's `Progress` readers are reached once with it.
        let mut forms: HashSet<String> = HashSet::new();
        let mut visibility = false;
        while let Some(node) = todo.pop() {
            let mut next: Vec<Node> = Vec::new();
            for (reader, kind) in self.readers.get(&node).into_iter().flatten() {
                let seen_here = reader.form == self.form;
                visibility |= seen_here && *kind == ReadKind::Visibility;
                next.push(reader.clone());
                if *kind == ReadKind::Visibility && reader.group.is_none() {
                    next.extend(self.columns.get(reader).into_iter().flatten().cloned());
                }
            }
            if forms.insert(node.form.clone()) {
                next.extend(self.progress.get(&node.form).into_iter().flatten().cloned());
            }
            for n in next {
                if reached.insert(n.clone()) {
                    todo.push(n);
                }
            }
        }
        let mut found: Vec<usize> = reached
            .iter()
            .filter(|n| n.form == self.form)
            .filter_map(|n| self.index(n.item()))
            .collect();
        found.sort_unstable();
        found.dedup();
        forms.remove(&self.form);
        let mut others: Vec<String> = forms.into_iter().collect();
        others.sort_unstable();
        Reach {
            items: found,
            visibility,
            others,
        }
    }

    /// The index of the top-level item `id`.
    pub(crate) fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::catalog::FormSet;
    use crate::domain::form::catalog::SourceFile;

    fn forms() -> FormSet {
        let form = r#"(id: "f", title: "F", version: 1, step: 1, description: "d", sections: [
            (id: "one", title: "One", fields: [
                (id: "a", label: "A", kind: Text()),
                (id: "b", label: "B", kind: Text(), required_if: NotEmpty("a")),
                (id: "c", label: "C", kind: Text(), visible_if: NotEmpty("b")),
                (id: "alone", label: "Alone", kind: Text()),
                (id: "rows", label: "Rows", kind: Group(fields: [(id: "x", label: "X", kind: Text())])),
            ]),
            (id: "two", title: "Two", visible_if: NotEmpty("rows.x"), fields: [
                (id: "d", label: "D", kind: Text()),
            ]),
        ])"#;
        // g reads f.a and shows f's status.
        let reader = r#"(id: "g", title: "G", version: 1, step: 2, description: "d", sections: [
            (id: "one", title: "One", fields: [
                (id: "copy", label: "Copy", kind: Reuse(from: "f.a")),
                (id: "f_done", label: "F", kind: Progress(form: "f")),
            ]),
        ])"#;
        let steps: Vec<String> = (1..=7)
            .map(|n| {
                let forms = match n {
                    1 => r#"["f"]"#,
                    2 => r#"["g"]"#,
                    _ => "[]",
                };
                format!(r#"(number: {n}, title: "S{n}", what_to_do: "W", forms: {forms})"#)
            })
            .collect();
        let journey = format!("(steps: [{}])", steps.join(","));
        FormSet::load(&[
            SourceFile {
                name: "journey.ron".into(),
                text: journey,
            },
            SourceFile {
                name: "f.ron".into(),
                text: form.into(),
            },
            SourceFile {
                name: "g.ron".into(),
                text: reader.into(),
            },
        ])
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_change_reaches_its_readers_and_theirs() {
        let forms = forms();
        let reach = FormReach::new(forms.graph(), forms.form("f").unwrap());
        let at = |id| reach.index(id).unwrap();
        // a is read by b's requirement, b by c's visibility.
        let a = reach.of(at("a"), None);
        assert_eq!(a.items, vec![at("a"), at("b"), at("c")]);
        assert!(a.visibility, "c's visibility reads b, which reads a");
        assert_eq!(reach.of(at("alone"), None).items, vec![at("alone")]);
        assert!(!reach.of(at("alone"), None).visibility);
        // A column is read through its group: section two's condition names rows.
        let rows = reach.of(at("rows"), Some("x"));
        assert_eq!(rows.items, vec![at("rows"), at("d")]);
        assert!(rows.visibility);
        assert_eq!(rows.others, ["g"], "g shows f's status");
    }

    #[test]
    fn a_change_names_the_other_forms_it_reaches() {
        let forms = forms();
        let reach = FormReach::new(forms.graph(), forms.form("f").unwrap());
        let at = |id| reach.index(id).unwrap();
        assert_eq!(reach.of(at("a"), None).others, ["g"]);
        let g = FormReach::new(forms.graph(), forms.form("g").unwrap());
        // Nothing reads g: a change to it is checked on g alone.
        assert!(g.of(g.index("copy").unwrap(), None).others.is_empty());
    }
}
