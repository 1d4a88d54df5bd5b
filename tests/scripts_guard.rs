//! CI may depend only on what its own scripts install. A fresh machine once stopped silently in
//! the Windows smoke test because it called `winepath` from a package no script installed; it
//! had passed wherever someone had installed that package by hand.
//!
//! The guard reads every script CI runs (and the commands the Rust tests start), finds each
//! external command, and checks it against `scripts/commands.tsv`: the command must be listed,
//! and its package must be installed by that script's `ensure_packages` line or by a script it
//! runs. Where the command exists on this machine, `dpkg -S` must agree with the table, so the
//! table cannot drift from Debian either.
//!
//! The shell reading is deliberately small: it understands what our scripts use (quotes, `$(…)`,
//! `$((…))`, `${…}`, here-documents, redirections, `env`/`timeout` wrappers, functions, `trap`
//! strings) and refuses `case` and `eval`, which it cannot follow, rather than guess.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One external command invocation found in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Call {
    line: usize,
    command: String,
}

/// What the guard learns from one script.
#[derive(Debug, Default)]
struct Script {
    /// Packages named on its `ensure_packages` lines.
    installs: BTreeSet<String>,
    /// Other repository scripts it always runs (`./scripts/x.sh`, `./test.sh`), as repository
    /// paths: what they install counts for this script too.
    runs: BTreeSet<String>,
    /// Scripts it runs only on some paths (`[ -n "$exe" ] || exe=$(./scripts/build.sh)`): what
    /// they install may not be there.
    may_run: BTreeSet<String>,
    calls: Vec<Call>,
    /// Constructs the guard cannot follow (`case`, `eval`): reported as problems.
    unsupported: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Installed by a script.
    Install,
    /// Part of every Debian system.
    Base,
    /// Comes with the Rust toolchain README.md asks for.
    Toolchain,
}

#[derive(Debug, Clone)]
struct Entry {
    package: String,
    kind: Kind,
}

fn parse_table(text: &str) -> Result<BTreeMap<String, Entry>, String> {
    let mut table = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let kind = match fields.get(2) {
            None => Kind::Install,
            Some(&"base") => Kind::Base,
            Some(&"toolchain") => Kind::Toolchain,
            Some(other) => return Err(format!("line {}: unknown kind {other}", number + 1)),
        };
        if fields.len() < 2 || fields.len() > 3 {
            return Err(format!("line {}: expected 2 or 3 fields", number + 1));
        }
        let entry = Entry {
            package: fields[1].to_owned(),
            kind,
        };
        if table.insert(fields[0].to_owned(), entry).is_some() {
            return Err(format!("line {}: {} listed twice", number + 1, fields[0]));
        }
    }
    Ok(table)
}

// ---------------------------------------------------------------------------------------------
// Reading shell
// ---------------------------------------------------------------------------------------------

/// A word of a simple command; `quoted` words came (partly) from quotes.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    line: usize,
}

