using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ProBono.PartnerConnector;

namespace ProBono.UnitTests.PartnerConnector;

/// <summary>
/// The sample connector's check of a delivery, against messages signed here with .NET's HMACSHA256 exactly as API.md
/// says the platform signs them (not with the package the connector verifies with).
/// </summary>
public sealed class WebhookSignatureTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
    private const string Body = """{"type":"volunteer.confirmed","timestamp":"2026-11-16T08:00:00Z","data":{"marathonId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","volunteerId":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}}""";

    /// <summary>API.md: v1, base64 of HMAC-SHA256 keyed with the secret's base64-decoded part after "whsec_", over "{id}.{timestamp}.{body}".</summary>
    private static HeaderDictionary Signed(string body, string secret = "", DateTimeOffset? at = null, string id = "msg_2Lh5")
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var key = Convert.FromBase64String((secret.Length > 0 ? secret : Secret)["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return new HeaderDictionary
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = $"v1,{signature}",
        };
    }

    private static readonly WebhookSignatures Connector = new(Secret);

    [Fact]
    public void A_message_signed_as_api_md_says_is_accepted()
    {
        Assert.Null(Connector.Refusal(Body, Signed(Body)));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var headers = Signed(Body);
        var tampered = Body.Replace("volunteer.confirmed", "volunteer.withdrawn", StringComparison.Ordinal);

        Assert.NotNull(Connector.Refusal(tampered, headers));
    }

    [Fact]
    public void A_message_signed_with_another_secret_is_refused()
    {
        var other = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.NotNull(Connector.Refusal(Body, Signed(Body, other)));
    }

    [Fact]
    public void A_message_signed_more_than_five_minutes_ago_is_refused_even_well_signed()
    {
        Assert.NotNull(Connector.Refusal(Body, Signed(Body, at: DateTimeOffset.UtcNow.AddMinutes(-6))));
        Assert.Null(Connector.Refusal(Body, Signed(Body, at: DateTimeOffset.UtcNow.AddMinutes(-4))));
    }

    [Fact]
    public void A_message_without_its_headers_is_refused()
    {
        Assert.NotNull(Connector.Refusal(Body, new HeaderDictionary()));
    }

    [Theory]
    [InlineData("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", true)] // 24 bytes
    [InlineData("whsec_AAECAwQFBgcICQoLDA0ODxAREhMU", false)] // 21 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", false)]
    [InlineData("whsec_not base64!", false)]
    public void Only_a_secret_as_the_platform_gives_it_is_taken(string secret, bool taken)
    {
        Assert.Equal(taken, WebhookSignatures.IsSecret(secret));
    }
}
