using System.Text.Json.Serialization;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Reports;
using ProBono.Feedback.TakeHome;

namespace ProBono.Feedback.Impact;

/// <summary>
/// <c>GET /api/marathons/{mid}/impact</c>: one partner's own report. The figures of API.md's first shape (its confirmed
/// volunteers, those who came, their hours and value, its teams; NPS and CSAT from its employees' answers, n =
/// <see cref="Responded"/>), a line per employee who held a place or came (<see cref="Employees"/>, full names from
/// Recruitment) and the associations they worked for (<see cref="Associations"/>, a list since the take-home documents).
/// The workbook and the PDF hold the same.
/// </summary>
internal sealed record PartnerReport(
    string PartnerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PartnerName,
    Guid MarathonId,
    string MarathonName,
    DateOnly Date,
    int Volunteers,
    int CheckedIn,
    int Hours,
    decimal ValueEur,
    int Teams,
    IReadOnlyList<HelpedAssociation> Associations,
    int Responded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Csat,
    IReadOnlyList<EmployeeLine> Employees);

internal static class PartnerReports
{
    /// <summary>The employees the report names: the partner's volunteers who hold a place or came.</summary>
    public static IReadOnlyList<Guid> Named(TakeHomeSources sources, string partnerId) =>
        [.. Employees(sources, partnerId).Select(v => v.Id)];

    /// <summary>Pure: the partner's report, its figures as <see cref="ReportSources.ImpactOf"/> counts them.</summary>
    public static PartnerReport Of(TakeHomeSources sources, string partnerId, IReadOnlyDictionary<Guid, string> names)
    {
        var (marathonName, date) = sources.Named;
        var report = sources.Report;
        var marathon = sources.Marathon;
        var impact = report.ImpactOf(partnerId);
        var responded = SurveyCampaign.TallyOf(report.Campaign?.ByPartner ?? [], partnerId).Responded;
        var teamOf = sources.TeamOfVolunteer();
        var needs = sources.NeedsById();

        var employees = Employees(sources, partnerId)
            .Select(v =>
            {
                var team = teamOf.GetValueOrDefault(v.Id);
                var need = team is null ? null : needs.GetValueOrDefault(team.NeedId);
                var hours = v.CheckedIn ? marathon.HoursPerVolunteer : 0;
                var value = v.CheckedIn ? Figures.ValueEur([v.HourlyCostEur], marathon.HoursPerVolunteer, marathon.HourlyValueEur) : 0m;
                return new EmployeeLine(v.Id, names.GetValueOrDefault(v.Id) ?? RecruitmentNames.Placeholder, v.CheckedIn, hours, value, team?.Id,
                    need is null ? null : sources.AssociationName(need.AssociationId));
            })
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.VolunteerId)
            .ToList();

        // the associations of the teams its employees are on, as ImpactOf counts them
        var teams = report.Teams.Where(t => (t.Members.Value ?? []).Any(m => m.PartnerId == partnerId)).ToList();
        var associations = teams
            .Select(t => (Team: t, Need: needs.GetValueOrDefault(t.NeedId)))
            .Where(t => t.Need is not null)
            .GroupBy(t => t.Need!.AssociationId)
            .Select(a => new HelpedAssociation(a.Key, sources.AssociationName(a.Key),
                Joined(a.Select(t => t.Need!.Title)), Joined(a.Where(t => t.Team.Delivered).Select(t => t.Team.DeliverableName()))))
            .OrderBy(a => a.Name is null).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AssociationId)
            .ToList();

        return new PartnerReport(partnerId, report.PartnerName(partnerId), marathon.Id, marathonName, date, impact.Volunteers, impact.CheckedIn,
            impact.Hours, impact.ValueEur, impact.Teams, associations, responded, impact.Nps, impact.Csat, employees);
    }

    private static IEnumerable<VolunteerForImpact> Employees(TakeHomeSources sources, string partnerId) =>
        sources.Report.Volunteers.Where(v => v.PartnerId == partnerId && (v.IsConfirmed || v.CheckedIn));

    private static string? Joined(IEnumerable<string?> texts) =>
        texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } some
            ? string.Join(" / ", some)
            : null;
}
