## Voorinstellingen voor applicaties met een eigen OAuth-inrichting (AllSolutions, combit CRM, KING ERP)

## Pagina: Registratie — de keuze van een voorinstelling
preset-heading = Voorinstelling voor een bekende applicatie
preset-none = Geen voorinstelling: ik kies het scenario zelf
preset-none-hint = Voor de applicaties van de checklist en alles wat aanmeldt met een eigen app-registratie.
preset-allsolutions = AllSolutions (Exchange Web Services)
preset-allsolutions-hint = Synchroniseert contactpersonen, taken en afspraken via EWS, met OAuth 2.0 vanaf versie 22.0.10. Per AllSolutions-omgeving één Web-registratie voor één tenant, met een clientgeheim.
preset-combit-crm = combit CRM (SMTP en eMail Autopilot)
preset-combit-crm-hint = Verstuurt via SMTP; de eMail Autopilot leest POP3/IMAP. Service Pack 11.006 of later; elk protocol krijgt een eigen interactieve toestemming. Geen clientgeheim.
preset-king-erp = KING ERP (Microsoft 365 SMTP of Graph API OAuth2)
preset-king-erp-hint = Meldt aan via de app van de leverancier, "KING Software SendEmail": geen eigen registratie, hooguit een beheerderstoestemming.

preset-allsolutions-scenario-title = Vast door de voorinstelling: Exchange Web Services, gedelegeerd
preset-allsolutions-scenario = Het account uit Parameters AllSolutions (MZZPAR) meldt één keer aan; AllSolutions bewaart het vernieuwingstoken. De app-registratie krijgt vooraf geen API-machtigingen: AllSolutions vraagt ze bij de autorisatie.
preset-combit-crm-scenario-title = Vast door de voorinstelling: SMTP en IMAP namens een aangemelde gebruiker
preset-combit-crm-scenario = Dezelfde interactieve aanmelding die combit CRM gebruikt. Met een eigen registratie test Overstap SMTP en IMAP voor het postvak voordat u combit omzet.
preset-king-erp-scenario-title = Vast door de voorinstelling: de app van de leverancier, geen eigen registratie
preset-king-erp-scenario = KING ERP haalt zijn tokens zelf op via "KING Software SendEmail" (Quadrant Automatisering B.V.). Overstap heeft alleen de tenant nodig, om de beheerderstoestemming uit te leggen.

