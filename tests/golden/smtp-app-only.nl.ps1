# Overstap - SMTP AUTH met OAuth, als de applicatie zelf (app-only)
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Registreer de applicatie in Exchange. -ObjectId is de object-ID van de BEDRIJFSTOEPASSING
# (Entra-beheercentrum > Bedrijfstoepassingen > de app > Overzicht), niet die van de app-registratie.
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# Geef de applicatie alleen toegang tot dit ene postvak (RBAC voor toepassingen).
New-ManagementScope -Name 'Overstap - scanner@contoso.nl' -RecipientRestrictionFilter "PrimarySmtpAddress -eq 'scanner@contoso.nl'"
New-ManagementRoleAssignment -App $appId -Role 'Application SMTP.SendAsApp' -CustomResourceScope 'Overstap - scanner@contoso.nl'

# Ouder alternatief in plaats van de roltoewijzing hierboven: volledige toegang tot het postvak.
# Add-MailboxPermission -Identity $mailbox -User $objectId -AccessRights FullAccess

# SMTP AUTH moet voor het postvak zijn toegestaan ($null volgt de instelling van de tenant).
Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false

# Controle: de uitvoer moet de rol voor dit postvak tonen met InScope True.
Test-ServicePrincipalAuthorization -Identity $appId -Resource $mailbox

Disconnect-ExchangeOnline -Confirm:$false
