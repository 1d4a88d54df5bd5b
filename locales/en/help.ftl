## Help: general guidance

help-title = Help: from basic authentication to modern authentication

help-exo-what =
    Exchange Online is Microsoft 365's cloud mail service. Microsoft is switching off basic authentication there: signing in with just a user name and password over SMTP, IMAP, POP or EWS.
    If an organisation uses Exchange Online, applications that mail this way must move to modern authentication (OAuth 2.0 or Microsoft Graph). Without Exchange Online no problems are known so far.

help-recognise =
    Look at the server address in the application's mail setting. smtp.office365.com almost certainly means the application mails straight to Exchange Online. So do outlook.office365.com and addresses ending in mail.protection.outlook.com.
    Another computer name or an IP address usually means a relay.
    Per mailbox, the 'SMTP AUTH clients submission report' in the Exchange admin center shows whether mail is still sent with Basic or already with OAuth. The Entra ID sign-in logs show which accounts still use basic authentication: filter on Client app and pick the legacy protocols.

help-relay =
    An SMTP relay is a mail server or MTA (Mail Transfer Agent) that accepts the application's mail and passes it on, for example to Exchange Online. You spot one by a computer name or IP address in the server setting.
    Then the relay needs work too, not only the application's setting. The IT department or IT partner does that: they check whether the relay connects to Exchange Online and whether authentication through Microsoft Graph or OAuth is already set up for it.
    Note for Exact Globe and Exact Synergy: bulk mail through a relay does not work well.

help-options-intro =
    If an application uses Exchange Online, action is needed to keep incoming and outgoing mail working. The checklist names three options.

help-option-switch =
    1. Switch the authentication method. This is done in the application itself, by the system administrator. Often the application needs an update first.
    Example: for Scan Sys the administrator creates a connection through Microsoft Graph and then sets it up in the application.

help-option-basic =
    2. Temporarily allow basic authentication again. In 2022 a global administrator could do this until 31-12-2022 through admin.microsoft.com: the Help and Support button at the bottom right, enter 'Diag: Enable Basic Auth in EXO' and click 'Run Tests'.
    That option is gone; this is history only. Only SMTP AUTH can, for now, be switched back on after it is disabled by default at the end of December 2026. That buys time; it does not fix anything.

help-option-leave =
    3. Leave Exchange Online. This is rarely possible and usually not wanted.

help-secret-limit =
    A Microsoft Graph client secret is valid for 24 months at most; 'never expires' no longer exists, and a tenant policy may set a shorter limit. By default Microsoft sends no warning before it expires.
    So record the expiry date when you create the secret, and renew it in time. Once it expires, the application stops mailing.

help-timeline = 
    October 2022: Microsoft begins switching basic authentication in Exchange Online off for EWS, EAS, POP, IMAP, Remote PowerShell and Outlook, and with it also switches SMTP AUTH off in tenants that do not use it. A global administrator could turn basic authentication back on temporarily until 31-12-2022; not after that.
    SMTP AUTH (sending mail with a password) in tenants that do use it: at the end of December 2026 Microsoft disables it by default for existing tenants; admins can still switch it back on for now. Tenants created after that do not get it.
    Microsoft will announce the date of the final removal of SMTP AUTH basic authentication in the second half of 2027. Dates named earlier (September 2025, March-April 2026) were withdrawn.

help-how-to-use =
    Go through the applications one by one. For each, fill in Server (the server address you found), Findings (does the application use Exchange Online, directly or through a relay?) and Required actions (for example switch the authentication, or update).
    Then mark the application N/A if it does not apply, or Checked once you have checked it.

# Sources (checked 2026-11-30): "Enable or disable modern authentication for Outlook in Exchange
# Online", https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/enable-or-disable-modern-authentication-in-exchange-online
# (Get-OrganizationConfig | Format-Table -Auto Name,OAuth*), and "Disable Basic authentication in
# Exchange Online", https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/disable-basic-authentication-in-exchange-online
# (Get-AuthenticationPolicy | Format-Table Name -Auto; Get-AuthenticationPolicy -Identity;
# Get-OrganizationConfig | Format-Table DefaultAuthenticationPolicy). The blog post on the end of
# basic authentication (shared/seeds/002) names the same two checks.
help-tenant-checks =
    Two tenant settings you can read in Exchange Online PowerShell (read only, after Connect-ExchangeOnline):
    Modern authentication is on for the organisation when OAuth2ClientProfileEnabled is True: Get-OrganizationConfig | Format-Table -Auto Name,OAuth*
    Authentication policies that block basic authentication: Get-AuthenticationPolicy | Format-Table Name -Auto lists them, Get-AuthenticationPolicy -Identity "<name>" shows per protocol whether basic authentication is allowed (AllowBasicAuthSmtp, AllowBasicAuthImap, AllowBasicAuthWebServices, ...), and Get-OrganizationConfig | Format-Table DefaultAuthenticationPolicy shows which policy applies to everyone without one of their own.
    Sources: Microsoft Learn, 'Enable or disable modern authentication for Outlook in Exchange Online' and 'Disable Basic authentication in Exchange Online'.
