## Pagina: Welkom
welcome-title = Welkom bij { -product }
welcome-intro = { -product } zet de applicaties op deze server over van Exchange Online-basisverificatie (gebruikersnaam en wachtwoord via SMTP, IMAP, POP of EWS) naar OAuth 2.0 of Microsoft Graph. Het zoekt uit waar elke applicatie haar mailinstellingen bewaart, leidt u door de app-registratie in Entra ID, verstuurt een echt testbericht en eindigt met een overzicht voor het klantdossier.
welcome-deadline-title = Waarom nu
welcome-deadline = Basisverificatie voor IMAP, POP en EWS staat sinds oktober 2022 uit. Eind december 2026 zet Microsoft SMTP AUTH met wachtwoord standaard uit voor bestaande tenants: elke applicatie die nog met een wachtwoord via smtp.office365.com mailt, verstuurt dan niets meer.
welcome-language-heading = Taal
welcome-role-heading = Uw rol
welcome-role-admin = Ik beheer deze server
welcome-role-admin-hint = { -product } scant deze server en kan de nieuwe instellingen hier in de applicaties schrijven.
welcome-role-partner = Ik ben een partner en begeleid een klant op afstand
welcome-role-partner-hint = Bereid de registratie en de checklist voor; het overzicht en een geëxporteerde sessie (nooit geheimen) gaan naar de klant.
welcome-saved-heading = Eerder werk
welcome-saved-found = Op deze computer is een sessie van een eerdere keer bewaard. Er staan geen geheimen in.
welcome-resume = Verder met de bewaarde sessie
welcome-discard = Opnieuw beginnen en de sessie verwijderen

## Pagina: Scan
scan-title = Deze server scannen
scan-intro = Welke applicaties op deze server versturen of lezen mail, en waar staat dat ingesteld? { -product } kijkt in installatiemappen en configuratiebestanden, het register, IIS-sites, Reporting Services en SQL Server-databases, en zegt per instelling of die rechtstreeks Exchange Online gebruikt, via een relay loopt of al OAuth gebruikt.
scan-source-heading = Wat scannen
scan-source-this-server = Deze server
scan-source-this-server-hint = Leest de schijven en het register van de computer waarop { -product } draait.
scan-source-snapshot = Een momentopname van een server
scan-source-snapshot-hint = Een map die van de server van een klant is verzameld: één submap per stationsletter (C, D, ...) en een registerexport (.reg).
scan-snapshot-folder = Map met momentopname
scan-start = Scan starten
scan-skip = Scan overslaan: ik markeer de applicaties met de hand

## Pagina: Tenant en app-registratie
registration-title = Tenant en app-registratie
registration-intro = De applicaties melden zich bij Exchange Online aan met een app-registratie in de Entra ID-tenant van de klant. Kies hoe ze zich aanmelden en vul daarna de ID's van de registratie in.
registration-scenario-heading = Hoe melden de applicaties zich aan?
scenario-smtp-app-only = SMTP AUTH met OAuth, als de applicatie zelf (app-only)
scenario-smtp-app-only-hint = Voor applicaties die zonder gebruiker via smtp.office365.com versturen: scanners, ERP, rapporten. Vraagt een clientgeheim en de machtiging SMTP.SendAsApp.
scenario-smtp-imap-delegated = SMTP en IMAP namens een aangemelde gebruiker (gedelegeerd)
scenario-smtp-imap-delegated-hint = Een gebruiker meldt zich één keer aan; de applicatie bewaart een vernieuwingstoken. Machtigingen SMTP.Send, IMAP.AccessAsUser.All en offline_access. Geen clientgeheim.
scenario-graph-app-only = Microsoft Graph sendMail, als de applicatie zelf (app-only)
scenario-graph-app-only-hint = Voor applicaties die Graph ondersteunen (bijvoorbeeld Exact-updates met Modern Authentication). Vraagt een clientgeheim en Mail.Send, beperkt tot de postvakken die mogen versturen.
scenario-ews = Exchange Web Services (EWS)
scenario-ews-hint = Voor synchronisatie van contactpersonen, afspraken en taken (bijvoorbeeld ELIS Exchange Synchronization, AllSolutions). Vraagt een clientgeheim en full_access_as_app of EWS.AccessAsUser.All.
registration-ids-heading = Tenant en applicatie
registration-ids-where = Kopieer beide ID's uit het Entra-beheercentrum: App-registraties > uw app > Overzicht. "Map-id (tenant)" is de tenant-ID, "Toepassings-id (client)" is de client-ID.
registration-mail-domain = Maildomein
registration-tenant-id = Tenant-ID
registration-client-id = Client-ID
registration-same-ids-title = Tenant-ID en client-ID zijn gelijk
registration-same-ids = Op de overzichtspagina zijn het twee verschillende regels. Kopieer elke ID van zijn eigen regel.

