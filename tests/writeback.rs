//! Write-back: golden before/after files in every encoding Windows writes (only the changed
//! values' bytes differ), the whole pipeline on a copy of a fixture server (plan, apply, rescan,
//! undo), fault injection at every step (nothing lost, the backup exists), and a plan made on a
//! snapshot applied to another copy ("the customer's server"), refusing a file that changed.
//!
//! Golden files: `tests/fixtures/writeback/<case>/before` and `after`. After a deliberate change,
//! `OVERSTAP_BLESS=1 cargo test --test tests writeback` rewrites the `after` files; read every
//! diff before committing them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::TimeZone as _;
use overstap::catalog::Catalog;
use overstap::detect::ScanSource;
use overstap::detect::platform::{Machine, ScanTarget};
use overstap::detect::{Classification, Finding, scan_blocking};
use overstap::plan::{self, ItemState, Route};
use overstap::writeback::{
    BackupStore, ChangeState, FileChange, RealFs, RelayTarget, WriteError, WriteFs, locate,
};

fn relay() -> RelayTarget {
    RelayTarget {
        host: "127.0.0.1".into(),
        port: 2525,
        tls: false,
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .expect("time")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/writeback")
}

/// The file name each case is scanned as.
fn file_name(case: &str) -> &'static str {
    if case.starts_with("appsettings-json") {
        "appsettings.json"
    } else if case.starts_with("ini") {
        "mail.ini"
    } else if case.starts_with("properties") {
        "mail.properties"
    } else {
        "web.config"
    }
}

/// The findings of a file's text at Exchange Online, as detection reads them.
fn exo_findings(path: &str, bytes: &[u8]) -> Vec<Finding> {
    let text = overstap::detect::text::decode(bytes).expect("decodes");
    let reader = if path.ends_with("web.config") {
        overstap::detect::Reader::Iis
    } else {
        overstap::detect::Reader::Content
    };
    overstap::detect::rescan_text(path, &text, &Catalog::embedded(), reader)
        .into_iter()
        .filter(|f| f.classification == Classification::ExoDirect)
        .collect()
}

