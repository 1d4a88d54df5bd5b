# Overstap - SMTP en IMAP namens een aangemelde gebruiker (gedelegeerd) - Gedelegeerd: het eigen postvak van de aangemelde gebruiker
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Sta SMTP AUTH en IMAP toe voor het postvak en toon daarna het resultaat.
Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false -ImapEnabled $true
Get-CASMailbox -Identity $mailbox | Format-List SmtpClientAuthenticationDisabled, ImapEnabled

Disconnect-ExchangeOnline -Confirm:$false
