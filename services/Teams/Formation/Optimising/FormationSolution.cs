namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// The objective, lexicographic: staffed needs (the "one team per need" rule, kept wherever the pool allows it) ≫
/// teams with a lead (API.md's hard rule "exactly one lead-capable lead per team where one exists": a lead is never
/// traded for a skill slot) ≫ covered skill slots ≫ cause matches ≫ even sizes (the spread between the largest and
/// the smallest team, smaller is better).
/// </summary>
internal readonly record struct FormationScore(int Staffed, int Covered, int Leads, int Causes, int Spread)
    : IComparable<FormationScore>
{
    public int CompareTo(FormationScore other)
    {
        var c = Staffed.CompareTo(other.Staffed);
        if (c == 0) c = Leads.CompareTo(other.Leads);
        if (c == 0) c = Covered.CompareTo(other.Covered);
        if (c == 0) c = Causes.CompareTo(other.Causes);
        if (c == 0) c = other.Spread.CompareTo(Spread);
        return c;
    }

    public static bool operator >(FormationScore a, FormationScore b) => a.CompareTo(b) > 0;
    public static bool operator <(FormationScore a, FormationScore b) => a.CompareTo(b) < 0;
    public static bool operator >=(FormationScore a, FormationScore b) => a.CompareTo(b) >= 0;
    public static bool operator <=(FormationScore a, FormationScore b) => a.CompareTo(b) <= 0;
}

/// <summary>An assignment of volunteers (by index) to needs (by index); a need is staffed when it has members.</summary>
internal sealed class FormationSolution(FormationProblem problem)
{
    public int[] TeamOf { get; } = [.. Enumerable.Repeat(-1, problem.VolunteerCount)];

    public List<int>[] Members()
    {
        var members = Enumerable.Range(0, problem.NeedCount).Select(_ => new List<int>()).ToArray();
        for (var v = 0; v < TeamOf.Length; v++)
            if (TeamOf[v] >= 0) members[TeamOf[v]].Add(v);
        return members;
    }

    /// <summary>The lead: the pinned one, else the lead-capable member with the smallest id; -1 when none can be had.</summary>
    public static int LeadOf(FormationProblem problem, int n, IReadOnlyList<int> members)
    {
        if (problem.PinnedLead[n] >= 0 && members.Contains(problem.PinnedLead[n])) return problem.PinnedLead[n];
        foreach (var v in members)
            if (problem.CanLead(v, n)) return v;
        return -1;
    }

    public FormationScore Score()
    {
        var members = Members();
        int staffed = 0, covered = 0, leads = 0, causes = 0, smallest = int.MaxValue, largest = 0;
        for (var n = 0; n < members.Length; n++)
        {
            if (members[n].Count == 0) continue;
            staffed++;
            covered += SlotCoverage.Covered(problem, n, members[n]);
            if (LeadOf(problem, n, members[n]) >= 0) leads++;
            causes += members[n].Count(v => problem.CauseMatch(v, n));
            smallest = Math.Min(smallest, members[n].Count);
            largest = Math.Max(largest, members[n].Count);
        }
        return new(staffed, covered, leads, causes, staffed == 0 ? 0 : largest - smallest);
    }
}

/// <summary>How many required slots a team covers: a volunteer covers one slot of one of its skills, so it is a
/// maximum bipartite matching between members and slots (augmenting paths; teams are small).</summary>
internal static class SlotCoverage
{
    public static int Covered(FormationProblem problem, int n, IReadOnlyList<int> members)
    {
        var slots = problem.Slots[n];
        if (slots.Length == 0 || members.Count == 0) return 0;
        var filledBy = slots.Select(s => new List<int>(s.Count)).ToArray(); // per slot skill: member positions
        var coverOf = Enumerable.Repeat(-1, members.Count).ToArray();        // per member position: slot skill position
        var covered = 0;
        for (var m = 0; m < members.Count; m++)
            if (Augment(m, new bool[slots.Length])) covered++;
        return covered;

        bool Augment(int m, bool[] seen)
        {
            foreach (var skill in problem.SkillsOf[members[m]])
            {
                var k = Array.FindIndex(slots, s => s.Skill == skill);
                if (k < 0 || seen[k]) continue;
                seen[k] = true;
                if (filledBy[k].Count < slots[k].Count)
                {
                    filledBy[k].Add(m);
                    coverOf[m] = k;
                    return true;
                }
                foreach (var other in filledBy[k].ToArray())
                {
                    if (!Augment(other, seen)) continue;
                    filledBy[k].Remove(other);
                    filledBy[k].Add(m);
                    coverOf[m] = k;
                    return true;
                }
            }
            return false;
        }
    }
}
