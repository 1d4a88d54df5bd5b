//! The one definition of the command line: every command, option, value name and help text as a
//! clap [`Command`] (builder API), built in the language the output will be in. The parser, the
//! help (`--help` of every command), the usage lines in error messages and the README's "Command
//! line" block are all rendered from it, so they cannot disagree.
//!
//! Why not clap's own help layout: it writes English words ("Usage:", "Options:", "[OPTIONS]",
//! "[possible values: ...]") that no setting translates. Here the headings come from
//! `locales/*/cli.ftl`, every command's usage line is written by [`usage_lines`] from its
//! arguments, and clap only fills in the aligned option list (`{options}`, `{positionals}`).

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, Command};

use super::exit::Exit;
use crate::i18n::Localizer;

/// The program's name, as the usage lines and the README show it.
pub const BIN: &str = "overstap";

/// The lines longer usage lines are broken at (the help stays readable in an 80-column console
/// window with its indentation; the README block keeps the same shape).
const WIDTH: usize = 96;

/// Which exit codes each command ends with; the meanings are `cli-exit-<command>-<key>`. The
/// wizard (no command) is `window`.
const EXITS: [(&str, &[Exit]); 7] = [
    (
        "window",
        &[Exit::Ok, Exit::Error, Exit::SmokePageNotReached],
    ),
    ("scan", &[Exit::Ok, Exit::Attention, Exit::Error]),
    ("plan", &[Exit::Ok, Exit::Error]),
    ("apply", &[Exit::Ok, Exit::Attention, Exit::Error]),
    ("undo", &[Exit::Ok, Exit::Attention, Exit::Error]),
    ("report", &[Exit::Ok, Exit::Attention, Exit::Error]),
    ("relay", &[Exit::Ok, Exit::Attention, Exit::Error]),
];

/// The exit codes a command (`window` for the wizard) ends with.
pub fn exits_of(command: &str) -> &'static [Exit] {
    EXITS
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[], |(_, exits)| exits)
}

/// The relay's actions, in the order the help lists them; `service` is for the service control
/// manager only and stays out of the help.
pub const RELAY_ACTIONS: [&str; 7] = [
    "run", "status", "install", "start", "stop", "remove", "service",
];

/// The whole command line in the language of `l10n`.
pub fn command(l10n: &Localizer) -> Command {
    let root = base(Command::new(BIN), l10n)
        .bin_name(BIN)
        .version(env!("CARGO_PKG_VERSION"))
        .about(l10n.tr("cli-about"))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .display_order(LAST)
                .help(help_text(l10n, "cli-opt-help")),
        )
        .arg(
            Arg::new("lang")
                .long("lang")
                .global(true)
                .value_name(l10n.tr("cli-value-lang"))
                .value_parser(PossibleValuesParser::new(["nl", "en"]))
                .ignore_case(true)
                .hide_possible_values(true)
                .display_order(LAST + 1)
                .help(help_text(l10n, "cli-opt-lang")),
        )
        // Not clap's version action: `--version` must stand alone, and prints our own line.
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::SetTrue)
                .exclusive(true)
                .display_order(LAST + 2)
                .help(help_text(l10n, "cli-opt-version")),
        )
        .arg(path_option(l10n, "catalog", "cli-value-dir"))
        .arg(flag(l10n, "smoke"))
        .subcommand(verb(l10n, "scan").args(scan_args(l10n)))
        .subcommand(
            verb(l10n, "plan")
                .args(scan_args(l10n))
                .arg(text_option(l10n, "relay", "cli-value-relay"))
                .arg(flag(l10n, "tls")),
        )
        .subcommand(
            verb(l10n, "apply")
                .arg(
                    Arg::new("plan")
                        .required(true)
                        .value_name(l10n.tr("cli-value-plan"))
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(help_text(l10n, "cli-pos-plan")),
                )
                .arg(flag(l10n, "dry-run"))
                .arg(path_option(l10n, "backups", "cli-value-dir")),
        )
        .subcommand(
            verb(l10n, "undo")
                .arg(path_option(l10n, "plan", "cli-value-plan"))
                .arg(path_option(l10n, "backups", "cli-value-dir")),
        )
        .subcommand(
            verb(l10n, "report")
                .arg(path_option(l10n, "session", "cli-value-file").required(true))
                .arg(path_option(l10n, "pdf", "cli-value-out"))
                .arg(path_option(l10n, "html", "cli-value-out"))
                .arg(path_option(l10n, "ics", "cli-value-out"))
                .arg(flag(l10n, "text"))
                .arg(
                    text_option(l10n, "at", "cli-value-moment")
                        .value_parser(chrono::DateTime::parse_from_rfc3339),
                ),
        )
        .subcommand(relay(l10n));
    with_help_templates(root, l10n, &[])
}

