using System.Reflection;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using RabbitMQ.Client;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>One message that exhausted its retries and sits in an <c>_error</c> queue, with why it failed.</summary>
public sealed record FailedMessage(
    string Queue,
    string? MessageId,
    IReadOnlyList<string> MessageType,
    string? ExceptionType,
    string? Reason,
    DateTimeOffset? FailedAt,
    string Body);

/// <summary>
/// Staff see the poison messages of this service (<c>GET /admin/messaging/errors</c>) and send them back to their
/// queue once the cause is fixed (<c>POST /admin/messaging/errors/redeliver</c>). The <c>_error</c> queues stay
/// the source of truth; reading them returns every message to its place.
/// </summary>
public static class FailedMessages
{
    private const int MaxPerQueue = 100;

    /// <summary>Maps the two endpoints; each service with consumers calls it from its composition root.</summary>
    public static IEndpointRouteBuilder MapFailedMessages(this IEndpointRouteBuilder app)
    {
        // every service maps these: its name in the operation ids keeps them unique across the four documents
        var service = app.ServiceProvider.GetService<OpenApiService>()?.OperationIdPrefix ?? "";
        var admin = app.MapGroup("/admin/messaging").WithTags(service.Length > 0 ? $"{service} messaging (staff)" : "Messaging (staff)").RequireAuthorization(Policies.Staff);

        admin.MapGet("/errors", async (IServiceProvider services, CancellationToken ct) =>
            {
                await using var connection = await Connect(services, ct);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                var failed = new List<FailedMessage>();
                foreach (var queue in ErrorQueues(services))
                {
                    if (!await Exists(connection, queue, ct))
                    {
                        continue;
                    }
                    // unacknowledged gets return to the queue, in order, when the channel closes: a peek
                    for (var i = 0; i < MaxPerQueue && await channel.BasicGetAsync(queue, autoAck: false, ct) is { } delivery; i++)
                    {
                        failed.Add(Describe(queue, delivery));
                    }
                }
                return TypedResults.Ok(new Page<FailedMessage>(failed, failed.Count));
            })
            .WithName($"{service}ListFailedMessages")
            .WithSummary("Messages that exhausted their retries, per error queue (staff).");

        admin.MapPost("/errors/redeliver", async (IServiceProvider services, CancellationToken ct) =>
            {
                await using var connection = await Connect(services, ct);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                var moved = 0;
                foreach (var queue in ErrorQueues(services))
                {
                    if (!await Exists(connection, queue, ct))
                    {
                        continue;
                    }
                    var target = queue[..^"_error".Length];
                    while (await channel.BasicGetAsync(queue, autoAck: false, ct) is { } delivery)
                    {
                        var properties = new BasicProperties(delivery.BasicProperties);
                        await channel.BasicPublishAsync("", target, mandatory: false, properties, delivery.Body, ct);
                        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
                        moved++;
                    }
                }
                return TypedResults.Ok(new { redelivered = moved });
            })
            .WithName($"{service}RedeliverFailedMessages")
            .WithSummary("Send every failed message back to its queue (staff).");
        return app;
    }

    private static FailedMessage Describe(string queue, BasicGetResult delivery)
    {
        var headers = delivery.BasicProperties.Headers ?? new Dictionary<string, object?>();
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;
        var body = Encoding.UTF8.GetString(delivery.Body.Span);
        var types = new List<string>();
        try
        {
            using var envelope = System.Text.Json.JsonDocument.Parse(body);
            if (envelope.RootElement.TryGetProperty("messageType", out var messageType))
            {
                types.AddRange(messageType.EnumerateArray().Select(t => t.GetString() ?? ""));
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not a MassTransit envelope: shown as it is
        }
        return new FailedMessage(
            queue,
            delivery.BasicProperties.MessageId,
            types,
            Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message") ?? Header("MT-Reason"),
            DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), out var at) ? at : null,
            body);
    }

    /// <summary>The error queue of every consumer endpoint of this service, named as MassTransit names them.</summary>
    private static IEnumerable<string> ErrorQueues(IServiceProvider services)
    {
        var formatter = services.GetRequiredService<IEndpointNameFormatter>();
        var format = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return services.GetRequiredService<ConsumerTypes>().Types
            .Select(t => (string)format.MakeGenericMethod(t).Invoke(formatter, null)! + "_error")
            .Distinct();
    }

    private static async Task<bool> Exists(IConnection connection, string queue, CancellationToken ct)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, ct);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false; // nothing ever failed there
        }
    }

    private static Task<IConnection> Connect(IServiceProvider services, CancellationToken ct) =>
        new ConnectionFactory { Uri = new Uri(services.GetRequiredService<IConfiguration>().GetConnectionString(MessagingSetup.ConnectionName)!) }
            .CreateConnectionAsync(ct);
}

/// <summary>The consumer types the bus was configured with (for naming their queues).</summary>
internal sealed record ConsumerTypes(IReadOnlyList<Type> Types);
