using ProBono.StaffConsole.Board;

namespace ProBono.UnitTests.StaffConsole;

/// <summary>The day board's server-sent events, applied to the board the wall shows.</summary>
public sealed class BoardFeedTests
{
    private static readonly Guid TeamId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Ana = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid Bob = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly Guid Cy = Guid.Parse("44444444-4444-4444-4444-444444444444");
    private static readonly DateTimeOffset Now = new(2030, 11, 16, 9, 30, 0, TimeSpan.Zero);

    private static readonly DayBoard Given = new(
        [new BoardTeam(TeamId, Guid.NewGuid(), "Site vitrine", Ana, [new BoardMember(Ana, "Ana", "edf", false), new BoardMember(Bob, "Bob", "ey", false)], 0, [], "formed", null)],
        [new BoardMember(Cy, "Cy", "edf", false)],
        Now.AddMinutes(-5));

    [Fact]
    public void The_first_event_is_the_whole_board()
    {
        var data = $$"""{"teams":[],"reserve":[{"volunteerId":"{{Cy}}","firstName":"Cy","partnerId":"edf","checkedIn":true}],"updatedAt":"2030-11-16T09:00:00Z"}""";

        var (board, news) = BoardFeed.Apply(Given, "board", data, Now);

        Assert.Empty(board.Teams);
        Assert.True(Assert.Single(board.Reserve).CheckedIn);
        Assert.Null(news);
    }

    [Fact]
    public void A_check_in_marks_the_member_and_counts_the_team()
    {
        var (board, news) = BoardFeed.Apply(Given, "check-in", $$"""{"teamId":"{{TeamId}}","volunteerId":"{{Bob}}","firstName":"Bob","checkedIn":1}""", Now);

        var team = Assert.Single(board.Teams);
        Assert.Equal([false, true], team.Members.Select(m => m.CheckedIn));
        Assert.Equal(1, team.CheckedIn);
        Assert.Equal((1, 3), (board.CheckedIn, board.Members));
        Assert.Equal(Now, board.UpdatedAt);
        Assert.Equal(new BoardNews("check-in", "Bob", "Site vitrine", null), news);
    }

    [Fact]
    public void Milestones_add_up_and_a_deliverable_sets_the_status()
    {
        var (withMilestone, _) = BoardFeed.Apply(Given, "milestone", $$"""{"teamId":"{{TeamId}}","name":"Maquette","at":"2030-11-16T11:00:00Z"}""", Now);
        var (delivered, news) = BoardFeed.Apply(withMilestone, "deliverable",
            $$"""{"teamId":"{{TeamId}}","title":"Le site","url":"https://example.org","at":"2030-11-16T16:00:00Z","status":"delivered","correction":false}""", Now);

        var team = Assert.Single(delivered.Teams);
        Assert.Equal("Maquette", Assert.Single(team.Milestones).Name);
        Assert.Equal(("delivered", "Le site"), (team.Status, team.Deliverable?.Title));
        Assert.Equal(1, delivered.Delivered);
        Assert.Equal(new BoardNews("deliverable", null, "Site vitrine", "Le site"), news);
    }

    [Fact]
    public void A_team_event_adds_or_replaces_the_team_and_a_reserve_event_replaces_the_reserve()
    {
        var other = Guid.NewGuid();
        var (added, _) = BoardFeed.Apply(Given, "team",
            $$"""{"teamId":"{{other}}","needId":"{{Guid.NewGuid()}}","title":"Plan","leadVolunteerId":null,"members":[],"checkedIn":0,"milestones":[],"status":"formed"}""", Now);
        var (replaced, _) = BoardFeed.Apply(added, "team",
            $$"""{"teamId":"{{TeamId}}","needId":"{{Guid.NewGuid()}}","title":"Site vitrine","leadVolunteerId":"{{Bob}}","members":[{"volunteerId":"{{Bob}}","firstName":"Bob","partnerId":"ey","checkedIn":true}],"checkedIn":1,"milestones":[],"status":"formed"}""", Now);
        var (reserve, _) = BoardFeed.Apply(replaced, "reserve", $$"""{"reserve":[{"volunteerId":"{{Ana}}","firstName":"Ana","partnerId":"edf","checkedIn":false}]}""", Now);

        Assert.Equal([TeamId, other], reserve.Teams.Select(t => t.TeamId));
        Assert.Equal(Bob, reserve.Teams[0].LeadVolunteerId);
        Assert.Equal(Ana, Assert.Single(reserve.Reserve).VolunteerId);
    }

    [Fact]
    public void Completed_ends_the_day_and_a_later_board_keeps_it_ended_while_an_unknown_event_changes_nothing()
    {
        var (completed, news) = BoardFeed.Apply(Given, "completed", $$"""{"marathonId":"{{Guid.NewGuid()}}","completedAt":"2030-11-16T18:00:00Z"}""", Now);
        var (again, _) = BoardFeed.Apply(completed, "board", """{"teams":[],"reserve":[],"updatedAt":"2030-11-16T18:00:01Z"}""", Now);
        var (same, none) = BoardFeed.Apply(Given, "confetti", "{}", Now);

        Assert.True(completed.Completed);
        Assert.Equal("completed", news?.Kind);
        Assert.True(again.Completed);
        Assert.Same(Given, same);
        Assert.Null(none);
    }
}
