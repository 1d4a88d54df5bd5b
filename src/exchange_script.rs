//! The Exchange Online PowerShell the admin runs after the app registration, filled with the
//! real ids and scoped to one mailbox (least privilege).
//!
//! Why generated and not documented: the most reported failure is `New-ServicePrincipal` with
//! the app registration's object id instead of the Enterprise application's, and the second is
//! a tenant-wide `Mail.Send`. A script with the right ids in the right places avoids both.
//! Comment lines come from the locale files, so the script reads in the admin's language.

use crate::guid::Guid;
use crate::i18n::Localizer;
use crate::session::Scenario;

/// What the script needs. Missing values become clearly marked placeholders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptInputs {
    pub tenant_id: Option<Guid>,
    pub client_id: Option<Guid>,
    pub enterprise_object_id: Option<Guid>,
    pub mailbox: Option<String>,
}

/// PowerShell single-quoted string: only `'` needs doubling.
fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn or_placeholder(value: Option<String>, placeholder: &str) -> String {
    value.unwrap_or_else(|| format!("<{placeholder}>"))
}

/// A plausible mail address (for the scope filter): one `@`, a dot in the domain, no spaces.
pub fn is_mailbox(value: &str) -> bool {
    let value = value.trim();
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
                && value.matches('@').count() == 1
        }
        None => false,
    }
}

