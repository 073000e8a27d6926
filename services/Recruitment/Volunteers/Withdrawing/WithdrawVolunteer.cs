using Marten;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.Withdrawing;

internal sealed record VolunteerWithdrawalResponse(Guid VolunteerId, VolunteerStatus Status, Guid? PromotedVolunteerId);

internal static class WithdrawVolunteerSlice
{
    /// <summary>
    /// A volunteer withdraws; when it held a confirmed place, the partner's first waitlisted volunteer (arrival order)
    /// takes it, in the same append. Withdrawing twice is a 409; nothing changes once the marathon is completed. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(PartnerRoster roster, MarathonStatus marathonStatus, Guid volunteerId, DateTimeOffset now)
    {
        var volunteer = roster.ById(volunteerId) ?? throw new NotFound($"No volunteer with id {volunteerId}.");
        if (volunteer.Status == VolunteerStatus.Withdrawn)
        {
            throw new StateConflict($"Volunteer {volunteerId} has already withdrawn.");
        }
        if (marathonStatus == MarathonStatus.Completed)
        {
            throw new StateConflict("The marathon is completed; its volunteers can no longer withdraw.");
        }
        var wasConfirmed = volunteer.Status == VolunteerStatus.Confirmed;
        var events = new List<object> { new VolunteerWithdrawn(roster.MarathonId, roster.PartnerId, volunteerId, wasConfirmed, now) };
        if (wasConfirmed && roster.Entries.FirstOrDefault(e => e.Status == VolunteerStatus.Waitlisted) is { } next)
        {
            events.Add(new WaitlistedVolunteerConfirmed(roster.MarathonId, roster.PartnerId, roster.PartnerName, next.VolunteerId, next.Profile, now));
        }
        return events;
    }

    public static RouteGroupBuilder MapWithdrawVolunteer(this RouteGroupBuilder api)
    {
        api.MapDelete("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}", async (
                Guid marathonId, Guid volunteerId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var volunteer = await session.LoadAsync<Volunteer>(volunteerId, ct);
                if (volunteer is null || volunteer.MarathonId != marathonId || !RosterWriting.MaySee(http.User, volunteer))
                {
                    throw new NotFound($"No volunteer with id {volunteerId} in marathon {marathonId}.");
                }
                var now = clock.GetUtcNow();
                var marathon = await RosterWriting.MarathonOf(session, marathonId, null, ct);
                var (stream, roster) = await RosterWriting.Lock(session, marathon, volunteer.PartnerId, now, ct);

                var events = Decide(roster, marathon.Status, volunteerId, now);
                stream.AppendMany(events);
                await RosterWriting.Save(session, ct);

                var promoted = events.OfType<WaitlistedVolunteerConfirmed>().FirstOrDefault()?.VolunteerId;
                return TypedResults.Ok(new VolunteerWithdrawalResponse(volunteerId, VolunteerStatus.Withdrawn, promoted));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("WithdrawVolunteer")
            .ProducesProblems(404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Withdraw a volunteer; the partner's first waitlisted volunteer then takes the freed place (partner: its own).");
        return api;
    }
}
