//! Build-time guards and resources.
//!
//! Why here and not in a test: a missing translation or a mistyped `{ $variable }` must stop the
//! build itself, so no binary with a half-translated page can ever be produced. The same pass
//! embeds the locale files, so the binary needs nothing beside it at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

#[allow(dead_code)]
#[path = "src/catalog/model.rs"]
mod catalog_model;

#[allow(dead_code)]
#[path = "src/access/model.rs"]
mod access_model;
#[path = "src/presets/model.rs"]
mod presets_model;

const LANGUAGES: [&str; 2] = ["nl", "en"];

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));

    let locales = manifest_dir.join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let (files, message_ids) =
        check_locales(&locales).unwrap_or_else(|problems| fail("locales", &problems));
    write_locale_table(&out_dir, &files);

    let routes = manifest_dir.join("assets").join("access-routes.toml");
    println!("cargo:rerun-if-changed={}", routes.display());
    check_access_routes(&routes, &message_ids)
        .unwrap_or_else(|problems| fail("assets/access-routes.toml", &problems));
    write_access_table(&out_dir, &routes);

    let catalog = manifest_dir.join("assets").join("catalog");
    println!("cargo:rerun-if-changed={}", catalog.display());
    let entries =
        check_catalog(&catalog).unwrap_or_else(|problems| fail("assets/catalog", &problems));
    write_catalog_table(&out_dir, &catalog, &entries);

    let presets = manifest_dir.join("assets").join("presets");
    println!("cargo:rerun-if-changed={}", presets.display());
    let preset_stems = check_presets(&presets, &entries, &message_ids)
        .unwrap_or_else(|problems| fail("assets/presets", &problems));
    write_preset_table(&out_dir, &presets, &preset_stems);

    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        embed_windows_resources(&manifest_dir);
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo did not set {name}"))
}

/// Prints every problem at once, so a translator fixes the whole list in one go.
fn fail(what: &str, problems: &[String]) -> ! {
    let mut text = format!(
        "\n\nOverstap build stopped: {} problem(s) in {what}:\n",
        problems.len()
    );
    for problem in problems {
        let _ = writeln!(text, "  - {problem}");
    }
    panic!("{text}");
}

/// What one message or attribute needs from the caller: its `{ $variables }`.
type Shape = BTreeMap<String, BTreeSet<String>>;

/// Checks that both languages have the same files, the same message ids (and attributes), and the
/// same variables per message. Returns the `.ftl` file names (sorted) and every message id on
/// success.
fn check_locales(dir: &Path) -> Result<(Vec<String>, BTreeSet<String>), Vec<String>> {
    let mut problems = Vec::new();
    let mut files_per_lang: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for lang in LANGUAGES {
        let mut names = BTreeSet::new();
        match std::fs::read_dir(dir.join(lang)) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".ftl") {
                        names.insert(name);
                    }
                }
            }
            Err(err) => problems.push(format!("cannot read locales/{lang}: {err}")),
        }
        files_per_lang.insert(lang, names);
    }
    let all_files: BTreeSet<String> = files_per_lang.values().flatten().cloned().collect();
    for file in &all_files {
        for lang in LANGUAGES {
            if !files_per_lang[lang].contains(file) {
                problems.push(format!("locales/{lang}/{file} is missing"));
            }
        }
    }

    let mut shapes: BTreeMap<&str, BTreeMap<String, (String, BTreeSet<String>)>> = BTreeMap::new();
    for lang in LANGUAGES {
        let mut lang_shape = BTreeMap::new();
        for file in &files_per_lang[lang] {
            let path = dir.join(lang).join(file);
            println!("cargo:rerun-if-changed={}", path.display());
            let source = match std::fs::read_to_string(&path) {
                Ok(source) => source,
                Err(err) => {
                    problems.push(format!("cannot read locales/{lang}/{file}: {err}"));
                    continue;
                }
            };
            match shape_of(&source) {
                Ok(shape) => {
                    for (id, vars) in shape {
                        if let Some((other, _)) = lang_shape.get(&id) {
                            problems.push(format!(
                                "locales/{lang}: message `{id}` defined in both {other} and {file}"
                            ));
                        }
                        lang_shape.insert(id, (file.clone(), vars));
                    }
                }
                Err(errors) => {
                    for error in errors {
                        problems.push(format!("locales/{lang}/{file}: {error}"));
                    }
                }
            }
        }
        shapes.insert(lang, lang_shape);
    }

    let (nl, en) = (&shapes["nl"], &shapes["en"]);
    for (id, (file, vars)) in nl {
        match en.get(id) {
            None => problems.push(format!(
                "`{id}` exists in locales/nl/{file} but not in English"
            )),
            Some((_, en_vars)) if en_vars != vars => problems.push(format!(
                "`{id}` uses variables {:?} in Dutch but {:?} in English",
                vars, en_vars
            )),
            Some(_) => {}
        }
    }
    for (id, (file, _)) in en {
        if !nl.contains_key(id) {
            problems.push(format!(
                "`{id}` exists in locales/en/{file} but not in Dutch"
            ));
        }
    }

    if problems.is_empty() {
        Ok((
            all_files.into_iter().collect(),
            en.keys().cloned().collect(),
        ))
    } else {
        Err(problems)
    }
}

