//! Issue 18 in the window: Browse next to every path field (answered by a scripted dialog, as
//! kittest cannot click in a native one), Save PDF, Print and Copy as text on the Summary page,
//! in Dutch and English; and the Summary page shows every row of the summary model.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::TimeZone as _;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use overstap::dialogs::{DialogKind, ScriptedDialogs};
use overstap::i18n::Language;
use overstap::platform::{PrintRoute, Printer};
use overstap::ui::OverstapApp;

use crate::util::{app_with, click, run_until, settle, shows, shows_containing};

/// A printer that remembers what it was given.
#[derive(Default)]
struct RecordingPrinter {
    printed: Mutex<Vec<PathBuf>>,
}

impl Printer for RecordingPrinter {
    fn print(&self, path: &Path) -> std::io::Result<PrintRoute> {
        self.printed
            .lock()
            .expect("printer")
            .push(path.to_path_buf());
        Ok(PrintRoute::PrintVerb)
    }
}

/// The labels the tests click, per language.
struct Labels {
    browse: &'static str,
    next: &'static str,
    admin: &'static str,
    session_file: &'static str,
    import: &'static str,
    use_catalogue: &'static str,
    catalogue_in_use: &'static str,
    snapshot: &'static str,
    start_scan: &'static str,
    skip_scan: &'static str,
    smtp_app_only: &'static str,
    save_script: &'static str,
    save_pdf: &'static str,
    print: &'static str,
    save_html: &'static str,
    copy_text: &'static str,
    summary_step: &'static str,
    printed: &'static str,
    save_folder: &'static str,
}

fn labels(language: Language) -> Labels {
    match language {
        Language::En => Labels {
            browse: "Browse…",
            next: "Next",
            admin: "I manage this server",
            session_file: "Session file",
            import: "Import session",
            use_catalogue: "Use catalogue",
            catalogue_in_use: "In use: ",
            snapshot: "A server snapshot",
            start_scan: "Start scan",
            skip_scan: "Skip the scan: I will mark the applications by hand",
            smtp_app_only: "SMTP AUTH with OAuth, as the application itself (app-only)",
            save_script: "Save as .ps1",
            save_pdf: "Save PDF",
            print: "Print",
            save_html: "Save report (HTML, to print)",
            copy_text: "Copy as text",
            summary_step: "8  Summary",
            printed: "Saved and sent to the printer: ",
            save_folder: "Save in folder",
        },
        Language::Nl => Labels {
            browse: "Bladeren…",
            next: "Volgende",
            admin: "Ik beheer deze server",
            session_file: "Sessiebestand",
            import: "Sessie importeren",
            use_catalogue: "Catalogus gebruiken",
            catalogue_in_use: "In gebruik: ",
            snapshot: "Een momentopname van een server",
            start_scan: "Scan starten",
            skip_scan: "Scan overslaan: ik markeer de applicaties met de hand",
            smtp_app_only: "SMTP AUTH met OAuth, als de applicatie zelf (app-only)",
            save_script: "Opslaan als .ps1",
            save_pdf: "Pdf opslaan",
            print: "Afdrukken",
            save_html: "Rapport opslaan (HTML, om af te drukken)",
            copy_text: "Kopiëren als tekst",
            summary_step: "8  Overzicht",
            printed: "Opgeslagen en naar de printer gestuurd: ",
            save_folder: "Opslaan in map",
        },
    }
}

/// The app with scripted dialogs and a recording printer.
fn harness(
    language: Language,
    config: &Path,
    dialogs: &Arc<ScriptedDialogs>,
    printer: &Arc<RecordingPrinter>,
) -> Harness<'static, OverstapApp> {
    let dialogs: Arc<dyn overstap::dialogs::FileDialogs> = dialogs.clone();
    let printer: Arc<dyn Printer> = printer.clone();
    let mut harness = app_with(language, config, move |options| {
        options.dialogs = dialogs;
        options.printer = printer;
    });
    harness.run();
    harness
}

/// Clicks the `index`th Browse button of the page and waits until the dialog answered and the
/// field shows `expected`.
fn browse(harness: &mut Harness<'_, OverstapApp>, language: Language, index: usize, field: &str) {
    let label = labels(language).browse;
    harness
        .get_all_by_label(label)
        .nth(index)
        .unwrap_or_else(|| panic!("no Browse button {index}"))
        .scroll_to_me();
    settle(harness);
    harness
        .get_all_by_label(label)
        .nth(index)
        .unwrap_or_else(|| panic!("no Browse button {index}"))
        .click();
    let field = field.to_owned();
    run_until(harness, "the dialog's answer in the field", move |h| {
        h.query_all_by(|n| n.value().is_some_and(|v| v == field))
            .next()
            .is_some()
    });
}

