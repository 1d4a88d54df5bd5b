## Page: Summary — the one summary model the page, the HTML report, the PDF, the text copy and
## `overstap report` all show

summary-overview = Overview
summary-open-items = Still to do
summary-nothing-open = Nothing is open.
summary-open-applications = { $count ->
    [one] 1 application not yet checked or marked N/A: { $names }
   *[other] { $count } applications not yet checked or marked N/A: { $names }
}
summary-scan-this-server = this server
summary-scan-snapshot = snapshot { $path }
summary-scan-where = , { $source }, { $when }
summary-secret-soon = ; { $days } days left: renew it now
summary-secret-expired = ; expired: create a new secret
summary-secret-elsewhere = Stored on the computer this session comes from, expires on { $date }
summary-token = Token
summary-token-value = { $kind }; account: { $account }; consented on { $consented }; refresh token last renewed: { $refresh }
summary-changes = Changes to the mail settings
summary-change-what = Change
summary-change-place = Where
summary-change-backup = Backup of the old value
summary-change-no-backup = no backup

## Documents
summary-pdf-save = Save PDF
summary-print = Print
    .tooltip = Saves the PDF in the folder above and hands it to the printer (on Windows the print dialog of your PDF application; elsewhere the PDF opens to print from there).
summary-copy-text = Copy as text
    .tooltip = The summary as plain text on the clipboard, for a ticket or a mail.
summary-copied-text = Copied: paste it into a ticket or a mail.
summary-printed = Saved and sent to the printer: { $path }
summary-print-opened = Saved and opened to print: { $path }
summary-print-failed = The summary could not be printed
summary-print-failed-fix = Save the PDF and print it from your PDF application.
summary-save-failed = The document could not be saved

## Printed pages (HTML report, PDF, text copy)
report-col-na = N/A
report-col-checked = Checked
report-open-marker = to do
report-page-of = Page { $page } of { $pages }
report-footer = Overstap { $version } · { $when }

## Command line: overstap report
report-cli-written = Written: { $path }
report-cli-no-ics = No reminder written: the session records no client secret with an expiry date.
report-cli-failed = Could not write { $path }: { $error }

## The plan's changes on the Summary ($key: the setting, $before/$after: its value before and after)
summary-change-written = { $key }: { $before } -> { $after }, written and verified on { $date }
summary-change-undone = { $key }: undone on { $date }, back to { $before }
summary-change-failed = { $key }: not written ({ $before } stays): { $reason }
summary-change-planned = { $key }: { $before } -> { $after }, planned, not written yet
summary-change-by-hand = { $key }: { $before } -> { $after }, to do by hand: { $route }
summary-change-by-hand-checked = { $key }: { $before } -> { $after }, done by hand ({ $route }) and checked
summary-change-undo = To undo a change Overstap wrote: press Undo at that change on the Applications page, or run "overstap undo" on this server (it restores the original bytes from the backup, and refuses when the file changed after Overstap wrote it).

## The relay on the Summary
summary-relay = Overstap relay
summary-relay-service = ; Windows service: { $state }
summary-relay-service-not-installed = not installed
summary-relay-service-stopped = stopped
summary-relay-service-starting = starting
summary-relay-service-stopping = stopping
summary-relay-service-running = running
summary-relay-service-other = paused or another state
summary-relay-dead = ; { $count ->
    [one] 1 message could not be delivered (dead-letter folder)
   *[other] { $count } messages could not be delivered (dead-letter folder)
}
summary-relay-untested = No test message has been sent through it yet.
summary-relay-test-delivered = Test on { $when }: delivered to Exchange Online (queue id { $detail })
summary-relay-test-dead = Test on { $when }: not delivered: { $detail }
summary-relay-test-waiting = Test on { $when }: still in the queue; last error: { $detail }
summary-relay-test-refused = Test on { $when }: the relay did not accept it: { $detail }
