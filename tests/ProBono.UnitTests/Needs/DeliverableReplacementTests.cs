using ProBono.Needs;
using ProBono.Needs.Staffing;
using Contracts = ProBono.Contracts;
using static ProBono.UnitTests.Needs.NeedExamples;

namespace ProBono.UnitTests.Needs;

/// <summary>
/// A team that replaces its deliverable completes its mission again under a newer version of its stream: the delivered
/// need takes the newest one it hears of, whatever the order the messages arrive in.
/// </summary>
public sealed class DeliverableReplacementTests
{
    private static Contracts.MissionCompleted Replacement(long version, string title = "Flyers", bool correction = false) =>
        Mission with
        {
            DeliverableTitle = title, DeliverableUrl = null, DeliverableDescription = "500 flyers on paper", Version = version,
            CompletedAt = Now.AddDays(2), Correction = correction,
        };

    [Fact]
    public void A_newer_mission_replaces_the_delivered_work_and_says_so_in_the_history()
    {
        var outcome = Spec.Given(HistoryUpTo(NeedStatus.Delivered)).When(n => FollowTeamsSlice.Deliver(n, Replacement(7, correction: true)));

        outcome.Then(new NeedDeliverableReplaced(NeedId, MarathonId, TeamId, "Flyers", null, "500 flyers on paper", true, 7, ByTeams, Now.AddDays(2)));
        var need = outcome.ThenState();
        Assert.Equal(NeedStatus.Delivered, need.Status);
        Assert.Equal(new DeliveredWork(TeamId, "Flyers", null, Now.AddDays(2), "500 flyers on paper", Correction: true), need.Delivered);
        Assert.Equal(7, need.DeliveredMissionVersion);
        Assert.Equal(["delivered", "deliverable-replaced"], need.History.Select(h => h.Action).TakeLast(2));
    }

    [Fact]
    public void The_same_or_an_older_version_arriving_late_changes_nothing()
    {
        object[] history =
        [
            .. HistoryUpTo(NeedStatus.Delivered),
            new NeedDeliverableReplaced(NeedId, MarathonId, TeamId, "Flyers", null, "500 flyers on paper", false, 7, ByTeams, Now.AddDays(2)),
        ];

        Spec.Given(history).When(n => FollowTeamsSlice.Deliver(n, Replacement(7))).ThenNothing();
        Spec.Given(history).When(n => FollowTeamsSlice.Deliver(n, Replacement(6, "An older draft"))).ThenNothing();
        Spec.Given(history).When(n => FollowTeamsSlice.Deliver(n, Mission)).ThenNothing();
    }

    [Fact]
    public void The_newest_mission_heard_first_delivers_and_the_first_one_arriving_after_it_changes_nothing()
    {
        var outcome = Spec.Given(HistoryUpTo(NeedStatus.Staffed)).When(n => FollowTeamsSlice.Deliver(n, Replacement(9, "Final")));
        var delivered = outcome.Then(new NeedDelivered(
            NeedId, MarathonId, AsQualified, TeamId, "Final", null, ByTeams, Now.AddDays(2), "500 flyers on paper", false, MissionVersion: 9));
        Assert.Equal(("Final", 9L), (outcome.ThenState().Delivered!.Title, outcome.ThenState().DeliveredMissionVersion));

        Spec.Given([.. HistoryUpTo(NeedStatus.Staffed), .. delivered]).When(n => FollowTeamsSlice.Deliver(n, Mission)).ThenNothing();
    }
}
