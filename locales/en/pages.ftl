## Page: Welcome
welcome-title = Welcome to { -product }
welcome-intro = { -product } moves the applications on this server from Exchange Online basic authentication (a user name and password over SMTP, IMAP, POP or EWS) to OAuth 2.0 or Microsoft Graph. It finds where each application keeps its mail settings, guides you through the app registration in Entra ID, sends a real test message and ends with a summary for the customer's file.
welcome-deadline-title = Why now
welcome-deadline = Basic authentication for IMAP, POP and EWS has been off since October 2022. Microsoft turns SMTP AUTH with a password off by default for existing tenants at the end of December 2026: every application that still mails through smtp.office365.com with a password stops sending.
welcome-language-heading = Language
welcome-role-heading = Your role
welcome-role-admin = I manage this server
welcome-role-admin-hint = { -product } scans this server and can write the new settings into the applications here.
welcome-role-partner = I am a partner guiding a customer remotely
welcome-role-partner-hint = Prepare the registration and the checklist; the summary and an exported session (never secrets) go to the customer.
welcome-saved-heading = Earlier work
welcome-saved-found = A session from an earlier run was saved on this computer. It holds no secrets.
welcome-resume = Resume the saved session
welcome-discard = Start fresh and delete it

## Page: Scan
scan-title = Scan this server
scan-intro = Which applications on this server send or read mail, and where is that set? { -product } looks in install folders and configuration files, the registry, IIS sites, Reporting Services and SQL Server databases, and says for each setting whether it uses Exchange Online directly, goes through a relay, or already uses OAuth.
scan-source-heading = What to scan
scan-source-this-server = This server
scan-source-this-server-hint = Reads the drives and the registry of the computer { -product } runs on.
scan-source-snapshot = A server snapshot
scan-source-snapshot-hint = A folder collected from a customer's server: one sub-folder per drive letter (C, D, ...) and a registry export (.reg).
scan-snapshot-folder = Snapshot folder
scan-start = Start scan
scan-skip = Skip the scan: I will mark the applications by hand

## Page: Tenant & app registration
registration-title = Tenant & app registration
registration-intro = The applications will sign in to Exchange Online with an app registration in the customer's Entra ID tenant. Choose how they will authenticate, then enter the IDs of the registration.
registration-scenario-heading = How will the applications sign in?
scenario-smtp-app-only = SMTP AUTH with OAuth, as the application itself (app-only)
scenario-smtp-app-only-hint = For applications that send through smtp.office365.com without a user present: scanners, ERP, reports. Needs a client secret and the permission SMTP.SendAsApp.
scenario-smtp-imap-delegated = SMTP and IMAP on behalf of a signed-in user (delegated)
scenario-smtp-imap-delegated-hint = A user signs in once; the application keeps a refresh token. Permissions SMTP.Send, IMAP.AccessAsUser.All and offline_access. No client secret.
scenario-graph-app-only = Microsoft Graph sendMail, as the application itself (app-only)
scenario-graph-app-only-hint = For applications that support Graph (for example Exact updates with Modern Authentication). Needs a client secret and Mail.Send, limited to the mailboxes that may send.
scenario-ews = Exchange Web Services (EWS)
scenario-ews-hint = For synchronisation of contacts, appointments and tasks (for example ELIS Exchange Synchronization, AllSolutions). Needs a client secret and full_access_as_app or EWS.AccessAsUser.All.
registration-ids-heading = Tenant and application
registration-ids-where = Copy both IDs from the Entra admin center: App registrations > your app > Overview. "Directory (tenant) ID" is the tenant ID, "Application (client) ID" is the client ID.
registration-mail-domain = Mail domain
registration-tenant-id = Tenant ID
registration-client-id = Client ID
registration-same-ids-title = Tenant ID and client ID are the same
registration-same-ids = On the Overview page they are two different lines. Copy each from its own line.

## Page: Secret
secret-title = Client secret
secret-intro = App-only sign-in and EWS need a client secret: a password of the app registration. Create it in the Entra admin center under Certificates & secrets > Client secrets > New client secret, then paste its value here.
secret-not-needed-title = No client secret needed
secret-not-needed = With delegated sign-in the user signs in themselves; the registration is a public client and must not use a secret. Continue to the next step.
secret-value-heading = The secret's value
secret-value-where = Copy the "Value" column right after creating the secret: the portal shows it only once. The "Secret ID" column next to it is not the secret.
secret-value = Secret value
secret-reveal = Show
secret-is-id-title = This is the secret's ID, not its value
secret-is-id = What you pasted is a GUID, like the "Secret ID" column. Applications cannot sign in with it (error AADSTS7000215).
secret-is-id-fix = Copy the "Value" column instead. If the value is no longer shown, create a new client secret: the portal shows a value only once.
secret-expiry-heading = Expiry date
secret-expiry-why = A client secret lives at most 24 months. Choose what you picked in the portal, so the summary can remind the customer in time.
secret-expiry-months = { $months } months
secret-expiry-custom = Another date
secret-expiry-date = Expires on
secret-expiry-unreadable = Not a date: write it as 2028-11-26 or 26-11-2028.
secret-store = Store secret
    .disabled = Paste the secret value, choose the expiry date and fill in both IDs on the registration page first.
