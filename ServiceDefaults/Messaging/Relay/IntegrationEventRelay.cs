using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// The reliable publisher without an outbox (ADR 2): a Marten subscription, run by the async daemon on one node,
/// publishes a page's mapped events, a stream's in commit order, streams concurrently. The daemon checkpoints only
/// after <see cref="ProcessEventsAsync"/> returns, that is after RabbitMQ confirmed the whole page: at-least-once, with
/// the event id as message id so that consumers drop what a crash made us publish twice.
/// </summary>
public sealed class IntegrationEventRelay : SubscriptionBase
{
    public const string SubscriptionName = "IntegrationEventRelay";
    public static readonly ActivitySource ActivitySource = new("ProBono.Messaging");

    // the confirms of different streams are awaited together, not one at a time (ADR 2)
    internal const int DefaultParallelism = 64;
    // a bigger page keeps the publishers busy across the page boundary, where each page waits for its slowest stream
    internal const int DefaultBatchSize = 500;

    private readonly IBus bus;
    private readonly IntegrationEventMap map;
    private readonly ILogger<IntegrationEventRelay> logger;
    private readonly PublishRetryPolicy retries;
    private readonly int parallelism;
    // a test seam: publish a page, then never return, so a SIGKILL lands between publish and checkpoint
    private readonly bool stallAfterPublishing;

    public IntegrationEventRelay(IBus bus, IntegrationEventMap map, ILogger<IntegrationEventRelay> logger, IConfiguration configuration)
    {
        this.bus = bus;
        this.map = map;
        this.logger = logger;
        retries = new PublishRetryPolicy(bus, logger);
        parallelism = Math.Max(1, configuration.GetValue("Messaging:Relay:Parallelism", DefaultParallelism));
        stallAfterPublishing = configuration.GetValue("Messaging:Faults:StallAfterPublishing", false);
        Name = SubscriptionName;
        foreach (var type in map.DomainEventTypes)
        {
            IncludeType(type);
        }
        Options.BatchSize = Math.Max(1, configuration.GetValue("Messaging:Relay:BatchSize", DefaultBatchSize));
        // fetch no page ahead while one waits for the broker, so an outage's backlog comes back in whole pages
        Options.MaximumHopperSize = 1;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await PublishPage(page.Events, cancellationToken);
        logger.LogDebug("Relayed events {From}-{To} ({Count} events) in {Elapsed} ms",
            page.SequenceFloor, page.SequenceCeiling, page.Events.Count, clock.ElapsedMilliseconds);
        if (stallAfterPublishing)
        {
            logger.LogWarning("Messaging:Faults:StallAfterPublishing is on: page published, checkpoint withheld");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>Publishes what the map makes of <paramref name="events"/> (in commit order) and returns once all of it is confirmed.</summary>
    internal Task PublishPage(IEnumerable<IEvent> events, CancellationToken cancellationToken)
    {
        var messages = events
            .Select(domainEvent => (Event: domainEvent, Message: map.Map(domainEvent)))
            .Where(mapped => mapped.Message is not null);
        return StreamPartitionedPublishing.PublishPage(messages, mapped => mapped.Event, parallelism,
            (mapped, token) => Publish(mapped.Event, mapped.Message!, token), cancellationToken);
    }

    private async Task Publish(IEvent domainEvent, object message, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(domainEvent, message);
        await retries.UntilConfirmed(token => bus.Publish(message, message.GetType(), context =>
        {
            context.MessageId = domainEvent.Id;
            if (Guid.TryParse(domainEvent.CorrelationId, out var correlation))
            {
                context.CorrelationId = correlation;
            }
            context.Headers.Set("ProBono-Stream-Version", domainEvent.Version);
            context.Headers.Set("ProBono-Event-Sequence", domainEvent.Sequence);
        }, token), message.GetType().Name, domainEvent.Sequence, activity, cancellationToken);
    }

    /// <summary>Continues the trace of the request that appended the event, so publish and consume join it.</summary>
    private static Activity? StartActivity(IEvent domainEvent, object message)
    {
        ActivityContext parent = default;
        if (domainEvent.Headers is { } headers
            && headers.TryGetValue(EventStoreSetup.TraceParentHeader, out var traceParent)
            && traceParent?.ToString() is { } value)
        {
            ActivityContext.TryParse(value, null, out parent);
        }
        return ActivitySource.StartActivity($"relay {message.GetType().Name}", ActivityKind.Producer, parent);
    }
}
