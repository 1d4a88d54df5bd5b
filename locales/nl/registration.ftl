## Pagina: Tenant en app-registratie (portalstappen, ID's, PowerShell)

registration-tenant-heading = Tenant van de klant
registration-portal-heading = De applicatie registreren in Entra ID
registration-open-portal = Open dit in het Entra-beheercentrum
registration-tenant-mismatch-title = Deze tenant-ID is niet de tenant van het maildomein
registration-tenant-mismatch = { $domain } hoort bij tenant { $tenant }. Kopieer de map-id (tenant) opnieuw, of zoek het juiste domein op.
registration-check-client = Controleren of de client-ID in deze tenant bestaat
    .tooltip = Vraagt het tokeneindpunt van Microsoft naar deze client-ID, zonder geheim. Een onbekende ID geeft AADSTS700016.
registration-object-ids-title = Twee verschillende object-ID's
registration-object-ids = Exchange heeft de object-ID van de bedrijfstoepassing nodig (Bedrijfstoepassingen > de app > Overzicht), niet de object-ID op de overzichtspagina van de app-registratie en niet de toepassings-ID (client). Die verwisselen is de meest voorkomende reden dat SMTP met OAuth mislukt (535 5.7.3).
registration-enterprise-object-id = Object-ID van de bedrijfstoepassing
registration-object-id-is-other-id = Dit is de client-ID of de tenant-ID: kopieer in plaats daarvan de object-ID bij Bedrijfstoepassingen.
registration-mailbox = Postvak dat verstuurt
registration-mailbox-invalid = Geen mailadres.
registration-script-heading = Exchange Online PowerShell
registration-script-intro = Voer dit één keer uit als Exchange-beheerder. Het registreert de applicatie in Exchange en geeft haar alleen toegang tot dit ene postvak (RBAC voor toepassingen), en controleert daarna het resultaat.
registration-script-intro-entra = Voer dit één keer uit als Exchange-beheerder. Het doet het Exchange-deel van deze route en controleert daarna het resultaat.
registration-script-intro-delegated = Voer dit één keer uit als Exchange-beheerder: het zorgt dat SMTP AUTH en IMAP voor het postvak zijn toegestaan.
registration-script-save = Opslaan als .ps1
registration-script-saved = Opgeslagen: { $path }
registration-script-open-folder = Map openen
registration-script-save-failed = Het script kon niet worden opgeslagen
registration-script-save-failed-fix = Kopieer het in plaats daarvan met de knop Kopiëren, of controleer de vrije ruimte en de rechten van de gekozen map.

identity-progress-check-client = Client-ID controleren…
identity-done-check-client = De client-ID bestaat in deze tenant.

blocker-tenant-mismatch = De tenant-ID is niet de tenant van het maildomein.
blocker-object-id = De object-ID van de bedrijfstoepassing is de client-ID of de tenant-ID.
blocker-mailbox-invalid = Het verzendende postvak is geen mailadres.

## Portalstappen
portal-step-new = Open App-registraties > Nieuwe registratie. Geef een naam die zegt waarvoor hij dient, en kies het accounttype voor één tenant.
portal-value-name = Naam
portal-value-account-type = Ondersteunde accounttypen
portal-step-redirect = Voeg onder Verificatie een platform toe en vul de omleidings-URI precies zo in, zonder poort: de aanmelding van Overstap en de beheerderstoestemming keren daarnaar terug op deze computer.
portal-value-platform = Platform
portal-value-redirect-uri = Omleidings-URI
portal-step-public-client = Sta onder Verificatie > Geavanceerde instellingen openbare clientstromen toe: aanmelden met een code op een ander apparaat heeft dat nodig.
portal-value-public-client = Instelling
portal-step-permissions = Voeg onder API-machtigingen > Een machtiging toevoegen precies deze machtigingen toe.
portal-value-api = API
portal-value-application-permission = Toepassingsmachtiging
portal-value-delegated-permission = Gedelegeerde machtiging
portal-step-no-permissions = Voeg onder API-machtigingen geen machtiging toe: bij deze route heeft de applicatie er in Entra geen nodig, en Exchange geeft toegang tot het ene postvak met de PowerShell hieronder. De opmerkingen bij deze route zeggen wat een machtiging die u hier toevoegt, zou doen.
portal-step-admin-consent = Klik op de pagina API-machtigingen op "Beheerderstoestemming verlenen voor" uw organisatie (of gebruik de stap Toestemming).
portal-step-secret = Kies onder Certificaten en geheimen > Clientgeheimen > Nieuw clientgeheim een vervaltermijn (hooguit 24 maanden) en kopieer direct de Waarde: de portal toont die maar één keer.
portal-value-secret-expiry = Verloopt
portal-step-ids = Kopieer op de pagina Overzicht "Toepassings-id (client)" en "Map-id (tenant)" naar de velden hieronder.
portal-step-enterprise-object-id = Open Bedrijfstoepassingen > dezelfde app > Overzicht en kopieer de object-ID naar het veld hieronder.