#[test]
fn golden_files_change_only_the_values() {
    let mut cases: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("golden dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    let bless = std::env::var_os("OVERSTAP_BLESS").is_some();
    for case in cases {
        let dir = golden_dir().join(&case);
        let before = std::fs::read(dir.join("before")).expect("before");
        let path = format!("C:\\App\\{}", file_name(&case));
        let findings = exo_findings(&path, &before);
        assert!(!findings.is_empty(), "{case}: nothing at Exchange Online");
        let text = overstap::detect::text::decode(&before).expect("decodes");
        let mut bytes = before.clone();
        for finding in &findings {
            let current = overstap::detect::text::decode(&bytes).expect("decodes");
            let edits = locate::edits_for(finding, &current, &relay())
                .unwrap_or_else(|e| panic!("{case}: {e}"));
            bytes = overstap::writeback::edited_bytes(&bytes, &edits).expect("edits");
        }
        let after_path = dir.join("after");
        if bless {
            std::fs::write(&after_path, &bytes).expect("bless");
        }
        let golden = std::fs::read(&after_path).expect("after (bless with OVERSTAP_BLESS=1)");
        assert_eq!(bytes, golden, "{case}: not the golden result");
        // Same encoding and BOM, same line endings, and nothing at Exchange Online any more.
        assert_eq!(
            overstap::detect::text::Encoding::of(&before),
            overstap::detect::text::Encoding::of(&bytes),
            "{case}"
        );
        let after_text = overstap::detect::text::decode(&bytes).expect("decodes");
        assert_eq!(
            text.matches("\r\n").count() > 0,
            after_text.matches("\r\n").count() > 0,
            "{case}: line endings"
        );
        assert!(
            exo_findings(&path, &bytes).is_empty(),
            "{case}: still Exchange Online"
        );
        for secret in [
            "Wb-Secret-1",
            "Wb-Secret-2",
            "Wb-Secret-3",
            "Wb-Secret-4",
            "Wb-Secret-5",
        ] {
            if text.contains(secret) && case != "appsettings-keys-utf8" {
                // Password attributes and members are removed or emptied; the appSettings case
                // empties its sibling key too (checked below).
                assert!(!after_text.contains(secret), "{case}: {secret} kept");
            }
        }
        if case == "appsettings-keys-utf8" {
            assert!(!after_text.contains("Wb-Secret-3"));
            assert!(after_text.contains("<add key=\"ReportPort\" value=\"8080\" />"));
        }
    }
}

/// A copy of a fixture server to write in.
fn copy_fixture(name: &str, into: &Path) -> PathBuf {
    std::fs::create_dir_all(into).expect("mkdir");
    let target = into.join(name);
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(crate::detect::fixture(name))
        .arg(&target)
        .status()
        .expect("cp");
    assert!(status.success());
    target
}

fn snapshot(root: &Path) -> (Machine, ScanSource) {
    let target = ScanTarget::Snapshot {
        root: root.to_path_buf(),
        registry: None,
    };
    (Machine::open(&target).expect("machine"), target.source())
}

fn scan(root: &Path) -> overstap::detect::ScanReport {
    scan_blocking(
        &ScanTarget::Snapshot {
            root: root.to_path_buf(),
            registry: None,
        },
        &Catalog::embedded(),
    )
    .expect("scan")
}

/// Every file below `root` with its bytes, to prove undo restores everything exactly.
fn all_files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn plan_apply_rescan_undo_on_the_plumbing_server() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture("plumbing", temp.path());
    let original = all_files(&root);
    let catalog = Catalog::embedded();
    let report = scan(&root);
    let (machine, source) = snapshot(&root);
    let relay = plan::default_relay(&report);
    assert_eq!(relay.port, 2525, "the IIS SMTP service holds port 25");
    let mut plan = plan::build(&report, &catalog, &machine, source, &relay, now());
    let routes: Vec<(String, String, &str)> = plan
        .items
        .iter()
        .map(|i| (i.app.clone(), i.path.clone(), i.route.key()))
        .collect();
    let expect = |app: &str, path_end: &str, route: &str| {
        assert!(
            routes
                .iter()
                .any(|(a, p, r)| a == app && p.ends_with(path_end) && *r == route),
            "{app} {path_end} {route} not in {routes:#?}"
        );
    };
    expect("iis", "Config\\smtp.config", "write-file");
    expect("iis", "Api\\appsettings.json", "write-file");
    expect("iis", "Intranet\\web.config", "through-relay");
    expect("iis", "Api\\appsettings.Production.json", "no-change");
    expect("iis-smtp-service", "MetaBase.xml", "run-script");
    expect("scripts-and-tasks", "Daily Sales.ps1", "paste-lines");
    expect("scripts-and-tasks", "export.bat", "paste-lines");
    expect("scripts-and-tasks", "Backup Notice", "paste-lines");
    expect("other-addons", "AcmeMailer.exe.config", "through-relay");
    // What must restart: the ASP.NET Core site reads appsettings.json at start; a configSource
    // file restarts the site's application by itself.
    let restart = |path_end: &str| {
        plan.items
            .iter()
            .find(|i| i.path.ends_with(path_end) && i.route == Route::WriteFile)
            .and_then(|i| {
                i.restart_after
                    .as_ref()
                    .map(overstap::platform::Restart::command)
            })
    };
    assert_eq!(
        restart("Api\\appsettings.json").as_deref(),
        Some(
            "Import-Module WebAdministration; Restart-WebAppPool -Name (Get-Website -Name 'Api').applicationPool"
        )
    );
    assert_eq!(restart("Config\\smtp.config"), None);
    // The plan travels as JSON and reads back the same.
    let reread = plan::Plan::from_json(&plan.to_json()).expect("plan json");
    assert_eq!(reread, plan);
    assert!(
        !plan.to_json().contains("Plumbing-"),
        "no password in the plan"
    );

    let fs = RealFs::new();
    let store = BackupStore::at(temp.path().join("backups"));
    let mut written = 0;
    for item in plan
        .items
        .iter_mut()
        .filter(|i| i.route == Route::WriteFile)
    {
        plan::apply_item(item, &relay, &machine, &fs, &store, &catalog, now())
            .unwrap_or_else(|e| panic!("{}: {e}", item.path));
        written += 1;
    }
    assert_eq!(written, 2);
    // Scanning again: what was written now goes to the relay.
    let after = scan(&root);
    for item in plan.items.iter().filter(|i| i.route == Route::WriteFile) {
        let finding = after
            .findings
            .iter()
            .find(|f| f.location.display().starts_with(&item.path))
            .expect("still found");
        assert_eq!(finding.classification, Classification::Relay, "{item:?}");
        assert_eq!(finding.value.split(':').next(), Some("127.0.0.1"));
    }
    // Undo, in reverse order, restores every byte of the server.
    for item in plan
        .items
        .iter_mut()
        .rev()
        .filter(|i| i.route == Route::WriteFile)
    {
        plan::undo_item(item, &fs, &store, now()).expect("undo");
        assert!(matches!(item.state, ItemState::Undone { .. }));
    }
    assert_eq!(all_files(&root), original);
    let states: Vec<ChangeState> = store
        .entries(&fs)
        .expect("manifest")
        .iter()
        .map(|e| e.state)
        .collect();
    assert_eq!(states, vec![ChangeState::Undone, ChangeState::Undone]);
}

