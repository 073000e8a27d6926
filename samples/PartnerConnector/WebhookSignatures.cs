using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace ProBono.PartnerConnector;

/// <summary>
/// Standard Webhooks v1, as API.md describes the platform's deliveries: <c>webhook-signature: v1,{base64 of
/// HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}"}</c>, keyed with the base64-decoded part of the secret
/// after <c>whsec_</c>. A message whose timestamp is more than 5 minutes away from now is refused too, so a captured
/// delivery cannot be replayed later.
/// </summary>
internal sealed class WebhookSignatures(string secret)
{
    private const string Prefix = "whsec_";

    private readonly StandardWebhook verifier = new(secret);

    /// <summary>A secret as <c>POST /api/webhooks</c> gives it: <c>whsec_</c> and base64 of at least 24 bytes.</summary>
    public static bool IsSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var key = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length >= 24;
    }

    /// <summary>Null when the body and headers are a message the platform signed within 5 minutes; else why not.</summary>
    public string? Refusal(string body, IHeaderDictionary headers)
    {
        try
        {
            // the package checks the timestamp (±5 min) before the signature, and compares in constant time
            verifier.Verify(body, headers);
            return null;
        }
        catch (WebhookVerificationException refused)
        {
            return refused.Message;
        }
    }
}
