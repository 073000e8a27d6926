using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Recruitment.Copies;

/// <summary>
/// Recruitment's copy of a team, kept from Teams' events: enough for the completion check to name the teams that have
/// not delivered. A delivery is never undone, so the copy needs no ordering. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class TeamForCompletion : IEntityCopyOf<TeamFormed>, IEntityCopyOf<MissionCompleted>
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public Guid NeedId { get; set; }
    public string? Title { get; set; }
    public bool Delivered { get; set; }

    public static Guid CopyId(TeamFormed message) => message.TeamId;

    public static Guid CopyId(MissionCompleted message) => message.TeamId;

    public void Apply(TeamFormed message)
    {
        MarathonId = message.MarathonId;
        NeedId = message.NeedId;
        Title = message.Title ?? Title;
    }

    public void Apply(MissionCompleted message)
    {
        MarathonId = message.MarathonId;
        NeedId = message.NeedId;
        Delivered = true;
    }
}

internal sealed class TeamFormedConsumer(IDocumentSession session, ILogger<TeamFormedConsumer> logger)
    : EntityCopyConsumer<TeamFormed, TeamForCompletion>(session, logger);

internal sealed class MissionCompletedConsumer(IDocumentSession session, ILogger<MissionCompletedConsumer> logger)
    : EntityCopyConsumer<MissionCompleted, TeamForCompletion>(session, logger);
