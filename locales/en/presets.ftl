## Presets for applications with their own OAuth set-up (AllSolutions, combit CRM, KING ERP)

## Page: Tenant & app registration — the preset choice
preset-heading = Preset for a known application
preset-none = No preset: I choose the scenario myself
preset-none-hint = For the applications of the checklist and anything else that signs in with a registration of your own.
preset-allsolutions = AllSolutions (Exchange Web Services)
preset-allsolutions-hint = Synchronises contacts, tasks and appointments over EWS, with OAuth 2.0 from version 22.0.10. One single-tenant Web registration per AllSolutions environment, with a client secret.
preset-combit-crm = combit CRM (SMTP and eMail Autopilot)
preset-combit-crm-hint = Sends over SMTP; the eMail Autopilot reads POP3/IMAP. Service pack 11.006 or later; every protocol gets its own interactive consent. No client secret.
preset-king-erp = KING ERP (Microsoft 365 SMTP or Graph API OAuth2)
preset-king-erp-hint = Signs in through the vendor's app "KING Software SendEmail": no registration of your own, at most an admin consent.

preset-allsolutions-scenario-title = Fixed by the preset: Exchange Web Services, delegated
preset-allsolutions-scenario = The account set in Parameters AllSolutions (MZZPAR) signs in once; AllSolutions keeps the refresh token. The app registration gets no API permissions up front: AllSolutions asks for them during authorization.
preset-combit-crm-scenario-title = Fixed by the preset: SMTP and IMAP on behalf of a signed-in user
preset-combit-crm-scenario = The same interactive sign-in combit CRM uses. With a registration of your own, Overstap tests SMTP and IMAP for the mailbox before you switch combit over.
preset-king-erp-scenario-title = Fixed by the preset: the vendor's app, no registration of your own
preset-king-erp-scenario = KING ERP requests its tokens itself through "KING Software SendEmail" (Quadrant Automatisering B.V.). Overstap only needs the tenant, to explain the admin consent.

