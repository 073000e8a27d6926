using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Deliveries;

/// <summary>A webhook's deliveries, newest first, with how each went (a partner: its own webhook's; another's is 404).</summary>
internal static class ListDeliveriesSlice
{
    public static RouteGroupBuilder MapListDeliveries(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks/{webhookId:guid}/deliveries", async (Guid webhookId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http.Request);
                http.User.Visible(await session.LoadAsync<Webhook>(webhookId, ct), webhookId);
                var page = await session.Query<Delivery>().Where(d => d.WebhookId == webhookId)
                    .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<DeliveryDetails>([.. page.Select(DeliveryDetails.From)], page.TotalItemCount));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListWebhookDeliveries")
            .WithPaging()
            .ProducesProblems(404)
            .WithSummary("A webhook's deliveries, newest first: pending, delivered or failed, with their attempts (a partner: its own webhook's).");
        return api;
    }
}
