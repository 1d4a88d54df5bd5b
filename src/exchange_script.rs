//! The Exchange Online PowerShell the admin runs after the app registration: the steps of the
//! chosen access route (`crate::access`), filled with the real ids and scoped to one mailbox.
//!
//! Why generated and not documented: the most reported failure is `New-ServicePrincipal` with
//! the app registration's object id instead of the Enterprise application's, and the second is
//! a tenant-wide grant where a scoped one was meant. A script with the right ids in the right
//! places, built from the same route data as the portal steps, avoids both. Comment lines come
//! from the locale files, so the script reads in the admin's language, and the route's limits
//! are written into it as comments.
//!
//! Values from the admin are quoted with `ps_quote` only (single-quoted literals, every quote
//! kind PowerShell knows doubled) and never appear inside a double-quoted string or a comment;
//! the OPATH filter of the management scope is built from a variable, as Microsoft's recipient
//! filter rules describe.

use crate::access::{AccessPolicy, Check, MailboxPermission, Route};
use crate::guid::Guid;
use crate::i18n::Localizer;

/// What the script needs. Missing values become clearly marked placeholders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptInputs {
    pub tenant_id: Option<Guid>,
    pub client_id: Option<Guid>,
    pub enterprise_object_id: Option<Guid>,
    /// A mailbox that passed `parse_mailbox`.
    pub mailbox: Option<String>,
}

pub use crate::text::{PS_SINGLE_QUOTES, ps_quote};

fn or_placeholder(value: Option<String>, placeholder: &str) -> String {
    value.unwrap_or_else(|| format!("<{placeholder}>"))
}

/// Why a typed value is not accepted as a mailbox address.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailboxError {
    #[error("empty")]
    Empty,
    #[error("not one @")]
    NoSingleAt,
    #[error("character {0:?} is not allowed in a mail address")]
    Character(char),
    #[error("the part before @ is empty, too long, or has a misplaced dot")]
    LocalPart,
    #[error("the domain is not a host name with a dot")]
    Domain,
}

/// The characters RFC 5322 allows in a dot-atom besides letters and digits. Apostrophes, `$`,
/// backticks and braces are among them, so quoting must stay right even for valid addresses.
const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";

/// A mailbox address, strictly: an ASCII addr-spec whose local part is a dot-atom (RFC 5322)
/// and whose domain is a host name with at least one dot. Returns the trimmed address.
///
/// Why strict: the address goes into PowerShell and into an OPATH filter. Quoted local parts,
/// spaces, control characters and non-ASCII look-alikes (typographic quotes) are refused with a
/// reason instead of being carried into a script.
pub fn parse_mailbox(value: &str) -> Result<String, MailboxError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(MailboxError::Empty);
    }
    if let Some(c) = value
        .chars()
        .find(|c| !c.is_ascii() || c.is_ascii_control() || *c == ' ')
    {
        return Err(MailboxError::Character(c));
    }
    let (local, domain) = match value.split_once('@') {
        Some((local, domain)) if !domain.contains('@') => (local, domain),
        _ => return Err(MailboxError::NoSingleAt),
    };
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || ATEXT.contains(*c)))
    {
        return Err(MailboxError::Character(c));
    }
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Err(MailboxError::LocalPart);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if labels.len() < 2
        || domain.len() > 253
        || !labels.iter().all(label_ok)
        || labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(MailboxError::Domain);
    }
    Ok(value.to_owned())
}

/// Whether `value` is accepted by `parse_mailbox`.
pub fn is_mailbox(value: &str) -> bool {
    parse_mailbox(value).is_ok()
}

fn comment_lines(l10n: &Localizer, id: &str) -> String {
    commented(&l10n.tr(id), "")
}

