using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Teams.Copies;

/// <summary>
/// Teams' copy of a need Needs published, kept from <see cref="NeedPublished"/> and <see cref="NeedWithdrawn"/>: the
/// demand a team is formed for. Withdrawn keeps the upstream version it came from, so a publication that arrives after its
/// withdrawal (they travel on separate queues) does not bring the need back. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class NeedForFormation : IEntityCopyOf<NeedPublished>, IEntityCopyOf<NeedWithdrawn>
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public Guid AssociationId { get; set; }
    public string? AssociationName { get; set; }
    public string? Title { get; set; }
    public string? Deliverable { get; set; }
    public List<RequiredSkill> RequiredSkills { get; set; } = [];
    public int TeamSizeMin { get; set; }
    public int TeamSizeMax { get; set; }
    public string? Cause { get; set; }
    public long PublishedVersion { get; set; }
    public Latest<bool> Withdrawn { get; set; } = new();

    /// <summary>Published and not withdrawn: a team is to be formed for it.</summary>
    public bool IsOpen => PublishedVersion > 0 && Withdrawn.Value != true;

    public static Guid CopyId(NeedPublished message) => message.NeedId;

    public static Guid CopyId(NeedWithdrawn message) => message.NeedId;

    public void Apply(NeedPublished message)
    {
        MarathonId = message.MarathonId;
        AssociationId = message.AssociationId;
        AssociationName = message.AssociationName;
        Title = message.Title;
        Deliverable = message.Deliverable;
        RequiredSkills = [.. message.RequiredSkills];
        TeamSizeMin = message.TeamSizeMin;
        TeamSizeMax = message.TeamSizeMax;
        Cause = message.Cause;
        PublishedVersion = message.Version;
        Withdrawn.Offer(false, message.Version);
    }

    public void Apply(NeedWithdrawn message)
    {
        MarathonId = message.MarathonId;
        AssociationId = message.AssociationId;
        Withdrawn.Offer(true, message.Version);
    }
}

internal sealed class NeedPublishedConsumer(IDocumentSession session, ILogger<NeedPublishedConsumer> logger)
    : EntityCopyConsumer<NeedPublished, NeedForFormation>(session, logger);

internal sealed class NeedWithdrawnConsumer(IDocumentSession session, ILogger<NeedWithdrawnConsumer> logger)
    : EntityCopyConsumer<NeedWithdrawn, NeedForFormation>(session, logger);
