## Pagina: Scan (de scan uitvoeren en de resultaten)
scan-registry-file = Registerexport (.reg)
scan-registry-default = leeg: het eerste .reg-bestand in de map
scan-snapshot-missing = Kies eerst de map met de momentopname.
scan-again = Opnieuw scannen
scan-running = Bezig met { $source }…
scan-running-items = { $done } items
scan-running-of = { $done } van { $total }
scan-cancelling = De scan wordt gestopt…
scan-cancelled-title = Scan afgebroken
scan-cancelled = Er is niets gewijzigd. Start de scan opnieuw wanneer u zover bent.
scan-failed-title = De scan kon niet starten
scan-no-windows-title = Deze computer heeft geen Windows-register of -schijven
scan-no-windows = { -product } draait hier niet op Windows, dus er is geen server om te lezen.
scan-no-windows-fix = Kies "Een momentopname van een server" en wijs een map aan die van de server van de klant is verzameld (C, D, ... plus een .reg-export).
scan-start-failed = De scan kon niet worden gestart: { $error }
scan-results-heading = Resultaten
scan-results-summary = { $apps ->
    [one] Eén applicatie gevonden
   *[other] { $apps } applicaties gevonden
}, { $findings ->
    [one] één mailinstelling
   *[other] { $findings } mailinstellingen
}.
scan-results-basic-auth = Exchange Online-basisverificatie is nog in gebruik: zie de applicaties met "Rechtstreeks Exchange Online".
scan-results-none = Niets op deze server gebruikt Exchange Online met basisverificatie.
scan-installed-line = Geïnstalleerd: { $name } { $version }
scan-installed-folder = in { $folder }
scan-where = Waar: { $where }
scan-value = Waarde: { $value }
scan-why = Waarom: { $text }
scan-open-folder = Map openen
scan-open-failed = De map kon niet worden geopend: { $error }
scan-errors-heading = { $count ->
    [one] Eén plek kon niet worden gelezen
   *[other] { $count } plekken konden niet worden gelezen
}
scan-errors-hint = De scan is zonder deze plekken verdergegaan. Controleer ze met de hand of verzamel ze opnieuw.
scan-error-line = { $source }: { $path } ({ $problem })

## Classificatie van een bevinding
scan-class-exo-direct = Rechtstreeks Exchange Online
scan-class-relay = Relay
scan-class-modern = Al moderne verificatie
scan-class-not-used = Niet gebruikt
scan-class-unknown = Onbekend

## Bronnen
scan-source-name-machine = de server
scan-source-name-uninstall = geïnstalleerde software
scan-source-name-iis = IIS
scan-source-name-ssrs = Reporting Services
scan-source-name-servicenext = ServiceNext
scan-source-name-smtp-service = IIS SMTP-service
scan-source-name-tasks = geplande taken
scan-source-name-services = Windows-services
scan-source-name-content = configuratiebestanden
scan-source-name-sql = SQL Server

## Problemen tijdens het scannen
scan-problem-permission-denied = geen toegang
scan-problem-not-a-file = geen gewoon bestand (een map, apparaat of pipe waar een bestand werd verwacht); niet gelezen
scan-problem-malformed-xml = geen geldige XML: { $detail }
scan-problem-encoding = onleesbare tekstcodering: { $detail }
scan-problem-malformed-registry = geen registerexport: { $detail }
scan-problem-io = { $detail }
scan-problem-no-windows = geen Windows-register of -schijven op deze computer
scan-problem-too-large = te groot voor een instellingenbestand ({ $size }, er wordt hooguit { $limit } gelezen); niet gelezen
scan-problem-outside-snapshot = verwijst naar een plek buiten de snapshotmap (via ".." of een koppeling); niet gelezen
scan-problem-internal = dit deel van de scan is gestopt door een interne fout ({ $detail }); de rest van de scan is doorgegaan. Meld dit bij uw leverancier van Overstap.

