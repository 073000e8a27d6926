using Marten;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Writers of something that has no row yet (a marathon's first pin, a campaign's opening) cannot be serialised by a
/// stream's row lock: before the first write there is nothing to lock, and two first writers both start the stream. A
/// transaction-scoped advisory lock keyed by the thing's id exists before its stream does.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>
    /// Begins the session's transaction and waits for the advisory lock of <paramref name="id"/> (exclusive, or shared:
    /// shared holders do not wait for each other), held until the session commits or rolls back. Take it before reading
    /// anything the decision depends on.
    /// </summary>
    public static async Task SerialiseOn(this IDocumentSession session, Guid id, CancellationToken ct, bool exclusive = true)
    {
        await session.BeginTransactionAsync(ct);
        await session.AdvancedSql.QueryAsync<bool>(
            exclusive ? "select true from pg_advisory_xact_lock(?)" : "select true from pg_advisory_xact_lock_shared(?)", ct, KeyOf(id));
    }

    /// <summary>The lock's key: the id folded to 64 bits (a collision only makes two ids wait for each other).</summary>
    internal static long KeyOf(Guid id)
    {
        var bytes = id.ToByteArray();
        return BitConverter.ToInt64(bytes, 0) ^ BitConverter.ToInt64(bytes, 8);
    }
}
