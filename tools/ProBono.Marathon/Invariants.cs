using System.Globalization;
using System.Text.Json.Nodes;

namespace ProBono.Marathon;

/// <summary>
/// What must hold once a marathon was played, checked from the platform's answers against what the player sent:
/// every published need staffed or explained, API.md's company rules in every team, and the report's figures equal to
/// the ones recomputed from the check-ins, deliverables and answers sent. Each returns the failures, empty when all holds.
/// </summary>
public static class Invariants
{
    public static IReadOnlyList<string> All(MarathonPlan plan, MarathonRecord record) =>
        [.. NeedsStaffedOrExplained(record), .. CompanyRules(plan, record), .. (record.Report is null ? [] : Report(plan, record))];

    public static IReadOnlyList<string> NeedsStaffedOrExplained(MarathonRecord record)
    {
        var failures = new List<string>();
        var staffed = record.Teams.Select(t => (string)t["needId"]!).ToHashSet(StringComparer.Ordinal);
        var explained = (record.Proposal?["unstaffable"]?.AsArray() ?? [])
            .Where(u => !string.IsNullOrWhiteSpace((string?)u!["reason"]))
            .Select(u => (string)u!["needId"]!).ToHashSet(StringComparer.Ordinal);
        foreach (var need in record.Needs.Where(n => n.Status is "published" or "staffed" or "delivered"))
        {
            var id = need.NeedId.ToString();
            if (!staffed.Contains(id) && !explained.Contains(id) && record.Proposal is not null)
            {
                failures.Add($"need '{need.Plan.Title}' ({id}) is published but neither staffed nor explained");
            }
        }
        return failures;
    }

    public static IReadOnlyList<string> CompanyRules(MarathonPlan plan, MarathonRecord record)
    {
        var failures = new List<string>();
        var needs = record.Needs.ToDictionary(n => n.NeedId.ToString(), StringComparer.Ordinal);
        var confirmed = record.Confirmed.ToDictionary(v => v.VolunteerId.ToString(), StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var team in record.Teams)
        {
            var teamId = (string)team["teamId"]!;
            var members = team["members"]!.AsArray().Select(m => m!).ToList();
            var ids = members.Select(m => (string)m["volunteerId"]!).ToList();
            var lead = (string?)team["leadVolunteerId"];
            if (!needs.TryGetValue((string)team["needId"]!, out var need))
            {
                failures.Add($"team {teamId} is for a need the player did not submit");
                continue;
            }
            if (ids.Count < need.Plan.MinTeamSize || ids.Count > need.Plan.MaxTeamSize)
            {
                failures.Add($"team {teamId} has {ids.Count} members; its need wants {need.Plan.MinTeamSize}–{need.Plan.MaxTeamSize}");
            }
            var companies = members.GroupBy(m => (string)m["partnerId"]!, StringComparer.Ordinal).ToList();
            if (companies.Count < 2)
            {
                failures.Add($"team {teamId} has members from {companies.Count} company (at least 2)");
            }
            if (companies.Max(c => c.Count()) is var most && most > plan.MaxSameCompanyPerTeam)
            {
                failures.Add($"team {teamId} has {most} members from one company (at most {plan.MaxSameCompanyPerTeam})");
            }
            var leadCapable = ids.Where(id => confirmed.TryGetValue(id, out var v) && v.Plan.LeadCapable).ToHashSet(StringComparer.Ordinal);
            if (lead is null ? leadCapable.Count > 0 : !ids.Contains(lead))
            {
                failures.Add($"team {teamId} has lead {lead ?? "none"}, not one of its members, though {leadCapable.Count} can lead");
            }
            else if (lead is not null && !leadCapable.Contains(lead) && !record.Pins.ContainsValue(Guid.Parse(lead)))
            {
                failures.Add($"team {teamId} is led by {lead}, who is not lead-capable");
            }
            if (record.Pins.TryGetValue(need.NeedId, out var pinned) && lead != pinned.ToString())
            {
                failures.Add($"team {teamId}: the pinned lead {pinned} does not lead it ({lead ?? "none"} does)");
            }
            foreach (var id in ids)
            {
                if (!confirmed.ContainsKey(id))
                {
                    failures.Add($"team {teamId} holds {id}, who is not a confirmed volunteer");
                }
                if (!seen.TryAdd(id, teamId))
                {
                    failures.Add($"volunteer {id} is in two teams ({seen[id]} and {teamId})");
                }
            }
        }
        return failures;
    }

