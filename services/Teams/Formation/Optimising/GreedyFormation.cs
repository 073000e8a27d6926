namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// The baseline the optimiser must never do worse than: needs one after another (by id), each takes the free
/// volunteers with the smallest ids that fill its slots, then a lead, then the size minimum and a second company,
/// always under the company cap; a need that cannot stand gives its volunteers back.
/// </summary>
internal static class GreedyFormation
{
    public static FormationProposal Propose(FormationInput input)
    {
        var problem = new FormationProblem(input);
        return ProposalBuilder.Build(problem, Solve(problem), provedOptimal: false);
    }

    public static FormationSolution Solve(FormationProblem problem)
    {
        var teams = new TeamsUnderConstruction(problem);
        var volunteers = Enumerable.Range(0, problem.VolunteerCount).ToArray();
        for (var n = 0; n < problem.NeedCount; n++)
        {
            foreach (var (skill, count) in problem.Slots[n])
                for (var filled = 0; filled < count; filled++)
                {
                    var v = Array.FindIndex(volunteers, v => teams.CanAdd(v, n) && problem.SkillsOf[v].Contains(skill));
                    if (v < 0) break;
                    teams.Add(v, n);
                }
            if (!teams.HasLead(n))
            {
                var v = Array.FindIndex(volunteers, v => teams.CanAdd(v, n) && problem.CanLead(v, n));
                if (v >= 0) teams.Add(v, n);
            }
            while (teams.Members[n].Count < problem.Needs[n].TeamSizeMin || (problem.MixCompanies && teams.Companies(n) < 2))
            {
                var v = Array.FindIndex(volunteers, v => teams.CanAdd(v, n)
                    && (!problem.MixCompanies || teams.Companies(n) >= 2 || teams.CompanyCount(n, problem.CompanyOf[v]) == 0));
                if (v < 0) break;
                teams.Add(v, n);
            }
            if (!teams.Stands(n)) teams.Disband(n);
        }
        return teams.Finish();
    }
}
