using ProBono.Teams.Copies;

namespace ProBono.Teams.DayBoard;

/// <summary>A volunteer as the board shows them: on a team, or (on none) in the reserve.</summary>
internal sealed record BoardMember(Guid VolunteerId, string FirstName, string PartnerId, bool CheckedIn);

internal sealed record BoardMilestone(string Name, DateTimeOffset At);

/// <summary>The team's current deliverable; <see cref="Revision"/> counts the ones it replaced (0 for the first).</summary>
internal sealed record BoardDeliverable(string Title, string? Url, DateTimeOffset At, string? Description, bool Correction, int Revision);

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
            team.Delivered is { } d ? new BoardDeliverable(d.Title, d.Url, d.At, d.Description, d.Correction, team.DeliverableHistory.Count) : null);
    }
}

/// <summary>
/// <c>GET /admin/teams/marathons/{mid}/board</c>: every team of the marathon, and its reserve (confirmed volunteers on no
/// team). <see cref="UpdatedAt"/> is the moment the board was read: it is true as of then (a check-in carries no time in
/// Teams' copy, so no later "last change" is known).
/// </summary>
internal sealed record DayBoardView(IReadOnlyList<BoardTeam> Teams, IReadOnlyList<BoardMember> Reserve, DateTimeOffset UpdatedAt);

/// <summary>What the board is read from: the marathon's teams, and its volunteers (two indexed queries by marathon).</summary>
internal sealed record BoardSources(MarathonForFormation Marathon, IReadOnlyList<Team> Teams, IReadOnlyList<VolunteerForFormation> Volunteers)
{
    public HashSet<Guid> CheckedIn => [.. Volunteers.Where(v => v.CheckedIn).Select(v => v.Id)];
}

internal static class DayBoardQueries
{
    /// <summary>The marathon, its teams and its volunteers, in one round trip; 404 for a marathon Teams has not heard of.</summary>
    public static async Task<BoardSources> Read(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var marathon = batch.Load<MarathonForFormation>(marathonId);
        var teams = batch.Query<Team>().Where(t => t.MarathonId == marathonId).OrderBy(t => t.FormedAt).ThenBy(t => t.Id).ToList();
        var volunteers = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId).ToList();
        await batch.Execute(ct);
        return new BoardSources(
            await marathon ?? throw new NotFound($"Teams has not heard of marathon {marathonId}."), await teams, await volunteers);
    }

    /// <summary>Pure: the board of <paramref name="sources"/>, as of <paramref name="now"/>.</summary>
    public static DayBoardView Board(BoardSources sources, DateTimeOffset now)
    {
        var checkedIn = sources.CheckedIn;
        var onATeam = sources.Teams.SelectMany(t => t.Members).Select(m => m.VolunteerId);
        return new([.. sources.Teams.Select(t => BoardTeam.Of(t, checkedIn))], Reserve(onATeam, sources.Volunteers), now);
    }

    /// <summary>Pure: the marathon's confirmed volunteers who are on no team, by first name (then id).</summary>
    public static IReadOnlyList<BoardMember> Reserve(IEnumerable<Guid> onATeam, IReadOnlyList<VolunteerForFormation> volunteers)
    {
        var seated = onATeam.ToHashSet();
        return
        [
            .. volunteers.Where(v => v.IsConfirmed && !seated.Contains(v.Id))
                .OrderBy(v => v.FirstName, StringComparer.Ordinal).ThenBy(v => v.Id)
                .Select(v => new BoardMember(v.Id, v.FirstName!, v.PartnerId, v.CheckedIn)),
        ];
    }
}
