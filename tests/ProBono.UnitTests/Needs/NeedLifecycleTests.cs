using ProBono.Needs;
using ProBono.Needs.Publishing;
using ProBono.Needs.Qualifying;
using ProBono.Needs.Rejecting;
using ProBono.Needs.Staffing;
using ProBono.Needs.Withdrawing;
using static ProBono.UnitTests.Needs.NeedExamples;

namespace ProBono.UnitTests.Needs;

/// <summary>
/// Every move of a need from every status: submitted → qualified → published → staffed → delivered, or rejected /
/// withdrawn. Staff's and the association's moves out of order are 409 with nothing recorded; Teams' events that do
/// not apply change nothing (they are facts from another service, not requests to refuse).
/// </summary>
public class NeedLifecycleTests
{
    private static readonly QualifyNeedRequest KeepDemand = new(null, null, null);

    private static readonly Dictionary<string, Func<Need, IReadOnlyList<object>>> Moves = new()
    {
        ["qualify"] = n => QualifyNeedSlice.Decide(n, KeepDemand, Staff, Now),
        ["reject"] = n => RejectNeedSlice.Decide(n, "Not for a one-day team.", Staff, Now),
        ["publish"] = n => PublishNeedSlice.Decide(n, Staff, Now),
        ["withdraw"] = n => WithdrawNeedSlice.Decide(n, null, Owner, Now),
        ["team-formed"] = n => FollowTeamsSlice.Staff(n, TeamId, Now),
        ["mission-completed"] = n => FollowTeamsSlice.Deliver(n, Mission),
    };

    // leadsTo: the status the move reaches; null: refused with 409 (staff and association) or nothing recorded (Teams' events)
    [Theory]
    [InlineData(NeedStatus.Submitted, "qualify", NeedStatus.Qualified)]
    [InlineData(NeedStatus.Qualified, "qualify", null)]
    [InlineData(NeedStatus.Published, "qualify", null)]
    [InlineData(NeedStatus.Staffed, "qualify", null)]
    [InlineData(NeedStatus.Delivered, "qualify", null)]
    [InlineData(NeedStatus.Rejected, "qualify", null)]
    [InlineData(NeedStatus.Withdrawn, "qualify", null)]
    [InlineData(NeedStatus.Submitted, "reject", NeedStatus.Rejected)]
    [InlineData(NeedStatus.Qualified, "reject", NeedStatus.Rejected)]
    [InlineData(NeedStatus.Published, "reject", null)]
    [InlineData(NeedStatus.Staffed, "reject", null)]
    [InlineData(NeedStatus.Delivered, "reject", null)]
    [InlineData(NeedStatus.Rejected, "reject", null)]
    [InlineData(NeedStatus.Withdrawn, "reject", null)]
    [InlineData(NeedStatus.Submitted, "publish", null)]
    [InlineData(NeedStatus.Qualified, "publish", NeedStatus.Published)]
    [InlineData(NeedStatus.Published, "publish", null)]
    [InlineData(NeedStatus.Staffed, "publish", null)]
    [InlineData(NeedStatus.Delivered, "publish", null)]
    [InlineData(NeedStatus.Rejected, "publish", null)]
    [InlineData(NeedStatus.Withdrawn, "publish", null)]
    [InlineData(NeedStatus.Submitted, "withdraw", NeedStatus.Withdrawn)]
    [InlineData(NeedStatus.Qualified, "withdraw", NeedStatus.Withdrawn)]
    [InlineData(NeedStatus.Published, "withdraw", NeedStatus.Withdrawn)]
    [InlineData(NeedStatus.Staffed, "withdraw", null)]
    [InlineData(NeedStatus.Delivered, "withdraw", null)]
    [InlineData(NeedStatus.Rejected, "withdraw", null)]
    [InlineData(NeedStatus.Withdrawn, "withdraw", null)]
    [InlineData(NeedStatus.Submitted, "team-formed", null)]
    [InlineData(NeedStatus.Qualified, "team-formed", null)]
    [InlineData(NeedStatus.Published, "team-formed", NeedStatus.Staffed)]
    [InlineData(NeedStatus.Staffed, "team-formed", null)]
    [InlineData(NeedStatus.Delivered, "team-formed", null)]
    [InlineData(NeedStatus.Rejected, "team-formed", null)]
    [InlineData(NeedStatus.Withdrawn, "team-formed", null)]
    [InlineData(NeedStatus.Submitted, "mission-completed", null)]
    [InlineData(NeedStatus.Qualified, "mission-completed", null)]
    [InlineData(NeedStatus.Published, "mission-completed", NeedStatus.Delivered)]
    [InlineData(NeedStatus.Staffed, "mission-completed", NeedStatus.Delivered)]
    [InlineData(NeedStatus.Delivered, "mission-completed", null)]
    [InlineData(NeedStatus.Rejected, "mission-completed", null)]
    [InlineData(NeedStatus.Withdrawn, "mission-completed", null)]
    public void Moving_a_need(NeedStatus status, string move, NeedStatus? leadsTo)
    {
        var outcome = Spec.Given(HistoryUpTo(status)).When(n => Moves[move](n));

        if (leadsTo is { } next)
        {
            Assert.Equal(next, outcome.ThenState().Status);
        }
        else if (move is "team-formed" or "mission-completed")
        {
            outcome.ThenNothing();
        }
        else
        {
            var conflict = outcome.ThenThrows<StateConflict>();
            Assert.Equal(409, conflict.Status);
        }
    }

