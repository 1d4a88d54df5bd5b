//! The summary of a run as one model: what the Summary page shows, what the HTML report, the PDF
//! and the plain-text copy print, and what `overstap report` writes.
//!
//! Why one model: the printed summary used to be built apart from the screen's and already
//! showed less (no preset rows). Now every text is chosen and localised here, once; the
//! renderers (`ui::pages::summary`, `report::html_of`, `pdf::write`, [`Summary::to_text`]) only lay
//! it out, so they cannot disagree about what is open, what is done or which rows exist.
//!
//! Built from the session, which holds no secret, so no rendering can contain one. No egui here.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::catalog::Catalog;
use crate::checklist::AppStatus;
use crate::detect::ScanSource;
use crate::i18n::{Language, Localizer};
use crate::platform::Role;
use crate::presets;
use crate::secrets::{self, ExpiryCheck};
use crate::session::{ScanState, SecretGone, Session, StepState};

/// How a value reads at a glance. Renderers colour it, and also mark `Open` in a way that
/// survives printing in black and white (bold, a marker), so colour never carries the meaning
/// alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A plain fact.
    Plain,
    /// Done and in order.
    Good,
    /// Worth a look (expires soon, held in memory only, left for later on purpose).
    Attention,
    /// Still to do: listed under the open items, in red.
    Open,
}

/// One labelled value of the overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub mark: Mark,
    /// An identifier to copy exactly (tenant ID, client ID, a URI): shown in a fixed-width font.
    pub code: bool,
}

/// One relay on the server with the settings that send through it (the scan's sender chains).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainRow {
    /// "IIS SMTP service (smtp.office365.com:587, Exchange Online direct)".
    pub relay: String,
    pub mark: Mark,
    /// One line per sender: "Exact Globe Next: localhost:25 (task \Reports\Daily)".
    pub senders: Vec<String>,
}

/// One change of the plan: written by Overstap (with the backup of the old value, so the
/// customer's file shows what was changed and how to undo it), undone, failed, or left to do by
/// hand. Settings the plan leaves alone are not listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The application (catalogue name).
    pub application: String,
    /// What was changed, in the summary's language ("SMTP server: smtp.office365.com ->
    /// localhost").
    pub what: String,
    /// Where: a file, registry value or database row.
    pub place: String,
    /// Where the backup of the old value is kept; `None` when none was made.
    pub backup: Option<String>,
    /// `Good` when written and verified, `Open` when it failed or is still planned.
    pub mark: Mark,
}

/// One row of the partner checklist: application, N/A, Checked, Server, Findings, Required
/// actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppRow {
    pub id: String,
    pub name: String,
    pub status: AppStatus,
    /// The status in words ("Open", "N/A", "Checked").
    pub status_text: String,
    pub detected: bool,
    pub server: String,
    pub findings: String,
    pub actions: String,
}

/// The localised headings and column names every renderer needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    pub open_items: String,
    pub nothing_open: String,
    pub overview: String,
    pub chains: String,
    pub changes: String,
    pub change_application: String,
    pub change_what: String,
    pub change_place: String,
    pub change_backup: String,
    pub no_backup: String,
    pub applications: String,
    pub col_application: String,
    pub col_na: String,
    pub col_checked: String,
    pub col_server: String,
    pub col_findings: String,
    pub col_actions: String,
    /// Marks a row or value that is still open, in words, for black-and-white print.
    pub open_marker: String,
    /// "Page {page} of {pages}" with those two placeholders left in.
    pub page_of: String,
    /// "Overstap 0.1.0 · 2026-11-26 14:00": the footer of every printed page.
    pub footer: String,
}

/// The placeholders in [`Labels::page_of`].
pub const PAGE_PLACEHOLDER: &str = "{page}";
pub const PAGES_PLACEHOLDER: &str = "{pages}";

/// Everything the run knows, localised, in the order it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub language: Language,
    pub title: String,
    /// "Made on ... with Overstap ...; no client secret, no token."
    pub made: String,
    /// When it was made, as printed ("2026-11-26 14:00").
    pub generated: String,
    pub version: String,
    pub labels: Labels,
    /// What is still to do, one line each: every `Open` fact and change, and the applications
    /// not yet decided.
    pub open_items: Vec<String>,
    pub facts: Vec<Fact>,
    pub chains: Vec<ChainRow>,
    pub changes: Vec<Change>,
    /// How to undo what Overstap wrote: shown under the changes when at least one was written.
    pub undo_hint: Option<String>,
    /// "3 of 16 checked · 10 N/A · 3 open".
    pub progress: String,
    pub applications: Vec<AppRow>,
}

/// How a moment is printed: local time of the place the summary is made, minutes.
fn at<Tz: TimeZone>(tz: &Tz, moment: DateTime<Utc>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    moment
        .with_timezone(tz)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A value as typed, or "(not set)".
fn or_not_set(l10n: &Localizer, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        l10n.tr("summary-not-set")
    } else {
        value.to_owned()
    }
}

impl Fact {
    fn new(label: String, value: String, mark: Mark) -> Fact {
        Fact {
            label,
            value,
            mark,
            code: false,
        }
    }

    fn code(mut self) -> Fact {
        self.code = true;
        self
    }
}

