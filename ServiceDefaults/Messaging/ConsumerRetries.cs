using MassTransit;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// Every consumer's retries. A message that fails for its own reasons gets five quick tries (8.6 s) and then goes to its
/// <c>_error</c> queue; one that fails because the service's PostgreSQL is away waits for the database instead, for up to
/// <see cref="DatabaseWait"/>, since a crash-restart takes longer than the quick tries and the message is not at fault.
/// </summary>
internal static class ConsumerRetries
{
    /// <summary>How long a message waits out a database outage before it is given up to the error queue.</summary>
    public static readonly TimeSpan DatabaseWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan DatabasePoll = TimeSpan.FromSeconds(5);

    public static void Configure(IReceiveEndpointConfigurator endpoint)
    {
        // the outer filter sees only what the inner one lets through: database outages, each retried every few seconds
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(DatabaseUnavailable.Is);
            r.Intervals(DatabaseIntervals());
        });
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(DatabaseUnavailable.Is);
            r.Intervals(100, 500, 1_000, 2_000, 5_000);
        });
    }

    internal static TimeSpan[] DatabaseIntervals()
    {
        TimeSpan[] first = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];
        var rest = (int)Math.Ceiling((DatabaseWait - first.Aggregate(TimeSpan.Zero, (a, b) => a + b)) / DatabasePoll);
        return [.. first, .. Enumerable.Repeat(DatabasePoll, rest)];
    }
}