/// A plan a partner made on a snapshot, exported, applies on the customer's server (here a
/// second copy), and refuses a file that differs there.
#[test]
fn a_plan_from_a_snapshot_applies_on_the_customers_copy_and_refuses_a_changed_file() {
    let temp = tempfile::tempdir().expect("tempdir");
    let partner = copy_fixture("plumbing", &temp.path().join("partner"));
    let customer = copy_fixture("plumbing", &temp.path().join("customer"));
    let catalog = Catalog::embedded();
    let (machine, source) = snapshot(&partner);
    let relay = relay();
    let exported =
        plan::build(&scan(&partner), &catalog, &machine, source, &relay, now()).to_json();

    let mut plan = plan::Plan::from_json(&exported).expect("import");
    let (machine, _) = snapshot(&customer);
    // The customer's copy of the Api settings differs from the snapshot.
    let changed = customer.join("C/inetpub/Api/appsettings.json");
    let mut bytes = std::fs::read(&changed).expect("read");
    bytes.extend_from_slice(b"\r\n");
    std::fs::write(&changed, &bytes).expect("write");
    let fs = RealFs::new();
    let store = BackupStore::at(temp.path().join("backups"));
    for item in plan
        .items
        .iter_mut()
        .filter(|i| i.route == Route::WriteFile)
    {
        let result = plan::apply_item(item, &relay, &machine, &fs, &store, &catalog, now());
        if item.path.ends_with("appsettings.json") {
            assert!(
                matches!(result, Err(WriteError::ChangedSinceScan)),
                "{result:?}"
            );
            assert_eq!(std::fs::read(&changed).expect("read"), bytes, "left alone");
        } else {
            result.expect("applies on the customer's copy");
        }
    }
}

/// Which step of a write fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    BackupWrite,
    ManifestWrite,
    ReplaceTarget,
    /// The replace writes half the file and then fails (a torn write the atomic replace must
    /// never let through).
    DiskFullDuringReplace,
    ReadBack,
    ReadOnlyTarget,
    /// The process dies right after the backup: nothing more happens.
    CrashAfterBackup,
}

/// The real file system with one step made to fail.
struct FaultyFs {
    real: RealFs,
    fault: Fault,
    target: PathBuf,
    reads_of_target: Mutex<u32>,
}

