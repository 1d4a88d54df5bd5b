# Overstap - SMTP AUTH met OAuth, als de applicatie zelf (app-only) - Klassiek: SMTP.SendAsApp in Entra en volledige toegang tot het postvak
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Goed om te weten bij deze route, elk met de pagina van Microsoft die het zegt:
# - New-ServicePrincipal krijgt de object-ID van de bedrijfstoepassing, niet die van de app-registratie. Microsoft: “Using the incorrect Object ID will cause an authentication failure.”
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - Microsoft: “Different IDs are used during creation of the Exchange service principal and also later when granting mailbox permissions.” Daarom geeft het script de postvakmachtiging aan de identiteit die Get-ServicePrincipal teruggeeft, zoals in het voorbeeld van Microsoft.
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - Verstuurt de applicatie als een ander adres dan dit postvak, dan heeft die afzender ook Verzenden als nodig. Microsoft: “If you're trying to use Client Credential Grant Flow with SendAs, you need to grant SendAs permissions to the sender: Add-RecipientPermission.”
#   Microsoft: “Authenticate an IMAP, POP or SMTP connection using OAuth” (2021-09-21) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
# - Bij deze route komt de toegang uit de postvakmachtiging: met SMTP.SendAsApp in het token controleert Exchange de postvakmachtigingen (Microsoft: “Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions”). Er wordt geen RBAC-rol toegewezen.
#   Microsoft: “Configure SMTP onboarding to App RBAC” (2025-10-17) https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/smtp-app-rbac-onboarding

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
$mailbox = 'scanner@contoso.nl'

# Eerst in Entra gedaan: de toepassingsmachtiging SMTP.SendAsApp met beheerderstoestemming (de portalstappen en de stap Toestemming van Overstap).

# Registreer de applicatie in Exchange. -ObjectId is de object-ID van de BEDRIJFSTOEPASSING
# (Entra-beheercentrum > Bedrijfstoepassingen > de app > Overzicht), niet die van de app-registratie.
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# Geef de Exchange-service-principal volledige toegang tot dit postvak. De identiteit komt uit Get-ServicePrincipal:
# Exchange gebruikt bij het aanmaken andere ID's dan bij het verlenen van postvakmachtigingen.
$exoServicePrincipal = Get-ServicePrincipal -Identity $appId
Add-MailboxPermission -Identity $mailbox -User $exoServicePrincipal.Identity -AccessRights FullAccess

# SMTP AUTH moet voor het postvak zijn toegestaan ($null volgt de instelling van de tenant).
Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false

# Controle: de service-principal moet met FullAccess in de lijst staan.
Get-MailboxPermission -Identity $mailbox | Format-Table User, AccessRights, IsInherited

Disconnect-ExchangeOnline -Confirm:$false
