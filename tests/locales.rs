//! The translations: every id computed at run time exists, and the build refuses a missing one.

use overstap::i18n::{Language, Localizer};
use overstap::session::Scenario;
use overstap::wizard::{Blocker, Page};

/// Ids built with `format!` cannot be checked by the literal scan in `i18n`'s unit tests.
#[test]
fn computed_ids_exist_in_both_languages() {
    let l10n = Localizer::new(Language::En);
    let mut ids: Vec<String> = Vec::new();
    ids.extend(Page::ALL.iter().map(|p| format!("page-{}", p.key())));
    ids.extend(Blocker::ALL.iter().map(|b| b.message_id().to_owned()));
    for scenario in Scenario::ALL {
        ids.push(format!("scenario-{}", scenario.key()));
        ids.push(format!("scenario-{}-hint", scenario.key()));
    }
    for id in ids {
        for language in Language::ALL {
            assert!(l10n.has(language, &id), "{id} missing in {language:?}");
        }
    }
}

/// Copies the crate into a temporary folder, removes one Dutch message, and checks that
/// `cargo check` fails naming it. Proves build.rs guards the translations.
#[test]
fn the_build_fails_on_a_missing_translation() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("tempdir");
    for item in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "src",
        "assets",
        "locales",
    ] {
        copy_recursively(&root.join(item), &work.path().join(item));
    }
    let dutch = work.path().join("locales/nl/app.ftl");
    let text = std::fs::read_to_string(&dutch).expect("read");
    let without: String = text
        .lines()
        .filter(|line| !line.starts_with("nav-finished"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(text.len(), without.len(), "the message to remove exists");
    std::fs::write(&dutch, without).expect("write");

    let english = work.path().join("locales/en/pages.ftl");
    let text = std::fs::read_to_string(&english).expect("read");
    std::fs::write(
        &english,
        text.replace("{ $months } months", "{ $count } months"),
    )
    .expect("write");

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("build-guard-check");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--lib"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(work.path())
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build must fail");
    assert!(
        stderr.contains("`nav-finished` exists in locales/en/app.ftl but not in Dutch"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`secret-expiry-months` uses variables"),
        "{stderr}"
    );
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