## Bewijs: waarom een bevinding zo is ingedeeld
scan-ev-iis-smtp = IIS-applicatie "{ $site }" verstuurt via { $host }, poort { $port }, gebruiker { $user }, { $password ->
    [yes] met een ingesteld wachtwoord
   *[no] zonder wachtwoord
}, { $ssl ->
    [yes] SSL aan
   *[no] SSL uit
}. System.Net.Mail kan geen OAuth gebruiken.
scan-ev-iis-pickup = IIS-applicatie "{ $site }" schrijft mail naar een map (deliveryMethod { $method }) in plaats van die via het netwerk te versturen.
scan-ev-iis-appsetting = IIS-applicatie "{ $site }" bevat een mailserver in de appSettings-sleutel "{ $key }".
scan-ev-iis-section-unread = IIS-applicatie "{ $site }" bewaart haar { $section }-instellingen in { $file }, dat niet gelezen kon worden: controleer dat bestand met de hand.
scan-ev-ssrs = De rapportserver verstuurt e-mailabonnementen via { $server } (verificatie: { $auth ->
    [none] geen
    [basic] gebruikersnaam en wachtwoord
    [ntlm] Windows (NTLM)
   *[other] onbekend
}, { $ssl ->
    [yes] SSL aan
   *[no] SSL uit
}). Reporting Services kent geen OAuth: gebruik een relay of connector.
scan-ev-smtpsvc = De IIS SMTP-service ({ $vserver }, service { $service ->
    [automatic] start automatisch
    [manual] start handmatig
    [disabled] is uitgeschakeld
    [not-installed] niet geïnstalleerd
   *[other] opstarttype onbekend
}) neemt mail aan op poort { $listen } en stuurt die door naar { $host }, poort { $port }, als gebruiker { $user } (RouteAction { $route-action }). Applicaties die naar deze server mailen, hangen ervan af.
scan-ev-smtpsvc-dns = De IIS SMTP-service ({ $vserver }) neemt mail aan op poort { $listen } en bezorgt die zelf via DNS, zonder smarthost.
scan-ev-smtpsvc-no-user = De IIS SMTP-service ({ $vserver }) stuurt door naar { $host }, poort { $port }, zonder gebruikersnaam: Exchange Online accepteert dat niet.
scan-ev-script = Het script verstuurt mail met { $call } via { $host }. Deze aanroep kent geen OAuth: een wachtwoord of de relay die het gebruikt, bepaalt wat er stopt.
scan-ev-task-sendemail = De geplande taak verstuurt zelf e-mail (actie "Een e-mailbericht verzenden") via { $host }. Windows heeft deze actie afgeschaft; ze gebruikt geen OAuth.
scan-ev-task-script-unread = De geplande taak start { $script }, dat niet gelezen kon worden: controleer het met de hand op mail.
scan-ev-ssrs-pickup = De rapportserver schrijft e-mail naar een pickup-map (SendUsing 1); hij maakt zelf geen verbinding met een mailserver.
scan-ev-servicenext-ews = HandleEmailSN.exe.config bevat nog de sleutel exchangeWebServiceUrl: de mailafhandeling meldt zich met een wachtwoord aan bij Exchange Web Services.
scan-ev-servicenext-oauth = HandleEmailSN.exe.config bevat OAuthExchangeService en geen exchangeWebServiceUrl: de mailafhandeling gebruikt al OAuth.
scan-ev-servicenext-neither = HandleEmailSN.exe.config bevat exchangeWebServiceUrl noch OAuthExchangeService: controleer de versie met de hand.
scan-ev-content-exo = Dit configuratiebestand noemt de Exchange Online-host { $host }.
scan-ev-content-smtp = Dit configuratiebestand stelt een mailserver in onder de sleutel "{ $key }".

## Bevindingen die in de checklist worden ingevuld
scan-summary-installed = Geïnstalleerd: { $name } (versie { $version }).
scan-summary-finding = { $class }: { $value } in { $where }
scan-summary-no-setting = De scan vond geen mailinstelling in bestanden; controleer de instellingen van de applicatie zelf met de hand.
scan-version-sufficient = Versie geschikt voor OAuth ({ $component }: minimaal { $minimum }).
scan-version-update-first = Eerst bijwerken: { $component } is ouder dan { $minimum }.
scan-version-check-by-hand = Controleer de versie met de hand: { $component } moet minimaal { $minimum } zijn.

## Opdrachtregel (overstap scan)
scan-col-application = Applicatie
scan-col-classification = Classificatie
scan-col-value = Waarde
scan-col-location = Locatie

## Wie een instelling gebruikt, en de afzenderketens via een lokale relay
scan-owner-site = site { $name }
scan-owner-task = geplande taak { $name } ({ $schedule }, als { $account })
scan-owner-service = service { $name } ({ $start ->
    [automatic] start automatisch
    [manual] start handmatig
    [disabled] uitgeschakeld
   *[other] { $start }
}, als { $account })
scan-used-by = Gebruikt door: { $owner }
scan-via = Verstuurt via { $relay } ({ $value }, { $class }): wie die relay aanpast, lost dit ook op.
scan-chains-heading = Afzenderketens via een relay op deze server
scan-chains-hint = Deze applicaties versturen naar een relay op deze server. Wat de relay doet, geldt voor allemaal.
scan-chain-relay = { $relay }: { $value } ({ $class }), voor { $count ->
    [one] één afzender
   *[other] { $count } afzenders
}
scan-col-owner = Gebruikt door
scan-summary-via = via { $relay } ({ $value }, { $class })
