## The command line (src/cli/): help, errors and exit codes.
## The README's "Command line" block is rendered from these texts (English); see tests/cli.rs.

cli-about = Overstap moves business applications from Exchange Online basic authentication to OAuth 2.0.
cli-heading-usage = Usage:
cli-heading-commands = Commands:
cli-heading-options = Options:
cli-heading-arguments = Arguments:
cli-heading-exit = Exit codes:
cli-heading-environment = Environment:
cli-error-more = Help: { $command } --help
cli-more-help = More about one command: overstap COMMAND --help
cli-environment =
    OVERSTAP_RENDERER=wgpu|glow   force one graphics renderer
    OVERSTAP_CONFIG_DIR=DIR       keep settings and the saved session in DIR
    OVERSTAP_RELAY_DIR=DIR        the relay's folder (settings, queue, log)
    OVERSTAP_SQL_PASSWORD=...     the SQL login's password for scan --sql, when not in the string

## Value names (shown in capitals after an option)
cli-value-dir = DIR
cli-value-file = FILE
cli-value-reg = FILE.reg
cli-value-out = OUT
cli-value-plan = PLAN.json
cli-value-sql = SERVER|CONNECTIONSTRING
cli-value-name = NAME
cli-value-relay = HOST:PORT
cli-value-port = N
cli-value-moment = MOMENT
cli-value-lang = nl|en
cli-value-action = ACTION

## What each command does
cli-window-about = open the wizard (--smoke: open the window, draw a few frames and close it, to check the graphics)
cli-scan-about = find the applications' mail settings on this server (Windows), or in the server snapshot DIR; a table, or JSON with --json; --sql adds SQL Server instances
cli-plan-about = scan, then plan how each setting changes (overstap-plan/1 JSON with --json)
cli-apply-about = write the plan's file changes (backup first); --dry-run only shows them
cli-undo-about = undo what that plan wrote, or, without --plan, the last apply
cli-report-about = the summary of a saved session: PDF, HTML, the secret reminder (.ics) and/or plain text (text alone when no file is asked for)
cli-relay-about = the local SMTP relay that delivers through OAuth; without an action: run
cli-relay-run-about = the relay in the foreground until stopped
cli-relay-status-about = the relay's queue for scripts: running, waiting, retrying, dead
cli-relay-install-about = install the relay as the Windows service OverstapRelay (as administrator)
cli-relay-start-about = start the Windows service
cli-relay-stop-about = stop the Windows service
cli-relay-remove-about = remove the Windows service
cli-relay-service-about = run as the Windows service (started by the service control manager)

