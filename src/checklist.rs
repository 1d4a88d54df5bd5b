//! The per-application checklist as rules: pre-filling Required actions from the recognised
//! outcome, ordering the list, and counting progress. The Applications page only draws this.

use crate::catalog::rules::{self, HostClass};
use crate::catalog::{Application, Catalog, OutcomeKind};
use crate::detect::{ScanReport, VersionCheck};
use crate::i18n::{Language, Localizer};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The checklist verdict for one application.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppStatus {
    /// Not looked at yet.
    #[default]
    Open,
    /// Not installed, or does not mail.
    NotApplicable,
    Checked,
}

/// One row of the checklist: the fields of the partner checklist plus what Overstap found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppCheck {
    pub status: AppStatus,
    /// The mail server the application uses (host, IP, or empty).
    pub server: String,
    pub findings: String,
    pub required_actions: String,
    /// The outcome whose checklist actions fill `required_actions`; `None` once the admin
    /// edited them by hand, so a new classification never overwrites their words.
    pub actions_from: Option<OutcomeKind>,
    /// Found on this server by the scan.
    pub detected: bool,
    /// What the scan filled in, so a rescan replaces its own text but never the admin's.
    pub scan_fill: ScanFill,
}

/// The values the last scan put into a checklist row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanFill {
    pub server: String,
    pub findings: String,
    /// The scan set the status to N/A (the application was not found).
    pub marked_na: bool,
}

/// The checklist rows, keyed by catalogue id, as the session stores them.
pub type Applications = BTreeMap<String, AppCheck>;

/// How far the checklist is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub checked: usize,
    pub not_applicable: usize,
    pub open: usize,
}

impl Progress {
    pub fn total(&self) -> usize {
        self.checked + self.not_applicable + self.open
    }

    /// Share of rows with a verdict, for a progress bar.
    pub fn fraction_decided(&self) -> f32 {
        if self.total() == 0 {
            0.0
        } else {
            (self.checked + self.not_applicable) as f32 / self.total() as f32
        }
    }
}

pub fn progress(catalog: &Catalog, applications: &Applications) -> Progress {
    let mut progress = Progress::default();
    for app in catalog.applications() {
        match check_of(applications, &app.id).status {
            AppStatus::Checked => progress.checked += 1,
            AppStatus::NotApplicable => progress.not_applicable += 1,
            AppStatus::Open => progress.open += 1,
        }
    }
    progress
}

/// The row for an application, or an empty one if nothing was recorded yet.
pub fn check_of(applications: &Applications, id: &str) -> AppCheck {
    applications.get(id).cloned().unwrap_or_default()
}

/// Detected applications first, then the rest; each group in checklist order.
pub fn ordered<'a>(
    catalog: &'a Catalog,
    applications: &Applications,
) -> (Vec<&'a Application>, Vec<&'a Application>) {
    catalog
        .applications()
        .iter()
        .partition(|app| check_of(applications, &app.id).detected)
}

/// The outcome the Server field points at, and the host it names.
pub fn classification(check: &AppCheck) -> HostClass {
    rules::classify_host(&check.server)
}

/// Called after the Server field changed: when the Required actions still hold checklist text
/// (or nothing), they are replaced by the actions for the new outcome in `language`.
pub fn refresh_actions(check: &mut AppCheck, app: &Application, language: Language) {
    let untouched = check.required_actions.trim().is_empty() || check.actions_from.is_some();
    if !untouched {
        return;
    }
    let outcome = classification(check).outcome();
    check.required_actions = app.actions_text(outcome, language);
    check.actions_from = Some(outcome);
}

/// Called after the admin typed in Required actions: from then on the text is theirs and no
/// classification overwrites it (an emptied field is filled again by the next classification).
pub fn actions_edited(check: &mut AppCheck, app: &Application, language: Language) {
    let still_checklist = check
        .actions_from
        .is_some_and(|outcome| check.required_actions == app.actions_text(outcome, language));
    if !still_checklist {
        check.actions_from = None;
    }
}