/// The settings every command shares: no English from clap (own help and version arguments, no
/// `help` subcommand), and a repeated option counts once, its last value winning, as before clap.
fn base(command: Command, l10n: &Localizer) -> Command {
    command
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .args_override_self(true)
        // Each option's help on the line below it, wrapped by `help_text`: clap wraps only with
        // its `wrap_help` feature, and then to the console's width, which tests cannot pin.
        .next_line_help(true)
        .subcommand_value_name(l10n.tr("cli-value-action"))
}

fn verb(l10n: &Localizer, name: &'static str) -> Command {
    base(Command::new(name), l10n).about(l10n.tr(&format!("cli-{name}-about")))
}

/// `overstap relay [ACTION]`: without an action it runs, so `relay` itself takes `run`'s options;
/// an action after them is refused (`args_conflicts_with_subcommands`).
fn relay(l10n: &Localizer) -> Command {
    let run_args = || {
        [
            path_option(l10n, "dir", "cli-value-dir"),
            flag(l10n, "hold"),
            text_option(l10n, "port", "cli-value-port").value_parser(clap::value_parser!(u16)),
        ]
    };
    let mut relay = verb(l10n, "relay")
        .args(run_args())
        .args_conflicts_with_subcommands(true);
    for action in RELAY_ACTIONS {
        let mut sub = base(Command::new(action), l10n)
            .about(l10n.tr(&format!("cli-relay-{action}-about")))
            .hide(action == "service");
        sub = match action {
            "run" => sub.args(run_args()),
            "status" => sub
                .arg(path_option(l10n, "dir", "cli-value-dir"))
                .arg(flag(l10n, "json").help(help_text(l10n, "cli-opt-status-json"))),
            _ => sub.arg(path_option(l10n, "dir", "cli-value-dir")),
        };
        relay = relay.subcommand(sub);
    }
    relay
}

/// What `scan` and `plan` both take.
fn scan_args(l10n: &Localizer) -> [Arg; 6] {
    [
        path_option(l10n, "root", "cli-value-dir"),
        path_option(l10n, "registry", "cli-value-reg"),
        flag(l10n, "json"),
        text_option(l10n, "sql", "cli-value-sql").action(ArgAction::Append),
        text_option(l10n, "sql-db", "cli-value-name").action(ArgAction::Append),
        flag(l10n, "sql-trust-cert"),
    ]
}

/// The help, lang and version options come after a command's own.
const LAST: usize = 1000;

/// How wide an option's help text is: it starts 10 columns in (`next_line_help`).
const HELP_WIDTH: usize = WIDTH - 10;

/// The text `id`, broken into lines of at most [`HELP_WIDTH`].
fn help_text(l10n: &Localizer, id: &str) -> String {
    indented("", &l10n.tr(id), HELP_WIDTH).trim_end().to_owned()
}

/// `--long` on its own; the help text is `cli-opt-<long>`.
fn flag(l10n: &Localizer, long: &'static str) -> Arg {
    Arg::new(long)
        .long(long)
        .action(ArgAction::SetTrue)
        .help(help_text(l10n, &format!("cli-opt-{long}")))
}

