using ProBono.Contracts;

namespace ProBono.Webhooks.Routing;

/// <summary>What one partner is told of an event: its type, when it happened, and its data (ids only, never a name or an address).</summary>
internal sealed record Notice(string PartnerId, string Type, DateTimeOffset At, object Data);

/// <summary>A volunteer's event, as its partner hears it.</summary>
internal sealed record VolunteerData(Guid MarathonId, Guid VolunteerId);

/// <summary>A withdrawal, and whether the volunteer held a place.</summary>
internal sealed record WithdrawalData(Guid MarathonId, Guid VolunteerId, bool WasConfirmed);

/// <summary>A formed team as one partner hears it: its own members only, and the lead when the lead is one of them.</summary>
internal sealed record TeamData(Guid MarathonId, Guid TeamId, Guid NeedId, IReadOnlyList<Guid> VolunteerIds, Guid? LeadVolunteerId);

/// <summary>A marathon's event.</summary>
internal sealed record MarathonData(Guid MarathonId);

/// <summary>
/// Which partner hears what of each integration event (API.md): a partner only what concerns its own employees, or a
/// marathon it takes part in. Pure.
/// </summary>
internal static class Notices
{
    public static IReadOnlyList<Notice> Of(VolunteerConfirmed e) =>
        [new(e.PartnerId, e.Promoted ? EventTypes.VolunteerPromoted : EventTypes.VolunteerConfirmed, e.ConfirmedAt, new VolunteerData(e.MarathonId, e.VolunteerId))];

    public static IReadOnlyList<Notice> Of(VolunteerWaitlisted e) =>
        [new(e.PartnerId, EventTypes.VolunteerWaitlisted, e.WaitlistedAt, new VolunteerData(e.MarathonId, e.VolunteerId))];

    public static IReadOnlyList<Notice> Of(VolunteerWithdrawn e) =>
        [new(e.PartnerId, EventTypes.VolunteerWithdrawn, e.WithdrawnAt, new WithdrawalData(e.MarathonId, e.VolunteerId, e.WasConfirmed))];

    public static IReadOnlyList<Notice> Of(VolunteerCheckedIn e) =>
        [new(e.PartnerId, EventTypes.VolunteerCheckedIn, e.CheckedInAt, new VolunteerData(e.MarathonId, e.VolunteerId))];

    /// <summary>Each partner with members in the team hears of it, with its own members' ids.</summary>
    public static IReadOnlyList<Notice> Of(TeamFormed e) =>
    [
        .. e.Members.GroupBy(m => m.PartnerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(own =>
        {
            var ids = own.Select(m => m.VolunteerId).ToList();
            var lead = e.LeadVolunteerId is { } l && ids.Contains(l) ? l : (Guid?)null;
            return new Notice(own.Key, EventTypes.TeamFormed, e.FormedAt, new TeamData(e.MarathonId, e.TeamId, e.NeedId, ids, lead));
        }),
    ];

    /// <summary>A completed marathon, to each of its partners; the other status changes are not webhook events.</summary>
    public static IReadOnlyList<Notice> Of(MarathonStatusChanged e, IReadOnlyCollection<string> partners) =>
        e.Status == MarathonStatuses.Completed
            ? [.. partners.Order(StringComparer.Ordinal).Select(p => new Notice(p, EventTypes.MarathonCompleted, e.ChangedAt, new MarathonData(e.MarathonId)))]
            : [];

    /// <summary>The impact report is ready, for each of the marathon's partners.</summary>
    public static IReadOnlyList<Notice> Of(ImpactReady e, IReadOnlyCollection<string> partners) =>
        [.. partners.Order(StringComparer.Ordinal).Select(p => new Notice(p, EventTypes.ImpactReady, e.ReadyAt, new MarathonData(e.MarathonId)))];
}
