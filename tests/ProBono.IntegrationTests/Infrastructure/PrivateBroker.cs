using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the test's own (the machine's rabbitmq-server, started with the AppHost's local script on
/// free ports), so a test can take the broker down and bring it back without disturbing the other tests.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-broker-{Guid.NewGuid():N}");
    private readonly int distPort = Ports.Free();
    private Process? process;

    public int Port { get; } = Ports.Free();

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static bool Installed => File.Exists(Server);

    public async Task Start()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot(), "AppHost", "infra", "local", "rabbitmq.sh");
        process = Process.Start(new ProcessStartInfo("bash", [script, data, Port.ToString(), distPort.ToString()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The private RabbitMQ node exited with code {process.ExitCode}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the private RabbitMQ node to listen");
    }

    /// <summary>SIGKILL to the node and its Erlang VM: the broker vanishes as in a crash; its durable state stays on disk.</summary>
    public async Task Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
    }

    /// <summary>A durable queue on the fanout <paramref name="exchange"/>: it keeps what is published while nobody reads, across the node's restart.</summary>
    public async Task DeclareDurableWatch(string exchange, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(Uri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, routingKey: "");
    }

    /// <summary>Takes every message now in <paramref name="queue"/> off it: their MassTransit envelopes, in queue order.</summary>
    public async Task<IReadOnlyList<JsonElement>> Take(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(Uri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var envelopes = new List<JsonElement>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
        {
            envelopes.Add(JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement);
        }
        return envelopes;
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // in /tmp; a straggling file is harmless
        }
    }
}
