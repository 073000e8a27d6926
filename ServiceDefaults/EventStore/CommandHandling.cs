using Marten;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventStore;

/// <summary>The one way a slice changes an aggregate: fetch, check the version the caller saw, decide, append, save.</summary>
public static class CommandHandling
{
    /// <summary>
    /// Runs <paramref name="decide"/> (pure: state in, events out) on the current state of stream
    /// <paramref name="streamId"/> and appends its events with optimistic concurrency.
    /// 404 when the stream does not exist; 412 when <paramref name="expectedVersion"/> (the caller's If-Match) is stale.
    /// Returns the state after the new events and the stream's new version.
    /// </summary>
    public static async Task<(TState State, long Version)> Decide<TState>(
        this IDocumentSession session,
        Guid streamId,
        long? expectedVersion,
        Func<TState, IReadOnlyList<object>> decide,
        Func<TState, object, TState> evolve,
        CancellationToken cancellationToken)
        where TState : class
    {
        // no stream can have the empty id (Marten refuses it as a stream id, which would be a 500): it names nothing
        if (streamId == Guid.Empty)
        {
            throw new NotFound($"No {typeof(TState).Name.ToLowerInvariant()} with id {streamId}.");
        }
        var stream = await session.Events.FetchForWriting<TState>(streamId, cancellationToken);
        if (stream.Aggregate is not { } state)
        {
            throw new NotFound($"No {typeof(TState).Name.ToLowerInvariant()} with id {streamId}.");
        }
        if (expectedVersion is { } expected && expected != stream.CurrentVersion)
        {
            throw new PreconditionFailed($"If-Match names version {expected}, but the current version is {stream.CurrentVersion}.");
        }

        var version = stream.CurrentVersion ?? 0;
        var events = decide(state);
        if (events.Count == 0)
        {
            return (state, version);
        }
        stream.AppendMany(events);
        await session.SaveChangesAsync(cancellationToken);
        return (events.Aggregate(state, evolve), version + events.Count);
    }
}
