using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Webhooks.Copies;
using ProBono.Webhooks.Sending;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Routing;

/// <summary>
/// Turns an integration event into deliveries, written in the same transaction as its inbox row: a message is either
/// consumed with all its deliveries or not at all (a restart loses nothing, a repeat adds nothing). Once they are
/// committed the sender is woken, so a delivery leaves within milliseconds; its poll is only the backstop.
/// </summary>
internal abstract class DeliveringConsumer<TMessage>(
    IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var staged = 0;
        await InboxConsumption.Consume(context, logger, messageId => Inbox.ApplyOnce(session, Inbox.Key(GetType(), messageId), typeof(TMessage).Name,
            async () => staged = await Stage(context.Message, messageId, context.CancellationToken), context.CancellationToken));
        if (staged > 0)
        {
            bell.Ring();
        }
    }

    /// <summary>Who hears what of <paramref name="message"/>.</summary>
    protected abstract Task<IReadOnlyList<Notice>> Notices(TMessage message, IQuerySession query, CancellationToken cancellationToken);

    private async Task<int> Stage(TMessage message, Guid messageId, CancellationToken ct)
    {
        var notices = await Notices(message, session, ct);
        if (notices.Count == 0)
        {
            return 0;
        }
        var partners = notices.Select(n => n.PartnerId).Distinct(StringComparer.Ordinal).ToArray();
        var webhooks = await session.Query<Webhook>().Where(w => w.PartnerId.IsOneOf(partners) && !w.Deleted).ToListAsync(ct);
        var deliveries = Fanout.Deliveries(notices, webhooks, messageId, clock.GetUtcNow(), json.Value.SerializerOptions);
        foreach (var delivery in deliveries)
        {
            session.Insert(delivery);
        }
        return deliveries.Count;
    }
}

/// <summary>The marathon's partners, from the copy (none when Recruitment's scheduling has not arrived).</summary>
internal static class MarathonPartners
{
    public static async Task<IReadOnlyCollection<string>> Of(IQuerySession query, Guid marathonId, ILogger logger, CancellationToken ct)
    {
        if (await query.LoadAsync<MarathonForWebhooks>(marathonId, ct) is { } marathon)
        {
            return marathon.PartnerIds;
        }
        logger.LogWarning("Webhooks has not heard of marathon {MarathonId}: its partners are told nothing of this event", marathonId);
        return [];
    }
}

internal sealed class VolunteerConfirmedConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<VolunteerConfirmedConsumer> logger)
    : DeliveringConsumer<VolunteerConfirmed>(session, bell, clock, json, logger)
{
    protected override Task<IReadOnlyList<Notice>> Notices(VolunteerConfirmed message, IQuerySession query, CancellationToken ct) =>
        Task.FromResult(Routing.Notices.Of(message));
}

internal sealed class VolunteerWaitlistedConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<VolunteerWaitlistedConsumer> logger)
    : DeliveringConsumer<VolunteerWaitlisted>(session, bell, clock, json, logger)
{
    protected override Task<IReadOnlyList<Notice>> Notices(VolunteerWaitlisted message, IQuerySession query, CancellationToken ct) =>
        Task.FromResult(Routing.Notices.Of(message));
}

internal sealed class VolunteerWithdrawnConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<VolunteerWithdrawnConsumer> logger)
    : DeliveringConsumer<VolunteerWithdrawn>(session, bell, clock, json, logger)
{
    protected override Task<IReadOnlyList<Notice>> Notices(VolunteerWithdrawn message, IQuerySession query, CancellationToken ct) =>
        Task.FromResult(Routing.Notices.Of(message));
}

internal sealed class VolunteerCheckedInConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<VolunteerCheckedInConsumer> logger)
    : DeliveringConsumer<VolunteerCheckedIn>(session, bell, clock, json, logger)
{
    protected override Task<IReadOnlyList<Notice>> Notices(VolunteerCheckedIn message, IQuerySession query, CancellationToken ct) =>
        Task.FromResult(Routing.Notices.Of(message));
}

internal sealed class TeamFormedConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<TeamFormedConsumer> logger)
    : DeliveringConsumer<TeamFormed>(session, bell, clock, json, logger)
{
    protected override Task<IReadOnlyList<Notice>> Notices(TeamFormed message, IQuerySession query, CancellationToken ct) =>
        Task.FromResult(Routing.Notices.Of(message));
}

internal sealed class MarathonStatusChangedConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<MarathonStatusChangedConsumer> logger)
    : DeliveringConsumer<MarathonStatusChanged>(session, bell, clock, json, logger)
{
    private readonly ILogger logger = logger;

    protected override async Task<IReadOnlyList<Notice>> Notices(MarathonStatusChanged message, IQuerySession query, CancellationToken ct) =>
        message.Status == MarathonStatuses.Completed
            ? Routing.Notices.Of(message, await MarathonPartners.Of(query, message.MarathonId, logger, ct))
            : [];
}

internal sealed class ImpactReadyConsumer(IDocumentSession session, DeliveryBell bell, TimeProvider clock, IOptions<JsonOptions> json, ILogger<ImpactReadyConsumer> logger)
    : DeliveringConsumer<ImpactReady>(session, bell, clock, json, logger)
{
    private readonly ILogger logger = logger;

    protected override async Task<IReadOnlyList<Notice>> Notices(ImpactReady message, IQuerySession query, CancellationToken ct) =>
        Routing.Notices.Of(message, await MarathonPartners.Of(query, message.MarathonId, logger, ct));
}