/// The message id that describes a stored secret: stored, or held in memory until Overstap
/// closes.
pub fn secret_state_id(session: &Session) -> &'static str {
    match session.secret.held_in {
        Some(crate::session::SecretHolder::Memory) => "summary-secret-expires-memory",
        _ => "summary-secret-expires",
    }
}

impl Summary {
    /// The summary of `session` as of `generated` (its time zone prints every moment; its date
    /// is "today" for the expiry rules).
    pub fn build<Tz: TimeZone>(
        session: &Session,
        catalog: &Catalog,
        l10n: &Localizer,
        generated: &DateTime<Tz>,
    ) -> Summary
    where
        Tz::Offset: std::fmt::Display,
    {
        let tz = generated.timezone();
        let today = generated.date_naive();
        let stamp = generated.format("%Y-%m-%d %H:%M").to_string();
        let version = env!("CARGO_PKG_VERSION").to_owned();
        let facts = facts(session, l10n, &tz, today);
        let applications = applications(session, catalog, l10n);
        let progress = crate::checklist::progress(catalog, &session.applications);
        let progress_text = l10n.tr_args(
            "applications-progress",
            &[
                ("checked", progress.checked.into()),
                ("total", progress.total().into()),
                ("na", progress.not_applicable.into()),
                ("open", progress.open.into()),
            ],
        );
        let changes = changes(session, catalog, l10n, &tz);
        let undo_hint = session
            .plan
            .as_ref()
            .is_some_and(|plan| {
                plan.items
                    .iter()
                    .any(|i| matches!(i.state, crate::plan::ItemState::Applied { .. }))
            })
            .then(|| l10n.tr("summary-change-undo"));
        let mut open_items: Vec<String> = facts
            .iter()
            .filter(|fact| fact.mark == Mark::Open)
            .map(|fact| format!("{}: {}", fact.label, fact.value))
            .collect();
        open_items.extend(
            changes
                .iter()
                .filter(|change| change.mark == Mark::Open)
                .map(|change| format!("{}: {}", change.application, change.what)),
        );
        let undecided: Vec<&str> = applications
            .iter()
            .filter(|row| row.status == AppStatus::Open)
            .map(|row| row.name.as_str())
            .collect();
        if !undecided.is_empty() {
            open_items.push(l10n.tr_args(
                "summary-open-applications",
                &[
                    ("count", undecided.len().into()),
                    ("names", undecided.join(", ").into()),
                ],
            ));
        }
        Summary {
            language: l10n.language(),
            title: l10n.tr("report-title"),
            made: l10n.tr_args(
                "report-generated",
                &[
                    ("when", stamp.clone().into()),
                    ("version", version.clone().into()),
                ],
            ),
            labels: labels(l10n, &version, &stamp),
            generated: stamp,
            version,
            open_items,
            facts,
            chains: chains(session, catalog, l10n),
            changes,
            undo_hint,
            progress: progress_text,
            applications,
        }
    }

    /// The summary as plain text for a ticket or a mail: the same rows as every other
    /// rendering, no markup, lines as short as their content allows.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let rule = |out: &mut String, title: &str| {
            out.push('\n');
            out.push_str(title);
            out.push('\n');
            out.push_str(&"=".repeat(title.chars().count()));
            out.push('\n');
        };
        out.push_str(&self.title);
        out.push('\n');
        out.push_str(&self.made);
        out.push('\n');

        rule(&mut out, &self.labels.open_items);
        if self.open_items.is_empty() {
            out.push_str(&self.labels.nothing_open);
            out.push('\n');
        }
        for item in &self.open_items {
            out.push_str(&format!("[{}] {item}\n", self.labels.open_marker));
        }

        rule(&mut out, &self.labels.overview);
        for fact in &self.facts {
            let marker = if fact.mark == Mark::Open {
                format!(" [{}]", self.labels.open_marker)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{}: {}{marker}\n",
                fact.label,
                indent_continuation(&fact.value, "    ")
            ));
        }

        if !self.chains.is_empty() {
            rule(&mut out, &self.labels.chains);
            for chain in &self.chains {
                out.push_str(&chain.relay);
                out.push('\n');
                for sender in &chain.senders {
                    out.push_str(&format!("  <- {sender}\n"));
                }
            }
        }

        if !self.changes.is_empty() {
            rule(&mut out, &self.labels.changes);
            if let Some(hint) = &self.undo_hint {
                out.push_str(hint);
                out.push_str("\n\n");
            }
            for change in &self.changes {
                let marker = if change.mark == Mark::Open {
                    format!(" [{}]", self.labels.open_marker)
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "{}: {}{marker}\n  {}: {}\n  {}: {}\n",
                    change.application,
                    change.what,
                    self.labels.change_place,
                    change.place,
                    self.labels.change_backup,
                    change.backup.as_deref().unwrap_or(&self.labels.no_backup),
                ));
            }
        }

        rule(&mut out, &self.labels.applications);
        out.push_str(&self.progress);
        out.push('\n');
        for row in &self.applications {
            out.push('\n');
            let tick = |status: AppStatus| if row.status == status { "X" } else { " " };
            out.push_str(&format!(
                "{}\n  {} [{}]  {} [{}]{}\n",
                row.name,
                self.labels.col_na,
                tick(AppStatus::NotApplicable),
                self.labels.col_checked,
                tick(AppStatus::Checked),
                if row.status == AppStatus::Open {
                    format!("  [{}]", self.labels.open_marker)
                } else {
                    String::new()
                },
            ));
            for (label, value) in [
                (&self.labels.col_server, &row.server),
                (&self.labels.col_findings, &row.findings),
                (&self.labels.col_actions, &row.actions),
            ] {
                if !value.trim().is_empty() {
                    out.push_str(&format!(
                        "  {label}: {}\n",
                        indent_continuation(value.trim(), "    ")
                    ));
                }
            }
        }
        out
    }

    /// Every row label and value of the summary, for the test that proves each rendering
    /// lists the same rows.
    pub fn row_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        for fact in &self.facts {
            texts.push(fact.label.clone());
            texts.push(fact.value.clone());
        }
        for chain in &self.chains {
            texts.push(chain.relay.clone());
            texts.extend(chain.senders.iter().cloned());
        }
        for change in &self.changes {
            texts.push(change.application.clone());
            texts.push(change.what.clone());
            texts.push(change.place.clone());
        }
        for row in &self.applications {
            texts.push(row.name.clone());
        }
        texts
    }
}

