# Overstap - AllSolutions (Exchange Web Services)
# Run in PowerShell as an Exchange Online administrator (Exchange Administrator role).

# Connect to Exchange Online (the module is installed once).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

# The field Exchange account in Gebruikers (MGEBRU) must hold the UPN. Compare it with the column
# UserPrincipalName; where UpnIsMail is False, the mail address is not the UPN.
# No users listed: all user mailboxes.
$mailboxes = Get-Mailbox -ResultSize Unlimited -RecipientTypeDetails UserMailbox
$mailboxes |
    Select-Object DisplayName, UserPrincipalName, PrimarySmtpAddress,
        @{ Name = 'UpnIsMail'; Expression = { $_.UserPrincipalName -eq $_.PrimarySmtpAddress } } |
    Sort-Object UserPrincipalName |
    Format-Table -AutoSize
# The same list from Microsoft Graph (Graph Explorer, permission User.Read.All):
# GET https://graph.microsoft.com/v1.0/users?$select=displayName,userPrincipalName,mail

# AllSolutions supports OAuth only with IMAP over port 993: enable IMAP for the account from MZZPAR.
$account = '<mzzpar-account@domain>'
Get-CASMailbox -Identity $account | Format-List ImapEnabled
Set-CASMailbox -Identity $account -ImapEnabled $true
Get-CASMailbox -Identity $account | Format-List ImapEnabled

Disconnect-ExchangeOnline -Confirm:$false
