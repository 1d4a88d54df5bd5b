## Hoe Exchange toegang verleent: de routes uit assets/access-routes.toml, hun beperkingen, en de
## controles van beide kanten (Exchange en Entra). Bronnen en citaten: docs/exchange-permissions.md.

registration-access-heading = Hoe Exchange Online de applicatie toegang geeft
registration-access-intro = Microsoft beschrijft deze routes los van elkaar. Alles hieronder (de portalstappen, de automatische registratie, de PowerShell, de toestemming en het testbericht) volgt de route die u hier kiest.
registration-access-limits-heading = Goed om te weten bij deze route
access-source = Microsoft: “{ $title }” ({ $date })
registration-access-old-title = Kies de route opnieuw
registration-access-old = Deze sessie is opgeslagen door een eerdere versie van { -product }. De inrichting voor { $scenario } verleende de Entra-machtiging { $permission } met beheerderstoestemming én wees de RBAC-rol { $role } toe, terwijl Microsoft dat als twee aparte routes beschrijft. Kies hieronder één route. Is het oude script al uitgevoerd, dan laat de controle van de Entra-machtigingen verderop zien wat er verleend is en wat u voor de gekozen route moet verwijderen.
blocker-choose-access = Kies hoe Exchange Online de applicatie toegang geeft.

access-smtp-app-only-rbac = RBAC voor toepassingen: alleen toegang tot dit ene postvak (aanbevolen)
access-smtp-app-only-rbac-hint = Geen API-machtiging in Entra. In Exchange: de service-principal en de rol Application SMTP.SendAsApp, beperkt tot het verzendende postvak. Zo min mogelijk rechten.
access-smtp-app-only-entra = Klassiek: SMTP.SendAsApp in Entra en volledige toegang tot het postvak
access-smtp-app-only-entra-hint = De toepassingsmachtiging SMTP.SendAsApp met beheerderstoestemming, de service-principal in Exchange en FullAccess op het verzendende postvak (Add-MailboxPermission). Voor tenants waar RBAC voor toepassingen niet te gebruiken is.
access-graph-app-only-rbac = RBAC voor toepassingen: Mail.Send voor alleen dit ene postvak
access-graph-app-only-rbac-hint = Geen API-machtiging in Entra. In Exchange: de service-principal en de rol Application Mail.Send, beperkt tot het verzendende postvak.
access-ews-rbac = RBAC voor toepassingen: alleen toegang tot dit ene postvak (aanbevolen)
access-ews-rbac-hint = Geen API-machtiging in Entra. In Exchange: de service-principal en de rol Application EWS.AccessAsApp, beperkt tot het postvak. Autodiscover werkt niet bij deze route.
access-ews-entra = full_access_as_app in Entra: elk postvak van de organisatie
access-ews-entra-hint = De toepassingsmachtiging full_access_as_app met beheerderstoestemming geeft toegang tot alle postvakken. Voor applicaties die Autodiscover nodig hebben. Een toegangsbeleid voor toepassingen kan dat inperken (verouderd).
access-smtp-imap-delegated-delegated = Gedelegeerd: het eigen postvak van de aangemelde gebruiker
access-smtp-imap-delegated-delegated-hint = De gedelegeerde machtigingen SMTP.Send, IMAP.AccessAsUser.All en offline_access met beheerderstoestemming; in Exchange wordt niets geregistreerd.