/// The access routes parse, obey the structural rules and name only message ids that exist.
fn check_access_routes(path: &Path, message_ids: &BTreeSet<String>) -> Result<(), Vec<String>> {
    let source = std::fs::read_to_string(path).map_err(|e| vec![format!("cannot read: {e}")])?;
    let routes = access_model::parse(&source).map_err(|e| vec![e])?;
    let problems = access_model::validate(&routes, Some(message_ids));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `access.rs` in OUT_DIR: the validated routes file, embedded.
fn write_access_table(out_dir: &Path, path: &Path) {
    let code = format!(
        "/// Generated by build.rs: the validated access routes, embedded.\npub(crate) const ACCESS_ROUTES: &str = include_str!({:?});\n",
        path.display().to_string()
    );
    write_if_changed(&out_dir.join("access.rs"), &code);
}

/// Message ids (with `.attribute` suffixes for attributes, and `-term` ids) mapped to the variables
/// they reference.
fn shape_of(source: &str) -> Result<Shape, Vec<String>> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            return Err(errors
                .iter()
                .map(|e| {
                    let line = source[..e.pos.start.min(source.len())]
                        .lines()
                        .count()
                        .max(1);
                    format!("syntax error near line {line}: {:?}", e.kind)
                })
                .collect());
        }
    };
    let mut shape = Shape::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut vars = BTreeSet::new();
        if let Some(pattern) = value {
            pattern_vars(pattern, &mut vars);
        }
        shape.insert(id.clone(), vars);
        for attribute in attributes {
            let mut vars = BTreeSet::new();
            pattern_vars(&attribute.value, &mut vars);
            shape.insert(format!("{id}.{}", attribute.id.name), vars);
        }
    }
    Ok(shape)
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => args_vars(arguments, vars),
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => args_vars(arguments, vars),
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

fn args_vars(arguments: &ast::CallArguments<&str>, vars: &mut BTreeSet<String>) {
    for positional in &arguments.positional {
        inline_vars(positional, vars);
    }
    for named in &arguments.named {
        inline_vars(&named.value, vars);
    }
}

/// `locales.rs` in OUT_DIR: `(language, file, contents)` for every locale file.
fn write_locale_table(out_dir: &Path, files: &[String]) {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let mut code = String::from("/// Generated by build.rs: every locale file, embedded.\n");
    code.push_str("pub(crate) const LOCALE_FILES: &[(&str, &str, &str)] = &[\n");
    for lang in LANGUAGES {
        for file in files {
            let path = manifest_dir.join("locales").join(lang).join(file);
            let _ = writeln!(
                code,
                "    ({lang:?}, {file:?}, include_str!({:?})),",
                path.display().to_string()
            );
        }
    }
    code.push_str("];\n");
    write_if_changed(&out_dir.join("locales.rs"), &code);
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// Parses and validates every catalogue file; returns the file stems, sorted.
fn check_catalog(dir: &Path) -> Result<Vec<String>, Vec<String>> {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(err) => return Err(vec![format!("cannot read the folder: {err}")]),
    };
    paths.sort();
    for path in paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = match std::fs::read_to_string(&path) {
            Ok(source) => source,
            Err(err) => {
                problems.push(format!("{stem}.toml: cannot read: {err}"));
                continue;
            }
        };
        match catalog_model::parse(&source) {
            Ok(app) => parsed.push((stem, app)),
            Err(err) => problems.push(format!("{stem}.toml: {err}")),
        }
    }
    problems.extend(catalog_model::validate(&parsed));
    if parsed.is_empty() && problems.is_empty() {
        problems.push("the catalogue is empty".into());
    }
    if problems.is_empty() {
        Ok(parsed.into_iter().map(|(stem, _)| stem).collect())
    } else {
        Err(problems)
    }
}

