//! The application catalogue: what Overstap knows about each business application, as data.
//!
//! The files in `assets/catalog/` are validated by `build.rs` and embedded; a partner can point
//! `--catalog DIR` at a folder of their own files, which add to or replace embedded entries.
//! Raw files become typed `Application`s in two steps (parse, then validate), as ripgrep does
//! with its flags.

pub mod model;
pub mod rules;

use std::collections::BTreeMap;
use std::path::Path;

pub use model::{ChangeRoute, Direction, OutcomeKind, SqlLocation, Text};

use crate::i18n::Language;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

impl Text {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }
}

/// Where the mail setting of an application lives, as the application shows it.
#[derive(Clone, Debug)]
pub struct Location {
    pub id: String,
    pub place: Text,
}

/// A minimum version and what to do below it.
#[derive(Clone, Debug)]
pub struct VersionRule {
    pub component: String,
    pub minimum: String,
    pub check: Text,
    pub below: Text,
}

/// One application of the checklist.
#[derive(Clone, Debug)]
pub struct Application {
    pub id: String,
    pub order: u32,
    pub vendor: String,
    pub mail: Vec<Direction>,
    /// Another application whose mail setting this one uses.
    pub follows: Option<String>,
    pub consult_vendor: bool,
    pub name: Text,
    pub purpose: Text,
    pub locations: Vec<Location>,
    pub steps: Vec<Text>,
    pub versions: Vec<VersionRule>,
    pub outcomes: BTreeMap<OutcomeKind, Vec<Text>>,
    pub notes: Option<Text>,
    /// Substrings of the registry uninstall `DisplayName` that identify the product.
    pub display_names: Vec<String>,
    /// File names that hold the mail setting.
    pub files: Vec<String>,
    /// How a setting at Exchange Online gets changed.
    pub change: ChangeRoute,
    /// Known tables in SQL Server that hold the mail setting.
    pub sql: Vec<SqlLocation>,
}

impl Application {
    /// The required actions for an outcome, joined as the "Required actions" field's text.
    pub fn actions_text(&self, outcome: OutcomeKind, language: Language) -> String {
        self.outcomes
            .get(&outcome)
            .map(|actions| {
                actions
                    .iter()
                    .map(|a| format!("- {}", a.get(language)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }
}

impl From<model::RawApplication> for Application {
    fn from(raw: model::RawApplication) -> Self {
        let detect = raw.detect.unwrap_or_default();
        Application {
            change: raw.change,
            id: raw.id,
            order: raw.order,
            vendor: raw.vendor,
            mail: raw.mail,
            follows: raw.follows,
            consult_vendor: raw.consult_vendor,
            name: raw.name,
            purpose: raw.purpose,
            locations: raw
                .locations
                .into_iter()
                .map(|l| Location {
                    id: l.id,
                    place: l.place,
                })
                .collect(),
            steps: raw.steps,
            versions: raw
                .versions
                .into_iter()
                .map(|v| VersionRule {
                    component: v.component,
                    minimum: v.minimum,
                    check: v.check,
                    below: v.below,
                })
                .collect(),
            outcomes: raw
                .outcomes
                .into_iter()
                .map(|o| (o.kind, o.actions))
                .collect(),
            notes: raw.notes,
            display_names: detect.display_names,
            files: detect.files,
            sql: detect.sql,
        }
    }
}

/// Why a catalogue folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read the catalogue folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("the catalogue has problems:\n  - {}", .0.join("\n  - "))]
    Invalid(Vec<String>),
}

impl CatalogError {
    /// The message and the full text for support.
    pub fn problem(&self) -> crate::i18n::Problem {
        crate::i18n::Problem::new(self.message(), self)
    }

    /// The bilingual message. The file problems themselves are listed as the validation names
    /// them (file, field, value), like a compiler's, for the partner who wrote the files.
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            // What the folder read said: not found, no permission, ...
            CatalogError::Folder { path, source } => crate::fsutil::io_message(path, source),
            CatalogError::Invalid(problems) => crate::i18n::Message::new(
                "catalog-error-invalid",
                vec![
                    ("count", problems.len().to_string()),
                    ("problems", problems.join("\n")),
                ],
            ),
        }
    }
}

/// All applications, in checklist order.
/// A catalogue entry is a few KB; a bigger file is not one.
const MAX_ENTRY_BYTES: u64 = 1024 * 1024;

/// One file of a partner's folder: a regular file (a FIFO must not hang the start), at most
/// [`MAX_ENTRY_BYTES`], UTF-8.
fn read_entry(path: &Path) -> Result<String, String> {
    let never = std::sync::atomic::AtomicBool::new(false);
    let bytes =
        crate::fsutil::read_capped(path, MAX_ENTRY_BYTES, &never).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())
}

