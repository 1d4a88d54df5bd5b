# Overstap - SMTP AUTH with OAuth, as the application itself (app-only) - Classic: SMTP.SendAsApp in Entra and full access to the mailbox
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# What to know about this route, each with the Microsoft page that says so:
# - New-ServicePrincipal takes the Object ID of the Enterprise application, not the one of the app registration. Microsoft: “Using the incorrect Object ID will cause an authentication failure.”
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - Microsoft: “Different IDs are used during creation of the Exchange service principal and also later when granting mailbox permissions.” The script therefore grants the mailbox permission to the identity that Get-ServicePrincipal returns, as in Microsoft's example.
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - If the application sends as another address than this mailbox, that sender also needs Send As. Microsoft: “If you're trying to use Client Credential Grant Flow with SendAs, you need to grant SendAs permissions to the sender: Add-RecipientPermission.”
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - On this route access comes from the mailbox permission: with SMTP.SendAsApp in the token, Exchange checks mailbox permissions (Microsoft: “Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions”). No RBAC role is assigned.
#   Microsoft: “Configure SMTP onboarding to App RBAC” (2025-10-17) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/smtp-app-rbac-onboarding

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
$mailbox = 'scanner@contoso.nl'

# Done in Entra first: the application permission SMTP.SendAsApp with admin consent (the portal steps and the Consent step of Overstap).

# Register the application in Exchange. -ObjectId is the Object ID of the ENTERPRISE APPLICATION
# (Entra admin center > Enterprise applications > the app > Overview), not the app registration's.
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# Give the Exchange service principal full access to this mailbox. Its identity comes from Get-ServicePrincipal:
# Exchange uses different IDs at creation and when granting mailbox permissions.
$exoServicePrincipal = Get-ServicePrincipal -Identity $appId
Add-MailboxPermission -Identity $mailbox -User $exoServicePrincipal.Identity -AccessRights FullAccess

# SMTP AUTH must be allowed for the mailbox ($null would follow the tenant setting).
Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false

# Check: the service principal must be listed with FullAccess.
Get-MailboxPermission -Identity $mailbox | Format-Table User, AccessRights, IsInherited

Disconnect-ExchangeOnline -Confirm:$false
