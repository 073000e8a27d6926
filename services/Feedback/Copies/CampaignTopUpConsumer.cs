using Microsoft.Extensions.Logging;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// A copy consumer whose messages may arrive after their marathon's surveys opened: the copy, then, in the same
/// transaction, the late invitations it makes due (<see cref="CampaignOpening.TopUp"/>) for the marathons the messages name.
/// </summary>
internal abstract class CampaignTopUpConsumer<TMessage, TCopy>(
    IDocumentSession session, TimeProvider clock, ILogger logger, Func<TMessage, Guid> marathonOf)
    : EntityCopyConsumer<TMessage, TCopy>(session, logger)
    where TMessage : class
    where TCopy : class, IEntityCopyOf<TMessage>, new()
{
    protected sealed override CopyFollowUp<TMessage> FollowUp =>
        (session, applied, ct) => CampaignOpening.TopUp(session, applied.Select(marathonOf), clock.GetUtcNow(), ct);
}
