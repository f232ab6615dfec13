//! The crate's files import each other without circles, and the domain's layers only
//! import downward (`src/domain/mod.rs` names them). Reads `use crate::…`, `use super::…`
//! and `crate::…`/`super::…` paths outside `#[cfg(test)]` modules, maps each to the file
//! that defines the module, and looks for strongly connected groups of two files or more.
//! The same as `import_circles.py` of the project's tools, kept here so that `cargo test`
//! refuses a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex_lite::Regex;

/// The domain's layers, lowest first; a layer imports only those before it (and itself).
/// `lint` and `draft` are one layer, and neither imports the other.
const LAYERS: [&[&str]; 7] = [
    &["values"],
    &["form"],
    &["lint", "draft"],
    &["rules"],
    &["change"],
    &["timeline"],
    &["report"],
];

/// What the domain may import from the rest of the crate: nothing of storage, exports or
/// the terminal.
const DOMAIN_MAY_USE: [&str; 1] = ["text"];

type Module = Vec<String>;

struct Crate {
    /// Per file (relative to `src/`), its module path.
    modules: BTreeMap<PathBuf, Module>,
    /// Per file, the files it imports.
    imports: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` is `a::b`; `src/a/mod.rs` is `a`; `src/lib.rs` is the crate.
fn module_of(relative: &Path) -> Module {
    let mut parts: Module = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|l| ["mod", "lib", "main"].contains(&l.as_str()))
    {
        parts.pop();
    }
    parts
}

/// The text without its `#[cfg(test)] mod … { … }` blocks and `//` comments.
fn without_tests_and_comments(text: &str) -> String {
    let test_mod = Regex::new(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{").unwrap();
    let mut out = String::new();
    let mut at = 0;
    for found in test_mod.find_iter(text) {
        if found.start() < at {
            continue;
        }
        out.push_str(&text[at..found.start()]);
        let mut depth = 1;
        let mut end = found.end();
        for (i, c) in text[found.end()..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            end = found.end() + i + c.len_utf8();
            if depth == 0 {
                break;
            }
        }
        at = end;
    }
    out.push_str(&text[at..]);
    Regex::new(r"//[^\n]*")
        .unwrap()
        .replace_all(&out, "")
        .into_owned()
}

/// Every path the text names from `crate`, `super` or `self`, as written; a
/// `use x::{a, b::c}` gives `x::a` and `x::b::c`.
fn paths(text: &str) -> Vec<String> {
    let group = Regex::new(r"use\s+((?:crate|super|self)(?:::\w+)*)::\{([^;]*)\};").unwrap();
    let path = Regex::new(r"\b(crate|super(?:::super)*|self)::((?:\w+::)*\w+)").unwrap();
    let mut found: Vec<String> = path.find_iter(text).map(|m| m.as_str().into()).collect();
    for g in group.captures_iter(text) {
        for item in g[2].split(',') {
            let item = item.split(" as ").next().unwrap_or("").trim();
            let item = item.split("::{").next().unwrap_or("");
            if !item.is_empty() && item != "self" {
                found.push(format!("{}::{item}", &g[1]));
            }
        }
    }
    found
}

fn read_crate() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<PathBuf, Module> = files
        .iter()
        .map(|f| {
            let relative = f.strip_prefix(&src).unwrap().to_path_buf();
            let module = module_of(&relative);
            (relative, module)
        })
        .collect();
    let by_module: BTreeMap<&Module, &PathBuf> = modules.iter().map(|(f, m)| (m, f)).collect();
    // The file of the longest module prefix of `parts`.
    let resolve = |parts: &[String]| {
        (1..=parts.len())
            .rev()
            .find_map(|n| by_module.get(&parts[..n].to_vec()).copied())
    };
    let mut imports = BTreeMap::new();
    for (file, me) in &modules {
        let text = std::fs::read_to_string(src.join(file)).unwrap();
        let mut targets = BTreeSet::new();
        for path in paths(&without_tests_and_comments(&text)) {
            let mut parts: Vec<String> = path.split("::").map(String::from).collect();
            let head = parts.remove(0);
            let supers = path.split("::").take_while(|p| *p == "super").count();
            let mut base: Module = match head.as_str() {
                "crate" => Vec::new(),
                "self" => me.clone(),
                // A module path's parents (mod.rs names its folder).
                _ => me[..me.len().saturating_sub(supers)].to_vec(),
            };
            base.extend(parts.into_iter().skip(supers.saturating_sub(1)));
            if let Some(target) = resolve(&base)
                && target != file
            {
                targets.insert(target.clone());
            }
        }
        imports.insert(file.clone(), targets);
    }
    Crate { modules, imports }
}

/// The files reachable from `start` through imports.
fn reachable<'a>(
    imports: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    start: &'a PathBuf,
) -> BTreeSet<&'a PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(file) = todo.pop() {
        for next in imports.get(file).into_iter().flatten() {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    seen
}

/// Groups of two files or more that import each other, directly or not.
fn circles(imports: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<BTreeSet<&PathBuf>> {
    let reach: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> =
        imports.keys().map(|f| (f, reachable(imports, f))).collect();
    let mut groups: Vec<BTreeSet<&PathBuf>> = Vec::new();
    for (file, from_here) in &reach {
        if groups.iter().any(|g| g.contains(file)) {
            continue;
        }
        let group: BTreeSet<&PathBuf> = from_here
            .iter()
            .copied()
            .filter(|other| reach[other].contains(file))
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

fn describe(
    groups: &[BTreeSet<&PathBuf>],
    imports: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
) -> String {
    let mut out = String::new();
    for group in groups {
        out.push_str(&format!("circle of {} files:\n", group.len()));
        for file in group {
            let inside: Vec<String> = imports[*file]
                .iter()
                .filter(|t| group.contains(t))
                .map(|t| t.display().to_string())
                .collect();
            out.push_str(&format!("  {} -> {}\n", file.display(), inside.join(", ")));
        }
    }
    out
}

#[test]
fn no_file_of_src_imports_itself_through_others() {
    let imports = read_crate().imports;
    let groups = circles(&imports);
    assert!(groups.is_empty(), "{}", describe(&groups, &imports));
}

#[test]
fn the_domain_imports_only_downward() {
    let krate = read_crate();
    let layer = |m: &Module| {
        let name = m.get(1)?;
        LAYERS.iter().position(|l| l.contains(&name.as_str()))
    };
    let mut wrong = Vec::new();
    for (file, targets) in &krate.imports {
        let me = &krate.modules[file];
        if me.first().map(String::as_str) != Some("domain") {
            continue;
        }
        for target in targets {
            let them = &krate.modules[target];
            let allowed = match them.first().map(String::as_str) {
                Some("domain") => match (layer(me), layer(them)) {
                    (Some(a), Some(b)) => b < a || (a == b && me.get(1) == them.get(1)),
                    _ => me.len() < 2, // domain/mod.rs names the layers
                },
                Some(other) => DOMAIN_MAY_USE.contains(&other),
                None => false,
            };
            if !allowed {
                wrong.push(format!("{} -> {}", file.display(), target.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_circle_is_found() {
    let file = |name: &str| PathBuf::from(name);
    let imports = BTreeMap::from([
        (file("a.rs"), BTreeSet::from([file("b.rs")])),
        (file("b.rs"), BTreeSet::from([file("c.rs")])),
        (file("c.rs"), BTreeSet::from([file("a.rs")])),
        (file("d.rs"), BTreeSet::from([file("a.rs")])),
    ]);
    let groups = circles(&imports);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].len(), 3, "{}", describe(&groups, &imports));
}

#[test]
fn paths_are_read_as_rust_names_them() {
    let text = "use super::super::x::Y;\nuse crate::a::{b, c::D, e as F};\n\
                // crate::not::this\n#[cfg(test)]\nmod tests { use crate::nor::this; }\n";
    let found = paths(&without_tests_and_comments(text));
    assert_eq!(
        found,
        [
            "super::super::x::Y",
            "crate::a",
            "crate::a::b",
            "crate::a::c::D",
            "crate::a::e"
        ]
    );
    assert_eq!(
        module_of(Path::new("domain/form/mod.rs")),
        ["domain", "form"]
    );
}
