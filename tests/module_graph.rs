//! The shape of the crate, checked on its source: the top-level modules form a graph without
//! cycles (a cycle is how "the session owns everything" crept in before), the domain core never
//! reaches up into the `ui` layer, and only `ui` (plus the window's start-up in `gui`) knows egui.
//!
//! A module's dependencies are the `crate::x` paths in its code, comments and `#[cfg(test)]`
//! modules left out (a test may use whatever it likes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules that draw: they may depend on everything, nothing may depend on them.
const DRAWING: [&str; 2] = ["ui", "gui"];
/// The layers of README.md's "Where things are", bottom first: a module may use its own layer
/// and the ones below, never one above. A new module must be placed here.
const LAYERS: [&[&str]; 5] = [
    &[
        "fsutil", "i18n", "text", "dates", "guid", "secrets", "jobs", "platform",
    ],
    &[
        "catalog",
        "scenario",
        "access",
        "presets",
        "portal",
        "exchange_script",
    ],
    &[
        "detect",
        "sql",
        "identity",
        "mailtest",
        "writeback",
        "plan",
        "relay",
    ],
    &[
        "registration",
        "checklist",
        "session",
        "wizard",
        "summary",
        "report",
        "pdf",
        "worker_news",
    ],
    &[
        "cli",
        "apply_cli",
        "settings",
        "dialogs",
        "ui",
        "gui",
        "bench_probe",
    ],
];

/// The binary entry points: not part of the library's graph.
const ENTRY: [&str; 2] = ["main", "lib"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src` belongs to: `detect` for `src/detect/text.rs`.
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

/// The code of a file without comments and without its test modules.
fn code_of(source: &str) -> String {
    let mut code = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_test = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        let line = match line.find("//") {
            // A `//` inside a string ("https://...") is not a comment; a line with a quote
            // before the slashes is kept whole, which only ever adds text.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        let opens = line.matches('{').count();
        let closes = line.matches('}').count();
        if pending_test && skip_depth.is_none() {
            skip_depth = Some(depth);
            pending_test = false;
        }
        depth = (depth + opens).saturating_sub(closes);
        if let Some(start) = skip_depth {
            if depth <= start && (opens > 0 || closes > 0) {
                skip_depth = None;
            }
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The top-level modules `code` names: `crate::x` and `use crate::{x, y::z}`.
fn dependencies(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group ends at its own closing brace, after any nested `x::{a, b}`.
            let mut open = 1usize;
            let end = group
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '{' => open += 1,
                        '}' => open -= 1,
                        _ => {}
                    }
                    open == 0
                })
                .map_or(group.len(), |(at, _)| at);
            // Only the first segment of each item of the group is a top-level module.
            let mut level = 0i32;
            let mut item_start = true;
            let mut i = 0;
            let bytes = &group.as_bytes()[..end];
            while i < bytes.len() {
                match bytes[i] {
                    b'{' => level += 1,
                    b'}' => level -= 1,
                    b',' if level == 0 => item_start = true,
                    c if item_start && (c as char).is_ascii_alphabetic() => {
                        names.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let top = top_module(&src, file);
        if ENTRY.contains(&top.as_str()) || top == "bin" {
            continue;
        }
        let source = std::fs::read_to_string(file).expect("read a source file");
        let deps = dependencies(&code_of(&source));
        graph
            .entry(top.clone())
            .or_default()
            .extend(deps.into_iter().filter(|d| *d != top));
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    graph
}

/// Every cycle's members (strongly connected components of more than one module).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability by repeated search: the graph has a few dozen nodes.
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in &graph[&node] {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|k| (k, reach(k))).collect();
    let mut found: Vec<Vec<String>> = Vec::new();
    for (node, reached) in &reaches {
        if !reached.contains(*node) {
            continue;
        }
        let mut component: Vec<String> = reached
            .iter()
            .filter(|other| reaches[other].contains(*node))
            .cloned()
            .collect();
        component.sort();
        if !found.contains(&component) {
            found.push(component);
        }
    }
    found
}

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = graph();
    assert!(graph.len() > 20, "the source tree was not read: {graph:?}");
    let found = cycles(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|component| {
            component
                .iter()
                .map(|m| {
                    let inside: Vec<&String> =
                        graph[m].iter().filter(|d| component.contains(d)).collect();
                    format!("{m} -> {inside:?}")
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    assert!(found.is_empty(), "module cycles: {described:#?}");
}

#[test]
fn every_module_uses_only_its_own_layer_and_those_below() {
    let graph = graph();
    let layer_of = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module));
    let mut problems = Vec::new();
    for (module, deps) in &graph {
        let Some(own) = layer_of(module) else {
            problems.push(format!(
                "{module} is in no layer (tests/module_graph.rs, README.md)"
            ));
            continue;
        };
        for dep in deps {
            if let Some(theirs) = layer_of(dep)
                && theirs > own
            {
                problems.push(format!(
                    "{module} (layer {}) uses {dep} (layer {})",
                    own + 1,
                    theirs + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_core_never_depends_on_what_draws() {
    let graph = graph();
    let faces = LAYERS[LAYERS.len() - 1];
    for (module, deps) in &graph {
        // The command line may share the window's start-up code; the core may not.
        if faces.contains(&module.as_str()) {
            continue;
        }
        for drawing in DRAWING {
            assert!(
                !deps.contains(drawing),
                "{module} depends on {drawing}: the core must work without a window"
            );
        }
    }
}

#[test]
fn only_the_drawing_layer_knows_egui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = top_module(&src, &file);
        if DRAWING.contains(&top.as_str()) || top == "bin" || top == "bench_probe" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).expect("read"));
        for needle in ["egui::", "eframe::", "use egui", "use eframe"] {
            assert!(
                !code.contains(needle),
                "{} uses {needle}: only src/ui and src/gui.rs draw",
                relative.display()
            );
        }
    }
}

/// The checker itself: a cycle planted in a made-up graph is found, and comments and test
/// modules are not dependencies.
#[test]
fn the_checker_finds_a_planted_cycle_and_ignores_comments_and_tests() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("a".into(), ["b".to_owned()].into());
    graph.insert("b".into(), ["c".to_owned()].into());
    graph.insert("c".into(), ["a".to_owned()].into());
    graph.insert("d".into(), ["a".to_owned()].into());
    assert_eq!(
        cycles(&graph),
        vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]
    );
    let source = "use crate::{alpha, beta::{x, y}, gamma::z};\n\
                  // crate::commented\n\
                  let url = \"https://example\"; crate::delta::f();\n\
                  #[cfg(test)]\nmod tests {\n    use crate::tested;\n    fn f() { crate::also(); }\n}\n\
                  fn after() { crate::epsilon::g(); }\n";
    let deps = dependencies(&code_of(source));
    let expected: BTreeSet<String> = ["alpha", "beta", "gamma", "delta", "epsilon"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(deps, expected);
}
