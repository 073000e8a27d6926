using Google.OrTools.Graph;

namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// The large-instance solver. Covering slots without the company rules is a bipartite b-matching, so a max flow
/// (volunteers grouped by their set of wanted skills → (need, skill) slots → needs) tells how many volunteers of
/// each skill set every need should get; that flow is split into real volunteers under the company cap, then each
/// team is repaired in need order: missing slots, a lead, the size minimum and a second company, cause matches.
/// </summary>
internal static class FlowFormation
{
    private const int ScanLimit = 256;

    public static FormationSolution Solve(FormationProblem problem)
    {
        var teams = new TeamsUnderConstruction(problem);
        var allocation = Allocate(problem, teams);
        var byType = allocation.Pools;
        var lists = new Candidates(problem, teams);

        for (var n = 0; n < problem.NeedCount; n++)
        {
            foreach (var (type, count) in allocation.PerNeed[n])
                for (var i = 0; i < count; i++)
                {
                    var v = byType[type].Take(problem, teams, n);
                    if (v < 0) break;
                    teams.Add(v, n);
                }
        }
        for (var n = 0; n < problem.NeedCount; n++)
        {
            CoverMissingSlots(problem, teams, lists, n);
            EnsureLead(problem, teams, lists, n);
            while (teams.Members[n].Count < problem.Needs[n].TeamSizeMin || (problem.MixCompanies && teams.Companies(n) < 2))
            {
                var needSecond = problem.MixCompanies && teams.Companies(n) < 2;
                var v = lists.First(lists.ByCause(problem.Needs[n].Cause), v => teams.CanAdd(v, n) && (!needSecond || teams.CompanyCount(n, problem.CompanyOf[v]) == 0));
                if (v < 0) v = lists.First(lists.All, v => teams.CanAdd(v, n) && (!needSecond || teams.CompanyCount(n, problem.CompanyOf[v]) == 0));
                if (v < 0) break;
                teams.Add(v, n);
            }
            if (!teams.Stands(n)) teams.Disband(n);
        }
        // cause matches last, once every team has what the higher tiers want
        var finished = teams.Finish();
        return Polish(problem, finished);
    }

    private static void CoverMissingSlots(FormationProblem problem, TeamsUnderConstruction teams, Candidates lists, int n)
    {
        if (problem.Slots[n].Length == 0) return;
        var covered = SlotCoverage.Covered(problem, n, teams.Members[n]);
        foreach (var (skill, _) in problem.Slots[n])
            while (covered < problem.RequiredSlots[n] && teams.Members[n].Count < problem.Needs[n].TeamSizeMax)
            {
                var v = lists.First(lists.BySkill[skill], v => teams.CanAdd(v, n));
                if (v < 0) break;
                teams.Add(v, n);
                var now = SlotCoverage.Covered(problem, n, teams.Members[n]);
                if (now == covered)
                {
                    teams.Remove(v);
                    break;
                }
                covered = now;
            }
    }

    private static void EnsureLead(FormationProblem problem, TeamsUnderConstruction teams, Candidates lists, int n)
    {
        if (teams.HasLead(n) || teams.Members[n].Count == 0) return;
        if (teams.Members[n].Count < problem.Needs[n].TeamSizeMax)
        {
            var v = lists.First(lists.Leads, v => teams.CanAdd(v, n) && problem.CauseMatch(v, n));
            if (v < 0) v = lists.First(lists.Leads, v => teams.CanAdd(v, n));
            if (v >= 0)
            {
                teams.Add(v, n);
                return;
            }
        }
        // a full team: trade a member for a lead-capable volunteer who keeps the coverage (and the second company)
        var covered = SlotCoverage.Covered(problem, n, teams.Members[n]);
        foreach (var m in teams.Members[n].ToArray().Reverse())
        {
            if (problem.PinnedTo[m] == n) continue;
            teams.Remove(m);
            bool Fits(int v)
            {
                if (!problem.LeadCapable[v] || !teams.CanAdd(v, n)) return false;
                if (problem.MixCompanies && teams.Companies(n) < 2 && teams.CompanyCount(n, problem.CompanyOf[v]) > 0) return false;
                teams.Add(v, n);
                var keeps = SlotCoverage.Covered(problem, n, teams.Members[n]) >= covered;
                teams.Remove(v);
                return keeps;
            }
            var v = lists.First(lists.Leads, Fits);
            foreach (var skill in problem.SkillsOf[m])
                if (v < 0) v = lists.First(lists.BySkill[skill], Fits);
            if (v >= 0)
            {
                teams.Add(v, n);
                return;
            }
            teams.Add(m, n);
        }
    }