## AllSolutions
preset-allsolutions-environment-heading = AllSolutions environment
preset-allsolutions-environment-why = AllSolutions wants a separate app registration for every environment. Run through these steps once for production and, if you test the link there, once more for acceptance (save a session per environment).
preset-environment-production = Production
preset-environment-production-hint = Name of the registration: AllSolutions Exchange synchronisatie (productie).
preset-environment-acceptance = Acceptance
preset-environment-acceptance-hint = Name of the registration: AllSolutions Exchange synchronisatie (acceptatie). Test the switch here first.
preset-allsolutions-app-domain = AllSolutions domain
preset-allsolutions-redirect = Redirect URI
preset-allsolutions-redirect-same = Enter exactly this value both in Entra ID and in the field Redirect URL of AllSolutions; any difference breaks the link.
preset-domain-not-https = The address starts with { $scheme }: Entra accepts only https for a web address.
preset-domain-path = Enter the host name only, without a path such as /jsonhandler.ashx; Overstap adds it.
preset-domain-port = Enter the host name only, without a port.
preset-domain-user = Enter the host name only, without a user name.
preset-domain-not-domain = "{ $value }" is not a domain name (for example crm.contoso.nl).
preset-allsolutions-checks-heading = Before the consent: two checks
preset-allsolutions-upn-title = The field Exchange account must hold the UPN
preset-allsolutions-upn = In Gebruikers (MGEBRU) the field Exchange account of every user must hold the User Principal Name, not just the mail address. They are often the same but need not be. Where they differ, AllSolutions stops syncing that user without telling anyone. The script below lists UPN beside primary SMTP address; compare the UserPrincipalName column with the field, and look at the rows where UpnIsMail is False.
preset-allsolutions-imap-title = IMAP (port 993) must be enabled
preset-allsolutions-imap = AllSolutions supports OAuth only together with secure IMAP over port 993. The script below shows and enables IMAP for the account from MZZPAR.
preset-allsolutions-sync-users = Exchange accounts of the users (one per line; empty = all user mailboxes)
preset-allsolutions-sync-users-invalid = Not mail addresses, left out of the script: { $lines }
preset-allsolutions-account = Account in MZZPAR (Exchange Webservice)
preset-allsolutions-values-heading = Where each value goes in AllSolutions
preset-allsolutions-milscn = Importlocaties Documenten (MILSCN) > new import location of type EWS. Fill in these fields, then save with Opslaan + Overzicht:
preset-value-not-yet = (not known yet)
preset-milscn-client-id = Application (client) ID
preset-milscn-authorize = OAuth 2.0 authorization endpoint (v2)
preset-milscn-token = OAuth 2.0 token endpoint (v2)
preset-milscn-redirect = Redirect URL
preset-milscn-secret = Client secret: the value you copy on the next page (never the secret ID).
preset-allsolutions-mzzpar = Then open a second session (your user name at the top right) with Parameters AllSolutions (MZZPAR), section Exchange Webservice, note the user and password used so far, and set:
preset-mzzpar-method = Authentication method
preset-mzzpar-interface = Interface voor EWS: pick the new EWS import location with the i-button. Save.
preset-allsolutions-mfa-title = Multi-factor authentication or Conditional Access on the account
preset-allsolutions-mfa = If the MZZPAR account needs multifactor authentication (MFA), a Conditional Access policy may block the consent or the sync (AADSTS53003, 50076). Create or adjust a policy with an exception for this app or this account, and keep the exception as narrow as possible. AllSolutions authenticates with a client secret only, never with a certificate.
preset-allsolutions-script-intro = Run this as an Exchange administrator: it lists UPN beside primary SMTP address for the users, and enables IMAP for the account from MZZPAR.
preset-allsolutions-step-new = Open App registrations > New registration. Use this name, the single-tenant account type, and under Redirect URI the platform Web with exactly this address.
preset-allsolutions-step-no-permissions = Add no API permissions: AllSolutions requests them when it asks for the authorization code.
preset-allsolutions-step-secret = Under Certificates & secrets > Client secrets > New client secret, choose an expiry and copy the Value at once: the portal shows it only once.
preset-allsolutions-step-endpoints = On the Overview page copy the Application (client) ID and the Directory (tenant) ID into the fields below. Use the v2 endpoints (Endpoints button): Overstap shows them below.
preset-allsolutions-secret-title = AllSolutions cannot see when this secret expires
preset-allsolutions-secret = Overstap records the expiry date and reminds you in the summary. When the secret expires, the sync stops. A new secret can be entered in the EWS import location (MILSCN) at any time, without a new consent.
preset-allsolutions-consent-heading = Authorize AllSolutions (in AllSolutions, not in Overstap)
preset-allsolutions-consent-open = In Importlocaties Documenten (MILSCN) open the EWS location, right-click the link in the field Request an authorization code and open it in a private (incognito) window.
preset-allsolutions-consent-account = Sign in there only with the account from Parameters AllSolutions (MZZPAR). With any other account the link will not work.
preset-allsolutions-consent-check = Check the name of the app and the permissions requested, then accept. You end on an empty page: close it.
preset-allsolutions-consent-admin = No accept button? Then the account may not approve it. Ask an administrator to grant access; the setting is under Enterprise applications > Consent and permissions. Then repeat the steps.
preset-allsolutions-consent-result = Open the EWS location again: the field refresh token must now show a value (AllSolutions shows only its first 50 characters). Also visible in Entra under the user > Applications.
preset-allsolutions-consent-admin-where = Consent setting
preset-allsolutions-consent-admin-path = Enterprise applications > Consent and permissions
preset-allsolutions-new-secret-title = Replacing the secret later
preset-allsolutions-new-secret = A new client secret (also before the old one expires) only needs entering in the EWS import location (MILSCN): no new authorization is needed.
preset-allsolutions-consent-done = AllSolutions shows a refresh token in the EWS location

## combit CRM
preset-combit-crm-guide-title = How combit CRM switches over (service pack 11.006 or later)
preset-combit-crm-guide = In the SMTP settings of combit CRM turn on OAuth2: a consent window opens, sign in with the Exchange Online account and grant the combit software its permissions; then clear the stored password. In the eMail Autopilot every protocol (POP3/IMAP, and SMTP for forwarding) starts its own sign-in when you tick its box; a token already made for SMTP is reused without a new question. Clear the stored passwords there too. The eMail Autopilot needs a cRM-Script object for this.
preset-combit-crm-consent-title = combit CRM asks for its own consent
preset-combit-crm-consent = The sign-in below tests SMTP and IMAP with Overstap's registration. combit's own consent window grants combit's app; if users may not consent in this tenant, an administrator approves it under Enterprise applications > Consent and permissions.

