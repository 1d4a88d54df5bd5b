//! The summary as documents for the customer's file: an HTML report with print styles (the
//! browser prints it, or saves it as PDF), and a calendar reminder (.ics) to renew the client
//! secret before it expires.
//!
//! Built from the session, which holds no secret, so neither document can contain one.

use chrono::{DateTime, Local, NaiveDate};

use crate::catalog::Catalog;
use crate::i18n::Localizer;
use crate::session::{AppStatus, Role, ScanState, Session, StepState};

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// How a stored secret is described: stored, or held in memory only until Overstap closes.
pub fn secret_state_id(session: &Session) -> &'static str {
    match session.secret.held_in {
        Some(crate::session::SecretHolder::Memory) => "summary-secret-expires-memory",
        _ => "summary-secret-expires",
    }
}

fn state_text(l10n: &Localizer, state: &StepState) -> String {
    match state {
        StepState::Open => l10n.tr("summary-state-open"),
        StepState::Deferred => l10n.tr("summary-state-deferred"),
        StepState::Done { at } => l10n.tr_args(
            "summary-state-done",
            &[(
                "when",
                at.with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
                    .into(),
            )],
        ),
    }
}

/// One row about the access route and the permissions: label, value, and whether it needs the
/// admin's attention.
pub struct PermissionRow {
    pub label: String,
    pub value: String,
    pub attention: bool,
}

/// The rows on the access route, the Entra side as last read, and a half-made automatic
/// registration, for the Summary page and the report alike.
pub fn permission_rows(session: &Session, l10n: &Localizer) -> Vec<PermissionRow> {
    let registration = &session.registration;
    let mut rows = Vec::new();
    if let Some(route) = registration.route() {
        rows.push(PermissionRow {
            label: l10n.tr("summary-access"),
            value: l10n.tr(&route.name_id()),
            attention: false,
        });
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
            let when = check
                .at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            let (extra, missing) = check.permissions.compare(route);
            let mut value = l10n.tr_args(
                "summary-entra-value",
                &[("granted", granted.into()), ("when", when.into())],
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
            rows.push(PermissionRow {
                label: l10n.tr("summary-entra"),
                value,
                attention: !extra.is_empty() || !missing.is_empty(),
            });
        }
    } else if registration.needs_access_choice() {
        rows.push(PermissionRow {
            label: l10n.tr("summary-access"),
            value: l10n.tr("blocker-choose-access"),
            attention: true,
        });
    }
    if let Some(incomplete) = &registration.autoreg_incomplete {
        rows.push(PermissionRow {
            label: l10n.tr("summary-autoreg-incomplete"),
            value: l10n.tr_args(
                "summary-autoreg-incomplete-value",
                &[
                    ("name", incomplete.display_name.clone().into()),
                    ("client", incomplete.client_id.to_string().into()),
                ],
            ),
            attention: true,
        });
    }
    rows
}

