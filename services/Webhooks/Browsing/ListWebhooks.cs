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
                // a partner lists its own; naming another partner is refused, as every partner document does
                var partnerId = http.HttpContext.User.PartnerOf(
                    http.Query["partnerId"].ToString() is { Length: > 0 } asked ? asked.Trim() : null, "A partner lists its own webhooks only.");
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
            .WithQuery("partnerId", "Staff: the partner whose webhooks to list (else every partner's). A partner lists its own; naming another is 403.")
            .ProducesProblems(400, 403)
            .WithSummary("The webhooks a partner holds, oldest first (staff: every partner's, or one's with partnerId).");
        return api;
    }
}
