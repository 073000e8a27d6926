using Google.OrTools.Sat;

namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// The exact model, CP-SAT: one boolean per (volunteer, need) pair, the rules as linear constraints, and the
/// lexicographic objective as one weighted sum whose weights are each larger than everything below them can add up
/// to (so no lower tier can buy a higher one). One worker and a fixed seed with a deterministic-time limit make the
/// search repeatable; a hint (the heuristic's solution) gives it a good first incumbent.
/// </summary>
internal static class ExactFormation
{
    public sealed record Outcome(FormationSolution Solution, bool ProvedOptimal, bool Found);

    public static Outcome Solve(FormationProblem problem, FormationOptions options, FormationSolution? hint)
    {
        var model = new CpModel();
        int needs = problem.NeedCount, volunteers = problem.VolunteerCount;
        var x = new Dictionary<(int V, int N), BoolVar>();
        var staffed = new BoolVar[needs];
        var size = new LinearExpr[needs];
        var covered = new List<BoolVar>();
        var leads = new List<BoolVar>();
        var causes = new List<BoolVar>();
        var spreadMax = Math.Max(1, Enumerable.Range(0, needs).Select(problem.EffectiveMax).DefaultIfEmpty(0).Max());
        var largest = model.NewIntVar(0, spreadMax, "largest");
        var smallest = model.NewIntVar(0, spreadMax, "smallest");
        var spread = model.NewIntVar(0, spreadMax, "spread");
        model.Add(spread >= largest - smallest);

        var teamsOf = Enumerable.Range(0, volunteers).Select(_ => new List<BoolVar>()).ToArray();
        for (var n = 0; n < needs; n++)
        {
            var need = problem.Needs[n];
            staffed[n] = model.NewBoolVar($"staffed_{n}");
            var candidates = Enumerable.Range(0, volunteers).Where(v => problem.PinnedTo[v] < 0 || problem.PinnedTo[v] == n).ToList();
            var here = new List<BoolVar>(candidates.Count);
            foreach (var v in candidates)
            {
                var b = model.NewBoolVar($"x_{v}_{n}");
                x[(v, n)] = b;
                here.Add(b);
                teamsOf[v].Add(b);
                if (problem.CauseMatch(v, n)) causes.Add(b);
            }
            size[n] = LinearExpr.Sum(here);
            model.Add(size[n] >= Math.Max(1, need.TeamSizeMin) * (LinearExpr)staffed[n]);
            model.Add(size[n] <= Math.Max(0, need.TeamSizeMax) * (LinearExpr)staffed[n]);
            model.Add(largest >= size[n]);
            model.Add(smallest <= size[n] + spreadMax * (1 - (LinearExpr)staffed[n]));
            if (problem.PinnedLead[n] >= 0) model.Add(x[(problem.PinnedLead[n], n)] == staffed[n]);

            foreach (var company in candidates.GroupBy(v => problem.CompanyOf[v]))
            {
                if (company.Count() > problem.MaxSameCompany)
                    model.Add(LinearExpr.Sum(company.Select(v => x[(v, n)])) <= problem.MaxSameCompany);
                if (problem.MixCompanies)
                    model.Add(LinearExpr.Sum(candidates.Where(v => problem.CompanyOf[v] != company.Key).Select(v => x[(v, n)]))
                        >= staffed[n]);
            }

            // a member covers at most one slot, a slot skill takes at most its count
            var coverOf = candidates.ToDictionary(v => v, _ => new List<BoolVar>());
            foreach (var (skill, count) in problem.Slots[n])
            {
                var takers = new List<BoolVar>();
                foreach (var v in candidates.Where(v => problem.SkillsOf[v].Contains(skill)))
                {
                    var z = model.NewBoolVar($"z_{v}_{n}_{skill}");
                    takers.Add(z);
                    coverOf[v].Add(z);
                    covered.Add(z);
                }
                if (takers.Count > count) model.Add(LinearExpr.Sum(takers) <= count);
            }
            foreach (var (v, zs) in coverOf.Where(p => p.Value.Count > 0))
                model.Add(LinearExpr.Sum(zs) <= x[(v, n)]);

            var hasLead = model.NewBoolVar($"lead_{n}");
            model.Add(hasLead <= staffed[n]);
            model.Add(hasLead <= LinearExpr.Sum(candidates.Where(v => problem.CanLead(v, n)).Select(v => x[(v, n)])));
            leads.Add(hasLead);
        }
        foreach (var placements in teamsOf.Where(t => t.Count > 1))
            model.AddAtMostOne(placements);

        // weights: each tier outweighs the most all lower tiers together can change
        long wCause = spreadMax + 1L;
        long wCovered = wCause * (volunteers + 1L);
        long wLead = wCovered * (Math.Min(volunteers, problem.RequiredSlots.Sum()) + 1L);
        long wStaffed = wLead * (needs + 1L);
        model.Maximize(wStaffed * LinearExpr.Sum(staffed) + wCovered * LinearExpr.Sum(covered)
            + wLead * LinearExpr.Sum(leads) + wCause * LinearExpr.Sum(causes) - (LinearExpr)spread);

        if (hint is not null)
        {
            foreach (var ((v, n), b) in x) model.AddHint(b, hint.TeamOf[v] == n);
            var members = hint.Members();
            for (var n = 0; n < needs; n++) model.AddHint(staffed[n], members[n].Count > 0);
        }

        var solver = new CpSolver { StringParameters = Parameters(options) };
        var status = solver.Solve(model);
        var solution = new FormationSolution(problem);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return new(solution, false, false);
        foreach (var ((v, n), b) in x)
            if (solver.BooleanValue(b)) solution.TeamOf[v] = n;
        return new(solution, status == CpSolverStatus.Optimal, true);
    }

    /// <summary>A deterministic-time limit (CP-SAT's own work count) stops the search at the same point on any machine; the
    /// wall clock, set far out, is only a safety net for an overloaded one. Linearization level 2 lets one worker close the
    /// cause tier's gap; probing off saves work (the figures: docs/adr/0009-formation-optimiser.md).</summary>
    private static string Parameters(FormationOptions options)
    {
        var seconds = (options.TimeLimit.TotalSeconds / 4).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var wall = (options.TimeLimit.TotalSeconds * 2).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var workers = Math.Max(1, options.Workers);
        return $"num_workers:{workers} random_seed:20160 linearization_level:2 cp_model_probing_level:0 max_deterministic_time:{seconds} max_time_in_seconds:{wall}"
            + (workers > 1 ? " interleave_search:true" : "");
    }
}