/// A simple command; `conditional` when it may not run: inside `$(…)` or a trap, or after `&&`,
/// `||`, `|` or `&`.
#[derive(Debug, Clone)]
struct Cmd {
    words: Vec<Word>,
    conditional: bool,
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    /// Every simple command found, nested substitutions included, in order of completion.
    out: &'a mut Vec<Cmd>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(i, c)| self.peek(i) == Some(c))
    }

    // The word macros reset `in_word` also where the loop ends right after.
    #[allow(unused_assignments)]
    /// Reads commands until `end` (`)` of `$(…)`, a backtick, or the end of input).
    fn commands(&mut self, end: Option<char>) {
        let nested = end.is_some();
        let mut after = '\n';
        let mut words: Vec<Word> = Vec::new();
        let mut word = String::new();
        let mut word_line = self.line;
        let mut in_word = false;
        macro_rules! finish_word {
            () => {
                if in_word {
                    words.push(Word {
                        text: std::mem::take(&mut word),
                        line: word_line,
                    });
                    in_word = false;
                }
            };
        }
        macro_rules! finish_command {
            () => {
                finish_word!();
                if !words.is_empty() {
                    self.out.push(Cmd {
                        words: std::mem::take(&mut words),
                        conditional: nested || matches!(after, '&' | '|' | '('),
                    });
                }
            };
        }
        while let Some(c) = self.peek(0) {
            if Some(c) == end {
                self.bump();
                break;
            }
            if !in_word {
                word_line = self.line;
            }
            match c {
                '#' if !in_word => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                '\\' => {
                    self.bump();
                    if self.peek(0) == Some('\n') {
                        self.bump(); // a continued line
                    } else if let Some(c) = self.bump() {
                        word.push(c);
                        in_word = true;
                    }
                }
                ' ' | '\t' => {
                    self.bump();
                    finish_word!();
                }
                '\n' | ';' | '&' | '|' => {
                    self.bump();
                    finish_command!();
                    after = c;
                }
                '(' if in_word && (word.ends_with('=')) => {
                    // An array assignment: `x=(a b)` runs nothing.
                    while let Some(c) = self.bump() {
                        word.push(c);
                        if c == ')' {
                            break;
                        }
                    }
                }
                '(' | ')' => {
                    self.bump();
                    finish_command!();
                    after = '(';
                }
                '<' | '>' => {
                    self.redirection(&mut word, &mut in_word);
                }
                '\'' => {
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '\'' {
                            break;
                        }
                        word.push(c);
                    }
                    in_word = true;
                }
                '"' => {
                    self.bump();
                    self.double_quoted(&mut word);
                    in_word = true;
                }
                '`' => {
                    self.bump();
                    self.commands(Some('`'));
                    in_word = true;
                }
                '$' => {
                    self.dollar(&mut word);
                    in_word = true;
                }
                _ => {
                    self.bump();
                    word.push(c);
                    in_word = true;
                }
            }
        }
        finish_command!();
    }

    /// `$(…)`, `$((…))`, `${…}` or a plain `$name`.
    fn dollar(&mut self, word: &mut String) {
        if self.starts_with("$((") {
            self.pos += 3;
            self.skim(')', 2);
        } else if self.starts_with("$(") {
            self.pos += 2;
            self.commands(Some(')'));
        } else if self.starts_with("${") {
            self.pos += 2;
            word.push_str("${");
            self.skim('}', 1);
            word.push('}');
        } else {
            self.bump();
            word.push('$');
        }
    }

    /// Inside `$((…))` or `${…}`: nothing runs except nested `$(…)`; ends after `depth` closers
    /// that balance the openers.
    fn skim(&mut self, close: char, mut depth: usize) {
        let open = if close == ')' { '(' } else { '{' };
        while let Some(c) = self.peek(0) {
            if c == '\\' {
                self.bump();
                self.bump();
            } else if c == '$' && self.peek(1) == Some('(') && self.peek(2) != Some('(') {
                self.pos += 2;
                self.commands(Some(')'));
            } else if c == '"' {
                self.bump();
                self.double_quoted(&mut String::new());
            } else if c == '\'' && close == '}' {
                self.bump();
                while let Some(c) = self.bump() {
                    if c == '\'' {
                        break;
                    }
                }
            } else {
                self.bump();
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
    }

    fn double_quoted(&mut self, word: &mut String) {
        while let Some(c) = self.peek(0) {
            match c {
                '"' => {
                    self.bump();
                    break;
                }
                '\\' => {
                    self.bump();
                    if let Some(c) = self.bump() {
                        word.push(c);
                    }
                }
                '$' => self.dollar(word),
                '`' => {
                    self.bump();
                    self.commands(Some('`'));
                }
                _ => {
                    self.bump();
                    word.push(c);
                }
            }
        }
    }

    /// `>file`, `2>&1`, `>&2`, `<<<"$x"`, `>(…)`: the operator and its target run nothing.
    fn redirection(&mut self, word: &mut String, in_word: &mut bool) {
        // A number right before the operator is its file descriptor, not a word.
        if *in_word && word.chars().all(|c| c.is_ascii_digit()) {
            word.clear();
            *in_word = false;
        }
        let first = self.bump();
        if self.peek(0) == Some('(') {
            // Process substitution runs a command.
            self.bump();
            self.commands(Some(')'));
            return;
        }
        let _ = first;
        while matches!(self.peek(0), Some('<' | '>' | '&' | '|')) {
            self.bump();
        }
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.bump();
        }
        // The target: one word, with quotes and substitutions.
        let mut target = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '"' => {
                    self.bump();
                    self.double_quoted(&mut target);
                }
                '\'' => {
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '\'' {
                            break;
                        }
                    }
                }
                '$' => self.dollar(&mut target),
                _ => {
                    self.bump();
                }
            }
        }
    }
}