/// When the language changes, checklist-filled actions and scan-filled findings follow it; the
/// admin's own words stay.
pub fn relocalise(
    applications: &mut Applications,
    report: &ScanReport,
    catalog: &Catalog,
    language: Language,
) {
    let l10n = Localizer::new(language);
    for app in catalog.applications() {
        if let Some(check) = applications.get_mut(&app.id) {
            if let Some(outcome) = check.actions_from {
                check.required_actions = app.actions_text(outcome, language);
            }
            if !check.scan_fill.findings.is_empty() && check.findings == check.scan_fill.findings {
                let summary = scan_summary(report, app, catalog, &l10n);
                check.findings = summary.clone();
                check.scan_fill.findings = summary;
            }
        }
    }
}

/// Takes a finished scan into the checklist. Found applications are marked detected, get the
/// found host in Server and a summary in Findings (unless the admin typed their own) and the
/// matching required actions; applications not found are pre-set to N/A, which the admin can
/// change. A rescan replaces only what the previous scan filled in. `Session::apply_scan` also
/// keeps the report.
pub fn apply_scan(
    applications: &mut Applications,
    catalog: &Catalog,
    report: &ScanReport,
    l10n: &Localizer,
) {
    let detected = report.detected_apps();
    for app in catalog.applications() {
        let mut check = check_of(applications, &app.id);
        if detected.contains(&app.id) {
            check.detected = true;
            if check.scan_fill.marked_na && check.status == AppStatus::NotApplicable {
                check.status = AppStatus::Open;
            }
            check.scan_fill.marked_na = false;
            let server = report.server_of(&app.id).unwrap_or_default();
            if check.server.trim().is_empty() || check.server == check.scan_fill.server {
                check.server = server.clone();
                check.scan_fill.server = server;
            }
            let summary = scan_summary(report, app, catalog, l10n);
            if check.findings.trim().is_empty() || check.findings == check.scan_fill.findings {
                check.findings = summary.clone();
                check.scan_fill.findings = summary;
            }
            refresh_actions(&mut check, app, l10n.language());
            if let Some(worst) = report.worst_of(&app.id)
                && check.actions_from.is_some()
                && check.server.trim().is_empty()
            {
                // No host to classify (ServiceNext's OAuth key, an empty setting): the scan's
                // own verdict chooses the actions.
                check.required_actions = app.actions_text(worst.outcome(), l10n.language());
                check.actions_from = Some(worst.outcome());
            }
        } else {
            check.detected = false;
            if check.status == AppStatus::Open {
                check.status = AppStatus::NotApplicable;
                check.scan_fill.marked_na = true;
            }
        }
        applications.insert(app.id.clone(), check);
    }
}

/// The line that names the relay a finding sends through (`message` is `scan-via` on the page,
/// `scan-summary-via` in the Findings text): the relay's application name, its value and its
/// classification, in the localizer's language. One place for the page, the summary and the CLI.
pub fn via_line(
    report: &ScanReport,
    finding: &crate::detect::Finding,
    catalog: &Catalog,
    l10n: &Localizer,
    message: &str,
) -> Option<String> {
    let relay = report.relay_of(finding)?;
    Some(l10n.tr_args(message, &relay_args(relay, catalog, l10n)))
}

/// `relay`, `value` and `class` arguments describing a relay finding.
pub fn relay_args<'a>(
    relay: &crate::detect::Finding,
    catalog: &Catalog,
    l10n: &Localizer,
) -> Vec<crate::i18n::Arg<'a>> {
    let name = catalog
        .get(&relay.app)
        .map(|a| a.name.get(l10n.language()).to_owned())
        .unwrap_or_else(|| relay.app.clone());
    let value = if relay.value.is_empty() {
        "-".to_owned()
    } else {
        relay.value.clone()
    };
    vec![
        ("relay", name.into()),
        ("value", value.into()),
        (
            "class",
            l10n.tr(&format!("scan-class-{}", relay.classification.key()))
                .into(),
        ),
    ]
}

