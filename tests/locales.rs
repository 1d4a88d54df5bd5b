//! The translations: every id computed at run time exists, and the build refuses a missing one.

use overstap::i18n::{Language, Localizer};
use overstap::scenario::Scenario;
use overstap::wizard::{Blocker, Page};

/// Ids built with `format!` cannot be checked by the literal scan in `i18n`'s unit tests.
#[test]
fn computed_ids_exist_in_both_languages() {
    let l10n = Localizer::new(Language::En);
    let mut ids: Vec<String> = Vec::new();
    ids.extend(Page::ALL.iter().map(|p| format!("page-{}", p.key())));
    ids.extend(Blocker::ALL.iter().map(|b| b.message_id().to_owned()));
    for class in overstap::detect::Classification::ALL {
        ids.push(format!("scan-class-{}", class.key()));
    }
    for source in overstap::detect::SourceId::ALL {
        ids.push(format!("scan-source-name-{}", source.key()));
    }
    for problem in overstap::detect::ProblemKind::KEYS {
        ids.push(format!("scan-problem-{problem}"));
    }
    // Evidence ids the sources write into findings.
    for id in [
        "scan-ev-iis-smtp",
        "scan-ev-iis-pickup",
        "scan-ev-iis-appsetting",
        "scan-ev-iis-section-unread",
        "scan-ev-smtpsvc",
        "scan-ev-smtpsvc-dns",
        "scan-ev-smtpsvc-no-user",
        "scan-ev-script",
        "scan-ev-task-sendemail",
        "scan-ev-task-script-unread",
        "scan-ev-ssrs",
        "scan-ev-ssrs-pickup",
        "scan-ev-servicenext-ews",
        "scan-ev-servicenext-oauth",
        "scan-ev-servicenext-neither",
        "scan-ev-content-exo",
        "scan-ev-content-smtp",
        "scan-ev-sql-dbmail",
        "scan-ev-sql-known",
        "scan-ev-sql-search",
    ] {
        ids.push(id.to_owned());
    }
    for scenario in Scenario::ALL {
        ids.push(format!("scenario-{}", scenario.key()));
        ids.push(format!("scenario-{}-hint", scenario.key()));
    }
    for (what, fix) in overstap::identity::all_error_message_ids() {
        ids.push(what);
        ids.push(fix);
    }
    for page in ["success", "failure", "wrong-state"] {
        ids.push(format!("browser-{page}"));
        ids.push(format!("browser-{page}-title"));
    }
    for diagnosis in overstap::mailtest::Diagnosis::ALL {
        let (what, fix) = diagnosis.message_ids();
        ids.push(what);
        ids.push(fix);
    }
    for route in overstap::mailtest::Route::ALL {
        ids.push(format!("test-send-route-{}", route.key()));
        ids.push(format!("test-send-route-name-{}", route.key()));
        ids.push(format!("test-send-running-{}", route.key()));
    }
    for step in overstap::identity::autoreg::Step::ALL {
        ids.push(step.message_id().to_owned());
    }
    for route in overstap::access::all() {
        ids.push(route.name_id());
        ids.push(route.hint_id());
        ids.extend(route.limits.iter().map(|l| l.text_id.clone()));
    }
    ids.extend(overstap::session::SessionError::MESSAGE_IDS.map(str::to_owned));
    ids.extend(overstap::fsutil::FileError::MESSAGE_IDS.map(str::to_owned));
    ids.extend(
        [
            "catalog-error-invalid",
            "app-autosave-unreadable",
            "internal-error",
            "pdf-error-font",
            "pdf-error-write",
        ]
        .map(str::to_owned),
    );
    ids.extend(overstap::writeback::WriteError::MESSAGE_IDS.map(str::to_owned));
    ids.push("wb-error-no-machine".to_owned());
    for route in overstap::plan::Route::KEYS {
        ids.push(format!("plan-route-{route}"));
        ids.push(format!("plan-route-{route}-text"));
    }
    // The SQL module's errors, also as the `sql` problem of scan error entries.
    for key in overstap::sql::SqlError::KEYS {
        ids.push(format!("sql-error-{key}"));
    }
    for hosts in &overstap::identity::trust::CLOUDS {
        ids.push(format!("cloud-{}", hosts.cloud.key()));
    }
    for id in ids {
        for language in Language::ALL {
            assert!(l10n.has(language, &id), "{id} missing in {language:?}");
        }
    }
}

