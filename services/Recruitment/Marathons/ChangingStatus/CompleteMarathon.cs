using Microsoft.AspNetCore.Mvc;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>Body of <c>complete</c>, optional: completing a marathon that is not ready needs <c>force</c> and a reason.</summary>
internal sealed record CompleteMarathonRequest(bool? Force, string? Reason);

/// <summary>
/// Staff complete a marathon in progress. Completion is final and closes the day (hours not recorded by then count only
/// as corrections), so a marathon with teams that have not delivered or confirmed volunteers not checked in completes
/// only when forced, with a reason that its history keeps.
/// </summary>
internal static class CompleteMarathonSlice
{
    public const int MaxReasonLength = 1000;

    public static IReadOnlyList<object> Decide(Marathon marathon, CompletionCheck check, CompleteMarathonRequest? request, DateTimeOffset now, string by)
    {
        if (marathon.Status != MarathonStatus.InProgress)
        {
            throw MarathonStatusMove.OutOfOrder("complete", marathon, MarathonStatus.InProgress, MarathonStatus.Completed);
        }
        var force = request?.Force == true;
        var reason = request?.Reason?.Trim();
        if (force && string.IsNullOrEmpty(reason))
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["reason"] = ["Completing a marathon by force needs a reason."] });
        }
        if (reason is { Length: > MaxReasonLength })
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["reason"] = [$"'reason' must be at most {MaxReasonLength} characters."] });
        }
        if (!check.Ready && !force)
        {
            throw new StateConflict(
                $"The marathon is not ready to complete: {check.TeamsWithoutDeliverable.Count} team(s) without a deliverable, " +
                $"{check.ConfirmedNotCheckedIn} confirmed volunteer(s) not checked in. Send {{\"force\": true, \"reason\": \"…\"}} to complete it anyway.")
            {
                Extensions =
                {
                    ["ready"] = false,
                    ["teamsWithoutDeliverable"] = check.TeamsWithoutDeliverable,
                    ["confirmedNotCheckedIn"] = check.ConfirmedNotCheckedIn,
                },
            };
        }
        return [new MarathonCompleted(marathon.Id, now, Forced: force, Reason: force ? reason : null, By: by)];
    }

    /// <summary>
    /// The check, read again for up to <c>Recruitment:CompletionSettleSeconds</c> (default 3) while only teams keep it from
    /// being ready: their deliverables reach Recruitment as Teams' events, so one recorded a moment before this call may
    /// still be on its way (the relay's lag is well under a second); a marathon truly not ready is refused after that.
    /// </summary>
    private static async Task<CompletionCheck> Settled(
        IQuerySession session, Guid marathonId, CompleteMarathonRequest? request, IConfiguration configuration, CancellationToken ct)
    {
        var check = await CompletionCheck.Read(session, marathonId, ct);
        var patience = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Recruitment:CompletionSettleSeconds", 3.0), 0, 30));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!check.Ready && request?.Force != true && check.ConfirmedNotCheckedIn == 0 && waited.Elapsed < patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            check = await CompletionCheck.Read(session, marathonId, ct);
        }
        return check;
    }

    public static RouteGroupBuilder MapCompleteMarathon(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/complete", async (
                Guid marathonId, [FromBody] CompleteMarathonRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http,
                IConfiguration configuration, CancellationToken ct) =>
            {
                var check = await Settled(session, marathonId, request, configuration, ct);
                var now = clock.GetUtcNow();
                var marathon = await session.Decide<Marathon>(http, marathonId, m => Decide(m, check, request, now, http.User.Tenant()!), Marathon.Evolution, ct);
                return TypedResults.Ok(new MarathonStatusResponse(marathon.Id, marathon.Status));
            })
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithName("CompleteMarathon")
            .WithSummary("Complete the marathon: in-progress → completed (staff); a marathon not ready needs force and a reason.");
        return admin;
    }
}