impl WriteFs for FaultyFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if path == self.target {
            let mut reads = self.reads_of_target.lock().expect("lock");
            *reads += 1;
            // Read 1 is the hash check, read 2 the read-back after the write.
            if self.fault == Fault::ReadBack && *reads == 2 {
                return Err(std::io::Error::other("injected: read back"));
            }
        }
        self.real.read(path)
    }
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if self.fault == Fault::BackupWrite {
            return Err(std::io::Error::other("injected: backup"));
        }
        self.real.create_new(path, bytes)
    }
    fn replace(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let manifest = target.file_name().is_some_and(|n| n == "manifest.json");
        if manifest && self.fault == Fault::ManifestWrite {
            return Err(std::io::Error::other("injected: manifest"));
        }
        if target == self.target {
            match self.fault {
                Fault::CrashAfterBackup => panic!("injected crash after the backup"),
                Fault::ReplaceTarget => return Err(std::io::Error::other("injected: replace")),
                Fault::DiskFullDuringReplace => {
                    // The temporary file gets half the bytes, then the disk is full.
                    let tmp = target.with_extension("overstap-tmp");
                    std::fs::write(&tmp, &bytes[..bytes.len() / 2])?;
                    let _ = std::fs::remove_file(&tmp);
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::StorageFull,
                        "injected: disk full",
                    ));
                }
                _ => {}
            }
        }
        self.real.replace(target, bytes)
    }
    fn create_dir_all(&self, path: &Path) -> std::io::Result<()> {
        self.real.create_dir_all(path)
    }
    fn check_writable(&self, path: &Path) -> std::io::Result<()> {
        if self.fault == Fault::ReadOnlyTarget && path == self.target {
            return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        }
        self.real.check_writable(path)
    }
}

#[test]
fn no_injected_fault_loses_or_corrupts_a_file() {
    let before =
        std::fs::read(golden_dir().join("mailsettings-utf8-bom-crlf/before")).expect("before");
    let after =
        std::fs::read(golden_dir().join("mailsettings-utf8-bom-crlf/after")).expect("after");
    for fault in [
        Fault::None,
        Fault::BackupWrite,
        Fault::ManifestWrite,
        Fault::ReplaceTarget,
        Fault::DiskFullDuringReplace,
        Fault::ReadBack,
        Fault::ReadOnlyTarget,
        Fault::CrashAfterBackup,
    ] {
        let temp = tempfile::tempdir().expect("tempdir");
        let target = temp.path().join("web.config");
        std::fs::write(&target, &before).expect("write");
        let fs = FaultyFs {
            real: RealFs::new(),
            fault,
            target: target.clone(),
            reads_of_target: Mutex::new(0),
        };
        let store = BackupStore::at(temp.path().join("backups"));
        let change = FileChange {
            local: target.clone(),
            windows_path: "C:\\inetpub\\Portal\\web.config".into(),
            before_sha256: overstap::writeback::sha256(&before),
            after: after.clone(),
            label: "test".into(),
        };
        let ok = |_: &[u8]| Ok(());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            overstap::writeback::apply(&fs, &store, &change, &ok)
        }));
        let now_bytes = std::fs::read(&target).expect("target still there");
        assert!(
            now_bytes == before || now_bytes == after,
            "{fault:?}: the file is neither the original nor the new one"
        );
        match fault {
            Fault::None => {
                assert!(matches!(result, Ok(Ok(_))), "{fault:?}");
                assert_eq!(now_bytes, after);
            }
            Fault::CrashAfterBackup => {
                assert!(result.is_err(), "the crash happened");
                assert_eq!(now_bytes, before);
                // After the restart the manifest is settled from what the file holds.
                let settled = store.recover(&RealFs::new()).expect("recover");
                assert_eq!(settled.len(), 1);
                assert_eq!(settled[0].state, ChangeState::Abandoned);
            }
            _ => {
                let error = match result {
                    Ok(Err(error)) => error,
                    other => panic!("{fault:?}: expected an error, got {other:?}"),
                };
                assert_eq!(now_bytes, before, "{fault:?}: {error}");
                if fault == Fault::ReadOnlyTarget {
                    assert!(matches!(error, WriteError::PermissionDenied { .. }));
                }
            }
        }
        // Once the backup step passed, the backup holds the original bytes.
        if !matches!(fault, Fault::BackupWrite | Fault::ReadOnlyTarget) {
            let backups: Vec<PathBuf> = std::fs::read_dir(temp.path().join("backups"))
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            let backup = backups
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "orig"))
                .unwrap_or_else(|| panic!("{fault:?}: no backup in {backups:?}"));
            assert_eq!(std::fs::read(backup).expect("backup"), before, "{fault:?}");
        }
        // No temporary file is left beside the target.
        let leftovers: Vec<String> = std::fs::read_dir(temp.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "web.config" && n != "backups")
            .collect();
        assert!(leftovers.is_empty(), "{fault:?}: {leftovers:?}");
    }
}

