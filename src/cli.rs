//! The command line: no arguments opens the wizard; flags serve scripting and partner support.

use std::ffi::OsString;

/// What the user asked for on the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Gui,
    Version,
    Help,
    /// Open the window, draw a few frames, close it, and report which renderer worked.
    Smoke,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    #[error("unknown argument: {0}")]
    Unknown(String),
}

pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Invocation, CliError> {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.as_slice() {
        [] => Ok(Invocation::Gui),
        [flag] if flag == "--version" || flag == "-V" => Ok(Invocation::Version),
        [flag] if flag == "--help" || flag == "-h" || flag == "/?" => Ok(Invocation::Help),
        [flag] if flag == "--smoke" => Ok(Invocation::Smoke),
        [first, ..] => Err(CliError::Unknown(first.clone())),
    }
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
    fn arguments_table() {
        assert_eq!(parse_strs(&[]), Ok(Invocation::Gui));
        assert_eq!(parse_strs(&["--version"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["-V"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["--help"]), Ok(Invocation::Help));
        assert_eq!(parse_strs(&["/?"]), Ok(Invocation::Help));
        assert_eq!(parse_strs(&["--smoke"]), Ok(Invocation::Smoke));
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