    /// <summary>Improves any solution without lowering a higher tier: slots still open, a lead where a swap gives
    /// one, then free volunteers who share the need's cause, up to the team maximum.</summary>
    public static FormationSolution Polish(FormationProblem problem, FormationSolution solution)
    {
        var teams = new TeamsUnderConstruction(problem, solution);
        var lists = new Candidates(problem, teams);
        for (var n = 0; n < problem.NeedCount; n++)
        {
            if (teams.Members[n].Count == 0) continue;
            CoverMissingSlots(problem, teams, lists, n);
            EnsureLead(problem, teams, lists, n);
        }
        FillWithCauseMatches(problem, teams, lists);
        return teams.Solution;
    }

    private static void FillWithCauseMatches(FormationProblem problem, TeamsUnderConstruction teams, Candidates lists)
    {
        for (var n = 0; n < problem.NeedCount; n++)
        {
            if (teams.Members[n].Count == 0) continue;
            while (teams.Members[n].Count < problem.Needs[n].TeamSizeMax)
            {
                var v = lists.First(lists.ByCause(problem.Needs[n].Cause), v => teams.CanAdd(v, n));
                if (v < 0) break;
                teams.Add(v, n);
            }
        }
    }

    private sealed record Allocation(TypePool[] Pools, List<(int Type, int Count)>[] PerNeed);

    /// <summary>Max flow from skill-set types to (need, skill) slots to needs, in canonical order (deterministic).</summary>
    private static Allocation Allocate(FormationProblem problem, TeamsUnderConstruction teams)
    {
        var typeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var pools = new List<TypePool>();
        var typeSkills = new List<int[]>();
        for (var v = 0; v < problem.VolunteerCount; v++)
        {
            if (!teams.IsFree(v) || problem.SkillsOf[v].Length == 0) continue;
            var key = string.Join(',', problem.SkillsOf[v]);
            if (!typeIndex.TryGetValue(key, out var t))
            {
                typeIndex[key] = t = pools.Count;
                pools.Add(new TypePool());
                typeSkills.Add(problem.SkillsOf[v]);
            }
            pools[t].Put(v, problem.CompanyOf[v]);
        }

        // slots still open after the pinned leads took theirs
        var open = problem.Slots.Select(s => s.ToDictionary(p => p.Skill, p => p.Count)).ToArray();
        for (var n = 0; n < problem.NeedCount; n++)
            foreach (var v in teams.Members[n])
                foreach (var s in problem.SkillsOf[v])
                    if (open[n].TryGetValue(s, out var left) && left > 0)
                    {
                        open[n][s] = left - 1;
                        break;
                    }

        var needsWanting = Enumerable.Range(0, problem.SkillNames.Length).Select(_ => new List<int>()).ToArray();
        for (var n = 0; n < problem.NeedCount; n++)
            foreach (var (s, left) in open[n].OrderBy(p => p.Key))
                if (left > 0) needsWanting[s].Add(n);

        const int source = 0, sink = 1;
        var flow = new MaxFlow();
        var slotNode = new Dictionary<(int N, int S), int>();
        var nextNode = 2 + pools.Count + problem.NeedCount;
        int NeedNode(int n) => 2 + pools.Count + n;
        for (var n = 0; n < problem.NeedCount; n++)
        {
            var seats = Math.Min(problem.EffectiveMax(n) - teams.Members[n].Count, open[n].Values.Sum());
            if (seats > 0) flow.AddArcWithCapacity(NeedNode(n), sink, seats);
            foreach (var (s, left) in open[n].OrderBy(p => p.Key))
                if (left > 0)
                {
                    slotNode[(n, s)] = nextNode;
                    flow.AddArcWithCapacity(nextNode++, NeedNode(n), left);
                }
        }
        var typeArcs = new List<(int Arc, int Type, int Need)>();
        for (var t = 0; t < pools.Count; t++)
        {
            flow.AddArcWithCapacity(source, 2 + t, pools[t].Count);
            foreach (var s in typeSkills[t])
                foreach (var n in needsWanting[s])
                    typeArcs.Add((flow.AddArcWithCapacity(2 + t, slotNode[(n, s)], pools[t].Count), t, n));
        }
        var perNeed = Enumerable.Range(0, problem.NeedCount).Select(_ => new List<(int, int)>()).ToArray();
        if (flow.Solve(source, sink) == MaxFlow.Status.OPTIMAL)
            foreach (var (arc, t, n) in typeArcs)
                if (flow.Flow(arc) > 0) perNeed[n].Add((t, (int)flow.Flow(arc)));
        return new([.. pools], perNeed);
    }

