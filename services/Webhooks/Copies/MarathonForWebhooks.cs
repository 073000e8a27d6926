using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Webhooks.Copies;

/// <summary>
/// Which partners take part in a marathon, kept from Recruitment's events: who hears of its completion and of its impact
/// report. Partners only join (a set: a repeat or a late scheduling adds nothing twice). Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class MarathonForWebhooks : IEntityCopyOf<MarathonScheduled>, IEntityCopyOf<MarathonPartnerJoined>
{
    public Guid Id { get; set; }
    public List<string> PartnerIds { get; set; } = [];

    public static Guid CopyId(MarathonScheduled message) => message.MarathonId;

    public static Guid CopyId(MarathonPartnerJoined message) => message.MarathonId;

    public void Apply(MarathonScheduled message)
    {
        foreach (var partner in message.Partners)
        {
            Join(partner.PartnerId);
        }
    }

    public void Apply(MarathonPartnerJoined message) => Join(message.Partner.PartnerId);

    private void Join(string partnerId)
    {
        if (!PartnerIds.Contains(partnerId, StringComparer.Ordinal))
        {
            PartnerIds = [.. PartnerIds, partnerId];
        }
    }
}

internal sealed class MarathonScheduledConsumer(IDocumentSession session, ILogger<MarathonScheduledConsumer> logger)
    : EntityCopyConsumer<MarathonScheduled, MarathonForWebhooks>(session, logger);

internal sealed class MarathonPartnerJoinedConsumer(IDocumentSession session, ILogger<MarathonPartnerJoinedConsumer> logger)
    : EntityCopyConsumer<MarathonPartnerJoined, MarathonForWebhooks>(session, logger);
