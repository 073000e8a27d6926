using Google.OrTools.Graph;

namespace ProBono.Teams.Formation.Optimising;

/// <summary>An upper bound on covered slots that needs no solver: per skill, no more slots than volunteers having
/// it (Σ_skill min(required, holders)); per need, no more than its team can hold (Σ_need min(slots, max size)).</summary>
internal static class FormationBounds
{
    public static int CoveredSlotsUpperBound(FormationInput input)
    {
        var problem = new FormationProblem(input);
        var holders = new int[problem.SkillNames.Length];
        foreach (var skills in problem.SkillsOf)
            foreach (var s in skills) holders[s]++;
        var required = new int[problem.SkillNames.Length];
        foreach (var slots in problem.Slots)
            foreach (var (s, count) in slots) required[s] += count;
        var perSkill = Enumerable.Range(0, required.Length).Sum(s => Math.Min(required[s], holders[s]));
        var perNeed = Enumerable.Range(0, problem.NeedCount)
            .Sum(n => Math.Min(problem.RequiredSlots[n], Math.Max(0, problem.Needs[n].TeamSizeMax)));
        return Math.Min(perSkill, perNeed);
    }

    /// <summary>A tighter bound: the maximum flow volunteers → (need, skill) slots → needs (capacity: the team
    /// maximum), i.e. the best coverage when the company rules, the size minimums and the pins are dropped — a
    /// relaxation, so nothing that keeps them can cover more. Volunteers with the same set of wanted skills are one
    /// node, which keeps 10,000 × 1,000 to a few hundred thousand arcs.</summary>
    public static int CoveredSlotsFlowBound(FormationInput input)
    {
        var problem = new FormationProblem(input);
        var types = problem.SkillsOf.Where(s => s.Length > 0).GroupBy(s => string.Join(',', s), StringComparer.Ordinal)
            .Select(g => (Skills: g.First(), Count: g.Count())).ToList();
        var needsWanting = Enumerable.Range(0, problem.SkillNames.Length).Select(_ => new List<(int Need, int Node)>()).ToArray();
        const int source = 0, sink = 1;
        var flow = new MaxFlow();
        var node = 2 + types.Count;
        for (var n = 0; n < problem.NeedCount; n++)
        {
            var needNode = node++;
            var seats = Math.Min(problem.RequiredSlots[n], Math.Max(0, problem.Needs[n].TeamSizeMax));
            if (seats > 0) flow.AddArcWithCapacity(needNode, sink, seats);
            foreach (var (skill, count) in problem.Slots[n])
            {
                flow.AddArcWithCapacity(node, needNode, count);
                needsWanting[skill].Add((n, node++));
            }
        }
        for (var t = 0; t < types.Count; t++)
        {
            flow.AddArcWithCapacity(source, 2 + t, types[t].Count);
            foreach (var skill in types[t].Skills)
                foreach (var (_, slotNode) in needsWanting[skill])
                    flow.AddArcWithCapacity(2 + t, slotNode, types[t].Count);
        }
        return flow.Solve(source, sink) == MaxFlow.Status.OPTIMAL ? (int)flow.OptimalFlow() : CoveredSlotsUpperBound(input);
    }
}
