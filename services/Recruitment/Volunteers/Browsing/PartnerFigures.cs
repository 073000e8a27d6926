using Marten;

namespace ProBono.Recruitment.Volunteers.Browsing;

/// <summary>How many of a partner's volunteers are in each state.</summary>
internal sealed record VolunteerCounts(int Confirmed, int Waitlisted, int Withdrawn, int CheckedIn)
{
    public static readonly VolunteerCounts None = new(0, 0, 0, 0);
}

/// <summary>
/// The per-partner figures of one marathon, counted from the <see cref="Volunteer"/> documents (an inline projection of
/// the rosters, so exact right after a write). Counting at read time keeps them out of the marathon's summary, which
/// concurrent registrations of different partners would otherwise have to rewrite.
/// </summary>
internal static class PartnerFigures
{
    public static async Task<IReadOnlyDictionary<string, VolunteerCounts>> Of(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var states = await session.Query<Volunteer>()
            .Where(v => v.MarathonId == marathonId)
            .Select(v => new VolunteerState(v.PartnerId, v.Status, v.CheckedIn))
            .ToListAsync(ct);
        return states
            .GroupBy(v => v.PartnerId)
            .ToDictionary(g => g.Key, g => new VolunteerCounts(
                g.Count(v => v.Status == VolunteerStatus.Confirmed),
                g.Count(v => v.Status == VolunteerStatus.Waitlisted),
                g.Count(v => v.Status == VolunteerStatus.Withdrawn),
                g.Count(v => v.CheckedIn)));
    }

    private sealed record VolunteerState(string PartnerId, VolunteerStatus Status, bool CheckedIn);
}