/// A multi-line value with its continuation lines indented.
fn indent_continuation(value: &str, indent: &str) -> String {
    value.replace('\n', &format!("\n{indent}"))
}

fn labels(l10n: &Localizer, version: &str, stamp: &str) -> Labels {
    Labels {
        open_items: l10n.tr("summary-open-items"),
        nothing_open: l10n.tr("summary-nothing-open"),
        overview: l10n.tr("summary-overview"),
        chains: l10n.tr("scan-chains-heading"),
        changes: l10n.tr("summary-changes"),
        change_application: l10n.tr("summary-col-application"),
        change_what: l10n.tr("summary-change-what"),
        change_place: l10n.tr("summary-change-place"),
        change_backup: l10n.tr("summary-change-backup"),
        no_backup: l10n.tr("summary-change-no-backup"),
        applications: l10n.tr("summary-applications"),
        col_application: l10n.tr("summary-col-application"),
        col_na: l10n.tr("report-col-na"),
        col_checked: l10n.tr("report-col-checked"),
        col_server: l10n.tr("app-field-server"),
        col_findings: l10n.tr("app-field-findings"),
        col_actions: l10n.tr("app-field-actions"),
        open_marker: l10n.tr("report-open-marker"),
        page_of: l10n.tr_args(
            "report-page-of",
            &[
                ("page", PAGE_PLACEHOLDER.into()),
                ("pages", PAGES_PLACEHOLDER.into()),
            ],
        ),
        footer: l10n.tr_args(
            "report-footer",
            &[
                ("version", version.to_owned().into()),
                ("when", stamp.to_owned().into()),
            ],
        ),
    }
}

/// The overview, in the order the wizard went.
fn facts<Tz: TimeZone>(session: &Session, l10n: &Localizer, tz: &Tz, today: NaiveDate) -> Vec<Fact>
where
    Tz::Offset: std::fmt::Display,
{
    let registration = &session.registration;
    let mut facts = Vec::new();
    facts.push(match session.role {
        Some(Role::Admin) => Fact::new(
            l10n.tr("summary-role"),
            l10n.tr("welcome-role-admin"),
            Mark::Plain,
        ),
        Some(Role::Partner) => Fact::new(
            l10n.tr("summary-role"),
            l10n.tr("welcome-role-partner"),
            Mark::Plain,
        ),
        None => Fact::new(
            l10n.tr("summary-role"),
            l10n.tr("summary-not-set"),
            Mark::Open,
        ),
    });
    facts.push(scan_fact(session, l10n, tz));

    let vendor_app = registration
        .preset
        .is_some_and(|p| !p.needs_own_registration());
    facts.push(match registration.scenario {
        Some(scenario) => Fact::new(
            l10n.tr("summary-scenario"),
            l10n.tr(&format!("scenario-{}", scenario.key())),
            Mark::Plain,
        ),
        None if vendor_app => Fact::new(
            l10n.tr("summary-scenario"),
            l10n.tr("summary-vendor-app"),
            Mark::Plain,
        ),
        None => Fact::new(
            l10n.tr("summary-scenario"),
            l10n.tr("summary-not-set"),
            Mark::Open,
        ),
    });
    facts.extend(permission_facts(session, l10n, tz));
    facts.extend(preset_facts(session, l10n, today));

    facts.push(
        Fact::new(
            l10n.tr("summary-tenant-id"),
            or_not_set(l10n, &registration.tenant_id),
            if registration.tenant_id.trim().is_empty() {
                Mark::Open
            } else {
                Mark::Plain
            },
        )
        .code(),
    );
    facts.push(if vendor_app {
        Fact::new(
            l10n.tr("summary-client-id"),
            l10n.tr("summary-vendor-app"),
            Mark::Plain,
        )
    } else {
        Fact::new(
            l10n.tr("summary-client-id"),
            or_not_set(l10n, &registration.client_id),
            if registration.client_id.trim().is_empty() {
                Mark::Open
            } else {
                Mark::Plain
            },
        )
        .code()
    });
    facts.push(secret_fact(session, l10n, today));
    facts.push(step_fact(
        l10n,
        tz,
        l10n.tr("summary-consent"),
        &session.consent,
    ));
    if let Some(token) = &session.token {
        facts.push(token_fact(token, l10n, tz));
    }
    facts.push(step_fact(
        l10n,
        tz,
        l10n.tr("summary-test-send"),
        &session.test_send.state,
    ));
    for result in &session.test_send.results {
        let route = l10n.tr(&format!("test-send-route-name-{}", result.route.key()));
        let when = at(tz, result.at);
        let label = l10n.tr_args("summary-test-route", &[("route", route.into())]);
        facts.push(match &result.outcome {
            Ok(_) => Fact::new(
                label,
                l10n.tr_args("summary-test-ok", &[("when", when.into())]),
                Mark::Good,
            ),
            Err(failure) => Fact::new(
                label,
                l10n.tr_args(
                    "summary-test-failed",
                    &[("when", when.into()), ("reply", failure.raw.clone().into())],
                ),
                Mark::Open,
            ),
        });
    }
    if let Some(relay) = &session.relay {
        facts.push(relay_fact(relay, l10n, tz));
    }
    facts
}