/// Copies the crate into a temporary folder, breaks a translation, then a catalogue file, then
/// the access routes, then adds a preset without its texts, and checks that `cargo check` fails
/// each time naming the problem (and passes once the preset has its texts). Proves that
/// build.rs guards all four.
#[test]
fn the_build_fails_on_a_missing_translation_or_an_incomplete_catalogue_entry() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("tempdir");
    for item in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "benches",
        "src",
        "assets",
        "locales",
    ] {
        copy_recursively(&root.join(item), &work.path().join(item));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("build-guard-check");
    let check = || {
        let output = std::process::Command::new(env!("CARGO"))
            .args(["check", "--offline", "--quiet", "--lib"])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(work.path())
            .output()
            .expect("run cargo");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    // 1. A Dutch message removed, an English variable renamed.
    let dutch = work.path().join("locales/nl/app.ftl");
    let dutch_text = std::fs::read_to_string(&dutch).expect("read");
    let without: String = dutch_text
        .lines()
        .filter(|line| !line.starts_with("nav-finished"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(
        dutch_text.len(),
        without.len(),
        "the message to remove exists"
    );
    std::fs::write(&dutch, without).expect("write");
    let english = work.path().join("locales/en/pages.ftl");
    let english_text = std::fs::read_to_string(&english).expect("read");
    std::fs::write(
        &english,
        english_text.replace("{ $months } months", "{ $count } months"),
    )
    .expect("write");
    let (ok, stderr) = check();
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("`nav-finished` exists in locales/en/app.ftl but not in Dutch"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`secret-expiry-months` uses variables"),
        "{stderr}"
    );

    // 2. Translations repaired; a catalogue entry loses an English text and gains a stray key.
    std::fs::write(&dutch, dutch_text).expect("write");
    std::fs::write(&english, english_text).expect("write");
    let ssrs = work.path().join("assets/catalog/ssrs.toml");
    let text = std::fs::read_to_string(&ssrs).expect("read");
    let broken = text.replacen("order = ", "colour = \"red\"\norder = ", 1);
    std::fs::write(&ssrs, broken).expect("write");
    let (ok, stderr) = check();
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("ssrs.toml") && stderr.contains("colour"),
        "{stderr}"
    );

    let purpose_en = text
        .lines()
        .skip_while(|line| *line != "[purpose]")
        .find(|line| line.starts_with("en = "))
        .expect("purpose has an English line")
        .to_owned();
    std::fs::write(&ssrs, text.replacen(&purpose_en, "", 1)).expect("write");
    let (ok, stderr) = check();
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("ssrs.toml") && stderr.contains("missing field `en`"),
        "{stderr}"
    );

    // 3. Catalogue repaired; the Graph route mixes an Entra grant into RBAC and names a limit
    //    without a translation (issue 21: the routes cannot drift from Microsoft's combinations).
    std::fs::write(&ssrs, text).expect("write");
    let routes = work.path().join("assets/access-routes.toml");
    let routes_text = std::fs::read_to_string(&routes).expect("read");
    let broken = routes_text
        .replacen(
            "token-scopes = [\"https://graph.microsoft.com/.default\"]\nentra = []",
            "token-scopes = [\"https://graph.microsoft.com/.default\"]\nentra = [{ resource = \"graph\", permission = \"Mail.Send\", kind = \"application\", admin-consent = true }]",
            1,
        )
        .replacen(
            "limit-rbac-no-entra-permission-graph",
            "limit-nobody-translated-this",
            1,
        );
    assert_ne!(broken, routes_text, "the texts to break exist");
    std::fs::write(&routes, broken).expect("write");
    let (ok, stderr) = check();
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("route `graph-app-only/rbac`: RBAC takes no Entra permission"),
        "{stderr}"
    );
    assert!(
        stderr.contains("message `limit-nobody-translated-this` is not in the locale files"),
        "{stderr}"
    );

    // 4. Routes repaired; issue 19: a fourth vendor preset is a new file plus texts, no code.
    //    Without its texts (and with a question the wizard does not know) the build refuses it.
    std::fs::write(&routes, routes_text).expect("write");
    let preset = work.path().join("assets/presets/lucanet.toml");
    let preset_text = "id = \"lucanet\"\nscenario = \"smtp-app-only\"\nown-registration = true\n\
        client-secret = true\ngeneric-route = true\nconsent = \"overstap\"\ntest = \"overstap\"\n";
    std::fs::write(&preset, format!("{preset_text}fields = [\"colour\"]\n")).expect("write");
    let (ok, stderr) = check();
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("preset `lucanet`: message `preset-lucanet-hint` is missing"),
        "{stderr}"
    );
    assert!(
        stderr.contains("preset `lucanet`: unknown field `colour`"),
        "{stderr}"
    );

    // 5. The same file without the unknown question, and its texts in both languages: built.
    std::fs::write(&preset, preset_text).expect("write");
    for (lang, name) in [("nl", "LucaNet (voorbeeld)"), ("en", "LucaNet (example)")] {
        let file = work.path().join(format!("locales/{lang}/presets.ftl"));
        let mut text = std::fs::read_to_string(&file).expect("read");
        for suffix in [
            "",
            "-hint",
            "-scenario-title",
            "-scenario",
            "-secret-title",
            "-secret",
        ] {
            text.push_str(&format!("preset-lucanet{suffix} = {name}\n"));
        }
        text.push_str(&format!("summary-preset-lucanet-done = {name}\n"));
        std::fs::write(&file, text).expect("write");
    }
    let (ok, stderr) = check();
    assert!(ok, "a preset file with its texts builds: {stderr}");
}

fn copy_recursively(from: &std::path::Path, to: &std::path::Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("entry");
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.exists() {
        std::fs::copy(from, to).expect("copy");
    }
}