## AllSolutions
preset-allsolutions-environment-heading = AllSolutions-omgeving
preset-allsolutions-environment-why = AllSolutions wil per omgeving een aparte app-registratie. Doorloop deze stappen één keer voor productie en, als u de koppeling daar test, nog een keer voor acceptatie (bewaar per omgeving een sessie).
preset-environment-production = Productie
preset-environment-production-hint = Naam van de registratie: AllSolutions Exchange synchronisatie (productie).
preset-environment-acceptance = Acceptatie
preset-environment-acceptance-hint = Naam van de registratie: AllSolutions Exchange synchronisatie (acceptatie). Test de omzetting hier eerst.
preset-allsolutions-app-domain = AllSolutions-domein
preset-allsolutions-redirect = Omleidings-URI
preset-allsolutions-redirect-same = Vul precies deze waarde in, zowel in Entra ID als in het veld 'Redirect URL' van AllSolutions; elk verschil breekt de koppeling.
preset-domain-not-https = Het adres begint met { $scheme }: Entra accepteert voor een webadres alleen https.
preset-domain-path = Vul alleen de hostnaam in, zonder pad zoals /jsonhandler.ashx; Overstap voegt dat toe.
preset-domain-port = Vul alleen de hostnaam in, zonder poort.
preset-domain-user = Vul alleen de hostnaam in, zonder gebruikersnaam.
preset-domain-not-domain = "{ $value }" is geen domeinnaam (bijvoorbeeld crm.contoso.nl).
preset-allsolutions-checks-heading = Vóór de toestemming: twee controles
preset-allsolutions-upn-title = Het veld Exchange account moet de UPN bevatten
preset-allsolutions-upn = In Gebruikers (MGEBRU) moet het veld Exchange account van iedere gebruiker de User Principal Name bevatten, niet alleen het mailadres. Vaak zijn die gelijk, maar niet altijd. Waar ze verschillen, stopt AllSolutions zonder melding met synchroniseren voor die gebruiker. Het script hieronder zet UPN naast primair SMTP-adres; vergelijk de kolom UserPrincipalName met het veld en kijk naar de regels waar UpnIsMail False is.
preset-allsolutions-imap-title = IMAP (poort 993) moet aan staan
preset-allsolutions-imap = AllSolutions ondersteunt OAuth alleen samen met secure IMAP via poort 993. Het script hieronder toont IMAP voor het account uit MZZPAR en zet het aan.
preset-allsolutions-sync-users = Exchange accounts van de gebruikers (één per regel; leeg = alle gebruikersmailboxen)
preset-allsolutions-sync-users-invalid = Geen mailadressen, weggelaten uit het script: { $lines }
preset-allsolutions-account = Account in MZZPAR (Exchange Webservice)
preset-allsolutions-values-heading = Waar elke waarde in AllSolutions komt
preset-allsolutions-milscn = Importlocaties Documenten (MILSCN) > nieuwe importlocatie van het type EWS. Vul deze velden in en sla op met Opslaan + Overzicht:
preset-value-not-yet = (nog niet bekend)
preset-milscn-client-id = Application (client) ID
preset-milscn-authorize = Veld 'OAuth 2.0 authorization endpoint' (v2)
preset-milscn-token = Veld 'OAuth 2.0 token endpoint' (v2)
preset-milscn-redirect = Veld 'Redirect URL'
preset-milscn-secret = Veld 'Client secret': de waarde van het clientgeheim dat u op de volgende pagina kopieert (nooit de geheim-id).
preset-allsolutions-mzzpar = Open daarna een extra sessie (uw gebruikersnaam rechtsboven) met Parameters AllSolutions (MZZPAR), onderdeel Exchange Webservice, noteer de gebruiker en het wachtwoord die tot nu toe werden gebruikt, en stel in:
preset-mzzpar-method = Authentication method
preset-mzzpar-interface = Interface voor EWS: kies met de i-button de nieuwe EWS-importlocatie. Sla op.
preset-allsolutions-mfa-title = Meervoudige verificatie of voorwaardelijke toegang op het account
preset-allsolutions-mfa = Vraagt het MZZPAR-account om meervoudige verificatie (MFA), dan kan een beleid voor voorwaardelijke toegang de toestemming of de synchronisatie blokkeren (AADSTS53003, 50076). Maak of wijzig een beleid met een uitzondering voor deze app of dit account, en houd die uitzondering zo smal mogelijk. AllSolutions meldt zich alleen aan met een clientgeheim, nooit met een certificaat.
preset-allsolutions-script-intro = Voer dit uit als Exchange-beheerder: het zet voor de gebruikers de UPN naast het primaire SMTP-adres en zet IMAP aan voor het account uit MZZPAR.
preset-allsolutions-step-new = Open App-registraties > Nieuwe registratie. Gebruik deze naam, het accounttype voor één tenant en onder Omleidings-URI het platform Web met precies dit adres.
preset-allsolutions-step-no-permissions = Voeg geen API-machtigingen toe: AllSolutions vraagt ze aan wanneer het de autorisatiecode opvraagt.
preset-allsolutions-step-secret = Kies onder Certificaten en geheimen > Clientgeheimen > Nieuw clientgeheim een looptijd en kopieer direct de waarde: de portal toont die maar één keer.
preset-allsolutions-step-endpoints = Kopieer op de pagina Overzicht de Toepassings-id (client) en de Map-id (tenant) naar de velden hieronder. Gebruik de v2-eindpunten (knop Eindpunten): Overstap toont ze hieronder.
preset-allsolutions-secret-title = AllSolutions ziet niet wanneer dit clientgeheim verloopt
preset-allsolutions-secret = Overstap legt de vervaldatum vast en herinnert u eraan in het Overzicht. Verloopt het clientgeheim, dan stopt de synchronisatie. Een nieuw clientgeheim kunt u altijd invullen in de EWS-importlocatie (MILSCN), zonder nieuwe toestemming.
preset-allsolutions-consent-heading = AllSolutions autoriseren (in AllSolutions, niet in Overstap)
preset-allsolutions-consent-open = Open in Importlocaties Documenten (MILSCN) de EWS-locatie, klik met de rechtermuisknop op de link in het veld Request an authorization code en open die in een privévenster (incognito).
preset-allsolutions-consent-account = Meld daar alleen aan met het account uit Parameters AllSolutions (MZZPAR). Met een ander account werkt de koppeling niet.
preset-allsolutions-consent-check = Controleer de naam van de app en de gevraagde rechten en accepteer. U komt uit op een lege pagina: sluit die.
preset-allsolutions-consent-admin = Geen knop om te accepteren? Dan mag het account dit niet goedkeuren. Vraag een beheerder om toegang te verlenen; de instelling staat onder Bedrijfstoepassingen > Toestemming en machtigingen. Herhaal daarna de stappen.
preset-allsolutions-consent-result = Open de EWS-locatie opnieuw: het veld met het vernieuwingstoken moet nu een waarde tonen (AllSolutions laat alleen de eerste 50 tekens zien). Ook te zien in Entra bij de gebruiker > Toepassingen.
preset-allsolutions-consent-admin-where = Instelling voor toestemming
preset-allsolutions-consent-admin-path = Bedrijfstoepassingen > Toestemming en machtigingen
preset-allsolutions-new-secret-title = Het clientgeheim later vervangen
preset-allsolutions-new-secret = Een nieuw clientgeheim (ook vóór het oude verloopt) vult u alleen in bij de EWS-importlocatie (MILSCN): opnieuw autoriseren is niet nodig.
preset-allsolutions-consent-done = AllSolutions toont een vernieuwingstoken in de EWS-locatie

