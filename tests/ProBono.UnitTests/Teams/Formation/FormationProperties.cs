using CsCheck;
using ProBono.Teams.Formation.Optimising;

namespace ProBono.UnitTests.Teams.Formation;

/// <summary>Properties over seeded random marathons (CsCheck draws the seed and the shape; a failure prints them).</summary>
public sealed class FormationProperties
{
    private static readonly FormationOptions Quick = new(TimeSpan.FromSeconds(2), 1);
    // instances the exact model cannot prove in its budget run it to the end: keep that budget short
    private static readonly FormationOptions Short = new(TimeSpan.FromSeconds(0.2), 1);

    private sealed record Shape(int Seed, int Volunteers, int Needs, int Companies, int MaxSame, int Pins)
    {
        public FormationInput Input(int sizeMin = 2) => FormationInstances.Random(Seed, Volunteers, Needs, Companies, MaxSame, pins: Pins, sizeMin: sizeMin);
    }

    private static Gen<Shape> Shapes(int maxVolunteers, int maxNeeds) =>
        from seed in Gen.Int
        from volunteers in Gen.Int[0, maxVolunteers]
        from needs in Gen.Int[0, maxNeeds]
        from companies in Gen.Int[1, 5]
        from maxSame in Gen.Int[1, 4]
        from pins in Gen.Int[0, 2]
        select new Shape(seed, volunteers, needs, companies, maxSame, pins);

    [Fact]
    public void Every_proposal_keeps_every_hard_rule() =>
        Shapes(40, 6).Sample(shape =>
        {
            var input = shape.Input();
            var violations = FormationRules.Violations(input, FormationOptimiser.Propose(input, Quick));
            Assert.True(violations.Count == 0, string.Join("; ", violations));
        }, iter: 200, threads: 1);

    [Fact]
    public void The_large_instance_heuristic_and_the_baseline_keep_every_hard_rule_and_stay_under_the_bounds() =>
        Shapes(300, 40).Sample(shape =>
        {
            var input = shape.Input();
            var problem = new FormationProblem(input);
            var (flowBound, skillBound) = (FormationBounds.CoveredSlotsFlowBound(input), FormationBounds.CoveredSlotsUpperBound(input));
            Assert.True(flowBound <= skillBound);
            foreach (var solution in new[] { FlowFormation.Solve(problem), GreedyFormation.Solve(problem) })
            {
                var proposal = ProposalBuilder.Build(problem, solution, false);
                var violations = FormationRules.Violations(input, proposal);
                Assert.True(violations.Count == 0, string.Join("; ", violations));
                Assert.True(proposal.Metrics.CoveredSlots <= flowBound);
            }
        }, iter: 100, threads: 1);

    [Fact]
    public void The_optimiser_never_staffs_fewer_teams_or_covers_fewer_slots_than_the_greedy_baseline() =>
        Shapes(300, 90).Sample(shape =>
        {
            var input = shape.Input();
            var optimised = FormationOptimiser.Propose(input, Short);
            var greedy = GreedyFormation.Propose(input);
            // lexicographically no worse: staffed teams, then teams with a lead, then covered slots
            var mine = (optimised.Teams.Count, optimised.Metrics.TeamsWithLead, optimised.Metrics.CoveredSlots);
            var theirs = (greedy.Teams.Count, greedy.Metrics.TeamsWithLead, greedy.Metrics.CoveredSlots);
            Assert.True(mine.CompareTo(theirs) >= 0, $"optimised {mine} < greedy {theirs}");
        }, iter: 16, threads: 1);

    [Fact]
    public void On_tiny_instances_the_proposal_equals_the_brute_force_optimum() =>
        Shapes(8, 3).Sample(shape =>
        {
            var input = shape.Input(sizeMin: 1);
            var proposal = FormationOptimiser.Propose(input, Quick);
            var best = BruteForce.Optimum(input);
            Assert.True(proposal.Metrics.ProvedOptimal);
            Assert.Equal(best, BruteForce.Score(input, proposal));
            Assert.True(best.Item3 <= FormationBounds.CoveredSlotsFlowBound(input));
        }, iter: 300, threads: 1);
}

