using ProBono.Teams.Formation.Optimising;
using static ProBono.UnitTests.Teams.Formation.FormationInstances;

namespace ProBono.UnitTests.Teams.Formation;

/// <summary>The checker every other formation test relies on must itself catch each broken rule.</summary>
public sealed class FormationRulesTests
{
    private static readonly Guid NeedA = Id(0xA1), NeedB = Id(0xB1);
    private static readonly Guid Ann = Id(1), Bob = Id(2), Cat = Id(3), Dan = Id(4), Eve = Id(5);

    private static readonly FormationInput Input = new(
        [new(NeedA, "education", [new("dev", 1)], 2, 3), new(NeedB, "health", [], 2, 3)],
        [
            new(Ann, "acme", ["dev"], true, ["education"]),
            new(Bob, "globex", ["pm"], false, []),
            new(Cat, "acme", [], false, []),
            new(Dan, "globex", [], false, []),
            new(Eve, "acme", [], false, []),
        ],
        MaxSameCompanyPerTeam: 2, Pins: []);

    private static FormationProposal Proposal(params ProposedTeam[] teams) => new(
        teams, [.. new[] { Ann, Bob, Cat, Dan, Eve }.Except(teams.SelectMany(t => t.Members))],
        [.. new[] { NeedA, NeedB }.Except(teams.Select(t => t.NeedId)).Select(n => new Unstaffable(n, "no one left"))], [],
        new FormationMetrics(1, 2, 1, 1, 1, 1, 1, false));

    private static readonly FormationProposal Good = Proposal(new(NeedA, [Ann, Bob], Ann, 1), new(NeedB, [Cat, Dan], null, 1));

    private static IEnumerable<string> Rules(FormationProposal proposal, FormationInput? input = null) =>
        FormationRules.Violations(input ?? Input, proposal).Select(v => v.Rule);

    [Fact]
    public void A_proposal_that_keeps_every_rule_has_no_violation() => Assert.Empty(Rules(Good));

    [Fact]
    public void A_team_below_its_minimum_breaks_the_size_rule() =>
        Assert.Contains(FormationRules.TeamSize, Rules(Proposal(new(NeedA, [Ann], Ann, 1), new(NeedB, [Cat, Dan], null, 1))));

    [Fact]
    public void A_team_of_one_company_breaks_the_two_companies_rule() =>
        Assert.Contains(FormationRules.TwoCompanies, Rules(Proposal(new(NeedA, [Ann, Cat], Ann, 1), new(NeedB, [Bob, Dan], null, 1))));

    [Fact]
    public void Too_many_from_one_company_breaks_the_cap() =>
        Assert.Contains(FormationRules.MaxSameCompany, Rules(Proposal(new(NeedA, [Ann, Cat, Eve], Ann, 1), new(NeedB, [Bob, Dan], null, 1))));

    [Fact]
    public void A_volunteer_in_two_teams_breaks_the_one_team_rule() =>
        Assert.Contains(FormationRules.OneTeamPerVolunteer, Rules(Proposal(new(NeedA, [Ann, Bob], Ann, 1), new(NeedB, [Bob, Cat], null, 1))));

    [Fact]
    public void A_need_with_neither_team_nor_reason_breaks_the_one_team_per_need_rule() =>
        Assert.Contains(FormationRules.OneTeamPerNeed, Rules(Good with { Teams = [Good.Teams[0]] }));

    [Fact]
    public void A_lead_who_cannot_lead_breaks_the_lead_rule() =>
        Assert.Contains(FormationRules.Lead, Rules(Proposal(new(NeedA, [Ann, Bob], Bob, 1), new(NeedB, [Cat, Dan], null, 1))));

    [Fact]
    public void No_lead_when_a_member_could_lead_breaks_the_lead_rule() =>
        Assert.Contains(FormationRules.Lead, Rules(Proposal(new(NeedA, [Ann, Bob], null, 1), new(NeedB, [Cat, Dan], null, 1))));

    [Fact]
    public void A_pin_neither_kept_nor_reported_breaks_the_pin_rule()
    {
        var pinned = Input with { Pins = [new(NeedA, Bob)] };
        Assert.Contains(FormationRules.PinnedLeadKept, Rules(Good, pinned));
        Assert.Empty(Rules(Proposal(new(NeedA, [Ann, Bob], Bob, 1), new(NeedB, [Cat, Dan], null, 1)), pinned));
        Assert.Empty(Rules(Good with { BrokenPins = [new(NeedA, Bob, "reported")] }, pinned));
    }

    [Fact]
    public void A_member_who_is_not_a_volunteer_of_the_pool_is_reported() =>
        Assert.Contains(FormationRules.OneTeamPerVolunteer, Rules(Proposal(new(NeedA, [Ann, Bob], Ann, 1), new(NeedB, [Cat, Id(99)], null, 1))));

    [Fact]
    public void One_company_pool_relaxes_the_two_companies_rule()
    {
        var oneCompany = Input with { Volunteers = [.. Input.Volunteers.Select(v => v with { PartnerId = "acme" })], MaxSameCompanyPerTeam = 3 };
        Assert.Empty(Rules(Good, oneCompany));
    }
}