## Beperkingen (ook als commentaar in de PowerShell)
limit-rbac-no-entra-permission-smtp = Voeg geen enkele API-machtiging toe aan de app-registratie. Microsoft: “Refrain from adding any permissions to your application, as this process does not require any claims. Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions.”
limit-rbac-no-entra-permission-graph = Voeg Mail.Send niet toe onder API-machtigingen: in Entra verleend is hij niet beperkt en geldt hij voor elk postvak, en het bereik in Exchange kan dat niet inperken.
limit-rbac-no-entra-permission-ews = Voeg full_access_as_app niet toe onder API-machtigingen: in Entra verleend is hij niet beperkt en geldt hij voor elk postvak, en het bereik in Exchange kan dat niet inperken.
limit-rbac-union = Machtigingen uit Entra en Exchange tellen op. Microsoft: “the assigned permissions are a union operation on the permissions from Microsoft Entra ID and the permissions assigned in Exchange Online RBAC”; een onbeperkte machtiging in Entra “results in no effective resource scoping”. Is de machtiging eerder in Entra verleend, verwijder hem daar dan (API-machtigingen, en de beheerderstoestemming onder Bedrijfstoepassingen > de app > Machtigingen).
limit-rbac-propagation = Wijzigingen in de machtigingen van de applicatie worden pas na 30 minuten tot 2 uur actief (de cache van Exchange); Test-ServicePrincipalAuthorization slaat die cache over en kan het resultaat dus eerder tonen dan een echte verzending.
limit-rbac-test-excludes-entra = Test-ServicePrincipalAuthorization controleert alleen de kant van Exchange. Microsoft: “This method excludes permissions that might be granted separately in Microsoft Entra ID.” Controleer ook de kant van Entra: op de pagina Registratie (de Entra-machtigingen laten ophalen), of onder Bedrijfstoepassingen > de app > Machtigingen.
limit-classic-object-ids = New-ServicePrincipal krijgt de object-ID van de bedrijfstoepassing, niet die van de app-registratie. Microsoft: “Using the incorrect Object ID will cause an authentication failure.”
limit-classic-service-principal-identity = Microsoft: “Different IDs are used during creation of the Exchange service principal and also later when granting mailbox permissions.” Daarom geeft het script de postvakmachtiging aan de identiteit die Get-ServicePrincipal teruggeeft, zoals in het voorbeeld van Microsoft.
limit-classic-send-as = Verstuurt de applicatie als een ander adres dan dit postvak, dan heeft die afzender ook Verzenden als nodig. Microsoft: “If you're trying to use Client Credential Grant Flow with SendAs, you need to grant SendAs permissions to the sender: Add-RecipientPermission.”
limit-classic-no-rbac-role = Bij deze route komt de toegang uit de postvakmachtiging: met SMTP.SendAsApp in het token controleert Exchange de postvakmachtigingen (Microsoft: “Including the SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions”). Er wordt geen RBAC-rol toegewezen.
limit-ews-autodiscover = Autodiscover werkt niet bij deze route. Microsoft: “Currently, the AutoDiscover service can't be accessed when using RBAC Application roles.” Geef de applicatie het EWS-adres https://outlook.office365.com/EWS/Exchange.asmx rechtstreeks, of kies de route met full_access_as_app als ze Autodiscover moet gebruiken.
limit-ews-tenant-wide = full_access_as_app, in Entra verleend, is niet beperkt: de applicatie kan elk postvak van de organisatie gebruiken. Microsoft noemt machtigingen uit Entra “unscoped”, en: “Microsoft Entra permissions can only be constrained using Application Access Policies.”
limit-ews-access-policy-legacy = De optionele beperking is een toegangsbeleid voor toepassingen, dat Microsoft verouderd noemt: “App Access Policies are replaced by Role Based Access Control for Applications. […] Don't create new App Access Policies as these policies will eventually require migration to Role Based Access Control for Applications.” Een toegangsbeleid beperkt alleen machtigingen die in Entra zijn verleend.
limit-ews-access-policy-group = De groep van het beleid moet een beveiligingsgroep met mail zijn. Microsoft: “You can specify only security principals with this parameter”; distributiegroepen en gedeelde postvakken werken niet (maak gedeelde postvakken lid van een beveiligingsgroep met mail).
limit-ews-impersonation = De applicatie moet zich voordoen als het postvak waarin ze werkt (impersonation) en de header X-AnchorMailbox met het adres daarvan meesturen. Microsoft: “When using impersonation you must always use the X-AnchorMailbox request header, which should be set to the SMTP address of the impersonated mailbox.”

