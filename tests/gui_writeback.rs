//! Write-back from the Applications page: plan with a relay, the preview of an IIS site's
//! configSource file, confirm, the file written and the checklist filled in, undo, in English
//! and in Dutch. The server is a copy of the plumbing fixture; backups go to the test's folder.

use egui_kittest::kittest::{NodeT as _, Queryable as _};
use overstap::i18n::Language;
use overstap::plan::{ItemState, Route};

use crate::util::{
    app, app_with, click, click_first, registration_to_applications, run_until, shows, type_into,
};

#[test]
fn plan_preview_write_and_undo_from_the_applications_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("servers")).expect("mkdir");
    let root = dir.path().join("servers/plumbing");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(crate::detect::fixture("plumbing"))
        .arg(&root)
        .status()
        .expect("cp");
    assert!(copied.success());
    let target = root.join("D/Sites/Portal/Config/smtp.config");
    let original = std::fs::read(&target).expect("read");

    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(&mut harness, "Snapshot folder", &root.display().to_string());
    click(&mut harness, "Start scan");
    crate::util::wait_for_scan(&mut harness);
    // The scan plans at once, with the default relay: the Registration page shows what the plan
    // needs from the registration.
    run_until(&mut harness, "the first plan", |h| {
        h.state().session().plan.is_some()
    });
    click(&mut harness, "Next");
    assert!(shows(&harness, "What your plan needs"));
    assert!(
        harness
            .query_all_by_label_contains("Overstap's relay on this server will send for:")
            .next()
            .is_some()
    );
    registration_to_applications(&mut harness);

    // The relay: the IIS SMTP service holds port 25 on this server, so 2525 is proposed.
    assert!(shows(
        &harness,
        "Changes: what Overstap writes and what you change yourself"
    ));
    assert_eq!(
        harness.get_by_label("Relay (host:port)").value().as_deref(),
        Some("127.0.0.1:2525")
    );
    click(&mut harness, "Plan again");
    run_until(&mut harness, "the plan", |h| {
        h.state().session().plan.is_some()
    });
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("2 file(s) Overstap can write")
            .next()
            .is_some()
    );

    click_first(&mut harness, "Internet Information Services (IIS)");
    assert!(shows(&harness, "Changes for this application"));
    assert!(
        harness
            .query_all_by_label_contains("+ <network host=\"127.0.0.1\" port=\"2525\"")
            .next()
            .is_some(),
        "the preview shows the new line"
    );
    // The preview never shows the password it removes.
    assert!(
        harness
            .query_all_by_label_contains("Plumbing-Portal-Secret1")
            .next()
            .is_none()
    );
    let index = harness
        .state()
        .session()
        .plan
        .as_ref()
        .expect("plan")
        .items
        .iter()
        .position(|i| i.route == Route::WriteFile && i.path.ends_with("smtp.config"))
        .expect("the configSource item");
    // The first "Write this change" of IIS belongs to the Api site's JSON; the second to smtp.config.
    let buttons: Vec<_> = harness.get_all_by_label("Write this change…").collect();
    assert_eq!(buttons.len(), 2);
    drop(buttons);
    harness
        .get_all_by_label("Write this change…")
        .nth(1)
        .expect("button")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label("Write this change…")
        .nth(1)
        .expect("button")
        .click();
    harness.run();
    let labels: Vec<String> = harness
        .query_all_by_label_contains("change")
        .map(|n| format!("{:?}", n.accesskit_node().label()))
        .collect();
    assert!(shows(&harness, "Write 1 file change(s)?"), "{labels:?}");
    click(&mut harness, "Write");
    run_until(&mut harness, "the write", |h| {
        matches!(
            h.state().session().plan.as_ref().expect("plan").items[index].state,
            ItemState::Applied { .. }
        )
    });
    harness.run();
    let written = std::fs::read(&target).expect("read");
    assert_ne!(written, original);
    let text = overstap::detect::text::decode(&written).expect("utf-16");
    assert!(text.contains("host=\"127.0.0.1\" port=\"2525\""), "{text}");
    assert!(
        !text.contains("Plumbing-Portal-Secret1"),
        "the password is gone"
    );
    assert!(
        harness
            .query_all_by_label_contains("Written ")
            .next()
            .is_some()
    );
    let check = &harness.state().session().applications["iis"];
    assert_eq!(check.server, "127.0.0.1:2525");
    assert!(
        check.findings.contains("Changed by Overstap on"),
        "{}",
        check.findings
    );

    click(&mut harness, "Undo");
    run_until(&mut harness, "the undo", |h| {
        matches!(
            h.state().session().plan.as_ref().expect("plan").items[index].state,
            ItemState::Undone { .. }
        )
    });
    harness.run();
    assert_eq!(
        std::fs::read(&target).expect("read"),
        original,
        "every byte back"
    );

    // The same page in Dutch.
    click(&mut harness, "Nederlands");
    assert!(shows(&harness, "Wijzigingen voor deze applicatie"));
    assert!(
        harness
            .query_all_by_label_contains("Ongedaan gemaakt ")
            .next()
            .is_some()
    );
    click_first(&mut harness, "Opnieuw schrijven…");
    assert!(shows(&harness, "1 bestandswijziging(en) schrijven?"));
    click(&mut harness, "Annuleren");
    assert_eq!(
        std::fs::read(&target).expect("read"),
        original,
        "cancel writes nothing"
    );
    // The backup of the write is in the test's folder, not the machine's.
    assert!(dir.path().join("backups").exists());
}

