using System.Text.Json;
using ProBono.StaffConsole.Gateway;

namespace ProBono.StaffConsole.Board;

// The day board as the Teams service sends it (API.md, "Teams — formation and the day itself" and "The day's edges").

public sealed record BoardMember(Guid VolunteerId, string FirstName, string PartnerId, bool CheckedIn);

public sealed record BoardMilestone(string Name, DateTimeOffset At);

public sealed record BoardDeliverable(string Title, string? Url, DateTimeOffset At, string? Description, bool Correction);

public sealed record BoardTeam(
    Guid TeamId, Guid NeedId, string Title, Guid? LeadVolunteerId, IReadOnlyList<BoardMember> Members, int CheckedIn,
    IReadOnlyList<BoardMilestone> Milestones, string Status, BoardDeliverable? Deliverable);

/// <summary>The board as the wall shows it; <see cref="Completed"/> once the stream said <c>completed</c>.</summary>
public sealed record DayBoard(IReadOnlyList<BoardTeam> Teams, IReadOnlyList<BoardMember> Reserve, DateTimeOffset UpdatedAt, bool Completed = false)
{
    public int Members => Teams.Sum(t => t.Members.Count) + Reserve.Count;

    public int CheckedIn => Teams.Sum(t => t.Members.Count(m => m.CheckedIn)) + Reserve.Count(m => m.CheckedIn);

    public int Delivered => Teams.Count(t => t.Deliverable is not null);
}

/// <summary>What one event changed, for the line that tells the room (a check-in, a milestone, a deliverable).</summary>
public sealed record BoardNews(string Kind, string? Who, string? Team, string? What);

/// <summary>
/// The board's server-sent events applied to the board the wall shows: <c>board</c> replaces it, <c>check-in</c>,
/// <c>milestone</c>, <c>deliverable</c> and <c>team</c> change one team, <c>reserve</c> replaces the reserve and
/// <c>completed</c> ends the day. An event the console does not know changes nothing (the API may add some).
/// </summary>
internal static class BoardFeed
{
    private sealed record CheckInChange(Guid TeamId, Guid VolunteerId, string? FirstName, int CheckedIn);

    private sealed record MilestoneChange(Guid TeamId, string Name, DateTimeOffset At);

    private sealed record DeliverableChange(Guid TeamId, string Title, string? Url, DateTimeOffset At, string Status, string? Description, bool Correction);

    private sealed record ReserveChange(IReadOnlyList<BoardMember> Reserve);

    /// <summary>Pure: the board after the event <paramref name="type"/> carrying <paramref name="data"/>, received at <paramref name="now"/>.</summary>
    public static (DayBoard Board, BoardNews? News) Apply(DayBoard board, string type, string data, DateTimeOffset now)
    {
        switch (type)
        {
            case "board":
                return (Read<DayBoard>(data) with { Completed = board.Completed }, null);
            case "check-in":
            {
                var change = Read<CheckInChange>(data);
                var team = board.Teams.FirstOrDefault(t => t.TeamId == change.TeamId);
                var changed = Change(board, change.TeamId, t =>
                {
                    var members = t.Members.Select(m => m.VolunteerId == change.VolunteerId ? m with { CheckedIn = true } : m).ToList();
                    return t with { Members = members, CheckedIn = members.Count(m => m.CheckedIn) };
                }, now);
                var who = change.FirstName ?? team?.Members.FirstOrDefault(m => m.VolunteerId == change.VolunteerId)?.FirstName;
                return (changed, new BoardNews("check-in", who, team?.Title, null));
            }
            case "milestone":
            {
                var change = Read<MilestoneChange>(data);
                var changed = Change(board, change.TeamId, t => t with { Milestones = [.. t.Milestones, new BoardMilestone(change.Name, change.At)] }, now);
                return (changed, new BoardNews("milestone", null, TitleOf(board, change.TeamId), change.Name));
            }
            case "deliverable":
            {
                var change = Read<DeliverableChange>(data);
                var changed = Change(board, change.TeamId, t => t with
                {
                    Status = change.Status,
                    Deliverable = new BoardDeliverable(change.Title, change.Url, change.At, change.Description, change.Correction),
                }, now);
                return (changed, new BoardNews("deliverable", null, TitleOf(board, change.TeamId), change.Title));
            }
            case "team":
            {
                var team = Read<BoardTeam>(data);
                var teams = board.Teams.Any(t => t.TeamId == team.TeamId)
                    ? board.Teams.Select(t => t.TeamId == team.TeamId ? team : t).ToList()
                    : [.. board.Teams, team];
                return (board with { Teams = teams, UpdatedAt = now }, null);
            }
            case "reserve":
                return (board with { Reserve = Read<ReserveChange>(data).Reserve, UpdatedAt = now }, null);
            case "completed":
                return (board with { Completed = true, UpdatedAt = now }, new BoardNews("completed", null, null, null));
            default:
                return (board, null);
        }
    }

    private static DayBoard Change(DayBoard board, Guid teamId, Func<BoardTeam, BoardTeam> change, DateTimeOffset now) =>
        board with { Teams = [.. board.Teams.Select(t => t.TeamId == teamId ? change(t) : t)], UpdatedAt = now };

    private static string? TitleOf(DayBoard board, Guid teamId) => board.Teams.FirstOrDefault(t => t.TeamId == teamId)?.Title;

    private static T Read<T>(string data) =>
        JsonSerializer.Deserialize<T>(data, GatewayClient.Json) ?? throw new JsonException($"An empty {typeof(T).Name}.");
}
