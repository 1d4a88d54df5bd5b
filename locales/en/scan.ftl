## Page: Scan (running the scan and its results)
scan-registry-file = Registry export (.reg)
scan-registry-default = empty: the first .reg file in the folder
scan-snapshot-missing = Choose the snapshot folder first.
scan-again = Scan again
scan-running = Scanning { $source }…
scan-running-items = { $done } items
scan-running-of = { $done } of { $total }
scan-cancelling = Stopping the scan…
scan-cancelled-title = Scan cancelled
scan-cancelled = Nothing was changed. Start the scan again when you are ready.
scan-failed-title = The scan could not start
scan-no-windows-title = This computer has no Windows registry or drives
scan-no-windows = { -product } is not running on Windows here, so there is no server to read.
scan-no-windows-fix = Choose "A server snapshot" and point it at a folder collected from the customer's server (C, D, ... plus a .reg export).
scan-start-failed = The scan could not be started: { $error }
scan-results-heading = Results
scan-results-summary = { $apps ->
    [one] One application found
   *[other] { $apps } applications found
}, { $findings ->
    [one] one mail setting
   *[other] { $findings } mail settings
}.
scan-results-basic-auth = Exchange Online basic authentication is still in use: see the applications marked "Exchange Online direct".
scan-results-none = Nothing on this server uses Exchange Online with basic authentication.
scan-installed-line = Installed: { $name } { $version }
scan-installed-folder = in { $folder }
scan-where = Where: { $where }
scan-value = Value: { $value }
scan-why = Why: { $text }
scan-open-folder = Open folder
scan-open-failed = The folder could not be opened: { $error }
scan-errors-heading = { $count ->
    [one] One place could not be read
   *[other] { $count } places could not be read
}
scan-errors-hint = The scan went on without them. Check these by hand or collect them again.
scan-error-line = { $source }: { $path } ({ $problem })

## Classification of a finding
scan-class-exo-direct = Exchange Online direct
scan-class-relay = Relay
scan-class-modern = Already modern authentication
scan-class-not-used = Not used
scan-class-unknown = Unknown

## Sources
scan-source-name-machine = the server
scan-source-name-uninstall = installed software
scan-source-name-iis = IIS
scan-source-name-ssrs = Reporting Services
scan-source-name-servicenext = ServiceNext
scan-source-name-smtp-service = IIS SMTP service
scan-source-name-tasks = scheduled tasks
scan-source-name-services = Windows services
scan-source-name-content = configuration files
scan-source-name-sql = SQL Server

## Problems met while scanning
scan-problem-permission-denied = access denied
scan-problem-not-a-file = not an ordinary file (a folder, device or pipe where a file was expected); not read
scan-problem-malformed-xml = not valid XML: { $detail }
scan-problem-encoding = unreadable text encoding: { $detail }
scan-problem-malformed-registry = not a registry export: { $detail }
scan-problem-io = { $detail }
scan-problem-no-windows = no Windows registry or drives on this computer
scan-problem-too-large = too large to be a settings file ({ $size }, at most { $limit } is read); not read
scan-problem-outside-snapshot = leads outside the snapshot folder (through ".." or a link); not read
scan-problem-internal = this part of the scan stopped on an internal error ({ $detail }); the rest of the scan went on. Please report it to your Overstap supplier.