    /// <summary>The report against the figures recomputed from what the player sent (API.md's formulas).</summary>
    public static IReadOnlyList<string> Report(MarathonPlan plan, MarathonRecord record)
    {
        var failures = new List<string>();
        var report = record.Report;
        if (report is null)
        {
            return ["no report was read"];
        }
        if (record.AnsweredBefore > 0)
        {
            failures.Add($"{record.AnsweredBefore} invitations were answered by an earlier run: the answers sent now cannot account for the report");
        }
        foreach (var group in new[] { "volunteer", "association", "partner" })
        {
            var figures = report["groups"]?[group];
            var invited = record.Invitations.Count(i => i.Group == group);
            var answers = record.Answers.Where(a => a.Group == group).ToList();
            Same(failures, $"groups.{group}.invited", invited, figures?["invited"]);
            Same(failures, $"groups.{group}.responded", answers.Count, figures?["responded"]);
            Same(failures, $"groups.{group}.responseRate", invited == 0 ? null : Math.Round((decimal)answers.Count / invited, 4, MidpointRounding.AwayFromZero), figures?["responseRate"]);
            Same(failures, $"groups.{group}.nps", Nps(answers), figures?["nps"]);
            Same(failures, $"groups.{group}.csat", Csat(answers), figures?["csat"]);
        }

        var checkedIn = record.Confirmed.Where(v => record.CheckedIn.Contains(v.VolunteerId)).ToList();
        var delivered = record.Teams.Count; // every team delivers on the played day
        Same(failures, "impact.volunteers", record.Confirmed.Count(), report["impact"]?["volunteers"]);
        Same(failures, "impact.hours", checkedIn.Count * plan.HoursPerVolunteer, report["impact"]?["hours"]);
        Same(failures, "impact.valueEur", Value(plan, checkedIn), report["impact"]?["valueEur"]);
        Same(failures, "impact.teams", record.Teams.Count, report["impact"]?["teams"]);
        Same(failures, "impact.deliverables", delivered, report["impact"]?["deliverables"]);

        var byPartner = (report["byPartner"]?.AsArray() ?? []).ToDictionary(p => (string)p!["partnerId"]!, p => p!, StringComparer.Ordinal);
        var partnerOf = record.Volunteers.Values.ToDictionary(v => v.VolunteerId.ToString(), v => v.Plan.PartnerId, StringComparer.Ordinal);
        foreach (var partner in plan.Partners)
        {
            var line = byPartner.GetValueOrDefault(partner.PartnerId);
            var own = checkedIn.Where(v => v.Plan.PartnerId == partner.PartnerId).ToList();
            var answers = record.Answers.Where(a => a.Group == "volunteer" && partnerOf.GetValueOrDefault(a.RespondentId) == partner.PartnerId).ToList();
            Same(failures, $"byPartner[{partner.PartnerId}].volunteers", record.Confirmed.Count(v => v.Plan.PartnerId == partner.PartnerId), line?["volunteers"]);
            Same(failures, $"byPartner[{partner.PartnerId}].hours", own.Count * plan.HoursPerVolunteer, line?["hours"]);
            Same(failures, $"byPartner[{partner.PartnerId}].valueEur", Value(plan, own), line?["valueEur"]);
            Same(failures, $"byPartner[{partner.PartnerId}].nps", Nps(answers), line?["nps"]);
            Same(failures, $"byPartner[{partner.PartnerId}].csat", Csat(answers), line?["csat"]);
        }

        var byAssociation = (report["byAssociation"]?.AsArray() ?? []).ToDictionary(a => (string)a!["associationId"]!, a => a!, StringComparer.Ordinal);
        var teamsNeeds = record.Teams.Select(t => (string)t["needId"]!).ToHashSet(StringComparer.Ordinal);
        foreach (var association in record.Needs.Where(n => teamsNeeds.Contains(n.NeedId.ToString())).GroupBy(n => n.AssociationId))
        {
            var id = association.Key.ToString();
            var line = byAssociation.GetValueOrDefault(id);
            var answers = record.Answers.Where(a => a.Group == "association" && a.RespondentId == id).ToList();
            Same(failures, $"byAssociation[{id}].delivered", association.Count(), line?["delivered"]);
            Same(failures, $"byAssociation[{id}].nps", Nps(answers), line?["nps"]);
            Same(failures, $"byAssociation[{id}].csat", Csat(answers), line?["csat"]);
        }
        return failures;
    }

    /// <summary>API.md: % promoters (9–10) − % detractors (0–6), one decimal; null without an answer.</summary>
    public static decimal? Nps(IReadOnlyCollection<SentAnswer> answers) => answers.Count == 0 ? null
        : Math.Round((answers.Count(a => a.Nps >= 9) - answers.Count(a => a.Nps <= 6)) * 100m / answers.Count, 1, MidpointRounding.AwayFromZero);

    /// <summary>API.md: mean satisfaction, two decimals; null without an answer.</summary>
    public static decimal? Csat(IReadOnlyCollection<SentAnswer> answers) => answers.Count == 0 ? null
        : Math.Round((decimal)answers.Sum(a => a.Satisfaction) / answers.Count, 2, MidpointRounding.AwayFromZero);

    /// <summary>API.md: Σ hours × (the volunteer's hourly cost, else the marathon's hourly value), over those who came.</summary>
    public static decimal Value(MarathonPlan plan, IEnumerable<RegisteredVolunteer> checkedIn) =>
        checkedIn.Sum(v => plan.HoursPerVolunteer * (v.Plan.HourlyCostEur ?? plan.HourlyValueEur));

    private static void Same(List<string> failures, string figure, decimal? expected, JsonNode? actual)
    {
        decimal? got = actual is null ? null : decimal.Parse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (got != expected)
        {
            failures.Add($"report {figure} is {got?.ToString(CultureInfo.InvariantCulture) ?? "null"}, expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
        }
    }
}
