## How Exchange grants access: the routes of assets/access-routes.toml, their limits, and the
## checks of both sides (Exchange and Entra). Sources and quotes: docs/exchange-permissions.md.

registration-access-heading = How Exchange Online grants the application access
registration-access-intro = Microsoft documents these routes separately. Everything below (the portal steps, the automatic registration, the PowerShell, the consent and the test send) follows the route you choose here.
registration-access-limits-heading = What to know about this route
access-source = Microsoft: “{ $title }” ({ $date })
registration-access-old-title = Choose the route again
registration-access-old = This session was saved by an earlier version of { -product }. Its set-up for { $scenario } granted the Entra permission { $permission } with admin consent and also assigned the RBAC role { $role }, which Microsoft documents as two separate routes. Choose one below. If the old script was run, the check of the Entra permissions further down shows what is granted, and what to remove for the chosen route.
blocker-choose-access = Choose how Exchange Online grants the application access.

access-smtp-app-only-rbac = RBAC for Applications: access to this one mailbox only (recommended)
access-smtp-app-only-rbac-hint = No API permission in Entra. In Exchange: the service principal and the role Application SMTP.SendAsApp, scoped to the sending mailbox. Least privilege.
access-smtp-app-only-entra = Classic: SMTP.SendAsApp in Entra and full access to the mailbox
access-smtp-app-only-entra-hint = The application permission SMTP.SendAsApp with admin consent, the service principal in Exchange, and FullAccess on the sending mailbox (Add-MailboxPermission). For tenants where RBAC for Applications cannot be used.
access-graph-app-only-rbac = RBAC for Applications: Mail.Send for this one mailbox only
access-graph-app-only-rbac-hint = No API permission in Entra. In Exchange: the service principal and the role Application Mail.Send, scoped to the sending mailbox.
access-ews-rbac = RBAC for Applications: access to this one mailbox only (recommended)
access-ews-rbac-hint = No API permission in Entra. In Exchange: the service principal and the role Application EWS.AccessAsApp, scoped to the mailbox. Autodiscover does not work on this route.
access-ews-entra = full_access_as_app in Entra: every mailbox in the organisation
access-ews-entra-hint = The application permission full_access_as_app with admin consent gives access to all mailboxes. For applications that need Autodiscover. An Application Access Policy can restrict it (legacy).
access-smtp-imap-delegated-delegated = Delegated: the signed-in user's own mailbox
access-smtp-imap-delegated-delegated-hint = Delegated permissions SMTP.Send, IMAP.AccessAsUser.All and offline_access with admin consent; nothing is registered in Exchange.

## Limits (also written into the PowerShell as comments)
limit-rbac-no-entra-permission-smtp = Add no API permission to the app registration. Microsoft: “Refrain from adding any permissions to your application, as this process does not require any claims. Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions.”
limit-rbac-no-entra-permission-graph = Do not add Mail.Send under API permissions: granted in Entra it is unscoped and applies to every mailbox, and the scope in Exchange cannot narrow it.
limit-rbac-no-entra-permission-ews = Do not add full_access_as_app under API permissions: granted in Entra it is unscoped and applies to every mailbox, and the scope in Exchange cannot narrow it.
limit-rbac-union = Entra and Exchange permissions add up. Microsoft: “the assigned permissions are a union operation on the permissions from Microsoft Entra ID and the permissions assigned in Exchange Online RBAC”; an unscoped grant in Entra “results in no effective resource scoping”. If the permission was granted in Entra before, remove it there (API permissions, and the admin consent under Enterprise applications > the app > Permissions).
limit-rbac-propagation = Changes to the application's permissions take between 30 minutes and 2 hours to take effect (Exchange's cache); Test-ServicePrincipalAuthorization bypasses that cache, so it can show the result before a real send does.
limit-rbac-test-excludes-entra = Test-ServicePrincipalAuthorization checks only the Exchange side. Microsoft: “This method excludes permissions that might be granted separately in Microsoft Entra ID.” Check the Entra side as well: on the Registration page (list the Entra permissions), or under Enterprise applications > the app > Permissions.
limit-classic-object-ids = New-ServicePrincipal takes the Object ID of the Enterprise application, not the one of the app registration. Microsoft: “Using the incorrect Object ID will cause an authentication failure.”
limit-classic-service-principal-identity = Microsoft: “Different IDs are used during creation of the Exchange service principal and also later when granting mailbox permissions.” The script therefore grants the mailbox permission to the identity that Get-ServicePrincipal returns, as in Microsoft's example.
limit-classic-send-as = If the application sends as another address than this mailbox, that sender also needs Send As. Microsoft: “If you're trying to use Client Credential Grant Flow with SendAs, you need to grant SendAs permissions to the sender: Add-RecipientPermission.”
limit-classic-no-rbac-role = On this route access comes from the mailbox permission: with SMTP.SendAsApp in the token, Exchange checks mailbox permissions (Microsoft: “Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions”). No RBAC role is assigned.
limit-ews-autodiscover = Autodiscover cannot be used on this route. Microsoft: “Currently, the AutoDiscover service can't be accessed when using RBAC Application roles.” Give the application the EWS address https://outlook.office365.com/EWS/Exchange.asmx directly, or choose the full_access_as_app route if it must use Autodiscover.
limit-ews-tenant-wide = full_access_as_app granted in Entra is not scoped: the application can use every mailbox in the organisation. Microsoft calls Entra grants “unscoped”, and: “Microsoft Entra permissions can only be constrained using Application Access Policies.”
limit-ews-access-policy-legacy = The optional restriction is an Application Access Policy, which Microsoft calls legacy: “App Access Policies are replaced by Role Based Access Control for Applications. […] Don't create new App Access Policies as these policies will eventually require migration to Role Based Access Control for Applications.” Application Access Policies constrain only permissions granted in Entra.
limit-ews-access-policy-group = The policy's group must be a mail-enabled security group. Microsoft: “You can specify only security principals with this parameter”; distribution groups and shared mailboxes do not work (add shared mailboxes as members of a mail-enabled security group).
limit-ews-impersonation = The application must impersonate the mailbox it works on and send the X-AnchorMailbox header with its address. Microsoft: “When using impersonation you must always use the X-AnchorMailbox request header, which should be set to the SMTP address of the impersonated mailbox.”

