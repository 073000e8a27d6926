using Marten;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Problems;
using System.Security.Claims;

namespace ProBono.Recruitment.Volunteers;

/// <summary>What the volunteer slices share: finding the marathon and the caller's roster, locking it, and keeping the figures current.</summary>
internal static class RosterWriting
{
    /// <summary>The marathon, or 404 when it does not exist or <paramref name="partnerId"/> does not take part in it.</summary>
    public static async Task<MarathonSummary> MarathonOf(IQuerySession session, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonSummary>(marathonId, ct);
        if (marathon is null)
        {
            throw new NotFound($"No marathon with id {marathonId}.");
        }
        if (partnerId is not null && !marathon.PartnerIds.Contains(partnerId))
        {
            throw new NotFound($"Partner '{partnerId}' takes no part in marathon {marathonId}.");
        }
        return marathon;
    }

    /// <summary>
    /// The roster of (marathon, partner), row-locked until the session commits or is disposed: concurrent writers of
    /// one partner's roster are serialized, so the quota holds. A roster missing for a marathon scheduled before rosters
    /// existed is opened on the fly (its <see cref="RosterOpened"/> is appended before the decision's events).
    /// </summary>
    public static async Task<(JasperFx.Events.IEventStream<PartnerRoster> Stream, PartnerRoster Roster)> Lock(
        IDocumentSession session, MarathonSummary marathon, string partnerId, DateTimeOffset now, CancellationToken ct)
    {
        var rosterId = RosterIds.Roster(marathon.Id, partnerId);
        var stream = await session.Events.FetchForExclusiveWriting<PartnerRoster>(rosterId, ct);
        if (stream.Aggregate is { } roster)
        {
            return (stream, roster);
        }
        var partner = marathon.Partners.Single(p => p.PartnerId == partnerId);
        var opened = new RosterOpened(rosterId, marathon.Id, partnerId, partner.Name, partner.Quota, now);
        stream.AppendOne(opened);
        return (stream, PartnerRoster.Create(opened));
    }

    /// <summary>
    /// Saves; two first writers racing to open a missing roster (see <see cref="Lock"/>) cannot both win: the loser answers 409.
    /// </summary>
    public static async Task Save(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            throw new StateConflict("The partner's roster was being opened by a concurrent request; retry.");
        }
    }

    /// <summary>May the caller see this volunteer? Staff: all; a partner: its own employees; a volunteer: itself.</summary>
    public static bool MaySee(ClaimsPrincipal user, Browsing.Volunteer volunteer) =>
        user.IsStaff()
        || (user.PartnerId() is { } partnerId && partnerId == volunteer.PartnerId)
        || user.VolunteerId() == volunteer.Id;
}