/// `catalog.rs` in OUT_DIR: `(file stem, contents)` of every catalogue file.
fn write_catalog_table(out_dir: &Path, dir: &Path, stems: &[String]) {
    let mut code = String::from("/// Generated by build.rs: the validated catalogue, embedded.\n");
    code.push_str("pub(crate) const CATALOG_FILES: &[(&str, &str)] = &[\n");
    for stem in stems {
        let path = dir.join(format!("{stem}.toml"));
        let _ = writeln!(
            code,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    write_if_changed(&out_dir.join("catalog.rs"), &code);
}

/// Parses and validates every preset file: the model's rules, both languages' message ids, the
/// file named after its id, and a catalogue entry of that id. Returns the file stems, sorted.
fn check_presets(
    dir: &Path,
    catalog: &[String],
    message_ids: &BTreeSet<String>,
) -> Result<Vec<String>, Vec<String>> {
    let mut problems = Vec::new();
    let mut stems = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(err) => return Err(vec![format!("cannot read the folder: {err}")]),
    };
    paths.sort();
    for path in paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let preset = match std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|source| presets_model::parse(&source))
        {
            Ok(preset) => preset,
            Err(err) => {
                problems.push(format!("{stem}.toml: {err}"));
                continue;
            }
        };
        if preset.id != stem {
            problems.push(format!(
                "{stem}.toml: the id is `{}`, not the file name",
                preset.id
            ));
        }
        if !catalog.contains(&preset.id) {
            problems.push(format!(
                "{stem}.toml: no catalogue entry `{}` in assets/catalog",
                preset.id
            ));
        }
        problems.extend(presets_model::validate(
            &preset,
            &access_model::SCENARIO_KEYS,
            Some(message_ids),
        ));
        stems.push(stem);
    }
    if problems.is_empty() {
        Ok(stems)
    } else {
        Err(problems)
    }
}

/// `presets.rs` in OUT_DIR: `(file stem, contents)` of every preset file.
fn write_preset_table(out_dir: &Path, dir: &Path, stems: &[String]) {
    let mut code = String::from("/// Generated by build.rs: the validated presets, embedded.\n");
    code.push_str("pub(crate) const PRESET_FILES: &[(&str, &str)] = &[\n");
    for stem in stems {
        let path = dir.join(format!("{stem}.toml"));
        let _ = writeln!(
            code,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    write_if_changed(&out_dir.join("presets.rs"), &code);
}

/// Icon, version info and manifest for the Windows executable.
fn embed_windows_resources(manifest_dir: &Path) {
    let icon = manifest_dir.join("assets").join("icon.ico");
    let manifest = manifest_dir.join("assets").join("overstap.exe.manifest");
    println!("cargo:rerun-if-changed={}", icon.display());
    println!("cargo:rerun-if-changed={}", manifest.display());
    let mut res = winresource::WindowsResource::new();
    res.set_icon(&icon.display().to_string())
        .set_manifest_file(&manifest.display().to_string())
        .set("ProductName", "Overstap")
        .set(
            "FileDescription",
            "Overstap - Exchange Online basic auth to OAuth 2.0",
        )
        .set("CompanyName", "Overstap")
        .set("LegalCopyright", "MIT OR Apache-2.0")
        .set("OriginalFilename", "overstap.exe");
    if let Err(err) = res.compile() {
        panic!("cannot embed Windows resources (icon, version info, manifest): {err}");
    }
}
