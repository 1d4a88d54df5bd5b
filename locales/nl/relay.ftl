## Het onbestelbaar-bericht van de relay (naar de afzender van de applicatie)
relay-bounce-subject = Onbestelbaar: { $subject }
relay-bounce-body =
    De Overstap-relay kon uw bericht "{ $subject }" (wachtrijnummer { $id }) niet afleveren bij: { $recipients }.
    Reden: { $reason }
    De beheerder van deze server vindt het bericht in de map met onbestelbare berichten van de relay.

## Pagina: Testbericht, het relay-paneel
relay-heading = Overstap-relay voor applicaties die geen OAuth kunnen
relay-intro = Sommige applicaties (IIS-sites met System.Net.Mail, Reporting Services, Database Mail, de IIS SMTP-service, scanners) zullen nooit met OAuth aanmelden. Laat ze in plaats daarvan naar de Overstap-relay op deze server sturen: die neemt hun mail aan, bewaart elk bericht op schijf tot Exchange Online het heeft, en levert het af met het app-only-token van deze registratie.
relay-state-none = Niet ingericht
relay-state-stopped = Ingericht, draait niet
relay-state-running = Draait op { $listen }
relay-queue = Wachtrij: { $waiting } wachtend, { $retrying } opnieuw te proberen, { $dead } onbestelbaar
relay-listen = Luisteradres
relay-port = Poort
relay-allowed = Andere toegestane clients
relay-route-smtp = Afleveren met SMTP AUTH (XOAUTH2)
relay-route-smtp-hint = Het bericht gaat ongewijzigd naar Exchange Online, tot 35 MB. SMTP AUTH moet voor het postvak aan staan.
relay-route-graph = Afleveren met Microsoft Graph sendMail
relay-route-graph-hint = Geen SMTP AUTH nodig; berichten tot 4 MB (grotere worden met een duidelijke reden geweigerd).
relay-rewrite = Mail van andere afzenders versturen als { $mailbox } (de oorspronkelijke afzender wordt het antwoordadres); anders weigert de relay ze
relay-install = Instellingen opslaan en installeren
relay-start = Starten
relay-stop = Stoppen
relay-remove = Verwijderen
relay-no-service = Op dit systeem draait de relay niet als Windows-service: start hem met "overstap relay run" (onder systemd of in een terminal).
relay-needs-admin = Voor installeren, starten en verwijderen van de relay zijn beheerdersrechten nodig.
relay-needs-admin-fix = Start Overstap opnieuw als beheerder; uw sessie blijft bewaard.
relay-needs-tenant = Zoek eerst de tenant op en vul de client-ID in op de pagina Registratie.
relay-needs-mailbox = Vul hierboven het afzenderpostvak in: de relay verstuurt als dit postvak.
relay-bad-listen = Het luisteradres is geen IP-adres (bijvoorbeeld 127.0.0.1).
relay-bad-port = De poort is geen getal tussen 1 en 65535.
relay-bad-allowed = Een toegestane client is geen IP-adres en ook geen bereik zoals 192.168.10.0/24.
relay-open-relay = Een ander adres dan 127.0.0.1 vraagt om toegestane clients, anders kan iedereen via de relay versturen.
relay-smtp-cloud = Afleveren via SMTP is hier alleen bekend voor de wereldwijde cloud: kies Microsoft Graph.
relay-busy-refresh = De toestand van de relay wordt gelezen...
relay-busy-install = De instellingen worden opgeslagen en de relay wordt geïnstalleerd...
relay-busy-start = De relay wordt gestart...
relay-busy-stop = De relay wordt gestopt...
relay-busy-remove = De relay wordt verwijderd...
relay-busy-send-test = Het testbericht gaat via de relay...
relay-failed-refresh = De toestand van de relay kon niet worden gelezen
relay-failed-install = Het installeren van de relay is mislukt
relay-failed-start = Het starten van de relay is mislukt
relay-failed-stop = Het stoppen van de relay is mislukt
relay-failed-remove = Het verwijderen van de relay is mislukt
relay-failed-send-test = De test via de relay is mislukt
relay-send-test = Test via de relay versturen
relay-test-body = Dit bericht ging via de Overstap-relay op { $listen } en werd met OAuth afgeleverd.
relay-test-sending = Het testbericht wordt aan de relay gegeven...
relay-test-following = De relay heeft het bericht aangenomen ({ $id }); wachten op Exchange Online...
relay-test-ok-title = Afgeleverd via de relay
relay-test-ok = De relay heeft het testbericht aangenomen en afgeleverd bij Exchange Online (wachtrijnummer { $id }). Applicaties die naar de relay sturen, versturen nu met OAuth.
relay-test-dead-title = De relay kon de test niet afleveren
relay-test-dead = Bericht { $id } staat in de map met onbestelbare berichten van de relay. Reden: { $reason }
relay-test-waiting-title = De test staat nog in de wachtrij van de relay
relay-test-waiting = Bericht { $id } wacht al { $seconds } seconden; de relay blijft het proberen. Laatste fout: { $error }
relay-test-refused-title = De relay heeft het testbericht niet aangenomen
