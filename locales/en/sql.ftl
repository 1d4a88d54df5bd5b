## SQL Server: errors (sql::SqlError), shown on the Scan page, in scan error lines and by the CLI

sql-error-login-failed = SQL Server refused the login. Check the user name and password (or, with Windows authentication, whether this account has a login on the instance). The server said: { $detail }
sql-error-server-not-found = The SQL Server instance could not be reached. Check the name (SERVER\INSTANCE or SERVER,PORT), whether TCP/IP is enabled for the instance, the firewall, and for a named instance whether the SQL Server Browser service runs. ({ $detail })
sql-error-certificate-not-trusted = The server's certificate is not trusted by this computer (usually a self-signed certificate). Tick "Trust the server certificate" only if you know this is the right server. ({ $detail })
sql-error-encryption = The connection could not be encrypted: { $detail }. If this server offers no encryption at all, untick "Encrypt the connection", but only on a network you trust.
sql-error-timeout = SQL Server did not answer in time. Check the network and whether the instance is under heavy load, then try again.
sql-error-no-permission = This login has no permission here: { $detail }
sql-error-database-unavailable = The database cannot be used now (offline, restoring or not accessible to this login): { $detail }
sql-error-integrated-needs-windows = Windows authentication works only when Overstap runs on Windows. Use a SQL Server login here.
sql-error-bad-connection = This is not a server name or connection string Overstap understands: { $detail }
sql-error-cancelled = Cancelled.
sql-error-changed = The value in the database changed since the scan; nothing was written. Scan again and check the new value first.
sql-error-row-not-found = The row is no longer in the table; nothing was written.
sql-error-no-row-key = The table has no primary key, so Overstap cannot point at this one row; change it by hand.
sql-error-verify-failed = The value read back is not the value written. Check the table by hand.
sql-error-backup = The before-image could not be saved, so nothing was written: { $detail }
sql-error-server = SQL Server reported an error: { $detail }
sql-error-connection = The connection to SQL Server was lost: { $detail }
sql-error-protocol = SQL Server answered in a way Overstap does not understand: { $detail }

## Scan: evidence of SQL Server findings

scan-ev-sql-dbmail = Database Mail account "{ $account }" sends through { $host } (port { $port }, SSL { $ssl ->
        [yes] on
       *[other] off
    }), user name { $user }, password stored: { $password ->
        [yes] yes
       *[other] no
    }, Windows credentials: { $windows ->
        [yes] yes
       *[other] no
    }. Profiles: { $profiles }. SQL Agent operators who get alerts through it: { $operators }.
scan-ev-sql-known = The catalogue's known place { $table }, column { $column }, names { $host }.
scan-ev-sql-search = The whole-database search found { $host } in { $table }, column { $column }.
scan-problem-sql = SQL Server: { $detail }

## Scan page: SQL Server section

scan-sql-heading = SQL Server databases
scan-sql-intro = Database Mail, the known tables of ELIS, and on request every text column of the databases you tick. Overstap only reads: it takes no locks and changes nothing.
scan-sql-find-instances = Find instances on this server
scan-sql-finding-instances = Looking for SQL Server instances…
scan-sql-no-instances = No SQL Server instances were found on this server (registry and SQL Server Browser). Type the instance below if it runs elsewhere.
scan-sql-instance-line = { $name } ({ $port ->
        [none] port via SQL Server Browser
       *[other] port { $port }
    })
scan-sql-instances-hint = Ticked instances are searched for Database Mail and the known tables.
scan-sql-server = Instance
scan-sql-server-hint = SQL01\EXACT or SQL01,1433
scan-sql-auth-windows = Windows authentication
scan-sql-auth-windows-hint = As the account Overstap runs under. Only on Windows.
scan-sql-auth-login = SQL Server login
scan-sql-auth-login-hint = A login with read access (for write-back: update access to the tables concerned).
scan-sql-user = User name
scan-sql-password = Password
scan-sql-encrypt = Encrypt the connection (recommended)
scan-sql-trust = Trust the server certificate
scan-sql-trust-hint = Most SQL Servers use a self-signed certificate that this computer does not trust. Tick this only when you are sure you are connecting to the right server: the connection stays encrypted, but the server's identity is not checked.
scan-sql-test = Test connection
scan-sql-testing = Connecting…
scan-sql-connected = Connected to { $server } (SQL Server { $version }), { $count ->
        [one] one database
       *[other] { $count } databases
    }.
scan-sql-failed-title = No connection
scan-sql-databases = Databases for the whole-database search
scan-sql-databases-hint = Every character column of every table in the ticked databases is searched for Exchange Online and other mail servers. This takes longer on large databases; you can cancel at any time.
scan-sql-database-unusable = { $name } ({ $state })
scan-sql-run = Search SQL Server
scan-sql-running = Searching SQL Server…
scan-sql-cancelled = The SQL Server search was cancelled; nothing was kept.
scan-sql-done = SQL Server: { $findings ->
        [one] one mail setting
       *[other] { $findings } mail settings
    }, { $errors ->
        [0] no problems
        [one] one problem
       *[other] { $errors } problems
    }. The settings are listed with the results below.
