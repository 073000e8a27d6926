using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// The one write path of every slice: open the aggregate's stream for writing (constant time: its inline snapshot or a
/// short stream, optionally row-locked), check the version the caller saw (<c>If-Match</c>), decide (pure), append,
/// save. A command that touches two streams opens both in one session and saves once.
/// </summary>
public static class CommandHandling
{
    /// <summary>
    /// Opens stream <paramref name="streamId"/> for writing. <paramref name="exclusive"/> row-locks the stream until the
    /// session commits, so writers that must see each other's effect (a quota) are decided one after the other;
    /// otherwise Marten checks at save time that nobody appended in between (409, or 412 under <c>If-Match</c>).
    /// </summary>
    public static async Task<StreamWrite<TState>> OpenForWriting<TState>(
        this IDocumentSession session, Guid streamId, CancellationToken cancellationToken, bool exclusive = false)
        where TState : class
    {
        RefuseEmpty<TState>(streamId);
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<TState>(streamId, cancellationToken)
            : await session.Events.FetchForWriting<TState>(streamId, cancellationToken);
        return new StreamWrite<TState>(streamId, stream);
    }

    /// <summary>
    /// As <see cref="OpenForWriting{TState}(IDocumentSession, Guid, CancellationToken, bool)"/>, as part of a batch of reads
    /// sent in one round trip (<c>session.CreateBatchQuery()</c>): what a command reads while it holds a lock costs one
    /// round trip, not one per read. The task completes when the batch is executed.
    /// </summary>
    public static Task<StreamWrite<TState>> OpenForWriting<TState>(this IBatchedQuery batch, Guid streamId, bool exclusive = false)
        where TState : class
    {
        RefuseEmpty<TState>(streamId);
        var fetch = exclusive ? batch.Events.FetchForExclusiveWriting<TState>(streamId) : batch.Events.FetchForWriting<TState>(streamId);
        return Opened(streamId, fetch);

        static async Task<StreamWrite<TState>> Opened(Guid id, Task<IEventStream<TState>> fetch) => new(id, await fetch);
    }

    /// <summary>Marten refuses the empty id as a stream id; for a caller it is simply an id that names nothing.</summary>
    private static void RefuseEmpty<TState>(Guid streamId) where TState : class
    {
        if (streamId == Guid.Empty)
        {
            throw new NotFound($"No {StreamWrite<TState>.Noun} with id {streamId}.");
        }
    }

    /// <summary>
    /// The whole path for a command on one existing aggregate: 404 when the stream does not exist, 412 when
    /// <paramref name="expectedVersion"/> is stale, then decide, append, save. Returns the state after the new events
    /// and the stream's new version (for the <c>ETag</c>).
    /// </summary>
    public static async Task<(TState State, long Version)> Decide<TState>(
        this IDocumentSession session,
        Guid streamId,
        long? expectedVersion,
        Func<TState, IReadOnlyList<object>> decide,
        Func<TState, object, TState> evolve,
        CancellationToken cancellationToken,
        bool exclusive = false)
        where TState : class
    {
        var write = await session.OpenForWriting<TState>(streamId, cancellationToken, exclusive);
        var state = write.Require(expectedVersion);
        var events = decide(state);
        if (events.Count == 0)
        {
            return (state, write.Version);
        }
        write.Append(events);
        await session.SaveChangesAsync(cancellationToken);
        return (events.Aggregate(state, evolve), write.Version);
    }
}

/// <summary>One stream opened for writing in a session: its state, its version, and what this command appends to it.</summary>
public sealed class StreamWrite<TState> where TState : class
{
    internal static readonly string Noun = typeof(TState).Name.ToLowerInvariant();

    private readonly IEventStream<TState> stream;
    private readonly long loadedVersion;

    internal StreamWrite(Guid id, IEventStream<TState> stream)
    {
        Id = id;
        this.stream = stream;
        // Marten reads an inline snapshot's stream version and its document in two statements, each seeing what was committed
        // when it ran: a commit in between gives the new state with the old version, and a stale If-Match would then pass
        // and the command be decided on a state it did not name (seen: a 409 "already published" among the 412s of
        // ConcurrentCommandTests). The snapshot's own version is the version of the state decided on.
        loadedVersion = Math.Max(stream.CurrentVersion ?? 0, stream.Aggregate is IRevisioned revisioned ? revisioned.Version : 0);
        Version = loadedVersion;
    }

    public Guid Id { get; }

    /// <summary>The state before this command's events; null when the stream does not exist yet.</summary>
    public TState? State => stream.Aggregate;

    /// <summary>The stream's version, including what this command appended (0 for a stream that does not exist yet).</summary>
    public long Version { get; private set; }

    /// <summary>The state, or 404 when the stream does not exist; 412 when <paramref name="expectedVersion"/> (If-Match) is stale.</summary>
    public TState Require(long? expectedVersion = null)
    {
        var state = State ?? throw new NotFound($"No {Noun} with id {Id}.");
        if (expectedVersion is { } expected && expected != loadedVersion)
        {
            throw new PreconditionFailed($"If-Match names version {expected}, but the current version is {loadedVersion}.");
        }
        return state;
    }

    /// <summary>Appends (or, for a new stream, starts it with) <paramref name="events"/>; saved with the session.</summary>
    public void Append(IReadOnlyList<object> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        stream.AppendMany(events);
        Version += events.Count;
    }
}
