using Marten;

namespace ProBono.Teams.Formation;

/// <summary>
/// Pins and commits of one marathon are decided one after the other. The <see cref="Formation"/> stream's row lock
/// cannot do it alone: before the marathon's first pin or commit there is no stream row to lock, so two first writers
/// both start the stream and one fails on the stream's primary key. A transaction-scoped advisory lock keyed by the
/// marathon exists before the stream does; it is held until the session commits or rolls back.
/// </summary>
internal static class FormationLock
{
    /// <summary>Begins the session's transaction and waits for the marathon's formation lock; take it before reading anything the decision depends on.</summary>
    public static async Task Serialise(IDocumentSession session, Guid marathonId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.AdvancedSql.QueryAsync<bool>("select true from pg_advisory_xact_lock(?)", ct, Key(marathonId));
    }

    /// <summary>The lock's key: the marathon id folded to 64 bits (a collision only makes two marathons wait for each other).</summary>
    internal static long Key(Guid marathonId)
    {
        var bytes = marathonId.ToByteArray();
        return BitConverter.ToInt64(bytes, 0) ^ BitConverter.ToInt64(bytes, 8);
    }
}