    [Fact]
    public void Qualifying_changes_the_demand_keeps_the_note_and_names_where_it_came_from()
    {
        var request = new QualifyNeedRequest([new SkillSlotsRequest("sales", 3)], new TeamSizeRequest(3, 5), "Only sales really matter.\nThey agreed.");

        Spec.Given(HistoryUpTo(NeedStatus.Submitted))
            .When(n => QualifyNeedSlice.Decide(n, request, Staff, Now))
            .Then(new NeedQualified(NeedId, MarathonId, NeedStatus.Submitted, Submitted,
                new NeedDemand([new SkillSlots("sales", 3)], new TeamSize(3, 5)), "Only sales really matter.\nThey agreed.", Staff, Now));
    }

    [Fact]
    public void Qualifying_a_qualified_need_again_is_a_409_naming_its_status()
    {
        var conflict = Spec.Given(HistoryUpTo(NeedStatus.Qualified))
            .When(n => QualifyNeedSlice.Decide(n, new QualifyNeedRequest(null, null, "Second call."), Staff, Now))
            .ThenThrows<StateConflict>();

        Assert.Contains("qualified", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qualifying_to_more_slots_than_the_team_can_hold_is_a_400_naming_the_field()
    {
        // the submitted need takes at most 6 people; 7 sales slots cannot be covered
        var refused = Spec.Given(HistoryUpTo(NeedStatus.Submitted))
            .When(n => QualifyNeedSlice.Decide(n, new QualifyNeedRequest([new SkillSlotsRequest("sales", 7)], null, null), Staff, Now))
            .ThenThrows<ValidationFailed>();
        Assert.Equal(["requiredSkills"], refused.Errors.Keys);

        // shrinking the team under the slots already required (3) names the team size
        var shrunk = Spec.Given(HistoryUpTo(NeedStatus.Submitted))
            .When(n => QualifyNeedSlice.Decide(n, new QualifyNeedRequest(null, new TeamSizeRequest(2, 2), null), Staff, Now))
            .ThenThrows<ValidationFailed>();
        Assert.Equal(["teamSize.max"], shrunk.Errors.Keys);
    }

    [Fact]
    public void Publishing_carries_what_Teams_needs_to_form_the_team()
    {
        Spec.Given(HistoryUpTo(NeedStatus.Qualified))
            .When(n => PublishNeedSlice.Decide(n, Staff, Now))
            .Then(PublishedEvent(Now));
    }

    [Fact]
    public void Withdrawing_a_published_need_names_the_status_it_left()
    {
        Spec.Given(HistoryUpTo(NeedStatus.Published))
            .When(n => WithdrawNeedSlice.Decide(n, "  We found a volunteer elsewhere. ", Owner, Now))
            .Then(new NeedWithdrawn(NeedId, MarathonId, AssociationId, NeedStatus.Published, AsQualified, "We found a volunteer elsewhere.", Owner, Now));
    }

    [Fact]
    public void A_mission_completed_before_the_formation_was_heard_of_staffs_and_delivers_at_once()
    {
        var outcome = Spec.Given(HistoryUpTo(NeedStatus.Published)).When(n => FollowTeamsSlice.Deliver(n, Mission));

        outcome.Then(
            new NeedStaffed(NeedId, MarathonId, AsQualified, TeamId, ByTeams, Now),
            new NeedDelivered(NeedId, MarathonId, AsQualified, TeamId, "Brochure", "https://example.org/b.pdf", ByTeams, Now, MissionVersion: 5));
        var delivered = outcome.ThenState();
        Assert.Equal(new DeliveredWork(TeamId, "Brochure", "https://example.org/b.pdf", Now), delivered.Delivered);
        Assert.Equal(["submitted", "qualified", "published", "staffed", "delivered"], delivered.History.Select(h => h.Action));
    }

    [Fact]
    public void The_history_says_who_did_what_and_when()
    {
        var history = Spec.Given(HistoryUpTo(NeedStatus.Staffed)).State!.History;

        Assert.Equal(
            [("submitted", Owner), ("qualified", Staff), ("published", Staff), ("staffed", ByTeams)],
            history.Select(h => (h.Action, h.By)));
        Assert.Equal(history.Select(h => h.At).Order(), history.Select(h => h.At));
    }
}
