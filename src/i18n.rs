//! Run-time translation: Fluent bundles for Dutch and English, switchable at any moment.
//!
//! Every user-facing word lives in `locales/<lang>/*.ftl`; `build.rs` refuses to build when the
//! two languages disagree on an id or its variables, so a lookup here only misses on a typo in
//! Rust code, which the tests catch (a missing id renders as `⟦id⟧`, never as an empty string).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The two languages of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Nl, Language::En];

    /// The BCP 47 code, also the folder name under `locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }

    /// The language's own name: a Dutch admin looks for "Nederlands", not "Dutch".
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Nl => "Nederlands",
            Language::En => "English",
        }
    }

    /// Dutch for any `nl-*` locale (nl-NL, nl-BE, ...), English for everything else.
    pub fn from_locale_tag(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == "nl" {
            Language::Nl
        } else {
            Language::En
        }
    }

    /// The language of the operating system's user interface.
    pub fn from_os() -> Language {
        sys_locale::get_locale()
            .map(|tag| Language::from_locale_tag(&tag))
            .unwrap_or(Language::En)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Language::Nl => unic_langid::langid!("nl"),
            Language::En => unic_langid::langid!("en"),
        }
    }
}

/// A value for a `{ $variable }` in a message.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// A message decided in the core (no egui, no language yet) and worded when it is drawn, in
/// the language of that moment: an error stays readable after the admin switches language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(id: &'static str, args: Vec<(&'static str, String)>) -> Message {
        Message { id, args }
    }
}

/// An error for the screen: its message in the admin's language, and the full (English) text
/// for the Copy details button, which goes into a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: Message,
    pub details: String,
}

impl Problem {
    pub fn new(message: Message, details: impl std::fmt::Display) -> Problem {
        Problem {
            message,
            details: details.to_string(),
        }
    }

    /// Something that cannot go wrong in normal use (a thread that did not start, a bug): the
    /// message says so in the admin's language, the details say what.
    pub fn internal(details: impl std::fmt::Display) -> Problem {
        let details = details.to_string();
        Problem {
            message: Message::new("internal-error", vec![("detail", details.clone())]),
            details,
        }
    }
}

