using ProBono.Needs;
using ProBono.Needs.Board;
using static ProBono.UnitTests.Needs.NeedExamples;

namespace ProBono.UnitTests.Needs;

/// <summary>The marathon's needs board, folded from the needs' events alone.</summary>
public class NeedsBoardTests
{
    private static NeedsBoard Fold(IEnumerable<object> events) => events.Aggregate(NeedsBoard.Empty(MarathonId), NeedsBoard.Evolution);

    [Fact]
    public void A_need_is_counted_once_in_its_current_status_and_its_slots_follow_it()
    {
        var board = Fold(HistoryUpTo(NeedStatus.Staffed));

        Assert.Equal(1, board.Total);
        Assert.Equal(StatusCounts.None with { Staffed = 1 }, board.ByStatus);
        // the qualified demand counts as published; nothing is pending any more
        Assert.Equal(new SkillDemand(1, 0), board.Skills["marketing"]);
        Assert.Equal(new SkillDemand(2, 0), board.Skills["sales"]);
        Assert.Equal(new Seats(5, 7), board.PublishedSeats);
        Assert.Equal(new Seats(0, 0), board.PendingSeats);
    }

    [Fact]
    public void Qualification_replaces_the_submitted_demand_in_the_pending_figures()
    {
        var board = Fold(HistoryUpTo(NeedStatus.Qualified));

        Assert.Equal(new SkillDemand(0, 1), board.Skills["marketing"]); // was 2 when submitted
        Assert.Equal(new SkillDemand(0, 2), board.Skills["sales"]);
        Assert.Equal(new Seats(5, 7), board.PendingSeats);
    }

    [Theory]
    [InlineData(NeedStatus.Rejected)]
    [InlineData(NeedStatus.Withdrawn)]
    public void A_rejected_or_withdrawn_need_asks_nothing_of_recruitment(NeedStatus status)
    {
        var board = Fold(HistoryUpTo(status));

        Assert.Equal(1, board.Total);
        Assert.All(board.Skills.Values, s => Assert.Equal(new SkillDemand(0, 0), s));
        Assert.Equal((new Seats(0, 0), new Seats(0, 0)), (board.PublishedSeats, board.PendingSeats));
    }

    [Fact]
    public void Many_needs_add_up()
    {
        var other = Guid.NewGuid();
        var board = Fold([
            .. HistoryUpTo(NeedStatus.Published),
            SubmittedEvent with { NeedId = other },
        ]);

        Assert.Equal(2, board.Total);
        Assert.Equal(StatusCounts.None with { Published = 1, Submitted = 1 }, board.ByStatus);
        Assert.Equal(new SkillDemand(1, 2), board.Skills["marketing"]);
        Assert.Equal(new Seats(4, 6), board.PendingSeats);
    }
}
