using ProBono.Teams.Formation.Optimising;

namespace ProBono.UnitTests.Teams.Formation;

/// <summary>
/// API.md: "exactly one leadCapable lead per team where one exists" comes before "maximise covered skill slots". The
/// contract check's marathon: the only two lead-capable volunteers are also the only ones with the brochure's two skills.
/// </summary>
public class LeadsBeforeSlotsTests
{
    private static Guid Id(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:D12}");

    [Fact]
    public void Every_team_gets_a_lead_where_one_exists_even_if_a_slot_goes_uncovered()
    {
        var brochure = new FormationNeed(Id(100), "culture", [new SkillSlots("communication", 1), new SkillSlots("design", 1)], 3, 4);
        var budget = new FormationNeed(Id(200), "culture", [new SkillSlots("finance", 1)], 3, 4);
        var volunteers = new List<FormationVolunteer>();
        var n = 0;
        foreach (var partner in new[] { "acme", "globex" })
        {
            volunteers.Add(new(Id(++n), partner, ["communication", "design"], true, ["culture"]));
            volunteers.Add(new(Id(++n), partner, ["marketing"], false, ["culture"]));
            volunteers.Add(new(Id(++n), partner, ["finance"], false, ["culture"]));
            volunteers.Add(new(Id(++n), partner, ["hr", "data"], false, ["culture"]));
        }
        var input = new FormationInput([brochure, budget], volunteers, 3, [new PinnedLead(brochure.NeedId, Id(5))]);

        var proposal = FormationOptimiser.Propose(input);

        Assert.Equal(2, proposal.Teams.Count);
        Assert.All(proposal.Teams, t => Assert.NotNull(t.LeadVolunteerId));
        Assert.Equal(Id(5), proposal.Teams.Single(t => t.NeedId == brochure.NeedId).LeadVolunteerId);
        Assert.Equal(2, proposal.Metrics.TeamsWithLead);
        Assert.Empty(FormationRules.Violations(input, proposal));
    }
}
