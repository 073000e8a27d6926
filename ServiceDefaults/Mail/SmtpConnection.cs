using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ProBono.ServiceDefaults.Mail;

/// <summary>What became of one message handed to the mail server.</summary>
public enum SmtpOutcome
{
    /// <summary>The server took it (250 after the data).</summary>
    Accepted,

    /// <summary>The server refused it for good (5xx): sending it again would be refused again.</summary>
    Refused,

    /// <summary>It did not leave (no connection, or a 4xx answer): it can be sent again later.</summary>
    TryLater,

    /// <summary>The connection broke while the message was on its way: the server may have taken it, or not.</summary>
    MayHaveLeft,
}

/// <summary>The outcome of one message, with the server's words or the fault when it was not accepted.</summary>
public sealed record SmtpResult(SmtpOutcome Outcome, string? Reason = null);

/// <summary>
/// One connection to the mail server for a batch of mails, opened when the first one goes and opened again after a
/// fault. <see cref="Deliver"/> says exactly what became of a message, for a mailer that must never send one twice;
/// <see cref="Send"/> is its short form for a mailer that sends again whatever may not have left.
/// </summary>
public sealed class SmtpConnection(SmtpServer server) : IAsyncDisposable
{
    private SmtpClient? client;

    /// <summary>Opens the connection if it is not open; throws when the server cannot be reached (nothing was sent).</summary>
    public async Task Connect(CancellationToken ct)
    {
        if (client is { IsConnected: true })
        {
            return;
        }
        client?.Dispose();
        client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.Auto, ct);
        }
        catch
        {
            client.Dispose();
            client = null;
            throw;
        }
    }

    public async Task<SmtpResult> Deliver(MimeMessage message, CancellationToken ct)
    {
        try
        {
            await Connect(ct);
        }
        catch (Exception ex) when (IsFault(ex) || ex is SmtpCommandException)
        {
            return new SmtpResult(SmtpOutcome.TryLater, Describe(ex));
        }
        try
        {
            await client!.SendAsync(message, ct);
            return new SmtpResult(SmtpOutcome.Accepted);
        }
        catch (SmtpCommandException answered)
        {
            // the server answered a command with a refusal: the message was not taken. After a 4xx the connection is
            // opened afresh for the next try
            if ((int)answered.StatusCode >= 500)
            {
                return new SmtpResult(SmtpOutcome.Refused, Describe(answered));
            }
            Drop();
            return new SmtpResult(SmtpOutcome.TryLater, Describe(answered));
        }
        catch (Exception ex) when (IsFault(ex) || ex is OperationCanceledException)
        {
            Drop();
            return new SmtpResult(SmtpOutcome.MayHaveLeft, Describe(ex));
        }
    }

    /// <summary>
    /// Null when the server took the message, the server's words when it refused it for good (5xx); throws when trying
    /// again may work (unreachable, 4xx, a dropped connection: then the message may also have left).
    /// </summary>
    public async Task<string?> Send(MimeMessage message, CancellationToken ct)
    {
        var result = await Deliver(message, ct);
        return result.Outcome switch
        {
            SmtpOutcome.Accepted => null,
            SmtpOutcome.Refused => result.Reason,
            _ => throw new IOException($"The mail server did not take the message: {result.Reason}"),
        };
    }

    private static bool IsFault(Exception ex) =>
        ex is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or TimeoutException;

    private static string Describe(Exception ex) =>
        ex is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : $"{ex.GetType().Name}: {ex.Message}";

    private void Drop()
    {
        client?.Dispose();
        client = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (client is { IsConnected: true })
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException)
            {
                // the mails were sent; a connection that drops at QUIT changes nothing
            }
        }
        client?.Dispose();
    }
}
