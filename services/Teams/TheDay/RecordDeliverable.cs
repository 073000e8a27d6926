using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProBono.Teams.Browsing;
using ProBono.Teams.Copies;

namespace ProBono.Teams.TheDay;

/// <summary>Body of <c>POST</c> and <c>PUT /api/teams/{tid}/deliverable</c>: a title, and a url or a description (or both).</summary>
internal sealed record DeliverableRequest(string? Title, string? Url, string? Description = null);

internal sealed class DeliverableRequestValidator : AbstractValidator<DeliverableRequest>
{
    public DeliverableRequestValidator()
    {
        RuleFor(r => r.Title).SingleLineText(200);
        // a paper handed over is a deliverable too: then the description says what it is
        RuleFor(r => r.Url).NotNull().When(r => r.Description is null)
            .WithMessage("A deliverable needs a 'url' or a 'description' (a paper handed over), or both.");
        When(r => r.Url is not null, () =>
            RuleFor(r => r.Url).SingleLineText(2000).DependentRules(() =>
                RuleFor(r => r.Url).Must(TheDaySlice.IsWebAddress).WithMessage("'url' must be an absolute http or https URL.")));
        RuleFor(r => r.Description).MultiLineText(4000).When(r => r.Description is not null);
    }
}

/// <summary>A deliverable as the caller wrote it, trimmed.</summary>
internal sealed record DeliverableDraft(string Title, string? Url, string? Description)
{
    public static DeliverableDraft From(DeliverableRequest request) => new(request.Title!.Trim(), request.Url?.Trim(), request.Description?.Trim());

    public bool IsThe(SubmittedDeliverable deliverable) =>
        deliverable.Title == Title && deliverable.Url == Url && deliverable.Description == Description;
}

/// <summary>
/// The team's deliverable, by its lead or staff: recorded (<c>POST</c>: the first one, which completes the mission) or
/// recorded or replaced (<c>PUT</c>), on the day or, marked as a correction, within the marathon's correction window.
/// Each change leaves as a MissionCompleted of a newer team version.
/// </summary>
internal static class RecordDeliverableSlice
{
    /// <summary>
    /// Pure. The first deliverable completes the mission (<see cref="DeliverableSubmitted"/>); when <paramref name="replace"/>,
    /// a later one replaces it (<see cref="DeliverableReplaced"/>), and the same one again changes nothing. Either names
    /// the members, those of them checked in (<paramref name="checkedIn"/>: the volunteers Teams knows to have checked
    /// in) and the lead. <paramref name="now"/> is the one clock reading the window is judged by and the change stamped with.
    /// </summary>
    public static IReadOnlyList<object> RecordDeliverable(
        Team team, DayWindow day, DayCaller caller, IReadOnlySet<Guid> checkedIn, DeliverableDraft draft, bool replace, string by, DateTimeOffset now)
    {
        TheDaySlice.RequireLeadOrStaff(team, caller);
        if (!replace && team.Delivered is not null)
        {
            throw new StateConflict("The team has already submitted its deliverable; PUT replaces it.");
        }
        var correction = day.IsCorrectionAt(now);
        if (team.Delivered is { } current && draft.IsThe(current))
        {
            return [];
        }
        List<Guid> present = [.. team.Members.Select(m => m.VolunteerId).Where(checkedIn.Contains)];
        return team.Delivered is null
            ?
            [
                new DeliverableSubmitted(team.Id, team.MarathonId, team.Need.NeedId, team.Members, present, team.LeadVolunteerId,
                    draft.Title, draft.Url, by, now, draft.Description, correction),
            ]
            :
            [
                new DeliverableReplaced(team.Id, team.MarathonId, team.Need.NeedId, team.Members, present, team.LeadVolunteerId,
                    draft.Title, draft.Url, draft.Description, correction, by, now),
            ];
    }

    public static RouteGroupBuilder MapRecordDeliverable(this RouteGroupBuilder api)
    {
        api.MapPost("/teams/{teamId:guid}/deliverable", (
                Guid teamId, [FromBody] DeliverableRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                Record(teamId, request!, replace: false, session, clock, http, ct))
            .ValidateRequest<DeliverableRequest>()
            .WithIdempotency()
            .WithName("SubmitDeliverable")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Submit the team's deliverable: the mission is completed (the team's lead or staff).")
            .WithDescription("While the marathon is in progress, or as a correction (correction: true) within its correctionDays after it "
                + "completed; after that window, or when the team has a deliverable already (PUT replaces it), 409. A url (absolute "
                + "http or https) or a description (a paper handed over) is required.");

        api.MapPut("/teams/{teamId:guid}/deliverable", (
                Guid teamId, [FromBody] DeliverableRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                Record(teamId, request!, replace: true, session, clock, http, ct))
            .ValidateRequest<DeliverableRequest>()
            .WithName("ReplaceDeliverable")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Record or replace the team's deliverable (the team's lead or staff); the replaced one goes to deliverableHistory.")
            .WithDescription("While the marathon is in progress, or as a correction (correction: true, with by and at) within its "
                + "correctionDays after it completed; after that window, 409. The same deliverable again changes nothing. A url (absolute "
                + "http or https) or a description (a paper handed over) is required.");
        return api;
    }

    private static async Task<Ok<TeamView>> Record(
        Guid teamId, DeliverableRequest request, bool replace, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (write, marathon) = await TheDaySlice.Open(session, teamId, http, ct);
        var team = write.State!;
        var copies = await session.LoadManyAsync<VolunteerForFormation>(ct, [.. team.Members.Select(m => m.VolunteerId)]);
        var checkedIn = copies.Where(v => v.CheckedIn).Select(v => v.Id).ToHashSet();
        var events = RecordDeliverable(
            team, DayWindow.Of(marathon), DayCaller.Of(http.User), checkedIn, DeliverableDraft.From(request), replace, http.User.Actor(), clock.GetUtcNow());
        if (events.Count > 0)
        {
            write.Append(events);
        }
        await session.SaveAndSetETag(http.Response, write, ct);
        return TypedResults.Ok(TeamView.After(team, events));
    }
}
