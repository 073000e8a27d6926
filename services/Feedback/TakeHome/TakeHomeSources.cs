using ProBono.Feedback.Copies;
using ProBono.Feedback.Reports;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// What the documents a stakeholder takes home are made of: the report's sources (the marathon's copies and its survey
/// tallies) and Feedback's copies of the associations its needs belong to. Names are not among them: they are asked of
/// Recruitment when a document is made (<see cref="RecruitmentNames"/>).
/// </summary>
internal sealed record TakeHomeSources(ReportSources Report, IReadOnlyDictionary<Guid, AssociationForImpact> Associations)
{
    public MarathonForImpact Marathon => Report.Marathon;

    /// <summary>The marathon's name and date: a document names both (404 until the scheduling has reached Feedback).</summary>
    public (string Name, DateOnly Date) Named =>
        Marathon is { Name: { } name, Date: { } date } ? (name, date) : throw new NotFound($"Feedback has not heard of marathon {Marathon.Id} (yet).");

    /// <summary>The team each volunteer is on (the latest roster Feedback has of each team).</summary>
    public IReadOnlyDictionary<Guid, TeamForImpact> TeamOfVolunteer()
    {
        var teamOf = new Dictionary<Guid, TeamForImpact>();
        foreach (var team in Report.Teams.OrderBy(t => t.Id))
        {
            foreach (var member in team.Members.Value ?? [])
            {
                teamOf[member.VolunteerId] = team;
            }
        }
        return teamOf;
    }

    public IReadOnlyDictionary<Guid, NeedForImpact> NeedsById() => Report.Needs.ToDictionary(n => n.Id);

    /// <summary>The association's name: its own copy's, else the one its need was published under.</summary>
    public string? AssociationName(Guid associationId) =>
        Associations.GetValueOrDefault(associationId)?.Name is { Length: > 0 } name
            ? name
            : Report.Needs.FirstOrDefault(n => n.AssociationId == associationId && !string.IsNullOrEmpty(n.AssociationName))?.AssociationName;

    /// <summary>A partner of the marathon (or a company its volunteers count for), else 404.</summary>
    public string RequirePartner(string partnerId) =>
        Report.PartnerIds().Contains(partnerId, StringComparer.Ordinal)
            ? partnerId
            : throw new NotFound($"{partnerId} is not a partner of marathon {Marathon.Id}.");
}

internal static class TakeHomeLoading
{
    /// <summary>The report's sources in one round trip, then the copies of the associations its needs name in a second.</summary>
    public static async Task<TakeHomeSources> Load(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var report = await ReportLoading.Load(session, marathonId, ct);
        var ids = report.Needs.Select(n => n.AssociationId).Distinct().ToArray();
        var associations = ids.Length == 0 ? [] : await session.LoadManyAsync<AssociationForImpact>(ct, ids);
        return new TakeHomeSources(report, associations.ToDictionary(a => a.Id));
    }
}