## Evidence: why a finding is classified as it is
scan-ev-iis-smtp = IIS application "{ $site }" sends through { $host }, port { $port }, user { $user }, { $password ->
    [yes] with a password set
   *[no] without a password
}, { $ssl ->
    [yes] SSL on
   *[no] SSL off
}. System.Net.Mail cannot use OAuth.
scan-ev-iis-pickup = IIS application "{ $site }" writes mail to a folder (deliveryMethod { $method }) instead of sending it over the network.
scan-ev-iis-appsetting = IIS application "{ $site }" holds a mail server in the appSettings key "{ $key }".
scan-ev-iis-section-unread = IIS application "{ $site }" keeps its { $section } settings in { $file }, which could not be read: check that file by hand.
scan-ev-ssrs = The report server sends e-mail subscriptions through { $server } (authentication: { $auth ->
    [none] none
    [basic] user name and password
    [ntlm] Windows (NTLM)
   *[other] unknown
}, { $ssl ->
    [yes] SSL on
   *[no] SSL off
}). Reporting Services has no OAuth option: use a relay or connector.
scan-ev-smtpsvc = The IIS SMTP service ({ $vserver }, service { $service ->
    [automatic] starts automatically
    [manual] starts by hand
    [disabled] is disabled
    [not-installed] not installed
   *[other] start type unknown
}) takes mail on port { $listen } and forwards it to { $host }, port { $port }, as user { $user } (RouteAction { $route-action }). Applications that mail to this server depend on it.
scan-ev-smtpsvc-dns = The IIS SMTP service ({ $vserver }) takes mail on port { $listen } and delivers it itself by DNS, without a smart host.
scan-ev-smtpsvc-no-user = The IIS SMTP service ({ $vserver }) forwards to { $host }, port { $port }, without a user name: Exchange Online will not accept that.
scan-ev-script = The script sends mail with { $call } through { $host }. This call has no OAuth: a password or the relay it uses decides what breaks.
scan-ev-task-sendemail = The scheduled task sends e-mail itself ("Send an e-mail" action) through { $host }. Windows deprecated this action; it uses no OAuth.
scan-ev-task-script-unread = The scheduled task runs { $script }, which could not be read: check it for mail by hand.
scan-ev-ssrs-pickup = The report server writes e-mail to a pickup folder (SendUsing 1); it does not connect to a mail server itself.
scan-ev-servicenext-ews = HandleEmailSN.exe.config still has the key exchangeWebServiceUrl: the mail handler signs in to Exchange Web Services with a password.
scan-ev-servicenext-oauth = HandleEmailSN.exe.config has OAuthExchangeService and no exchangeWebServiceUrl: the mail handler already uses OAuth.
scan-ev-servicenext-neither = HandleEmailSN.exe.config has neither exchangeWebServiceUrl nor OAuthExchangeService: check the version by hand.
scan-ev-content-exo = This configuration file names the Exchange Online host { $host }.
scan-ev-content-smtp = This configuration file sets a mail server under the key "{ $key }".

## Findings text filled into the checklist
scan-summary-installed = Installed: { $name } (version { $version }).
scan-summary-finding = { $class }: { $value } in { $where }
scan-summary-no-setting = The scan found no mail setting in files; check the application's own settings by hand.
scan-version-sufficient = Version OK for OAuth ({ $component }: at least { $minimum }).
scan-version-update-first = Update first: { $component } older than { $minimum }.
scan-version-check-by-hand = Check the version by hand: { $component } needs at least { $minimum }.

## Command line (overstap scan)
scan-col-application = Application
scan-col-classification = Classification
scan-col-value = Value
scan-col-location = Location

## Who uses a setting, and the sender chains through a local relay
scan-owner-site = site { $name }
scan-owner-task = scheduled task { $name } ({ $schedule }, as { $account })
scan-owner-service = service { $name } ({ $start ->
    [automatic] starts automatically
    [manual] starts by hand
    [disabled] disabled
   *[other] { $start }
}, as { $account })
scan-used-by = Used by: { $owner }
scan-via = Sends through { $relay } ({ $value }, { $class }): fixing that relay fixes this one too.
scan-chains-heading = Sender chains through a relay on this server
scan-chains-hint = These applications send to a relay on this server. What the relay does decides for all of them.
scan-chain-relay = { $relay }: { $value } ({ $class }), for { $count ->
    [one] one sender
   *[other] { $count } senders
}
scan-col-owner = Used by
scan-summary-via = via { $relay } ({ $value }, { $class })