## combit CRM
preset-combit-crm-guide-title = Zo zet u combit CRM om (Service Pack 11.006 of later)
preset-combit-crm-guide = Zet in de SMTP-instellingen van combit CRM OAuth2 aan: er opent een toestemmingsvenster, meld aan met het Exchange Online-account en geef de combit-software de machtigingen; maak daarna het opgeslagen wachtwoord leeg. In de eMail Autopilot start elk protocol (POP3/IMAP, en SMTP voor doorsturen) een eigen aanmelding zodra u het vinkje zet; een token dat al voor SMTP is gemaakt, wordt zonder nieuwe vraag hergebruikt. Wis ook daar de opgeslagen wachtwoorden. De eMail Autopilot heeft hiervoor een cRM-Script-object nodig.
preset-combit-crm-consent-title = combit CRM vraagt zijn eigen toestemming
preset-combit-crm-consent = De aanmelding hieronder test SMTP en IMAP met de registratie van Overstap. Het toestemmingsvenster van combit zelf geeft toestemming aan de app van combit; mogen gebruikers in deze tenant geen toestemming geven, dan keurt een beheerder die goed onder Bedrijfstoepassingen > Toestemming en machtigingen.

## KING ERP
preset-king-erp-no-registration-title = Geen eigen app-registratie nodig
preset-king-erp-no-registration = KING ERP gebruikt de app "KING Software SendEmail" van Quadrant Automatisering B.V. Er is geen client-ID of clientgeheim aan te maken. Afhankelijk van de inrichting van de tenant moet de gebruiker eerst toestemming vragen aan de systeembeheerder: de stap Toestemming zegt hoe dat in KING gaat.
preset-king-erp-choice-heading = Wat u in KING ERP kiest
preset-king-erp-where = Organisatie > Bedrijfsgegevens > tab E-mail server, veld Soort:
preset-king-erp-choose = Kies
preset-king-erp-why-graph = Waarom Graph: het verstuurt zonder SMTP AUTH, dat Microsoft voor bestaande tenants vanaf eind december 2026 standaard uitzet, en er hoeft geen SMTP-poort naar internet open.
preset-king-erp-when-smtp = Kies alleen "Microsoft 365 SMTP OAuth2" als uw beheerder de mail via SMTP wil laten lopen; SMTP AUTH moet dan voor dit postvak toegestaan blijven.
preset-king-erp-no-secret = KING ERP meldt aan met de app van de leverancier: er is geen eigen clientgeheim. Ga verder naar de volgende stap.
preset-king-erp-consent-heading = Toestemming voor KING Software SendEmail
preset-king-erp-consent-why = Klikt u in KING op 'Authenticeren' en daarna op 'Goedkeuring aanvragen', dan vraagt Microsoft de machtigingen voor "KING Software SendEmail" te accepteren. Afhankelijk van de inrichting van de tenant moet de gebruiker eerst toestemming vragen aan de systeembeheerder binnen het bedrijf (zo zegt de handleiding van KING het).
preset-king-erp-consent-app = App
preset-king-erp-consent-in-king = In KING, op de tab E-mail server: 'Authenticeren', aanmelden met het verzendende adres, 'Goedkeuring aanvragen' en de machtigingen accepteren. Daarna toont de tab de status: de datum van de authenticatie, wanneer het vernieuwingstoken ('Refresh token') is vernieuwd en hoe lang het toegangstoken ('Access token') geldig is. 'Verwijderen' haalt de authenticatie weg; 'Status' haalt de status opnieuw op.
preset-king-erp-consent-done = De machtigingen zijn geaccepteerd; KING toont de status
preset-king-erp-status-heading = Vernieuwingstoken (via de knop 'Status')
preset-king-erp-status = Het vernieuwingstoken is { $days } dagen geldig en wordt bij elke mail die KING verstuurt vernieuwd. Vul de vernieuwingsdatum in die KING toont, dan berekent Overstap de laatste dag.
preset-king-erp-refresh-renewed = Vernieuwingstoken vernieuwd op
preset-king-erp-deadline = Zonder mail opnieuw authenticeren vóór { $date } (dagen over: { $days })
preset-king-erp-rarely-title = Mailt deze KING-installatie zelden?
preset-king-erp-rarely = Na { $days } dagen zonder enige mail verloopt het vernieuwingstoken en moet iemand opnieuw op 'Authenticeren' klikken. Plan een controle met 'Status', of verstuur minstens eens per { $days } dagen een mail vanuit KING.