/// `--long VALUE`, the value a text.
fn text_option(l10n: &Localizer, long: &'static str, value_id: &str) -> Arg {
    Arg::new(long)
        .long(long)
        .action(ArgAction::Set)
        .value_name(l10n.tr(value_id))
        .help(help_text(l10n, &format!("cli-opt-{long}")))
}

/// `--long VALUE`, the value a path (kept as the OS gave it, not forced through UTF-8).
fn path_option(l10n: &Localizer, long: &'static str, value_id: &str) -> Arg {
    text_option(l10n, long, value_id).value_parser(clap::value_parser!(PathBuf))
}

/// Gives `command` and every command below it a help template in the language of `l10n`.
fn with_help_templates(command: Command, l10n: &Localizer, parents: &[String]) -> Command {
    let mut path: Vec<String> = parents.to_vec();
    if !parents.is_empty() || command.get_name() != BIN {
        path.push(command.get_name().to_owned());
    }
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let template = help_template(&command, l10n, &names);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    let mut command = command.help_template(template);
    for name in names {
        command = command.mut_subcommand(name, |sub| with_help_templates(sub, l10n, &path));
    }
    command
}

/// The help of one command: what it does, how to call it (with its actions, if any), its
/// arguments and options (clap aligns those), and its exit codes.
fn help_template(command: &Command, l10n: &Localizer, path: &[&str]) -> String {
    // Template tags are `{...}`; a brace in a text would be taken for one.
    let text = |t: String| t.replace(['{', '}'], "");
    let mut out = String::new();
    let about = command
        .get_about()
        .map(|a| a.to_string())
        .unwrap_or_default();
    out.push_str(&text(indented("", &about, WIDTH)));
    out.push('\n');
    out.push_str(&l10n.tr("cli-heading-usage"));
    out.push('\n');
    let listed = if path.is_empty() {
        usage_list(command, l10n)
    } else {
        usage_lines(command, path)
            .iter()
            .map(|line| format!("  {line}\n"))
            .collect()
    };
    out.push_str(&text(listed));
    if !path.is_empty() && command.get_subcommands().any(|s| !s.is_hide_set()) {
        out.push('\n');
        out.push_str(&l10n.tr("cli-heading-commands"));
        out.push_str("\n{subcommands}\n");
    }
    if command.get_positionals().next().is_some() {
        out.push('\n');
        out.push_str(&l10n.tr("cli-heading-arguments"));
        out.push_str("\n{positionals}\n");
    }
    out.push('\n');
    out.push_str(&l10n.tr("cli-heading-options"));
    out.push_str("\n{options}\n\n");
    out.push_str(&l10n.tr("cli-heading-exit"));
    out.push('\n');
    let exits: Vec<(Exit, String)> = match path.first() {
        None => Exit::ALL.iter().map(|e| (*e, e.meaning(l10n))).collect(),
        Some(verb) => exits_of(verb)
            .iter()
            .map(|e| (*e, l10n.tr(&format!("cli-exit-{verb}-{}", e.key()))))
            .collect(),
    };
    for (exit, meaning) in exits {
        out.push_str(&text(indented(
            &format!("  {}  ", exit.code()),
            &meaning,
            WIDTH,
        )));
    }
    if path.is_empty() {
        out.push('\n');
        out.push_str(&l10n.tr("cli-heading-environment"));
        out.push('\n');
        for line in l10n.tr("cli-environment").lines() {
            out.push_str(&text(format!("  {line}\n")));
        }
        out.push('\n');
        out.push_str(&text(l10n.tr("cli-more-help")));
    }
    out.trim_end().to_owned()
}

