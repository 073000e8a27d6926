using System.Diagnostics;
using ProBono.ServiceDefaults.Telemetry;

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

    /// <param name="meters">Where the solve time goes, tagged by the method whose answer was kept: flow, greedy or exact.</param>
    public static FormationProposal Propose(FormationInput input, FormationOptions? options = null, FormationMeters? meters = null)
    {
        options ??= FormationOptions.Default;
        var started = Stopwatch.GetTimestamp();
        var problem = new FormationProblem(input);
        var best = FlowFormation.Solve(problem);
        var greedy = FlowFormation.Polish(problem, GreedyFormation.Solve(problem));
        var bestScore = best.Score();
        var method = "flow";
        if (greedy.Score() > bestScore) (best, bestScore, method) = (greedy, greedy.Score(), "greedy");

        var proved = false;
        if ((long)problem.VolunteerCount * problem.NeedCount <= ExactPairLimit)
        {
            var exact = ExactFormation.Solve(problem, options, best);
            if (exact.Found && exact.Solution.Score() >= bestScore)
            {
                best = exact.Solution;
                proved = exact.ProvedOptimal;
                method = "exact";
            }
        }
        var proposal = ProposalBuilder.Build(problem, best, proved);
        meters?.Solved(Stopwatch.GetElapsedTime(started), method);
        return proposal;
    }
}
