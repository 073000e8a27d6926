using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.RotatingSecrets;

/// <summary>A new signing secret for a webhook, shown once; the next delivery is signed with it.</summary>
internal static class RotateSecretSlice
{
    /// <summary>A live webhook's secret may be replaced at any time. Pure.</summary>
    public static IReadOnlyList<object> Decide(Webhook webhook, Actor by, DateTimeOffset now) =>
        [new WebhookSecretRotated(webhook.Id, webhook.PartnerId, by, now)];

    public static RouteGroupBuilder MapRotateSecret(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks/{webhookId:guid}/rotate-secret", async (Guid webhookId, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var write = await session.OpenForWriting<Webhook>(webhookId, ct);
                var webhook = http.User.Visible(write.State, webhookId);
                write.Require(http.Request.ExpectedVersion());
                write.Append(Decide(webhook, http.User.Actor(), clock.GetUtcNow()));
                var secret = Secrets.New(webhookId);
                session.Store(secret);
                await session.SaveAndSetETag(http.Response, write, ct);
                return TypedResults.Ok(new SecretResponse(webhookId, secret.Secret));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("RotateWebhookSecret")
            .ProducesProblems(404, 412).AcceptsIfMatch()
            .WithSummary("Replace a webhook's signing secret (a partner: its own); the answer shows the new one, once.");
        return api;
    }
}
