using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// Feedback's copy of a published need: which association it belongs to, so a team (which names only its need) leads
/// to the association to survey and report on. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class NeedForImpact : IEntityCopyOf<NeedPublished>
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public Guid AssociationId { get; set; }
    public string? AssociationName { get; set; }
    public string? Title { get; set; }
    public string? ContactEmail { get; set; }

    public static Guid CopyId(NeedPublished message) => message.NeedId;

    public void Apply(NeedPublished message)
    {
        MarathonId = message.MarathonId;
        AssociationId = message.AssociationId;
        AssociationName = message.AssociationName;
        Title = message.Title;
        ContactEmail = message.ContactEmail;
    }
}

/// <summary>A publication: the copy, then (should it arrive after the surveys opened) its association's late invitation.</summary>
internal sealed class NeedPublishedConsumer(IDocumentSession session, TimeProvider clock, ILogger<NeedPublishedConsumer> logger)
    : CampaignTopUpConsumer<NeedPublished, NeedForImpact>(session, clock, logger, m => m.MarathonId);
