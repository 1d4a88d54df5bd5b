## SQL Server: fouten (sql::SqlError), op de pagina Scan, in foutregels van de scan en in de CLI

sql-error-login-failed = SQL Server weigert de aanmelding. Controleer de gebruikersnaam en het wachtwoord (of, bij Windows-verificatie, of dit account een login op de instantie heeft). De server meldt: { $detail }
sql-error-server-not-found = De SQL Server-instantie is niet bereikbaar. Controleer de naam (SERVER\INSTANTIE of SERVER,POORT), of TCP/IP aanstaat voor de instantie, de firewall en bij een benoemde instantie of de service SQL Server Browser draait. ({ $detail })
sql-error-certificate-not-trusted = Deze computer vertrouwt het certificaat van de server niet (meestal een zelfondertekend certificaat). Vink 'Servercertificaat vertrouwen' alleen aan als u zeker weet dat dit de juiste server is. ({ $detail })
sql-error-encryption = De verbinding kon niet worden versleuteld: { $detail }. Biedt deze server helemaal geen versleuteling, zet dan 'Verbinding versleutelen' uit, maar alleen op een netwerk dat u vertrouwt.
sql-error-timeout = SQL Server antwoordde niet op tijd. Controleer het netwerk en of de instantie zwaar belast is, en probeer het opnieuw.
sql-error-no-permission = Deze login heeft hier geen rechten: { $detail }
sql-error-database-unavailable = De database is nu niet te gebruiken (offline, wordt teruggezet of niet toegankelijk voor deze login): { $detail }
sql-error-integrated-needs-windows = Windows-verificatie werkt alleen als Overstap op Windows draait. Gebruik hier een SQL Server-login.
sql-error-bad-connection = Dit is geen servernaam of verbindingsreeks die Overstap begrijpt: { $detail }
sql-error-cancelled = Geannuleerd.
sql-error-changed = De waarde in de database is sinds de scan veranderd; er is niets geschreven. Scan opnieuw en bekijk eerst de nieuwe waarde.
sql-error-row-not-found = De rij staat niet meer in de tabel; er is niets geschreven.
sql-error-no-row-key = De tabel heeft geen primaire sleutel, dus Overstap kan deze ene rij niet aanwijzen; wijzig hem met de hand.
sql-error-verify-failed = De teruggelezen waarde is niet de geschreven waarde. Controleer de tabel met de hand.
sql-error-backup = De oude waarde kon niet worden bewaard, dus er is niets geschreven: { $detail }
sql-error-server = SQL Server meldt een fout: { $detail }
sql-error-connection = De verbinding met SQL Server is verbroken: { $detail }
sql-error-protocol = SQL Server antwoordt op een manier die Overstap niet begrijpt: { $detail }

## Scan: onderbouwing van SQL Server-vondsten

scan-ev-sql-dbmail = Database Mail-account '{ $account }' verstuurt via { $host } (poort { $port }, SSL { $ssl ->
        [yes] aan
       *[other] uit
    }), gebruikersnaam { $user }, wachtwoord opgeslagen: { $password ->
        [yes] ja
       *[other] nee
    }, Windows-referenties: { $windows ->
        [yes] ja
       *[other] nee
    }. Profielen: { $profiles }. Operators van SQL Agent die er meldingen mee krijgen: { $operators }.
scan-ev-sql-known = De bekende plek uit de catalogus { $table }, kolom { $column }, noemt { $host }.
scan-ev-sql-search = De zoekactie door de hele database vond { $host } in { $table }, kolom { $column }.
scan-problem-sql = SQL Server: { $detail }

## Pagina Scan: SQL Server

scan-sql-heading = SQL Server-databases
scan-sql-intro = Database Mail, de bekende tabellen van ELIS en op verzoek elke tekstkolom van de databases die u aanvinkt. Overstap leest alleen: het zet geen vergrendelingen en wijzigt niets.
scan-sql-find-instances = Instanties op deze server zoeken
scan-sql-finding-instances = SQL Server-instanties zoeken…
scan-sql-no-instances = Er zijn geen SQL Server-instanties op deze server gevonden (register en SQL Server Browser). Vul de instantie hieronder in als die elders draait.
scan-sql-instance-line = { $name } ({ $port ->
        [none] poort via SQL Server Browser
       *[other] poort { $port }
    })
scan-sql-instances-hint = Aangevinkte instanties worden doorzocht op Database Mail en de bekende tabellen.
scan-sql-server = Instantie
scan-sql-server-hint = SQL01\EXACT of SQL01,1433
scan-sql-auth-windows = Windows-verificatie
scan-sql-auth-windows-hint = Als het account waaronder Overstap draait. Alleen op Windows.
scan-sql-auth-login = SQL Server-login
scan-sql-auth-login-hint = Een login met leesrechten (voor terugschrijven: schrijfrechten op de betreffende tabellen).
scan-sql-user = Gebruikersnaam
scan-sql-password = Wachtwoord
scan-sql-encrypt = Verbinding versleutelen (aanbevolen)
scan-sql-trust = Servercertificaat vertrouwen
scan-sql-trust-hint = De meeste SQL Servers gebruiken een zelfondertekend certificaat dat deze computer niet vertrouwt. Vink dit alleen aan als u zeker weet dat u met de juiste server verbindt: de verbinding blijft versleuteld, maar de identiteit van de server wordt niet gecontroleerd.
scan-sql-test = Verbinding testen
scan-sql-testing = Verbinden…
scan-sql-connected = Verbonden met { $server } (SQL Server { $version }), { $count ->
        [one] één database
       *[other] { $count } databases
    }.
scan-sql-failed-title = Geen verbinding
scan-sql-databases = Databases om helemaal te doorzoeken
scan-sql-databases-hint = Elke tekstkolom van elke tabel in de aangevinkte databases wordt doorzocht op Exchange Online en andere mailservers. Bij grote databases duurt dat langer; u kunt altijd annuleren.
scan-sql-database-unusable = { $name } ({ $state })
scan-sql-run = SQL Server doorzoeken
scan-sql-running = SQL Server doorzoeken…
scan-sql-cancelled = Het doorzoeken van SQL Server is geannuleerd; er is niets bewaard.
scan-sql-done = SQL Server: { $findings ->
        [one] één mailinstelling
       *[other] { $findings } mailinstellingen
    }, { $errors ->
        [0] geen problemen
        [one] één probleem
       *[other] { $errors } problemen
    }. De instellingen staan hieronder bij de resultaten.