## De kant van Entra, gelezen via Microsoft Graph
entra-check-heading = De Entra-kant van de machtigingen
entra-check-intro = De controle in het script toont alleen wat Exchange verleent. { -product } leest de Entra-machtigingen van de applicatie via Microsoft Graph (een beheerder meldt zich één keer aan, met alleen leesrechten) en vergelijkt ze met deze route.
entra-check-start = Aanmelden als beheerder en de Entra-machtigingen ophalen
entra-check-needs = Zoek eerst de tenant op en vul een geldige client-ID in.
entra-check-when = Opgehaald op { $when }
entra-check-granted = Verleend met beheerderstoestemming
entra-check-configured = Vermeld onder API-machtigingen
entra-check-none = geen
entra-check-ok-title = De Entra-kant klopt met deze route
entra-check-ok = Verwacht: { $expected }.
entra-check-extra-title = Verleend in Entra maar geen deel van deze route: { $permissions }
entra-check-extra = Machtigingen uit Entra en RBAC tellen op, dus deze gelden voor elk postvak, wat het bereik in Exchange ook zegt. Verwijder ze onder API-machtigingen en trek de beheerderstoestemming in (Bedrijfstoepassingen > de app > Machtigingen).
entra-check-missing-title = Ontbreekt in Entra: { $permissions }
entra-check-missing = Voeg ze toe onder API-machtigingen en verleen beheerderstoestemming (of gebruik de stap Toestemming), en controleer daarna opnieuw.
entra-check-no-principal = Er is nog geen bedrijfstoepassing voor deze client-ID in de tenant: in Entra is niets verleend.
identity-progress-entra-check = Entra-machtigingen ophalen…
identity-done-entra-check = De Entra-machtigingen zijn opgehaald.

## Automatische registratie die halverwege stopte
autoreg-step-check = De Entra-machtigingen teruglezen
autoreg-partial-title = De automatische registratie is halverwege gestopt
autoreg-partial-made = Al aangemaakt: de applicatie “{ $name }” (client-ID { $client }).
autoreg-partial-principal = De bedrijfstoepassing bestaat (object-ID { $object }).
autoreg-partial-secret-stored = Het clientgeheim is aangemaakt en staat in de referentieopslag (geldig tot { $date }).
autoreg-partial-secret-removed = Het clientgeheim kon niet worden opgeslagen, dus { -product } heeft het weer uit de applicatie verwijderd: maak een nieuw aan als u met de hand afmaakt.
autoreg-partial-secret-orphaned = Het clientgeheim kon niet worden opgeslagen en ook niet worden verwijderd: verwijder het onder App-registraties > “{ $name }” > Certificaten en geheimen.
autoreg-partial-cleanup = Maak het met de hand af met de stappen hieronder (de ID's zijn ingevuld), of verwijder de halve registratie: App-registraties > “{ $name }” > Verwijderen; daarmee verdwijnt ook de bedrijfstoepassing.

## Toestemming en de machtigingen in het token
consent-rbac-nothing = Bij deze route valt er in Entra niets toe te staan: de applicatie heeft geen API-machtiging, en Exchange geeft toegang via de roltoewijzing uit de PowerShell.
consent-app-token-hint-rbac = Het testtoken gebruikt het opgeslagen clientgeheim: het lukt als het geheim klopt. De machtigingen (roles) erin moeten bij deze route leeg zijn.
token-roles = Machtigingen in het token (roles)
token-roles-none = geen
token-roles-unreadable = (het token is niet leesbaar)
consent-roles-extra-title = Het token bevat machtigingen die in Entra zijn verleend: { $roles }
consent-roles-extra = Deze route geeft toegang in Exchange, beperkt tot het postvak. Machtigingen uit Entra en RBAC tellen op, dus deze gelden voor elk postvak, wat het bereik ook zegt. Verwijder ze onder API-machtigingen en trek de beheerderstoestemming in (Bedrijfstoepassingen > de app > Machtigingen), en vraag daarna een nieuw token aan.
consent-roles-extra-smtp = Bij de RBAC-route mag het token geen machtiging bevatten: volgens Microsoft laat de claim SMTP.SendAsApp Exchange de postvakmachtigingen controleren, en die verleent deze route niet. Verwijder hem onder API-machtigingen en trek de beheerderstoestemming in (Bedrijfstoepassingen > de app > Machtigingen), en vraag daarna een nieuw token aan.
consent-roles-missing-title = Het token mist { $roles }
consent-roles-missing = De beheerderstoestemming voor deze machtiging ontbreekt, of heeft het token nog niet bereikt: verleen hierboven beheerderstoestemming en vraag daarna een nieuw token aan.

## Overzicht en rapport
summary-access = Toegang in Exchange Online
summary-entra = Entra-machtigingen van de applicatie
summary-entra-value = { $granted } (opgehaald op { $when })
summary-entra-extra = ; geen deel van de route, te verwijderen: { $permissions }
summary-entra-missing = ; ontbreekt voor de route: { $permissions }
summary-autoreg-incomplete = Automatische registratie
summary-autoreg-incomplete-value = Halverwege gestopt: maak “{ $name }” (client-ID { $client }) met de hand af, of verwijder hem onder App-registraties.