    /// <summary>The free volunteers of one skill set, by company, handed out so a team spreads over companies.</summary>
    private sealed class TypePool
    {
        private readonly SortedDictionary<int, Queue<int>> byCompany = [];
        public int Count { get; private set; }

        public void Put(int v, int company)
        {
            if (!byCompany.TryGetValue(company, out var queue)) byCompany[company] = queue = new Queue<int>();
            queue.Enqueue(v);
            Count++;
        }

        /// <summary>A volunteer for need n from the company least present in its team (then the one with most left);
        /// -1 when every company with volunteers left is at the cap.</summary>
        public int Take(FormationProblem problem, TeamsUnderConstruction teams, int n)
        {
            Queue<int>? best = null;
            var bestKey = (int.MaxValue, int.MaxValue);
            foreach (var (company, queue) in byCompany)
            {
                while (queue.Count > 0 && !teams.IsFree(queue.Peek())) queue.Dequeue();
                if (queue.Count == 0 || teams.CompanyCount(n, company) >= problem.MaxSameCompany) continue;
                var key = (teams.CompanyCount(n, company), -queue.Count);
                if (key.CompareTo(bestKey) < 0) (best, bestKey) = (queue, key);
            }
            if (best is null) return -1;
            Count--;
            return best.Dequeue();
        }
    }

    /// <summary>Free volunteers by skill, by cause, lead-capable, and all, each in id order; scans skip the taken.</summary>
    private sealed class Candidates
    {
        private readonly TeamsUnderConstruction teams;
        private readonly Dictionary<string, List<int>> byCause = new(StringComparer.Ordinal);
        public List<int>[] BySkill { get; }
        public List<int> Leads { get; }
        public List<int> All { get; }

        public Candidates(FormationProblem problem, TeamsUnderConstruction teams)
        {
            this.teams = teams;
            BySkill = [.. problem.SkillNames.Select(_ => new List<int>())];
            Leads = [];
            All = [];
            for (var v = 0; v < problem.VolunteerCount; v++)
            {
                if (problem.PinnedTo[v] >= 0) continue;
                All.Add(v);
                if (problem.LeadCapable[v]) Leads.Add(v);
                foreach (var s in problem.SkillsOf[v]) BySkill[s].Add(v);
                foreach (var c in problem.Volunteers[v].Causes.Distinct(StringComparer.Ordinal))
                {
                    if (!byCause.TryGetValue(c, out var list)) byCause[c] = list = [];
                    list.Add(v);
                }
            }
        }

        public List<int> ByCause(string cause) => byCause.TryGetValue(cause, out var list) ? list : [];

        /// <summary>The first volunteer of the list that fits; taken ones at the head are dropped for good (cheap
        /// rescans), and at most <see cref="ScanLimit"/> free ones are tried.</summary>
        public int First(List<int> list, Func<int, bool> fits)
        {
            var head = 0;
            while (head < list.Count && !teams.IsFree(list[head])) head++;
            if (head > 0) list.RemoveRange(0, head);
            var tried = 0;
            foreach (var v in list)
            {
                if (!teams.IsFree(v)) continue;
                if (fits(v)) return v;
                if (++tried >= ScanLimit) break;
            }
            return -1;
        }
    }
}
