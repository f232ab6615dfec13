//! Condition cycles, for the lint: a field whose visibility, requirement or value depends,
//! through conditions (`Any`/`All`/`Not` branches included), reused or computed answers,
//! its section or its group, on itself. Evaluation of such a form could only stop at an
//! arbitrary depth, so the lint refuses it, and a chain of dependencies longer than
//! [`MAX_CHAIN`] fields (which evaluation would cut short) too.

use std::collections::{BTreeSet, HashMap};

use crate::domain::form::catalog::Diagnostic;
use crate::domain::form::graph::Graph as FormGraph;
use crate::domain::form::schema::FormDef;
use crate::domain::lint::locate::locate;
use crate::domain::lint::parse::ParsedForm;
use crate::domain::values::limits::MAX_CHAIN;

/// A node: `form.field`, or `form.group[].field` for a field of a group.
type Node = String;

/// Every field's dependencies: the reads of the [`FormGraph`] that evaluation follows;
/// and where each field is (file index, field id).
struct Dependencies {
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
fn longest_chain<'g>(graph: &'g Dependencies, nodes: &[&'g Node]) -> Option<(&'g Node, usize)> {
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
    graph: &'g Dependencies,
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

fn report(forms: &[ParsedForm<'_>], graph: &Dependencies, cycle: &[Node]) -> Diagnostic {
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

fn build(forms: &[ParsedForm<'_>]) -> Dependencies {
    let defs: Vec<&FormDef> = forms.iter().map(|p| &p.def).collect();
    let mut graph = Dependencies {
        edges: HashMap::new(),
        origin: HashMap::new(),
    };
    for reader in FormGraph::build(&defs).fields {
        let me = reader.node.to_string();
        let deps = reader.reads.iter().filter(|r| r.kind.is_evaluated());
        graph
            .origin
            .insert(me.clone(), (reader.form, reader.node.field.clone()));
        graph
            .edges
            .entry(me)
            .or_default()
            .extend(deps.map(|r| r.node.to_string()));
    }
    graph
}
