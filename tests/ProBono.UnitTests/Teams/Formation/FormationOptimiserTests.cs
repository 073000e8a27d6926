using ProBono.Teams.Formation.Optimising;
using static ProBono.UnitTests.Teams.Formation.FormationInstances;

namespace ProBono.UnitTests.Teams.Formation;

public sealed class FormationOptimiserTests
{
    private static readonly Guid NeedA = Id(0xA1), NeedB = Id(0xB1);

    private static FormationVolunteer Volunteer(int id, string company, bool lead = false, params string[] skills) =>
        new(Id(id), company, skills, lead, []);

    [Fact]
    public void The_2016_marathon_comes_out_proved_optimal_and_within_the_rules()
    {
        var input = Marathon2016();
        var proposal = FormationOptimiser.Propose(input);

        Assert.True(proposal.Metrics.ProvedOptimal);
        Assert.Empty(FormationRules.Violations(input, proposal));
        Assert.Equal(10, proposal.Teams.Count + proposal.Unstaffable.Count);
        Assert.True(proposal.Metrics.CoveredSlots >= GreedyFormation.Propose(input).Metrics.CoveredSlots);
    }

    [Fact]
    public void The_same_input_in_another_order_gives_the_same_proposal()
    {
        var input = Marathon2016(seed: 7);
        var first = Fingerprint(FormationOptimiser.Propose(input));
        Assert.Equal(first, Fingerprint(FormationOptimiser.Propose(Shuffled(input, seed: 1))));
        Assert.Equal(first, Fingerprint(FormationOptimiser.Propose(Shuffled(input, seed: 2))));
    }

    [Fact]
    public void The_lists_come_sorted_by_id()
    {
        var proposal = FormationOptimiser.Propose(Shuffled(Marathon2016(seed: 3), seed: 5));
        Assert.Equal(proposal.Teams.Select(t => t.NeedId).Order(), proposal.Teams.Select(t => t.NeedId));
        Assert.All(proposal.Teams, t => Assert.Equal(t.Members.Order(), t.Members));
        Assert.Equal(proposal.Unassigned.Order(), proposal.Unassigned);
    }

    [Fact]
    public void A_pinned_lead_is_kept_even_when_not_lead_capable()
    {
        var input = Marathon2016(seed: 11);
        var notLead = input.Volunteers.First(v => !v.LeadCapable);
        var need = input.Needs[4];
        var pinned = input with { Pins = [new(need.NeedId, notLead.VolunteerId)] };

        var proposal = FormationOptimiser.Propose(pinned);

        Assert.Empty(proposal.BrokenPins);
        var team = Assert.Single(proposal.Teams, t => t.NeedId == need.NeedId);
        Assert.Equal(notLead.VolunteerId, team.LeadVolunteerId);
        Assert.Empty(FormationRules.Violations(pinned, proposal));
    }

    [Fact]
    public void Pins_that_cannot_be_kept_are_reported_not_dropped()
    {
        var input = Marathon2016(seed: 12) with { Pins = [] };
        var (v1, v2) = (input.Volunteers[0].VolunteerId, input.Volunteers[1].VolunteerId);
        var (n1, n2) = (input.Needs.Min(n => n.NeedId), input.Needs.Max(n => n.NeedId));
        var pins = new PinnedLead[]
        {
            new(n1, v1),
            new(n2, v1),             // the same volunteer pinned twice: the second need's pin cannot be kept
            new(Id(0xDEAD), v2),     // a need no longer staffed
            new(n2, Id(0xBEEF)),     // a volunteer who withdrew
        };

        var proposal = FormationOptimiser.Propose(input with { Pins = pins });

        Assert.Equal(
            new[] { (n2, v1), (n2, Id(0xBEEF)), (Id(0xDEAD), v2) }.OrderBy(p => p.Item1).ThenBy(p => p.Item2),
            proposal.BrokenPins.Select(p => (p.NeedId, p.VolunteerId)));
        Assert.All(proposal.BrokenPins, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.Equal(v1, proposal.Teams.Single(t => t.NeedId == n1).LeadVolunteerId);
        Assert.Empty(FormationRules.Violations(input with { Pins = pins }, proposal));
    }

    [Fact]
    public void A_need_that_cannot_reach_its_minimum_under_the_company_rules_is_unstaffable_with_the_reason()
    {
        // six from acme, one from globex, at most two per company: three at most can be placed, the need wants four
        var input = new FormationInput(
            [new(NeedA, "health", [new("dev", 1)], 4, 6)],
            [.. Enumerable.Range(1, 6).Select(i => Volunteer(i, "acme", true, "dev")), Volunteer(7, "globex")],
            MaxSameCompanyPerTeam: 2, Pins: [new(NeedA, Id(1))]);

        var proposal = FormationOptimiser.Propose(input);

        Assert.Empty(proposal.Teams);
        var gap = Assert.Single(proposal.Unstaffable);
        Assert.Equal("needs at least 4 volunteers, only 3 could be placed under the company rules", gap.Reason);
        var broken = Assert.Single(proposal.BrokenPins);
        Assert.Contains("could not be staffed", broken.Reason, StringComparison.Ordinal);
        Assert.Equal(7, proposal.Unassigned.Count);
        Assert.Empty(FormationRules.Violations(input, proposal));
    }

    [Fact]
    public void When_volunteers_run_short_the_second_need_is_unstaffable_and_the_first_is_staffed()
    {
        var input = new FormationInput(
            [new(NeedA, "health", [new("dev", 2)], 3, 3), new(NeedB, "health", [new("pm", 1)], 3, 3)],
            [Volunteer(1, "acme", true, "dev"), Volunteer(2, "globex", false, "dev"), Volunteer(3, "initech"), Volunteer(4, "acme", false, "pm")],
            MaxSameCompanyPerTeam: 2, Pins: []);

        var proposal = FormationOptimiser.Propose(input);

        Assert.Single(proposal.Teams);
        var gap = Assert.Single(proposal.Unstaffable);
        Assert.StartsWith("needs at least 3 volunteers, only 1 remain", gap.Reason, StringComparison.Ordinal);
        Assert.True(proposal.Metrics.ProvedOptimal);
        Assert.Empty(FormationRules.Violations(input, proposal));
    }

    [Fact]
    public void A_pool_of_one_company_relaxes_the_two_companies_rule()
    {
        var input = new FormationInput(
            [new(NeedA, "health", [new("dev", 1)], 3, 4)],
            [.. Enumerable.Range(1, 5).Select(i => Volunteer(i, "acme", i == 2, i == 3 ? "dev" : "pm"))],
            MaxSameCompanyPerTeam: 4, Pins: []);

        var proposal = FormationOptimiser.Propose(input);

        var team = Assert.Single(proposal.Teams);
        Assert.Contains(Id(3), team.Members);
        Assert.Equal(Id(2), team.LeadVolunteerId);
        Assert.Equal(1.0, team.SkillCoverage);
        Assert.Equal(1, proposal.Metrics.MinCompaniesPerTeam);
        Assert.Empty(FormationRules.Violations(input, proposal));
    }

    [Fact]
    public void Two_interleaved_workers_give_the_same_proposal_run_after_run()
    {
        var input = Marathon2016(seed: 5);
        // a budget the search spends (it does not prove this one within it), so the stop comes from deterministic time
        var options = new FormationOptions(TimeSpan.FromSeconds(1), Workers: 2);
        Assert.Equal(Fingerprint(FormationOptimiser.Propose(input, options)), Fingerprint(FormationOptimiser.Propose(input, options)));
    }
}
