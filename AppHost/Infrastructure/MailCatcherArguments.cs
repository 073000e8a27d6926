namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// How smtp4dev is started for a local run: its ports, in memory, no IMAP or POP3, and how many messages it keeps
/// (<c>Mail:MessagesToKeep</c>; smtp4dev's own default, 100, is fewer than one demo play-through sends). Pure, so the
/// integration tests start the mail catcher exactly as the AppHost does (the file is compiled into them too).
/// </summary>
internal static class MailCatcherArguments
{
    public const int DefaultMessagesToKeep = 1_000;

    public static IReadOnlyList<string> For(int smtpPort, int webPort, int messagesToKeep = DefaultMessagesToKeep) =>
    [
        $"--urls=http://127.0.0.1:{webPort}", $"--smtpport={smtpPort}", "--bindaddress=127.0.0.1",
        "--imapport=0", "--pop3port=0", "--db=", "--hostname=localhost",
        // per mailbox (every mail lands in the one default mailbox); a session is one SMTP connection, kept as many
        $"--messagestokeep={messagesToKeep}", $"--sessionstokeep={messagesToKeep}",
    ];
}
