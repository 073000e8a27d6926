using System.Security.Claims;

namespace ProBono.Teams.Formation.Pinning;

/// <summary>Staff unpin the lead of a need; a need with no pinned lead is a 404.</summary>
internal static class UnpinLeadSlice
{
    public static IReadOnlyList<object> Decide(Formation formation, Guid needId, string by, DateTimeOffset now) =>
        formation.Pins.ContainsKey(needId)
            ? [new LeadUnpinned(formation.Id, needId, by, now)]
            : throw new NotFound($"No lead is pinned on need {needId}.");

    public static RouteGroupBuilder MapUnpinLead(this RouteGroupBuilder admin)
    {
        admin.MapDelete("/marathons/{marathonId:guid}/needs/{needId:guid}/lead", async (
                Guid marathonId, Guid needId, IDocumentSession session, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await session.SerialiseOn(marathonId, ct); // the first pin or commit has no stream row to lock yet
                var write = await session.OpenForWriting<Formation>(marathonId, ct, exclusive: true);
                write.Append(Decide(write.State ?? Formation.Empty(marathonId), needId, user.Actor(), clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new { needId, unpinned = true });
            })
            .WithName("UnpinLead")
            .ProducesProblems(404)
            .WithSummary("Unpin the lead of a need (staff).");
        return admin;
    }
}
