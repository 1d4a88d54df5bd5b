## Pagina: Overzicht — het ene overzichtsmodel dat de pagina, het HTML-rapport, de pdf, de
## tekstkopie en `overstap report` allemaal tonen

summary-overview = Stand van zaken
summary-open-items = Nog te doen
summary-nothing-open = Er staat niets meer open.
summary-open-applications = { $count ->
    [one] 1 applicatie nog niet gecontroleerd of als n.v.t. gemarkeerd: { $names }
   *[other] { $count } applicaties nog niet gecontroleerd of als n.v.t. gemarkeerd: { $names }
}
summary-scan-this-server = deze server
summary-scan-snapshot = momentopname { $path }
summary-scan-where = , { $source }, { $when }
summary-secret-soon = ; nog { $days } dagen: vernieuw het nu
summary-secret-expired = ; verlopen: maak een nieuw geheim aan
summary-secret-elsewhere = Opgeslagen op de computer waar deze sessie vandaan komt, verloopt op { $date }
summary-token = Token
summary-token-value = { $kind }; account: { $account }; toestemming op { $consented }; vernieuwingstoken laatst vernieuwd: { $refresh }
summary-changes = Wijzigingen in de mailinstellingen
summary-change-what = Wijziging
summary-change-place = Waar
summary-change-backup = Back-up van de oude waarde
summary-change-no-backup = geen back-up

## Documenten
summary-pdf-save = Pdf opslaan
summary-print = Afdrukken
    .tooltip = Slaat de pdf op in de map hierboven en geeft hem aan de printer (op Windows het afdrukvenster van uw pdf-programma; elders opent de pdf zodat u van daaruit afdrukt).
summary-copy-text = Kopiëren als tekst
    .tooltip = Het overzicht als platte tekst op het klembord, voor een melding of een mail.
summary-copied-text = Gekopieerd: plak het in een melding of een mail.
summary-printed = Opgeslagen en naar de printer gestuurd: { $path }
summary-print-opened = Opgeslagen en geopend om af te drukken: { $path }
summary-print-failed = Het overzicht kon niet worden afgedrukt
summary-print-failed-fix = Sla de pdf op en druk hem af vanuit uw pdf-programma.
summary-save-failed = Het document kon niet worden opgeslagen

## Afgedrukte pagina's (HTML-rapport, pdf, tekstkopie)
report-col-na = N.v.t.
report-col-checked = Gecontroleerd
report-open-marker = te doen
report-page-of = Pagina { $page } van { $pages }
report-footer = Overstap { $version } · { $when }

## Opdrachtregel: overstap report
report-cli-written = Geschreven: { $path }
report-cli-no-ics = Geen herinnering geschreven: de sessie bevat geen clientgeheim met een vervaldatum.
report-cli-failed = { $path } kon niet worden geschreven: { $error }

## De wijzigingen van het plan op het Overzicht ($key: de instelling, $before/$after: de waarde ervoor en erna)
summary-change-written = { $key }: { $before } -> { $after }, geschreven en gecontroleerd op { $date }
summary-change-undone = { $key }: ongedaan gemaakt op { $date }, terug naar { $before }
summary-change-failed = { $key }: niet geschreven ({ $before } blijft): { $reason }
summary-change-planned = { $key }: { $before } -> { $after }, gepland, nog niet geschreven
summary-change-by-hand = { $key }: { $before } -> { $after }, met de hand te doen: { $route }
summary-change-by-hand-checked = { $key }: { $before } -> { $after }, met de hand gedaan ({ $route }) en gecontroleerd
summary-change-undo = Een wijziging van Overstap ongedaan maken: klik bij die wijziging op de pagina Applicaties op Ongedaan maken, of voer op deze server "overstap undo" uit (dat zet de oorspronkelijke bytes terug uit de back-up, en weigert als het bestand na het schrijven door Overstap is gewijzigd).

## De relay op het Overzicht
summary-relay = Overstap-relay
summary-relay-service = ; Windows-service: { $state }
summary-relay-service-not-installed = niet geïnstalleerd
summary-relay-service-stopped = gestopt
summary-relay-service-starting = wordt gestart
summary-relay-service-stopping = wordt gestopt
summary-relay-service-running = actief
summary-relay-service-other = onderbroken of een andere status
summary-relay-dead = ; { $count ->
    [one] 1 bericht kon niet worden afgeleverd (map met onbestelbare berichten)
   *[other] { $count } berichten konden niet worden afgeleverd (map met onbestelbare berichten)
}
summary-relay-untested = Er is nog geen testbericht via de relay verstuurd.
summary-relay-test-delivered = Test op { $when }: afgeleverd bij Exchange Online (wachtrij-id { $detail })
summary-relay-test-dead = Test op { $when }: niet afgeleverd: { $detail }
summary-relay-test-waiting = Test op { $when }: staat nog in de wachtrij; laatste fout: { $detail }
summary-relay-test-refused = Test op { $when }: de relay heeft het niet aangenomen: { $detail }
