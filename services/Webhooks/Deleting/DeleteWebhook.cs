using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Deleting;

/// <summary>A partner unsubscribes: the webhook and its secret go; what it had pending fails when its turn comes.</summary>
internal static class DeleteWebhookSlice
{
    /// <summary>A webhook is deleted once. Pure.</summary>
    public static IReadOnlyList<object> Decide(Webhook webhook, Actor by, DateTimeOffset now) =>
        webhook.Deleted ? [] : [new WebhookDeleted(webhook.Id, webhook.PartnerId, by, now)];

    public static RouteGroupBuilder MapDeleteWebhook(this RouteGroupBuilder api)
    {
        api.MapDelete("/webhooks/{webhookId:guid}", async (Guid webhookId, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var write = await session.OpenForWriting<Webhook>(webhookId, ct);
                var webhook = http.User.Visible(write.State, webhookId);
                write.Require(http.Request.ExpectedVersion());
                write.Append(Decide(webhook, http.User.Actor(), clock.GetUtcNow()));
                session.Delete<WebhookSecret>(webhookId);
                await session.SaveAndSetETag(http.Response, write, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("DeleteWebhook")
            .ProducesProblems(404, 412).AcceptsIfMatch()
            .WithSummary("Unsubscribe a webhook (a partner: its own); nothing more is delivered to it.");
        return api;
    }
}