## KING ERP
preset-king-erp-no-registration-title = No app registration of your own needed
preset-king-erp-no-registration = KING ERP uses the vendor's app "KING Software SendEmail" of Quadrant Automatisering B.V. There is no client ID or secret to create. Depending on how the tenant is set up, the user may first have to ask the system administrator for approval: the Consent step says how that goes in KING.
preset-king-erp-choice-heading = What to choose in KING ERP
preset-king-erp-where = Organisatie > Bedrijfsgegevens > tab E-mail server, field Soort:
preset-king-erp-choose = Choose
preset-king-erp-why-graph = Why Graph: it sends without SMTP AUTH, which Microsoft turns off by default for existing tenants from the end of December 2026, and it needs no SMTP port open to the internet.
preset-king-erp-when-smtp = Choose "Microsoft 365 SMTP OAuth2" only if your administrator wants the mail to go over SMTP; SMTP AUTH must then stay allowed for this mailbox.
preset-king-erp-no-secret = KING ERP signs in with the vendor's app: there is no client secret of your own. Continue to the next step.
preset-king-erp-consent-heading = Consent for KING Software SendEmail
preset-king-erp-consent-why = When you click 'Authenticeren' (Authenticate) in KING and then 'Goedkeuring aanvragen' (Request approval), Microsoft asks to accept the permissions of "KING Software SendEmail". Depending on how the tenant is set up, the user may first have to ask the company's system administrator for approval (so KING's guide says).
preset-king-erp-consent-app = App
preset-king-erp-consent-in-king = In KING, on the tab E-mail server: 'Authenticeren', sign in with the sending address, 'Goedkeuring aanvragen' and accept the permissions. The tab then shows the status: the authentication date, when the refresh token was renewed and how long the access token is valid. 'Verwijderen' (Remove) removes the authentication; 'Status' fetches the status again.
preset-king-erp-consent-done = The permissions were accepted; KING shows the status
preset-king-erp-status-heading = Refresh token (from the 'Status' button)
preset-king-erp-status = The refresh token lives { $days } days and is renewed with every mail KING sends. Enter the renewal date KING shows, and Overstap computes the last day.
preset-king-erp-refresh-renewed = Refresh token renewed on
preset-king-erp-deadline = Without mail, authenticate again before { $date } (days left: { $days })
preset-king-erp-rarely-title = Does this KING installation mail rarely?
preset-king-erp-rarely = After { $days } days without any mail the refresh token expires and someone must click 'Authenticeren' again. Plan a check with 'Status', or send a mail from KING at least once every { $days } days.

## What a page still needs
blocker-choose-environment = Choose the AllSolutions environment (production or acceptance).
blocker-app-domain-missing = Enter the domain of the AllSolutions environment.
blocker-app-domain-invalid = The AllSolutions domain is not a valid https host name.

## Summary
summary-preset = Application preset
summary-preset-environment = AllSolutions environment
summary-preset-done = In the application
summary-preset-allsolutions-done = Web registration with the redirect URI above; values entered in MILSCN; MZZPAR set to OAuth 2.0; authorized with the MZZPAR account. AllSolutions cannot see the secret's expiry: the date below is the one to remember.
summary-preset-combit-crm-done = OAuth2 turned on for SMTP and in the eMail Autopilot per protocol; stored passwords cleared; cRM-Script object present.
summary-preset-king-erp-done = 'Soort' set to an OAuth2 choice; authenticated through KING Software SendEmail; permissions accepted, with the system administrator's approval where the tenant asks for it.
preset-king-erp-refresh = KING refresh token
preset-king-erp-refresh-unknown = Expires { $days } days after the last mail sent; renewal date not entered.
summary-vendor-app = Not needed (the vendor's app)

## PowerShell comments (AllSolutions checks)
ps-allsolutions-upn =
    The field Exchange account in Gebruikers (MGEBRU) must hold the UPN. Compare it with the column
    UserPrincipalName; where UpnIsMail is False, the mail address is not the UPN.
ps-allsolutions-upn-all = No users listed: all user mailboxes.
ps-allsolutions-graph = The same list from Microsoft Graph (Graph Explorer, permission User.Read.All):
ps-allsolutions-imap = AllSolutions supports OAuth only with IMAP over port 993: enable IMAP for the account from MZZPAR.