## The Entra side, read through Microsoft Graph
entra-check-heading = The Entra side of the permissions
entra-check-intro = The check in the script shows only what Exchange grants. { -product } reads the application's Entra permissions through Microsoft Graph (an administrator signs in once, with read rights only) and compares them with this route.
entra-check-start = Sign in as administrator and list the Entra permissions
entra-check-needs = Look up the tenant and enter a valid client ID first.
entra-check-when = Read on { $when }
entra-check-granted = Granted with admin consent
entra-check-configured = Listed under API permissions
entra-check-none = none
entra-check-ok-title = The Entra side matches this route
entra-check-ok = Expected: { $expected }.
entra-check-extra-title = Granted in Entra but not part of this route: { $permissions }
entra-check-extra = Entra and RBAC permissions add up, so these apply to every mailbox whatever Exchange's scope says. Remove them under API permissions and revoke their admin consent (Enterprise applications > the app > Permissions).
entra-check-missing-title = Missing in Entra: { $permissions }
entra-check-missing = Add them under API permissions and grant admin consent (or use the Consent step), then check again.
entra-check-no-principal = There is no Enterprise application for this client ID in the tenant yet: nothing is granted in Entra.
identity-progress-entra-check = Reading the Entra permissions…
identity-done-entra-check = The Entra permissions have been read.

## Automatic registration that stopped halfway
autoreg-step-check = Reading back the Entra permissions
autoreg-partial-title = The automatic registration stopped halfway
autoreg-partial-made = Already created: the application “{ $name }” (client ID { $client }).
autoreg-partial-principal = Its Enterprise application exists (object ID { $object }).
autoreg-partial-secret-stored = Its client secret was created and is kept in the credential store (valid until { $date }).
autoreg-partial-secret-removed = Its client secret could not be stored, so { -product } deleted it from the application again: create a new one when you finish by hand.
autoreg-partial-secret-orphaned = Its client secret could be neither stored nor deleted: delete it under App registrations > “{ $name }” > Certificates & secrets.
autoreg-partial-cleanup = Either finish by hand with the steps below (the IDs are filled in), or remove the half-made registration: App registrations > “{ $name }” > Delete, which also removes its Enterprise application.

## Consent and the token's permissions
consent-rbac-nothing = On this route there is nothing to consent to in Entra: the application has no API permission, and Exchange grants access through the role assignment of the PowerShell.
consent-app-token-hint-rbac = The test token uses the stored client secret: it succeeds when the secret is right. Its permissions (roles) must be empty on this route.
token-roles = Permissions in the token (roles)
token-roles-none = none
token-roles-unreadable = (the token cannot be read)
consent-roles-extra-title = The token carries permissions granted in Entra: { $roles }
consent-roles-extra = This route grants access in Exchange, scoped to the mailbox. Entra and RBAC permissions add up, so these apply to every mailbox whatever the scope says. Remove them under API permissions and revoke their admin consent (Enterprise applications > the app > Permissions), then request a new token.
consent-roles-extra-smtp = On the RBAC route the token must carry no permission: Microsoft says the SMTP.SendAsApp claim triggers a check for mailbox permissions, which this route does not grant. Remove it under API permissions and revoke its admin consent (Enterprise applications > the app > Permissions), then request a new token.
consent-roles-missing-title = The token lacks { $roles }
consent-roles-missing = Admin consent for this permission is missing, or has not reached the token yet: grant admin consent above, then request a new token.

## Summary and report
summary-access = Access in Exchange Online
summary-entra = Entra permissions of the application
summary-entra-value = { $granted } (read on { $when })
summary-entra-extra = ; not part of the route, to remove: { $permissions }
summary-entra-missing = ; missing for the route: { $permissions }
summary-autoreg-incomplete = Automatic registration
summary-autoreg-incomplete-value = Stopped halfway: finish “{ $name }” (client ID { $client }) by hand, or delete it under App registrations.