## Options
cli-opt-help = show this help
cli-opt-version = print the version
cli-opt-lang = the language of the output (and of report's documents); default: the settings' or the system's
cli-opt-catalog = add or replace catalogue entries with a partner's .toml files in DIR
cli-opt-smoke = open the window, draw a few frames and close it (checks the graphics stack)
cli-opt-root = scan the server snapshot in DIR instead of this server
cli-opt-registry = the snapshot's registry export (default: the first .reg file in DIR)
cli-opt-json = JSON for scripts instead of the table
cli-opt-sql = also search this SQL Server instance (SERVER\INSTANCE, SERVER,PORT or an ADO.NET connection string); repeatable
cli-opt-sql-db = also search every text column of this database (on each --sql instance that has it); repeatable
cli-opt-sql-trust-cert = accept the SQL servers' certificates without checking them
cli-opt-relay = the relay the applications will send through (default: Overstap's relay on this server)
cli-opt-tls = the relay speaks TLS
cli-pos-plan = the plan written by overstap plan --json
cli-opt-dry-run = only show the changes, write nothing
cli-opt-backups = the folder for the backups (default: the machine-wide backup folder)
cli-opt-plan = undo what an apply of this plan wrote
cli-opt-session = the saved session (an export, or the autosave in the settings folder)
cli-opt-pdf = write the summary as PDF to OUT
cli-opt-html = write the summary as HTML to OUT
cli-opt-ics = write the reminder for the client secret's expiry (.ics) to OUT
cli-opt-text = print the plain text (also when files are written)
cli-opt-at = date the documents (RFC 3339, e.g. 2026-11-26T14:00:00+01:00) for output that is the same every run; default: now
cli-opt-dir = the relay's folder (default: OVERSTAP_RELAY_DIR, else the machine-wide one)
cli-opt-hold = accept and queue only, deliver nothing
cli-opt-port = listen on port N instead of the settings' (0: any free port)
cli-opt-status-json = JSON for scripts instead of key: value lines

## Exit codes: what each code means, in general and per command
cli-exit-ok = done
cli-exit-attention = done, and there is something to act on
cli-exit-error = nothing was done: a wrong argument, or the input could not be read
cli-exit-smoke-page = --smoke: the window worked, but the page asked for in OVERSTAP_SMOKE_WAIT_FOR was not reached
cli-exit-window-ok = the window opened (and, with --smoke, closed again)
cli-exit-window-error = the window could not be opened (the reason on stderr)
cli-exit-window-smoke-page = the window worked, but never showed the page named in OVERSTAP_SMOKE_WAIT_FOR
cli-exit-scan-ok = nothing uses Exchange Online basic authentication
cli-exit-scan-attention = something does (a finding classified exo-direct)
cli-exit-scan-error = nothing could be scanned (no Windows here, no such folder)
cli-exit-plan-ok = the plan is printed
cli-exit-plan-error = nothing to plan from (no scan target, a wrong relay)
cli-exit-apply-ok = every change written (or shown, with --dry-run)
cli-exit-apply-attention = something was refused or failed, and left as it was
cli-exit-apply-error = nothing could start (no such plan, no backup folder)
cli-exit-undo-ok = everything undone
cli-exit-undo-attention = something was refused or failed, and left as it was
cli-exit-undo-error = nothing could start (no such plan, no backups)
cli-exit-report-ok = every document written
cli-exit-report-attention = no reminder: the session records no client secret with an expiry date
cli-exit-report-error = not a session file, or a document could not be written
cli-exit-relay-ok = the action is done (run: the relay stopped)
cli-exit-relay-attention = the service action failed
cli-exit-relay-error = the relay could not start (no folder, bad settings)

## Errors
cli-error-unknown = unknown argument: { $arg }
cli-error-missing-value = { $arg } needs a value
cli-error-missing = { $command } needs { $args }
cli-error-bad-value = { $arg } takes { $expected }, not "{ $value }"
cli-word-or = or
cli-error-conflict = { $arg } cannot be combined with { $other }
cli-error-registry-without-root = --registry needs --root: a registry export belongs to a snapshot folder
cli-error-sql-without-sql = --sql-db and --sql-trust-cert need --sql: name the SQL Server instance
cli-error-lang-window = --lang sets the language of the command line; the wizard's language is chosen in its window
cli-error-alone = { $arg } stands alone: no other argument with it
cli-error-other = the command line could not be read ({ $detail })
cli-expect-port = a port number from 0 to 65535
cli-expect-at = a moment like 2026-11-26T14:00:00+01:00 (RFC 3339)

## What overstap relay says (its "listening on ADDRESS" line stays as it is: scripts read it)
cli-relay-no-dir = No folder for the relay: give --dir DIR or set OVERSTAP_RELAY_DIR.
cli-relay-not-started = The relay did not start: { $error }
cli-relay-not-a-service = Not started by the service control manager: { $error }
cli-relay-action-failed = overstap relay { $action } failed: { $error }
cli-relay-install-done = The Windows service OverstapRelay is installed.
cli-relay-start-done = The Windows service OverstapRelay is started.
cli-relay-stop-done = The Windows service OverstapRelay is stopped.
cli-relay-remove-done = The Windows service OverstapRelay is removed, with its copy of the client secret and its settings. Messages still in the queue stay in the relay folder.
