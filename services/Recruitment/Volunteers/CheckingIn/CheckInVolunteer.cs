using Marten;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.CheckingIn;

internal sealed record CheckInResponse(Guid VolunteerId, bool CheckedIn);

internal static class CheckInVolunteerSlice
{
    /// <summary>Only while the marathon is in progress, only confirmed volunteers; checking in twice changes nothing. Pure.</summary>
    public static IReadOnlyList<object> Decide(PartnerRoster roster, MarathonStatus marathonStatus, Guid volunteerId, DateTimeOffset now)
    {
        var volunteer = roster.ById(volunteerId) ?? throw new NotFound($"No volunteer with id {volunteerId}.");
        if (marathonStatus != MarathonStatus.InProgress)
        {
            throw new StateConflict($"Volunteers check in only while the marathon is in progress; it is {marathonStatus.ToApi()}.");
        }
        if (volunteer.Status != VolunteerStatus.Confirmed)
        {
            throw new StateConflict($"Only confirmed volunteers check in; volunteer {volunteerId} is {volunteer.Status.ToString().ToLowerInvariant()}.");
        }
        return volunteer.CheckedIn ? [] : [new VolunteerCheckedIn(roster.MarathonId, roster.PartnerId, volunteerId, now)];
    }

    public static RouteGroupBuilder MapCheckInVolunteer(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}/check-in", async (
                Guid marathonId, Guid volunteerId, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var volunteer = await session.LoadAsync<Volunteer>(volunteerId, ct);
                if (volunteer is null || volunteer.MarathonId != marathonId)
                {
                    throw new NotFound($"No volunteer with id {volunteerId} in marathon {marathonId}.");
                }
                var now = clock.GetUtcNow();
                var marathon = await RosterWriting.MarathonOf(session, marathonId, null, ct);
                var (stream, roster) = await RosterWriting.Lock(session, marathon, volunteer.PartnerId, now, ct);

                var events = Decide(roster, marathon.Status, volunteerId, now);
                if (events.Count > 0)
                {
                    stream.AppendMany(events);
                    await RosterWriting.Save(session, ct);
                }
                return TypedResults.Ok(new CheckInResponse(volunteerId, true));
            })
            .WithName("CheckInVolunteer")
            .ProducesProblems(404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Check a confirmed volunteer in on the day (staff; only while the marathon is in progress).");
        return admin;
    }
}