/// The script for a scenario, with comments in the localizer's language.
pub fn script(scenario: Scenario, inputs: &ScriptInputs, l10n: &Localizer) -> String {
    let app_id = or_placeholder(inputs.client_id.as_ref().map(Guid::to_string), "client-id");
    let object_id = or_placeholder(
        inputs.enterprise_object_id.as_ref().map(Guid::to_string),
        "enterprise-application-object-id",
    );
    let tenant = or_placeholder(inputs.tenant_id.as_ref().map(Guid::to_string), "tenant-id");
    let mailbox = or_placeholder(inputs.mailbox.clone(), "mailbox@domain");
    let comment = |id: &str| {
        l10n.tr(id)
            .lines()
            .map(|line| format!("# {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out = Vec::new();
    out.push(format!(
        "# Overstap - {}",
        l10n.tr(&format!("scenario-{}", scenario.key()))
    ));
    out.push(format!("# Tenant ID: {tenant}"));
    out.push(format!("# Application (client) ID: {app_id}"));
    out.push(comment("ps-run-as"));
    out.push(String::new());
    out.push(comment("ps-connect"));
    out.push("Install-Module ExchangeOnlineManagement -Scope CurrentUser".into());
    out.push("Connect-ExchangeOnline".into());
    out.push(String::new());
    out.push(format!("$appId = {}", quote(&app_id)));
    out.push(format!("$mailbox = {}", quote(&mailbox)));

    let scope_lines = |out: &mut Vec<String>, role: &str| {
        out.push(comment("ps-scope"));
        out.push(format!(
            "New-ManagementScope -Name 'Overstap - {}' -RecipientRestrictionFilter \"PrimarySmtpAddress -eq '{}'\"",
            mailbox.replace('\'', "''"),
            mailbox.replace('\'', "''")
        ));
        out.push(format!(
            "New-ManagementRoleAssignment -App $appId -Role {} -CustomResourceScope 'Overstap - {}'",
            quote(role),
            mailbox.replace('\'', "''")
        ));
    };
    let service_principal = |out: &mut Vec<String>| {
        out.push(String::new());
        out.push(comment("ps-service-principal"));
        out.push(format!("$objectId = {}", quote(&object_id)));
        out.push(
            "New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'".into(),
        );
    };
    // The older way instead of the role assignment, shown commented out.
    let classic_permission = |out: &mut Vec<String>| {
        out.push(comment("ps-classic-mailbox-permission"));
        out.push(
            "# Add-MailboxPermission -Identity $mailbox -User $objectId -AccessRights FullAccess"
                .into(),
        );
    };
    let check = |out: &mut Vec<String>| {
        out.push(String::new());
        out.push(comment("ps-check"));
        out.push("Test-ServicePrincipalAuthorization -Identity $appId -Resource $mailbox".into());
    };

    match scenario {
        Scenario::SmtpAppOnly => {
            service_principal(&mut out);
            out.push(String::new());
            scope_lines(&mut out, "Application SMTP.SendAsApp");
            out.push(String::new());
            classic_permission(&mut out);
            out.push(String::new());
            out.push(comment("ps-smtp-auth"));
            out.push(
                "Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false".into(),
            );
            check(&mut out);
        }
        Scenario::GraphAppOnly => {
            service_principal(&mut out);
            out.push(String::new());
            scope_lines(&mut out, "Application Mail.Send");
            out.push(String::new());
            out.push(comment("ps-graph-remove-tenant-wide"));
            out.push(String::new());
            out.push(comment("ps-legacy-access-policy"));
            out.push("# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId <mail-enabled-security-group> -AccessRight RestrictAccess -Description 'Overstap'".into());
            check(&mut out);
        }
        Scenario::Ews => {
            service_principal(&mut out);
            out.push(String::new());
            scope_lines(&mut out, "Application EWS.AccessAsApp");
            out.push(String::new());
            classic_permission(&mut out);
            check(&mut out);
        }
        Scenario::SmtpImapDelegated => {
            out.push(String::new());
            out.push(comment("ps-delegated"));
            out.push("Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false -ImapEnabled $true".into());
            out.push("Get-CASMailbox -Identity $mailbox | Format-List SmtpClientAuthenticationDisabled, ImapEnabled".into());
        }
    }
    finish(out)
}

/// What the AllSolutions checks need: the MZZPAR account (IMAP) and the users' "Exchange
/// account" values from MGEBRU (UPN check). Missing values become placeholders or "all users".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllSolutionsInputs {
    pub account: Option<String>,
    pub users: Vec<String>,
}

impl AllSolutionsInputs {
    /// From the typed fields: the account if it looks like an address, the users one per line
    /// (commas and semicolons also separate), trimmed, sorted and without duplicates, so the
    /// script is the same however the list was pasted.
    pub fn from_typed(account: &str, users: &str) -> Self {
        let mut list: Vec<String> = users
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect();
        list.sort_by_key(|u| u.to_lowercase());
        list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        Self {
            account: is_mailbox(account).then(|| account.trim().to_owned()),
            users: list,
        }
    }
}

/// The PowerShell for AllSolutions' two prerequisites: the "Exchange account" field of every
/// user must hold the UPN (a mail address that differs stops the sync silently), and IMAP must
/// be enabled for the MZZPAR account (AllSolutions supports OAuth only with IMAP over 993).
pub fn allsolutions_checks(inputs: &AllSolutionsInputs, l10n: &Localizer) -> String {
    let comment = |id: &str| {
        l10n.tr(id)
            .lines()
            .map(|line| format!("# {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
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
            out.push(format!("    {}{comma}", quote(user)));
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
    out.push(format!("$account = {}", quote(&account)));
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

/// A file name for saving: `overstap-<scenario>-<mailbox or tenant>.ps1`, safe on Windows.
pub fn file_name(scenario: Scenario, inputs: &ScriptInputs) -> String {
    let subject = inputs
        .mailbox
        .clone()
        .or_else(|| inputs.tenant_id.as_ref().map(Guid::to_string))
        .unwrap_or_else(|| "tenant".into());
    format!(
        "overstap-{}-{}.ps1",
        scenario.key(),
        safe_file_part(&subject)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn mailbox_syntax() {
        for ok in ["scanner@contoso.nl", " piet.de.vries@sub.contoso.nl "] {
            assert!(is_mailbox(ok), "{ok}");
        }
        for bad in [
            "",
            "scanner",
            "@contoso.nl",
            "a@b",
            "a b@c.nl",
            "a@@c.nl",
            "a@.nl",
            "a@nl.",
        ] {
            assert!(!is_mailbox(bad), "{bad}");
        }
    }

    #[test]
    fn quotes_are_escaped_and_placeholders_are_visible() {
        let l10n = Localizer::new(Language::En);
        let text = script(
            Scenario::SmtpAppOnly,
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
    fn allsolutions_users_are_trimmed_sorted_and_unique() {
        let inputs = AllSolutionsInputs::from_typed(
            " sync@contoso.nl ",
            "piet@contoso.nl\n Anna@contoso.nl; piet@contoso.nl,\n\nPIET@contoso.nl",
        );
        assert_eq!(inputs.account.as_deref(), Some("sync@contoso.nl"));
        assert_eq!(inputs.users, ["Anna@contoso.nl", "piet@contoso.nl"]);
        assert_eq!(AllSolutionsInputs::from_typed("sync", "").account, None);
        assert_eq!(
            allsolutions_file_name(&inputs),
            "overstap-allsolutions-checks-sync_contoso.nl.ps1"
        );
    }

    #[test]
    fn file_names_are_safe() {
        let inputs = ScriptInputs {
            mailbox: Some("scan ner@contoso.nl".into()),
            ..ScriptInputs::default()
        };
        assert_eq!(
            file_name(Scenario::GraphAppOnly, &inputs),
            "overstap-graph-app-only-scan_ner_contoso.nl.ps1"
        );
    }
}
