# Overstap - AllSolutions (Exchange Web Services)
# Voer uit in PowerShell als Exchange Online-beheerder (rol Exchange-beheerder).

# Verbinding maken met Exchange Online (de module wordt één keer geïnstalleerd).
Install-Module ExchangeOnlineManagement -Scope CurrentUser
Connect-ExchangeOnline

# Het veld Exchange account in Gebruikers (MGEBRU) moet de UPN bevatten. Vergelijk het met de kolom
# UserPrincipalName; waar UpnIsMail False is, is het mailadres niet de UPN.
$users = @(
    'anna.jansen@contoso.nl',
    'o''brien@contoso.nl',
    'p.devries@contoso.nl'
)
$mailboxes = $users | ForEach-Object { Get-Mailbox -Identity $_ }
$mailboxes |
    Select-Object DisplayName, UserPrincipalName, PrimarySmtpAddress,
        @{ Name = 'UpnIsMail'; Expression = { $_.UserPrincipalName -eq $_.PrimarySmtpAddress } } |
    Sort-Object UserPrincipalName |
    Format-Table -AutoSize
# Dezelfde lijst via Microsoft Graph (Graph Explorer, machtiging User.Read.All):
# GET https://graph.microsoft.com/v1.0/users?$select=displayName,userPrincipalName,mail

# AllSolutions ondersteunt OAuth alleen met IMAP via poort 993: zet IMAP aan voor het account uit MZZPAR.
$account = 'exchange-sync@contoso.nl'
Get-CASMailbox -Identity $account | Format-List ImapEnabled
Set-CASMailbox -Identity $account -ImapEnabled $true
Get-CASMailbox -Identity $account | Format-List ImapEnabled

Disconnect-ExchangeOnline -Confirm:$false
