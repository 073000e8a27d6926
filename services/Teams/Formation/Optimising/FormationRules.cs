namespace ProBono.Teams.Formation.Optimising;

/// <summary>A hard rule a proposal (or a staff edit of a team) breaks: <see cref="Rule"/> is one of
/// <see cref="FormationRules"/>' names, so a 422 can name it.</summary>
internal sealed record FormationViolation(string Rule, Guid? NeedId, Guid? VolunteerId, string Message);

/// <summary>
/// The hard rules of a formation, checked on any proposal against its input. Pure; the optimiser's tests use it on
/// every proposal, and staff edits can use it to refuse an edit that breaks a rule. Every need of the input must have a
/// team or an <see cref="Unstaffable"/> entry, and a pin not listed in <see cref="FormationProposal.BrokenPins"/> must
/// be its team's lead; pass the input the proposal was made from (or the edited teams' current one).
/// </summary>
internal static class FormationRules
{
    public const string OneTeamPerNeed = "one-team-per-need";
    public const string OneTeamPerVolunteer = "one-team-per-volunteer";
    public const string TeamSize = "team-size";
    public const string TwoCompanies = "two-companies";
    public const string MaxSameCompany = "max-same-company";
    public const string Lead = "one-lead";
    public const string PinnedLeadKept = "pinned-lead-kept";

    public static IReadOnlyList<FormationViolation> Violations(FormationInput input, FormationProposal proposal)
    {
        var found = new List<FormationViolation>();
        var needs = input.Needs.GroupBy(n => n.NeedId).ToDictionary(g => g.Key, g => g.First());
        var volunteers = input.Volunteers.GroupBy(v => v.VolunteerId).ToDictionary(g => g.Key, g => g.First());
        var mixCompanies = volunteers.Values.Select(v => v.PartnerId).Distinct(StringComparer.Ordinal).Count() >= 2;
        var broken = proposal.BrokenPins.Select(p => (p.NeedId, p.VolunteerId)).ToHashSet();

        var teamsByNeed = new Dictionary<Guid, ProposedTeam>();
        var placedIn = new Dictionary<Guid, Guid>();
        foreach (var team in proposal.Teams)
        {
            if (!needs.TryGetValue(team.NeedId, out var need))
            {
                found.Add(new(OneTeamPerNeed, team.NeedId, null, "a team is proposed for a need that is not being staffed"));
                continue;
            }
            if (!teamsByNeed.TryAdd(team.NeedId, team))
                found.Add(new(OneTeamPerNeed, team.NeedId, null, "the need has more than one team"));

            foreach (var member in team.Members)
            {
                if (!volunteers.ContainsKey(member))
                    found.Add(new(OneTeamPerVolunteer, team.NeedId, member, "the member is not among the confirmed volunteers"));
                else if (!placedIn.TryAdd(member, team.NeedId))
                    found.Add(new(OneTeamPerVolunteer, team.NeedId, member, "the volunteer is in more than one team"));
            }
            var known = team.Members.Distinct().Where(volunteers.ContainsKey).Select(m => volunteers[m]).ToList();

            if (team.Members.Count < need.TeamSizeMin || team.Members.Count > need.TeamSizeMax)
                found.Add(new(TeamSize, team.NeedId, null,
                    $"the team has {team.Members.Count} members, the need takes {need.TeamSizeMin} to {need.TeamSizeMax}"));

            var perCompany = known.GroupBy(v => v.PartnerId, StringComparer.Ordinal).ToList();
            if (mixCompanies && perCompany.Count < 2)
                found.Add(new(TwoCompanies, team.NeedId, null, "the team's members all come from one company"));
            foreach (var company in perCompany.Where(g => g.Count() > input.MaxSameCompanyPerTeam))
                found.Add(new(MaxSameCompany, team.NeedId, null,
                    $"{company.Count()} members come from {company.Key}, at most {input.MaxSameCompanyPerTeam} may"));

            var pin = input.Pins.FirstOrDefault(p => p.NeedId == team.NeedId && !broken.Contains((p.NeedId, p.VolunteerId)));
            if (team.LeadVolunteerId is { } lead)
            {
                if (!team.Members.Contains(lead))
                    found.Add(new(Lead, team.NeedId, lead, "the lead is not a member of the team"));
                else if (pin?.VolunteerId != lead && !(volunteers.TryGetValue(lead, out var v) && v.LeadCapable))
                    found.Add(new(Lead, team.NeedId, lead, "the lead is neither lead-capable nor pinned to lead this need"));
            }
            else if (known.Any(v => v.LeadCapable) || (pin is not null && team.Members.Contains(pin.VolunteerId)))
                found.Add(new(Lead, team.NeedId, null, "the team has no lead though a member could lead it"));
        }

        foreach (var gap in proposal.Unstaffable)
            if (teamsByNeed.ContainsKey(gap.NeedId))
                found.Add(new(OneTeamPerNeed, gap.NeedId, null, "the need is both staffed and reported unstaffable"));
        foreach (var need in needs.Keys.Where(n => !teamsByNeed.ContainsKey(n) && proposal.Unstaffable.All(u => u.NeedId != n)))
            found.Add(new(OneTeamPerNeed, need, null, "the need has neither a team nor a reason why not"));

        foreach (var pin in input.Pins.Where(p => !broken.Contains((p.NeedId, p.VolunteerId))))
            if (!teamsByNeed.TryGetValue(pin.NeedId, out var team) || team.LeadVolunteerId != pin.VolunteerId)
                found.Add(new(PinnedLeadKept, pin.NeedId, pin.VolunteerId, "the pinned lead is neither kept nor reported broken"));

        foreach (var volunteer in proposal.Unassigned.Where(placedIn.ContainsKey))
            found.Add(new(OneTeamPerVolunteer, placedIn[volunteer], volunteer, "the volunteer is both in a team and unassigned"));
        return found;
    }
}