/// A service state key as the text ids know it: a session file from elsewhere may say anything.
fn known_service(key: &str) -> &'static str {
    [
        "not-installed",
        "stopped",
        "starting",
        "stopping",
        "running",
    ]
    .into_iter()
    .find(|known| *known == key)
    .unwrap_or("other")
}

/// The relay as last seen: Good once a test went through it and it runs, Open when its test
/// failed or it holds undeliverable mail, Attention while it is untested or stopped.
fn relay_fact<Tz: TimeZone>(
    relay: &crate::relay::record::RelayRecord,
    l10n: &Localizer,
    tz: &Tz,
) -> Fact
where
    Tz::Offset: std::fmt::Display,
{
    use crate::relay::record::RelayTestOutcome;
    let mut value = match (&relay.listen, relay.running) {
        (Some(listen), true) => {
            l10n.tr_args("relay-state-running", &[("listen", listen.clone().into())])
        }
        _ => l10n.tr("relay-state-stopped"),
    };
    if let Some(service) = &relay.service {
        value.push_str(
            &l10n.tr_args(
                "summary-relay-service",
                &[(
                    "state",
                    l10n.tr(&format!("summary-relay-service-{}", known_service(service)))
                        .into(),
                )],
            ),
        );
    }
    if relay.dead > 0 {
        value.push_str(&l10n.tr_args("summary-relay-dead", &[("count", relay.dead.into())]));
    }
    let test_mark = match &relay.test {
        Some(test) => {
            value.push('\n');
            value.push_str(&l10n.tr_args(
                &format!("summary-relay-test-{}", test.outcome.key()),
                &[
                    ("when", at(tz, test.at).into()),
                    ("detail", test.detail.clone().into()),
                ],
            ));
            match test.outcome {
                RelayTestOutcome::Delivered => Mark::Good,
                RelayTestOutcome::Waiting => Mark::Attention,
                RelayTestOutcome::Dead | RelayTestOutcome::Refused => Mark::Open,
            }
        }
        None => {
            value.push('\n');
            value.push_str(&l10n.tr("summary-relay-untested"));
            Mark::Attention
        }
    };
    let mark = if test_mark == Mark::Open || relay.dead > 0 {
        Mark::Open
    } else if !relay.running {
        Mark::Attention
    } else {
        test_mark
    };
    Fact::new(l10n.tr("summary-relay"), value, mark)
}

fn scan_fact<Tz: TimeZone>(session: &Session, l10n: &Localizer, tz: &Tz) -> Fact
where
    Tz::Offset: std::fmt::Display,
{
    let label = l10n.tr("summary-scan");
    match &session.scan {
        ScanState::NotRun => Fact::new(label, l10n.tr("summary-state-open"), Mark::Open),
        ScanState::Skipped => Fact::new(label, l10n.tr("summary-scan-skipped"), Mark::Attention),
        ScanState::Finished {
            at: when,
            source,
            findings,
        } => {
            let source = match source {
                ScanSource::ThisServer => l10n.tr("summary-scan-this-server"),
                ScanSource::Snapshot { path, .. } => {
                    l10n.tr_args("summary-scan-snapshot", &[("path", path.clone().into())])
                }
            };
            let mut value = l10n.tr_args("summary-scan-finished", &[("count", (*findings).into())]);
            value.push_str(&l10n.tr_args(
                "summary-scan-where",
                &[("source", source.into()), ("when", at(tz, *when).into())],
            ));
            let basic_auth = session.scan_report.exchange_online_basic_auth();
            if basic_auth {
                value.push_str(&format!("\n{}", l10n.tr("scan-results-basic-auth")));
            }
            Fact::new(
                label,
                value,
                if basic_auth {
                    Mark::Attention
                } else {
                    Mark::Good
                },
            )
        }
    }
}

