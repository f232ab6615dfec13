//! Condition cycles, for the lint: a field whose visibility, requirement or value depends,
//! through conditions (`Any`/`All`/`Not` branches included), reused or computed answers,
//! its section or its group, on itself. Evaluation of such a form could only stop at an
//! arbitrary depth, so the lint refuses it, and a chain of dependencies longer than
//! [`MAX_CHAIN`] fields (which evaluation would cut short) too.

use std::collections::{BTreeSet, HashMap};

use crate::domain::form::catalog::Diagnostic;
use crate::domain::form::condition::Condition;
use crate::domain::form::resolve::{Scope, Target, resolve_in};
use crate::domain::form::schema::{Field, FieldKind, FormDef};
use crate::domain::lint::locate::locate;
use crate::domain::lint::parse::ParsedForm;
use crate::domain::values::limits::MAX_CHAIN;

/// A node: `form.field`, or `form.group[].field` for a field of a group.
type Node = String;

fn node(form: &FormDef, group: Option<&Field>, field: &Field) -> Node {
    match group {
        None => format!("{}.{}", form.id, field.id),
        Some(g) => format!("{}.{}[].{}", form.id, g.id, field.id),
    }
}

fn target_node(target: Target<'_>) -> Node {
    match target {
        Target::Field { form, field, .. } => node(form, None, field),
        Target::SameRow {
            form, group, field, ..
        }
        | Target::Column {
            form, group, field, ..
        } => node(form, Some(group), field),
    }
}

/// Every field's dependencies, and where each field is (file index, field id).
struct Graph {
    edges: HashMap<Node, Vec<Node>>,
    origin: HashMap<Node, (usize, String)>,
}

/// One diagnostic per cycle among the forms' fields; when there are none, one for a chain
/// of dependencies longer than [`MAX_CHAIN`].
pub fn find(forms: &[ParsedForm<'_>]) -> Vec<Diagnostic> {
    let graph = build(forms);
    let mut nodes: Vec<&Node> = graph.edges.keys().collect();
    nodes.sort();
    let mut state: HashMap<&str, Mark> = HashMap::new();
    let mut seen: BTreeSet<BTreeSet<Node>> = BTreeSet::new();
    let mut out = Vec::new();
    for start in &nodes {
        for cycle in walk(&graph, start, &mut state) {
            let members: BTreeSet<Node> = cycle.iter().cloned().collect();
            if seen.insert(members) {
                out.push(report(forms, &graph, &cycle));
            }
        }
    }
    if out.is_empty()
        && let Some((start, length)) = longest_chain(&graph, &nodes)
    {
        let (file, anchor) = &graph.origin[start];
        let parsed = &forms[*file];
        let (line, col) = locate(&parsed.file.text, anchor, 0);
        out.push(Diagnostic {
            file: parsed.file.name.clone(),
            line,
            col,
            message: format!(
                "{start} depends on a chain of {length} fields through conditions and reused \
                 answers; at most {MAX_CHAIN} are allowed"
            ),
        });
    }
    out
}

/// The first field (in `nodes` order) whose chain of dependencies is longer than
/// [`MAX_CHAIN`], and its length. The graph has no cycles.
fn longest_chain<'g>(graph: &'g Graph, nodes: &[&'g Node]) -> Option<(&'g Node, usize)> {
    let edges = |n: &str| graph.edges.get(n).map_or(&[][..], Vec::as_slice);
    let mut depth: HashMap<&str, usize> = HashMap::new();
    for start in nodes {
        let mut stack: Vec<(&str, bool)> = vec![(start, false)];
        while let Some((at, expanded)) = stack.pop() {
            if depth.contains_key(at) {
                continue;
            }
            if expanded {
                let below = edges(at)
                    .iter()
                    .map(|n| depth.get(n.as_str()).copied().unwrap_or(0));
                depth.insert(at, below.max().map_or(0, |d| d + 1));
                continue;
            }
            stack.push((at, true));
            stack.extend(edges(at).iter().map(|n| (n.as_str(), false)));
        }
        if depth[start.as_str()] > MAX_CHAIN {
            return Some((start, depth[start.as_str()]));
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Done,
}

/// Depth-first from `start` (without recursion, so a long chain cannot overflow the
/// stack): the cycles found, each as its nodes in order.
fn walk<'g>(
    graph: &'g Graph,
    start: &'g str,
    state: &mut HashMap<&'g str, Mark>,
) -> Vec<Vec<Node>> {
    let mut cycles = Vec::new();
    if state.contains_key(start) {
        return cycles;
    }
    let edges = |n: &str| graph.edges.get(n).map_or(&[][..], Vec::as_slice);
    let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
    state.insert(start, Mark::Open);
    while let Some((at, next)) = stack.last_mut() {
        let Some(to) = edges(at).get(*next) else {
            state.insert(at, Mark::Done);
            stack.pop();
            continue;
        };
        *next += 1;
        match state.get(to.as_str()) {
            Some(Mark::Open) => {
                let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                cycles.push(stack[from..].iter().map(|(n, _)| n.to_string()).collect());
            }
            Some(Mark::Done) => {}
            None => {
                state.insert(to, Mark::Open);
                stack.push((to, 0));
            }
        }
    }
    cycles
}

fn report(forms: &[ParsedForm<'_>], graph: &Graph, cycle: &[Node]) -> Diagnostic {
    let (file, anchor) = &graph.origin[&cycle[0]];
    let parsed = &forms[*file];
    let (line, col) = locate(&parsed.file.text, anchor, 0);
    let mut path: Vec<&str> = cycle.iter().map(String::as_str).collect();
    path.push(&cycle[0]);
    Diagnostic {
        file: parsed.file.name.clone(),
        line,
        col,
        message: format!(
            "condition cycle: {} (a field's visibility, requirement or value depends on itself)",
            path.join(" -> ")
        ),
    }
}

fn build<'f>(forms: &'f [ParsedForm<'_>]) -> Graph {
    let mut graph = Graph {
        edges: HashMap::new(),
        origin: HashMap::new(),
    };
    let find = |id: &str| forms.iter().map(|p| &p.def).find(|f| f.id == id);
    for (i, parsed) in forms.iter().enumerate() {
        let form = &parsed.def;
        for section in &form.sections {
            for field in &section.fields {
                let fields = std::iter::once((None, field)).chain(
                    field
                        .kind
                        .group_fields()
                        .into_iter()
                        .flatten()
                        .map(|sub| (Some(field), sub)),
                );
                for (group, f) in fields {
                    let mut deps = Vec::new();
                    let mut add = |scope_group: Option<&'f Field>, path: &str| {
                        let scope = Scope {
                            form,
                            group: scope_group,
                        };
                        if let Some(t) = resolve_in(find, scope, path) {
                            deps.push(target_node(t));
                        }
                    };
                    if let Some(c) = &section.visible_if {
                        paths(c, &mut |p| add(None, p));
                    }
                    for c in f.visible_if.iter().chain(&f.required_if) {
                        paths(c, &mut |p| add(group, p));
                    }
                    value_sources(f, group, &mut add);
                    if let Some(g) = group {
                        deps.push(node(form, None, g));
                    }
                    let me = node(form, group, f);
                    graph.origin.insert(me.clone(), (i, f.id.clone()));
                    graph.edges.entry(me).or_default().extend(deps);
                }
            }
        }
    }
    graph
}

/// The paths a field's own value is read from (reused, computed, linked answers).
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

fn paths(condition: &Condition, f: &mut dyn FnMut(&str)) {
    condition.visit(&mut |path, _| f(path));
}
