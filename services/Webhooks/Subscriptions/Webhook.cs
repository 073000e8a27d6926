using JasperFx;

namespace ProBono.Webhooks.Subscriptions;

/// <summary>A partner subscribed <see cref="Url"/> to <see cref="Events"/>. Its secret is kept apart (<see cref="WebhookSecret"/>), never in an event.</summary>
public sealed record WebhookSubscribed(
    Guid WebhookId, string PartnerId, string Url, IReadOnlyList<string> Events, string? Description, Actor By, DateTimeOffset At);

/// <summary>The webhook's signing secret was replaced; deliveries from now on are signed with the new one.</summary>
public sealed record WebhookSecretRotated(Guid WebhookId, string PartnerId, Actor By, DateTimeOffset At);

/// <summary>The partner unsubscribed: nothing more is delivered to it, and what was pending fails.</summary>
public sealed record WebhookDeleted(Guid WebhookId, string PartnerId, Actor By, DateTimeOffset At);

/// <summary>
/// A partner's subscription: one stream, whose inline snapshot is the document the API lists and the routing of events
/// reads (a partner's webhooks for an event type, by an index on the partner).
/// </summary>
public sealed record Webhook(
    Guid Id, string PartnerId, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt,
    DateTimeOffset? SecretRotatedAt = null, bool Deleted = false) : IRevisioned
{
    public int Version { get; set; }

    public static Webhook Create(WebhookSubscribed e) => new(e.WebhookId, e.PartnerId, e.Url, e.Events, e.Description, e.At);

    public Webhook Apply(WebhookSecretRotated e) => this with { SecretRotatedAt = e.At };

    public Webhook Apply(WebhookDeleted e) => this with { Deleted = true };

    /// <summary>The fold the command handlers and the tests share.</summary>
    public static Webhook Evolution(Webhook webhook, object @event) => @event switch
    {
        WebhookSecretRotated rotated => webhook.Apply(rotated),
        WebhookDeleted deleted => webhook.Apply(deleted),
        _ => webhook,
    };

    /// <summary>Whether this webhook takes events of <paramref name="type"/>.</summary>
    public bool Takes(string type) => !Deleted && Events.Contains(type, StringComparer.Ordinal);
}
