using ProBono.Teams;
using ProBono.Teams.Backfilling;
using ProBono.Teams.Browsing;
using ProBono.Teams.Editing;
using ProBono.Teams.Formation;
using ProBono.Teams.Copies;

namespace ProBono.UnitTests.Teams.Editing;

/// <summary>Staff edits, the backfill after a withdrawal and the gap a team shows, as pure decisions on a team.</summary>
public class TeamEditingTests
{
    private static readonly DateTimeOffset Now = new(2030, 11, 16, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid MarathonId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    private static readonly TeamNeed Brochure = new(Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001"), Guid.NewGuid(), "A brochure", "Brochure", "culture",
        [new SkillCount("marketing", 1), new SkillCount("design", 1)], 2, 3);
    private static readonly MarathonRules Rules = new(MaxSameCompanyPerTeam: 2, PoolHasTwoCompanies: true);
    private static readonly Specification<Team> Spec = Specification.For<Team>(Team.Evolution, e => Team.Create((TeamFormed)e));

    private static VolunteerForFormation Volunteer(int n, string partner, string skill, bool lead = false, string cause = "education")
    {
        var v = new VolunteerForFormation
        {
            Id = Guid.Parse($"00000000-0000-4000-8000-{n:D12}"), MarathonId = MarathonId, PartnerId = partner, FirstName = $"V{n}",
            Skills = [skill], LeadCapable = lead, Causes = [cause],
        };
        v.Status.Offer(VolunteerForFormation.Confirmed, 1);
        return v;
    }

    private static readonly VolunteerForFormation Marketer = Volunteer(1, "edf", "marketing", lead: true);
    private static readonly VolunteerForFormation Designer = Volunteer(2, "ey", "design");

    private static TeamFormed Formed => new(Team.IdOf(Brochure.NeedId), MarathonId, Brochure,
        [RosterEdit.Member(Marketer), RosterEdit.Member(Designer)], Marketer.Id, Guid.NewGuid(), Now.AddDays(-3));

    [Fact]
    public void A_confirmed_volunteer_without_a_team_joins_within_the_rules()
    {
        var joining = Volunteer(3, "thales", "sales");

        var state = Spec.Given(Formed).When(t => AddTeamMemberSlice.Decide(t, joining, null, Rules, "staff:s", Now)).ThenState();

        Assert.Equal([Marketer.Id, Designer.Id, joining.Id], state.Members.Select(m => m.VolunteerId));
        Assert.Equal(["edf", "ey", "thales"], state.PartnerIds);
    }

    [Fact]
    public void Joining_beyond_the_largest_team_or_the_company_limit_is_a_422_naming_the_rule()
    {
        var thirdEdf = Volunteer(4, "edf", "sales");
        var secondEdf = Volunteer(5, "edf", "hr");
        var full = Spec.Given(Formed, new TeamRosterChanged(Team.IdOf(Brochure.NeedId), MarathonId, Brochure.NeedId,
            [RosterEdit.Member(Marketer), RosterEdit.Member(Designer), RosterEdit.Member(secondEdf)], Marketer.Id, "added", "staff:s", Now));

        Assert.Contains("[team-size]", full.When(t => AddTeamMemberSlice.Decide(t, Volunteer(6, "thales", "it"), null, Rules, "staff:s", Now)).ThenThrows<RuleViolated>().Message, StringComparison.Ordinal);
        var overLimit = Spec.Given(Formed with { Need = Brochure with { TeamSizeMax = 5 } }, new TeamRosterChanged(Team.IdOf(Brochure.NeedId), MarathonId, Brochure.NeedId,
            [RosterEdit.Member(Marketer), RosterEdit.Member(Designer), RosterEdit.Member(secondEdf)], Marketer.Id, "added", "staff:s", Now));
        Assert.Contains("[max-same-company]", overLimit.When(t => AddTeamMemberSlice.Decide(t, thirdEdf, null, Rules, "staff:s", Now)).ThenThrows<RuleViolated>().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_volunteer_seated_in_another_team_is_a_422_and_in_this_team_a_409()
    {
        var joining = Volunteer(3, "thales", "sales");
        var elsewhere = new TeamSeat { Id = joining.Id, MarathonId = MarathonId, TeamId = Guid.NewGuid() };
        var here = new TeamSeat { Id = Designer.Id, MarathonId = MarathonId, TeamId = Team.IdOf(Brochure.NeedId) };

        Assert.Contains("[one-team-per-volunteer]", Spec.Given(Formed).When(t => AddTeamMemberSlice.Decide(t, joining, elsewhere, Rules, "staff:s", Now)).ThenThrows<RuleViolated>().Message, StringComparison.Ordinal);
        Spec.Given(Formed).When(t => AddTeamMemberSlice.Decide(t, Designer, here, Rules, "staff:s", Now)).ThenThrows<StateConflict>();
    }

    [Fact]
    public void Removing_below_the_smallest_team_is_a_422_and_nothing_is_recorded() =>
        Assert.Contains("[team-size]", Spec.Given(Formed).When(t => RemoveTeamMemberSlice.Decide(t, Designer.Id, Rules, "staff:s", Now)).ThenThrows<RuleViolated>().Message, StringComparison.Ordinal);

    [Fact]
    public void Only_a_lead_capable_member_leads_and_the_same_lead_again_changes_nothing()
    {
        Assert.Contains("[one-lead]", Spec.Given(Formed).When(t => ChangeTeamLeadSlice.Decide(t, Designer.Id, Rules, "staff:s", Now)).ThenThrows<RuleViolated>().Message, StringComparison.Ordinal);
        Spec.Given(Formed).When(t => ChangeTeamLeadSlice.Decide(t, Marketer.Id, Rules, "staff:s", Now)).ThenNothing();
    }

    [Fact]
    public void A_delivered_team_is_no_longer_edited() =>
        Spec.Given(Formed, new DeliverableSubmitted(Team.IdOf(Brochure.NeedId), MarathonId, Brochure.NeedId, Formed.Members, [], Marketer.Id, "B", "https://x.example", "staff:s", Now))
            .When(t => AddTeamMemberSlice.Decide(t, Volunteer(3, "thales", "sales"), null, Rules, "staff:s", Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void The_backfill_takes_the_reserve_who_covers_the_lost_skill_within_the_company_rules_and_a_new_lead()
    {
        var reserve = new[]
        {
            Volunteer(7, "ey", "marketing"),                     // covers marketing, but two from ey would be fine; no lead
            Volunteer(8, "thales", "hr", lead: true),             // lead-capable but covers nothing lost
            Volunteer(9, "thales", "marketing", lead: true),      // covers the lost skill and can lead: the best fit
        };
        var team = Spec.Given(Formed).State!;

        var (events, joined) = BackfillSlice.Decide(team, Marketer.Id, reserve, Rules, Now);

        Assert.Equal(reserve[2].Id, joined);
        var changed = Assert.IsType<TeamRosterChanged>(Assert.Single(events));
        Assert.Equal([Designer.Id, reserve[2].Id], changed.Members.Select(m => m.VolunteerId));
        Assert.Equal(reserve[2].Id, changed.LeadVolunteerId);
        Assert.Contains("took the place", changed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_fitting_reserve_the_team_keeps_the_gap()
    {
        var team = Spec.Given(Formed).State!;

        var (events, joined) = BackfillSlice.Decide(team, Designer.Id, [Volunteer(8, "thales", "hr")], Rules, Now);

        Assert.Null(joined);
        var after = events.Aggregate(team, Team.Evolution);
        var gap = TeamGap.Of(after);
        Assert.Equal((1, "design"), (gap.MissingMembers, Assert.Single(gap.UncoveredSkills).Skill));
        Assert.Equal(Marketer.Id, after.LeadVolunteerId);
    }

    [Fact]
    public void A_withdrawal_of_someone_not_in_the_team_changes_nothing() =>
        Assert.Empty(BackfillSlice.Decide(Spec.Given(Formed).State!, Guid.NewGuid(), [Volunteer(9, "thales", "marketing")], Rules, Now).Events);

    [Fact]
    public void The_gap_counts_covered_slots_as_a_maximum_matching()
    {
        // one member with both skills covers only one slot; a second with marketing frees the design slot for the first
        var both = Volunteer(10, "edf", "design") ;
        both.Skills = ["design", "marketing"];
        var team = Team.Create(Formed with { Members = [RosterEdit.Member(both), RosterEdit.Member(Volunteer(11, "ey", "marketing"))] });

        Assert.Empty(TeamGap.Of(team).UncoveredSkills);
        Assert.Single(TeamGap.Of(team with { Members = [team.Members[0]] }).UncoveredSkills);
    }
}