secret-needs-ids = The secret is stored for this tenant and client: fill in both IDs on the Registration step first.
secret-store-failed-title = The secret could not be stored
secret-store-failed = The credential store refused the secret. Nothing was written anywhere else.
secret-store-failed-fix = Check that you are signed in as the user who will run the applications and try again.
secret-stored-title = The secret is stored
secret-stored = It is held in memory for this run only, never written to disk, the session file or the summary. The summary shows only its expiry date.
secret-replace = Replace secret
secret-replace-hint = A new secret for the same registration needs no new consent.
secret-expires-on = Expires on { $date }
secret-expires-soon = Expires on { $date }: only { $days } days left. Plan the renewal now.
secret-expired = Expired on { $date }
secret-expiry-too-far = { $date } is more than 24 months away, which the portal does not allow.

## Page: Consent
consent-title = Consent
consent-intro = Before tokens can be issued, the tenant must consent to the registration's permissions: an administrator grants them for the whole organisation, or the user signs in once.
consent-method-heading = How to consent
consent-method-browser = Sign in with the browser
consent-method-browser-hint = Opens the Microsoft sign-in page; after signing in, the browser returns to { -product } on this computer.
consent-method-device = Sign in with a code on another device
consent-method-device-hint = For servers without a usable browser: open the shown address on any device and enter the code.
consent-method-admin = Grant admin consent
consent-method-admin-hint = An administrator of the tenant approves the application permissions once for the whole organisation.
consent-start = Start
consent-manual-title = This version does not run the consent itself yet
consent-manual = Grant admin consent in the Entra admin center: App registrations > your app > API permissions > Grant admin consent. Then tick the box below.
consent-defer = I will complete the consent later (the summary lists it as open)

## Page: Test send
test-send-title = Test send
test-send-intro = The moment of truth: send a real message through the new route and see exactly what the server answered.
test-send-addresses-heading = Addresses
test-send-from = From mailbox
test-send-to = Recipient
test-send-routes-heading = Routes to test
test-send-route-smtp = SMTP AUTH with OAuth (smtp.office365.com, port 587)
test-send-route-imap = IMAP with OAuth (outlook.office365.com, port 993): check that the message arrives
test-send-route-graph = Microsoft Graph sendMail
test-send-send = Send test message
test-send-manual-title = This version does not send test messages itself yet
test-send-manual = Test from the application itself after changing its settings, and note the result on the Applications page.
test-send-defer = I will test later (the summary lists it as open)

## Page: Applications
applications-title = Applications
applications-intro = For each application: where its mail setting lives, what to check, and what has to change. Fill in Server, Findings and Required actions, and mark it N/A or Checked.

## Page: Summary
summary-title = Summary
summary-intro = What was done and what is still open, for the customer's file. It never contains the client secret.
summary-not-set = (not set)
summary-role = Role
summary-scan = Scan
summary-scan-skipped = Skipped: applications marked by hand
summary-scan-finished = Finished: { $count } findings
summary-scenario = Sign-in method
summary-tenant-id = Tenant ID
summary-client-id = Client ID
summary-secret = Client secret
summary-secret-not-needed = Not needed (delegated sign-in)
summary-secret-expires = Stored, expires on { $date }
summary-consent = Consent
summary-test-send = Test send
summary-state-open = Open
summary-state-deferred = Left open for later
summary-applications = Applications
summary-col-application = Application
summary-state-done = Done on { $when }

## Page: Applications (the checklist)
applications-help = General guidance
applications-progress = { $checked } of { $total } checked · { $na } N/A · { $open } open
applications-detected = Found on this server
applications-others = Other applications ({ $count })
app-status-open = Open
app-status-na = N/A
app-status-checked = Checked
app-status-heading = Status
app-vendor = Vendor: { $vendor }
app-mail-out = Sends mail
app-mail-in = Reads mailboxes
app-consult-vendor = Consult the vendor
app-follows = Uses the mail setting of { $name }
app-follows-server = { $name } is set to: { $server }
app-follows-open = Go to { $name }
app-where-heading = Where the mail setting lives
app-steps-heading = Check by hand
app-versions-heading = Version requirements
app-version-minimum = { $component }: at least { $minimum }
app-version-check = Where to read it: { $text }
app-version-below = If older: { $text }
app-fields-heading = Checklist
app-field-server = Server
app-field-findings = Findings
app-field-actions = Required actions
app-actions-from = Filled in from the checklist for "{ $outcome }". Change it freely: your own text is never overwritten.
app-fill-actions = Fill in the checklist actions for "{ $outcome }"
app-outcomes-heading = Required actions for every outcome
app-notes-heading = Vendor notes
outcome-exo-direct = Exchange Online direct
outcome-relay = Via a relay
outcome-modern = Already modern authentication
outcome-not-used = Not used
outcome-unknown = Unknown
app-class-exo = Exchange Online direct: { $host }
app-class-exo-mx = Exchange Online through its MX endpoint { $host } (direct send or a connector, no SMTP AUTH)
app-class-relay = Relay: { $host }. IT must check whether it forwards to Exchange Online and how it signs in.
app-class-none = No server filled in
