//! The summary as documents for the customer's file: an HTML report with print styles (A4,
//! every column on the paper), and a calendar reminder (.ics) to renew the client secret before
//! it expires. The PDF is `crate::pdf`; all of them render `crate::summary::Summary`.
//!
//! Built from the session, which holds no secret, so neither document can contain one.

use chrono::{DateTime, Local, NaiveDate};

use crate::catalog::Catalog;
use crate::checklist::AppStatus;
use crate::i18n::Localizer;
use crate::session::{SecretGone, Session};
use crate::summary::{Mark, Summary};
use crate::text::escape_html;

/// The class a mark gets in the HTML (colour); open values also carry the marker in words.
fn mark_class(mark: Mark) -> &'static str {
    match mark {
        Mark::Plain => "",
        Mark::Good => "good",
        Mark::Attention => "attention",
        Mark::Open => "open",
    }
}

/// A value with its mark: escaped, and for open values the marker in words, so black-and-white
/// print keeps the meaning.
fn marked(value: &str, mark: Mark, marker: &str) -> String {
    if mark == Mark::Open {
        format!(
            "{} <strong>[{}]</strong>",
            escape_html(value),
            escape_html(marker)
        )
    } else {
        escape_html(value)
    }
}

/// Print styles. Why so explicit: a browser prints on its own default paper (Letter in many
/// installs) and lets a table grow as wide as its longest word, which pushed Required actions
/// off the page. A4 is asked for; the tables have fixed column widths and break long words
/// (paths) anywhere, so every column stays on the paper.
const STYLE: &str = "@page{size:A4;margin:14mm 12mm 16mm 12mm}\
body{font-family:'Segoe UI',Arial,'DejaVu Sans',sans-serif;font-size:10pt;color:#000;margin:1em auto;max-width:190mm}\
h1{font-size:16pt;margin:0 0 4pt}h2{font-size:12pt;margin:14pt 0 4pt}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
td,th{border:1px solid #777;padding:3px 5px;vertical-align:top;text-align:left;\
overflow-wrap:anywhere;word-break:break-word;white-space:pre-wrap}\
th{background:#e4e4e4}.facts th{width:30%}\
.open{color:#a00000;font-weight:bold}.good{color:#006400}.attention{color:#825000}\
.code{font-family:Consolas,'DejaVu Sans Mono',monospace}.made{color:#444}\
.checklist{font-size:8pt}.tick{text-align:center;font-weight:bold}\
col.app{width:16%}col.na{width:7%}col.checked{width:11%}col.server{width:14%}col.findings{width:26%}col.actions{width:26%}\
@media print{body{margin:0;max-width:none}.noprint{display:none}tr{break-inside:avoid}\
thead{display:table-header-group}}";

/// The whole report, in the localizer's language: the summary model rendered as HTML.
pub fn html(
    session: &Session,
    catalog: &Catalog,
    l10n: &Localizer,
    generated: DateTime<Local>,
) -> String {
    html_of(&Summary::build(session, catalog, l10n, &generated))
}

/// The summary as an HTML document with print styles.
pub fn html_of(summary: &Summary) -> String {
    let labels = &summary.labels;
    let mut out = String::new();
    out.push_str(&format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        summary.language.code(),
        escape_html(&summary.title)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape_html(&summary.title)));
    out.push_str(&format!(
        "<p class=\"made\">{}</p>\n",
        escape_html(&summary.made)
    ));

    out.push_str(&format!("<h2>{}</h2>\n", escape_html(&labels.open_items)));
    if summary.open_items.is_empty() {
        out.push_str(&format!(
            "<p class=\"good\">{}</p>\n",
            escape_html(&labels.nothing_open)
        ));
    } else {
        out.push_str("<ul class=\"open-items\">\n");
        for item in &summary.open_items {
            out.push_str(&format!(
                "<li class=\"open\">[{}] {}</li>\n",
                escape_html(&labels.open_marker),
                escape_html(item)
            ));
        }
        out.push_str("</ul>\n");
    }

    out.push_str(&format!(
        "<h2>{}</h2>\n<table class=\"facts\">\n",
        escape_html(&labels.overview)
    ));
    for fact in &summary.facts {
        let mut class = mark_class(fact.mark).to_owned();
        if fact.code {
            class.push_str(" code");
        }
        let class = class.trim();
        out.push_str(&format!(
            "<tr><th>{}</th><td{}>{}</td></tr>\n",
            escape_html(&fact.label),
            if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"{class}\"")
            },
            marked(&fact.value, fact.mark, &labels.open_marker)
        ));
    }
    out.push_str("</table>\n");

    if !summary.chains.is_empty() {
        out.push_str(&format!(
            "<h2>{}</h2>\n<table class=\"chains\">\n",
            escape_html(&labels.chains)
        ));
        for chain in &summary.chains {
            let senders: Vec<String> = chain
                .senders
                .iter()
                .map(|s| format!("&lt;- {}", escape_html(s)))
                .collect();
            out.push_str(&format!(
                "<tr><th class=\"{}\">{}</th><td>{}</td></tr>\n",
                mark_class(chain.mark),
                marked(&chain.relay, chain.mark, &labels.open_marker),
                senders.join("<br>")
            ));
        }
        out.push_str("</table>\n");
    }

    if !summary.changes.is_empty() {
        out.push_str(&format!(
            "<h2>{}</h2>\n<table class=\"changes\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
            escape_html(&labels.changes),
            escape_html(&labels.change_application),
            escape_html(&labels.change_what),
            escape_html(&labels.change_place),
            escape_html(&labels.change_backup),
        ));
        for change in &summary.changes {
            out.push_str(&format!(
                "<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"code\">{}</td><td class=\"code\">{}</td></tr>\n",
                escape_html(&change.application),
                mark_class(change.mark),
                marked(&change.what, change.mark, &labels.open_marker),
                escape_html(&change.place),
                escape_html(change.backup.as_deref().unwrap_or(&labels.no_backup)),
            ));
        }
        out.push_str("</table>\n");
        if let Some(hint) = &summary.undo_hint {
            out.push_str(&format!("<p class=\"undo\">{}</p>\n", escape_html(hint)));
        }
    }

    out.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        escape_html(&labels.applications),
        escape_html(&summary.progress)
    ));
    out.push_str(&format!(
        "<table class=\"checklist\">\n<colgroup><col class=\"app\"><col class=\"na\"><col class=\"checked\">\
         <col class=\"server\"><col class=\"findings\"><col class=\"actions\"></colgroup>\n\
         <thead><tr><th>{}</th><th class=\"tick\">{}</th><th class=\"tick\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
        escape_html(&labels.col_application),
        escape_html(&labels.col_na),
        escape_html(&labels.col_checked),
        escape_html(&labels.col_server),
        escape_html(&labels.col_findings),
        escape_html(&labels.col_actions),
    ));
    for row in &summary.applications {
        let tick = |status: AppStatus| if row.status == status { "X" } else { "" };
        let name = if row.status == AppStatus::Open {
            format!(
                "<td class=\"open\">{}</td>",
                marked(&row.name, Mark::Open, &labels.open_marker)
            )
        } else {
            format!("<td><strong>{}</strong></td>", escape_html(&row.name))
        };
        out.push_str(&format!(
            "<tr>{name}<td class=\"tick\">{}</td><td class=\"tick\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            tick(AppStatus::NotApplicable),
            tick(AppStatus::Checked),
            escape_html(&row.server),
            escape_html(&row.findings),
            escape_html(&row.actions),
        ));
    }
    out.push_str("</table>\n");
    out.push_str(&format!(
        "<p class=\"made\">{}</p>\n</body></html>\n",
        escape_html(&labels.footer)
    ));
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
        // A session from another computer: its secret is there, and still expires.
        .filter(|_| session.secret.stored || session.secret.gone == Some(SecretGone::Imported))?;
    let start = expires - chrono::Duration::days(crate::secrets::WARN_DAYS);
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
    use crate::checklist::AppCheck;
    use crate::i18n::Language;
    use crate::platform::Role;
    use crate::scenario::Scenario;
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
        assert!(english.contains(
            "<tr><td><strong>Exact Globe Next</strong></td><td class=\"tick\"></td><td class=\"tick\">X</td><td>smtp.office365.com</td>"
        ));
        assert!(english.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(!english.contains("<script>"));
        assert!(english.contains("@media print"));
        assert!(
            english.contains("@page{size:A4"),
            "A4, not the browser's default paper"
        );
        assert!(english.contains("table-layout:fixed"));
        let dutch = html(&session(), &catalog, &Localizer::new(Language::Nl), when);
        assert!(dutch.contains("<th class=\"tick\">Gecontroleerd</th>"));
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
                "<tr><th>Access in Exchange Online</th><td class=\"open\">Choose how Exchange Online grants the application access. <strong>[to do]</strong></td></tr>"
            ),
            "a version 1 session: the route is still to choose"
        );
        old.registration.access = Some(crate::access::Access::Rbac);
        old.registration.entra_check = Some(crate::registration::EntraCheck {
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