/// The usage part of the top-level help and of the README: the wizard's line, then each
/// command's, each followed by what it does.
pub fn usage_list(root: &Command, l10n: &Localizer) -> String {
    let mut out = String::new();
    let mut entry = |lines: Vec<String>, about: String| {
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str(&indented("        ", &about, WIDTH));
    };
    // The wizard's own line: only the options of `overstap` itself, not its commands.
    entry(wrapped(BIN, &args_usage(root)), l10n.tr("cli-window-about"));
    for verb in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = verb.get_about().map(|a| a.to_string()).unwrap_or_default();
        entry(usage_lines(verb, &[verb.get_name()]), about);
    }
    out
}

/// The usage under an error in the command `path`: that command's lines, or for `overstap`
/// itself the wizard's line and every command's.
pub fn usage_for_error(root: &Command, path: &[&str]) -> Vec<String> {
    let command = path
        .iter()
        .try_fold(root, |command, name| command.find_subcommand(name))
        .unwrap_or(root);
    if path.is_empty() {
        let mut lines = wrapped(BIN, &args_usage(root));
        for verb in root.get_subcommands().filter(|s| !s.is_hide_set()) {
            lines.extend(usage_lines(verb, &[verb.get_name()]));
        }
        lines
    } else {
        usage_lines(command, path)
    }
}

/// How to call one command (`path`: the command names after `overstap`), broken at [`WIDTH`].
/// A command with actions gets one line per group of actions that take the same options
/// (`install|start|stop|remove`); the action that is also the default (its options are the
/// command's own) is shown in brackets: `overstap relay [run] ...`.
pub fn usage_lines(command: &Command, path: &[&str]) -> Vec<String> {
    let prefix = std::iter::once(BIN)
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let own = args_usage(command);
    let actions: Vec<&Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .collect();
    if actions.is_empty() {
        return wrapped(&prefix, &own);
    }
    let mut groups: Vec<(Vec<&str>, Vec<String>)> = Vec::new();
    for action in actions {
        let args = args_usage(action);
        match groups.last_mut() {
            Some((names, last)) if *last == args && args != own => names.push(action.get_name()),
            _ => groups.push((vec![action.get_name()], args)),
        }
    }
    groups
        .into_iter()
        .flat_map(|(names, args)| {
            let names = names.join("|");
            let head = if args == own && !own.is_empty() {
                format!("{prefix} [{names}]")
            } else {
                format!("{prefix} {names}")
            };
            wrapped(&head, &args)
        })
        .collect()
}

/// Each visible argument the way a usage line shows it: `[--root DIR]`, `--session FILE`,
/// `PLAN.json`, `[--sql SERVER ...]`. The help, `--lang` and `--version` are in the option list
/// of every help and would only lengthen each line.
fn args_usage(command: &Command) -> Vec<String> {
    command
        .get_arguments()
        .filter(|arg| {
            !arg.is_hide_set()
                && !arg.is_global_set()
                && !matches!(arg.get_id().as_str(), "help" | "version" | "lang")
        })
        .map(|arg| {
            let value = arg
                .get_value_names()
                .map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap_or_default()
                .join(" ");
            let mut text = match arg.get_long() {
                Some(long) if value.is_empty() => format!("--{long}"),
                Some(long) => format!("--{long} {value}"),
                None => value,
            };
            if matches!(arg.get_action(), ArgAction::Append) {
                text.push_str(" ...");
            }
            if arg.is_required_set() {
                text
            } else {
                format!("[{text}]")
            }
        })
        .collect()
}

/// `head` followed by `parts`, broken before a part that would pass [`WIDTH`]; later lines line
/// up under the first part.
fn wrapped(head: &str, parts: &[String]) -> Vec<String> {
    let indent = " ".repeat(head.chars().count() + 1);
    let mut lines = vec![head.to_owned()];
    for part in parts {
        let Some(line) = lines.last_mut() else {
            break;
        };
        if line.chars().count() + 1 + part.chars().count() > WIDTH && line.trim() != head {
            lines.push(format!("{indent}{part}"));
        } else {
            line.push(' ');
            line.push_str(part);
        }
    }
    lines
}

