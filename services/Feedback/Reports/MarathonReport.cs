using System.Text.Json.Serialization;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

namespace ProBono.Feedback.Reports;

// Figures without a response are null and shown as null (not left out), as API.md says.

internal sealed record GroupFigures(
    int Invited,
    int Responded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? ResponseRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat);

internal sealed record ReportGroups(GroupFigures Volunteer, GroupFigures Association, GroupFigures Partner);

internal sealed record PartnerFigures(
    string PartnerId,
    int Volunteers,
    int Hours,
    decimal ValueEur,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat);

internal sealed record AssociationFigures(
    Guid AssociationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat,
    int Delivered);

internal sealed record ImpactFigures(int Volunteers, int Hours, decimal ValueEur, int Teams, int Deliverables);

/// <summary><c>GET /admin/feedback/marathons/{mid}/report</c>, exactly API.md's shape.</summary>
internal sealed record MarathonReport(ReportGroups Groups, IReadOnlyList<PartnerFigures> ByPartner, IReadOnlyList<AssociationFigures> ByAssociation, ImpactFigures Impact);

/// <summary><c>GET /api/marathons/{mid}/impact</c>: one partner's own figures.</summary>
internal sealed record PartnerImpact(
    string PartnerId,
    int Volunteers,
    int CheckedIn,
    int Hours,
    decimal ValueEur,
    int Teams,
    int Associations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat);

/// <summary>
/// What a marathon's report is made of: the campaign's snapshot (the survey tallies, kept inline with each answer) and
/// Feedback's copies of the marathon's volunteers, teams and needs.
/// </summary>
internal sealed record ReportSources(
    MarathonForImpact Marathon,
    SurveyCampaign? Campaign,
    IReadOnlyList<VolunteerForImpact> Volunteers,
    IReadOnlyList<TeamForImpact> Teams,
    IReadOnlyList<NeedForImpact> Needs)
{
    private IReadOnlyList<KeyedTally> ByGroup => Campaign?.ByGroup ?? [];

    /// <summary>Pure: the report of API.md from its sources.</summary>
    public MarathonReport Report()
    {
        var delivered = Teams.Where(t => t.Delivered).ToList();
        var associationOfNeed = Needs.ToDictionary(n => n.Id, n => n.AssociationId);
        var associations = Teams.Select(t => associationOfNeed.TryGetValue(t.NeedId, out var a) ? a : (Guid?)null).OfType<Guid>()
            .Concat((Campaign?.ByAssociation ?? []).Select(t => Guid.Parse(t.Key)))
            .Distinct()
            .Order();
        var checkedIn = Volunteers.Where(v => v.CheckedIn).ToList();
        return new MarathonReport(
            new ReportGroups(Group(SurveyGroups.Volunteer), Group(SurveyGroups.Association), Group(SurveyGroups.Partner)),
            [.. PartnerIds().Select(p => Partner(p))],
            [.. associations.Select(a => Association(a, delivered.Count(t => associationOfNeed.GetValueOrDefault(t.NeedId) == a)))],
            new ImpactFigures(
                Volunteers.Count(v => v.IsConfirmed),
                Figures.Hours(checkedIn.Count, Marathon.HoursPerVolunteer),
                Value(checkedIn),
                Teams.Count,
                delivered.Count));
    }

    /// <summary>Pure: <paramref name="partnerId"/>'s own figures (its employees, their teams and their answers).</summary>
    public PartnerImpact ImpactOf(string partnerId)
    {
        var figures = Partner(partnerId);
        var teams = Teams.Where(t => (t.Members.Value ?? []).Any(m => m.PartnerId == partnerId)).ToList();
        var needs = teams.Select(t => t.NeedId).ToHashSet();
        var associations = Needs.Where(n => needs.Contains(n.Id)).Select(n => n.AssociationId).Distinct().Count();
        var checkedIn = Volunteers.Count(v => v.PartnerId == partnerId && v.CheckedIn);
        return new PartnerImpact(partnerId, figures.Volunteers, checkedIn, figures.Hours, figures.ValueEur, teams.Count, associations, figures.Nps, figures.Csat);
    }

    /// <summary>The marathon's partners, and any company a volunteer counts for that the marathon's copy has not heard of yet.</summary>
    public IReadOnlyList<string> PartnerIds() =>
        [.. Marathon.Partners.Select(p => p.PartnerId).Concat(Volunteers.Select(v => v.PartnerId)).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    private GroupFigures Group(string group)
    {
        var tally = SurveyCampaign.TallyOf(ByGroup, group);
        return new GroupFigures(tally.Invited, tally.Responded, Figures.ResponseRate(tally.Responded, tally.Invited), Figures.Nps(tally), Figures.Csat(tally));
    }

    private PartnerFigures Partner(string partnerId)
    {
        var own = Volunteers.Where(v => v.PartnerId == partnerId).ToList();
        var checkedIn = own.Where(v => v.CheckedIn).ToList();
        var tally = SurveyCampaign.TallyOf(Campaign?.ByPartner ?? [], partnerId);
        return new PartnerFigures(partnerId, own.Count(v => v.IsConfirmed), Figures.Hours(checkedIn.Count, Marathon.HoursPerVolunteer), Value(checkedIn),
            Figures.Nps(tally), Figures.Csat(tally));
    }

    private AssociationFigures Association(Guid associationId, int delivered)
    {
        var tally = SurveyCampaign.TallyOf(Campaign?.ByAssociation ?? [], associationId.ToString());
        return new AssociationFigures(associationId, Figures.Nps(tally), Figures.Csat(tally), delivered);
    }

    private decimal Value(IEnumerable<VolunteerForImpact> checkedIn) =>
        Figures.ValueEur(checkedIn.Select(v => v.HourlyCostEur), Marathon.HoursPerVolunteer, Marathon.HourlyValueEur);
}