## PowerShell-commentaar
ps-run-as = Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).
ps-connect = Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
ps-limits = Goed om te weten bij deze route, elk met de pagina van Microsoft die het zegt:
ps-entra-permissions = Eerst in Entra gedaan: de toepassingsmachtiging { $permissions } met beheerderstoestemming (de portalstappen en de stap Toestemming van Overstap).
ps-service-principal =
    Registreer de applicatie in Exchange. -ObjectId is de object-ID van de BEDRIJFSTOEPASSING
    (Entra-beheercentrum > Bedrijfstoepassingen > de app > Overzicht), niet die van de app-registratie.
ps-scope = RBAC voor toepassingen: een beheerbereik met alleen dit postvak, en de toepassingsrol toegewezen met dat bereik.
ps-scope-filter = Het OPATH-filter haalt het adres uit een variabele, met elk enkel aanhalingsteken erin verdubbeld (de regel van Microsoft voor ontvangerfilters).
ps-full-access =
    Geef de Exchange-service-principal volledige toegang tot dit postvak. De identiteit komt uit Get-ServicePrincipal:
    Exchange gebruikt bij het aanmaken andere ID's dan bij het verlenen van postvakmachtigingen.
ps-nothing-in-exchange = Bij deze route hoeft in Exchange niets te worden geregistreerd: full_access_as_app is in Entra verleend met beheerderstoestemming en geldt voor elk postvak van de organisatie.
ps-access-policy =
    Optioneel, verouderd: beperk full_access_as_app tot de leden van een beveiligingsgroep met mail met een
    toegangsbeleid voor toepassingen. Microsoft raadt nieuwe beleidsregels af (zie boven); haal de # weg om het te gebruiken.
ps-smtp-auth = SMTP AUTH moet voor het postvak zijn toegestaan ($null volgt de instelling van de tenant).
ps-check-rbac =
    Controle: de uitvoer moet de rol voor dit postvak tonen met InScope True. Ze toont alleen wat Exchange verleent:
    machtigingen uit Entra staan er niet in (zie de pagina Registratie van Overstap, of Bedrijfstoepassingen > de app > Machtigingen).
ps-check-mailbox-permission = Controle: de service-principal moet met FullAccess in de lijst staan.
ps-check-access-policy = Controle (met het beleid): Test-ApplicationAccessPolicy laat zien of het beleid de applicatie bij dit postvak toelaat.
ps-delegated = Sta SMTP AUTH en IMAP toe voor het postvak en toon daarna het resultaat.

## Automatische registratie
registration-auto-heading = Automatisch registreren
registration-auto-intro = Een beheerder (globale beheerder of toepassingsbeheerder die toestemming mag verlenen) meldt zich één keer aan in de browser; Overstap maakt daarna de registratie aan via Microsoft Graph: de applicatie (één tenant), de bedrijfstoepassing, het clientgeheim, en de Entra-machtigingen van de gekozen route met de beheerderstoestemming daarvoor (geen bij een RBAC-route). Daarna leest het terug wat Entra verleent. Het geheim gaat direct naar de referentieopslag; niemand krijgt het te zien.
registration-auto-secret-months = Geheim geldig voor
registration-auto-start = Aanmelden als beheerder en de registratie aanmaken
registration-auto-needs-tenant = Zoek eerst de tenant op.
registration-auto-or-manual = Of volg zelf de stappen hieronder in het Entra-beheercentrum.
autoreg-step-sign-in = Beheerder meldt zich aan
autoreg-step-application = Applicatie aanmaken
autoreg-step-service-principal = Bedrijfstoepassing aanmaken
autoreg-step-secret = Clientgeheim aanmaken
autoreg-step-permissions = Machtigingen toevoegen en beheerderstoestemming verlenen
identity-progress-autoreg = Registratie aanmaken…
identity-done-autoreg = Registratie aangemaakt: de ID's hieronder zijn ingevuld en het geheim is opgeslagen.

## Wat het plan van de scan van de registratie vraagt
registration-plan-heading = Wat uw plan nodig heeft
registration-plan-relay = De relay van Overstap op deze server gaat versturen voor: { $apps }. Die meldt zich bij Exchange Online aan als de applicatie zelf, zonder wachtwoord: kies hieronder "SMTP AUTH met OAuth, als de applicatie zelf (app-only)". Eén registratie en één clientgeheim dienen de relay voor al deze applicaties.
registration-plan-relay-elsewhere = Deze applicaties gaan versturen via uw relay of connector, waarvoor Overstap geen registratie nodig heeft: { $apps }.
registration-plan-choose-smtp = SMTP AUTH app-only kiezen voor de relay
registration-plan-own = Deze applicaties melden zich zelf aan bij Exchange Online, in hun eigen scherm: { $apps }. Registreer ze zoals de handleidingen van hun leveranciers zeggen (de pagina Applicaties heeft de stappen); deze registratie kan één daarvan dienen, of de eigen test van Overstap.
