using System.Security.Cryptography;
using System.Text;

namespace ProBono.Teams.DayBoard;

/// <summary>One server-sent event of the board's stream: its <c>event:</c> type, its <c>id:</c> and its JSON data.</summary>
internal sealed record BoardEvent(string Type, string Id, object Data);

internal sealed record CheckInChange(Guid TeamId, Guid VolunteerId, string FirstName, int CheckedIn);

internal sealed record MilestoneChange(Guid TeamId, string Name, DateTimeOffset At);

internal sealed record DeliverableChange(Guid TeamId, string Title, string? Url, DateTimeOffset At, TeamStatus Status, string? Description, bool Correction);

/// <summary>The reserve as it now is (a confirmation, a withdrawal, a check-in, a roster change moved it).</summary>
internal sealed record ReserveChange(IReadOnlyList<BoardMember> Reserve);

/// <summary>The marathon completed: the stream's last event.</summary>
internal sealed record CompletedChange(Guid MarathonId, DateTimeOffset? CompletedAt);

/// <summary>
/// What changed on one team of the board since the client was last told, as the events the stream sends. The ids are
/// derived from the change itself (not from a counter), so every replica names the same change the same way.
/// </summary>
internal static class BoardChanges
{
    public const string Board = "board";
    public const string CheckIn = "check-in";
    public const string Milestone = "milestone";
    public const string Deliverable = "deliverable";
    public const string Reserve = "reserve";
    public const string Completed = "completed";

    /// <summary>A team that appeared, or whose roster or lead changed: the whole team again (the other changes do not say it).</summary>
    public const string Team = "team";

    /// <summary>Pure. <paramref name="before"/> is null for a team the client has not seen yet.</summary>
    public static IReadOnlyList<BoardEvent> Between(BoardTeam? before, BoardTeam after)
    {
        if (before is null
            || before.LeadVolunteerId != after.LeadVolunteerId
            || !before.Members.Select(m => m.VolunteerId).SequenceEqual(after.Members.Select(m => m.VolunteerId)))
        {
            return [new BoardEvent(Team, $"team:{after.TeamId:N}:{Fingerprint(after)}", after)];
        }
        var changes = new List<BoardEvent>();
        foreach (var member in after.Members.Where(m => m.CheckedIn && !before.Members.Single(b => b.VolunteerId == m.VolunteerId).CheckedIn))
        {
            changes.Add(new BoardEvent(CheckIn, $"check-in:{member.VolunteerId:N}", new CheckInChange(after.TeamId, member.VolunteerId, member.FirstName, after.CheckedIn)));
        }
        for (var i = before.Milestones.Count; i < after.Milestones.Count; i++)
        {
            var milestone = after.Milestones[i];
            changes.Add(new BoardEvent(Milestone, $"milestone:{after.TeamId:N}:{i}", new MilestoneChange(after.TeamId, milestone.Name, milestone.At)));
        }
        if (after.Deliverable is { } delivered && before.Deliverable != delivered)
        {
            // the first deliverable keeps the id it always had; a replacement is named by how many it replaced
            var id = delivered.Revision == 0 ? $"deliverable:{after.TeamId:N}" : $"deliverable:{after.TeamId:N}:{delivered.Revision}";
            changes.Add(new BoardEvent(Deliverable, id,
                new DeliverableChange(after.TeamId, delivered.Title, delivered.Url, delivered.At, after.Status, delivered.Description, delivered.Correction)));
        }
        return changes;
    }

    /// <summary>Pure. The reserve again when it differs from what the client was told (who is in it, or who checked in).</summary>
    public static IReadOnlyList<BoardEvent> Between(IReadOnlyList<BoardMember> before, IReadOnlyList<BoardMember> after) =>
        before.SequenceEqual(after)
            ? []
            : [new BoardEvent(Reserve, $"reserve:{Fingerprint(after.Select(m => $"{m.VolunteerId:N}{(m.CheckedIn ? '+' : '-')}"))}", new ReserveChange(after))];

    /// <summary>The roster and lead, compactly: two roster changes of one team get two ids.</summary>
    private static string Fingerprint(BoardTeam team) =>
        Fingerprint(team.Members.Select(m => m.VolunteerId.ToString("N")).Prepend(team.LeadVolunteerId?.ToString("N") ?? "-"));

    // a cryptographic hash only because it is the same in every process (HashCode is seeded per process)
    private static string Fingerprint(IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', parts))))[..12];
}
