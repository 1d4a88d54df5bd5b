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
summary-changes = Doorgevoerde wijzigingen, met hun back-up
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
