using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ProBono.ServiceDefaults.EventStore;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// The reliable publisher without an outbox (docs/adr/0002-relay-from-event-store.md): a Marten subscription,
/// run by the async daemon (one active node in HotCold), publishes the mapped events in commit order.
/// The daemon saves its checkpoint only after this method returns, i.e. after RabbitMQ confirmed every
/// message of the page, so delivery is at-least-once. The message id is the event id, so a page published
/// again after a crash carries the same ids and consumers drop the repeats.
/// </summary>
public sealed class IntegrationEventRelay : SubscriptionBase
{
    public const string SubscriptionName = "IntegrationEventRelay";
    public static readonly ActivitySource ActivitySource = new("ProBono.Messaging");

    // a confirm takes milliseconds; a publish caught by the broker's death can stay stuck in MassTransit's send retry
    // even after the broker is back (seen: 30 s), while a fresh publish goes through at once: give up early, publish
    // again (same message id, so a publish that did land is dropped by the consumers' inbox)
    internal static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(3);
    // short: the relay must notice the broker's return within seconds, and a failed attempt costs only a log line
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly IBus bus;
    private readonly IntegrationEventMap map;
    private readonly ILogger<IntegrationEventRelay> logger;

    private readonly bool stallAfterPublishing;

    public IntegrationEventRelay(IBus bus, IntegrationEventMap map, ILogger<IntegrationEventRelay> logger, IConfiguration configuration)
    {
        // fault injection for tests only: publish a page, then never return, so its checkpoint is never saved;
        // a SIGKILL then is exactly a crash between publish and checkpoint
        stallAfterPublishing = configuration.GetValue("Messaging:Faults:StallAfterPublishing", false);
        this.bus = bus;
        this.map = map;
        this.logger = logger;
        Name = SubscriptionName;
        foreach (var type in map.DomainEventTypes)
        {
            IncludeType(type);
        }
        Options.BatchSize = 200;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in page.Events)
        {
            if (map.Map(domainEvent) is { } message)
            {
                await PublishUntilConfirmed(domainEvent, message, cancellationToken);
            }
        }
        if (stallAfterPublishing)
        {
            logger.LogWarning("Messaging:Faults:StallAfterPublishing is on: page published, checkpoint withheld");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// While the broker is down the relay waits and tries again, in order, rather than skipping or
    /// pausing: nothing is lost and nothing overtakes.
    /// </summary>
    private async Task PublishUntilConfirmed(IEvent domainEvent, object message, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            using var activity = StartActivity(domainEvent, message);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(message, message.GetType(), context =>
                {
                    context.MessageId = domainEvent.Id;
                    if (Guid.TryParse(domainEvent.CorrelationId, out var correlation))
                    {
                        context.CorrelationId = correlation;
                    }
                    context.Headers.Set("ProBono-Stream-Version", domainEvent.Version);
                    context.Headers.Set("ProBono-Event-Sequence", domainEvent.Sequence);
                }, timeout.Token);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                logger.LogWarning(e, "Publishing {MessageType} for event {Sequence} failed (attempt {Attempt}); retrying in {Backoff}",
                    message.GetType().Name, domainEvent.Sequence, attempt, backoff);
                await Task.Delay(backoff, cancellationToken);
                backoff = NextBackoff(backoff);
            }
        }
    }

    /// <summary>Doubles the wait after each failed publish, up to <see cref="MaxBackoff"/>.</summary>
    internal static TimeSpan NextBackoff(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));

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