/// Here-document bodies are data (C, Python, ...), not shell: blank them, keeping line numbers.
fn without_heredocs(text: &str) -> String {
    let mut out = Vec::new();
    let mut delimiter: Option<String> = None;
    for line in text.lines() {
        if let Some(end) = &delimiter {
            if line.trim() == end {
                delimiter = None;
            }
            out.push(String::new());
            continue;
        }
        out.push(line.to_owned());
        let mut rest = line;
        while let Some(i) = rest.find("<<") {
            let after = &rest[i + 2..];
            if let Some(herestring) = after.strip_prefix('<') {
                rest = herestring;
                continue;
            }
            let after = after.trim_start_matches('-').trim_start();
            let name: String = after
                .trim_start_matches(['\'', '"'])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                delimiter = Some(name);
            }
            break;
        }
    }
    out.join("\n")
}

fn simple_commands(text: &str) -> Vec<Cmd> {
    let mut out = Vec::new();
    let text = without_heredocs(text);
    let mut lexer = Lexer {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        out: &mut out,
    };
    lexer.commands(None);
    out
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
    "esac",
];

const BUILTINS: &[&str] = &[
    ".", ":", "[", "alias", "break", "cd", "command", "continue", "declare", "echo", "exit",
    "export", "false", "getopts", "hash", "kill", "let", "local", "printf", "pwd", "read",
    "readonly", "return", "set", "shift", "source", "test", "true", "type", "ulimit", "umask",
    "unset", "wait", "trap",
];

fn is_assignment(word: &str) -> bool {
    let name: String = word
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && (word[name.len()..].starts_with('=') || word[name.len()..].starts_with("+="))
}

fn functions(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let line = line
                .trim_start()
                .trim_start_matches("function ")
                .trim_start();
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            (!name.is_empty() && line[name.len()..].trim_start().starts_with("()")).then_some(name)
        })
        .collect()
}

