using System.Collections.Concurrent;
using JasperFx.Events;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.ServiceDefaults.Messaging;

/// <summary>
/// How the relay publishes a page (StreamPartitionedPublishing): streams in parallel, each stream's events in order,
/// and the page (hence the daemon's checkpoint) done only once every publish of it is done. The publish here is a
/// function the test controls; the same path over a real RabbitMQ is tests/ProBono.IntegrationTests/Messaging/RelayOrderingTests.
/// </summary>
public sealed class RelayPagePublishingTests
{
    // a deadline for a test that would otherwise hang when the guarantee breaks, not a measured time
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private sealed record Ticked(int N);

    /// <summary>A page in commit order: version 1 of every stream, then version 2 of every stream, and so on.</summary>
    private static List<IEvent> Page(int streams, int versions)
    {
        var ids = Enumerable.Range(0, streams).Select(_ => Guid.NewGuid()).ToList();
        var page = new List<IEvent>();
        var sequence = 0L;
        for (var version = 1; version <= versions; version++)
        {
            foreach (var stream in ids)
            {
                page.Add(new Event<Ticked>(new Ticked(version)) { Id = Guid.NewGuid(), StreamId = stream, Version = version, Sequence = ++sequence });
            }
        }
        return page;
    }

    [Fact]
    public async Task Streams_are_published_concurrently_up_to_the_bound_and_each_stream_in_order()
    {
        const int parallelism = 8;
        var page = Page(streams: 40, versions: 5);
        var inFlight = 0;
        var mostInFlight = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ConcurrentDictionary<Guid, long>(); // stream → last version whose publish finished
        var outOfOrder = new ConcurrentBag<string>();

        await StreamPartitionedPublishing.PublishPage(page, e => e, parallelism, async (e, _) =>
        {
            // the previous version of this stream must be finished (confirmed) before this one starts
            if (done.GetValueOrDefault(e.StreamId) != e.Version - 1)
            {
                outOfOrder.Add($"{e.StreamId} v{e.Version} started after v{done.GetValueOrDefault(e.StreamId)}");
            }
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            if (now == parallelism)
            {
                full.TrySetResult();
            }
            // hold the first publishes until the bound is reached: a one-at-a-time relay never gets there
            await full.Task.WaitAsync(Deadline);
            Interlocked.Decrement(ref inFlight);
            done[e.StreamId] = e.Version;
        }, CancellationToken.None).WaitAsync(Deadline * 2);

        Assert.Empty(outOfOrder);
        Assert.Equal(parallelism, mostInFlight); // concurrent, and never more than the bound
        Assert.Equal(40, done.Count);
        Assert.All(done.Values, last => Assert.Equal(5, last));
    }

    [Fact]
    public async Task The_page_is_not_done_while_one_publish_is_unconfirmed_and_that_stream_waits_for_it()
    {
        var page = Page(streams: 10, versions: 3);
        var stuck = page[3]; // version 1 of the fourth stream
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var published = new ConcurrentBag<IEvent>();
        var othersDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var publishing = StreamPartitionedPublishing.PublishPage(page, e => e, parallelism: 4, async (e, _) =>
        {
            await Task.Yield();
            if (e == stuck)
            {
                await release.Task; // the broker has not confirmed this one (yet)
            }
            published.Add(e);
            if (published.Count == page.Count - 3) // every stream but the stuck one is through
            {
                othersDone.TrySetResult();
            }
        }, CancellationToken.None);

        await othersDone.Task.WaitAsync(Deadline);
        Assert.False(publishing.IsCompleted); // the checkpoint would pass an unconfirmed message
        Assert.DoesNotContain(published, e => e.StreamId == stuck.StreamId); // its later versions did not overtake it

        release.SetResult();
        await publishing.WaitAsync(Deadline);
        Assert.Equal(page.Count, published.Count);
        Assert.Equal([1L, 2L, 3L], published.Where(e => e.StreamId == stuck.StreamId).Select(e => e.Version).Order());
    }

    [Fact]
    public async Task Cancellation_stops_the_page_without_completing_it()
    {
        var page = Page(streams: 5, versions: 2);
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var publishing = StreamPartitionedPublishing.PublishPage(page, e => e, parallelism: 2, async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token); // a publish retried until the daemon stops
        }, cancel.Token);
        await started.Task.WaitAsync(Deadline);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publishing.WaitAsync(Deadline));
    }

    [Fact]
    public void A_stream_is_known_by_its_key_when_the_store_uses_string_keys()
    {
        var id = Guid.NewGuid();
        Assert.Equal(id.ToString(), StreamPartitionedPublishing.StreamOf(new Event<Ticked>(new Ticked(1)) { StreamId = id }));
        Assert.Equal("roster-7", StreamPartitionedPublishing.StreamOf(new Event<Ticked>(new Ticked(1)) { StreamId = id, StreamKey = "roster-7" }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