/// `text` after `first`, broken into lines of at most `width` at spaces, each later line indented
/// as far as `first` is long.
fn indented(first: &str, text: &str, width: usize) -> String {
    let indent = " ".repeat(first.chars().count());
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The README's "Command line" block: the usage list of the English help.
pub fn readme_usage() -> String {
    let l10n = Localizer::new(crate::i18n::Language::En);
    let mut root = command(&l10n);
    root.build();
    let list = usage_list(&root, &l10n);
    // The README block is not indented like the help.
    list.lines()
        .map(|line| line.strip_prefix("  ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The README's exit codes (Markdown), in English: a table of the general meanings, then what
/// each command means by the codes it ends with.
pub fn readme_exit_codes() -> String {
    let l10n = Localizer::new(crate::i18n::Language::En);
    let mut out = String::from("| Code | Meaning |\n|---|---|\n");
    for exit in Exit::ALL {
        out.push_str(&format!("| {} | {} |\n", exit.code(), exit.meaning(&l10n)));
    }
    out.push('\n');
    for (verb, exits) in EXITS {
        let name = if verb == "window" {
            "`overstap` (the wizard)".to_owned()
        } else {
            format!("`overstap {verb}`")
        };
        let meanings: Vec<String> = exits
            .iter()
            .map(|exit| {
                format!(
                    "**{}** {}",
                    exit.code(),
                    l10n.tr(&format!("cli-exit-{verb}-{}", exit.key()))
                )
            })
            .collect();
        out.push_str(&format!("- {name}: {}\n", meanings.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn every_exit_meaning_of_every_command_exists_in_both_languages() {
        let l10n = Localizer::new(Language::En);
        for (verb, exits) in EXITS {
            assert!(
                exits.contains(&Exit::Ok) && exits.contains(&Exit::Error),
                "{verb}"
            );
            for exit in exits {
                let id = format!("cli-exit-{verb}-{}", exit.key());
                for language in Language::ALL {
                    assert!(l10n.has(language, &id), "{id} in {language:?}");
                }
            }
        }
    }

    /// `overstap relay ACTION` confirms each service action in words (main.rs builds the id).
    #[test]
    fn every_service_action_has_its_confirmation() {
        let l10n = Localizer::new(Language::En);
        for action in RELAY_ACTIONS
            .iter()
            .filter(|a| !matches!(**a, "run" | "status" | "service"))
        {
            let id = format!("cli-relay-{action}-done");
            for language in Language::ALL {
                assert!(l10n.has(language, &id), "{id} in {language:?}");
            }
        }
    }

    /// Each command of the definition has its exit codes listed (a new command cannot be
    /// forgotten in the help's exit codes).
    #[test]
    fn every_command_has_its_exit_codes() {
        let root = command(&Localizer::new(Language::En));
        for verb in root.get_subcommands() {
            assert!(!exits_of(verb.get_name()).is_empty(), "{}", verb.get_name());
        }
    }

    #[test]
    fn long_usage_lines_break_under_the_first_argument() {
        let parts: Vec<String> = (0..30).map(|i| format!("[--option-{i}]")).collect();
        let lines = wrapped("overstap scan", &parts);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{lines:?}"
        );
        assert!(lines[1].starts_with(&" ".repeat("overstap scan ".len())));
        assert!(!lines[1].starts_with(&" ".repeat("overstap scan  ".len())));
        assert_eq!(lines.join(" ").split_whitespace().count(), 32);
    }

    #[test]
    fn indented_text_breaks_at_spaces_within_the_width() {
        let text = "een twee drie vier vijf zes zeven acht negen tien";
        let out = indented("  0  ", text, 20);
        assert!(out.lines().all(|l| l.chars().count() <= 20), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("     ")), "{out}");
        assert_eq!(
            out.split_whitespace().skip(1).collect::<Vec<_>>().join(" "),
            text
        );
    }
}