/// Both languages loaded; `tr` answers in the current one.
pub struct Localizer {
    language: Language,
    nl: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl Localizer {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            nl: bundle(Language::Nl),
            en: bundle(Language::En),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// The message `id` (or `id.attribute`) in the current language.
    pub fn tr(&self, id: &str) -> String {
        self.format(self.language, id, None)
    }

    /// A core message in the current language.
    pub fn message(&self, message: &Message) -> String {
        let args: Vec<Arg<'_>> = message
            .args
            .iter()
            .map(|(name, value)| (*name, FluentValue::from(value.as_str())))
            .collect();
        self.tr_args(message.id, &args)
    }

    /// The message `id` with its variables filled in.
    pub fn tr_args(&self, id: &str, args: &[Arg<'_>]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(self.language, id, Some(&fluent_args))
    }

    /// The message with variables, in a given language.
    pub fn tr_args_in(&self, language: Language, id: &str, args: &[Arg<'_>]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(language, id, Some(&fluent_args))
    }

    /// The message in a given language, whatever the current one is (reports for a customer who
    /// reads the other language, and tests).
    pub fn tr_in(&self, language: Language, id: &str) -> String {
        self.format(language, id, None)
    }

    /// Whether `id` (or `id.attribute`) exists in the given language.
    pub fn has(&self, language: Language, id: &str) -> bool {
        let (message_id, attribute) = split_id(id);
        self.bundle(language)
            .get_message(message_id)
            .is_some_and(|message| match attribute {
                Some(attribute) => message.get_attribute(attribute).is_some(),
                None => message.value().is_some(),
            })
    }

    /// Every message id in a language, sorted.
    pub fn message_ids(language: Language) -> Vec<String> {
        let mut ids: Vec<String> = LOCALE_FILES
            .iter()
            .filter(|(lang, _, _)| *lang == language.code())
            .flat_map(|(_, _, source)| {
                source.lines().filter_map(|line| {
                    let (id, _) = line.split_once('=')?;
                    let id = id.trim_end();
                    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                    valid.then(|| id.to_owned())
                })
            })
            .collect();
        ids.sort();
        ids
    }

    fn bundle(&self, language: Language) -> &FluentBundle<FluentResource> {
        match language {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }

    fn format(&self, language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle(language);
        let (message_id, attribute) = split_id(id);
        let pattern = bundle
            .get_message(message_id)
            .and_then(|message| match attribute {
                Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
                None => message.value(),
            });
        let Some(pattern) = pattern else {
            return format!("⟦{id}⟧");
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        text.into_owned()
    }
}

fn split_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once('.') {
        Some((message, attribute)) => (message, Some(attribute)),
        None => (id, None),
    }
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![language.langid()]);
    // egui's fonts have no glyphs for the bidi isolation marks; our strings are all LTR.
    bundle.set_use_isolating(false);
    for (lang, file, source) in LOCALE_FILES {
        if *lang != language.code() {
            continue;
        }
        let resource = match FluentResource::try_new((*source).to_owned()) {
            Ok(resource) => resource,
            // build.rs has parsed every file already; an error here is impossible, keep the rest.
            Err((resource, _)) => resource,
        };
        if bundle.add_resource(resource).is_err() {
            debug_assert!(false, "duplicate message in {lang}/{file}");
        }
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_map_to_languages() {
        for (tag, expected) in [
            ("nl-NL", Language::Nl),
            ("nl_BE.UTF-8", Language::Nl),
            ("NL", Language::Nl),
            ("nl", Language::Nl),
            ("en-US", Language::En),
            ("de-DE", Language::En),
            ("fy-NL", Language::En),
            ("", Language::En),
            ("C", Language::En),
        ] {
            assert_eq!(Language::from_locale_tag(tag), expected, "tag {tag:?}");
        }
    }

    #[test]
    fn both_languages_have_the_same_ids() {
        let nl = Localizer::message_ids(Language::Nl);
        let en = Localizer::message_ids(Language::En);
        assert!(nl.len() > 20, "too few messages: {}", nl.len());
        assert_eq!(nl, en);
    }

    #[test]
    fn every_message_formats_in_both_languages() {
        let l10n = Localizer::new(Language::Nl);
        for language in Language::ALL {
            for id in Localizer::message_ids(language) {
                assert!(l10n.has(language, &id), "{id} has no value in {language:?}");
                let text = l10n.tr_in(language, &id);
                assert!(!text.trim().is_empty(), "{id} is empty in {language:?}");
                assert!(!text.contains('⟦'), "{id} in {language:?}: {text}");
            }
        }
    }

    #[test]
    fn switching_language_changes_the_text() {
        let mut l10n = Localizer::new(Language::Nl);
        let dutch = l10n.tr("nav-next");
        l10n.set_language(Language::En);
        let english = l10n.tr("nav-next");
        assert_eq!(dutch, "Volgende");
        assert_eq!(english, "Next");
    }

    #[test]
    fn variables_are_filled_without_isolation_marks() {
        let l10n = Localizer::new(Language::En);
        let text = l10n.tr_args("step-of", &[("current", 3.into()), ("total", 8.into())]);
        assert_eq!(text, "Step 3 of 8");
    }

    #[test]
    fn a_missing_id_is_visible() {
        let l10n = Localizer::new(Language::En);
        let id = "no-such-message";
        assert_eq!(l10n.tr(id), "⟦no-such-message⟧");
    }

    /// Every literal id the Rust code asks for exists: a typo shows up here, not in front of a user.
    #[test]
    fn every_id_used_in_the_code_exists() {
        let l10n = Localizer::new(Language::En);
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for path in rust_files(&src) {
            let code = std::fs::read_to_string(&path).expect("read source");
            for id in literal_ids(&code) {
                if !l10n.has(Language::En, &id) || !l10n.has(Language::Nl, &id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "unknown message ids:\n{}",
            missing.join("\n")
        );
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// Ids in `tr("…")`, `tr_args("…"`, `tr_in(x, "…")` and `msg!("…")` calls.
    fn literal_ids(code: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for marker in ["tr(\"", "tr_args(\"", "msg(\""] {
            let mut rest = code;
            while let Some(start) = rest.find(marker) {
                rest = &rest[start + marker.len()..];
                if let Some(end) = rest.find('"') {
                    let id = &rest[..end];
                    let is_id = id.starts_with(|c: char| c.is_ascii_lowercase())
                        && id.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "-.".contains(c)
                        });
                    if is_id {
                        ids.push(id.to_owned());
                    }
                }
            }
        }
        ids
    }
}
