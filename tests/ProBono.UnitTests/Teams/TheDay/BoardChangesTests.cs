using ProBono.Teams;
using ProBono.Teams.DayBoard;

namespace ProBono.UnitTests.Teams.TheDay;

public sealed class BoardChangesTests
{
    private static readonly Guid TeamId = Guid.NewGuid();
    private static readonly Guid Ana = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2016, 11, 19, 10, 0, 0, TimeSpan.Zero);

    private static BoardTeam Board(bool anaIn = false, bool benIn = false, int milestones = 0, bool delivered = false, Guid? lead = null, BoardDeliverable? deliverable = null)
    {
        BoardMember[] members = [new(Ana, "Ana", "edf", anaIn), new(Ben, "Ben", "bnp", benIn)];
        return new BoardTeam(TeamId, Guid.NewGuid(), "A sales brochure", lead ?? Ana, members, members.Count(m => m.CheckedIn),
            [.. Enumerable.Range(0, milestones).Select(i => new BoardMilestone($"M{i}", Now.AddMinutes(i)))],
            delivered ? TeamStatus.Delivered : TeamStatus.Formed,
            deliverable ?? (delivered ? new BoardDeliverable("Brochure", "https://example.org/b.pdf", Now, null, false, 0) : null));
    }

    [Fact]
    public void Nothing_changed_sends_nothing() => Assert.Empty(BoardChanges.Between(Board(anaIn: true, milestones: 1), Board(anaIn: true, milestones: 1)));

    [Fact]
    public void A_check_in_is_one_event_naming_the_volunteer_and_the_new_count()
    {
        var change = Assert.Single(BoardChanges.Between(Board(anaIn: true), Board(anaIn: true, benIn: true)));
        Assert.Equal((BoardChanges.CheckIn, $"check-in:{Ben:N}"), (change.Type, change.Id));
        Assert.Equal(new CheckInChange(TeamId, Ben, "Ben", 2), change.Data);
    }

    [Fact]
    public void Each_new_milestone_is_an_event_with_an_id_of_its_own()
    {
        var changes = BoardChanges.Between(Board(milestones: 1), Board(milestones: 3));
        Assert.Equal([BoardChanges.Milestone, BoardChanges.Milestone], changes.Select(c => c.Type));
        Assert.Equal([$"milestone:{TeamId:N}:1", $"milestone:{TeamId:N}:2"], changes.Select(c => c.Id));
        Assert.Equal(new MilestoneChange(TeamId, "M2", Now.AddMinutes(2)), changes[1].Data);
    }

    [Fact]
    public void The_deliverable_is_an_event()
    {
        var change = Assert.Single(BoardChanges.Between(Board(milestones: 1), Board(milestones: 1, delivered: true)));
        Assert.Equal(BoardChanges.Deliverable, change.Type);
        Assert.Equal($"deliverable:{TeamId:N}", change.Id);
        Assert.Equal(new DeliverableChange(TeamId, "Brochure", "https://example.org/b.pdf", Now, TeamStatus.Delivered, null, false), change.Data);
    }

    [Fact]
    public void A_replaced_deliverable_is_an_event_named_by_how_many_it_replaced()
    {
        var replaced = new BoardDeliverable("Flyers", null, Now.AddHours(1), "500 flyers on paper", false, 1);
        var change = Assert.Single(BoardChanges.Between(Board(delivered: true), Board(deliverable: replaced)));
        Assert.Equal((BoardChanges.Deliverable, $"deliverable:{TeamId:N}:1"), (change.Type, change.Id));
        Assert.Equal(new DeliverableChange(TeamId, "Flyers", null, Now.AddHours(1), TeamStatus.Formed, "500 flyers on paper", false), change.Data);
        Assert.Empty(BoardChanges.Between(Board(deliverable: replaced), Board(deliverable: replaced)));
    }

    [Fact]
    public void The_reserve_is_sent_again_when_someone_joins_leaves_or_checks_in_under_an_id_naming_it()
    {
        BoardMember dan = new(Guid.NewGuid(), "Dan", "bnp", false);
        BoardMember eve = new(Guid.NewGuid(), "Eve", "edf", false);
        Assert.Empty(BoardChanges.Between([dan], [dan]));
        var joined = Assert.Single(BoardChanges.Between([dan], [dan, eve]));
        Assert.Equal(BoardChanges.Reserve, joined.Type);
        Assert.Equal([dan, eve], Assert.IsType<ReserveChange>(joined.Data).Reserve);
        var checkedIn = Assert.Single(BoardChanges.Between([dan, eve], [dan with { CheckedIn = true }, eve]));
        var left = Assert.Single(BoardChanges.Between([dan, eve], [dan]));
        Assert.Equal(3, new[] { joined.Id, checkedIn.Id, left.Id }.Distinct().Count());
        Assert.Equal(joined.Id, BoardChanges.Between([], [dan, eve]).Single().Id); // the same reserve, the same id
    }

    [Fact]
    public void A_new_team_or_a_new_lead_sends_the_whole_team_under_an_id_that_names_the_roster()
    {
        var appeared = Assert.Single(BoardChanges.Between(null, Board()));
        var newLead = Assert.Single(BoardChanges.Between(Board(), Board(lead: Ben)));
        Assert.Equal((BoardChanges.Team, BoardChanges.Team), (appeared.Type, newLead.Type));
        Assert.NotEqual(appeared.Id, newLead.Id);
        Assert.Equal(appeared.Id, BoardChanges.Between(null, Board()).Single().Id); // the same roster, the same id, in any process
    }
}
