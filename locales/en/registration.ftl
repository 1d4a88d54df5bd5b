## Page: Tenant & app registration (portal steps, ids, PowerShell)

registration-tenant-heading = Customer's tenant
registration-portal-heading = Register the application in Entra ID
registration-open-portal = Open this in the Entra admin center
registration-tenant-mismatch-title = This tenant ID is not the tenant of the mail domain
registration-tenant-mismatch = { $domain } belongs to tenant { $tenant }. Copy the Directory (tenant) ID again, or look up the right domain.
registration-check-client = Check that the client ID exists in this tenant
    .tooltip = Asks Microsoft's token endpoint about this client ID, without a secret. An unknown ID gives AADSTS700016.
registration-object-ids-title = Two different object IDs
registration-object-ids = Exchange needs the Object ID of the Enterprise application (Enterprise applications > the app > Overview), not the Object ID on the app registration's Overview page and not the Application (client) ID. Mixing them up is the most common reason why SMTP with OAuth fails (535 5.7.3).
registration-enterprise-object-id = Enterprise application object ID
registration-object-id-is-other-id = This is the client ID or the tenant ID: copy the Object ID from Enterprise applications instead.
registration-mailbox = Mailbox that sends
registration-mailbox-invalid = Not a mail address.
registration-script-heading = Exchange Online PowerShell
registration-script-intro = Run this once as an Exchange administrator. It registers the application in Exchange and gives it access to this one mailbox only (RBAC for Applications), then checks the result.
registration-script-intro-entra = Run this once as an Exchange administrator. It does the Exchange part of this route, then checks the result.
registration-script-intro-delegated = Run this once as an Exchange administrator: it makes sure SMTP AUTH and IMAP are allowed for the mailbox.
registration-script-save = Save as .ps1
registration-script-saved = Saved: { $path }
registration-script-open-folder = Open folder
registration-script-save-failed = The script could not be saved
registration-script-save-failed-fix = Copy it with the Copy button instead, or check the free space and permissions of the chosen folder.

identity-progress-check-client = Checking the client ID…
identity-done-check-client = The client ID exists in this tenant.

blocker-tenant-mismatch = The tenant ID is not the tenant of the mail domain.
blocker-object-id = The Enterprise application object ID is the client ID or the tenant ID.
blocker-mailbox-invalid = The sending mailbox is not a mail address.

## Portal steps
portal-step-new = Open App registrations > New registration. Enter a name that says what it is for, and choose the single-tenant account type.
portal-value-name = Name
portal-value-account-type = Supported account types
portal-step-redirect = Under Authentication, add a platform and enter the redirect URI exactly like this, without a port: Overstap's sign-in and the admin consent return to it on this computer.
portal-value-platform = Platform
portal-value-redirect-uri = Redirect URI
portal-step-public-client = Under Authentication > Advanced settings, allow public client flows: sign-in with a code on another device needs it.
portal-value-public-client = Setting
portal-step-permissions = Under API permissions > Add a permission, add exactly these permissions.
portal-value-api = API
portal-value-application-permission = Application permission
portal-value-delegated-permission = Delegated permission
portal-step-no-permissions = Add no permission under API permissions: on this route the application needs none in Entra, and Exchange grants access to the one mailbox with the PowerShell below. The notes on this route say what a permission added here would do.
portal-step-admin-consent = Click "Grant admin consent for" your organisation on the API permissions page (or use the Consent step).
portal-step-secret = Under Certificates & secrets > Client secrets > New client secret, choose an expiry (at most 24 months) and copy the Value at once: the portal shows it only once.
portal-value-secret-expiry = Expires
portal-step-ids = On the Overview page copy "Application (client) ID" and "Directory (tenant) ID" into the fields below.
portal-step-enterprise-object-id = Open Enterprise applications > the same app > Overview and copy its Object ID into the field below.

## PowerShell comments
ps-run-as = Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).
ps-connect = Connect to Exchange Online (the module is installed once).
ps-limits = What to know about this route, each with the Microsoft page that says so:
ps-entra-permissions = Done in Entra first: the application permission { $permissions } with admin consent (the portal steps and the Consent step of Overstap).
ps-service-principal =
    Register the application in Exchange. -ObjectId is the Object ID of the ENTERPRISE APPLICATION
    (Entra admin center > Enterprise applications > the app > Overview), not the app registration's.
ps-scope = RBAC for Applications: a management scope that holds only this mailbox, and the application role assigned with that scope.
ps-scope-filter = The OPATH filter takes the address from a variable, with any single quote in it doubled (Microsoft's rule for recipient filters).
ps-full-access =
    Give the Exchange service principal full access to this mailbox. Its identity comes from Get-ServicePrincipal:
    Exchange uses different IDs at creation and when granting mailbox permissions.
ps-nothing-in-exchange = Nothing to register in Exchange on this route: full_access_as_app is granted in Entra with admin consent and covers every mailbox in the organisation.
ps-access-policy =
    Optional, legacy: restrict full_access_as_app to the members of a mail-enabled security group with an
    Application Access Policy. Microsoft no longer recommends new policies (see above); remove the # to use it.
ps-smtp-auth = SMTP AUTH must be allowed for the mailbox ($null would follow the tenant setting).
ps-check-rbac =
    Check: the output must show the role for this mailbox with InScope True. It shows only what Exchange grants:
    permissions granted in Entra are not included (see the Registration page of Overstap, or Enterprise applications > the app > Permissions).
ps-check-mailbox-permission = Check: the service principal must be listed with FullAccess.
ps-check-access-policy = Check (with the policy): Test-ApplicationAccessPolicy shows whether the policy lets the application reach this mailbox.
ps-delegated = Allow SMTP AUTH and IMAP for the mailbox, then show the result.

## Automatic registration
registration-auto-heading = Register automatically
registration-auto-intro = An administrator (Global Administrator or Application Administrator with the right to grant consent) signs in once in the browser; Overstap then creates the registration through Microsoft Graph: the application (single tenant), its Enterprise application, the client secret, and the Entra permissions of the chosen route with their admin consent (none on an RBAC route). It then reads back what Entra grants. The secret goes straight into the credential store; nobody sees it.
registration-auto-secret-months = Secret valid for
registration-auto-start = Sign in as administrator and create the registration
registration-auto-needs-tenant = Look up the tenant first.
registration-auto-or-manual = Or follow the steps below in the Entra admin center yourself.
autoreg-step-sign-in = Administrator signs in
autoreg-step-application = Creating the application
autoreg-step-service-principal = Creating the Enterprise application
autoreg-step-secret = Creating the client secret
autoreg-step-permissions = Adding the permissions and granting admin consent
identity-progress-autoreg = Creating the registration…
identity-done-autoreg = Registration created: the IDs below are filled in and the secret is stored.

## What the scan's plan needs from the registration
registration-plan-heading = What your plan needs
registration-plan-relay = Overstap's relay on this server will send for: { $apps }. It signs in to Exchange Online as the application itself, without a password: choose "SMTP AUTH with OAuth, as the application itself (app-only)" below. One registration and one secret serve the relay for all of them.
registration-plan-relay-elsewhere = These applications will send through your relay or connector, which needs no registration from Overstap: { $apps }.
registration-plan-choose-smtp = Choose SMTP AUTH app-only for the relay
registration-plan-own = These applications sign in to Exchange Online themselves, in their own screen: { $apps }. Register them as their vendors' guides say (the Applications page has the steps); this registration can serve one of them, or Overstap's own test.
