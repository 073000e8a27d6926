using ProBono.StaffConsole.Formation;
using ProBono.StaffConsole.Gateway;

namespace ProBono.UnitTests.StaffConsole;

/// <summary>What the formation page shows of a team: its skill slots covered, its company mix and the rules it keeps.</summary>
public sealed class TeamMixTests
{
    private static (string, IReadOnlyList<string>) Member(string partner, params string[] skills) => (partner, skills);

    [Fact]
    public void A_member_covers_one_slot_and_the_slots_are_matched_at_best()
    {
        // a greedy pass would give the designer-marketer the design slot and leave marketing uncovered
        var mix = TeamMix.Of(
            [new SkillSlots("design", 1), new SkillSlots("marketing", 1)], 2, 4,
            [Member("edf", "design", "marketing"), Member("ey", "design")], maxSameCompany: 3);

        Assert.Equal([new SkillCover("design", 1, 1), new SkillCover("marketing", 1, 1)], mix.Skills);
        Assert.Equal((2, 2), (mix.CoveredSlots, mix.RequiredSlots));
    }

    [Fact]
    public void Slots_no_member_can_take_stay_uncovered()
    {
        var mix = TeamMix.Of([new SkillSlots("finance", 2), new SkillSlots("legal", 1)], 2, 4,
            [Member("edf", "finance"), Member("edf", "finance"), Member("ey", "finance")], 3);

        Assert.Equal([new SkillCover("finance", 2, 2), new SkillCover("legal", 1, 0)], mix.Skills);
    }

    [Fact]
    public void The_company_mix_counts_members_by_company_largest_first()
    {
        var mix = TeamMix.Of([], 1, 10, [Member("ey"), Member("edf"), Member("edf"), Member("axa")], 3);

        Assert.Equal([new CompanyShare("edf", 2), new CompanyShare("axa", 1), new CompanyShare("ey", 1)], mix.Companies);
        Assert.True(mix.EnoughCompanies);
        Assert.True(mix.CompanyCapKept);
    }

    [Fact]
    public void A_team_of_one_company_or_over_the_cap_or_outside_its_size_breaks_the_rules()
    {
        var one = TeamMix.Of([], 3, 5, [Member("edf"), Member("edf"), Member("edf"), Member("edf")], 3);

        Assert.False(one.EnoughCompanies);
        Assert.False(one.CompanyCapKept);
        Assert.True(one.SizeFits);
        Assert.False(TeamMix.Of([], 3, 5, [Member("edf"), Member("ey")], 3).SizeFits);
        Assert.False(TeamMix.Of([], 1, 2, [Member("edf"), Member("ey"), Member("axa")], 3).SizeFits);
    }
}
