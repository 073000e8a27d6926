using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ProBono.Feedback.Mail;

/// <summary>
/// One connection to the mail server for a page of invitations, opened when the first mail goes and opened again
/// after a fault. <see cref="Send"/> answers null when the server took the mail, the server's words when it refused it
/// for good (5xx), and throws when trying again may work (unreachable, 4xx, a dropped connection).
/// </summary>
internal sealed class SmtpConnection(MailSettings settings) : IAsyncDisposable
{
    private SmtpClient? client;

    public async Task<string?> Send(MimeMessage message, CancellationToken ct)
    {
        try
        {
            if (client is not { IsConnected: true })
            {
                client?.Dispose();
                client = new SmtpClient { Timeout = 15_000 };
                await client.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.Auto, ct);
            }
            await client.SendAsync(message, ct);
            return null;
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            return $"{(int)refused.StatusCode} {refused.Message}";
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
                                       or System.Net.Sockets.SocketException or TimeoutException)
        {
            client?.Dispose();
            client = null;
            throw;
        }
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
