using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal SMTP server on loopback (no TLS, no authentication) that keeps every message it accepts, so a test sees what
/// a service sent over the wire. While not <see cref="Available"/> it answers "421" (an outage to wait out); recipients
/// starting with "refused" get "550" (a refusal for good).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public SmtpSink()
    {
        listener.Start();
        accepting = Accept();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    public volatile bool Available = true;

    private int turned;

    /// <summary>How many connections were turned away while not <see cref="Available"/>.</summary>
    public int Turned => Volatile.Read(ref turned);

    private async Task Accept()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => Converse(client));
        }
    }

    private async Task Converse(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        if (!Available)
        {
            Interlocked.Increment(ref turned);
            await writer.WriteLineAsync("421 localhost not available, try later");
            return;
        }
        await writer.WriteLineAsync("220 localhost test SMTP");
        var recipients = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "MAIL":
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    var recipient = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                    if (recipient.StartsWith("refused", StringComparison.Ordinal))
                    {
                        await writer.WriteLineAsync("550 5.1.1 no such mailbox");
                        break;
                    }
                    recipients.Add(recipient);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.AppendLine(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine);
                    }
                    Received.Enqueue(new ReceivedMail([.. recipients], data.ToString()));
                    await writer.WriteLineAsync("250 OK: queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}

public sealed record ReceivedMail(IReadOnlyList<string> To, string Raw)
{
    /// <summary>The mail as a reader sees it (headers decoded, the body's transfer encoding undone).</summary>
    public MimeKit.MimeMessage Message => MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Raw)));
}
