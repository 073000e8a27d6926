namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// Proposes the teams (docs/adr/0009-formation-optimiser.md): the flow heuristic and the greedy baseline always run
/// (the better one is kept, so the proposal is never worse than the baseline); when the instance is small enough
/// for the exact CP-SAT model, that model starts from the better one and usually proves the optimum.
/// </summary>
internal static class FormationOptimiser
{
    /// <summary>(volunteer, need) pairs up to which the exact model is built: the 2016 marathon (100 × 10) is far
    /// below, 1,000 × 100 is above (its model alone would take most of the budget to build and presolve).</summary>
    public const int ExactPairLimit = 20_000;

    public static FormationProposal Propose(FormationInput input, FormationOptions? options = null)
    {
        options ??= FormationOptions.Default;
        var problem = new FormationProblem(input);
        var best = FlowFormation.Solve(problem);
        var greedy = FlowFormation.Polish(problem, GreedyFormation.Solve(problem));
        var bestScore = best.Score();
        if (greedy.Score() > bestScore) (best, bestScore) = (greedy, greedy.Score());

        var proved = false;
        if ((long)problem.VolunteerCount * problem.NeedCount <= ExactPairLimit)
        {
            var exact = ExactFormation.Solve(problem, options, best);
            if (exact.Found && exact.Solution.Score() >= bestScore)
            {
                best = exact.Solution;
                proved = exact.ProvedOptimal;
            }
        }
        return ProposalBuilder.Build(problem, best, proved);
    }
}
