using System.Text.Json;
using ProBono.Webhooks.Deliveries;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Routing;

/// <summary>The message a webhook receives (Standard Webhooks' payload): its type, when the event happened, and its data.</summary>
internal sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);

/// <summary>
/// Notices become deliveries: one per notice and webhook of its partner that takes its type. Ids are derived from the
/// integration message that caused them, so the same message never makes two different deliveries. Pure.
/// </summary>
internal static class Fanout
{
    public static IReadOnlyList<Delivery> Deliveries(
        IReadOnlyList<Notice> notices, IReadOnlyList<Webhook> webhooks, Guid sourceMessageId, DateTimeOffset now, JsonSerializerOptions json) =>
    [
        .. from notice in notices
           from webhook in webhooks
           where webhook.PartnerId == notice.PartnerId && webhook.Takes(notice.Type)
           orderby webhook.Id
           let messageId = StableIds.NameBased(sourceMessageId, $"{webhook.Id:N}:{notice.Type}")
           select Delivery.New(StableIds.NameBased(messageId, "first"), webhook.Id, webhook.PartnerId, messageId, notice.Type,
               JsonSerializer.Serialize(new WebhookPayload(notice.Type, notice.At, notice.Data), json), now),
    ];
}