/// The access route, the Entra side as last read, and a half-made automatic registration.
fn permission_facts<Tz: TimeZone>(session: &Session, l10n: &Localizer, tz: &Tz) -> Vec<Fact>
where
    Tz::Offset: std::fmt::Display,
{
    let registration = &session.registration;
    let mut facts = Vec::new();
    if let Some(route) = registration.route() {
        facts.push(Fact::new(
            l10n.tr("summary-access"),
            l10n.tr(&route.name_id()),
            Mark::Plain,
        ));
        if let Some(check) = registration.current_entra_check() {
            let granted: Vec<String> = check
                .permissions
                .granted
                .iter()
                .map(|g| format!("{}: {}", g.resource, g.permission))
                .collect();
            let granted = if granted.is_empty() {
                l10n.tr("entra-check-none")
            } else {
                granted.join(", ")
            };
            let (extra, missing) = check.permissions.compare(route);
            let mut value = l10n.tr_args(
                "summary-entra-value",
                &[
                    ("granted", granted.into()),
                    ("when", at(tz, check.at).into()),
                ],
            );
            if !extra.is_empty() {
                value.push_str(&l10n.tr_args(
                    "summary-entra-extra",
                    &[("permissions", extra.join(", ").into())],
                ));
            }
            if !missing.is_empty() {
                value.push_str(&l10n.tr_args(
                    "summary-entra-missing",
                    &[("permissions", missing.join(", ").into())],
                ));
            }
            facts.push(Fact::new(
                l10n.tr("summary-entra"),
                value,
                if extra.is_empty() && missing.is_empty() {
                    Mark::Good
                } else {
                    Mark::Open
                },
            ));
        }
    } else if registration.needs_access_choice() {
        facts.push(Fact::new(
            l10n.tr("summary-access"),
            l10n.tr("blocker-choose-access"),
            Mark::Open,
        ));
    }
    if let Some(incomplete) = &registration.autoreg_incomplete {
        facts.push(Fact::new(
            l10n.tr("summary-autoreg-incomplete"),
            l10n.tr_args(
                "summary-autoreg-incomplete-value",
                &[
                    ("name", incomplete.display_name.clone().into()),
                    ("client", incomplete.client_id.to_string().into()),
                ],
            ),
            Mark::Open,
        ));
    }
    facts
}

/// What the preset fixes and the dates that matter for it (AllSolutions, combit CRM, KING ERP).
fn preset_facts(session: &Session, l10n: &Localizer, today: NaiveDate) -> Vec<Fact> {
    let registration = &session.registration;
    let Some(preset) = registration.preset else {
        return Vec::new();
    };
    let mut facts = vec![Fact::new(
        l10n.tr("summary-preset"),
        l10n.tr(&format!("preset-{}", preset.key())),
        Mark::Plain,
    )];
    // What the preset's file asks decides what the summary shows: no fact per vendor in code.
    if preset.asks("environment") {
        facts.push(match registration.answers.environment {
            Some(environment) => Fact::new(
                l10n.tr("summary-preset-environment"),
                l10n.tr(&format!("preset-environment-{}", environment.key())),
                Mark::Plain,
            ),
            None => Fact::new(
                l10n.tr("summary-preset-environment"),
                l10n.tr("summary-not-set"),
                Mark::Open,
            ),
        });
    }
    if preset.asks("app-domain")
        && let Some(uri) = preset.redirect_uri(&registration.answers.app_domain)
    {
        let label = l10n.tr(&format!("preset-{}-redirect", preset.key()));
        facts.push(match uri {
            Ok(uri) => Fact::new(label, uri, Mark::Plain).code(),
            Err(_) => Fact::new(label, l10n.tr("summary-not-set"), Mark::Open),
        });
    }
    facts.push(Fact::new(
        l10n.tr("summary-preset-done"),
        l10n.tr(&format!("summary-preset-{}-done", preset.key())),
        Mark::Plain,
    ));
    if preset.asks("refresh-renewed") {
        facts.push(refresh_fact(preset, registration, l10n, today));
    }
    facts
}

/// The application's refresh token (`refresh-renewed`): the last day it can mail without
/// authenticating again, marked by the days left.
pub fn refresh_fact(
    preset: presets::Preset,
    registration: &crate::registration::Registration,
    l10n: &Localizer,
    today: NaiveDate,
) -> Fact {
    let id = preset.key();
    let label = l10n.tr(&format!("preset-{id}-refresh"));
    let renewed = crate::dates::parse_date(&registration.answers.refresh_renewed);
    let Some(deadline) = renewed.and_then(|date| preset.refresh_deadline(date)) else {
        let days = preset.refresh_days().unwrap_or_default();
        return Fact::new(
            label,
            l10n.tr_args(
                &format!("preset-{id}-refresh-unknown"),
                &[("days", days.into())],
            ),
            Mark::Plain,
        );
    };
    let days_left = (deadline - today).num_days();
    let mark = match days_left {
        ..0 => Mark::Open,
        days if secrets::within_warning(days) => Mark::Attention,
        _ => Mark::Good,
    };
    Fact::new(
        label,
        l10n.tr_args(
            &format!("preset-{id}-deadline"),
            &[("date", date(deadline).into()), ("days", days_left.into())],
        ),
        mark,
    )
}

