using System.Security.Cryptography;

namespace ProBono.Webhooks.Subscriptions;

/// <summary>
/// A webhook's signing secret, the <c>whsec_</c> string shown once to the partner. A document beside the stream, not an
/// event: a rotated or deleted secret is gone, not kept in history forever. Public: Marten generates code against it.
/// </summary>
public sealed class WebhookSecret
{
    public Guid Id { get; set; }

    public string Secret { get; set; } = "";
}

/// <summary>New signing secrets: <c>whsec_</c> and the base64 of random bytes.</summary>
internal static class Secrets
{
    public const string Prefix = "whsec_";

    /// <summary>Random bytes in a secret: Standard Webhooks asks for 24 to 64.</summary>
    public const int KeyBytes = 32;

    public static WebhookSecret New(Guid webhookId) => new() { Id = webhookId, Secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) };
}
