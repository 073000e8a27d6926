namespace ProBono.Recruitment.Volunteers.Browsing;

/// <summary>How many of a partner's volunteers are in each state.</summary>
internal sealed record VolunteerCounts(int Confirmed, int Waitlisted, int Withdrawn)
{
    public static readonly VolunteerCounts None = new(0, 0, 0);
}

/// <summary>
/// The per-partner figures of one marathon: one <see cref="RosterFigures"/> document per partner, found by an index on
/// the marathon, so the cost of a read depends on the number of partners, not of volunteers.
/// </summary>
internal static class PartnerFigures
{
    public static async Task<IReadOnlyDictionary<string, VolunteerCounts>> Of(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var rosters = await session.Query<RosterFigures>().Where(r => r.MarathonId == marathonId).ToListAsync(ct);
        return rosters.ToDictionary(r => r.PartnerId, r => new VolunteerCounts(r.Confirmed, r.Waitlisted, r.Withdrawn));
    }

    /// <summary>
    /// The volunteers checked in, per partner, counted from the volunteers themselves (the rosters do not count them, so
    /// that the desks need no roster lock): staff's stats only, read on the day, through the marathon's index.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> CheckedIn(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var partners = await session.Query<Volunteer>().Where(v => v.MarathonId == marathonId && v.CheckedIn).Select(v => v.PartnerId).ToListAsync(ct);
        return partners.CountBy(p => p).ToDictionary(c => c.Key, c => c.Value);
    }
}
