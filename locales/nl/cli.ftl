## De opdrachtregel (src/cli/): hulp, fouten en afsluitcodes.
## Het blok "Command line" in de README wordt uit deze teksten gemaakt (Engels); zie tests/cli.rs.

cli-about = Overstap zet bedrijfsapplicaties over van Exchange Online-basisverificatie naar OAuth 2.0.
cli-heading-usage = Gebruik:
cli-heading-commands = Opdrachten:
cli-heading-options = Opties:
cli-heading-arguments = Argumenten:
cli-heading-exit = Afsluitcodes:
cli-heading-environment = Omgeving:
cli-error-more = Hulp: { $command } --help
cli-more-help = Meer over één opdracht: overstap OPDRACHT --help
cli-environment =
    OVERSTAP_RENDERER=wgpu|glow   gebruik één bepaalde grafische renderer
    OVERSTAP_CONFIG_DIR=MAP       bewaar instellingen en de opgeslagen sessie in MAP
    OVERSTAP_RELAY_DIR=MAP        de map van de relay (instellingen, wachtrij, logboek)
    OVERSTAP_SQL_PASSWORD=...     het wachtwoord van de SQL-login voor scan --sql, als het niet in de reeks staat

## Namen van waarden (in hoofdletters na een optie)
cli-value-dir = MAP
cli-value-file = BESTAND
cli-value-reg = BESTAND.reg
cli-value-out = UIT
cli-value-plan = PLAN.json
cli-value-sql = SERVER|VERBINDINGSREEKS
cli-value-name = NAAM
cli-value-relay = HOST:POORT
cli-value-port = N
cli-value-moment = MOMENT
cli-value-lang = nl|en
cli-value-action = ACTIE

## Wat elke opdracht doet
cli-window-about = open de wizard (--smoke: open het venster, teken enkele beelden en sluit het, om de grafische weergave te testen)
cli-scan-about = zoek de mailinstellingen van de applicaties op deze server (Windows), of in de momentopname van de server in MAP; een tabel, of JSON met --json; --sql voegt SQL Server-instanties toe
cli-plan-about = scan en plan hoe elke instelling verandert (JSON volgens overstap-plan/1 met --json)
cli-apply-about = schrijf de bestandswijzigingen van het plan (eerst een reservekopie); --dry-run toont ze alleen
cli-undo-about = maak ongedaan wat dat plan schreef, of, zonder --plan, de laatste apply
cli-report-about = het overzicht van een opgeslagen sessie: pdf, HTML, de herinnering voor het geheim (.ics) en/of platte tekst (alleen tekst als er geen bestand gevraagd is)
cli-relay-about = de lokale SMTP-relay die via OAuth aflevert; zonder actie: run
cli-relay-run-about = de relay op de voorgrond, tot hij gestopt wordt
cli-relay-status-about = de wachtrij van de relay voor scripts: actief, wachtend, opnieuw te proberen, onbestelbaar
cli-relay-install-about = installeer de relay als Windows-service OverstapRelay (als beheerder)
cli-relay-start-about = start de Windows-service
cli-relay-stop-about = stop de Windows-service
cli-relay-remove-about = verwijder de Windows-service
cli-relay-service-about = draai als Windows-service (gestart door het servicebeheer)

## Opties
cli-opt-help = toon deze hulp
cli-opt-version = toon de versie
cli-opt-lang = de taal van de uitvoer (en van de documenten van report); standaard: die van de instellingen of van het systeem
cli-opt-catalog = voeg catalogusitems toe of vervang ze met de .toml-bestanden van een partner in MAP
cli-opt-smoke = open het venster, teken enkele beelden en sluit het (test de grafische weergave)
cli-opt-root = scan de momentopname van de server in MAP in plaats van deze server
cli-opt-registry = de registerexport van de momentopname (standaard: het eerste .reg-bestand in MAP)
cli-opt-json = JSON voor scripts in plaats van de tabel
cli-opt-sql = doorzoek ook deze SQL Server-instantie (SERVER\INSTANTIE, SERVER,POORT of een ADO.NET-verbindingsreeks); herhaalbaar
cli-opt-sql-db = doorzoek ook elke tekstkolom van deze database (op elke --sql-instantie die hem heeft); herhaalbaar
cli-opt-sql-trust-cert = accepteer de certificaten van de SQL-servers zonder ze te controleren
cli-opt-relay = de relay waarlangs de applicaties gaan versturen (standaard: de relay van Overstap op deze server)
cli-opt-tls = de relay gebruikt TLS
cli-pos-plan = het plan dat overstap plan --json schreef
cli-opt-dry-run = toon de wijzigingen alleen, schrijf niets
cli-opt-backups = de map voor de reservekopieën (standaard: de reservekopiemap van de computer)
cli-opt-plan = maak ongedaan wat een apply van dit plan schreef
cli-opt-session = de opgeslagen sessie (een export, of de automatisch bewaarde in de map met instellingen)
cli-opt-pdf = schrijf het overzicht als pdf naar UIT
cli-opt-html = schrijf het overzicht als HTML naar UIT
cli-opt-ics = schrijf de herinnering voor het verlopen van het clientgeheim (.ics) naar UIT
cli-opt-text = toon de platte tekst (ook als er bestanden geschreven worden)
cli-opt-at = dateer de documenten (RFC 3339, bijv. 2026-11-26T14:00:00+01:00), zodat elke run hetzelfde oplevert; standaard: nu
cli-opt-dir = de map van de relay (standaard: OVERSTAP_RELAY_DIR, anders die van de computer)
cli-opt-hold = alleen aannemen en in de wachtrij zetten, niets afleveren
cli-opt-port = luister op poort N in plaats van die uit de instellingen (0: een willekeurige vrije poort)
cli-opt-status-json = JSON voor scripts in plaats van regels sleutel: waarde