/// A partner catalogue folder with one application more than the embedded catalogue.
fn partner_catalogue(dir: &Path) -> PathBuf {
    let folder = dir.join("partner-catalogue");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let lucanet = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/catalog/lucanet.toml"),
    )
    .expect("lucanet.toml");
    let entry = lucanet
        .replace("id = \"lucanet\"", "id = \"acme-mailer\"")
        .replace("order = 11", "order = 50")
        .replace("nl = \"LucaNet\"", "nl = \"Acme Mailer\"")
        .replace("en = \"LucaNet\"", "en = \"Acme Mailer\"");
    assert!(
        entry.contains("acme-mailer") && entry.contains("order = 50"),
        "{entry}"
    );
    std::fs::write(folder.join("acme-mailer.toml"), entry).expect("write");
    folder
}

#[test]
fn browse_on_welcome_imports_a_session_and_a_catalogue() {
    for language in Language::ALL {
        let l = labels(language);
        let dir = tempfile::tempdir().expect("tempdir");
        let exported = dir.path().join("from the partner.json");
        let mut partner = overstap::session::Session {
            role: Some(overstap::platform::Role::Partner),
            ..overstap::session::Session::default()
        };
        partner.registration.tenant_id = "8f7e6d5c-4b3a-2918-0716-253443526170".into();
        partner.save(&exported).expect("save");
        let catalogue = partner_catalogue(dir.path());
        let dialogs = Arc::new(ScriptedDialogs::answering([
            Some(exported.clone()),
            Some(catalogue.clone()),
        ]));
        let printer = Arc::new(RecordingPrinter::default());
        let mut harness = harness(language, &dir.path().join("config"), &dialogs, &printer);
        let embedded = harness.state().catalog().len();

        browse(&mut harness, language, 0, &exported.display().to_string());
        assert_eq!(
            harness.get_by_label(l.session_file).value().as_deref(),
            Some(exported.display().to_string().as_str())
        );
        // The catalogue first (the import moves on to the next page).
        browse(&mut harness, language, 1, &catalogue.display().to_string());
        click(&mut harness, l.use_catalogue);
        assert_eq!(
            harness.state().catalog().len(),
            embedded + 1,
            "{language:?}"
        );
        assert!(shows_containing(&harness, l.catalogue_in_use));
        click(&mut harness, l.import);
        assert_eq!(
            harness.state().session().registration.tenant_id,
            "8f7e6d5c-4b3a-2918-0716-253443526170",
            "{language:?}: the chosen file was imported"
        );
        let asked = dialogs.asked();
        assert_eq!(asked.len(), 2);
        assert_eq!(asked[0].kind, DialogKind::OpenFile);
        assert!(asked[0].filters.iter().any(|(_, e)| e == &["json"]));
        assert_eq!(asked[1].kind, DialogKind::PickFolder);
    }
}

#[test]
fn browse_on_scan_picks_the_snapshot_and_its_registry_export() {
    for language in Language::ALL {
        let l = labels(language);
        let dir = tempfile::tempdir().expect("tempdir");
        let snapshot = crate::detect::fixture("relay-only");
        let registry = snapshot.join("export.reg");
        let dialogs = Arc::new(ScriptedDialogs::answering([
            Some(snapshot.clone()),
            Some(registry.clone()),
        ]));
        let printer = Arc::new(RecordingPrinter::default());
        let mut harness = harness(language, &dir.path().join("config"), &dialogs, &printer);
        click(&mut harness, l.admin);
        click(&mut harness, l.next);
        click(&mut harness, l.snapshot);
        browse(&mut harness, language, 0, &snapshot.display().to_string());
        browse(&mut harness, language, 1, &registry.display().to_string());
        click(&mut harness, l.start_scan);
        crate::util::wait_for_scan(&mut harness);
        match &harness.state().session().scan {
            overstap::session::ScanState::Finished {
                source: overstap::detect::ScanSource::Snapshot { path, .. },
                ..
            } => assert_eq!(Path::new(path), snapshot),
            other => panic!("{other:?}"),
        }
        let asked = dialogs.asked();
        assert_eq!(asked[0].kind, DialogKind::PickFolder);
        assert!(asked[1].filters.iter().any(|(_, e)| e == &["reg"]));
        assert_eq!(
            asked[1].directory.as_deref(),
            None,
            "the registry field was empty: the dialog starts where the system chooses"
        );
    }
}

#[test]
fn browse_on_registration_chooses_where_the_script_goes() {
    for language in Language::ALL {
        let l = labels(language);
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("scripts for the customer");
        std::fs::create_dir_all(&folder).expect("mkdir");
        let dialogs = Arc::new(ScriptedDialogs::answering([Some(folder.clone())]));
        let printer = Arc::new(RecordingPrinter::default());
        let mut harness = harness(language, &dir.path().join("config"), &dialogs, &printer);
        click(&mut harness, l.admin);
        click(&mut harness, l.next);
        click(&mut harness, l.skip_scan);
        click(&mut harness, l.next);
        click(&mut harness, l.smtp_app_only);
        assert_eq!(
            harness.get_by_label(l.save_folder).value().as_deref(),
            Some(
                dir.path()
                    .join("config")
                    .join("documents")
                    .display()
                    .to_string()
                    .as_str()
            ),
            "the documents folder until another is chosen"
        );
        browse(&mut harness, language, 0, &folder.display().to_string());
        click(&mut harness, l.save_script);
        let saved: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(
            saved
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "ps1")),
            "{language:?}: {saved:?}"
        );
    }
}

