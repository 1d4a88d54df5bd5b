//! The command line of write-back: `overstap plan`, `overstap apply PLAN [--dry-run]` and
//! `overstap undo [--plan PLAN]`. Each verb returns what to print and its exit code, so the
//! tests run them without a process: [`Exit::Ok`] all done, [`Exit::Attention`] something was
//! refused or failed (and left as it was), [`Exit::Error`] nothing could start (no such plan, no
//! scan target). The texts are in the language of the `Localizer` passed in (`--lang`).

use std::path::Path;

use chrono::Utc;

use crate::catalog::Catalog;
use crate::cli::{ApplyArgs, Exit, PlanArgs, UndoArgs};
use crate::detect::platform::ScanTarget;
use crate::i18n::Localizer;
use crate::plan::{self, ItemState, Plan, Route};
use crate::writeback::{self, BackupStore, ChangeState, RealFs, RelayTarget};

/// What a verb printed and how it ended.
#[derive(Debug)]
pub struct Outcome {
    pub code: Exit,
    pub stdout: String,
    pub stderr: String,
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome {
            code: Exit::Ok,
            stdout: String::new(),
            stderr: String::new(),
        }
    }
}

fn fail(stderr: String) -> Outcome {
    Outcome {
        code: Exit::Error,
        stdout: String::new(),
        stderr: stderr + "\n",
    }
}

/// Plans are small; a bigger file is not one.
const MAX_PLAN_BYTES: u64 = 32 * 1024 * 1024;

