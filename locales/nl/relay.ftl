## Het onbestelbaar-bericht van de relay (naar de afzender van de applicatie)
relay-bounce-subject = Onbestelbaar: { $subject }
relay-bounce-body =
    De Overstap-relay kon uw bericht "{ $subject }" (wachtrijnummer { $id }) niet afleveren bij: { $recipients }.
    Reden: { $reason }
    De beheerder van deze server vindt het bericht in de map met onbestelbare berichten van de relay.