/// Puts a fixture session into the app and jumps to the Summary page by its step.
fn to_summary_with(harness: &mut Harness<'_, OverstapApp>, language: Language, fixture: &str) {
    let mut session = crate::paper::load_fixture(fixture);
    session.relocalise(&overstap::catalog::Catalog::embedded(), language);
    *harness.state_mut().session_mut() = session;
    settle(harness);
    click(harness, labels(language).summary_step);
    assert_eq!(
        harness.state().current_page(),
        overstap::wizard::Page::Summary
    );
}

#[test]
fn summary_saves_prints_and_copies_into_the_chosen_folder() {
    for language in Language::ALL {
        let l = labels(language);
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("klantdossier");
        std::fs::create_dir_all(&folder).expect("mkdir");
        let dialogs = Arc::new(ScriptedDialogs::answering([Some(folder.clone())]));
        let printer = Arc::new(RecordingPrinter::default());
        let mut harness = harness(language, &dir.path().join("config"), &dialogs, &printer);
        to_summary_with(&mut harness, language, "scanned-plumbing");
        browse(&mut harness, language, 0, &folder.display().to_string());

        let files = |ext: &str| -> Vec<PathBuf> {
            std::fs::read_dir(&folder)
                .expect("folder")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        };
        click(&mut harness, l.save_pdf);
        run_until(&mut harness, "the PDF", |_| !files("pdf").is_empty());
        let pdf = std::fs::read(&files("pdf")[0]).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"), "{language:?}");

        for old in files("pdf") {
            std::fs::remove_file(old).expect("rm");
        }
        click(&mut harness, l.print);
        run_until(&mut harness, "the printer", |_| {
            !printer.printed.lock().expect("printer").is_empty()
        });
        let printed = printer.printed.lock().expect("printer")[0].clone();
        assert!(printed.is_absolute(), "{}", printed.display());
        assert_eq!(printed.parent(), Some(folder.as_path()));
        assert!(
            std::fs::read(&printed)
                .expect("printed pdf")
                .starts_with(b"%PDF-")
        );
        run_until(&mut harness, "the confirmation", |h| {
            shows_containing(h, l.printed)
        });

        click(&mut harness, l.save_html);
        run_until(&mut harness, "the HTML", |_| !files("html").is_empty());

        harness.get_by_label(l.copy_text).scroll_to_me();
        settle(&mut harness);
        harness.get_by_label(l.copy_text).click();
        harness.step();
        let copied: Vec<String> = harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|command| match command {
                egui::OutputCommand::CopyText(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        let (_, summary) = crate::paper::summary_of("scanned-plumbing", language);
        assert!(
            copied.iter().any(|text| text.starts_with(&summary.title)
                && text.contains(&summary.labels.open_items)),
            "{language:?}: {copied:?}"
        );
    }
}

/// The page is one more rendering of the model: every row label, every value's first line and
/// every application is on it.
#[test]
fn the_summary_page_shows_every_row_of_the_model() {
    for fixture in crate::paper::FIXTURES {
        for language in Language::ALL {
            let dir = tempfile::tempdir().expect("tempdir");
            let dialogs = Arc::new(ScriptedDialogs::default());
            let printer = Arc::new(RecordingPrinter::default());
            let mut harness = harness(language, &dir.path().join("config"), &dialogs, &printer);
            to_summary_with(&mut harness, language, fixture);
            // The page makes its summary in local time on the app's date (the test clock).
            let mut session = harness.state().session().clone();
            session.tenant = None;
            let noon = chrono::Local
                .from_local_datetime(&crate::util::today().and_hms_opt(12, 0, 0).expect("noon"))
                .single()
                .expect("local noon");
            let summary = overstap::summary::Summary::build(
                &session,
                harness.state().catalog(),
                &overstap::i18n::Localizer::new(language),
                &noon,
            );
            for fact in &summary.facts {
                assert!(
                    shows(&harness, &fact.label),
                    "{fixture} {language:?}: {}",
                    fact.label
                );
                assert!(
                    shows(&harness, &fact.value),
                    "{fixture} {language:?}: {:?}",
                    fact.value
                );
            }
            assert!(
                shows(&harness, &summary.open_items.join("\n")) || summary.open_items.is_empty()
            );
            for row in &summary.applications {
                assert!(
                    shows(&harness, &row.name),
                    "{fixture} {language:?}: {}",
                    row.name
                );
            }
            for chain in &summary.chains {
                assert!(
                    shows(&harness, &chain.relay),
                    "{fixture} {language:?}: {}",
                    chain.relay
                );
            }
        }
    }
}
