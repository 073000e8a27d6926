using System.Security.Cryptography;
using System.Text;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Sending;

/// <summary>
/// Standard Webhooks v1: <c>v1,</c> and the base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the
/// base64-decoded part of the secret after <c>whsec_</c>. Pure.
/// </summary>
internal static class Signature
{
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Secrets.Prefix, StringComparison.Ordinal) ? secret[Secrets.Prefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