/// The client secret: not needed, stored with its expiry (marked by the days left), held
/// elsewhere, or still to store.
fn secret_fact(session: &Session, l10n: &Localizer, today: NaiveDate) -> Fact {
    let label = l10n.tr("summary-secret");
    if session
        .registration
        .preset
        .is_some_and(|p| !p.needs_own_registration())
    {
        return Fact::new(label, l10n.tr("summary-vendor-app"), Mark::Plain);
    }
    if !crate::wizard::needs_client_secret(&session.registration) {
        return Fact::new(label, l10n.tr("summary-secret-not-needed"), Mark::Plain);
    }
    let secret = &session.secret;
    match (secret.stored, secret.expires_on, secret.gone) {
        (true, Some(expires), _) => {
            let in_memory = secret.held_in == Some(crate::session::SecretHolder::Memory);
            let mut value =
                l10n.tr_args(secret_state_id(session), &[("date", date(expires).into())]);
            let mark = match secrets::check_expiry(expires, today) {
                ExpiryCheck::Fine if in_memory => Mark::Attention,
                ExpiryCheck::Fine => Mark::Good,
                ExpiryCheck::Soon { days_left } => {
                    value.push_str(
                        &l10n.tr_args("summary-secret-soon", &[("days", days_left.into())]),
                    );
                    Mark::Attention
                }
                ExpiryCheck::Expired => {
                    value.push_str(&l10n.tr("summary-secret-expired"));
                    Mark::Open
                }
                ExpiryCheck::TooFar => Mark::Open,
            };
            Fact::new(label, value, mark)
        }
        // Read from a file made on another computer: the secret is there, its date is known.
        (false, Some(expires), Some(SecretGone::Imported)) => Fact::new(
            label,
            l10n.tr_args(
                "summary-secret-elsewhere",
                &[("date", date(expires).into())],
            ),
            match secrets::check_expiry(expires, today) {
                ExpiryCheck::Fine => Mark::Plain,
                ExpiryCheck::Soon { .. } => Mark::Attention,
                ExpiryCheck::Expired | ExpiryCheck::TooFar => Mark::Open,
            },
        ),
        _ => Fact::new(label, l10n.tr("summary-state-open"), Mark::Open),
    }
}

/// A step the admin completes or leaves for later: done (when), left open on purpose, or open.
fn step_fact<Tz: TimeZone>(l10n: &Localizer, tz: &Tz, label: String, state: &StepState) -> Fact
where
    Tz::Offset: std::fmt::Display,
{
    match state {
        StepState::Open => Fact::new(label, l10n.tr("summary-state-open"), Mark::Open),
        StepState::Deferred => Fact::new(label, l10n.tr("summary-state-deferred"), Mark::Open),
        StepState::Done { at: when } => Fact::new(
            label,
            l10n.tr_args("summary-state-done", &[("when", at(tz, *when).into())]),
            Mark::Good,
        ),
    }
}

/// What is known about the tokens (never the tokens themselves): kind, account, when consented,
/// when the refresh token was renewed.
fn token_fact<Tz: TimeZone>(token: &crate::identity::TokenStatus, l10n: &Localizer, tz: &Tz) -> Fact
where
    Tz::Offset: std::fmt::Display,
{
    use crate::identity::TokenKind;
    let kind = l10n.tr(match token.kind {
        TokenKind::Delegated => "token-kind-delegated",
        TokenKind::AppOnly => "token-kind-app-only",
    });
    let account = token
        .account
        .clone()
        .unwrap_or_else(|| l10n.tr("token-account-app"));
    let refresh = token
        .refresh_renewed_at
        .map(|t| at(tz, t))
        .unwrap_or_else(|| l10n.tr("token-no-refresh"));
    Fact::new(
        l10n.tr("summary-token"),
        l10n.tr_args(
            "summary-token-value",
            &[
                ("kind", kind.into()),
                ("account", account.into()),
                ("consented", at(tz, token.consented_at).into()),
                ("refresh", refresh.into()),
            ],
        ),
        Mark::Good,
    )
}

