using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Needs.Staffing;

/// <summary>
/// A need follows its team: formed (or changed) → staffed, mission completed → delivered. Pure. Teams' events may arrive
/// in any order and more than once (the inbox drops exact repeats): a move already made changes nothing, a mission
/// completed before the formation was heard of staffs and delivers at once, and a need that is not published (withdrawn
/// meanwhile, or unknown here) is left as it is. A team that replaces its deliverable completes its mission again under a
/// newer team version: a delivered need takes it, and an older version (arriving late) changes nothing.
/// </summary>
internal static class FollowTeamsSlice
{
    public static IReadOnlyList<object> Staff(Need need, Guid teamId, DateTimeOffset at) =>
        need.Status == NeedStatus.Published
            ? [new NeedStaffed(need.Id, need.MarathonId, need.Demand, teamId, ByTeams(teamId), at)]
            : [];

    public static IReadOnlyList<object> Deliver(Need need, MissionCompleted mission) => need.Status switch
    {
        NeedStatus.Published =>
        [
            new NeedStaffed(need.Id, need.MarathonId, need.Demand, mission.TeamId, ByTeams(mission.TeamId), mission.CompletedAt),
            Delivered(need, mission),
        ],
        NeedStatus.Staffed => [Delivered(need, mission)],
        NeedStatus.Delivered when mission.TeamId == need.TeamId && mission.Version > need.DeliveredMissionVersion =>
        [
            new NeedDeliverableReplaced(need.Id, need.MarathonId, mission.TeamId, mission.DeliverableTitle, mission.DeliverableUrl,
                mission.DeliverableDescription, mission.Correction, mission.Version, ByTeams(mission.TeamId), mission.CompletedAt),
        ],
        _ => [],
    };

    private static NeedDelivered Delivered(Need need, MissionCompleted mission) =>
        new(need.Id, need.MarathonId, need.Demand, mission.TeamId, mission.DeliverableTitle, mission.DeliverableUrl, ByTeams(mission.TeamId), mission.CompletedAt,
            mission.DeliverableDescription, mission.Correction, mission.Version);

    private static Actor ByTeams(Guid teamId) => new(Actor.TeamsRole, teamId.ToString());

    /// <summary>Stage the need's move in the consumer's session (saved with the inbox row); log when nothing follows.</summary>
    public static async Task Follow(IDocumentSession session, Guid needId, Func<Need, IReadOnlyList<object>> decide, ILogger logger, string what, CancellationToken ct)
    {
        var need = await session.OpenForWriting<Need>(needId, ct);
        if (need.State is not { } state)
        {
            logger.LogWarning("{What} names need {NeedId}, which Needs does not hold; nothing to change", what, needId);
            return;
        }
        var events = decide(state);
        if (events.Count == 0)
        {
            logger.LogInformation("{What} leaves need {NeedId} as it is ({Status})", what, needId, state.Status);
        }
        need.Append(events);
    }
}

internal sealed class TeamFormedConsumer(IDocumentSession session, ILogger<TeamFormedConsumer> logger)
    : IdempotentConsumer<TeamFormed>(session, logger)
{
    protected override Task Apply(TeamFormed message, IDocumentSession session, CancellationToken cancellationToken) =>
        FollowTeamsSlice.Follow(session, message.NeedId, n => FollowTeamsSlice.Staff(n, message.TeamId, message.FormedAt), Logger, nameof(TeamFormed), cancellationToken);
}

internal sealed class TeamChangedConsumer(IDocumentSession session, ILogger<TeamChangedConsumer> logger)
    : IdempotentConsumer<TeamChanged>(session, logger)
{
    protected override Task Apply(TeamChanged message, IDocumentSession session, CancellationToken cancellationToken) =>
        FollowTeamsSlice.Follow(session, message.NeedId, n => FollowTeamsSlice.Staff(n, message.TeamId, message.ChangedAt), Logger, nameof(TeamChanged), cancellationToken);
}

internal sealed class MissionCompletedConsumer(IDocumentSession session, ILogger<MissionCompletedConsumer> logger)
    : IdempotentConsumer<MissionCompleted>(session, logger)
{
    protected override Task Apply(MissionCompleted message, IDocumentSession session, CancellationToken cancellationToken) =>
        FollowTeamsSlice.Follow(session, message.NeedId, n => FollowTeamsSlice.Deliver(n, message), Logger, nameof(MissionCompleted), cancellationToken);
}
