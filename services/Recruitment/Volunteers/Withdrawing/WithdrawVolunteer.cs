using ProBono.Recruitment.Marathons;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Volunteers.Withdrawing;

internal sealed record VolunteerWithdrawalResponse(Guid VolunteerId, VolunteerStatus Status, Guid? PromotedVolunteerId);

internal static class WithdrawVolunteerSlice
{
    /// <summary>A volunteer withdraws; withdrawing twice is a 409, and nothing changes once the marathon is completed. Pure.</summary>
    public static IReadOnlyList<object> Decide(Volunteer volunteer, MarathonStatus marathonStatus, DateTimeOffset now)
    {
        if (volunteer.Status == VolunteerStatus.Withdrawn)
        {
            throw new StateConflict($"Volunteer {volunteer.Id} has already withdrawn.");
        }
        if (marathonStatus == MarathonStatus.Completed)
        {
            throw new StateConflict("The marathon is completed; its volunteers can no longer withdraw.");
        }
        return [new VolunteerWithdrawn(volunteer.MarathonId, volunteer.PartnerId, volunteer.Id, volunteer.Status == VolunteerStatus.Confirmed, volunteer.Source, now)];
    }

    /// <summary>The place a confirmed volunteer freed goes to the partner's first waitlisted volunteer (arrival order), if any. Pure.</summary>
    public static IReadOnlyList<object> Promote(IReadOnlyList<object> withdrawal, Volunteer? firstWaitlisted, DateTimeOffset now) =>
        withdrawal is [VolunteerWithdrawn { WasConfirmed: true }] && firstWaitlisted is { Status: VolunteerStatus.Waitlisted } next
            ? [new WaitlistedVolunteerConfirmed(next.MarathonId, next.PartnerId, next.PartnerName, next.Id, next.Profile, next.Source, now)]
            : [];

    public static RouteGroupBuilder MapWithdrawVolunteer(this RouteGroupBuilder api)
    {
        api.MapDelete("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}", async (
                Guid marathonId, Guid volunteerId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var seen = http.User.Visible(await session.LoadAsync<Volunteer>(volunteerId, ct), marathonId, volunteerId);
                var (volunteer, promoted) = await session.Withdraw(marathonId, seen.PartnerId, volunteerId, http.Request.ExpectedVersion(), clock.GetUtcNow(), ct);
                await session.SaveAndSetETag(http.Response, volunteer, ct);
                return TypedResults.Ok(new VolunteerWithdrawalResponse(volunteerId, VolunteerStatus.Withdrawn, promoted));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("WithdrawVolunteer")
            .ProducesProblems(404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Withdraw a volunteer; the partner's first waitlisted volunteer then takes the freed place (partner: its own).");
        return api;
    }

    /// <summary>
    /// The withdrawal use case, for the API and the attendance page alike: under the roster's lock, the volunteer withdraws
    /// and the partner's first waitlisted volunteer takes a freed place. Appended to <paramref name="session"/>; the caller
    /// saves. Returns the volunteer's stream and the promoted volunteer, if any.
    /// </summary>
    public static async Task<(StreamWrite<Volunteer> Volunteer, Guid? Promoted)> Withdraw(
        this IDocumentSession session, Guid marathonId, string partnerId, Guid volunteerId, long? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var (marathon, _, volunteer) = await session.OpenVolunteer(marathonId, partnerId, volunteerId, null, ct);
        var withdrawal = Decide(volunteer.Require(expectedVersion), marathon.Status, now);
        var next = withdrawal is [VolunteerWithdrawn { WasConfirmed: true }]
            ? await session.FirstWaitlisted(marathonId, partnerId, ct)
            : null;
        var promotion = Promote(withdrawal, next, now);
        volunteer.Append(withdrawal);
        if (promotion.Count > 0)
        {
            (await session.OpenForWriting<Volunteer>(next!.Id, ct)).Append(promotion);
        }
        return (volunteer, promotion.Count > 0 ? next!.Id : null);
    }

    /// <summary>The partner's first waitlisted volunteer in arrival order: one indexed lookup, read under the roster's lock.</summary>
    private static Task<Volunteer?> FirstWaitlisted(this IQuerySession session, Guid marathonId, string partnerId, CancellationToken ct) =>
        session.Query<Volunteer>()
            .Where(v => v.MarathonId == marathonId && v.PartnerId == partnerId && v.Status == VolunteerStatus.Waitlisted)
            .OrderBy(v => v.Arrival)
            .FirstOrDefaultAsync(ct);
}
