using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// Talks to RabbitMQ below MassTransit, as another platform would: watches what really reaches an exchange,
/// and publishes hand-made envelopes (for example the same message twice).
/// </summary>
public sealed class RawBroker : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private RawBroker(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<RawBroker> Connect(TestServers servers)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        return new RawBroker(connection, await connection.CreateChannelAsync());
    }

    /// <summary>An exclusive queue bound to <paramref name="exchange"/>; every message published there from now on lands in it.</summary>
    public async Task<ExchangeWatch> Watch(string exchange)
    {
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, exchange, routingKey: "");
        var watch = new ExchangeWatch();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            watch.Add(delivery);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return watch;
    }

    /// <summary>Publishes a MassTransit JSON envelope carrying <paramref name="message"/> under the given message id.</summary>
    public async Task PublishEnvelope(string exchange, string messageUrn, Guid messageId, object message, string routingKey = "")
    {
        if (exchange.Length > 0)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        }
        var envelope = new
        {
            messageId,
            conversationId = Guid.NewGuid(),
            sourceAddress = "rabbitmq://localhost/integration-tests",
            destinationAddress = $"rabbitmq://localhost/{exchange}",
            messageType = new[] { $"urn:message:{messageUrn}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.masstransit+json",
            MessageId = messageId.ToString(),
            Persistent = true,
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body);
    }

    /// <summary>Sends an envelope straight to one queue (the default exchange), bypassing every other subscriber.</summary>
    public async Task SendEnvelope(string queue, string messageUrn, Guid messageId, object message) =>
        await PublishEnvelope("", messageUrn, messageId, message, routingKey: queue);

    public async Task DeleteQueue(string queue) => await channel.QueueDeleteAsync(queue);

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>One message as RabbitMQ delivered it: its content type and its MassTransit envelope.</summary>
public sealed record Delivery(string ContentType, JsonElement Envelope)
{
    public JsonElement Message => Envelope.GetProperty("message");
}

public sealed class ExchangeWatch
{
    private readonly ConcurrentQueue<Delivery> received = new();

    internal void Add(BasicDeliverEventArgs delivery) =>
        received.Enqueue(new Delivery(
            delivery.BasicProperties.ContentType ?? "",
            JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement));

    /// <summary>The first delivery whose message satisfies <paramref name="match"/>.</summary>
    public Task<Delivery> First(Func<JsonElement, bool> match, TimeSpan? within = null) =>
        Eventually.Get(() => Task.FromResult(received.FirstOrDefault(d => match(d.Message))), within, "a message on the exchange");

    public int Count(Func<JsonElement, bool> match) => received.Count(d => match(d.Message));

    /// <summary>Every delivery so far whose message satisfies <paramref name="match"/>, in arrival order.</summary>
    public IReadOnlyList<Delivery> All(Func<JsonElement, bool> match) => [.. received.Where(d => match(d.Message))];
}
