using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Teams.Browsing;

namespace ProBono.Teams.TheDay;

/// <summary>Body of <c>POST /api/teams/{tid}/milestones</c>.</summary>
internal sealed record MilestoneRequest(string? Name);

internal sealed class MilestoneRequestValidator : AbstractValidator<MilestoneRequest>
{
    public MilestoneRequestValidator() => RuleFor(r => r.Name).SingleLineText(200);
}

/// <summary>A milestone of the team, while the marathon is in progress, by its lead or staff.</summary>
internal static class RecordMilestoneSlice
{
    /// <summary>Pure. A milestone of a team that has not delivered yet, on the day, by its lead or staff.</summary>
    public static IReadOnlyList<object> RecordMilestone(Team team, DayWindow day, DayCaller caller, string name, string by, DateTimeOffset now)
    {
        TheDaySlice.RequireLeadOrStaff(team, caller);
        day.RequireTheDay();
        if (team.Status == TeamStatus.Delivered)
        {
            throw new StateConflict("The team has delivered its mission; no milestone comes after the deliverable.");
        }
        return [new MilestoneRecorded(team.Id, team.MarathonId, team.Need.NeedId, name.Trim(), by, now)];
    }

    public static RouteGroupBuilder MapRecordMilestone(this RouteGroupBuilder api)
    {
        api.MapPost("/teams/{teamId:guid}/milestones", async (
                Guid teamId, [FromBody] MilestoneRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (write, marathon) = await TheDaySlice.Open(session, teamId, http, ct);
                var team = write.State!;
                var events = RecordMilestone(team, DayWindow.Of(marathon), DayCaller.Of(http.User), request!.Name!, http.User.Actor(), clock.GetUtcNow());
                write.Append(events);
                await session.SaveAndSetETag(http.Response, write, ct);
                return TypedResults.Ok(TeamView.After(team, events));
            })
            .ValidateRequest<MilestoneRequest>()
            .WithIdempotency()
            .WithName("RecordMilestone")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Record a milestone of the team while the marathon is in progress (the team's lead or staff).")
            .WithDescription("With an Idempotency-Key, the same key and body again answer the first response and record nothing more.");
        return api;
    }
}
