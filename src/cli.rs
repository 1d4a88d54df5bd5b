//! The command line: no arguments opens the wizard; flags serve scripting and partner support.

use std::ffi::OsString;
use std::path::PathBuf;

/// How the window is opened.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GuiArgs {
    /// A partner's catalogue folder, added to the embedded catalogue.
    pub catalog_dir: Option<PathBuf>,
    /// Open the window, draw a few frames, close it and report which renderer worked.
    pub smoke: bool,
}

/// What the user asked for on the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Gui(GuiArgs),
    Version,
    Help,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    #[error("unknown argument: {0}")]
    Unknown(String),
    #[error("{0} needs a value")]
    MissingValue(String),
}

pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Invocation, CliError> {
    let all: Vec<OsString> = args.into_iter().collect();
    let alone = all.len() == 1;
    let mut args = all.into_iter();
    let mut gui = GuiArgs::default();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match text.as_str() {
            "--version" | "-V" if alone => return Ok(Invocation::Version),
            "--help" | "-h" | "/?" if alone => return Ok(Invocation::Help),
            "--smoke" => gui.smoke = true,
            "--catalog" => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                gui.catalog_dir = Some(PathBuf::from(dir));
            }
            _ => return Err(CliError::Unknown(text)),
        }
    }
    Ok(Invocation::Gui(gui))
}

/// Whether the output of this invocation must reach the console that started the program.
/// On Windows the executable is a windowed program, which has no console of its own: everything
/// that prints (`--version`, `--help`, `--smoke`, a wrong argument) attaches to the parent's; the
/// plain wizard does not, so a later message cannot scribble over the admin's prompt.
pub fn wants_console(invocation: &Result<Invocation, CliError>) -> bool {
    !matches!(
        invocation,
        Ok(Invocation::Gui(GuiArgs { smoke: false, .. }))
    )
}

pub fn version_line() -> String {
    format!("overstap {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Invocation, CliError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn everything_that_prints_attaches_to_the_console_and_the_plain_wizard_does_not() {
        assert!(!wants_console(&parse_strs(&[])));
        assert!(!wants_console(&parse_strs(&["--catalog", "D:\\partner"])));
        assert!(wants_console(&parse_strs(&["--version"])));
        assert!(wants_console(&parse_strs(&["--help"])));
        assert!(wants_console(&parse_strs(&["--smoke"])));
        assert!(wants_console(&parse_strs(&["--frobnicate"])));
    }

    #[test]
    fn arguments_table() {
        assert_eq!(parse_strs(&[]), Ok(Invocation::Gui(GuiArgs::default())));
        assert_eq!(parse_strs(&["--version"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["-V"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["--help"]), Ok(Invocation::Help));
        assert_eq!(parse_strs(&["/?"]), Ok(Invocation::Help));
        assert_eq!(
            parse_strs(&["--smoke"]),
            Ok(Invocation::Gui(GuiArgs {
                smoke: true,
                ..GuiArgs::default()
            }))
        );
        assert_eq!(
            parse_strs(&["--catalog", "D:\\partner", "--smoke"]),
            Ok(Invocation::Gui(GuiArgs {
                catalog_dir: Some(PathBuf::from("D:\\partner")),
                smoke: true,
            }))
        );
        assert_eq!(
            parse_strs(&["--catalog"]),
            Err(CliError::MissingValue("--catalog".into()))
        );
        assert_eq!(
            parse_strs(&["--frobnicate"]),
            Err(CliError::Unknown("--frobnicate".into()))
        );
        assert_eq!(
            parse_strs(&["--version", "x"]),
            Err(CliError::Unknown("--version".into()))
        );
    }
}
