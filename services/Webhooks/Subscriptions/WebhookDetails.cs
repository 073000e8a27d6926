namespace ProBono.Webhooks.Subscriptions;

/// <summary>A webhook as the API shows it; its secret only in the answer that made it (<see cref="WebhookCreatedResponse"/>).</summary>
internal sealed record WebhookDetails(
    Guid WebhookId, string PartnerId, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt)
{
    public static WebhookDetails From(Webhook w) => new(w.Id, w.PartnerId, w.Url, w.Events, w.Description, w.CreatedAt, w.SecretRotatedAt);
}

/// <summary>The answer to a subscription: the webhook and its secret, shown here only.</summary>
internal sealed record WebhookCreatedResponse(
    Guid WebhookId, string PartnerId, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

/// <summary>The answer to a rotation: the new secret, shown here only.</summary>
internal sealed record SecretResponse(Guid WebhookId, string Secret);
