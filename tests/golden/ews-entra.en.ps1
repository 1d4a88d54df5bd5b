# Overstap - Exchange Web Services (EWS) - full_access_as_app in Entra: every mailbox in the organisation
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# What to know about this route, each with the Microsoft page that says so:
# - full_access_as_app granted in Entra is not scoped: the application can use every mailbox in the organisation. Microsoft calls Entra grants “unscoped”, and: “Microsoft Entra permissions can only be constrained using Application Access Policies.”
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - The optional restriction is an Application Access Policy, which Microsoft calls legacy: “App Access Policies are replaced by Role Based Access Control for Applications. […] Don't create new App Access Policies as these policies will eventually require migration to Role Based Access Control for Applications.” Application Access Policies constrain only permissions granted in Entra.
#   Microsoft: “New-ApplicationAccessPolicy” (2026-05-15) https://learn.microsoft.com/powershell/module/exchangepowershell/new-applicationaccesspolicy
# - The policy's group must be a mail-enabled security group. Microsoft: “You can specify only security principals with this parameter”; distribution groups and shared mailboxes do not work (add shared mailboxes as members of a mail-enabled security group).
#   Microsoft: “New-ApplicationAccessPolicy” (2026-05-15) https://learn.microsoft.com/powershell/module/exchangepowershell/new-applicationaccesspolicy
# - The application must impersonate the mailbox it works on and send the X-AnchorMailbox header with its address. Microsoft: “When using impersonation you must always use the X-AnchorMailbox request header, which should be set to the SMTP address of the impersonated mailbox.”
#   Microsoft: “Authenticate an EWS application by using OAuth” (2020-11-25) https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Done in Entra first: the application permission full_access_as_app with admin consent (the portal steps and the Consent step of Overstap).
# Nothing to register in Exchange on this route: full_access_as_app is granted in Entra with admin consent and covers every mailbox in the organisation.

# Optional, legacy: restrict full_access_as_app to the members of a mail-enabled security group with an
# Application Access Policy. Microsoft no longer recommends new policies (see above); remove the # to use it.
# $policyGroup = '<mail-enabled-security-group@domain>'
# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId $policyGroup -AccessRight RestrictAccess -Description 'Overstap'
# Check (with the policy): Test-ApplicationAccessPolicy shows whether the policy lets the application reach this mailbox.
# Test-ApplicationAccessPolicy -Identity $mailbox -AppId $appId

Disconnect-ExchangeOnline -Confirm:$false
