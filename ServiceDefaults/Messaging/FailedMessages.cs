using System.ComponentModel;
using System.Reflection;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;
using ProBono.ServiceDefaults.Telemetry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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
/// Staff list this service's poison messages (<c>/admin/messaging/errors</c>), send them all back once the cause is
/// fixed, or redeliver or discard one by its MassTransit message id. The <c>_error</c> queues stay the source of truth.
/// </summary>
/// <remarks>
/// Messages are taken unacknowledged (<c>basic.get</c>) and the ones not acted on rejected with <c>requeue</c>, which
/// keeps their place in a classic queue. Messages one caller holds are hidden from another (error queues have no
/// consumer, so only staff calls take them), so every staff call first takes a broker-wide lock, on every replica: the
/// exclusive queue <c>{errorQueue}-staff-lock</c>, dropped when its connection closes, even if the process dies; a
/// second caller waits <see cref="LockWait"/>, then gets 409.
/// </remarks>
public static class FailedMessages
{
    private const int MaxPerQueue = 100;

    /// <summary>How long a staff call waits for another one on the same error queues to finish.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);

    /// <summary>Maps the four endpoints; each service with consumers calls it from its composition root.</summary>
    public static IEndpointRouteBuilder MapFailedMessages(this IEndpointRouteBuilder app)
    {
        // every service maps these: its name in the operation ids keeps them unique across the four documents
        var service = app.ServiceProvider.GetService<OpenApiService>()?.OperationIdPrefix ?? "";
        var admin = app.MapGroup("/admin/messaging").WithTags(service.Length > 0 ? $"{service} messaging (staff)" : "Messaging (staff)").RequireAuthorization(Policies.Staff);

        admin.MapGet("/errors", async (IServiceProvider services, CancellationToken ct) =>
            {
                await using var connection = await Connect(services, ct);
                var queues = ErrorQueues(services).ToList();
                await Lock(connection, queues, ct);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                var failed = new List<FailedMessage>();
                foreach (var queue in queues)
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
            .WithSummary("Messages that exhausted their retries, per error queue, oldest first (staff).")
            .ProducesProblems(StatusCodes.Status409Conflict);

        admin.MapPost("/errors/redeliver", async (IServiceProvider services, CancellationToken ct) =>
            {
                await using var connection = await Connect(services, ct);
                var queues = ErrorQueues(services).ToList();
                await Lock(connection, queues, ct);
                await using var channel = await connection.CreateChannelAsync(Confirmed, ct);
                var moved = 0;
                foreach (var queue in queues)
                {
                    if (!await Exists(connection, queue, ct))
                    {
                        continue;
                    }
                    while (await channel.BasicGetAsync(queue, autoAck: false, ct) is { } delivery)
                    {
                        // refused, this one goes back to the error queue with the channel; those moved before stay moved
                        await SendBack(channel, queue, delivery, delivery.Body,
                            target => $"{target} does not take messages now; {moved} were sent back, the rest stay in {queue}.", ct);
                        moved++;
                    }
                }
                return TypedResults.Ok(new { redelivered = moved });
            })
            .WithName($"{service}RedeliverFailedMessages")
            .WithSummary("Send every failed message back to its queue (staff).")
            .ProducesProblems(StatusCodes.Status409Conflict);

        admin.MapPost("/errors/{messageId}/redeliver", async (
                [Description("The failed message's MassTransit message id (a UUID), as the list shows it.")] string messageId,
                [Description("Its error queue, as the list shows it; needed only when the id sits in more than one.")] string? queue,
                HttpContext http, CancellationToken ct) =>
            {
                await ActOnOne(http, messageId, queue, redeliver: true, ct);
                return TypedResults.NoContent();
            })
            .WithName($"{service}RedeliverFailedMessage")
            .WithSummary("Send one failed message back to its queue, by its message id (staff); the others stay in place, in order. " +
                "`queue` names its error queue when the same id sits in more than one (409 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        admin.MapDelete("/errors/{messageId}", async (
                [Description("The failed message's MassTransit message id (a UUID), as the list shows it.")] string messageId,
                [Description("Its error queue, as the list shows it; needed only when the id sits in more than one.")] string? queue,
                HttpContext http, CancellationToken ct) =>
            {
                await ActOnOne(http, messageId, queue, redeliver: false, ct);
                return TypedResults.NoContent();
            })
            .WithName($"{service}DiscardFailedMessage")
            .WithSummary("Discard one failed message for good, by its message id (staff; logged and counted); the others stay in place, in order. " +
                "`queue` names its error queue when the same id sits in more than one (409 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Publisher confirms, tracked by the client: a publish returns once the broker holds the copy, and throws if it does not.</summary>
    private static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    /// <summary>
    /// Redelivers or discards the first message of id <paramref name="rawId"/> in <paramref name="queue"/> (or in whichever of
    /// the service's error queues holds it); every other message goes back where it was.
    /// </summary>
    private static async Task ActOnOne(HttpContext http, string rawId, string? queue, bool redeliver, CancellationToken ct)
    {
        var services = http.RequestServices;
        if (!Guid.TryParse(rawId, out var messageId))
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["messageId"] = ["'messageId' must be a UUID (a message id as the list shows it)."] });
        }
        var queues = ErrorQueues(services).ToList();
        if (queue is not null && !queues.Contains(queue, StringComparer.Ordinal))
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["queue"] = [$"'queue' must be one of this service's error queues: {string.Join(", ", queues)}."] });
        }
        var searched = queue is null ? queues : [queue];

        await using var connection = await Connect(services, ct);
        await Lock(connection, searched, ct);
        await using var channel = await connection.CreateChannelAsync(Confirmed, ct);
        var found = new List<(string Queue, BasicGetResult Delivery, byte[] Body)>();
        var held = new List<ulong>(); // delivery tags taken and not acknowledged
        try
        {
            foreach (var name in searched)
            {
                if (!await Exists(connection, name, ct))
                {
                    continue;
                }
                // held unacknowledged up to the first match; an id twice in one queue is acted on once, the oldest first
                while (await channel.BasicGetAsync(name, autoAck: false, ct) is { } delivery)
                {
                    held.Add(delivery.DeliveryTag);
                    if (Guid.TryParse(delivery.BasicProperties.MessageId, out var id) && id == messageId)
                    {
                        found.Add((name, delivery, delivery.Body.ToArray()));
                        break;
                    }
                }
            }
            if (found.Count == 0)
            {
                throw new NotFound(queue is null
                    ? $"No failed message {messageId} in this service's error queues."
                    : $"No failed message {messageId} in {queue}.");
            }
            if (found.Count > 1)
            {
                throw new StateConflict($"Failed message {messageId} sits in {found.Count} error queues ({string.Join(", ", found.Select(f => f.Queue))}); name one with ?queue=.");
            }

            var (from, message, body) = found[0];
            var staff = http.User.Identity?.Name;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FailedMessages).FullName!);
            if (redeliver)
            {
                // refused, the message stays held and goes back where it was with the others (finally)
                await SendBack(channel, from, message, body, target => $"{target} does not take the message now; it stays in {from}.", ct);
                held.Remove(message.DeliveryTag);
                logger.LogInformation("Staff {Staff} redelivered failed message {MessageId} from {Queue}", staff, messageId, from);
            }
            else
            {
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
                held.Remove(message.DeliveryTag);
                services.GetRequiredService<FailedMessageMeters>().Discarded(from);
                logger.LogWarning("Staff {Staff} discarded failed message {MessageId} from {Queue}", staff, messageId, from);
            }
        }
        finally
        {
            if (held.Count > 0 && channel.IsOpen)
            {
                // every message still held (all but the one acted on) back at its place, before the lock goes; the tag
                // must be one still held (RabbitMQ closes the channel on a tag already acknowledged)
                await channel.BasicNackAsync(held.Max(), multiple: true, requeue: true, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="delivery"/>, taken from <paramref name="errorQueue"/>, back to the queue it failed on, and
    /// acknowledges the original only once the broker has confirmed the copy, so a message is never in neither queue.
    /// When the broker refuses the copy (no such queue any more: returned; or nacked), 409 with
    /// <paramref name="refused"/>(the queue's name), and the original is left unacknowledged for the caller to put back.
    /// </summary>
    private static async Task SendBack(IChannel channel, string errorQueue, BasicGetResult delivery, ReadOnlyMemory<byte> body,
        Func<string, string> refused, CancellationToken ct)
    {
        var target = errorQueue[..^"_error".Length];
        try
        {
            // on a channel with tracked confirms: returns once the broker holds the copy, throws if it does not
            await channel.BasicPublishAsync("", target, mandatory: true, new BasicProperties(delivery.BasicProperties), body, ct);
        }
        catch (RabbitMQ.Client.Exceptions.PublishException)
        {
            throw new StateConflict(refused(target));
        }
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
    }

    /// <summary>
    /// Takes the staff lock of each of <paramref name="queues"/>, in one order (two callers never wait on each other
    /// crosswise), for as long as <paramref name="connection"/> lives; 409 if another caller keeps one past <see cref="LockWait"/>.
    /// </summary>
    private static async Task Lock(IConnection connection, IEnumerable<string> queues, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + LockWait;
        foreach (var queue in queues.Order(StringComparer.Ordinal))
        {
            while (true)
            {
                // a refused declaration closes its channel: one channel per attempt
                await using var attempt = await connection.CreateChannelAsync(cancellationToken: ct);
                try
                {
                    await attempt.QueueDeclareAsync($"{queue}-staff-lock", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct);
                    break;
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 405) // RESOURCE_LOCKED: held by another connection
                {
                    if (DateTimeOffset.UtcNow > deadline)
                    {
                        throw new StateConflict($"Another staff call is working on {queue}; try again shortly.");
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
                }
            }
        }
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
