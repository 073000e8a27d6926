using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// Feedback's copy of a team, kept from Teams' events: its need (hence its association), its members as of the latest
/// upstream version (TeamFormed, TeamChanged and MissionCompleted each carry the whole roster), and whether it delivered,
/// and what: a team that replaces its deliverable completes its mission again under a newer version, so the title is the
/// latest version's, whatever order the messages arrive in.
/// Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class TeamForImpact : IEntityCopyOf<TeamFormed>, IEntityCopyOf<TeamChanged>, IEntityCopyOf<MissionCompleted>
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public Guid NeedId { get; set; }
    public Latest<List<TeamMember>> Members { get; set; } = new() { Value = [] };
    public bool Delivered { get; set; }
    /// <summary>The deliverable's title, of the latest version (named anew: earlier copies held a plain string under another name).</summary>
    public Latest<string> Deliverable { get; set; } = new();
    /// <summary>What copies kept before <see cref="Deliverable"/> held: read, never written, so their report still names the work.</summary>
    public string? DeliverableTitle { get; set; }

    /// <summary>The deliverable's title, of this copy or of an earlier one; null until the team delivered.</summary>
    public string? DeliverableName() => Deliverable.Value ?? DeliverableTitle;

    public static Guid CopyId(TeamFormed message) => message.TeamId;

    public static Guid CopyId(TeamChanged message) => message.TeamId;

    public static Guid CopyId(MissionCompleted message) => message.TeamId;

    public void Apply(TeamFormed message) => Take(message.MarathonId, message.NeedId, message.Members, message.Version);

    public void Apply(TeamChanged message) => Take(message.MarathonId, message.NeedId, message.Members, message.Version);

    public void Apply(MissionCompleted message)
    {
        Take(message.MarathonId, message.NeedId, message.Members, message.Version);
        Delivered = true; // a delivery is never undone
        Deliverable.Offer(message.DeliverableTitle, message.Version);
    }

    private void Take(Guid marathonId, Guid needId, IReadOnlyList<TeamMember> members, long version)
    {
        MarathonId = marathonId;
        NeedId = needId;
        Members.Offer([.. members], version);
    }
}

/// <summary>A team formed: the copy, then (should it arrive after the surveys opened) its association's late invitation.</summary>
internal sealed class TeamFormedConsumer(IDocumentSession session, TimeProvider clock, ILogger<TeamFormedConsumer> logger)
    : CampaignTopUpConsumer<TeamFormed, TeamForImpact>(session, clock, logger, m => m.MarathonId);

internal sealed class TeamChangedConsumer(IDocumentSession session, ILogger<TeamChangedConsumer> logger)
    : EntityCopyConsumer<TeamChanged, TeamForImpact>(session, logger);

internal sealed class MissionCompletedConsumer(IDocumentSession session, ILogger<MissionCompletedConsumer> logger)
    : EntityCopyConsumer<MissionCompleted, TeamForImpact>(session, logger);
