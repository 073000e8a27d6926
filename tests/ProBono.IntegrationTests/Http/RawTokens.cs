using System.Security.Cryptography;
using System.Text;

namespace ProBono.IntegrationTests.Http;

/// <summary>
/// Signed tokens with exactly the claims a test names (no <c>sub</c> unless given), for the malformed tokens a
/// careless identity provider could issue; <see cref="Tokens"/> always adds a <c>sub</c>.
/// </summary>
internal static class RawTokens
{
    public static string Mint(IReadOnlyDictionary<string, string> claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = "probono-local",
            ["aud"] = "probono-api",
            ["iat"] = now,
            ["nbf"] = now - 5,
            ["exp"] = now + 3600,
        };
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Tokens.DevelopmentKey), Encoding.UTF8.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    /// <summary>Tokens API.md says must get 401: no <c>sub</c>, a role outside the table, or a role without its id claim.</summary>
    public static TheoryData<string> Malformed() => new()
    {
        Mint(new Dictionary<string, string> { ["role"] = "staff" }),
        Mint(new Dictionary<string, string> { ["role"] = "partner", ["partner_id"] = "acme" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "admin" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "partner" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "partner", ["partner_id"] = "" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "association" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "association", ["association_id"] = "not-a-uuid" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "volunteer" }),
        Mint(new Dictionary<string, string> { ["sub"] = "x", ["role"] = "volunteer", ["volunteer_id"] = "42" }),
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