/// Every line of `text` as a comment, each after `prefix`.
fn commented(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("# {prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The script for an access route, with comments in the localizer's language.
pub fn script(route: &Route, inputs: &ScriptInputs, l10n: &Localizer) -> String {
    let app_id = or_placeholder(inputs.client_id.as_ref().map(Guid::to_string), "client-id");
    let object_id = or_placeholder(
        inputs.enterprise_object_id.as_ref().map(Guid::to_string),
        "enterprise-application-object-id",
    );
    let tenant = or_placeholder(inputs.tenant_id.as_ref().map(Guid::to_string), "tenant-id");
    let mailbox = or_placeholder(inputs.mailbox.clone(), "mailbox@domain");
    let mut out = header(route, &tenant, &app_id, l10n);
    out.push(String::new());
    out.push(comment_lines(l10n, "ps-connect"));
    out.push("Install-Module ExchangeOnlineManagement -Scope CurrentUser".into());
    out.push("Connect-ExchangeOnline".into());
    out.push(String::new());
    out.push(format!("$appId = {}", ps_quote(&app_id)));
    if route.service_principal {
        out.push(format!("$objectId = {}", ps_quote(&object_id)));
    }
    out.push(format!("$mailbox = {}", ps_quote(&mailbox)));
    grants(route, l10n, &mut out);
    mailbox_switches(route, l10n, &mut out);
    checks(route, l10n, &mut out);
    finish(out)
}

/// The title, the ids, who runs it, and the route's documented limits with their sources.
fn header(route: &Route, tenant: &str, app_id: &str, l10n: &Localizer) -> Vec<String> {
    let mut out = vec![
        format!(
            "# Overstap - {} - {}",
            l10n.tr(&format!("scenario-{}", route.scenario.key())),
            l10n.tr(&route.name_id())
        ),
        format!("# Tenant ID: {tenant}"),
        format!("# Application (client) ID: {app_id}"),
        comment_lines(l10n, "ps-run-as"),
    ];
    if !route.limits.is_empty() {
        out.push(String::new());
        out.push(comment_lines(l10n, "ps-limits"));
        for limit in &route.limits {
            out.push(commented(&l10n.tr(&limit.text_id), "- "));
            let source = l10n.tr_args(
                "access-source",
                &[
                    ("title", limit.source.title.clone().into()),
                    ("date", limit.source.date.clone().into()),
                ],
            );
            out.push(commented(&format!("{source} {}", limit.source.url), "  "));
        }
    }
    out
}

/// What the route grants: the Entra permissions (named, granted in the portal), the Exchange
/// service principal, the scoped RBAC role, a mailbox permission, the optional access policy.
fn grants(route: &Route, l10n: &Localizer, out: &mut Vec<String>) {
    let comment = |id: &str| comment_lines(l10n, id);
    if route.access == crate::access::Access::Entra {
        out.push(String::new());
        let permissions = route.token_roles().join(", ");
        out.push(commented(
            &l10n.tr_args(
                "ps-entra-permissions",
                &[("permissions", permissions.into())],
            ),
            "",
        ));
    }
    if route.service_principal {
        out.push(String::new());
        out.push(comment("ps-service-principal"));
        out.push(
            "New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'".into(),
        );
    }
    if let Some(role) = &route.role {
        out.push(String::new());
        out.push(comment("ps-scope"));
        out.push("$scopeName = 'Overstap - ' + $mailbox".into());
        out.push(comment("ps-scope-filter"));
        out.push("$opathMailbox = $mailbox -replace \"'\", \"''\"".into());
        out.push("$scopeFilter = \"PrimarySmtpAddress -eq '$opathMailbox'\"".into());
        out.push(
            "New-ManagementScope -Name $scopeName -RecipientRestrictionFilter $scopeFilter".into(),
        );
        out.push(format!(
            "New-ManagementRoleAssignment -App $objectId -Role {} -CustomResourceScope $scopeName",
            ps_quote(role)
        ));
    }
    if route.mailbox_permission == MailboxPermission::FullAccess {
        out.push(String::new());
        out.push(comment("ps-full-access"));
        out.push("$exoServicePrincipal = Get-ServicePrincipal -Identity $appId".into());
        out.push(
            "Add-MailboxPermission -Identity $mailbox -User $exoServicePrincipal.Identity -AccessRights FullAccess"
                .into(),
        );
    }
    if route.access == crate::access::Access::Entra && !route.service_principal {
        out.push(comment("ps-nothing-in-exchange"));
    }
    if route.access_policy == AccessPolicy::OptionalLegacy {
        out.push(String::new());
        out.push(comment("ps-access-policy"));
        out.push("# $policyGroup = '<mail-enabled-security-group@domain>'".into());
        out.push(
            "# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId $policyGroup -AccessRight RestrictAccess -Description 'Overstap'"
                .into(),
        );
    }
}

/// SMTP AUTH and IMAP switched on for the mailbox, where the route signs in over them.
fn mailbox_switches(route: &Route, l10n: &Localizer, out: &mut Vec<String>) {
    if !route.smtp_auth && !route.imap {
        return;
    }
    out.push(String::new());
    let mut switches = Vec::new();
    let mut shown = Vec::new();
    if route.smtp_auth {
        switches.push("-SmtpClientAuthenticationDisabled $false");
        shown.push("SmtpClientAuthenticationDisabled");
    }
    if route.imap {
        switches.push("-ImapEnabled $true");
        shown.push("ImapEnabled");
    }
    out.push(comment_lines(
        l10n,
        if route.imap {
            "ps-delegated"
        } else {
            "ps-smtp-auth"
        },
    ));
    out.push(format!(
        "Set-CASMailbox -Identity $mailbox {}",
        switches.join(" ")
    ));
    if route.check == Check::CasMailbox {
        out.push(format!(
            "Get-CASMailbox -Identity $mailbox | Format-List {}",
            shown.join(", ")
        ));
    }
}

/// The check Microsoft documents for the route.
fn checks(route: &Route, l10n: &Localizer, out: &mut Vec<String>) {
    let comment = |id: &str| comment_lines(l10n, id);
    match route.check {
        Check::RbacTest => {
            out.push(String::new());
            out.push(comment("ps-check-rbac"));
            out.push(
                "Test-ServicePrincipalAuthorization -Identity $objectId -Resource $mailbox".into(),
            );
        }
        Check::MailboxPermission => {
            out.push(String::new());
            out.push(comment("ps-check-mailbox-permission"));
            out.push(
                "Get-MailboxPermission -Identity $mailbox | Format-Table User, AccessRights, IsInherited"
                    .into(),
            );
        }
        Check::AccessPolicyTest => {
            out.push(comment("ps-check-access-policy"));
            out.push("# Test-ApplicationAccessPolicy -Identity $mailbox -AppId $appId".into());
        }
        Check::CasMailbox => {}
    }
}

/// What the AllSolutions checks need: the MZZPAR account (IMAP) and the users' "Exchange
/// account" values from MGEBRU (UPN check). Missing values become placeholders or "all users".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllSolutionsInputs {
    pub account: Option<String>,
    /// The listed users that are mail addresses (`parse_mailbox`).
    pub users: Vec<String>,
    /// Listed lines that are not, left out of the script and shown to the admin.
    pub rejected: Vec<String>,
}

impl AllSolutionsInputs {
    /// From the typed fields: the account if it is a mail address, the users one per line
    /// (commas and semicolons also separate), trimmed, sorted and without duplicates, so the
    /// script is the same however the list was pasted. Lines that are not mail addresses go to
    /// `rejected`, never into the script.
    pub fn from_typed(account: &str, users: &str) -> Self {
        let mut list = Vec::new();
        let mut rejected = Vec::new();
        for user in users.split(['\n', ',', ';']).map(str::trim) {
            if user.is_empty() {
                continue;
            }
            match parse_mailbox(user) {
                Ok(user) => list.push(user),
                Err(_) => rejected.push(user.to_owned()),
            }
        }
        list.sort_by_key(|u| u.to_lowercase());
        list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        Self {
            account: parse_mailbox(account).ok(),
            users: list,
            rejected,
        }
    }
}

/// The PowerShell for AllSolutions' two prerequisites: the "Exchange account" field of every
/// user must hold the UPN (a mail address that differs stops the sync silently), and IMAP must
/// be enabled for the MZZPAR account (AllSolutions supports OAuth only with IMAP over 993).
pub fn allsolutions_checks(inputs: &AllSolutionsInputs, l10n: &Localizer) -> String {
    let comment = |id: &str| comment_lines(l10n, id);
    let account = or_placeholder(inputs.account.clone(), "mzzpar-account@domain");
    let mut out = vec![
        format!("# Overstap - {}", l10n.tr("preset-allsolutions")),
        comment("ps-run-as"),
        String::new(),
        comment("ps-connect"),
        "Install-Module ExchangeOnlineManagement -Scope CurrentUser".into(),
        "Connect-ExchangeOnline".into(),
        String::new(),
        comment("ps-allsolutions-upn"),
    ];
    if inputs.users.is_empty() {
        out.push(comment("ps-allsolutions-upn-all"));
        out.push(
            "$mailboxes = Get-Mailbox -ResultSize Unlimited -RecipientTypeDetails UserMailbox"
                .into(),
        );
    } else {
        out.push("$users = @(".into());
        let last = inputs.users.len() - 1;
        for (i, user) in inputs.users.iter().enumerate() {
            let comma = if i == last { "" } else { "," };
            out.push(format!("    {}{comma}", ps_quote(user)));
        }
        out.push(")".into());
        out.push("$mailboxes = $users | ForEach-Object { Get-Mailbox -Identity $_ }".into());
    }
    out.push("$mailboxes |".into());
    out.push("    Select-Object DisplayName, UserPrincipalName, PrimarySmtpAddress,".into());
    out.push("        @{ Name = 'UpnIsMail'; Expression = { $_.UserPrincipalName -eq $_.PrimarySmtpAddress } } |".into());
    out.push("    Sort-Object UserPrincipalName |".into());
    out.push("    Format-Table -AutoSize".into());
    out.push(comment("ps-allsolutions-graph"));
    out.push(
        "# GET https://graph.microsoft.com/v1.0/users?$select=displayName,userPrincipalName,mail"
            .into(),
    );
    out.push(String::new());
    out.push(comment("ps-allsolutions-imap"));
    out.push(format!("$account = {}", ps_quote(&account)));
    out.push("Get-CASMailbox -Identity $account | Format-List ImapEnabled".into());
    out.push("Set-CASMailbox -Identity $account -ImapEnabled $true".into());
    out.push("Get-CASMailbox -Identity $account | Format-List ImapEnabled".into());
    finish(out)
}

/// `overstap-allsolutions-checks-<account>.ps1`, safe on Windows.
pub fn allsolutions_file_name(inputs: &AllSolutionsInputs) -> String {
    let subject = inputs.account.clone().unwrap_or_else(|| "account".into());
    format!(
        "overstap-allsolutions-checks-{}.ps1",
        safe_file_part(&subject)
    )
}

fn safe_file_part(subject: &str) -> String {
    subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Disconnects at the end and joins with CRLF: a .ps1 is a Windows file.
fn finish(mut out: Vec<String>) -> String {
    out.push(String::new());
    out.push("Disconnect-ExchangeOnline -Confirm:$false".into());
    let mut text = out.join("\r\n");
    text.push_str("\r\n");
    text
}

/// A file name for saving: `overstap-<scenario>-<route>-<mailbox or tenant>.ps1`, safe on
/// Windows.
pub fn file_name(route: &Route, inputs: &ScriptInputs) -> String {
    let subject = inputs
        .mailbox
        .clone()
        .or_else(|| inputs.tenant_id.as_ref().map(Guid::to_string))
        .unwrap_or_else(|| "tenant".into());
    format!("overstap-{}-{}.ps1", route.key(), safe_file_part(&subject))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{self, Access};
    use crate::i18n::Language;
    use crate::scenario::Scenario;

    #[test]
    fn mailbox_syntax() {
        for ok in [
            "scanner@contoso.nl",
            " piet.de.vries@sub.contoso.nl ",
            "o'brien@contoso.nl",
            "a$b@contoso.nl",
            "x`y{z}|~@contoso-mail.nl",
        ] {
            assert!(is_mailbox(ok), "{ok}");
        }
        for (bad, why) in [
            ("", MailboxError::Empty),
            ("scanner", MailboxError::NoSingleAt),
            ("@contoso.nl", MailboxError::LocalPart),
            ("a@b", MailboxError::Domain),
            ("a b@c.nl", MailboxError::Character(' ')),
            ("a@@c.nl", MailboxError::NoSingleAt),
            ("a@.nl", MailboxError::Domain),
            ("a@nl.", MailboxError::Domain),
            ("a@-x.nl", MailboxError::Domain),
            ("a@10.0.0.1", MailboxError::Domain),
            (".a@c.nl", MailboxError::LocalPart),
            ("a..b@c.nl", MailboxError::LocalPart),
            ("$(calc)@c.nl", MailboxError::Character('(')),
            ("\";Remove-Mailbox@c.nl", MailboxError::Character('"')),
            ("o\u{2019}brien@c.nl", MailboxError::Character('\u{2019}')),
            ("a\nb@c.nl", MailboxError::Character('\n')),
            ("\"quoted local\"@c.nl", MailboxError::Character(' ')),
            ("a@c_d.nl", MailboxError::Domain),
        ] {
            assert_eq!(parse_mailbox(bad), Err(why), "{bad:?}");
        }
        assert_eq!(
            parse_mailbox(&format!("{}@c.nl", "a".repeat(65))),
            Err(MailboxError::LocalPart)
        );
    }

    #[test]
    fn every_quote_kind_is_doubled() {
        assert_eq!(ps_quote("o'brien"), "'o''brien'");
        assert_eq!(
            ps_quote("a\u{2018}b\u{2019}c\u{201A}d\u{201B}e"),
            "'a\u{2018}\u{2018}b\u{2019}\u{2019}c\u{201A}\u{201A}d\u{201B}\u{201B}e'"
        );
        assert_eq!(ps_quote("$(calc) `n \"x\""), "'$(calc) `n \"x\"'");
    }

    #[test]
    fn quotes_are_escaped_and_placeholders_are_visible() {
        let l10n = Localizer::new(Language::En);
        let route = access::route(Scenario::SmtpAppOnly, Access::Rbac).expect("route");
        let text = script(
            route,
            &ScriptInputs {
                mailbox: Some("o'brien@contoso.nl".into()),
                ..ScriptInputs::default()
            },
            &l10n,
        );
        assert!(text.contains("$mailbox = 'o''brien@contoso.nl'"), "{text}");
        assert!(text.contains("$appId = '<client-id>'"));
        assert!(text.contains("$objectId = '<enterprise-application-object-id>'"));
        assert!(!text.contains('⟦'), "every comment exists: {text}");
    }

    #[test]
    fn allsolutions_users_are_checked_trimmed_sorted_and_unique() {
        let inputs = AllSolutionsInputs::from_typed(
            " sync@contoso.nl ",
            "piet@contoso.nl\n Anna@contoso.nl; piet@contoso.nl,\n\nPIET@contoso.nl\n$(calc)@x.nl\no\u{2019}brien@contoso.nl",
        );
        assert_eq!(inputs.account.as_deref(), Some("sync@contoso.nl"));
        assert_eq!(inputs.users, ["Anna@contoso.nl", "piet@contoso.nl"]);
        assert_eq!(
            inputs.rejected,
            ["$(calc)@x.nl", "o\u{2019}brien@contoso.nl"]
        );
        assert_eq!(AllSolutionsInputs::from_typed("sync", "").account, None);
        assert_eq!(
            allsolutions_file_name(&inputs),
            "overstap-allsolutions-checks-sync_contoso.nl.ps1"
        );
        let text = allsolutions_checks(&inputs, &Localizer::new(Language::En));
        assert!(!text.contains("calc") && !text.contains("brien"), "{text}");
    }

    #[test]
    fn file_names_are_safe() {
        let inputs = ScriptInputs {
            mailbox: Some("scan'ner@contoso.nl".into()),
            ..ScriptInputs::default()
        };
        let route = access::route(Scenario::GraphAppOnly, Access::Rbac).expect("route");
        assert_eq!(
            file_name(route, &inputs),
            "overstap-graph-app-only-rbac-scan_ner_contoso.nl.ps1"
        );
    }
}
