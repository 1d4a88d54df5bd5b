# Overstap - Exchange Web Services (EWS) - full_access_as_app in Entra: elk postvak van de organisatie
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Goed om te weten bij deze route, elk met de pagina van Microsoft die het zegt:
# - full_access_as_app, in Entra verleend, is niet beperkt: de applicatie kan elk postvak van de organisatie gebruiken. Microsoft noemt machtigingen uit Entra “unscoped”, en: “Microsoft Entra permissions can only be constrained using Application Access Policies.”
#   Microsoft: “Role Based Access Control for Applications in Exchange Online” (2025-11-25) https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
# - De optionele beperking is een toegangsbeleid voor toepassingen, dat Microsoft verouderd noemt: “App Access Policies are replaced by Role Based Access Control for Applications. […] Don't create new App Access Policies as these policies will eventually require migration to Role Based Access Control for Applications.” Een toegangsbeleid beperkt alleen machtigingen die in Entra zijn verleend.
#   Microsoft: “New-ApplicationAccessPolicy” (2026-05-15) https://learn.microsoft.com/powershell/module/exchangepowershell/new-applicationaccesspolicy
# - De groep van het beleid moet een beveiligingsgroep met mail zijn. Microsoft: “You can specify only security principals with this parameter”; distributiegroepen en gedeelde postvakken werken niet (maak gedeelde postvakken lid van een beveiligingsgroep met mail).
#   Microsoft: “New-ApplicationAccessPolicy” (2026-05-15) https://learn.microsoft.com/powershell/module/exchangepowershell/new-applicationaccesspolicy
# - De applicatie moet zich voordoen als het postvak waarin ze werkt (impersonation) en de header X-AnchorMailbox met het adres daarvan meesturen. Microsoft: “When using impersonation you must always use the X-AnchorMailbox request header, which should be set to the SMTP address of the impersonated mailbox.”
#   Microsoft: “Authenticate an EWS application by using OAuth” (2020-11-25) https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Eerst in Entra gedaan: de toepassingsmachtiging full_access_as_app met beheerderstoestemming (de portalstappen en de stap Toestemming van Overstap).
# Bij deze route hoeft in Exchange niets te worden geregistreerd: full_access_as_app is in Entra verleend met beheerderstoestemming en geldt voor elk postvak van de organisatie.

# Optioneel, verouderd: beperk full_access_as_app tot de leden van een beveiligingsgroep met mail met een
# toegangsbeleid voor toepassingen. Microsoft raadt nieuwe beleidsregels af (zie boven); haal de # weg om het te gebruiken.
# $policyGroup = '<mail-enabled-security-group@domain>'
# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId $policyGroup -AccessRight RestrictAccess -Description 'Overstap'
# Controle (met het beleid): Test-ApplicationAccessPolicy laat zien of het beleid de applicatie bij dit postvak toelaat.
# Test-ApplicationAccessPolicy -Identity $mailbox -AppId $appId

Disconnect-ExchangeOnline -Confirm:$false
