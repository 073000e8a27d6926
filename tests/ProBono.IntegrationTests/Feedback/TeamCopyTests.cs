using ProBono.Feedback.Copies;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>Feedback's copy of a team, kept from Teams' messages as they arrive: out of order, and more than once.</summary>
public sealed class TeamCopyTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{
    private const string MissionCompletedUrn = "probono:teams:mission-completed:v1";

    [Fact]
    public async Task The_deliverable_title_is_the_latest_version_s_whatever_the_order_the_missions_arrive_in()
    {
        var marathonId = await feedback.AMarathon();
        var needId = Guid.NewGuid();
        var teamId = Guid.NewGuid();
        var volunteer = Guid.NewGuid();
        using var consumed = ConsumeWatch.On(feedback.Host.Services);
        async Task Deliver(long version, string title, int times = 1)
        {
            var id = Guid.NewGuid();
            for (var i = 0; i < times; i++)
            {
                await feedback.Send("mission-completed", MissionCompletedUrn, id, new
                {
                    teamId, marathonId, needId, members = new[] { new { volunteerId = volunteer, partnerId = "edf", checkedIn = version > 2 } },
                    leadVolunteerId = (Guid?)null, deliverableTitle = title, deliverableUrl = (string?)null, deliverableDescription = "On paper",
                    correction = version > 2, version, completedAt = DateTimeOffset.UtcNow,
                });
            }
            await consumed.Consumed(id, times);
        }

        await Deliver(4, "Final brochure", times: 2);
        await Deliver(2, "First draft");

        await using var session = feedback.Host.Store.QuerySession();
        var team = await session.LoadAsync<TeamForImpact>(teamId);
        Assert.NotNull(team);
        Assert.Equal((true, "Final brochure", 4L), (team.Delivered, team.Deliverable.Value, team.Deliverable.Version));
        Assert.True(Assert.Single(team.Members.Value!).CheckedIn);
    }
}