/// The Findings text for an application: what is installed, the version verdict, and one line
/// per setting found, in the localizer's language.
pub fn scan_summary(
    report: &ScanReport,
    app: &Application,
    catalog: &Catalog,
    l10n: &Localizer,
) -> String {
    let mut lines = Vec::new();
    for installed in report.installed.iter().filter(|i| i.app == app.id) {
        let version = if installed.display_version.is_empty() {
            "-".to_owned()
        } else {
            installed.display_version.clone()
        };
        lines.push(l10n.tr_args(
            "scan-summary-installed",
            &[
                ("name", installed.display_name.clone().into()),
                ("version", version.into()),
            ],
        ));
        if let Some(line) = version_line(&installed.version, l10n) {
            lines.push(line);
        }
    }
    for finding in report.findings_of(&app.id) {
        let value = if finding.value.is_empty() {
            "-".to_owned()
        } else {
            finding.value.clone()
        };
        lines.push(
            l10n.tr_args(
                "scan-summary-finding",
                &[
                    (
                        "class",
                        l10n.tr(&format!("scan-class-{}", finding.classification.key()))
                            .into(),
                    ),
                    ("value", value.into()),
                    ("where", finding.location.display().into()),
                ],
            ),
        );
        if let Some(owner) = &finding.owner {
            lines.push(l10n.tr_args("scan-used-by", &[("owner", owner.localize(l10n).into())]));
        }
        if let Some(line) = via_line(report, finding, catalog, l10n, "scan-summary-via") {
            lines.push(line);
        }
    }
    if report.findings_of(&app.id).next().is_none() && !lines.is_empty() {
        lines.push(l10n.tr("scan-summary-no-setting"));
    }
    lines.join("\n")
}

/// The version verdict as one line, `None` when there is no rule.
pub fn version_line(check: &VersionCheck, l10n: &Localizer) -> Option<String> {
    let (id, component, minimum) = match check {
        VersionCheck::NoRule => return None,
        VersionCheck::Sufficient { component, minimum } => {
            ("scan-version-sufficient", component, minimum)
        }
        VersionCheck::UpdateFirst { component, minimum } => {
            ("scan-version-update-first", component, minimum)
        }
        VersionCheck::CheckByHand { component, minimum } => {
            ("scan-version-check-by-hand", component, minimum)
        }
    };
    Some(l10n.tr_args(
        id,
        &[
            ("component", component.clone().into()),
            ("minimum", minimum.clone().into()),
        ],
    ))
}

/// The outcome to pre-select for the row: from the Server field, or `Unknown` when the admin
/// has not filled it in and the scan found nothing.
pub fn suggested_outcome(check: &AppCheck) -> OutcomeKind {
    if check.server.trim().is_empty() && !check.detected {
        OutcomeKind::Unknown
    } else {
        classification(check).outcome()
    }
}

/// Takes a written or undone change into its application's checklist row: the Server field
/// follows the setting (the relay after the write, the old value after an undo), Findings gets a
/// line saying what changed and where the backup is, and the row is Checked once every change
/// Overstap can write for it is written and nothing is left to do by hand.
pub fn take_change(
    applications: &mut Applications,
    plan: &crate::plan::Plan,
    catalog: &Catalog,
    index: usize,
    l10n: &Localizer,
) {
    use crate::plan::{ItemState, Route};
    let Some(item) = plan.items.get(index) else {
        return;
    };
    if catalog.get(&item.app).is_none() {
        return;
    }
    let mut check = check_of(applications, &item.app);
    let relay = plan.relay.display();
    match &item.state {
        ItemState::Applied { backup, at, .. } => {
            check.server = relay.clone();
            push_line(
                &mut check.findings,
                &l10n.tr_args(
                    "wb-check-changed",
                    &[
                        ("path", item.path.clone().into()),
                        ("before", item.before.clone().into()),
                        ("after", relay.into()),
                        ("backup", (*backup).into()),
                        ("date", at.format("%Y-%m-%d %H:%M").to_string().into()),
                    ],
                ),
            );
        }
        ItemState::Undone { at } => {
            check.server = item.before.clone();
            push_line(
                &mut check.findings,
                &l10n.tr_args(
                    "wb-check-undone",
                    &[
                        ("path", item.path.clone().into()),
                        ("date", at.format("%Y-%m-%d %H:%M").to_string().into()),
                    ],
                ),
            );
            if check.status == AppStatus::Checked {
                check.status = AppStatus::Open;
            }
        }
        _ => return,
    }
    let items: Vec<&crate::plan::PlanItem> = plan.items_of(&item.app).collect();
    let all_written = items.iter().all(|i| match i.route {
        Route::WriteFile => matches!(i.state, ItemState::Applied { .. }),
        Route::NoChange | Route::ThroughRelay { .. } => true,
        _ => false,
    });
    if all_written && items.iter().any(|i| i.route == Route::WriteFile) {
        check.status = AppStatus::Checked;
    }
    applications.insert(item.app.clone(), check);
}