/// `name=/absolute/path` assignments, so that `"$name" args` resolves to the program it runs.
fn path_variables(commands: &[Cmd]) -> HashMap<String, String> {
    let mut vars = HashMap::new();
    for command in commands {
        for word in command.words.iter().take_while(|w| is_assignment(&w.text)) {
            if let Some((name, value)) = word.text.split_once('=')
                && value.starts_with('/')
                && !value.contains('$')
            {
                vars.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    vars
}

fn analyse(text: &str) -> Script {
    let mut script = Script::default();
    let commands = simple_commands(text);
    let functions = functions(text);
    let vars = path_variables(&commands);
    let mut queue: Vec<Cmd> = commands;
    let mut i = 0;
    // How deep in if/while/for/{ } blocks: a script run there may not run.
    let mut depth = 0usize;
    while i < queue.len() {
        let cmd = queue[i].clone();
        i += 1;
        let mut rest: &[Word] = &cmd.words;
        // Leading keywords and assignments.
        while let Some(first) = rest.first() {
            match first.text.as_str() {
                "if" | "while" | "until" | "{" => depth += 1,
                "fi" | "done" | "}" => depth = depth.saturating_sub(1),
                "for" | "select" => depth += 1,
                word if KEYWORDS.contains(&word) || is_assignment(word) => {}
                _ => break,
            }
            if matches!(first.text.as_str(), "for" | "select") {
                break;
            }
            rest = &rest[1..];
        }
        // Wrappers that run the command after their options.
        while let Some(first) = rest.first() {
            match first.text.as_str() {
                "env" | "exec" | "nohup" => {
                    rest = &rest[1..];
                    while rest
                        .first()
                        .is_some_and(|w| w.text.starts_with('-') || is_assignment(&w.text))
                    {
                        rest = &rest[1..];
                    }
                }
                "timeout" => {
                    rest = &rest[1..];
                    while let Some(option) = rest.first().filter(|w| w.text.starts_with('-')) {
                        // -s SIGNAL and -k DURATION take the next word.
                        let takes_value = matches!(option.text.as_str(), "-s" | "-k");
                        rest = rest.get(if takes_value { 2 } else { 1 }..).unwrap_or(&[]);
                    }
                    rest = rest.get(1..).unwrap_or(&[]); // the duration
                }
                _ => break,
            }
        }
        let Some(first) = rest.first() else { continue };
        let name = first.text.as_str();
        match name {
            "for" | "select" | "[[" | "function" => continue,
            "case" | "eval" => {
                script
                    .unsupported
                    .push((first.line, format!("`{name}` (the guard cannot follow it)")));
                continue;
            }
            "trap" => {
                if let Some(handler) = rest.get(1) {
                    let mut nested = simple_commands(&handler.text);
                    for command in &mut nested {
                        command.conditional = true;
                        for word in command.words.iter_mut() {
                            word.line = first.line;
                        }
                    }
                    queue.extend(nested);
                }
                continue;
            }
            "ensure_packages" => {
                script
                    .installs
                    .extend(rest.iter().skip(2).map(|w| w.text.clone()));
                continue;
            }
            _ => {}
        }
        if BUILTINS.contains(&name) || functions.contains(name) || name.is_empty() {
            continue;
        }
        let program = if let Some(var) = name.strip_prefix('$') {
            let var = var.trim_start_matches('{').trim_end_matches('}');
            match vars.get(var) {
                Some(path) => path.clone(),
                None => continue, // a binary under test, chosen at run time
            }
        } else {
            name.to_owned()
        };
        if program.contains('/') && !program.starts_with('/') {
            let run = program.trim_start_matches("./").to_owned();
            if cmd.conditional || depth > 0 {
                script.may_run.insert(run);
            } else {
                script.runs.insert(run);
            }
            continue;
        }
        script.calls.push(Call {
            line: first.line,
            command: program,
        });
    }
    script
}

/// Programs the Rust tests start: `Command::new("x")` and absolute program paths.
fn rust_test_calls(sources: &[(String, String)]) -> Vec<(String, Call)> {
    let mut calls = Vec::new();
    for (path, text) in sources {
        for (number, line) in text.lines().enumerate() {
            let mut found: Vec<String> = Vec::new();
            for (start, _) in line.match_indices("Command::new(\"") {
                let rest = &line[start + "Command::new(\"".len()..];
                if let Some(end) = rest.find('"') {
                    found.push(rest[..end].to_owned());
                }
            }
            for prefix in ["\"/usr/sbin/", "\"/usr/bin/", "\"/sbin/", "\"/bin/"] {
                for (start, _) in line.match_indices(prefix) {
                    let rest = &line[start + 1..];
                    if let Some(end) = rest.find('"') {
                        found.push(rest[..end].to_owned());
                    }
                }
            }
            for command in found {
                calls.push((
                    path.clone(),
                    Call {
                        line: number + 1,
                        command,
                    },
                ));
            }
        }
    }
    calls
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// The script that runs `cargo test` answers for the programs the Rust tests start.
const RUST_TESTS_RUN_BY: &str = "test.sh";

fn check(
    scripts: &BTreeMap<String, String>,
    rust_sources: &[(String, String)],
    table_text: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let table = match parse_table(table_text) {
        Ok(table) => table,
        Err(e) => return vec![format!("scripts/commands.tsv: {e}")],
    };
    let analysed: BTreeMap<&str, Script> = scripts
        .iter()
        .map(|(path, text)| (path.as_str(), analyse(text)))
        .collect();
    // What a script can rely on: its own installs and those of every script it runs.
    let closure = |start: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.to_owned()];
        let mut packages = BTreeSet::new();
        while let Some(path) = todo.pop() {
            if !seen.insert(path.clone()) {
                continue;
            }
            if let Some(script) = analysed.get(path.as_str()) {
                packages.extend(script.installs.iter().cloned());
                todo.extend(script.runs.iter().cloned());
            }
        }
        packages
    };
    let mut all_calls: Vec<(String, Call)> = Vec::new();
    for (path, script) in &analysed {
        for (line, what) in &script.unsupported {
            problems.push(format!("{path}:{line}: {what}"));
        }
        for run in script.runs.iter().chain(&script.may_run) {
            if !scripts.contains_key(run) {
                problems.push(format!(
                    "{path}: runs {run}, which is not a script of this repository"
                ));
            }
        }
        all_calls.extend(script.calls.iter().map(|c| (path.to_string(), c.clone())));
    }
    if scripts
        .get(RUST_TESTS_RUN_BY)
        .is_some_and(|text| text.contains("cargo test"))
    {
        for (source, call) in rust_test_calls(rust_sources) {
            all_calls.push((
                RUST_TESTS_RUN_BY.to_owned(),
                Call {
                    line: call.line,
                    command: format!("{}\u{0}{source}", call.command),
                },
            ));
        }
    }
    for (path, call) in all_calls {
        let (command, origin) = match call.command.split_once('\u{0}') {
            Some((command, source)) => (
                command.to_owned(),
                format!("{source}:{} (run by {path})", call.line),
            ),
            None => (call.command.clone(), format!("{path}:{}", call.line)),
        };
        let Some(entry) = table.get(&command) else {
            problems.push(format!(
                "{origin}: calls `{command}`, which scripts/commands.tsv does not list (add it with its Debian package)"
            ));
            continue;
        };
        if entry.kind == Kind::Install && !closure(&path).contains(&entry.package) {
            problems.push(format!(
                "{origin}: calls `{command}` from the package {}, which {path} never installs (add it to its ensure_packages line)",
                entry.package
            ));
        }
    }
    problems
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The scripts CI runs or a developer is told to run: test.sh, .ci/run and scripts/*.sh.
fn repo_scripts() -> BTreeMap<String, String> {
    let root = repo();
    let mut paths = vec!["test.sh".to_owned(), ".ci/run".to_owned()];
    let mut found: Vec<String> = std::fs::read_dir(root.join("scripts"))
        .expect("scripts/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sh"))
        .map(|name| format!("scripts/{name}"))
        .collect();
    found.sort();
    paths.extend(found);
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(root.join(&path)).expect("read script");
            (path, text)
        })
        .collect()
}

fn rust_test_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n != "fixtures" && n != "golden")
                {
                    walk(&path, root, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                // This file names commands in its own tests on purpose.
                && path.file_name().is_some_and(|n| n != "scripts_guard.rs")
            {
                let text = std::fs::read_to_string(&path).expect("read test source");
                let relative = path.strip_prefix(root).unwrap_or(&path);
                out.push((relative.display().to_string(), text));
            }
        }
    }
    let root = repo();
    let mut out = Vec::new();
    walk(&root.join("tests"), &root, &mut out);
    out.sort();
    out
}

fn table_text() -> String {
    std::fs::read_to_string(repo().join("scripts/commands.tsv")).expect("scripts/commands.tsv")
}

#[test]
fn every_command_the_scripts_call_is_installed_by_them() {
    let problems = check(&repo_scripts(), &rust_test_sources(), &table_text());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The guard must bite: take any package off a script's install line, and every command of that
/// package the script itself calls is reported.
#[test]
fn removing_an_install_line_is_caught() {
    let scripts = repo_scripts();
    let rust = rust_test_sources();
    let table = parse_table(&table_text()).expect("table");
    let mut checked = 0;
    for (path, text) in &scripts {
        let script = analyse(text);
        for package in &script.installs {
            let used: Vec<&str> = script
                .calls
                .iter()
                .map(|c| c.command.as_str())
                .filter(|c| table.get(*c).is_some_and(|e| &e.package == package))
                .collect();
            if used.is_empty() {
                continue; // a library loaded at run time (Mesa, libxkbcommon): no command to see
            }
            let mut broken = scripts.clone();
            let edited: String = text
                .lines()
                .map(|line| {
                    let mut words: Vec<&str> = line.split(' ').collect();
                    if line.trim_start().starts_with("ensure_packages")
                        || words.first().is_some_and(|w| w.is_empty())
                    {
                        words.retain(|w| w != package);
                    }
                    words.join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n");
            assert_ne!(
                &edited, text,
                "{package} not found on an install line of {path}"
            );
            broken.insert(path.clone(), edited);
            let problems = check(&broken, &rust, &table_text());
            for command in used {
                assert!(
                    problems
                        .iter()
                        .any(|p| p.contains(&format!("`{command}`")) && p.contains(package)),
                    "removing {package} from {path} went unnoticed for `{command}`: {problems:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} removals were tried");
}

/// The case of the fresh machine: `winepath` called, package `wine` not installed.
#[test]
fn the_winepath_case_is_caught() {
    let mut scripts = repo_scripts();
    let smoke = scripts
        .get("scripts/windows-smoke.sh")
        .expect("windows-smoke.sh")
        .replace(" wine wine64 ", " wine64 ")
        + "\nwin=$(WINEPREFIX=$p winepath -w \"$fixture\" 2>/dev/null)\n";
    scripts.insert("scripts/windows-smoke.sh".to_owned(), smoke);
    let problems = check(&scripts, &rust_test_sources(), &table_text());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`winepath`") && p.contains("package wine,")),
        "{problems:?}"
    );
}

#[test]
fn an_unlisted_command_or_an_unfollowable_construct_is_reported() {
    let mut scripts = repo_scripts();
    let text = scripts.get("test.sh").expect("test.sh").clone()
        + "\nout=$(frobnicate --all | head -1)\ncase $x in a) ls ;; esac\n";
    scripts.insert("test.sh".to_owned(), text);
    let problems = check(&scripts, &rust_test_sources(), &table_text());
    assert!(
        problems.iter().any(|p| p.contains("`frobnicate`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("`case`")),
        "{problems:?}"
    );
    // The Rust tests count too: a test starting a program nobody installs.
    let rust = vec![(
        "tests/x.rs".to_owned(),
        "let _ = Command::new(\"xdotool\").status();".to_owned(),
    )];
    let problems = check(&repo_scripts(), &rust, &table_text());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("tests/x.rs:1") && p.contains("`xdotool`")),
        "{problems:?}"
    );
}

#[test]
fn the_shell_reader_sees_what_runs_and_nothing_else() {
    let text = r##"#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
wine=/usr/lib/wine/wine64
echo "took $(( $(date +%s) - start )) s; $(du -h "$exe" | cut -f1)" >&2
got=$("$wine" x.exe --version 2>"$logs/e" | tr -d '\r')
OVERSTAP_RENDERER=glow timeout -s KILL 60 "$bin" --smoke
env A=1 B=2 /usr/bin/cargo build \
  --locked
trap 'kill $x 2>/dev/null || true; rm -rf "$d"' EXIT
grep -q x <<<"$help" && Xvfb :1 >/dev/null 2>&1 &
packages=(notacommand other)
cat > f.c <<'C'
int main(void) { system("curl x"); }
C
python3 - a b <<'PY'
import subprocess; subprocess.run(["wget"])
PY
f() { xdotool key a; }
f
[ -n "$x" ] || exe=$(./scripts/windows-build.sh win-ci | tail -1)
echo "# not a comment: $(seq 3)" # a comment: notrun
x="Z:${fixture//\//\\}"
ensure_packages "the tests" xvfb imagemagick
"##;
    let script = analyse(text);
    let calls: Vec<&str> = script.calls.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(
        calls,
        [
            "dirname",
            "date",
            "du",
            "cut",
            "/usr/lib/wine/wine64",
            "tr",
            "/usr/bin/cargo",
            "grep",
            "Xvfb",
            "cat",
            "python3",
            "xdotool",
            "tail",
            "seq",
            "rm"
        ]
    );
    let lines: Vec<usize> = script.calls.iter().map(|c| c.line).collect();
    assert_eq!(
        lines[6], 7,
        "the line of a continued command is where it starts"
    );
    assert_eq!(
        script.may_run.iter().collect::<Vec<_>>(),
        ["scripts/windows-build.sh"]
    );
    assert!(script.runs.is_empty());
    assert_eq!(
        script.installs.iter().collect::<Vec<_>>(),
        ["imagemagick", "xvfb"]
    );
    let script = analyse(
        "./scripts/a.sh\nif x; then ./scripts/b.sh; fi\n./scripts/c.sh && ./scripts/d.sh\n",
    );
    assert_eq!(
        script.runs.iter().collect::<Vec<_>>(),
        ["scripts/a.sh", "scripts/c.sh"]
    );
    assert_eq!(
        script.may_run.iter().collect::<Vec<_>>(),
        ["scripts/b.sh", "scripts/d.sh"]
    );
}

/// The table must tell the truth about Debian: where a listed command exists here, the package
/// that owns it is the one named (or a direct dependency of it), and "base" packages are
/// Essential or of Priority required. Commands not installed here are skipped, and said so.
#[test]
fn the_table_agrees_with_dpkg() {
    let Some(_) = run(&["dpkg-query", "--version"]) else {
        eprintln!("no dpkg on this machine: the table is not checked against Debian here");
        return;
    };
    let table = parse_table(&table_text()).expect("table");
    let mut problems = Vec::new();
    let mut absent = Vec::new();
    let mut checked = 0;
    for (command, entry) in &table {
        if entry.kind == Kind::Toolchain {
            continue;
        }
        let Some(path) = locate(command) else {
            absent.push(command.as_str());
            continue;
        };
        let mut owners = BTreeSet::new();
        let canonical = std::fs::canonicalize(&path).unwrap_or(path.clone());
        for candidate in dpkg_names(&path).iter().chain(&dpkg_names(&canonical)) {
            if let Some(out) = run(&["dpkg", "-S", &candidate.display().to_string()]) {
                for line in out.lines() {
                    if let Some((packages, _)) = line.split_once(": ") {
                        owners.extend(
                            packages
                                .split(", ")
                                .map(|p| p.split(':').next().unwrap_or(p).to_owned()),
                        );
                    }
                }
            }
        }
        // The owner may be a dependency: `python3` ships the link, `python3-minimal` the
        // program; `wine` sets up /usr/bin/wineserver as an alternative for libwine's program.
        let direct = dependencies(&entry.package, 3);
        if !owners.contains(&entry.package) && owners.is_disjoint(&direct) {
            problems.push(format!(
                "{command} ({}) belongs to {owners:?}, not to {}",
                path.display(),
                entry.package
            ));
        }
        if entry.kind == Kind::Base {
            let info = run(&[
                "dpkg-query",
                "-W",
                "-f=${Essential} ${Priority}",
                &entry.package,
            ])
            .unwrap_or_default();
            if !(info.starts_with("yes") || info.ends_with("required")) {
                problems.push(format!(
                    "{command}: {} is marked base but is `{info}` (neither Essential nor required)",
                    entry.package
                ));
            }
        }
        checked += 1;
    }
    eprintln!(
        "checked {checked} commands against dpkg; not installed here: {}",
        absent.join(" ")
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The packages `package` depends on, `depth` levels down (alternatives included).
fn dependencies(package: &str, depth: usize) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut level = vec![package.to_owned()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for name in level {
            let depends = run(&["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}", &name])
                .unwrap_or_default();
            for dep in depends
                .split([',', '|'])
                .filter_map(|d| d.split_whitespace().next())
                .map(|d| d.split(':').next().unwrap_or(d).to_owned())
            {
                if found.insert(dep.clone()) {
                    next.push(dep);
                }
            }
        }
        level = next;
    }
    found
}

fn run(args: &[&str]) -> Option<String> {
    let output = std::process::Command::new(args[0])
        .args(&args[1..])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Like `command -v` on a Debian system: the sbin folders a non-root PATH lacks, and nothing from
/// /usr/local or the home folder (rustup, pyenv and this workplace's own stand-ins live there).
fn locate(command: &str) -> Option<PathBuf> {
    if command.starts_with('/') {
        let path = PathBuf::from(command);
        return path.exists().then_some(path);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':')
        .map(PathBuf::from)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .filter(|dir| dir.is_absolute() && !dir.starts_with("/usr/local"))
        .filter(|dir| home.as_ref().is_none_or(|home| !dir.starts_with(home)))
        .map(|dir| dir.join(command))
        .find(|p| p.is_file())
}

/// With merged /usr, dpkg may know a program by its /bin name or its /usr/bin name.
fn dpkg_names(path: &Path) -> Vec<PathBuf> {
    let mut names = vec![path.to_path_buf()];
    let text = path.display().to_string();
    for (merged, split) in [("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/")] {
        if let Some(rest) = text.strip_prefix(merged) {
            names.push(PathBuf::from(format!("{split}{rest}")));
        } else if let Some(rest) = text.strip_prefix(split) {
            names.push(PathBuf::from(format!("{merged}{rest}")));
        }
    }
    names
}
