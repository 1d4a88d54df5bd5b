# Overstap - Microsoft Graph sendMail, as the application itself (app-only)
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Register the application in Exchange. -ObjectId is the Object ID of the ENTERPRISE APPLICATION
# (Entra admin center > Enterprise applications > the app > Overview), not the app registration's.
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# Give the application access to this one mailbox only (RBAC for Applications).
New-ManagementScope -Name 'Overstap - scanner@contoso.nl' -RecipientRestrictionFilter "PrimarySmtpAddress -eq 'scanner@contoso.nl'"
New-ManagementRoleAssignment -App $appId -Role 'Application Mail.Send' -CustomResourceScope 'Overstap - scanner@contoso.nl'

# Permissions add up: if Mail.Send was granted as an application permission in Entra, remove it there,
# otherwise the application can still send as every mailbox.

# Legacy alternative (not for new set-ups): an application access policy on a mail-enabled security group.
# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId <mail-enabled-security-group> -AccessRight RestrictAccess -Description 'Overstap'

# Check: the output must show the role for this mailbox with InScope True.
Test-ServicePrincipalAuthorization -Identity $appId -Resource $mailbox

Disconnect-ExchangeOnline -Confirm:$false