/// <summary>
/// The exact optimum by enumerating every assignment of ≤8 volunteers to ≤3 needs, written apart from the optimiser
/// (its own rule check and its own slot matching) so the two cannot share a mistake.
/// Score, compared lexicographically: staffed teams, teams with a lead, covered slots, cause matches, −spread.
/// </summary>
internal static class BruteForce
{
    public static (int, int, int, int, int) Optimum(FormationInput input)
    {
        var volunteers = input.Volunteers.OrderBy(v => v.VolunteerId).ToArray();
        var needs = input.Needs.OrderBy(n => n.NeedId).ToArray();
        var assignment = new int[volunteers.Length];
        var best = (-1, 0, 0, 0, 0);
        var total = (long)Math.Pow(needs.Length + 1, volunteers.Length);
        for (long code = 0; code < total; code++)
        {
            var rest = code;
            for (var v = 0; v < volunteers.Length; v++)
            {
                assignment[v] = (int)(rest % (needs.Length + 1)) - 1;
                rest /= needs.Length + 1;
            }
            var teams = needs.Select((n, i) => volunteers.Where((_, v) => assignment[v] == i).ToList()).ToArray();
            if (!Allowed(input, needs, teams)) continue;
            var score = Evaluate(input, needs, teams);
            if (Compare(score, best) > 0) best = score;
        }
        return best;
    }

    public static (int, int, int, int, int) Score(FormationInput input, FormationProposal proposal)
    {
        var needs = input.Needs.OrderBy(n => n.NeedId).ToArray();
        var byId = input.Volunteers.ToDictionary(v => v.VolunteerId);
        var teams = needs.Select(n => proposal.Teams.SingleOrDefault(t => t.NeedId == n.NeedId)?.Members.Select(m => byId[m]).ToList() ?? []).ToArray();
        Assert.True(Allowed(input, needs, teams));
        return Evaluate(input, needs, teams);
    }

    private static bool Allowed(FormationInput input, FormationNeed[] needs, List<FormationVolunteer>[] teams)
    {
        var mix = input.Volunteers.Select(v => v.PartnerId).Distinct().Count() >= 2;
        for (var i = 0; i < needs.Length; i++)
        {
            var team = teams[i];
            var pin = input.Pins.FirstOrDefault(p => p.NeedId == needs[i].NeedId);
            // a pinned volunteer is in its need's team when that need is staffed, and in no other team
            if (team.Any(v => input.Pins.Any(p => p.VolunteerId == v.VolunteerId && p.NeedId != needs[i].NeedId))) return false;
            if (team.Count == 0) continue;
            if (pin is not null && team.All(v => v.VolunteerId != pin.VolunteerId)) return false;
            if (team.Count < Math.Max(1, needs[i].TeamSizeMin) || team.Count > needs[i].TeamSizeMax) return false;
            var companies = team.GroupBy(v => v.PartnerId).ToList();
            if (companies.Any(c => c.Count() > input.MaxSameCompanyPerTeam)) return false;
            if (mix && companies.Count < 2) return false;
        }
        return true;
    }

    private static (int, int, int, int, int) Evaluate(FormationInput input, FormationNeed[] needs, List<FormationVolunteer>[] teams)
    {
        int staffed = 0, covered = 0, leads = 0, causes = 0, smallest = int.MaxValue, largest = 0;
        for (var i = 0; i < needs.Length; i++)
        {
            var team = teams[i];
            if (team.Count == 0) continue;
            staffed++;
            var slots = needs[i].RequiredSkills.SelectMany(s => Enumerable.Repeat(s.Skill, s.Count)).ToList();
            covered += MostSlots(team, 0, slots);
            var pin = input.Pins.FirstOrDefault(p => p.NeedId == needs[i].NeedId);
            if (team.Any(v => v.LeadCapable || v.VolunteerId == pin?.VolunteerId)) leads++;
            causes += team.Count(v => v.Causes.Contains(needs[i].Cause));
            smallest = Math.Min(smallest, team.Count);
            largest = Math.Max(largest, team.Count);
        }
        return (staffed, leads, covered, causes, staffed == 0 ? 0 : -(largest - smallest));
    }

    /// <summary>Each member takes one open slot of one of its skills, or none: try them all.</summary>
    private static int MostSlots(List<FormationVolunteer> team, int at, List<string> open)
    {
        if (at == team.Count || open.Count == 0) return 0;
        var best = MostSlots(team, at + 1, open);
        foreach (var skill in team[at].Skills.Distinct().Where(open.Contains))
        {
            var rest = new List<string>(open);
            rest.Remove(skill);
            best = Math.Max(best, 1 + MostSlots(team, at + 1, rest));
        }
        return best;
    }

    private static int Compare((int, int, int, int, int) a, (int, int, int, int, int) b) =>
        ((IComparable<(int, int, int, int, int)>)a).CompareTo(b);
}