fn push_line(text: &mut String, line: &str) {
    if !text.trim().is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    fn globe() -> Application {
        Catalog::embedded()
            .get("exact-globe-next")
            .expect("in catalogue")
            .clone()
    }

    #[test]
    fn actions_follow_the_server_until_edited() {
        let app = globe();
        let mut check = AppCheck {
            server: "smtp.office365.com:587".into(),
            ..AppCheck::default()
        };
        refresh_actions(&mut check, &app, Language::En);
        assert_eq!(check.actions_from, Some(OutcomeKind::ExoDirect));
        assert_eq!(
            check.required_actions,
            app.actions_text(OutcomeKind::ExoDirect, Language::En)
        );

        check.server = "10.1.2.3".into();
        refresh_actions(&mut check, &app, Language::En);
        assert_eq!(
            check.required_actions,
            app.actions_text(OutcomeKind::Relay, Language::En)
        );

        check
            .required_actions
            .push_str("\n- Ask Piet about the relay.");
        actions_edited(&mut check, &app, Language::En);
        assert_eq!(check.actions_from, None);
        check.server = "smtp.office365.com".into();
        refresh_actions(&mut check, &app, Language::En);
        assert!(
            check
                .required_actions
                .ends_with("Ask Piet about the relay."),
            "own words kept"
        );
    }

    #[test]
    fn language_switch_relocalises_only_checklist_text() {
        let catalog = Catalog::embedded();
        let app = catalog.get("exact-globe-next").expect("globe").clone();
        let mut session = Session::default();
        let mut filled = AppCheck {
            server: "smtp.office365.com".into(),
            ..AppCheck::default()
        };
        refresh_actions(&mut filled, &app, Language::En);
        session.applications.insert(app.id.clone(), filled);
        session.applications.insert(
            "iis".into(),
            AppCheck {
                required_actions: "mine".into(),
                ..AppCheck::default()
            },
        );
        session.relocalise(&catalog, Language::Nl);
        assert_eq!(
            session.applications[&app.id].required_actions,
            app.actions_text(OutcomeKind::ExoDirect, Language::Nl)
        );
        assert_eq!(session.applications["iis"].required_actions, "mine");
    }

    #[test]
    fn progress_counts_every_catalogue_row() {
        let catalog = Catalog::embedded();
        let mut session = Session::default();
        assert_eq!(
            progress(&catalog, &session.applications),
            Progress {
                checked: 0,
                not_applicable: 0,
                open: catalog.len()
            }
        );
        session.applications.insert(
            "iis".into(),
            AppCheck {
                status: AppStatus::Checked,
                ..AppCheck::default()
            },
        );
        session.applications.insert(
            "lucanet".into(),
            AppCheck {
                status: AppStatus::NotApplicable,
                ..AppCheck::default()
            },
        );
        session.applications.insert(
            "not-in-catalogue".into(),
            AppCheck {
                status: AppStatus::Checked,
                ..AppCheck::default()
            },
        );
        let p = progress(&catalog, &session.applications);
        assert_eq!(
            (p.checked, p.not_applicable, p.open),
            (1, 1, catalog.len() - 2)
        );
        assert_eq!(p.total(), catalog.len());
    }

    #[test]
    fn detected_applications_come_first() {
        let catalog = Catalog::embedded();
        let mut session = Session::default();
        session.applications.insert(
            "ssrs".into(),
            AppCheck {
                detected: true,
                ..AppCheck::default()
            },
        );
        let (detected, rest) = ordered(&catalog, &session.applications);
        assert_eq!(
            detected.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["ssrs"]
        );
        assert_eq!(rest.len(), catalog.len() - 1);
        assert_eq!(rest[0].id, "orbis-bpa-platform");
    }
}
