using ProBono.IntegrationTests.Http;

namespace ProBono.IntegrationTests.Security;

/// <summary>Each a staff token valid in every way but one, and the tokens API.md's claim rules refuse.</summary>
internal static class BadTokens
{
    private const string OtherKey = "not-the-platforms-key-but-long-enough-0123456789";

    public static IEnumerable<(string Why, string Token)> All()
    {
        yield return ("forged signature", Tokens.Mint("staff", key: OtherKey));
        yield return ("alg none", Unsigned(Tokens.Staff()));
        yield return ("expired", Tokens.Mint("staff", lifetime: TimeSpan.FromMinutes(-10)));
        yield return ("wrong issuer", Tokens.Mint("staff", issuer: "someone-else"));
        yield return ("wrong audience", Tokens.Mint("staff", audience: "another-api"));
        yield return ("lives 25 h", Tokens.Mint("staff", lifetime: TimeSpan.FromHours(25)));
        var i = 0;
        foreach (var malformed in RawTokens.Malformed())
        {
            yield return ($"claims case {i++}", malformed);
        }
    }

    /// <summary>The same header and payload with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.";
    }
}
