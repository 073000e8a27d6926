using Marten;
using Marten.Services.BatchQuerying;
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
    /// The marathon, read while its summary's row is held in share mode until the session commits. A status change
    /// rewrites that row in its own transaction (the summary is an inline projection), so it waits for the registrations
    /// deciding on the status they read, and they for it: no registration is accepted after registration closed.
    /// Registrations do not block each other. Call it inside the session's transaction, i.e. after a roster's lock.
    /// </summary>
    public static async Task<MarathonSummary> RequireWhileStatusHeld(this IDocumentSession session, Guid marathonId, string? partnerId, CancellationToken ct) =>
        Visible(await session.QueryAsync<MarathonSummary>(HeldForShare, ct, marathonId), marathonId, partnerId);

    /// <summary>
    /// <see cref="RequireWhileStatusHeld(IDocumentSession, Guid, string?, CancellationToken)"/> as part of a batch of
    /// reads sent in one round trip; queue it after the lock that opens the transaction.
    /// </summary>
    public static Task<MarathonSummary> RequireWhileStatusHeld(this IBatchedQuery batch, Guid marathonId, string? partnerId)
    {
        var held = batch.Query<MarathonSummary>(HeldForShare, marathonId);
        return Held(held, marathonId, partnerId);

        static async Task<MarathonSummary> Held(Task<IReadOnlyList<MarathonSummary>> held, Guid marathonId, string? partnerId) =>
            Visible(await held, marathonId, partnerId);
    }

    private const string HeldForShare = "where id = ? for share";

    private static MarathonSummary Visible(IReadOnlyList<MarathonSummary> found, Guid marathonId, string? partnerId) =>
        found is [var marathon] && (partnerId is null || marathon.PartnerIds.Contains(partnerId))
            ? marathon
            : throw new NotFound($"No marathon with id {marathonId}.");
}