/// Undo refuses to overwrite a change someone made after Overstap's write, and a re-detection
/// that still sees Exchange Online puts the original back.
#[test]
fn undo_and_verification_refuse_what_they_must() {
    let temp = tempfile::tempdir().expect("tempdir");
    let before = std::fs::read(golden_dir().join("properties-utf8/before")).expect("before");
    let after = std::fs::read(golden_dir().join("properties-utf8/after")).expect("after");
    let target = temp.path().join("mail.properties");
    std::fs::write(&target, &before).expect("write");
    let fs = RealFs::new();
    let store = BackupStore::at(temp.path().join("backups"));
    let change = FileChange {
        local: target.clone(),
        windows_path: "C:\\App\\mail.properties".into(),
        before_sha256: overstap::writeback::sha256(&before),
        after: after.clone(),
        label: "test".into(),
    };
    let still_exo = |_: &[u8]| Err("smtp.office365.com (exo-direct)".to_owned());
    let refused = overstap::writeback::apply(&fs, &store, &change, &still_exo);
    assert!(
        matches!(refused, Err(WriteError::NotAsPlanned { .. })),
        "{refused:?}"
    );
    assert_eq!(std::fs::read(&target).expect("read"), before);

    let ok = |_: &[u8]| Ok(());
    let mut entry = overstap::writeback::apply(&fs, &store, &change, &ok).expect("apply");
    std::fs::write(&target, b"someone else's edit").expect("write");
    let refused = overstap::writeback::undo(&fs, &store, &mut entry);
    assert!(
        matches!(refused, Err(WriteError::ChangedAfterWrite)),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read(&target).expect("read"),
        b"someone else's edit"
    );
}

