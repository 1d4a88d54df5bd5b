# Overstap - SMTP and IMAP on behalf of a signed-in user (delegated) - Delegated: the signed-in user's own mailbox
# Tenant ID: 8f7e6d5c-4b3a-2918-0716-253443526170
# Application (client) ID: 1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'
$mailbox = 'scanner@contoso.nl'

# Allow SMTP AUTH and IMAP for the mailbox, then show the result.
Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false -ImapEnabled $true
Get-CASMailbox -Identity $mailbox | Format-List SmtpClientAuthenticationDisabled, ImapEnabled

Disconnect-ExchangeOnline -Confirm:$false