## Wat een pagina nog nodig heeft
blocker-choose-environment = Kies de AllSolutions-omgeving (productie of acceptatie).
blocker-app-domain-missing = Vul het domein van de AllSolutions-omgeving in.
blocker-app-domain-invalid = Het AllSolutions-domein is geen geldige https-hostnaam.

## Overzicht
summary-preset = Voorinstelling voor applicatie
summary-preset-environment = AllSolutions-omgeving
summary-preset-done = In de applicatie
summary-preset-allsolutions-done = Web-registratie met de omleidings-URI hierboven; waarden ingevuld in MILSCN; MZZPAR op OAuth 2.0; geautoriseerd met het MZZPAR-account. AllSolutions ziet de vervaldatum van het clientgeheim niet: onthoud de datum hieronder.
summary-preset-combit-crm-done = OAuth2 aangezet voor SMTP en per protocol in de eMail Autopilot; opgeslagen wachtwoorden gewist; cRM-Script-object aanwezig.
summary-preset-king-erp-done = 'Soort' op een OAuth2-keuze gezet; geauthenticeerd via KING Software SendEmail; machtigingen geaccepteerd, met toestemming van de systeembeheerder waar de tenant die vraagt.
preset-king-erp-refresh = Vernieuwingstoken van KING
preset-king-erp-refresh-unknown = Verloopt { $days } dagen na de laatst verstuurde mail; vernieuwingsdatum niet ingevuld.
summary-vendor-app = Niet nodig (app van de leverancier)

## PowerShell-commentaar (AllSolutions-controles)
ps-allsolutions-upn =
    Het veld Exchange account in Gebruikers (MGEBRU) moet de UPN bevatten. Vergelijk het met de kolom
    UserPrincipalName; waar UpnIsMail False is, is het mailadres niet de UPN.
ps-allsolutions-upn-all = Geen gebruikers opgegeven: alle gebruikersmailboxen.
ps-allsolutions-graph = Dezelfde lijst via Microsoft Graph (Graph Explorer, machtiging User.Read.All):
ps-allsolutions-imap = AllSolutions ondersteunt OAuth alleen met IMAP via poort 993: zet IMAP aan voor het account uit MZZPAR.
