# Overstap - Microsoft Graph sendMail, als de applicatie zelf (app-only) - RBAC voor toepassingen: Mail.Send voor alleen dit ene postvak
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Goed om te weten bij deze route, elk met de pagina van Microsoft die het zegt:
# - Voeg Mail.Send niet toe onder API-machtigingen: in Entra verleend is hij niet beperkt en geldt hij voor elk postvak, en het bereik in Exchange kan dat niet inperken.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Machtigingen uit Entra en Exchange tellen op. Microsoft: “the assigned permissions are a union operation on the permissions from Microsoft Entra ID and the permissions assigned in Exchange Online RBAC”; een onbeperkte machtiging in Entra “results in no effective resource scoping”. Is de machtiging eerder in Entra verleend, verwijder hem daar dan (API-machtigingen, en de beheerderstoestemming onder Bedrijfstoepassingen > de app > Machtigingen).
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Wijzigingen in de machtigingen van de applicatie worden pas na 30 minuten tot 2 uur actief (de cache van Exchange); Test-ServicePrincipalAuthorization slaat die cache over en kan het resultaat dus eerder tonen dan een echte verzending.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - Test-ServicePrincipalAuthorization controleert alleen de kant van Exchange. Microsoft: “This method excludes permissions that might be granted separately in Microsoft Entra ID.” Controleer ook de kant van Entra: op de pagina Registratie (de Entra-machtigingen laten ophalen), of onder Bedrijfstoepassingen > de app > Machtigingen.
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'
$mailbox = 'scanner@contoso.nl'

# Registreer de applicatie in Exchange. -ObjectId is de object-ID van de BEDRIJFSTOEPASSING
# (Entra-beheercentrum > Bedrijfstoepassingen > de app > Overzicht), niet die van de app-registratie.
New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'

# RBAC voor toepassingen: een beheerbereik met alleen dit postvak, en de toepassingsrol toegewezen met dat bereik.
$scopeName = 'Overstap - ' + $mailbox
# Het OPATH-filter haalt het adres uit een variabele, met elk enkel aanhalingsteken erin verdubbeld (de regel van Microsoft voor ontvangerfilters).
$opathMailbox = $mailbox -replace "'", "''"
$scopeFilter = "PrimarySmtpAddress -eq '$opathMailbox'"
New-ManagementScope -Name $scopeName -RecipientRestrictionFilter $scopeFilter
New-ManagementRoleAssignment -App $objectId -Role 'Application Mail.Send' -CustomResourceScope $scopeName

# Controle: de uitvoer moet de rol voor dit postvak tonen met InScope True. Ze toont alleen wat Exchange verleent:
# machtigingen uit Entra staan er niet in (zie de pagina Registratie van Overstap, of Bedrijfstoepassingen > de app > Machtigingen).
Test-ServicePrincipalAuthorization -Identity $objectId -Resource $mailbox

Disconnect-ExchangeOnline -Confirm:$false