## Pagina: Geheim
secret-title = Clientgeheim
secret-intro = App-only aanmelden en EWS vragen een clientgeheim: een wachtwoord van de app-registratie. Maak het aan in het Entra-beheercentrum onder Certificaten en geheimen > Clientgeheimen > Nieuw clientgeheim en plak daarna de waarde hier.
secret-not-needed-title = Geen clientgeheim nodig
secret-not-needed = Bij gedelegeerd aanmelden meldt de gebruiker zich zelf aan; de registratie is een openbare client en mag geen geheim gebruiken. Ga door naar de volgende stap.
secret-value-heading = De waarde van het geheim
secret-value-where = Kopieer de kolom "Waarde" direct na het aanmaken: de portal toont die maar één keer. De kolom "Geheim-id" ernaast is niet het geheim.
secret-value = Waarde van het geheim
secret-reveal = Tonen
secret-is-id-title = Dit is de ID van het geheim, niet de waarde
secret-is-id = Wat u hebt geplakt is een GUID, zoals in de kolom "Geheim-id". Daarmee kunnen applicaties zich niet aanmelden (fout AADSTS7000215).
secret-is-id-fix = Kopieer in plaats daarvan de kolom "Waarde". Wordt de waarde niet meer getoond, maak dan een nieuw clientgeheim aan: de portal toont een waarde maar één keer.
secret-expiry-heading = Vervaldatum
secret-expiry-why = Een clientgeheim is hooguit 24 maanden geldig. Kies wat u in de portal hebt gekozen, zodat het overzicht de klant op tijd kan herinneren.
secret-expiry-months = { $months } maanden
secret-expiry-custom = Andere datum
secret-expiry-date = Verloopt op
secret-expiry-unreadable = Geen datum: schrijf hem als 26-11-2028 of 2028-11-26.
secret-store = Geheim opslaan
    .disabled = Plak eerst de waarde van het geheim, kies de vervaldatum en vul op de registratiepagina beide ID's in.
secret-needs-ids = Het geheim wordt voor deze tenant en client opgeslagen: vul eerst beide ID's in bij de stap Registratie.
secret-store-failed-title = Het geheim kon niet worden opgeslagen
secret-store-failed = De referentieopslag weigerde het geheim. Er is nergens anders iets weggeschreven.
secret-store-failed-fix = Controleer dat u bent aangemeld als de gebruiker die de applicaties uitvoert en probeer het opnieuw.
secret-stored-title = Het geheim is opgeslagen
secret-stored = Het staat alleen voor deze sessie in het geheugen en wordt nooit naar schijf, het sessiebestand of het overzicht geschreven. Het overzicht toont alleen de vervaldatum.
secret-replace = Geheim vervangen
secret-replace-hint = Een nieuw geheim voor dezelfde registratie vraagt geen nieuwe toestemming.
secret-expires-on = Verloopt op { $date }
secret-expires-soon = Verloopt op { $date }: nog maar { $days } dagen. Plan de vernieuwing nu.
secret-expired = Verlopen op { $date }
secret-expiry-too-far = { $date } ligt meer dan 24 maanden vooruit; dat staat de portal niet toe.

## Pagina: Toestemming
consent-title = Toestemming
consent-intro = Voordat er tokens worden uitgegeven, moet de tenant instemmen met de machtigingen van de registratie: een beheerder verleent ze voor de hele organisatie, of de gebruiker meldt zich één keer aan.
consent-method-heading = Hoe toestemming geven
consent-method-browser = Aanmelden via de browser
consent-method-browser-hint = Opent de aanmeldpagina van Microsoft; na het aanmelden keert de browser terug naar { -product } op deze computer.
consent-method-device = Aanmelden met een code op een ander apparaat
consent-method-device-hint = Voor servers zonder bruikbare browser: open het getoonde adres op een willekeurig apparaat en voer de code in.
consent-method-admin = Beheerderstoestemming verlenen
consent-method-admin-hint = Een beheerder van de tenant keurt de toepassingsmachtigingen één keer goed voor de hele organisatie.
consent-start = Starten
consent-manual-title = Deze versie regelt de toestemming nog niet zelf
consent-manual = Verleen beheerderstoestemming in het Entra-beheercentrum: App-registraties > uw app > API-machtigingen > Beheerderstoestemming verlenen. Vink daarna het vakje hieronder aan.
consent-defer = Ik rond de toestemming later af (het overzicht toont haar als open)

