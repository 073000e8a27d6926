using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;
using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// The one write path of every slice: open the aggregate's stream for writing (constant time: its inline snapshot or a
/// short stream, optionally row-locked) or start a new one, check the version the caller saw (<c>If-Match</c>), decide
/// (pure), append, save, answer with the new version as the <c>ETag</c>. A command that touches two streams opens both in
/// one session and saves once. Services do not call Marten's appends themselves (an architecture test holds them to it).
/// </summary>
public static class CommandHandling
{
    /// <summary>
    /// Starts stream <paramref name="streamId"/> with <paramref name="events"/>, saved with the session: a stream this
    /// command creates needs no read (its id is new, or derived from what the decision found unused). Written like an
    /// opened stream that did not exist: no state before it, and its version counts the events.
    /// </summary>
    public static StreamWrite<TState> StartStream<TState>(this IDocumentSession session, Guid streamId, params IReadOnlyList<object> events)
        where TState : class
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("A stream starts with at least one event.", nameof(events));
        }
        session.Events.StartStream<TState>(streamId, events);
        return StreamWrite<TState>.Started(streamId, events.Count, more => session.Events.Append(streamId, more));
    }

    /// <summary>
    /// Saves the session (every write of the command in one transaction), then answers with <paramref name="write"/>'s new
    /// version as the <c>ETag</c>: the version the caller sends back in <c>If-Match</c>.
    /// </summary>
    public static async Task SaveAndSetETag<TState>(
        this IDocumentSession session, HttpResponse response, StreamWrite<TState> write, CancellationToken cancellationToken)
        where TState : class
    {
        await session.SaveChangesAsync(cancellationToken);
        response.SetETag(write.Version);
    }

    /// <summary>
    /// <see cref="Decide{TState}(IDocumentSession, Guid, long?, Func{TState, IReadOnlyList{object}}, Func{TState, object, TState}, CancellationToken, bool)"/>
    /// for an HTTP command: the expected version is the request's <c>If-Match</c>, and the response carries the new
    /// version as the <c>ETag</c>. Returns the state after the new events.
    /// </summary>
    public static async Task<TState> Decide<TState>(
        this IDocumentSession session,
        HttpContext http,
        Guid streamId,
        Func<TState, IReadOnlyList<object>> decide,
        Func<TState, object, TState> evolve,
        CancellationToken cancellationToken,
        bool exclusive = false)
        where TState : class
    {
        var (state, version) = await session.Decide(streamId, http.Request.ExpectedVersion(), decide, evolve, cancellationToken, exclusive);
        http.Response.SetETag(version);
        return state;
    }

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

/// <summary>
/// One stream opened for writing (or started) in a session: its state, its version, and what this command appends to it.
/// </summary>
public sealed class StreamWrite<TState> where TState : class
{
    internal static readonly string Noun = typeof(TState).Name.ToLowerInvariant();

    private readonly Action<IReadOnlyList<object>> append;
    private readonly long loadedVersion;

    internal StreamWrite(Guid id, IEventStream<TState> stream)
        : this(id, stream.Aggregate, LoadedVersion(stream), events => stream.AppendMany(events))
    {
    }

    private StreamWrite(Guid id, TState? state, long loadedVersion, Action<IReadOnlyList<object>> append)
    {
        Id = id;
        State = state;
        this.loadedVersion = loadedVersion;
        Version = loadedVersion;
        this.append = append;
    }

    // Marten reads an inline snapshot's version and its document in two statements: a commit in between gives the new
    // state with the old version, so the snapshot's own version is the one the state was decided on (ADR 1).
    private static long LoadedVersion(IEventStream<TState> stream) =>
        Math.Max(stream.CurrentVersion ?? 0, stream.Aggregate is IRevisioned revisioned ? revisioned.Version : 0);

    /// <summary>A stream this session started with <paramref name="eventCount"/> events; more go through <paramref name="appendMore"/>.</summary>
    internal static StreamWrite<TState> Started(Guid id, int eventCount, Action<IReadOnlyList<object>> appendMore) =>
        new(id, state: null, loadedVersion: 0, appendMore) { Version = eventCount };

    public Guid Id { get; }

    /// <summary>The state before this command's events; null when the stream does not exist yet (or this command starts it).</summary>
    public TState? State { get; }

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
        append(events);
        Version += events.Count;
    }
}