#[derive(Clone, Debug)]
pub struct Catalog {
    applications: Vec<Application>,
}

impl Catalog {
    /// The catalogue built into the program (validated at build time).
    pub fn embedded() -> Catalog {
        let files: Vec<(String, String)> = CATALOG_FILES
            .iter()
            .map(|(stem, source)| ((*stem).to_owned(), (*source).to_owned()))
            .collect();
        // build.rs has validated exactly these files; a failure here is a build bug.
        Catalog::from_sources(files).unwrap_or_else(|_| Catalog {
            applications: Vec::new(),
        })
    }

    /// The embedded catalogue with a partner's folder on top: a file with the same id replaces
    /// the embedded entry, a new id is added.
    pub fn embedded_with_overrides(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut files: BTreeMap<String, String> = CATALOG_FILES
            .iter()
            .map(|(stem, source)| ((*stem).to_owned(), (*source).to_owned()))
            .collect();
        let entries = std::fs::read_dir(dir).map_err(|source| CatalogError::Folder {
            path: dir.display().to_string(),
            source,
        })?;
        let mut problems = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match read_entry(&path) {
                Ok(source) => {
                    files.insert(stem, source);
                }
                Err(why) => problems.push(format!("{stem}.toml: cannot read: {why}")),
            }
        }
        if !problems.is_empty() {
            return Err(CatalogError::Invalid(problems));
        }
        Catalog::from_sources(files.into_iter().collect())
    }

    fn from_sources(files: Vec<(String, String)>) -> Result<Catalog, CatalogError> {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for (stem, source) in files {
            match model::parse(&source) {
                Ok(app) => parsed.push((stem, app)),
                Err(err) => problems.push(format!("{stem}.toml: {err}")),
            }
        }
        problems.extend(model::validate(&parsed));
        if !problems.is_empty() {
            return Err(CatalogError::Invalid(problems));
        }
        let mut applications: Vec<Application> =
            parsed.into_iter().map(|(_, raw)| raw.into()).collect();
        applications.sort_by_key(|app| (app.order, app.id.clone()));
        Ok(Catalog { applications })
    }

    pub fn applications(&self) -> &[Application] {
        &self.applications
    }

    pub fn get(&self, id: &str) -> Option<&Application> {
        self.applications.iter().find(|app| app.id == id)
    }

    pub fn len(&self) -> usize {
        self.applications.len()
    }

    pub fn is_empty(&self) -> bool {
        self.applications.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKLIST: [&str; 16] = [
        "orbis-bpa-platform",
        "eddon-tvm",
        "eddon-wordmerge",
        "exact-globe-next",
        "exact-elis",
        "exact-synergy-enterprise",
        "iis",
        "scansys-imagecapture",
        "servicenext",
        "proquro",
        "lucanet",
        "cfas",
        "exact-financials",
        "ssrs",
        "axians-bouwstenen",
        "other-addons",
    ];

    #[test]
    fn the_sixteen_checklist_rows_in_order() {
        let catalog = Catalog::embedded();
        let ids: Vec<&str> = catalog
            .applications()
            .iter()
            .filter(|app| app.order <= 16)
            .map(|app| app.id.as_str())
            .collect();
        assert_eq!(ids, CHECKLIST);
    }

    #[test]
    fn every_entry_is_complete_in_both_languages() {
        let catalog = Catalog::embedded();
        for app in catalog.applications() {
            for language in Language::ALL {
                assert!(!app.name.get(language).is_empty(), "{}", app.id);
                assert!(!app.purpose.get(language).is_empty(), "{}", app.id);
                assert!(!app.steps.is_empty(), "{}", app.id);
                for kind in OutcomeKind::ALL {
                    assert!(
                        !app.actions_text(kind, language).is_empty(),
                        "{} {kind:?} {language:?}",
                        app.id
                    );
                }
            }
        }
    }

    /// Issue 10: the three vendor OAuth guides follow the checklist rows, with their facts.
    #[test]
    fn the_vendor_guides_follow_as_17_18_19() {
        let catalog = Catalog::embedded();
        let ids: Vec<(&str, u32)> = catalog
            .applications()
            .iter()
            .filter(|app| app.order > 16 && app.order <= 19)
            .map(|app| (app.id.as_str(), app.order))
            .collect();
        assert_eq!(
            ids,
            [("allsolutions", 17), ("combit-crm", 18), ("king-erp", 19)]
        );
        let minimum = |id: &str| -> Vec<String> {
            catalog
                .get(id)
                .expect(id)
                .versions
                .iter()
                .map(|v| v.minimum.clone())
                .collect()
        };
        assert_eq!(minimum("allsolutions"), ["22.0.10"]);
        assert_eq!(minimum("combit-crm"), ["11.006"]);
        let king = catalog.get("king-erp").expect("king");
        assert_eq!(king.display_names, ["KING ERP"]);
        for language in Language::ALL {
            let actions = king.actions_text(OutcomeKind::ExoDirect, language);
            assert!(actions.contains("KING Software SendEmail"), "{actions}");
            assert!(actions.contains("90"), "{actions}");
            let all = catalog
                .get("allsolutions")
                .expect("allsolutions")
                .actions_text(OutcomeKind::ExoDirect, language);
            for fact in ["jsonhandler.ashx", "MILSCN", "MZZPAR", "v2", "50"] {
                assert!(all.contains(fact), "{fact} in {all}");
            }
        }
    }

    #[test]
    fn facts_of_the_checklist_are_carried() {
        let catalog = Catalog::embedded();
        let bpa = catalog.get("orbis-bpa-platform").expect("bpa");
        let minimums: Vec<&str> = bpa.versions.iter().map(|v| v.minimum.as_str()).collect();
        assert!(minimums.iter().any(|m| m.contains("6618")), "{minimums:?}");
        assert!(minimums.iter().any(|m| m.contains("14954")), "{minimums:?}");
        let cfas = catalog.get("cfas").expect("cfas");
        assert_eq!(cfas.follows.as_deref(), Some("exact-synergy-enterprise"));
        assert!(catalog.get("proquro").expect("proquro").consult_vendor);
        assert!(catalog.get("lucanet").expect("lucanet").consult_vendor);
        let servicenext = catalog.get("servicenext").expect("servicenext");
        assert!(
            servicenext
                .files
                .iter()
                .any(|f| f == "HandleEmailSN.exe.config")
        );
        let ssrs = catalog.get("ssrs").expect("ssrs");
        assert!(ssrs.files.iter().any(|f| f == "rsreportserver.config"));
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write");
    }

    const MINIMAL: &str = r#"
id = "acme-mailer"
order = 50
vendor = "Acme"
mail = ["out"]
[name]
nl = "Acme Mailer"
en = "Acme Mailer"
[purpose]
nl = "Verstuurt facturen."
en = "Sends invoices."
[[locations]]
id = "settings"
[locations.where]
nl = "Extra > Opties"
en = "Tools > Options"
[[steps]]
nl = "Open de opties."
en = "Open the options."
"#;

    fn outcomes() -> String {
        OutcomeKind::ALL
            .iter()
            .map(|k| {
                format!(
                    "[[outcomes]]\nkind = \"{}\"\n[[outcomes.actions]]\nnl = \"Doe iets.\"\nen = \"Do something.\"\n",
                    k.key()
                )
            })
            .collect()
    }

    #[test]
    fn a_partner_folder_adds_and_replaces_entries() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "acme-mailer.toml",
            &format!("{MINIMAL}{}", outcomes()),
        );
        let catalog = Catalog::embedded_with_overrides(dir.path()).expect("valid");
        assert_eq!(catalog.len(), Catalog::embedded().len() + 1);
        assert_eq!(
            catalog.applications().last().map(|a| a.id.as_str()),
            Some("acme-mailer")
        );
    }

    #[test]
    fn a_broken_partner_file_is_refused_with_every_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let broken = format!("{MINIMAL}{}", outcomes())
            .replace("en = \"Sends invoices.\"", "")
            .replace(
                "order = 50",
                "order = 50\ncolour = \"red\"\nfollows = \"nobody\"",
            );
        write(dir.path(), "acme-mailer.toml", &broken);
        let error = Catalog::embedded_with_overrides(dir.path()).expect_err("invalid");
        let text = error.to_string();
        assert!(text.contains("acme-mailer.toml"), "{text}");
        assert!(text.contains("colour"), "unknown field named: {text}");

        write(
            dir.path(),
            "acme-mailer.toml",
            &format!("{MINIMAL}{}", outcomes())
                .replace("order = 50", "order = 50\nfollows = \"nobody\""),
        );
        let text = Catalog::embedded_with_overrides(dir.path())
            .expect_err("dangling")
            .to_string();
        assert!(
            text.contains("follows `nobody`, which is not in the catalogue"),
            "{text}"
        );

        write(
            dir.path(),
            "acme-mailer.toml",
            &format!("{MINIMAL}{}", outcomes()).replace("en = \"Open the options.\"", "en = \" \""),
        );
        let text = Catalog::embedded_with_overrides(dir.path())
            .expect_err("empty English")
            .to_string();
        assert!(
            text.contains("steps[0]: the English text (en) is empty"),
            "{text}"
        );

        write(
            dir.path(),
            "acme-mailer.toml",
            &format!("{MINIMAL}{}", outcomes()).replace("en = \"Sends invoices.\"\n", ""),
        );
        let text = Catalog::embedded_with_overrides(dir.path())
            .expect_err("missing language")
            .to_string();
        assert!(text.contains("missing field `en`"), "{text}");
    }

    #[test]
    fn a_missing_outcome_and_a_duplicate_order_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let without_relay: String = format!("{MINIMAL}{}", outcomes())
            .replace("kind = \"relay\"", "kind = \"modern\"")
            .replace("order = 50", "order = 1");
        write(dir.path(), "acme-mailer.toml", &without_relay);
        let text = Catalog::embedded_with_overrides(dir.path())
            .expect_err("invalid")
            .to_string();
        assert!(text.contains("outcome `relay` is missing"), "{text}");
        assert!(
            text.contains("outcome `modern` appears more than once"),
            "{text}"
        );
        assert!(text.contains("order 1 also used by"), "{text}");
    }

    /// Issue 15: a `[[detect.sql]]` must name real SQL Server names, a table inside its
    /// signature, and say where the fact comes from in both languages.
    #[test]
    fn sql_locations_are_checked() {
        let elis = CATALOG_FILES
            .iter()
            .find(|(stem, _)| *stem == "exact-elis")
            .map(|(_, source)| (*source).to_owned())
            .expect("elis");
        let rule = Catalog::embedded()
            .get("exact-elis")
            .expect("elis")
            .sql
            .clone();
        assert_eq!(rule.len(), 1);
        assert_eq!(rule[0].table, "Clients");
        assert_eq!(rule[0].columns, ["Properties"]);
        let broken = elis
            .replace("table = \"Clients\"", "table = \"Mailboxes\"")
            .replace("columns = [\"Properties\"]", "columns = []")
            .replace(
                "signature = [\"Server\",",
                &format!("signature = [\"{}\", \"Server\",", "x".repeat(129)),
            );
        let Err(CatalogError::Invalid(problems)) =
            Catalog::from_sources(vec![("exact-elis".into(), broken)])
        else {
            panic!("the broken rule was accepted");
        };
        let text = problems.join("\n");
        assert!(
            text.contains("table `Mailboxes` is not in the signature"),
            "{text}"
        );
        assert!(text.contains("detect.sql[0]: no columns"), "{text}");
        assert!(text.contains("is not a SQL Server name"), "{text}");
    }
}
