using Marten;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Marathons.Browsing;

internal static class MarathonSummaries
{
    /// <summary>The marathon by id; 404 when there is none, or when <paramref name="partnerId"/> (a partner caller) takes no part in it.</summary>
    public static async Task<MarathonSummary> Require(this IQuerySession session, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonSummary>(marathonId, ct);
        if (marathon is null || (partnerId is not null && !marathon.PartnerIds.Contains(partnerId)))
        {
            throw new NotFound($"No marathon with id {marathonId}.");
        }
        return marathon;
    }

    /// <summary>
    /// The marathon, read while its stream row is held in share mode until the session commits: a status change (which
    /// locks that row exclusively) waits for the registrations deciding on the status they read, and they for it, so
    /// no registration is accepted after registration closed. Registrations do not block each other. Call it inside the
    /// session's transaction, i.e. after a roster's lock.
    /// </summary>
    public static async Task<MarathonSummary> RequireWhileStatusHeld(this IDocumentSession session, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var streams = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        await session.QueryAsync<int>($"select 1 from {streams} where id = ? for share", ct, marathonId);
        return await session.Require(marathonId, partnerId, ct);
    }
}