## Afsluitcodes: wat elke code betekent, in het algemeen en per opdracht
cli-exit-ok = klaar
cli-exit-attention = klaar, en er is iets om op te letten
cli-exit-error = er is niets gedaan: een verkeerd argument, of de invoer kon niet gelezen worden
cli-exit-smoke-page = --smoke: het venster werkte, maar de pagina uit OVERSTAP_SMOKE_WAIT_FOR werd niet bereikt
cli-exit-window-ok = het venster ging open (en met --smoke weer dicht)
cli-exit-window-error = het venster kon niet geopend worden (de reden staat op stderr)
cli-exit-window-smoke-page = het venster werkte, maar toonde de pagina uit OVERSTAP_SMOKE_WAIT_FOR nooit
cli-exit-scan-ok = niets gebruikt Exchange Online-basisverificatie
cli-exit-scan-attention = iets wel (een vondst met de classificatie exo-direct)
cli-exit-scan-error = er kon niets gescand worden (geen Windows hier, map bestaat niet)
cli-exit-plan-ok = het plan staat op de uitvoer
cli-exit-plan-error = niets om een plan van te maken (geen scandoel, een verkeerde relay)
cli-exit-apply-ok = elke wijziging geschreven (of getoond, met --dry-run)
cli-exit-apply-attention = iets werd geweigerd of mislukte, en is gelaten zoals het was
cli-exit-apply-error = er kon niets beginnen (plan bestaat niet, geen reservekopiemap)
cli-exit-undo-ok = alles ongedaan gemaakt
cli-exit-undo-attention = iets werd geweigerd of mislukte, en is gelaten zoals het was
cli-exit-undo-error = er kon niets beginnen (plan bestaat niet, geen reservekopieën)
cli-exit-report-ok = elk document geschreven
cli-exit-report-attention = geen herinnering: de sessie bevat geen clientgeheim met een vervaldatum
cli-exit-report-error = geen sessiebestand, of een document kon niet geschreven worden
cli-exit-relay-ok = de actie is uitgevoerd (run: de relay is gestopt)
cli-exit-relay-attention = de actie op de service mislukte
cli-exit-relay-error = de relay kon niet starten (geen map, verkeerde instellingen)

## Fouten
cli-error-unknown = onbekend argument: { $arg }
cli-error-missing-value = { $arg } heeft een waarde nodig
cli-error-missing = { $command } heeft { $args } nodig
cli-error-bad-value = { $arg } neemt { $expected }, niet "{ $value }"
cli-word-or = of
cli-error-conflict = { $arg } kan niet samen met { $other }
cli-error-registry-without-root = --registry heeft --root nodig: een registerexport hoort bij een momentopname-map
cli-error-sql-without-sql = --sql-db en --sql-trust-cert hebben --sql nodig: noem de SQL Server-instantie
cli-error-lang-window = --lang kiest de taal van de opdrachtregel; de taal van de wizard kiest u in het venster
cli-error-alone = { $arg } staat alleen: geen ander argument erbij
cli-error-other = de opdrachtregel kon niet gelezen worden ({ $detail })
cli-expect-port = een poortnummer van 0 tot 65535
cli-expect-at = een moment zoals 2026-11-26T14:00:00+01:00 (RFC 3339)

## Wat overstap relay zegt (de regel "listening on ADRES" blijft zoals hij is: scripts lezen hem)
cli-relay-no-dir = Geen map voor de relay: geef --dir MAP of stel OVERSTAP_RELAY_DIR in.
cli-relay-not-started = De relay is niet gestart: { $error }
cli-relay-not-a-service = Niet gestart door het servicebeheer: { $error }
cli-relay-action-failed = overstap relay { $action } is mislukt: { $error }
cli-relay-install-done = De Windows-service OverstapRelay is geïnstalleerd.
cli-relay-start-done = De Windows-service OverstapRelay is gestart.
cli-relay-stop-done = De Windows-service OverstapRelay is gestopt.
cli-relay-remove-done = De Windows-service OverstapRelay is verwijderd, met zijn kopie van het clientgeheim en zijn instellingen. Berichten die nog in de wachtrij staan, blijven in de relaymap.
