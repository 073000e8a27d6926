using Marten;
using ProBono.Teams.Copies;

namespace ProBono.Teams.DayBoard;

internal sealed record BoardMember(Guid VolunteerId, string FirstName, string PartnerId, bool CheckedIn);

internal sealed record BoardMilestone(string Name, DateTimeOffset At);

internal sealed record BoardDeliverable(string Title, string Url, DateTimeOffset At);

/// <summary>One team as the day board shows it: its members and who of them checked in, its milestones, its status.</summary>
internal sealed record BoardTeam(
    Guid TeamId,
    Guid NeedId,
    string Title,
    Guid? LeadVolunteerId,
    IReadOnlyList<BoardMember> Members,
    int CheckedIn,
    IReadOnlyList<BoardMilestone> Milestones,
    TeamStatus Status,
    BoardDeliverable? Deliverable)
{
    /// <summary>Pure: the team as the board shows it, given the marathon's checked-in volunteers.</summary>
    public static BoardTeam Of(Team team, IReadOnlySet<Guid> checkedIn)
    {
        var members = team.Members.Select(m => new BoardMember(m.VolunteerId, m.FirstName, m.PartnerId, checkedIn.Contains(m.VolunteerId))).ToList();
        return new BoardTeam(
            team.Id, team.Need.NeedId, team.Need.Title, team.LeadVolunteerId, members, members.Count(m => m.CheckedIn),
            [.. team.Milestones.Select(m => new BoardMilestone(m.Name, m.At))], team.Status,
            team.Delivered is { } d ? new BoardDeliverable(d.Title, d.Url, d.At) : null);
    }
}

/// <summary>
/// <c>GET /admin/teams/marathons/{mid}/board</c>: every team of the marathon. <see cref="UpdatedAt"/> is the moment the
/// board was read: it is true as of then (a check-in carries no time in Teams' copy, so no later "last change" is known).
/// </summary>
internal sealed record DayBoardView(IReadOnlyList<BoardTeam> Teams, DateTimeOffset UpdatedAt);

/// <summary>The two indexed queries the board is made of: the marathon's teams, and its checked-in volunteers.</summary>
internal static class DayBoardQueries
{
    public static async Task<(IReadOnlyList<Team> Teams, HashSet<Guid> CheckedIn)> Read(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var teams = batch.Query<Team>().Where(t => t.MarathonId == marathonId).OrderBy(t => t.FormedAt).ThenBy(t => t.Id).ToList();
        var checkedIn = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId && v.CheckedIn).Select(v => v.Id).ToList();
        await batch.Execute(ct);
        return (await teams, [.. await checkedIn]);
    }

    public static DayBoardView Board(IReadOnlyList<Team> teams, IReadOnlySet<Guid> checkedIn, DateTimeOffset now) =>
        new([.. teams.Select(t => BoardTeam.Of(t, checkedIn))], now);
}
