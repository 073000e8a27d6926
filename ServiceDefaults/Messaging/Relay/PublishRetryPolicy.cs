using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// How the relay publishes one message while the broker may be away: it waits and tries again, never skipping, so
/// nothing is lost and nothing of the same stream overtakes. A publish is given up after <see cref="PublishTimeout"/>
/// and tried afresh under the same message id (a copy that landed after all is dropped by the consumers' inbox); the
/// broker's return ends every back-off and every publish still waiting (ADR 14).
/// </summary>
internal sealed class PublishRetryPolicy
{
    // a confirm takes milliseconds; a publish caught by the broker's death can stay stuck in MassTransit's own retry
    internal static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(3);
    // short: the broker's return should be noticed within a second, and a failed attempt costs a log line
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly PublishRetryGate gate = new();
    private readonly ILogger logger;

    public PublishRetryPolicy(IBus bus, ILogger logger)
    {
        this.logger = logger;
        // each receive endpoint is Ready again when the bus has reconnected: the broker is back
        bus.ConnectReceiveEndpointObserver(new WakeWhenTheBrokerIsBack(gate, logger));
    }

    /// <summary>Runs <paramref name="publish"/> until the broker confirms it, or until <paramref name="cancellationToken"/> stops the relay.</summary>
    public async Task UntilConfirmed(Func<CancellationToken, Task> publish, string messageType, long sequence, Activity? activity,
        CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            // taken before the attempt: the broker's return meanwhile ends this attempt's back-off, or its wait, at once
            var brokerBack = gate.BrokerBack;
            var reconnected = gate.Reconnected;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reconnected);
                timeout.CancelAfter(PublishTimeout);
                await PublishDeadline.Await(publish(timeout.Token), PublishTimeout, timeout.Token);
                gate.Succeeded();
                return;
            }
            catch (Exception) when (reconnected.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // the broker came back while this attempt waited: again at once, not counted as a failure
                backoff = FirstBackoff;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                gate.Failed();
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                logger.LogWarning(e, "Publishing {MessageType} for event {Sequence} failed (attempt {Attempt}); retrying in {Backoff}",
                    messageType, sequence, attempt, backoff);
                backoff = await PublishRetryGate.Wait(backoff, brokerBack, cancellationToken) ? FirstBackoff : NextBackoff(backoff);
            }
        }
    }

    /// <summary>Doubles the wait after each failed publish, up to <see cref="MaxBackoff"/>.</summary>
    internal static TimeSpan NextBackoff(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
}

/// <summary>
/// Ends the relay's waits as soon as the broker is back: the first publish through after a failure ends every back-off,
/// and the bus reconnecting (<see cref="BrokerReturned"/>) also ends every publish still waiting, as one begun during the
/// outage may wait for ever. A success alone does not, so a timeout under load does not restart every publish in flight.
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
/// A publish waited for at most its timeout, whether or not MassTransit honours the cancellation: one begun during a
/// broker outage can neither complete nor give up after the broker's return (ADR 14).
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
