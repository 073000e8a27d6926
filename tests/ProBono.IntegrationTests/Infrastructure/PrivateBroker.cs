using System.Text;
using RabbitMQ.Client;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the test run's own, started by the AppHost's local script and tethered to this process
/// (<see cref="ServerScript"/>): a fault test takes it down and back without disturbing the other tests.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-broker-{Guid.NewGuid():N}");
    private readonly int distPort = Ports.Free();
    private readonly int epmdPort = Ports.Free();
    private ServerScript? script;

    public int Port { get; } = Ports.Free();

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static bool Installed => File.Exists(Server);

    public async Task Start()
    {
        script = ServerScript.Start("rabbitmq.sh", data, Port.ToString(), distPort.ToString(), epmdPort.ToString());
        await script.Ready("The private RabbitMQ node", () => LoopbackPorts.Listening(Port), "the private RabbitMQ node to listen");
    }

    /// <summary>SIGKILL to the node and its Erlang VM: the broker vanishes as in a crash; its durable state stays on disk.</summary>
    public Task Kill()
    {
        script?.Kill();
        script?.Dispose();
        script = null;
        return Task.CompletedTask;
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
        await ServerScript.EndAndDelete(script, data);
        script = null;
    }
}