fn read_plan(path: &Path) -> Result<Plan, String> {
    let never = std::sync::atomic::AtomicBool::new(false);
    let bytes = crate::detect::platform::read_capped(path, None, MAX_PLAN_BYTES, &never)
        .map_err(|e| format!("{}: {e:?}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
    Plan::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn store_of(plan: &Plan, backups: Option<&Path>) -> Option<BackupStore> {
    plan::worker::store_for(plan, backups)
}

/// `overstap plan`: scan (this server or `--root`), plan every finding, print the plan as JSON
/// (`--json`) or as a table.
pub fn plan(args: &PlanArgs, l10n: &Localizer) -> Outcome {
    let catalog = Catalog::embedded();
    let target = match &args.scan.root {
        Some(root) => ScanTarget::Snapshot {
            root: root.clone(),
            registry: args.scan.registry.clone(),
        },
        None => ScanTarget::ThisServer,
    };
    let report = match crate::detect::scan_blocking(&target, &catalog) {
        Ok(report) => report,
        Err(error) => return fail(error.localize(l10n)),
    };
    let relay = match &args.relay {
        Some(text) => match RelayTarget::parse(text, args.tls) {
            Some(relay) => relay,
            None => return fail(l10n.tr("wb-relay-invalid")),
        },
        None => plan::default_relay(&report),
    };
    let machine = match crate::detect::platform::Machine::open(&target) {
        Ok(machine) => machine,
        Err(error) => return fail(error.localize(l10n)),
    };
    let planned = plan::build(
        &report,
        &catalog,
        &machine,
        target.source(),
        &relay,
        Utc::now(),
    );
    let stdout = if args.scan.json {
        planned.to_json() + "\n"
    } else {
        table(&planned, l10n)
    };
    Outcome {
        code: Exit::Ok,
        stdout,
        stderr: String::new(),
    }
}

fn table(plan: &Plan, l10n: &Localizer) -> String {
    let mut out = String::new();
    for item in &plan.items {
        out.push_str(&format!(
            "{:<22} {:<28} {}  {}\n",
            item.app,
            l10n.tr(&format!("plan-route-{}", item.route.key())),
            crate::cli::terminal_safe(&item.before, 40),
            crate::cli::terminal_safe(&item.path, 200)
        ));
        for edit in &item.edits {
            out.push_str(&format!(
                "      {}: - {}\n      {}: + {}\n",
                edit.line,
                crate::cli::terminal_safe(&edit.before, 200),
                edit.line,
                crate::cli::terminal_safe(&edit.after, 200)
            ));
        }
    }
    out
}

/// `overstap apply PLAN`: writes every file change of the plan (or shows them with
/// `--dry-run`), then saves the plan with each item's state beside it for `undo`.
pub fn apply(args: &ApplyArgs, l10n: &Localizer) -> Outcome {
    let catalog = Catalog::embedded();
    let mut plan = match read_plan(&args.plan) {
        Ok(plan) => plan,
        Err(error) => return fail(error),
    };
    let machine = match plan::worker::machine_of(&plan.target) {
        Ok(machine) => machine,
        Err(error) => return fail(error.localize(l10n)),
    };
    let Some(store) = store_of(&plan, args.backups.as_deref()) else {
        return fail(l10n.tr_args("wb-error-backup", &[("detail", "no folder".into())]));
    };
    let fs = RealFs::new();
    let relay = plan.relay.clone();
    let mut outcome = Outcome::default();
    for item in plan
        .items
        .iter_mut()
        .filter(|i| i.route == Route::WriteFile && !matches!(i.state, ItemState::Applied { .. }))
    {
        if args.dry_run {
            outcome.stdout.push_str(&format!("{}\n", item.path));
            for edit in &item.edits {
                outcome
                    .stdout
                    .push_str(&format!("  - {}\n  + {}\n", edit.before, edit.after));
            }
            continue;
        }
        match plan::apply_item(item, &relay, &machine, &fs, &store, &catalog, Utc::now()) {
            Ok(entry) => {
                outcome.stdout.push_str(&format!(
                    "{}: {} ({})\n",
                    item.path,
                    l10n.tr("plan-route-write-file"),
                    entry.backup_file.display()
                ));
                // A script's reader is told what must restart: the change counts only then.
                if let Some(restart) = &item.restart_after {
                    outcome.stdout.push_str(&format!(
                        "  {}\n    {}\n",
                        l10n.tr("wb-restart"),
                        restart.command()
                    ));
                }
            }
            Err(error) => {
                outcome.code = Exit::Attention;
                outcome
                    .stderr
                    .push_str(&format!("{}: {}\n", item.path, error.localize(l10n)));
            }
        }
    }
    if !args.dry_run
        && let Err(error) = crate::fsutil::write_atomic(&args.plan, plan.to_json().as_bytes())
    {
        outcome.code = Exit::Attention;
        outcome
            .stderr
            .push_str(&format!("{}: {error}\n", args.plan.display()));
    }
    outcome
}

/// `overstap undo`: with `--plan`, undoes that plan's written items; without, the last apply
/// (the backup folder whose manifest changed last).
pub fn undo(args: &UndoArgs, l10n: &Localizer) -> Outcome {
    let fs = RealFs::new();
    let mut outcome = Outcome::default();
    if let Some(path) = &args.plan {
        let mut plan = match read_plan(path) {
            Ok(plan) => plan,
            Err(error) => return fail(error),
        };
        let Some(store) = store_of(&plan, args.backups.as_deref()) else {
            return fail(l10n.tr_args("wb-error-backup", &[("detail", "no folder".into())]));
        };
        for item in plan
            .items
            .iter_mut()
            .rev()
            .filter(|i| matches!(i.state, ItemState::Applied { .. }))
        {
            match plan::undo_item(item, &fs, &store, Utc::now()) {
                Ok(()) => {
                    outcome
                        .stdout
                        .push_str(&format!("{}: {}\n", item.path, l10n.tr("wb-undo")))
                }
                Err(error) => {
                    outcome.code = Exit::Attention;
                    outcome
                        .stderr
                        .push_str(&format!("{}: {}\n", item.path, error.localize(l10n)));
                }
            }
        }
        if let Err(error) = crate::fsutil::write_atomic(path, plan.to_json().as_bytes()) {
            outcome.code = Exit::Attention;
            outcome
                .stderr
                .push_str(&format!("{}: {error}\n", path.display()));
        }
        return outcome;
    }
    let root = args.backups.clone().or_else(BackupStore::default_root);
    let Some(store) = root.as_deref().and_then(BackupStore::latest) else {
        return fail(l10n.tr_args("wb-error-backup", &[("detail", "no backups found".into())]));
    };
    let mut entries = match store.entries(&fs) {
        Ok(entries) => entries,
        Err(error) => return fail(error.localize(l10n)),
    };
    for entry in entries
        .iter_mut()
        .rev()
        .filter(|e| e.state == ChangeState::Applied)
    {
        match writeback::undo(&fs, &store, entry) {
            Ok(()) => outcome.stdout.push_str(&format!(
                "{}: {}\n",
                entry.windows_path,
                l10n.tr("wb-undo")
            )),
            Err(error) => {
                outcome.code = Exit::Attention;
                outcome.stderr.push_str(&format!(
                    "{}: {}\n",
                    entry.windows_path,
                    error.localize(l10n)
                ));
            }
        }
    }
    outcome
}
