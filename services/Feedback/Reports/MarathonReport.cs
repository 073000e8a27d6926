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

/// <summary>A partner's line: <see cref="Responded"/> is the n of its employees' answers behind <see cref="Nps"/> and <see cref="Csat"/>.</summary>
internal sealed record PartnerFigures(
    string PartnerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    int Volunteers,
    int VolunteersCheckedIn,
    int Hours,
    decimal ValueEur,
    int Responded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat);

/// <summary>An association's line: its need, what its team delivered, and its own answer (n = <see cref="Responded"/>).</summary>
internal sealed record AssociationFigures(
    Guid AssociationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NeedTitle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Deliverable,
    int Responded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat,
    int Delivered);

/// <summary>The totals: <see cref="Volunteers"/> held a confirmed place; the hours and their value are those of <see cref="VolunteersCheckedIn"/>.</summary>
internal sealed record ImpactFigures(int Volunteers, int VolunteersCheckedIn, int Hours, decimal ValueEur, int Teams, int Deliverables);

/// <summary>
/// The associations' follow-up, some months on: how many were asked and answered, how many use the deliverable (fully,
/// partly, not), and their NPS then (null without an answer).
/// </summary>
internal sealed record FollowUpFigures(
    int Invited, int Responded, int InUse, int PartlyInUse, int NotInUse,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps)
{
    public static FollowUpFigures Of(FollowUpTally tally) => new(
        tally.Invited, tally.Responded, tally.InUse, tally.PartlyInUse, tally.NotInUse, Figures.Nps(tally.Responded, tally.Promoters, tally.Detractors));
}

/// <summary><c>GET /admin/feedback/marathons/{mid}/report</c>, exactly API.md's shape.</summary>
internal sealed record MarathonReport(
    ReportGroups Groups, IReadOnlyList<PartnerFigures> ByPartner, IReadOnlyList<AssociationFigures> ByAssociation, ImpactFigures Impact,
    FollowUpFigures FollowUp);

/// <summary>A volunteer's line of the workbook: who, for which company, whether they came, their hours and where they worked.</summary>
internal sealed record VolunteerLine(
    Guid VolunteerId,
    string? FirstName,
    string PartnerId,
    string? PartnerName,
    bool CheckedIn,
    int Hours,
    decimal ValueEur,
    Guid? TeamId,
    string? AssociationName,
    string? NeedTitle);

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
        var needsOf = Needs.ToLookup(n => n.AssociationId);
        var teamsOf = Teams.ToLookup(t => associationOfNeed.GetValueOrDefault(t.NeedId));
        return new MarathonReport(
            new ReportGroups(Group(SurveyGroups.Volunteer), Group(SurveyGroups.Association), Group(SurveyGroups.Partner)),
            [.. PartnerIds().Select(p => Partner(p))],
            // by name, as a reader looks an association up; unnamed ones (copies not arrived yet) last
            [.. associations.Select(a => Association(a, needsOf[a], teamsOf[a])).OrderBy(a => a.Name is null).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AssociationId)],
            new ImpactFigures(
                Volunteers.Count(v => v.IsConfirmed),
                checkedIn.Count,
                Figures.Hours(checkedIn.Count, Marathon.HoursPerVolunteer),
                Value(checkedIn),
                Teams.Count,
                delivered.Count),
            FollowUpFigures.Of(Campaign?.FollowUp ?? FollowUpTally.None));
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

    /// <summary>
    /// Pure: a line per volunteer who holds a place or came, by company then first name, for the workbook. Lazy, so a
    /// marathon of thousands is written row by row.
    /// </summary>
    public IEnumerable<VolunteerLine> VolunteerLines()
    {
        var teamOf = new Dictionary<Guid, TeamForImpact>();
        foreach (var team in Teams)
        {
            foreach (var member in team.Members.Value ?? [])
            {
                teamOf[member.VolunteerId] = team;
            }
        }
        var needs = Needs.ToDictionary(n => n.Id);
        var names = PartnerIds().ToDictionary(p => p, p => PartnerName(p), StringComparer.Ordinal);
        return Volunteers
            .Where(v => v.IsConfirmed || v.CheckedIn)
            .OrderBy(v => names.GetValueOrDefault(v.PartnerId) ?? v.PartnerId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(v => v.FirstName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(v => v.Id)
            .Select(v =>
            {
                var team = teamOf.GetValueOrDefault(v.Id);
                var need = team is null ? null : needs.GetValueOrDefault(team.NeedId);
                var hours = v.CheckedIn ? Marathon.HoursPerVolunteer : 0;
                return new VolunteerLine(v.Id, v.FirstName, v.PartnerId, names.GetValueOrDefault(v.PartnerId), v.CheckedIn, hours,
                    v.CheckedIn ? Value([v]) : 0m, team?.Id, need?.AssociationName, need?.Title);
            });
    }

    /// <summary>The company's name: the marathon's, else the one its volunteers' confirmations gave; null when no copy has it yet.</summary>
    public string? PartnerName(string partnerId) =>
        Marathon.Partners.FirstOrDefault(p => p.PartnerId == partnerId)?.Name is { Length: > 0 } name
            ? name
            : Volunteers.FirstOrDefault(v => v.PartnerId == partnerId && !string.IsNullOrEmpty(v.PartnerName))?.PartnerName;

    private PartnerFigures Partner(string partnerId)
    {
        var own = Volunteers.Where(v => v.PartnerId == partnerId).ToList();
        var checkedIn = own.Where(v => v.CheckedIn).ToList();
        var tally = SurveyCampaign.TallyOf(Campaign?.ByPartner ?? [], partnerId);
        return new PartnerFigures(partnerId, PartnerName(partnerId), own.Count(v => v.IsConfirmed), checkedIn.Count,
            Figures.Hours(checkedIn.Count, Marathon.HoursPerVolunteer), Value(checkedIn), tally.Responded, Figures.Nps(tally), Figures.Csat(tally));
    }

    /// <summary>
    /// An association's line. An association usually has one need a marathon; should it have several, their titles and
    /// deliverables are joined, the staffed needs first, so no work goes unnamed.
    /// </summary>
    private AssociationFigures Association(Guid associationId, IEnumerable<NeedForImpact> itsNeeds, IEnumerable<TeamForImpact> itsTeams)
    {
        var tally = SurveyCampaign.TallyOf(Campaign?.ByAssociation ?? [], associationId.ToString());
        var teams = itsTeams.ToList();
        var staffed = teams.Select(t => t.NeedId).ToHashSet();
        var needs = itsNeeds.OrderBy(n => staffed.Contains(n.Id) ? 0 : 1).ThenBy(n => n.Title, StringComparer.Ordinal).ToList();
        var delivered = teams.Where(t => t.Delivered).ToList();
        return new AssociationFigures(
            associationId,
            needs.Select(n => n.AssociationName).FirstOrDefault(n => !string.IsNullOrEmpty(n)),
            Joined(needs.Select(n => n.Title)),
            Joined(delivered.Select(t => t.DeliverableName())),
            tally.Responded, Figures.Nps(tally), Figures.Csat(tally), delivered.Count);
    }

    private static string? Joined(IEnumerable<string?> texts) =>
        texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } some ? string.Join(" / ", some) : null;

    private decimal Value(IEnumerable<VolunteerForImpact> checkedIn) =>
        Figures.ValueEur(checkedIn.Select(v => v.HourlyCostEur), Marathon.HoursPerVolunteer, Marathon.HourlyValueEur);
}
