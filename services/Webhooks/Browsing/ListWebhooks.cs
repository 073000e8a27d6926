using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Browsing;

/// <summary>The webhooks a partner holds, oldest first; staff see every partner's, or one's with <c>?partnerId=</c>.</summary>
internal static class ListWebhooksSlice
{
    public static RouteGroupBuilder MapListWebhooks(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks", async (HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var partnerId = http.HttpContext.User.PartnerId()
                    ?? (http.Query["partnerId"].ToString() is { Length: > 0 } named ? named : null);
                var query = session.Query<Webhook>().Where(w => !w.Deleted);
                if (partnerId is not null)
                {
                    query = query.Where(w => w.PartnerId == partnerId);
                }
                var page = await query.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<WebhookDetails>([.. page.Select(WebhookDetails.From)], page.TotalItemCount));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListWebhooks")
            .WithPaging()
            .WithQuery("partnerId", "Staff only: the partner whose webhooks to list (a partner always lists its own).")
            .WithSummary("The webhooks a partner holds, oldest first (staff: every partner's, or one's with partnerId).");
        return api;
    }
}