/// The sender chains of the last scan: each relay with the settings that send through it.
fn chains(session: &Session, catalog: &Catalog, l10n: &Localizer) -> Vec<ChainRow> {
    let report = &session.scan_report;
    let name = |id: &str| {
        catalog
            .get(id)
            .map(|a| a.name.get(l10n.language()).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    report
        .chains()
        .into_iter()
        .map(|chain| {
            let mut args = crate::checklist::relay_args(chain.relay, catalog, l10n);
            args.push(("count", chain.senders.len().into()));
            let senders = chain
                .senders
                .iter()
                .map(|sender| {
                    let value = if sender.value.is_empty() {
                        "-".to_owned()
                    } else {
                        sender.value.clone()
                    };
                    match &sender.owner {
                        Some(owner) => {
                            format!("{}: {value} ({})", name(&sender.app), owner.localize(l10n))
                        }
                        None => format!("{}: {value}", name(&sender.app)),
                    }
                })
                .collect();
            ChainRow {
                relay: l10n.tr_args("scan-chain-relay", &args),
                mark: match chain.relay.classification {
                    crate::detect::Classification::ExoDirect => Mark::Open,
                    crate::detect::Classification::Modern => Mark::Good,
                    _ => Mark::Attention,
                },
                senders,
            }
        })
        .collect()
}

/// The checklist rows in catalogue order, as the partner checklist prints them.
/// The plan's items that change something, in plan order: what Overstap wrote (with its
/// backup), what it undid, what failed, and what is left to do by hand. A by-hand item counts as
/// done once its application is Checked, the admin's word that it was done.
fn changes<Tz: TimeZone>(
    session: &Session,
    catalog: &Catalog,
    l10n: &Localizer,
    tz: &Tz,
) -> Vec<Change>
where
    Tz::Offset: std::fmt::Display,
{
    use crate::plan::{ItemState, Route};
    let Some(plan) = &session.plan else {
        return Vec::new();
    };
    let after = plan.relay.display();
    let local =
        |at: &DateTime<chrono::Utc>| at.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string();
    plan.items
        .iter()
        .filter(|item| !matches!(item.route, Route::NoChange | Route::ThroughRelay { .. }))
        .map(|item| {
            let application = catalog
                .get(&item.app)
                .map_or(item.app.as_str(), |app| app.name.get(l10n.language()))
                .to_owned();
            let base = |id: &str, extra: Vec<crate::i18n::Arg<'static>>| {
                let mut args: Vec<crate::i18n::Arg<'static>> = vec![
                    ("key", item.key.clone().into()),
                    ("before", item.before.clone().into()),
                    ("after", after.clone().into()),
                ];
                args.extend(extra);
                l10n.tr_args(id, &args)
            };
            let (what, backup, mark) = match &item.state {
                ItemState::Applied {
                    backup,
                    at,
                    backup_file,
                } => (
                    base("summary-change-written", vec![("date", local(at).into())]),
                    Some(match backup_file {
                        Some(file) => format!("#{backup}: {file}"),
                        None => format!("#{backup}"),
                    }),
                    Mark::Good,
                ),
                ItemState::Undone { at } => (
                    base("summary-change-undone", vec![("date", local(at).into())]),
                    None,
                    Mark::Plain,
                ),
                ItemState::Failed { message, detail } => (
                    base(
                        "summary-change-failed",
                        vec![(
                            "reason",
                            l10n.tr_args(message, &[("detail", detail.clone().into())])
                                .into(),
                        )],
                    ),
                    None,
                    Mark::Open,
                ),
                ItemState::Planned if item.route == Route::WriteFile => {
                    (base("summary-change-planned", Vec::new()), None, Mark::Open)
                }
                ItemState::Planned => {
                    let done = crate::checklist::check_of(&session.applications, &item.app).status
                        == AppStatus::Checked;
                    (
                        base(
                            if done {
                                "summary-change-by-hand-checked"
                            } else {
                                "summary-change-by-hand"
                            },
                            vec![(
                                "route",
                                l10n.tr(&format!("plan-route-{}", item.route.key())).into(),
                            )],
                        ),
                        None,
                        if done { Mark::Good } else { Mark::Open },
                    )
                }
            };
            Change {
                application,
                what,
                place: item.path.clone(),
                backup,
                mark,
            }
        })
        .collect()
}

