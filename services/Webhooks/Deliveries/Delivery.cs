namespace ProBono.Webhooks.Deliveries;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One message to one webhook, and how its sending went. <see cref="Body"/> is fixed when the message is made, so every
/// attempt sends the same bytes under the same <see cref="MessageId"/> (the <c>webhook-id</c> header). A document, not a
/// stream: its attempts are the sender's bookkeeping, not facts of the domain. Public: Marten generates code against it.
/// </summary>
public sealed record Delivery(
    Guid Id,
    Guid WebhookId,
    string PartnerId,
    Guid MessageId,
    string Type,
    string Body,
    DateTimeOffset CreatedAt,
    DeliveryStatus Status = DeliveryStatus.Pending,
    int Attempts = 0,
    int? LastStatusCode = null,
    string? LastError = null,
    DateTimeOffset? NextAttemptAt = null,
    DateTimeOffset? LastAttemptAt = null,
    DateTimeOffset? DeliveredAt = null,
    Guid? RedeliveryOf = null)
{
    /// <summary>A message to send now: pending, due at once.</summary>
    public static Delivery New(Guid id, Guid webhookId, string partnerId, Guid messageId, string type, string body, DateTimeOffset now) =>
        new(id, webhookId, partnerId, messageId, type, body, now, NextAttemptAt: now);

    /// <summary>The same message again (same id, same body), from the first attempt.</summary>
    public Delivery Again(Guid id, DateTimeOffset now) => New(id, WebhookId, PartnerId, MessageId, Type, Body, now) with { RedeliveryOf = Id };
}

/// <summary>How one attempt ended: the status code when the endpoint answered, and why it did not count when it failed.</summary>
public sealed record AttemptOutcome(int? StatusCode, string? Error)
{
    public bool Succeeded => Error is null && StatusCode is >= 200 and < 300;

    public static AttemptOutcome Answered(int statusCode) =>
        new(statusCode, statusCode is >= 200 and < 300 ? null : $"HTTP {statusCode}");

    public static AttemptOutcome Unanswered(string error) => new(null, error);
}

/// <summary>What the list of deliveries shows of one (API.md).</summary>
internal sealed record DeliveryDetails(
    Guid DeliveryId, Guid MessageId, string Type, DeliveryStatus Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt)
{
    public static DeliveryDetails From(Delivery d) => new(
        d.Id, d.MessageId, d.Type, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.CreatedAt, d.LastAttemptAt, d.DeliveredAt);
}
