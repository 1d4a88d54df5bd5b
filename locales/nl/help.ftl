## Help: general guidance

help-title = Hulp: van basisverificatie naar moderne verificatie

help-exo-what = 
    Exchange Online is de maildienst van Microsoft 365 in de cloud. Microsoft schakelt daar basisverificatie uit: aanmelden met alleen een gebruikersnaam en wachtwoord via SMTP, IMAP, POP of EWS.
    Gebruikt een organisatie Exchange Online, dan moeten applicaties die zo mailen overstappen op moderne verificatie (OAuth 2.0 of Microsoft Graph). Zonder Exchange Online zijn er, voor zover nu bekend, geen problemen.

help-recognise = 
    Kijk naar het serveradres in de mailinstelling van de applicatie. Staat daar smtp.office365.com, dan mailt de applicatie vrijwel zeker rechtstreeks met Exchange Online. Dat geldt ook voor outlook.office365.com en voor adressen die eindigen op mail.protection.outlook.com.
    Een andere computernaam of een IP-adres wijst meestal op een relay.
    Per postvak toont het rapport 'SMTP AUTH clients submission report' in het Exchange-beheercentrum of er nog met 'Basic' of al met 'OAuth' wordt verstuurd. In de aanmeldlogboeken van Entra ID ziet u welke accounts nog basisverificatie gebruiken: filter op Client-app en kies de verouderde protocollen.

help-relay =
    Een SMTP-relay is een mailserver of MTA (Mail Transfer Agent) die mail van de applicatie aanneemt en doorstuurt, bijvoorbeeld naar Exchange Online. U herkent hem aan een computernaam of IP-adres in de serverinstelling.
    In dat geval is naast de instelling in de applicatie ook werk nodig op de relay. Dat doet de IT-afdeling of IT-partner: zij gaan na of de relay met Exchange Online verbindt en of daarvoor al authenticatie via Microsoft Graph of OAuth is ingericht.
    Let op bij Exact Globe en Exact Synergy: bulkmail via een relay gaat niet goed.

help-options-intro =
    Gebruikt een applicatie Exchange Online, dan is actie nodig om in- en uitgaande mail werkend te houden. De checklist noemt drie mogelijkheden.

help-option-switch =
    1. De authenticatiemethode omzetten. Dit gebeurt in de applicatie zelf en is werk voor de systeembeheerder. Vaak moet de applicatie daarvoor eerst worden bijgewerkt.
    Voorbeeld: voor Scan Sys maakt de beheerder een verbinding via Microsoft Graph en stelt die daarna in de applicatie in.

help-option-basic = 
    2. Basisverificatie tijdelijk weer toestaan. In 2022 kon een globale beheerder dat tot 31-12-2022 regelen via admin.microsoft.com: knop Help en ondersteuning rechtsonder, de code 'Diag: Enable Basic Auth in EXO' invoeren en 'Run Tests' starten.
    Die mogelijkheid bestaat niet meer; dit is alleen nog geschiedenis. Alleen SMTP AUTH kan na de standaarduitschakeling eind december 2026 voorlopig nog weer aangezet worden. Dat is uitstel, geen oplossing.

help-option-leave =
    3. Afstappen van Exchange Online. Dat is zelden mogelijk en meestal ook niet gewenst.

help-secret-limit = 
    Een clientgeheim voor Microsoft Graph is hooguit 24 maanden geldig; 'verloopt nooit' bestaat niet meer, en een tenantbeleid kan de termijn nog korter maken. Microsoft stuurt standaard geen waarschuwing vóór het verlopen.
    Noteer daarom bij het aanmaken de vervaldatum en vernieuw het geheim op tijd. Verloopt het, dan stopt het mailen van de applicatie.

help-timeline = 
    Oktober 2022: Microsoft begint basisverificatie in Exchange Online uit te zetten voor EWS, EAS, POP, IMAP, Remote PowerShell en Outlook, en zet daarbij ook SMTP AUTH uit in tenants die het niet gebruiken. Een globale beheerder kon basisverificatie tot 31-12-2022 tijdelijk weer aanzetten; daarna niet meer.
    SMTP AUTH (mail versturen met een wachtwoord) in tenants die het wel gebruiken: eind december 2026 zet Microsoft het standaard uit voor bestaande tenants; beheerders kunnen het voorlopig nog weer aanzetten. Nieuwe tenants krijgen het niet meer.
    De datum waarop SMTP AUTH met basisverificatie definitief verdwijnt, maakt Microsoft bekend in de tweede helft van 2027. Eerder genoemde data (september 2025, maart-april 2026) zijn ingetrokken.

help-how-to-use =
    Loop de applicaties één voor één na. Vul per applicatie in: Server (het gevonden serveradres), Bevindingen (gebruikt de applicatie Exchange Online, rechtstreeks of via een relay?) en Vereiste acties (bijvoorbeeld authenticatie omzetten of bijwerken).
    Markeer de applicatie daarna als N.v.t. als ze niet van toepassing is, of als Gecontroleerd zodra u haar hebt nagelopen.

# Bronnen (geraadpleegd 2026-11-30): "Enable or disable modern authentication for Outlook in
# Exchange Online", https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/enable-or-disable-modern-authentication-in-exchange-online
# (Get-OrganizationConfig | Format-Table -Auto Name,OAuth*), en "Disable Basic authentication in
# Exchange Online", https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/disable-basic-authentication-in-exchange-online
# (Get-AuthenticationPolicy | Format-Table Name -Auto; Get-AuthenticationPolicy -Identity;
# Get-OrganizationConfig | Format-Table DefaultAuthenticationPolicy). De blog over het einde van
# basisverificatie (shared/seeds/002) noemt dezelfde twee controles.
help-tenant-checks =
    Twee instellingen van de tenant die u kunt nalezen in Exchange Online PowerShell (alleen lezen, na Connect-ExchangeOnline):
    Moderne verificatie voor de organisatie staat aan als OAuth2ClientProfileEnabled op True staat: Get-OrganizationConfig | Format-Table -Auto Name,OAuth*
    Verificatiebeleid dat basisverificatie blokkeert: Get-AuthenticationPolicy | Format-Table Name -Auto toont de namen, Get-AuthenticationPolicy -Identity "<naam>" per protocol of basisverificatie mag (AllowBasicAuthSmtp, AllowBasicAuthImap, AllowBasicAuthWebServices, ...), en Get-OrganizationConfig | Format-Table DefaultAuthenticationPolicy welk beleid voor iedereen zonder eigen beleid geldt.
    Bronnen: Microsoft Learn, 'Enable or disable modern authentication for Outlook in Exchange Online' en 'Disable Basic authentication in Exchange Online'.
