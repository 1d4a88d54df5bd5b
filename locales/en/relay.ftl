## The relay's non-delivery report (sent to the application's sender)
relay-bounce-subject = Undeliverable: { $subject }
relay-bounce-body =
    The Overstap relay could not deliver your message "{ $subject }" (queue id { $id }) to: { $recipients }.
    Reason: { $reason }
    The administrator of this server finds the message in the relay's dead-letter folder.

## Page: Test send, the relay panel
relay-heading = Overstap relay for applications that cannot use OAuth
relay-intro = Some applications (IIS sites on System.Net.Mail, Reporting Services, Database Mail, the IIS SMTP service, scanners) will never sign in with OAuth. Point them at the Overstap relay on this server instead: it accepts their mail, keeps every message on disk until Exchange Online has it, and delivers it with this registration's app-only token.
relay-state-none = Not set up
relay-state-stopped = Set up, not running
relay-state-running = Running on { $listen }
relay-queue = Queue: { $waiting } waiting, { $retrying } to retry, { $dead } undeliverable
relay-listen = Listen address
relay-port = Port
relay-allowed = Other allowed clients
relay-route-smtp = Deliver with SMTP AUTH (XOAUTH2)
relay-route-smtp-hint = The message goes to Exchange Online unchanged, up to 35 MB. Needs SMTP AUTH allowed for the mailbox.
relay-route-graph = Deliver with Microsoft Graph sendMail
relay-route-graph-hint = No SMTP AUTH needed; messages up to 4 MB (larger ones are refused with a clear reason).
relay-rewrite = Send mail from other senders as { $mailbox } (the original sender becomes the reply address); otherwise the relay refuses them
relay-install = Save settings and install
relay-start = Start
relay-stop = Stop
relay-remove = Remove
relay-no-service = On this system the relay does not run as a Windows service: start it with "overstap relay run" (under systemd or in a terminal).
relay-needs-admin = Installing, starting and removing the relay needs administrator rights.
relay-needs-admin-fix = Restart Overstap as administrator; your session is kept.
relay-needs-tenant = Look up the tenant and enter the client ID on the Registration page first.
relay-needs-mailbox = Enter the sender mailbox above: the relay sends as this mailbox.
relay-bad-listen = The listen address is not an IP address (for example 127.0.0.1).
relay-bad-port = The port is not a number between 1 and 65535.
relay-bad-allowed = An allowed client is neither an IP address nor a range such as 192.168.10.0/24.
relay-open-relay = An address other than 127.0.0.1 needs allowed clients, otherwise anyone could send through the relay.
relay-smtp-cloud = SMTP delivery is only known for the worldwide cloud here: choose Microsoft Graph.
relay-busy-refresh = Reading the relay's state...
relay-busy-install = Saving the settings and installing the relay...
relay-busy-start = Starting the relay...
relay-busy-stop = Stopping the relay...
relay-busy-remove = Removing the relay...
relay-busy-send-test = Sending the test through the relay...
relay-failed-refresh = The relay's state could not be read
relay-failed-install = Installing the relay failed
relay-failed-start = Starting the relay failed
relay-failed-stop = Stopping the relay failed
relay-failed-remove = Removing the relay failed
relay-failed-send-test = The test through the relay failed
relay-send-test = Send the test through the relay
relay-test-body = This message went through the Overstap relay on { $listen } and was delivered with OAuth.
relay-test-sending = Handing the test message to the relay...
relay-test-following = The relay accepted the message ({ $id }); waiting for Exchange Online...
relay-test-ok-title = Delivered through the relay
relay-test-ok = The relay accepted the test message and delivered it to Exchange Online (queue id { $id }). Applications pointed at the relay now send with OAuth.
relay-test-dead-title = The relay could not deliver the test
relay-test-dead = Message { $id } is in the relay's dead-letter folder. Reason: { $reason }
relay-test-waiting-title = The test is still in the relay's queue
relay-test-waiting = Message { $id } has waited { $seconds } seconds; the relay keeps trying. Last error: { $error }
relay-test-refused-title = The relay did not accept the test message