## Pagina: Testbericht
test-send-title = Testbericht
test-send-intro = Het moment van de waarheid: verstuur een echt bericht via de nieuwe route en zie precies wat de server antwoordde.
test-send-addresses-heading = Adressen
test-send-from = Van postvak
test-send-to = Ontvanger
test-send-routes-heading = Te testen routes
test-send-route-smtp = SMTP AUTH met OAuth (smtp.office365.com, poort 587)
test-send-route-imap = IMAP met OAuth (outlook.office365.com, poort 993): controleer of het bericht aankomt
test-send-route-graph = Microsoft Graph sendMail
test-send-send = Testbericht versturen
test-send-manual-title = Deze versie verstuurt nog zelf geen testberichten
test-send-manual = Test vanuit de applicatie zelf nadat u de instellingen hebt aangepast, en noteer het resultaat op de pagina Applicaties.
test-send-defer = Ik test later (het overzicht toont dit als open)

## Pagina: Applicaties
applications-title = Applicaties
applications-intro = Per applicatie: waar de mailinstelling staat, wat u controleert en wat er moet veranderen. Vul Server, Bevindingen en Vereiste acties in en markeer de applicatie als N.v.t. of Gecontroleerd.

## Pagina: Overzicht
summary-title = Overzicht
summary-intro = Wat is gedaan en wat nog openstaat, voor het klantdossier. Het clientgeheim staat er nooit in.
summary-not-set = (niet ingevuld)
summary-role = Rol
summary-scan = Scan
summary-scan-skipped = Overgeslagen: applicaties met de hand gemarkeerd
summary-scan-finished = Afgerond: { $count } bevindingen
summary-scenario = Aanmeldmethode
summary-tenant-id = Tenant-ID
summary-client-id = Client-ID
summary-secret = Clientgeheim
summary-secret-not-needed = Niet nodig (gedelegeerd aanmelden)
summary-secret-expires = Opgeslagen, verloopt op { $date }
summary-consent = Toestemming
summary-test-send = Testbericht
summary-state-open = Open
summary-state-deferred = Bewust opengelaten
summary-applications = Applicaties
summary-col-application = Applicatie
summary-state-done = Afgerond op { $when }

## Pagina: Applicaties (de checklist)
applications-help = Algemene uitleg
applications-progress = { $checked } van { $total } gecontroleerd · { $na } n.v.t. · { $open } open
applications-detected = Gevonden op deze server
applications-others = Overige applicaties ({ $count })
app-status-open = Open
app-status-na = N.v.t.
app-status-checked = Gecontroleerd
app-status-heading = Status
app-vendor = Leverancier: { $vendor }
app-mail-out = Verstuurt mail
app-mail-in = Leest postvakken
app-consult-vendor = Raadpleeg de leverancier
app-follows = Gebruikt de mailinstelling van { $name }
app-follows-server = { $name } staat ingesteld op: { $server }
app-follows-open = Naar { $name }
app-where-heading = Waar de mailinstelling staat
app-steps-heading = Met de hand controleren
app-versions-heading = Versie-eisen
app-version-minimum = { $component }: minimaal { $minimum }
app-version-check = Waar u dat ziet: { $text }
app-version-below = Is het ouder: { $text }
app-fields-heading = Checklist
app-field-server = Server
app-field-findings = Bevindingen
app-field-actions = Vereiste acties
app-actions-from = Ingevuld vanuit de checklist voor "{ $outcome }". Pas het gerust aan: uw eigen tekst wordt nooit overschreven.
app-fill-actions = Vul de checklistacties in voor "{ $outcome }"
app-outcomes-heading = Vereiste acties per uitkomst
app-notes-heading = Opmerkingen van de leverancier
outcome-exo-direct = Rechtstreeks Exchange Online
outcome-relay = Via een relay
outcome-modern = Al moderne verificatie
outcome-not-used = Niet in gebruik
outcome-unknown = Onbekend
app-class-exo = Rechtstreeks Exchange Online: { $host }
app-class-exo-mx = Exchange Online via het MX-adres { $host } (direct send of een connector, geen SMTP AUTH)
app-class-relay = Relay: { $host }. IT moet nagaan of die naar Exchange Online doorstuurt en hoe die zich aanmeldt.
app-class-none = Geen server ingevuld
