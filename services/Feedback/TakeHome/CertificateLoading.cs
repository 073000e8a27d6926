using System.Security.Claims;
using ProBono.Contracts;
using ProBono.Feedback.Copies;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// What a volunteer's certificate of participation says (<see cref="Certificate"/>), for
/// <c>GET /api/marathons/{mid}/volunteers/{vid}/certificate.pdf</c>: the volunteer itself, its partner and staff may have
/// it; anyone else gets 404, as for Recruitment's volunteer (another tenant's volunteer is not revealed). Only a volunteer
/// checked in at a completed marathon has one (409 otherwise).
/// </summary>
internal static class CertificateLoading
{
    /// <summary>Staff; the volunteer's company; the volunteer itself.</summary>
    public static bool MayHave(ClaimsPrincipal user, VolunteerForImpact volunteer) =>
        user.IsStaff()
        || (user.PartnerId() is { } partnerId && partnerId == volunteer.PartnerId)
        || user.VolunteerId() == volunteer.Id;

    public static async Task<Certificate> Load(
        IQuerySession session, RecruitmentNames names, ClaimsPrincipal user, Guid marathonId, Guid volunteerId, CancellationToken ct)
    {
        var reads = session.CreateBatchQuery();
        var marathonRead = reads.Load<MarathonForImpact>(marathonId);
        var volunteerRead = reads.Load<VolunteerForImpact>(volunteerId);
        // the volunteer's team, its need and its association, however many teams the marathon has
        var teamsRead = reads.Query<TeamForImpact>().Where(t => t.MarathonId == marathonId).ToList();
        await reads.Execute(ct);
        var volunteer = await volunteerRead;
        if (volunteer is null || volunteer.MarathonId != marathonId || !MayHave(user, volunteer))
        {
            throw new NotFound($"No volunteer with id {volunteerId} in marathon {marathonId}.");
        }
        if (await marathonRead is not { Name: { } marathonName, Date: { } date } marathon)
        {
            throw new NotFound($"Feedback has not heard of marathon {marathonId} (yet).");
        }
        Decide(marathon, volunteer);

        var team = (await teamsRead).OrderBy(t => t.Id).LastOrDefault(t => (t.Members.Value ?? []).Any(m => m.VolunteerId == volunteerId));
        var need = team is null ? null : await session.LoadAsync<NeedForImpact>(team.NeedId, ct);
        var association = need is null ? null : await session.LoadAsync<AssociationForImpact>(need.AssociationId, ct);
        var name = (await names.Of(marathonId, [volunteerId], ct))[volunteerId];
        return new Certificate(marathonId, volunteerId, name, marathon.Partners.FirstOrDefault(p => p.PartnerId == volunteer.PartnerId)?.Name ?? volunteer.PartnerName,
            marathonName, date, marathon.Venue, association?.Name is { Length: > 0 } own ? own : need?.AssociationName, need?.Title,
            marathon.HoursPerVolunteer, team?.DeliverableName());
    }

    /// <summary>A certificate says the volunteer came to a marathon that took place: checked in, and the marathon completed. Pure.</summary>
    public static void Decide(MarathonForImpact marathon, VolunteerForImpact volunteer)
    {
        if (marathon.Status.Value != MarathonStatuses.Completed)
        {
            throw new StateConflict($"A certificate is made once the marathon is completed; it is {marathon.Status.Value}.");
        }
        if (!volunteer.CheckedIn)
        {
            throw new StateConflict("A certificate is made only for a volunteer who checked in at the marathon.");
        }
    }
}
