using ProBono.Contracts;
using ProBono.Feedback.Copies;

namespace ProBono.UnitTests.Feedback;

/// <summary>Feedback's copy of a team follows the latest version of the team, whatever order Teams' messages arrive in.</summary>
public sealed class TeamForImpactTests
{
    private static readonly Guid TeamId = Guid.NewGuid();
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2016, 11, 19, 18, 0, 0, TimeSpan.Zero);

    private static MissionCompleted Mission(long version, string title, bool anaIn) =>
        new(TeamId, Guid.NewGuid(), Guid.NewGuid(), [new TeamMember(Ana, "edf", anaIn)], Ana, title, null, version, Now.AddHours(version),
            DeliverableDescription: "On paper", Correction: version > 3);

    [Fact]
    public void A_replaced_deliverable_arriving_before_the_first_keeps_the_latest_title_and_roster()
    {
        var team = new TeamForImpact { Id = TeamId };
        team.Apply(Mission(5, "Final brochure", anaIn: true));
        team.Apply(Mission(3, "First draft", anaIn: false));

        Assert.True(team.Delivered);
        Assert.Equal(("Final brochure", 5L), (team.Deliverable.Value, team.Deliverable.Version));
        Assert.True(Assert.Single(team.Members.Value!).CheckedIn);
    }

    [Fact]
    public void A_newer_replacement_takes_over_and_the_same_message_twice_changes_nothing()
    {
        var team = new TeamForImpact { Id = TeamId };
        team.Apply(Mission(3, "First draft", anaIn: false));
        team.Apply(Mission(5, "Final brochure", anaIn: true));
        team.Apply(Mission(5, "Final brochure", anaIn: true));

        Assert.Equal(("Final brochure", 5L), (team.Deliverable.Value, team.Deliverable.Version));
    }
}