/// The command line: `overstap plan --root`, `apply` (dry run, then for real), a rescan, `undo`
/// of that plan and `undo` of the last apply, each leaving every byte as it found it.
#[test]
fn plan_apply_and_undo_from_the_command_line() {
    use overstap::cli::{self, Exit, Invocation};
    let l10n = overstap::i18n::Localizer::new(overstap::i18n::Language::En);
    let temp = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture("plumbing", temp.path());
    let original = all_files(&root);
    let backups = temp.path().join("backups");
    let parse = |args: &[&str]| {
        cli::parse_in(args.iter().map(std::ffi::OsString::from), &l10n).expect("args")
    };
    let root_arg = root.display().to_string();
    let Invocation::Plan(args) = parse(&[
        "plan",
        "--root",
        &root_arg,
        "--relay",
        "127.0.0.1:2525",
        "--json",
    ]) else {
        panic!("plan")
    };
    let planned = overstap::apply_cli::plan(&args, &l10n);
    assert_eq!(planned.code, Exit::Ok, "{}", planned.stderr);
    let plan_file = temp.path().join("plan.json");
    std::fs::write(&plan_file, &planned.stdout).expect("write plan");
    let plan_arg = plan_file.display().to_string();
    let backups_arg = backups.display().to_string();

    let Invocation::Apply(args) =
        parse(&["apply", &plan_arg, "--dry-run", "--backups", &backups_arg])
    else {
        panic!("apply")
    };
    let dry = overstap::apply_cli::apply(&args, &l10n);
    assert_eq!(dry.code, Exit::Ok, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("+ <network host=\"127.0.0.1\" port=\"2525\""),
        "{}",
        dry.stdout
    );
    assert_eq!(all_files(&root), original, "a dry run writes nothing");

    let Invocation::Apply(args) = parse(&["apply", &plan_arg, "--backups", &backups_arg]) else {
        panic!("apply")
    };
    let applied = overstap::apply_cli::apply(&args, &l10n);
    assert_eq!(applied.code, Exit::Ok, "{}", applied.stderr);
    // The ASP.NET Core site reads appsettings.json at start: the output says what to restart.
    assert!(
        applied
            .stdout
            .contains("Restart-WebAppPool -Name (Get-Website -Name 'Api').applicationPool"),
        "{}",
        applied.stdout
    );
    let after = scan(&root);
    assert!(
        !after
            .findings
            .iter()
            .any(|f| f.classification == Classification::ExoDirect
                && (f.location.display().contains("smtp.config")
                    || f.location.display().contains("Api\\appsettings.json"))),
        "the written settings no longer go to Exchange Online"
    );
    // Applying again writes nothing twice.
    let again = overstap::apply_cli::apply(&args, &l10n);
    assert_eq!(again.code, Exit::Ok);
    assert!(again.stdout.is_empty(), "{}", again.stdout);

    let Invocation::Undo(args) = parse(&["undo", "--plan", &plan_arg, "--backups", &backups_arg])
    else {
        panic!("undo")
    };
    let undone = overstap::apply_cli::undo(&args, &l10n);
    assert_eq!(undone.code, Exit::Ok, "{}", undone.stderr);
    assert_eq!(all_files(&root), original);

    // Apply once more, then undo "the last apply" without naming the plan.
    let Invocation::Apply(args) = parse(&["apply", &plan_arg, "--backups", &backups_arg]) else {
        panic!("apply")
    };
    // The plan file says its items were undone: they are written again.
    assert_eq!(overstap::apply_cli::apply(&args, &l10n).code, Exit::Ok);
    let Invocation::Undo(args) = parse(&["undo", "--backups", &backups_arg]) else {
        panic!("undo")
    };
    let undone = overstap::apply_cli::undo(&args, &l10n);
    assert_eq!(undone.code, Exit::Ok, "{}", undone.stderr);
    assert_eq!(all_files(&root), original);
    // A plan that is not a plan.
    std::fs::write(&plan_file, "{\"schema\":\"other\"}").expect("write");
    let Invocation::Apply(args) = parse(&["apply", &plan_arg]) else {
        panic!("apply")
    };
    assert_eq!(overstap::apply_cli::apply(&args, &l10n).code, Exit::Error);
}

