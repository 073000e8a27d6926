using JasperFx.Events;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// How the relay publishes one page: one sequence per stream (a stream's events in commit order, each awaited before
/// the next), streams in parallel up to a bound. It completes only when every event of the page has been published,
/// so the daemon's checkpoint never passes an event whose publish was not confirmed.
/// </summary>
internal static class StreamPartitionedPublishing
{
    public static Task PublishPage<TItem>(
        IEnumerable<TItem> page, Func<TItem, IEvent> eventOf, int parallelism,
        Func<TItem, CancellationToken, Task> publishUntilConfirmed, CancellationToken cancellationToken)
    {
        // GroupBy keeps the source order inside each group, and the page is in commit (sequence) order
        var streams = page.GroupBy(item => StreamOf(eventOf(item))).ToList();
        if (streams.Count == 0)
        {
            return Task.CompletedTask;
        }
        return Parallel.ForEachAsync(streams,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (stream, token) =>
            {
                foreach (var item in stream)
                {
                    await publishUntilConfirmed(item, token);
                }
            });
    }

    /// <summary>The stream an event belongs to, whichever identity the store uses (Guid ids or string keys).</summary>
    internal static string StreamOf(IEvent domainEvent) => domainEvent.StreamKey ?? domainEvent.StreamId.ToString();
}
