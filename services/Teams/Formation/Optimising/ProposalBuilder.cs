namespace ProBono.Teams.Formation.Optimising;

/// <summary>Turns a solution into the proposal: sorted lists, leads, coverage, metrics, and plain-words reasons.</summary>
internal static class ProposalBuilder
{
    public static FormationProposal Build(FormationProblem problem, FormationSolution solution, bool provedOptimal)
    {
        var members = solution.Members();
        var teams = new List<ProposedTeam>();
        var unstaffable = new List<Unstaffable>();
        var brokenPins = new List<BrokenPin>(problem.RejectedPins);
        var free = Enumerable.Range(0, problem.VolunteerCount).Where(v => solution.TeamOf[v] < 0).ToList();
        int covered = 0, required = 0, leads = 0, causes = 0, minCompanies = int.MaxValue, maxSame = 0;
        for (var n = 0; n < problem.NeedCount; n++)
        {
            var need = problem.Needs[n];
            required += problem.RequiredSlots[n];
            if (members[n].Count == 0)
            {
                var reason = WhyUnstaffable(problem, n, free);
                unstaffable.Add(new(need.NeedId, reason));
                if (problem.PinnedLead[n] >= 0)
                    brokenPins.Add(new(need.NeedId, problem.Volunteers[problem.PinnedLead[n]].VolunteerId,
                        $"the need could not be staffed: {reason}"));
                continue;
            }
            var teamCovered = SlotCoverage.Covered(problem, n, members[n]);
            covered += teamCovered;
            var lead = FormationSolution.LeadOf(problem, n, members[n]);
            if (lead >= 0) leads++;
            causes += members[n].Count(v => problem.CauseMatch(v, n));
            var perCompany = members[n].GroupBy(v => problem.CompanyOf[v]).Select(g => g.Count()).ToList();
            minCompanies = Math.Min(minCompanies, perCompany.Count);
            maxSame = Math.Max(maxSame, perCompany.Max());
            teams.Add(new(need.NeedId, [.. members[n].Select(v => problem.Volunteers[v].VolunteerId)],
                lead >= 0 ? problem.Volunteers[lead].VolunteerId : null,
                problem.RequiredSlots[n] == 0 ? 1 : (double)teamCovered / problem.RequiredSlots[n]));
        }
        var metrics = new FormationMetrics(required == 0 ? 1 : (double)covered / required,
            teams.Count == 0 ? 0 : minCompanies, maxSame, covered, required, leads, causes, provedOptimal);
        return new(teams, [.. free.Select(v => problem.Volunteers[v].VolunteerId)], unstaffable,
            [.. brokenPins.OrderBy(p => p.NeedId).ThenBy(p => p.VolunteerId)], metrics);
    }

    /// <summary>Why a need has no team, judged against the volunteers the proposal leaves unassigned.</summary>
    private static string WhyUnstaffable(FormationProblem problem, int n, List<int> free)
    {
        var need = problem.Needs[n];
        if (need.TeamSizeMax < need.TeamSizeMin || need.TeamSizeMax < 1)
            return $"its team size range {need.TeamSizeMin}–{need.TeamSizeMax} is empty";
        if (problem.MixCompanies && need.TeamSizeMax < 2)
            return "a team of one cannot mix two companies";
        // a volunteer pinned to another need is not free for this one; this need's own pin is among the free
        var placeable = free.Where(v => problem.PinnedTo[v] < 0 || problem.PinnedTo[v] == n)
            .GroupBy(v => problem.CompanyOf[v]).ToList();
        var underRules = placeable.Sum(g => Math.Min(g.Count(), problem.MaxSameCompany));
        var count = placeable.Sum(g => g.Count());
        if (underRules < need.TeamSizeMin)
            return count < need.TeamSizeMin
                ? $"needs at least {need.TeamSizeMin} volunteers, only {count} remain unassigned"
                : $"needs at least {need.TeamSizeMin} volunteers, only {underRules} could be placed under the company rules";
        if (problem.MixCompanies && placeable.Count < 2)
            return "needs volunteers from two companies, the unassigned volunteers all come from one";
        return "the volunteers it would need are better used in other teams";
    }
}