/// The Summary lists every change of the plan: what Overstap wrote with the file that holds the
/// old bytes and how to undo it, what failed and why, what is left to do by hand (done once the
/// application is Checked), and nothing for settings the plan leaves alone. After an undo the row
/// says so and the undo hint goes.
#[test]
fn the_summary_lists_every_change_with_its_backup_and_how_to_undo() {
    use overstap::checklist::{AppCheck, AppStatus};
    use overstap::i18n::{Language, Localizer};
    use overstap::session::Session;
    use overstap::summary::{Mark, Summary};

    let temp = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture("plumbing", temp.path());
    let catalog = Catalog::embedded();
    let report = scan(&root);
    let (machine, source) = snapshot(&root);
    let relay = relay();
    let mut plan = plan::build(&report, &catalog, &machine, source, &relay, now());
    let fs = RealFs::new();
    let store = BackupStore::at(temp.path().join("backups"));
    let writes: Vec<usize> = (0..plan.items.len())
        .filter(|&i| plan.items[i].route == Route::WriteFile)
        .collect();
    assert_eq!(writes.len(), 2);
    let written = writes[0];
    plan::apply_item(
        &mut plan.items[written],
        &relay,
        &machine,
        &fs,
        &store,
        &catalog,
        now(),
    )
    .expect("apply");
    // The second file changes after the scan: the write is refused and says why.
    let failed = writes[1];
    let local = machine
        .fs
        .locate(&plan.items[failed].path)
        .expect("local path");
    let mut bytes = std::fs::read(&local).expect("read");
    bytes.extend_from_slice(b"\n");
    std::fs::write(&local, bytes).expect("write");
    assert!(
        plan::apply_item(
            &mut plan.items[failed],
            &relay,
            &machine,
            &fs,
            &store,
            &catalog,
            now()
        )
        .is_err()
    );

    let mut session = Session {
        scan_report: report,
        plan: Some(plan.clone()),
        ..Session::default()
    };
    session.applications.insert(
        "scripts-and-tasks".into(),
        AppCheck {
            status: AppStatus::Checked,
            ..AppCheck::default()
        },
    );
    let when = chrono::FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 30, 14, 0, 0)
        .single()
        .expect("time");
    let summary = Summary::build(&session, &catalog, &Localizer::new(Language::En), &when);

    let listed = plan
        .items
        .iter()
        .filter(|i| !matches!(i.route, Route::NoChange | Route::ThroughRelay { .. }))
        .count();
    assert_eq!(summary.changes.len(), listed, "{:#?}", summary.changes);
    let row = |path: &str| {
        summary
            .changes
            .iter()
            .find(|c| c.place == path)
            .unwrap_or_else(|| panic!("no row for {path}: {:#?}", summary.changes))
    };
    let applied = row(&plan.items[written].path);
    assert_eq!(applied.mark, Mark::Good);
    assert!(applied.what.contains("127.0.0.1:2525"), "{}", applied.what);
    assert!(
        applied.what.contains("13:00"),
        "local time: {}",
        applied.what
    );
    let backup = applied.backup.as_deref().expect("backup");
    assert!(backup.starts_with("#1: "), "{backup}");
    let backup_file = std::path::Path::new(backup.trim_start_matches("#1: "));
    assert!(
        backup_file.starts_with(temp.path().join("backups")),
        "{backup}"
    );
    assert!(backup_file.is_file(), "the named backup exists: {backup}");

    let refused = row(&plan.items[failed].path);
    assert_eq!(refused.mark, Mark::Open);
    assert!(refused.what.contains("not written"), "{}", refused.what);
    assert_eq!(refused.backup, None);

    for item in &plan.items {
        let expected = match &item.route {
            Route::RunScript { .. } | Route::RunSql { .. } | Route::InApp | Route::Vendor => {
                Mark::Open
            }
            Route::PasteLines { .. } if item.app == "scripts-and-tasks" => Mark::Good,
            Route::PasteLines { .. } => Mark::Open,
            _ => continue,
        };
        assert_eq!(row(&item.path).mark, expected, "{item:?}");
    }
    assert!(
        summary
            .open_items
            .iter()
            .any(|line| line.contains("not written"))
    );
    let hint = summary.undo_hint.as_deref().expect("undo hint");
    assert!(hint.contains("overstap undo"));

    let html = overstap::report::html_of(&summary);
    assert!(
        html.contains(&overstap::text::escape_html(backup)),
        "backup in HTML"
    );
    assert!(html.contains("class=\"undo\""));
    assert!(summary.to_text().contains(hint));
    let dutch = Summary::build(&session, &catalog, &Localizer::new(Language::Nl), &when);
    assert!(dutch.undo_hint.expect("hint").contains("Ongedaan maken"));
    assert!(
        dutch
            .changes
            .iter()
            .any(|c| c.what.contains("met de hand gedaan"))
    );

    // Undone: the row says so and nothing is left to undo.
    plan::undo_item(&mut plan.items[written], &fs, &store, now()).expect("undo");
    session.plan = Some(plan.clone());
    let summary = Summary::build(&session, &catalog, &Localizer::new(Language::En), &when);
    assert_eq!(row_mark(&summary, &plan.items[written].path), Mark::Plain);
    assert_eq!(summary.undo_hint, None);
}

fn row_mark(summary: &overstap::summary::Summary, path: &str) -> overstap::summary::Mark {
    summary
        .changes
        .iter()
        .find(|c| c.place == path)
        .map(|c| c.mark)
        .expect("row")
}
