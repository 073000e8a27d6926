using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ProBono.Token;

/// <summary>Mints HS256 JWTs the way API.md's local default expects them (issuer probono-local, audience probono-api).</summary>
public static class Tokens
{
    public const string DevelopmentKey = "probono-local-development-signing-key-0123456789";

    public static string Mint(string role, IReadOnlyDictionary<string, string>? claims = null, string key = DevelopmentKey,
        TimeSpan? lifetime = null, string? subject = null, string issuer = "probono-local", string audience = "probono-api")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject ?? $"{role}-{(claims is { Count: > 0 } ? claims.Values.First() : "local")}",
            ["role"] = role,
            ["iat"] = now,
            ["nbf"] = now - 5,
            ["exp"] = now + (long)(lifetime ?? TimeSpan.FromHours(8)).TotalSeconds,
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, string>())
        {
            payload[name] = value;
        }
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    public static string Staff() => Mint("staff");

    public static string Partner(string partnerId) => Mint("partner", new Dictionary<string, string> { ["partner_id"] = partnerId });

    public static string Association(Guid associationId) => Mint("association", new Dictionary<string, string> { ["association_id"] = associationId.ToString() });

    public static string Volunteer(Guid volunteerId) => Mint("volunteer", new Dictionary<string, string> { ["volunteer_id"] = volunteerId.ToString() });

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
