using ProBono.Recruitment.Copies;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Volunteers;

namespace ProBono.Recruitment.Marathons.ChangingStatus;

internal sealed record TeamWithoutDeliverable(Guid TeamId, string Title);

/// <summary>What completing the marathon now would leave behind: teams without a deliverable, confirmed volunteers not checked in.</summary>
internal sealed record CompletionCheck(bool Ready, IReadOnlyList<TeamWithoutDeliverable> TeamsWithoutDeliverable, int ConfirmedNotCheckedIn)
{
    public static CompletionCheck Of(IReadOnlyList<TeamWithoutDeliverable> teams, int confirmedNotCheckedIn) =>
        new(teams.Count == 0 && confirmedNotCheckedIn == 0, teams, confirmedNotCheckedIn);

    /// <summary>
    /// Two indexed queries in one round trip: the teams come from Teams' events (<see cref="TeamForCompletion"/>), so a
    /// deliverable recorded a moment ago may not be counted yet; the check then errs on the side of "not ready".
    /// </summary>
    public static async Task<CompletionCheck> Read(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var teams = batch.Query<TeamForCompletion>().Where(t => t.MarathonId == marathonId && !t.Delivered).ToList();
        var absent = batch.Query<Volunteer>()
            .Where(v => v.MarathonId == marathonId && v.Status == VolunteerStatus.Confirmed && !v.CheckedIn).Count();
        await batch.Execute(ct);
        return Of(
            [.. (await teams).OrderBy(t => t.Title, StringComparer.Ordinal).ThenBy(t => t.Id)
                .Select(t => new TeamWithoutDeliverable(t.Id, t.Title ?? $"Team {t.Id}"))],
            (int)await absent);
    }
}

internal static class CompletionCheckSlice
{
    public static RouteGroupBuilder MapCompletionCheck(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/completion-check", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                await session.Require(marathonId, null, ct);
                return TypedResults.Ok(await CompletionCheck.Read(session, marathonId, ct));
            })
            .WithName("CheckCompletion")
            .ProducesProblems(404)
            .WithSummary("What completing the marathon now would leave behind: teams without a deliverable, confirmed volunteers not checked in (staff).");
        return admin;
    }
}
