# Overstap - Exchange Web Services (EWS) - RBAC for Applications: access to this one mailbox only (recommended)
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# What to know about this route, each with the Microsoft page that says so:
# - Autodiscover cannot be used on this route. Microsoft: “Currently, the AutoDiscover service can't be accessed when using RBAC Application roles.” Give the application the EWS address https://outlook.office365.com/EWS/Exchange.asmx directly, or choose the full_access_as_app route if it must use Autodiscover.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Do not add full_access_as_app under API permissions: granted in Entra it is unscoped and applies to every mailbox, and the scope in Exchange cannot narrow it.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Entra and Exchange permissions add up. Microsoft: “the assigned permissions are a union operation on the permissions from Microsoft Entra ID and the permissions assigned in Exchange Online RBAC”; an unscoped grant in Entra “results in no effective resource scoping”. If the permission was granted in Entra before, remove it there (API permissions, and the admin consent under Enterprise applications > the app > Permissions).
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Changes to the application's permissions take between 30 minutes and 2 hours to take effect (Exchange's cache); Test-ServicePrincipalAuthorization bypasses that cache, so it can show the result before a real send does.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Test-ServicePrincipalAuthorization checks only the Exchange side. Microsoft: “This method excludes permissions that might be granted separately in Microsoft Entra ID.” Check the Entra side as well: on the Registration page (list the Entra permissions), or under Enterprise applications > the app > Permissions.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
$mailbox = 'scanner@contoso.nl'

# Register the application in Exchange. -ObjectId is the Object ID of the ENTERPRISE APPLICATION
# (Entra admin center > Enterprise applications > the app > Overview), not the app registration's.
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# RBAC for Applications: a management scope that holds only this mailbox, and the application role assigned with that scope.
$scopeName = 'Overstap - ' + $mailbox
# The OPATH filter takes the address from a variable, with any single quote in it doubled (Microsoft's rule for recipient filters).
$opathMailbox = $mailbox -replace "'", "''"
$scopeFilter = "PrimarySmtpAddress -eq '$opathMailbox'"
New-ManagementScope -Name $scopeName -RecipientRestrictionFilter $scopeFilter
New-ManagementRoleAssignment -App $objectId -Role 'Application EWS.AccessAsApp' -CustomResourceScope $scopeName

# Check: the output must show the role for this mailbox with InScope True. It shows only what Exchange grants:
# permissions granted in Entra are not included (see the Registration page of Overstap, or Enterprise applications > the app > Permissions).
Test-ServicePrincipalAuthorization -Identity $objectId -Resource $mailbox

Disconnect-ExchangeOnline -Confirm:$false