/// The whole report, in the localizer's language.
pub fn html(
    session: &Session,
    catalog: &Catalog,
    l10n: &Localizer,
    generated: DateTime<Local>,
) -> String {
    let not_set = l10n.tr("summary-not-set");
    let or_not_set = |value: &str| {
        if value.trim().is_empty() {
            not_set.clone()
        } else {
            value.trim().to_owned()
        }
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    rows.push((
        l10n.tr("summary-role"),
        match session.role {
            Some(Role::Admin) => l10n.tr("welcome-role-admin"),
            Some(Role::Partner) => l10n.tr("welcome-role-partner"),
            None => not_set.clone(),
        },
    ));
    rows.push((
        l10n.tr("summary-scan"),
        match &session.scan {
            ScanState::NotRun => l10n.tr("summary-state-open"),
            ScanState::Skipped => l10n.tr("summary-scan-skipped"),
            ScanState::Finished { findings, .. } => {
                l10n.tr_args("summary-scan-finished", &[("count", (*findings).into())])
            }
        },
    ));
    rows.push((
        l10n.tr("summary-scenario"),
        session
            .registration
            .scenario
            .map(|s| l10n.tr(&format!("scenario-{}", s.key())))
            .unwrap_or_else(|| not_set.clone()),
    ));
    rows.extend(
        permission_rows(session, l10n)
            .into_iter()
            .map(|row| (row.label, row.value)),
    );
    rows.push((
        l10n.tr("summary-tenant-id"),
        or_not_set(&session.registration.tenant_id),
    ));
    rows.push((
        l10n.tr("summary-client-id"),
        or_not_set(&session.registration.client_id),
    ));
    rows.push((
        l10n.tr("summary-secret"),
        match (session.secret.stored, session.secret.expires_on) {
            (true, Some(date)) => l10n.tr_args(
                secret_state_id(session),
                &[("date", date.format("%Y-%m-%d").to_string().into())],
            ),
            _ if !session.registration.needs_client_secret() => {
                l10n.tr("summary-secret-not-needed")
            }
            _ => l10n.tr("summary-state-open"),
        },
    ));
    rows.push((
        l10n.tr("summary-consent"),
        state_text(l10n, &session.consent),
    ));
    rows.push((
        l10n.tr("summary-test-send"),
        state_text(l10n, &session.test_send.state),
    ));
    for result in &session.test_send.results {
        let route = l10n.tr(&format!("test-send-route-name-{}", result.route.key()));
        let when = result
            .at
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        rows.push((
            l10n.tr_args("summary-test-route", &[("route", route.into())]),
            match &result.outcome {
                Ok(_) => l10n.tr_args("summary-test-ok", &[("when", when.into())]),
                Err(failure) => l10n.tr_args(
                    "summary-test-failed",
                    &[("when", when.into()), ("reply", failure.raw.clone().into())],
                ),
            },
        ));
    }

    let mut out = String::new();
    out.push_str("<!doctype html>\n<html><head><meta charset=\"utf-8\">");
    out.push_str(&format!(
        "<title>{}</title>",
        escape_html(&l10n.tr("report-title"))
    ));
    out.push_str(
        "<style>body{font-family:Segoe UI,Arial,sans-serif;font-size:11pt;color:#111;margin:2em}\
         h1{font-size:18pt}h2{font-size:13pt;margin-top:1.5em}\
         table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;\
         vertical-align:top;text-align:left}th{background:#eee}.open{color:#a00}.ok{color:#060}\
         pre{white-space:pre-wrap;font-family:inherit;margin:0}\
         @media print{body{margin:0}.noprint{display:none}tr{page-break-inside:avoid}}</style>",
    );
    out.push_str("</head><body>\n");
    out.push_str(&format!(
        "<h1>{}</h1>\n",
        escape_html(&l10n.tr("report-title"))
    ));
    out.push_str(&format!(
        "<p>{}</p>\n<p class=\"noprint\">{}</p>\n",
        escape_html(&l10n.tr_args(
            "report-generated",
            &[
                (
                    "when",
                    generated.format("%Y-%m-%d %H:%M").to_string().into()
                ),
                ("version", env!("CARGO_PKG_VERSION").into()),
            ],
        )),
        escape_html(&l10n.tr("report-print-hint")),
    ));
    out.push_str("<table>\n");
    for (label, value) in rows {
        out.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            escape_html(&label),
            escape_html(&value)
        ));
    }
    out.push_str("</table>\n");

    out.push_str(&format!(
        "<h2>{}</h2>\n",
        escape_html(&l10n.tr("summary-applications"))
    ));
    let progress = crate::checklist::progress(catalog, session);
    out.push_str(&format!(
        "<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        escape_html(&l10n.tr_args(
            "applications-progress",
            &[
                ("checked", progress.checked.into()),
                ("total", progress.total().into()),
                ("na", progress.not_applicable.into()),
                ("open", progress.open.into()),
            ],
        )),
        escape_html(&l10n.tr("summary-col-application")),
        escape_html(&l10n.tr("app-status-heading")),
        escape_html(&l10n.tr("app-field-server")),
        escape_html(&l10n.tr("app-field-findings")),
        escape_html(&l10n.tr("app-field-actions")),
    ));
    for app in catalog.applications() {
        let check = crate::checklist::check_of(session, &app.id);
        let (class, status) = match check.status {
            AppStatus::Open => ("open", l10n.tr("app-status-open")),
            AppStatus::NotApplicable => ("", l10n.tr("app-status-na")),
            AppStatus::Checked => ("ok", l10n.tr("app-status-checked")),
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>\n",
            escape_html(app.name.get(l10n.language())),
            escape_html(&status),
            escape_html(check.server.trim()),
            escape_html(check.findings.trim()),
            escape_html(check.required_actions.trim()),
        ));
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// RFC 5545 section 3.3.11 TEXT: backslash, `;` and `,` escaped, every line break (CRLF, CR or
/// LF) as `\n`; other control characters, which TEXT may not hold, are dropped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 section 3.1: a content line longer than 75 octets is folded, a CRLF followed by one
/// space; a fold never falls inside a UTF-8 character.
fn ics_fold(line: &str) -> String {
    const MAX_OCTETS: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MAX_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

/// The UID's part from a client id as typed: letters, digits and hyphens only (a GUID stays as
/// it is), so the UID needs no escaping and stays the same for the same registration.
fn uid_part(text: &str) -> String {
    let part: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    if part.is_empty() {
        "unknown".to_owned()
    } else {
        part.to_ascii_lowercase()
    }
}

/// A calendar event 30 days before the client secret expires, with a reminder the day before.
/// `None` when no secret with an expiry date is recorded.
pub fn secret_reminder_ics(
    session: &Session,
    l10n: &Localizer,
    now: DateTime<chrono::Utc>,
) -> Option<String> {
    let expires: NaiveDate = session
        .secret
        .expires_on
        .filter(|_| session.secret.stored)?;
    let start = expires - chrono::Duration::days(30);
    let end = start + chrono::Duration::days(1);
    let client = session.registration.client_id.trim();
    let date = expires.format("%Y-%m-%d").to_string();
    let summary = l10n.tr_args("report-ics-summary", &[("date", date.clone().into())]);
    let description = l10n.tr_args(
        "report-ics-description",
        &[
            ("date", date.into()),
            ("client", client.to_owned().into()),
            (
                "tenant",
                session.registration.tenant_id.trim().to_owned().into(),
            ),
        ],
    );
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!(
            "PRODID:-//Overstap//Overstap {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "BEGIN:VEVENT".to_owned(),
        format!(
            "UID:overstap-secret-{}-{}@overstap",
            uid_part(client),
            expires.format("%Y%m%d")
        ),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!("DESCRIPTION:{}", ics_text(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        "TRIGGER:-P1D".to_owned(),
        format!("DESCRIPTION:{}", ics_text(&summary)),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let folded: Vec<String> = lines.iter().map(|line| ics_fold(line)).collect();
    Some(folded.join("\r\n") + "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use crate::session::{AppCheck, Scenario};
    use chrono::TimeZone;

    fn session() -> Session {
        let mut session = Session {
            role: Some(Role::Partner),
            ..Session::default()
        };
        session.registration.scenario = Some(Scenario::SmtpAppOnly);
        session.registration.tenant_id = "8f7e6d5c-4b3a-2918-0716-253443526170".into();
        session.registration.client_id = "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0".into();
        session.secret.stored = true;
        session.secret.expires_on = NaiveDate::from_ymd_opt(2027, 11, 26);
        session.applications.insert(
            "exact-globe-next".into(),
            AppCheck {
                status: AppStatus::Checked,
                server: "smtp.office365.com".into(),
                findings: "<script>alert(1)</script> & more".into(),
                ..AppCheck::default()
            },
        );
        session
    }

    #[test]
    fn the_report_carries_the_facts_escaped_in_both_languages() {
        let catalog = Catalog::embedded();
        let when = Local
            .with_ymd_and_hms(2026, 11, 26, 14, 0, 0)
            .single()
            .expect("time");
        let english = html(&session(), &catalog, &Localizer::new(Language::En), when);
        assert!(english.contains("1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0"));
        assert!(english.contains("Stored, expires on 2027-11-26"));
        assert!(english.contains("<td>Exact Globe Next</td><td class=\"ok\">Checked</td>"));
        assert!(english.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(!english.contains("<script>"));
        assert!(english.contains("@media print"));
        let dutch = html(&session(), &catalog, &Localizer::new(Language::Nl), when);
        assert!(dutch.contains("Gecontroleerd"));
        assert!(dutch.contains("Opgeslagen, verloopt op 2027-11-26"));
        assert!(
            !dutch.contains('⟦') && !english.contains('⟦'),
            "every message exists"
        );
    }

    #[test]
    fn the_reminder_is_a_valid_calendar_event_30_days_ahead() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 26, 13, 0, 0)
            .single()
            .expect("time");
        let ics = secret_reminder_ics(&session(), &Localizer::new(Language::En), now).expect("ics");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20271027\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20271028\r\n"));
        assert!(ics.contains("TRIGGER:-P1D"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.lines().all(|l| !l.contains('\n')));
        let mut no_secret = session();
        no_secret.secret.stored = false;
        assert!(secret_reminder_ics(&no_secret, &Localizer::new(Language::En), now).is_none());
    }

    /// Issue 21: the report names the route, and what Entra grants beyond it.
    #[test]
    fn the_report_names_the_route_and_the_entra_side() {
        use crate::identity::autoreg::{EntraGrant, EntraPermissions};
        let catalog = Catalog::embedded();
        let l10n = Localizer::new(Language::En);
        let mut old = session();
        let when = Local::now();
        assert!(
            html(&old, &catalog, &l10n, when).contains(
                "<tr><th>Access in Exchange Online</th><td>Choose how Exchange Online grants the application access.</td></tr>"
            ),
            "a version 1 session: the route is still to choose"
        );
        old.registration.access = Some(crate::access::Access::Rbac);
        old.registration.entra_check = Some(crate::session::EntraCheck {
            at: chrono::Utc::now(),
            client_id: crate::guid::Guid::parse("1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0")
                .expect("guid"),
            permissions: EntraPermissions {
                principal_found: true,
                granted: vec![EntraGrant {
                    resource: "Office 365 Exchange Online".into(),
                    resource_app_id: "00000002-0000-0ff1-ce00-000000000000".into(),
                    permission: "SMTP.SendAsApp".into(),
                    application: true,
                }],
                configured: vec![],
            },
        });
        let text = html(&old, &catalog, &l10n, when);
        assert!(text.contains(
            "<td>RBAC for Applications: access to this one mailbox only (recommended)</td>"
        ));
        assert!(
            text.contains("not part of the route, to remove: SMTP.SendAsApp"),
            "{text}"
        );
    }

    #[test]
    fn ics_text_is_escaped() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(ics_text("a\r\nb\rc\u{7}d"), "a\\nb\\ncd");
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(60));
        let folded = ics_fold(&line);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75, "{physical}");
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(uid_part("1B2C;x\r\nEVIL"), "1b2cxevil");
    }
}
