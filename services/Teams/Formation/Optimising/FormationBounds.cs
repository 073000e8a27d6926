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
}
