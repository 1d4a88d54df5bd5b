## The relay's non-delivery report (sent to the application's sender)
relay-bounce-subject = Undeliverable: { $subject }
relay-bounce-body =
    The Overstap relay could not deliver your message "{ $subject }" (queue id { $id }) to: { $recipients }.
    Reason: { $reason }
    The administrator of this server finds the message in the relay's dead-letter folder.
