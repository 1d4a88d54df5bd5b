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
summary-changes = Changes written, with their backups
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
