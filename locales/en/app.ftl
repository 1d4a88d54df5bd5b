## The frame around every page: header, step indicator, navigation, shared widgets.

-product = Overstap
app-name = { -product }
app-tagline = Exchange Online: from basic authentication to OAuth 2.0
app-file-problem = Overstap could not save your settings or session file. Your work in this window is not lost.
app-autosave-unreadable = The session saved automatically last time could not be read, so Overstap starts afresh.
internal-error = This should not happen. Copy the details and send them to your Overstap supplier ({ $detail }).

header-language = Language
    .tooltip = Switch the language of every page at once. Overstap remembers your choice.

header-help = Help
    .tooltip = The general guidance of the checklist, beside every page.
help-close = Close

## Step names (short, for the step indicator)
page-welcome = Welcome
page-scan = Scan
page-registration = Registration
page-secret = Secret
page-consent = Consent
page-test-send = Test send
page-applications = Applications
page-summary = Summary

step-of = Step { $current } of { $total }
step-current = You are here.
step-done = Complete. Click to go back to this step.
step-open = Nothing missing before this step. Click to go there.
step-blocked = First finish step { $number } ({ $page }): { $reason }

nav-back = Back
    .tooltip = Previous step (Esc). Nothing you entered is lost.
nav-next = Next
    .tooltip = Next step (Enter)
nav-finished = This is the last step.

## What a page still needs before Next
blocker-choose-role = Choose your role.
blocker-scan-not-run = Run the scan, or tick that you will mark the applications by hand.
blocker-choose-scenario = Choose how the applications will sign in to Exchange Online.
blocker-tenant-id-missing = Enter the tenant ID.
blocker-tenant-id-invalid = The tenant ID is not a valid GUID.
blocker-client-id-missing = Enter the client ID (Application ID).
blocker-client-id-invalid = The client ID is not a valid GUID.
blocker-same-ids = Tenant ID and client ID are the same: one of them was copied from the wrong line.
blocker-secret-not-stored = Paste the client secret's value and store it.
blocker-secret-expiry-missing = Enter when the client secret expires.
blocker-secret-expiry-too-far = The expiry date is more than 24 months away; check the date in the portal.
blocker-secret-expired = The client secret has expired: create a new one in the portal.
blocker-consent-open = Complete the consent, or tick that you will do it later.
blocker-test-send-open = Send a test message, or tick that you will test later.

## Shared widgets
widget-copy = Copy
    .tooltip = Copy this value to the clipboard
widget-copied = Copied
widget-copy-details = Copy details for a support ticket
widget-cancel = Cancel
widget-browse = Browse…
    .tooltip = Choose with a dialog. You can also type or paste the path.
widget-save-folder = Save in folder
dialog-title-session = Choose the session file
dialog-filter-session = Overstap session (.json)
dialog-title-snapshot = Choose the folder of the server snapshot
dialog-title-registry = Choose the registry export of the snapshot
dialog-filter-registry = Registry export (.reg)
dialog-title-catalog = Choose the partner's catalogue folder
dialog-title-folder = Choose the folder to save in

## Pasted GUIDs (tenant ID, client ID)
guid-ok = Valid: { $guid }
guid-error-empty = Empty.
guid-error-length = { $found } hexadecimal digits instead of 32: part of the value is missing or doubled.
guid-error-character = The character "{ $character }" does not belong in an ID. Did you copy a name instead of the ID?
guid-error-dashes = The dashes are in the wrong places (expected 8-4-4-4-12 characters).

## Outside the window
window-failed = Overstap could not open its window. What was tried:
window-failed-fix = Over Remote Desktop, make sure the graphics driver is installed or try OVERSTAP_RENDERER=wgpu. Send this text to your partner if the problem remains.
## Files you save or open (scripts, documents, settings, catalogue)

file-error-not-found = Nothing at { $path }: the folder or file does not exist (any more).
file-error-permission = Windows does not allow this account to open or write { $path }. Choose a folder you may write to, or ask for the rights.
file-error-full = The disk of { $path } is full (or your quota is used up). Free some space or choose another folder.
file-error-read-only = { $path } is on a read-only disk. Choose another folder.
file-error-other = { $path } could not be used ({ $detail }).
catalog-error-invalid = Problems in the catalogue files ({ $count }):
    { $problems }
pdf-error-font = Overstap's font could not be read; the PDF was not made.
pdf-error-write = The PDF could not be made ({ $detail }).
