using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;
using ProBono.Teams.Browsing;
using ProBono.Teams.Copies;

namespace ProBono.Teams.TheDay;

/// <summary>Body of <c>POST /api/teams/{tid}/milestones</c>.</summary>
internal sealed record MilestoneRequest(string? Name);

/// <summary>Body of <c>POST /api/teams/{tid}/deliverable</c>.</summary>
internal sealed record DeliverableRequest(string? Title, string? Url);

internal sealed class MilestoneRequestValidator : AbstractValidator<MilestoneRequest>
{
    public MilestoneRequestValidator() => RuleFor(r => r.Name).SingleLineText(200);
}

internal sealed class DeliverableRequestValidator : AbstractValidator<DeliverableRequest>
{
    public DeliverableRequestValidator()
    {
        RuleFor(r => r.Title).SingleLineText(200);
        RuleFor(r => r.Url).SingleLineText(2000).DependentRules(() =>
            RuleFor(r => r.Url).Must(TheDaySlice.IsWebAddress).WithMessage("'url' must be an absolute http or https URL."));
    }
}

/// <summary>Who is acting on the day: staff, or a volunteer (the lead, or not). Anyone else may at most look.</summary>
internal sealed record DayCaller(bool IsStaff, Guid? VolunteerId)
{
    public static DayCaller Of(ClaimsPrincipal user) => new(user.IsStaff(), user.VolunteerId());
}

/// <summary>
/// The day itself: while the marathon is in progress, the team's lead (volunteer token) or staff record milestones and
/// submit the deliverable, which completes the mission (<see cref="DeliverableSubmitted"/> → MissionCompleted).
/// </summary>
internal static class TheDaySlice
{
    /// <summary>Pure. A milestone of a team that has not delivered yet, on the day, by its lead or staff.</summary>
    public static IReadOnlyList<object> RecordMilestone(Team team, string? marathonStatus, DayCaller caller, string name, string by, DateTimeOffset now)
    {
        RequireLeadOrStaff(team, caller);
        RequireTheDay(marathonStatus);
        if (team.Status == TeamStatus.Delivered)
        {
            throw new StateConflict("The team has delivered its mission; no milestone comes after the deliverable.");
        }
        return [new MilestoneRecorded(team.Id, team.MarathonId, team.Need.NeedId, name.Trim(), by, now)];
    }

    /// <summary>
    /// Pure. The deliverable, once, on the day, by the lead or staff: it names the members, those of them checked in
    /// (<paramref name="checkedIn"/>: the volunteers Teams knows to have checked in) and the lead.
    /// </summary>
    public static IReadOnlyList<object> SubmitDeliverable(
        Team team, string? marathonStatus, DayCaller caller, IReadOnlySet<Guid> checkedIn, string title, string url, string by, DateTimeOffset now)
    {
        RequireLeadOrStaff(team, caller);
        if (team.Status == TeamStatus.Delivered)
        {
            throw new StateConflict("The team has already submitted its deliverable.");
        }
        RequireTheDay(marathonStatus);
        return
        [
            new DeliverableSubmitted(
                team.Id, team.MarathonId, team.Need.NeedId, team.Members,
                [.. team.Members.Select(m => m.VolunteerId).Where(checkedIn.Contains)], team.LeadVolunteerId,
                title.Trim(), url.Trim(), by, now),
        ];
    }

    /// <summary>An absolute http(s) URL with a host (what a browser can open).</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private static void RequireLeadOrStaff(Team team, DayCaller caller)
    {
        if (!caller.IsStaff && (caller.VolunteerId is not { } volunteerId || volunteerId != team.LeadVolunteerId))
        {
            throw new Forbidden("Only the team's lead or staff record the team's milestones and deliverable.");
        }
    }

    private static void RequireTheDay(string? marathonStatus)
    {
        if (marathonStatus != MarathonStatuses.InProgress)
        {
            throw new StateConflict($"Milestones and deliverables are recorded while the marathon is in progress; it is {marathonStatus ?? "unknown to Teams"}.");
        }
    }

    public static RouteGroupBuilder MapTheDay(this RouteGroupBuilder api)
    {
        api.MapPost("/teams/{teamId:guid}/milestones", async (
                Guid teamId, [FromBody] MilestoneRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (write, marathon) = await Open(session, teamId, http, ct);
                var team = write.State!;
                var events = RecordMilestone(team, marathon?.Status.Value, DayCaller.Of(http.User), request!.Name!, http.User.Actor(), clock.GetUtcNow());
                write.Append(events);
                await session.SaveAndSetETag(http.Response, write, ct);
                return TypedResults.Ok(TeamView.After(team, events));
            })
            .ValidateRequest<MilestoneRequest>()
            .WithName("RecordMilestone")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Record a milestone of the team while the marathon is in progress (the team's lead or staff).");

        api.MapPost("/teams/{teamId:guid}/deliverable", async (
                Guid teamId, [FromBody] DeliverableRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (write, marathon) = await Open(session, teamId, http, ct);
                var team = write.State!;
                var memberIds = team.Members.Select(m => m.VolunteerId).ToArray();
                var copies = await session.LoadManyAsync<VolunteerForFormation>(ct, memberIds);
                var checkedIn = copies.Where(v => v.CheckedIn).Select(v => v.Id).ToHashSet();
                var events = SubmitDeliverable(
                    team, marathon?.Status.Value, DayCaller.Of(http.User), checkedIn, request!.Title!, request.Url!, http.User.Actor(), clock.GetUtcNow());
                write.Append(events);
                await session.SaveAndSetETag(http.Response, write, ct);
                return TypedResults.Ok(TeamView.After(team, events));
            })
            .ValidateRequest<DeliverableRequest>()
            .WithName("SubmitDeliverable")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Submit the team's deliverable while the marathon is in progress: the mission is completed (the team's lead or staff).");
        return api;
    }

    /// <summary>
    /// The team's stream, opened for writing, and Teams' copy of its marathon. A team the caller may not
    /// see is a 404 before <c>If-Match</c> is looked at, so a stale version reveals nothing either.
    /// </summary>
    private static async Task<(StreamWrite<Team> Write, MarathonForFormation? Marathon)> Open(
        IDocumentSession session, Guid teamId, HttpContext http, CancellationToken ct)
    {
        var write = await session.OpenForWriting<Team>(teamId, ct);
        var team = http.User.Visible(write.State, teamId);
        write.Require(http.Request.ExpectedVersion());
        var marathon = await session.LoadAsync<MarathonForFormation>(team.MarathonId, ct);
        return (write, marathon);
    }
}
