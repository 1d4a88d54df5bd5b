## Het kader om elke pagina: kop, stappenbalk, navigatie, gedeelde onderdelen.

-product = Overstap
app-name = { -product }
app-tagline = Exchange Online: van basisverificatie naar OAuth 2.0
app-file-problem = Overstap kon uw instellingen of sessiebestand niet opslaan. Uw werk in dit venster gaat niet verloren.
app-autosave-unreadable = De automatisch opgeslagen sessie van de vorige keer kon niet worden gelezen; Overstap begint daarom opnieuw.
internal-error = Dit hoort niet te gebeuren. Kopieer de details en stuur ze naar uw leverancier van Overstap ({ $detail }).

header-language = Taal
    .tooltip = Wissel de taal van alle pagina's tegelijk. Overstap onthoudt uw keuze.

header-help = Hulp
    .tooltip = De algemene uitleg van de checklist, naast elke pagina.
help-close = Sluiten

## Stapnamen (kort, voor de stappenbalk)
page-welcome = Welkom
page-scan = Scan
page-registration = Registratie
page-secret = Geheim
page-consent = Toestemming
page-test-send = Testbericht
page-applications = Applicaties
page-summary = Overzicht

step-of = Stap { $current } van { $total }
step-current = U bent hier.
step-done = Afgerond. Klik om naar deze stap terug te gaan.
step-open = Niets ontbreekt vóór deze stap. Klik om erheen te gaan.
step-blocked = Rond eerst stap { $number } ({ $page }) af: { $reason }

nav-back = Vorige
    .tooltip = Vorige stap (Esc). Wat u hebt ingevuld blijft bewaard.
nav-next = Volgende
    .tooltip = Volgende stap (Enter)
nav-finished = Dit is de laatste stap.

## Wat een pagina nog nodig heeft voor Volgende
blocker-choose-role = Kies uw rol.
blocker-scan-not-run = Voer de scan uit, of vink aan dat u de applicaties met de hand markeert.
blocker-choose-scenario = Kies hoe de applicaties zich bij Exchange Online aanmelden.
blocker-tenant-id-missing = Vul de tenant-ID in.
blocker-tenant-id-invalid = De tenant-ID is geen geldige GUID.
blocker-client-id-missing = Vul de client-ID (toepassings-ID) in.
blocker-client-id-invalid = De client-ID is geen geldige GUID.
blocker-same-ids = Tenant-ID en client-ID zijn gelijk: een van beide is van de verkeerde regel gekopieerd.
blocker-secret-not-stored = Plak de waarde van het clientgeheim en sla die op.
blocker-secret-expiry-missing = Vul in wanneer het clientgeheim verloopt.
blocker-secret-expiry-too-far = De vervaldatum ligt meer dan 24 maanden vooruit; controleer de datum in de portal.
blocker-secret-expired = Het clientgeheim is verlopen: maak een nieuw geheim aan in de portal.
blocker-consent-open = Rond de toestemming af, of vink aan dat u die later geeft.
blocker-test-send-open = Verstuur een testbericht, of vink aan dat u later test.

## Gedeelde onderdelen
widget-copy = Kopiëren
    .tooltip = Kopieer deze waarde naar het klembord
widget-copied = Gekopieerd
widget-copy-details = Details kopiëren voor een supportmelding
widget-cancel = Annuleren
widget-browse = Bladeren…
    .tooltip = Kies met een venster. U kunt het pad ook typen of plakken.
widget-save-folder = Opslaan in map
dialog-title-session = Kies het sessiebestand
dialog-filter-session = Overstap-sessie (.json)
dialog-title-snapshot = Kies de map met de momentopname van de server
dialog-title-registry = Kies de registerexport van de momentopname
dialog-filter-registry = Registerexport (.reg)
dialog-title-catalog = Kies de catalogusmap van de partner
dialog-title-folder = Kies de map om in op te slaan

## Geplakte GUID's (tenant-ID, client-ID)
guid-ok = Geldig: { $guid }
guid-error-empty = Leeg.
guid-error-length = { $found } hexadecimale tekens in plaats van 32: een deel van de waarde ontbreekt of staat er dubbel.
guid-error-character = Het teken "{ $character }" hoort niet in een ID. Hebt u een naam gekopieerd in plaats van de ID?
guid-error-dashes = De streepjes staan op de verkeerde plaats (verwacht 8-4-4-4-12 tekens).

## Buiten het venster
window-failed = Overstap kon zijn venster niet openen. Wat is geprobeerd:
window-failed-fix = Controleer bij Extern bureaublad of het grafische stuurprogramma is geïnstalleerd, of probeer OVERSTAP_RENDERER=wgpu. Stuur deze tekst naar uw partner als het probleem blijft.
## Bestanden die u opslaat of opent (scripts, documenten, instellingen, catalogus)

file-error-not-found = Op { $path } staat niets: de map of het bestand bestaat niet (meer).
file-error-permission = Windows staat dit account niet toe { $path } te openen of te schrijven. Kies een map waarin u mag schrijven, of vraag de rechten aan.
file-error-full = De schijf van { $path } is vol (of uw quotum is op). Maak ruimte vrij of kies een andere map.
file-error-read-only = { $path } staat op een schijf die alleen gelezen kan worden. Kies een andere map.
file-error-other = { $path } kon niet worden gebruikt ({ $detail }).
catalog-error-invalid = Fouten in de catalogusbestanden ({ $count }):
    { $problems }
pdf-error-font = Het lettertype in Overstap kon niet worden gelezen; de pdf is niet gemaakt.
pdf-error-write = De pdf kon niet worden gemaakt ({ $detail }).
