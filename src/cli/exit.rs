//! The exit codes, defined once. Scripts (`scripts/windows-smoke.sh` reads `scan`'s code; partners
//! schedule `overstap scan` and alert on 1) and tests rely on the numbers, so a variant's number
//! never changes; the help (`overstap --help`, each command's help) and the README's table are
//! rendered from [`Exit::ALL`] and the texts in `locales/*/cli.ftl`.

use crate::i18n::Localizer;

/// How a run of `overstap` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Done (`scan`: nothing uses Exchange Online basic authentication).
    Ok,
    /// Done, and there is something to act on: `scan` found Exchange Online basic
    /// authentication, `apply`/`undo` refused an item (and left it as it was), `report` wrote no
    /// reminder, a relay service action failed. Not "broken": a scheduled scan alerts on it.
    Attention,
    /// Nothing was done: a wrong argument (every parse error), input that could not be read, no
    /// scan target, a window that did not open.
    Error,
    /// `--smoke` with `OVERSTAP_SMOKE_WAIT_FOR`: the window worked but never showed that page.
    SmokePageNotReached,
}

impl Exit {
    /// In the order of their numbers, as the help and the README list them.
    pub const ALL: [Exit; 4] = [
        Exit::Ok,
        Exit::Attention,
        Exit::Error,
        Exit::SmokePageNotReached,
    ];

    /// The number the process ends with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Attention => 1,
            Exit::Error => 2,
            Exit::SmokePageNotReached => 3,
        }
    }

    /// The part of the Fluent ids of this code's meaning (`cli-exit-<key>`,
    /// `cli-exit-<command>-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Exit::Ok => "ok",
            Exit::Attention => "attention",
            Exit::Error => "error",
            Exit::SmokePageNotReached => "smoke-page",
        }
    }

    /// What the code means for any command.
    pub fn meaning(self, l10n: &Localizer) -> String {
        l10n.tr(&format!("cli-exit-{}", self.key()))
    }

    /// The worse of two outcomes (a report that wrote a file and failed another ends in error).
    pub fn max(self, other: Exit) -> Exit {
        Ord::max(self, other)
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    /// The numbers scripts and partners rely on.
    #[test]
    fn the_numbers_never_change() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3]);
        assert_eq!(Exit::Attention.max(Exit::Error), Exit::Error);
        assert_eq!(Exit::Attention.max(Exit::Ok), Exit::Attention);
    }

    #[test]
    fn every_code_has_a_meaning_in_both_languages() {
        for language in Language::ALL {
            let l10n = Localizer::new(language);
            for exit in Exit::ALL {
                assert!(l10n.has(language, &format!("cli-exit-{}", exit.key())));
                assert!(!exit.meaning(&l10n).is_empty());
            }
        }
    }
}