fn applications(session: &Session, catalog: &Catalog, l10n: &Localizer) -> Vec<AppRow> {
    catalog
        .applications()
        .iter()
        .map(|app| {
            let check = crate::checklist::check_of(&session.applications, &app.id);
            AppRow {
                id: app.id.clone(),
                name: app.name.get(l10n.language()).to_owned(),
                status: check.status,
                status_text: l10n.tr(match check.status {
                    AppStatus::Open => "app-status-open",
                    AppStatus::NotApplicable => "app-status-na",
                    AppStatus::Checked => "app-status-checked",
                }),
                detected: check.detected,
                server: check.server.trim().to_owned(),
                findings: check.findings.trim().to_owned(),
                actions: check.required_actions.trim().to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::checklist::AppCheck;
    use crate::scenario::Scenario;
    use chrono::FixedOffset;

    fn when() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .expect("offset")
            .with_ymd_and_hms(2026, 11, 26, 14, 0, 0)
            .single()
            .expect("time")
    }

    /// A summary of a small run with a long path in the checklist, for the renderers' tests.
    pub(crate) fn sample(language: Language) -> Summary {
        let mut session = session();
        session.applications.insert(
            "iis".into(),
            AppCheck {
                status: AppStatus::Open,
                server: "smtp.office365.com:587".into(),
                findings: "C:\\inetpub\\wwwroot\\Intranet\\App_Data\\Configuration\\mailSettings.production.config".into(),
                required_actions: "Switch to a relay; één actie met ë en ï.".into(),
                ..AppCheck::default()
            },
        );
        Summary::build(
            &session,
            &Catalog::embedded(),
            &Localizer::new(language),
            &when(),
        )
    }

    fn session() -> Session {
        let mut session = Session {
            role: Some(Role::Partner),
            ..Session::default()
        };
        session.registration.choose_scenario(Scenario::SmtpAppOnly);
        session.registration.tenant_id = "8f7e6d5c-4b3a-2918-0716-253443526170".into();
        session.registration.client_id = "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0".into();
        session.secret.record_stored(
            crate::session::SecretHolder::CredentialStore,
            NaiveDate::from_ymd_opt(2027, 11, 26).expect("date"),
        );
        session.applications.insert(
            "exact-globe-next".into(),
            AppCheck {
                status: AppStatus::Checked,
                server: "smtp.office365.com".into(),
                ..AppCheck::default()
            },
        );
        session
    }

    #[test]
    fn the_relay_is_good_only_when_it_runs_and_its_test_was_delivered() {
        use crate::relay::record::{RelayRecord, RelayTest, RelayTestOutcome};
        let catalog = Catalog::embedded();
        let l10n = Localizer::new(Language::En);
        let relay_fact = |record: RelayRecord| {
            let mut session = session();
            session.relay = Some(record);
            Summary::build(&session, &catalog, &l10n, &when())
                .facts
                .into_iter()
                .find(|f| f.label == "Overstap relay")
                .expect("relay fact")
        };
        let test = |outcome| RelayTest {
            at: Utc
                .with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
                .single()
                .expect("time"),
            outcome,
            detail: "q-42".into(),
        };
        let running = RelayRecord {
            listen: Some("127.0.0.1:2525".into()),
            service: Some("running".into()),
            running: true,
            dead: 0,
            test: Some(test(RelayTestOutcome::Delivered)),
        };
        let fact = relay_fact(running.clone());
        assert_eq!(fact.mark, Mark::Good, "{}", fact.value);
        assert!(fact.value.contains("127.0.0.1:2525"));
        assert!(fact.value.contains("Windows service: running"));
        assert!(
            fact.value.contains("2026-11-26 13:00"),
            "local time: {}",
            fact.value
        );
        let untested = relay_fact(RelayRecord {
            test: None,
            ..running.clone()
        });
        assert_eq!(untested.mark, Mark::Attention);
        let stopped = relay_fact(RelayRecord {
            running: false,
            service: Some("$(calc)".into()),
            ..running.clone()
        });
        assert_eq!(stopped.mark, Mark::Attention);
        assert!(
            stopped.value.contains("paused or another state"),
            "{}",
            stopped.value
        );
        assert!(!stopped.value.contains("calc"));
        let failed = relay_fact(RelayRecord {
            test: Some(test(RelayTestOutcome::Refused)),
            ..running.clone()
        });
        assert_eq!(failed.mark, Mark::Open);
        let dead = relay_fact(RelayRecord { dead: 2, ..running });
        assert_eq!(dead.mark, Mark::Open);
        assert!(dead.value.contains("2 messages could not be delivered"));
        let mut session = session();
        session.relay = None;
        assert!(
            Summary::build(&session, &catalog, &l10n, &when())
                .facts
                .iter()
                .all(|f| f.label != "Overstap relay"),
            "no relay, no line"
        );
    }

    #[test]
    fn open_steps_and_undecided_applications_are_the_open_items() {
        let catalog = Catalog::embedded();
        let summary = Summary::build(&session(), &catalog, &Localizer::new(Language::En), &when());
        let open: Vec<&str> = summary.open_items.iter().map(String::as_str).collect();
        assert!(open.contains(&"Scan: Open"), "{open:?}");
        assert!(open.contains(&"Consent: Open"), "{open:?}");
        assert!(open.contains(&"Test send: Open"), "{open:?}");
        assert!(
            open.iter()
                .any(|item| item.starts_with(&format!("{} applications", catalog.len() - 1))),
            "{open:?}"
        );
        assert!(
            !open.iter().any(|item| item.contains("Exact Globe Next")),
            "a checked application is not open: {open:?}"
        );
        let secret = summary
            .facts
            .iter()
            .find(|f| f.label == "Client secret")
            .expect("secret row");
        assert_eq!(secret.mark, Mark::Good);
        assert_eq!(secret.value, "Stored, expires on 2027-11-26");
    }

    #[test]
    fn an_expiring_secret_is_marked_and_an_expired_one_is_open() {
        let catalog = Catalog::embedded();
        let l10n = Localizer::new(Language::En);
        let mut soon = session();
        soon.secret.expires_on = NaiveDate::from_ymd_opt(2026, 12, 6);
        let summary = Summary::build(&soon, &catalog, &l10n, &when());
        let secret = &summary.facts.iter().find(|f| f.label == "Client secret");
        assert_eq!(secret.map(|f| f.mark), Some(Mark::Attention));
        let mut expired = session();
        expired.secret.expires_on = NaiveDate::from_ymd_opt(2026, 11, 1);
        let summary = Summary::build(&expired, &catalog, &l10n, &when());
        assert!(
            summary
                .open_items
                .iter()
                .any(|item| item.starts_with("Client secret: ")),
            "{:?}",
            summary.open_items
        );
    }

    #[test]
    fn the_king_preset_has_its_rows() {
        let catalog = Catalog::embedded();
        let mut king = Session::default();
        king.registration
            .choose_preset(Some(presets::Preset::KING_ERP));
        king.registration.answers.refresh_renewed = "2026-09-01".into();
        let summary = Summary::build(&king, &catalog, &Localizer::new(Language::Nl), &when());
        let labels: Vec<&str> = summary.facts.iter().map(|f| f.label.as_str()).collect();
        assert!(
            labels.contains(&"Voorinstelling voor applicatie"),
            "{labels:?}"
        );
        let refresh = summary
            .facts
            .iter()
            .find(|f| f.label.starts_with("Vernieuwingstoken"))
            .expect("refresh row");
        assert_eq!(refresh.mark, Mark::Attention, "{}", refresh.value);
        assert!(refresh.value.contains("2026-11-30"), "{}", refresh.value);
        let client = summary
            .facts
            .iter()
            .find(|f| f.label == "Client-ID")
            .expect("client row");
        assert_eq!(client.mark, Mark::Plain, "KING needs no client id");
    }

    #[test]
    fn the_text_copy_lists_every_row() {
        let catalog = Catalog::embedded();
        for language in Language::ALL {
            let summary = Summary::build(&session(), &catalog, &Localizer::new(language), &when());
            let text = summary.to_text();
            for row in summary.row_texts() {
                for line in row.lines() {
                    assert!(text.contains(line.trim()), "{language:?}: {line:?} missing");
                }
            }
            assert!(!text.contains('⟦'), "every message exists: {text}");
        }
    }
}
