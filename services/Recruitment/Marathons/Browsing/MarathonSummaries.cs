using Marten.Services.BatchQuerying;

namespace ProBono.Recruitment.Marathons.Browsing;

internal static class MarathonSummaries
{
    /// <summary>The marathon by id; 404 when there is none, or when <paramref name="partnerId"/> (a partner caller) takes no part in it.</summary>
    public static async Task<MarathonSummary> Require(this IQuerySession session, Guid marathonId, string? partnerId, CancellationToken ct) =>
        Visible(await session.LoadAsync<MarathonSummary>(marathonId, ct), marathonId, partnerId);

    /// <summary>
    /// The marathon, read while its summary's row is held in share mode until the session commits. A status change
    /// rewrites that row in its own transaction (the summary is an inline projection), so it waits for the registrations
    /// deciding on the status they read, and they for it: no registration is accepted after registration closed.
    /// Registrations do not block each other. Call it inside the session's transaction, i.e. after a roster's lock.
    /// </summary>
    public static Task<MarathonSummary> RequireWhileStatusHeld(this IBatchedQuery batch, Guid marathonId, string? partnerId)
    {
        var held = batch.Query<MarathonSummary>(HeldForShare, marathonId);
        return Held(held, marathonId, partnerId);

        static async Task<MarathonSummary> Held(Task<IReadOnlyList<MarathonSummary>> held, Guid marathonId, string? partnerId) =>
            Visible((await held).SingleOrDefault(), marathonId, partnerId);
    }

    private const string HeldForShare = "where id = ? for share";

    /// <summary>The marathon, unless there is none or <paramref name="partnerId"/> takes no part in it (404: another partner's marathon is not revealed).</summary>
    private static MarathonSummary Visible(MarathonSummary? marathon, Guid marathonId, string? partnerId) =>
        marathon is not null && (partnerId is null || marathon.PartnerIds.Contains(partnerId))
            ? marathon
            : throw new NotFound($"No marathon with id {marathonId}.");
}
