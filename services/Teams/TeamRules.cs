using ProBono.Teams.Formation.Optimising;

namespace ProBono.Teams;

/// <summary>
/// The hard rules of API.md on one team as it stands after an edit or a backfill, named as <see cref="FormationRules"/>
/// names them (a 422 says which). Pure.
/// </summary>
internal static class TeamRules
{
    /// <param name="poolHasTwoCompanies">The marathon has volunteers of at least two companies (else the mixing rule is off).</param>
    public static IReadOnlyList<(string Rule, string Message)> Broken(
        TeamNeed need, IReadOnlyList<TeamMemberInfo> members, Guid? leadVolunteerId, int maxSameCompanyPerTeam, bool poolHasTwoCompanies)
    {
        var broken = new List<(string, string)>();
        if (members.Count < need.TeamSizeMin || members.Count > need.TeamSizeMax)
        {
            broken.Add((FormationRules.TeamSize, $"The team would have {members.Count} members; the need takes {need.TeamSizeMin} to {need.TeamSizeMax}."));
        }
        var companies = members.GroupBy(m => m.PartnerId, StringComparer.Ordinal).ToList();
        if (poolHasTwoCompanies && members.Count > 1 && companies.Count < 2)
        {
            broken.Add((FormationRules.TwoCompanies, "The team's members would all come from one company; a team mixes at least two."));
        }
        foreach (var company in companies.Where(c => c.Count() > maxSameCompanyPerTeam))
        {
            broken.Add((FormationRules.MaxSameCompany, $"{company.Count()} members would come from {company.Key}; at most {maxSameCompanyPerTeam} may."));
        }
        if (leadVolunteerId is { } lead)
        {
            var leader = members.FirstOrDefault(m => m.VolunteerId == lead);
            if (leader is null || !leader.LeadCapable)
            {
                broken.Add((FormationRules.Lead, leader is null ? "The lead must be a member of the team." : "The lead must be a lead-capable member."));
            }
        }
        else if (members.Any(m => m.LeadCapable))
        {
            broken.Add((FormationRules.Lead, "The team has a lead-capable member but no lead."));
        }
        return broken;
    }

    /// <summary>The lead after a member left: kept if still there, else the first lead-capable member (by id), else none.</summary>
    public static Guid? LeadAfter(IReadOnlyList<TeamMemberInfo> members, Guid? lead) =>
        lead is { } kept && members.Any(m => m.VolunteerId == kept) ? kept
        : members.Where(m => m.LeadCapable).OrderBy(m => m.VolunteerId).Select(m => (Guid?)m.VolunteerId).FirstOrDefault();
}