/// Restarts scripted for the test: the first fails the way Windows says it, the next succeeds.
struct ScriptedRestarts {
    asked: std::sync::Mutex<Vec<overstap::platform::Restart>>,
}

impl overstap::platform::Restarter for ScriptedRestarts {
    fn is_available(&self) -> bool {
        true
    }

    fn restart(&self, what: &overstap::platform::Restart) -> Result<(), String> {
        let mut asked = self.asked.lock().expect("lock");
        asked.push(what.clone());
        if asked.len() == 1 {
            Err("Restart-WebAppPool : Cannot find an application pool for 'Api'.".into())
        } else {
            Ok(())
        }
    }
}

/// After writing an ASP.NET Core site's appsettings.json, the page offers to restart its
/// application pool, runs the restart off the UI thread, shows Windows' answer when it fails and
/// says so when it worked.
#[test]
fn a_written_change_restarts_what_reads_it_from_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("servers")).expect("mkdir");
    let root = dir.path().join("servers/plumbing");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(crate::detect::fixture("plumbing"))
        .arg(&root)
        .status()
        .expect("cp");
    assert!(copied.success());
    let restarts = std::sync::Arc::new(ScriptedRestarts {
        asked: std::sync::Mutex::new(Vec::new()),
    });
    let restarter = std::sync::Arc::clone(&restarts);
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.restarter = restarter;
    });
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(&mut harness, "Snapshot folder", &root.display().to_string());
    click(&mut harness, "Start scan");
    run_until(&mut harness, "the plan", |h| {
        h.state().session().plan.is_some()
    });
    click(&mut harness, "Next");
    registration_to_applications(&mut harness);
    click_first(&mut harness, "Internet Information Services (IIS)");
    let index = harness
        .state()
        .session()
        .plan
        .as_ref()
        .expect("plan")
        .items
        .iter()
        .position(|i| i.route == Route::WriteFile && i.path.ends_with("Api\\appsettings.json"))
        .expect("the JSON item");
    // No restart is offered before the write.
    assert!(harness.query_by_label("Restart now").is_none());
    let first = harness
        .get_all_by_label("Write this change…")
        .next()
        .expect("button");
    first.scroll_to_me();
    harness.run();
    click_first(&mut harness, "Write this change…");
    click(&mut harness, "Write");
    run_until(&mut harness, "the write", |h| {
        matches!(
            h.state().session().plan.as_ref().expect("plan").items[index].state,
            ItemState::Applied { .. }
        )
    });
    harness.run();
    harness.get_by_label("Restart now").scroll_to_me();
    harness.run();
    click(&mut harness, "Restart now");
    run_until(&mut harness, "the failed restart", |h| {
        h.query_by_label("The restart did not work").is_some()
    });
    assert!(
        harness
            .query_all_by_label_contains("Cannot find an application pool for 'Api'")
            .next()
            .is_some(),
        "Windows' answer is shown"
    );
    click(&mut harness, "Restart now");
    run_until(&mut harness, "the restart", |h| {
        h.query_by_label("Restarted: the change counts now.")
            .is_some()
    });
    let asked = restarts.asked.lock().expect("lock").clone();
    assert_eq!(
        asked,
        vec![overstap::platform::Restart::SitePool { site: "Api".into() }; 2]
    );
}
