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
/// The reliable publisher without an outbox (docs/adr/0002-relay-from-event-store.md): a Marten subscription,
/// run by the async daemon (one active node in HotCold), publishes the mapped events of a page one sequence per stream
/// (a stream's events in commit order, streams concurrently, <c>Messaging:Relay:Parallelism</c> at a time).
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
    // one confirm at a time capped the relay at ~130 messages/s idle and 20-40/s under load (docs/benchmarks-marathon.md);
    // the confirms of different streams can be awaited together
    internal const int DefaultParallelism = 64;
    // a bigger page keeps the parallel publishers busy across the page boundary (each page ends with a wait for its slowest stream)
    internal const int DefaultBatchSize = 500;

    private readonly IBus bus;
    private readonly IntegrationEventMap map;
    private readonly ILogger<IntegrationEventRelay> logger;

    private readonly bool stallAfterPublishing;
    private readonly int parallelism;
    private readonly PublishRetryGate retries = new();

    public IntegrationEventRelay(IBus bus, IntegrationEventMap map, ILogger<IntegrationEventRelay> logger, IConfiguration configuration)
    {
        // fault injection for tests only: publish a page, then never return, so its checkpoint is never saved;
        // a SIGKILL then is exactly a crash between publish and checkpoint
        stallAfterPublishing = configuration.GetValue("Messaging:Faults:StallAfterPublishing", false);
        parallelism = Math.Max(1, configuration.GetValue("Messaging:Relay:Parallelism", DefaultParallelism));
        this.bus = bus;
        // each receive endpoint is Ready again when the bus has reconnected: the broker is back
        bus.ConnectReceiveEndpointObserver(new WakeWhenTheBrokerIsBack(retries, logger));
        this.map = map;
        this.logger = logger;
        Name = SubscriptionName;
        foreach (var type in map.DomainEventTypes)
        {
            IncludeType(type);
        }
        Options.BatchSize = Math.Max(1, configuration.GetValue("Messaging:Relay:BatchSize", DefaultBatchSize));
        // no page fetched ahead while one is being published: the daemon otherwise goes on fetching whatever arrived
        // since its last fetch (2,500 events by default) while a page waits for the broker, and an outage's backlog
        // came back as ~600 pages of 2–6 events, each with its own wait and checkpoint (4–6 s measured, issue 13);
        // fetched after the page instead, the backlog comes in pages of BatchSize
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
            (mapped, token) => PublishUntilConfirmed(mapped.Event, mapped.Message!, token), cancellationToken);
    }

    /// <summary>
    /// While the broker is down the relay waits and tries again, rather than skipping or pausing:
    /// nothing is lost, and nothing of the same stream overtakes.
    /// </summary>
    private async Task PublishUntilConfirmed(IEvent domainEvent, object message, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            // taken before the attempt: the broker's return meanwhile ends this attempt's back-off, or its wait, at once
            var brokerBack = retries.BrokerBack;
            var reconnected = retries.Reconnected;
            using var activity = StartActivity(domainEvent, message);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reconnected);
                timeout.CancelAfter(PublishTimeout);
                var publishing = bus.Publish(message, message.GetType(), context =>
                {
                    context.MessageId = domainEvent.Id;
                    if (Guid.TryParse(domainEvent.CorrelationId, out var correlation))
                    {
                        context.CorrelationId = correlation;
                    }
                    context.Headers.Set("ProBono-Stream-Version", domainEvent.Version);
                    context.Headers.Set("ProBono-Event-Sequence", domainEvent.Sequence);
                }, timeout.Token);
                await PublishDeadline.Await(publishing, PublishTimeout, timeout.Token);
                retries.Succeeded();
                return;
            }
            catch (Exception) when (reconnected.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // the broker came back while this attempt waited (a publish begun during the outage may wait for ever):
                // again at once, and not counted as a failure, which would wake everyone once more at the next success
                backoff = FirstBackoff;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                retries.Failed();
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                logger.LogWarning(e, "Publishing {MessageType} for event {Sequence} failed (attempt {Attempt}); retrying in {Backoff}",
                    message.GetType().Name, domainEvent.Sequence, attempt, backoff);
                backoff = await PublishRetryGate.Wait(backoff, brokerBack, cancellationToken) ? FirstBackoff : NextBackoff(backoff);
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

/// <summary>
/// Ends the relay's waits as soon as the broker is back. The first publish that goes through after a failed one wakes
/// every publisher waiting out its back-off (up to <see cref="IntegrationEventRelay.MaxBackoff"/>), so the backlog of an
/// outage starts draining with the first confirm. The bus reconnecting (<see cref="BrokerReturned"/>) also ends every
/// publish still waiting: one begun during the outage may wait for ever. A success alone does not, so that a publish
/// timing out under load does not make every publish in flight start again.
/// </summary>
internal sealed class PublishRetryGate
{
    private CancellationTokenSource backoffs = new();
    private CancellationTokenSource reconnected = new();
    private int failedSinceLastWake;

    /// <summary>Cancelled when a publish succeeds after a failure, or when the bus reconnects: ends a back-off.</summary>
    public CancellationToken BrokerBack => Volatile.Read(ref backoffs).Token;

    /// <summary>Cancelled when the bus reconnects: ends a publish still waiting.</summary>
    public CancellationToken Reconnected => Volatile.Read(ref reconnected).Token;

    public void Failed() => Volatile.Write(ref failedSinceLastWake, 1);

    /// <summary>The bus has reconnected: every publisher waiting, in a back-off or on a publish, tries again at once.</summary>
    public void BrokerReturned()
    {
        Volatile.Write(ref failedSinceLastWake, 0);
        Interlocked.Exchange(ref reconnected, new CancellationTokenSource()).Cancel();
        Interlocked.Exchange(ref backoffs, new CancellationTokenSource()).Cancel();
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref failedSinceLastWake, 0) == 1)
        {
            Interlocked.Exchange(ref backoffs, new CancellationTokenSource()).Cancel();
        }
    }

    /// <summary>Waits <paramref name="backoff"/> unless <paramref name="brokerBack"/> ends it first (then true).</summary>
    public static async Task<bool> Wait(TimeSpan backoff, CancellationToken brokerBack, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, brokerBack);
        try
        {
            await Task.Delay(backoff, either.Token);
            return false;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return true;
        }
    }
}

/// <summary>
/// A publish the relay waits for at most its timeout, whether or not MassTransit honours the cancellation: once, a
/// publish begun during a broker outage never completed nor gave up after the broker was back (the relay then stood
/// still for good, harness `broker-outage --fault-at 20`). Abandoned, it is tried afresh under the same message id; if
/// the abandoned one lands after all, the consumers' inbox drops the repeat.
/// </summary>
internal static class PublishDeadline
{
    public static async Task Await(Task publishing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await publishing.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !publishing.IsCompleted))
        {
            // its outcome no longer matters, but a fault left unobserved would be reported as one
            _ = publishing.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }
}

/// <summary>Tells the relay's <see cref="PublishRetryGate"/> when a receive endpoint is ready again after an outage.</summary>
internal sealed class WakeWhenTheBrokerIsBack(PublishRetryGate retries, ILogger logger) : IReceiveEndpointObserver
{
    private int faulted;

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (Interlocked.Exchange(ref faulted, 0) == 1)
        {
            logger.LogInformation("The bus is connected again ({Endpoint}): the relay's waiting publishes are tried again at once", ready.InputAddress);
            retries.BrokerReturned();
        }
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        Volatile.Write(ref this.faulted, 1);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
}
