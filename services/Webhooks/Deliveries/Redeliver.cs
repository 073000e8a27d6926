using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Sending;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Deliveries;

/// <summary>The answer to a redelivery: the new delivery, of the same message.</summary>
internal sealed record RedeliveryResponse(Guid DeliveryId, Guid MessageId, DeliveryStatus Status);

/// <summary>
/// Send a message again, whatever became of it: a new delivery of the same message (same <c>webhook-id</c>, same body),
/// from its first attempt, so the partner's deduplication recognises it.
/// </summary>
internal static class RedeliverSlice
{
    public static RouteGroupBuilder MapRedeliver(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks/{webhookId:guid}/deliveries/{deliveryId:guid}/redeliver", async (
                Guid webhookId, Guid deliveryId, HttpContext http, IDocumentSession session, TimeProvider clock, DeliveryBell bell, CancellationToken ct) =>
            {
                var batch = session.CreateBatchQuery();
                var webhook = batch.Load<Webhook>(webhookId);
                var delivery = batch.Load<Delivery>(deliveryId);
                await batch.Execute(ct);
                http.User.Visible(await webhook, webhookId);
                var original = await delivery is { } found && found.WebhookId == webhookId
                    ? found
                    : throw new NotFound($"No delivery with id {deliveryId} for webhook {webhookId}.");

                var again = original.Again(Guid.CreateVersion7(), clock.GetUtcNow());
                session.Insert(again);
                await session.SaveChangesAsync(ct);
                bell.Ring();
                return TypedResults.Accepted($"/api/webhooks/{webhookId}/deliveries", new RedeliveryResponse(again.Id, again.MessageId, again.Status));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("RedeliverWebhookMessage")
            .ProducesProblems(404)
            .WithSummary("Send one delivery's message again, under the same message id (a partner: its own webhook's).");
        return api;
    }
}
