using System.Collections.Concurrent;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// Every inbox decision of the in-process services: for each message id, how many deliveries were applied and how
/// many were dropped as repeats. "Applied once" is then a count that a broken inbox would make 2, not a row under a
/// primary key that can only ever be 1. Message ids are unique per test, so parallel test classes do not mix.
/// </summary>
public sealed class InboxWatch : IDisposable
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<bool>> decisions = new();

    private readonly string? queuePrefix;

    /// <summary>Counts the decisions of consumers whose queue starts with <paramref name="queuePrefix"/> (all when null).</summary>
    public InboxWatch(string? queuePrefix = null)
    {
        this.queuePrefix = queuePrefix?.Replace('_', '-'); // MassTransit may spell the prefix either way
        Inbox.Decided += Record;
    }

    private void Record(Guid messageId, bool applied, Uri? queue)
    {
        if (queuePrefix is null || (queue?.AbsolutePath.TrimStart('/').Replace('_', '-').StartsWith(queuePrefix, StringComparison.Ordinal) ?? false))
        {
            decisions.GetOrAdd(messageId, _ => new ConcurrentQueue<bool>()).Enqueue(applied);
        }
    }

    public int Applied(Guid messageId) => Of(messageId).Count(applied => applied);

    public int Repeats(Guid messageId) => Of(messageId).Count(applied => !applied);

    /// <summary>Waits until <paramref name="deliveries"/> deliveries of the message have been decided (applied or dropped).</summary>
    public Task Decided(Guid messageId, int deliveries, TimeSpan? within = null) =>
        Eventually.True(() => Task.FromResult(Of(messageId).Count >= deliveries), within ?? TimeSpan.FromSeconds(30),
            $"{deliveries} inbox decision(s) on message {messageId}");

    private IReadOnlyCollection<bool> Of(Guid messageId) => decisions.TryGetValue(messageId, out var found) ? found : [];

    public void Dispose() => Inbox.Decided -= Record;
}
