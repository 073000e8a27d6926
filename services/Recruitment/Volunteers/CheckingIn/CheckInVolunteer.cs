using Marten;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.CheckingIn;

internal sealed record CheckInResponse(Guid VolunteerId, bool CheckedIn);

internal static class CheckInVolunteerSlice
{
    /// <summary>
    /// Only confirmed volunteers, on the day or (marked as a correction, with who) within the correction window; checking
    /// in twice changes nothing. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Volunteer volunteer, CheckInWindow window, DateTimeOffset now, string by)
    {
        var correction = window.IsCorrection(now);
        if (volunteer.Status != VolunteerStatus.Confirmed)
        {
            throw new StateConflict(NotConfirmed(volunteer));
        }
        return volunteer.CheckedIn ? [] : [new VolunteerCheckedIn(volunteer.MarathonId, volunteer.PartnerId, volunteer.Id, now, correction, correction ? by : null)];
    }

    public static string NotConfirmed(Volunteer volunteer) =>
        $"Only confirmed volunteers check in; volunteer {volunteer.Id} is {ApiSpelling.Of(volunteer.Status)}.";

    public static RouteGroupBuilder MapCheckInVolunteer(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}/check-in", async (
                Guid marathonId, Guid volunteerId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                http.User.Visible(await session.LoadAsync<Volunteer>(volunteerId, ct), marathonId, volunteerId);
                // as at the desk: the marathon's status held, the volunteer's stream locked; no roster figure changes
                var reads = session.CreateBatchQuery();
                var marathonRead = reads.RequireWhileStatusHeld(marathonId, null);
                var volunteerRead = reads.OpenForWriting<Volunteer>(volunteerId, exclusive: true);
                await reads.Execute(ct);
                var (marathon, volunteer) = (await marathonRead, await volunteerRead);

                volunteer.Append(Decide(volunteer.Require(http.Request.ExpectedVersion()), CheckInWindow.Of(marathon), clock.GetUtcNow(), http.User.Tenant()!));
                await session.SaveAndSetETag(http.Response, volunteer, ct);
                return TypedResults.Ok(new CheckInResponse(volunteerId, true));
            })
            .WithName("CheckInVolunteer")
            .ProducesProblems(404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Check a confirmed volunteer in on the day, or as a correction within the correction window after completion (staff).");
        return admin;
    }
}
