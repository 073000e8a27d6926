using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Browsing;

/// <summary>One webhook, without its secret (a partner: its own; another's is 404).</summary>
internal static class GetWebhookSlice
{
    public static RouteGroupBuilder MapGetWebhook(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks/{webhookId:guid}", async (Guid webhookId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var webhook = http.User.Visible(await session.LoadAsync<Webhook>(webhookId, ct), webhookId);
                http.Response.SetETag(webhook.Version);
                return TypedResults.Ok(WebhookDetails.From(webhook));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetWebhook")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One webhook, without its secret (a partner: its own).");
        return api;
    }
}
