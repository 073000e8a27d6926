using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.UnitTests.ServiceDefaults;

/// <summary>
/// The JWT bearer options ServiceDefaults configures, run the way JwtBearerHandler runs them: the token handler with
/// the validation parameters, then the TokenValidated event. Each refused token is refused for one reason only: it is
/// a valid token with one thing changed.
/// </summary>
public sealed class TokenValidationTests
{
    private const string OtherKey = "another-signing-key-of-at-least-32-bytes-0123456789";

    /// <summary>A token whose header and payload are exactly these, signed with HS256 under <paramref name="key"/> (or unsigned for <c>alg: none</c>).</summary>
    private static string Token(Dictionary<string, object> payload, string key = ProBonoAuthentication.DevelopmentSigningKey, string alg = "HS256")
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = alg switch
        {
            "none" => "",
            "HS512" => Base64Url(HMACSHA512.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{header}.{body}"))),
            _ => Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{header}.{body}"))),
        };
        return $"{header}.{body}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>What every valid token carries; a test removes or changes one entry.</summary>
    private static Dictionary<string, object> Valid(string role = "staff", params (string Claim, object Value)[] extra)
    {
        var payload = new Dictionary<string, object>
        {
            ["iss"] = "probono-local",
            ["aud"] = "probono-api",
            ["sub"] = "someone",
            ["role"] = role,
            ["iat"] = Now,
            ["nbf"] = Now,
            ["exp"] = Now + 3600,
        };
        foreach (var (claim, value) in extra)
        {
            payload[claim] = value;
        }
        return payload;
    }

    private static Dictionary<string, object> With(Dictionary<string, object> payload, string claim, object? value)
    {
        if (value is null)
        {
            payload.Remove(claim);
        }
        else
        {
            payload[claim] = value;
        }
        return payload;
    }

    private static WebApplication Service(string environment = "Development", params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddProBonoAuthentication();
        return builder.Build();
    }

    /// <summary>Whether the service accepts <paramref name="token"/>, decided as JwtBearerHandler decides it.</summary>
    private static async Task<bool> Accepts(WebApplication service, string token)
    {
        var options = service.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var result = await options.TokenHandlers.Single().ValidateTokenAsync(token, options.TokenValidationParameters);
        if (!result.IsValid)
        {
            return false;
        }
        var context = new TokenValidatedContext(
            new DefaultHttpContext { RequestServices = service.Services },
            new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler)),
            options)
        {
            Principal = new ClaimsPrincipal(result.ClaimsIdentity),
            SecurityToken = result.SecurityToken,
        };
        await options.Events.TokenValidated(context);
        return context.Result?.Failure is null;
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "forged signature", Token(Valid(), key: OtherKey) },
        { "alg none", Token(Valid(), alg: "none") },
        { "alg HS512 with the right key", Token(Valid(), alg: "HS512") },
        { "expired", Token(With(With(Valid(), "exp", Now - 120), "iat", Now - 3600)) },
        { "not yet valid", Token(With(Valid(), "nbf", Now + 600)) },
        { "no exp", Token(With(Valid(), "exp", null)) },
        { "wrong issuer", Token(With(Valid(), "iss", "someone-else")) },
        { "wrong audience", Token(With(Valid(), "aud", "another-api")) },
        { "unknown role", Token(Valid("admin")) },
        { "two roles", Token(With(Valid(), "role", new[] { "staff", "partner" })) },
        { "no role", Token(With(Valid(), "role", null)) },
        { "no sub", Token(With(Valid(), "sub", null)) },
        { "empty sub", Token(With(Valid(), "sub", "")) },
        { "partner without partner_id", Token(Valid("partner")) },
        { "association without association_id", Token(Valid("association")) },
        { "association with a non-UUID id", Token(Valid("association", ("association_id", "acme"))) },
        { "volunteer without volunteer_id", Token(Valid("volunteer")) },
        { "volunteer with another role's id", Token(Valid("volunteer", ("partner_id", "acme"))) },
        { "lives 25 h (exp - iat)", Token(With(With(Valid(), "nbf", null), "exp", Now + (25 * 3600))) },
        { "lives 25 h (exp - nbf, iat now)", Token(With(With(Valid(), "nbf", Now - (20 * 3600)), "exp", Now + (5 * 3600))) },
        { "lives 100 years, no iat nor nbf", Token(With(With(With(Valid(), "iat", null), "nbf", null), "exp", Now + (100L * 365 * 86400))) },
        { "not a JWT", "not-a-token" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_token_is_refused(string why, string token)
    {
        using var service = Service();

        Assert.False(await Accepts(service, token), $"accepted a token with {why}");
    }

    [Theory]
    [InlineData("staff", null, null)]
    [InlineData("partner", "partner_id", "acme")]
    [InlineData("association", "association_id", "0b6a39a4-4a43-4b44-9d6f-7c1c7f00c0de")]
    [InlineData("volunteer", "volunteer_id", "0b6a39a4-4a43-4b44-9d6f-7c1c7f00c0de")]
    public async Task A_valid_token_of_each_role_is_accepted(string role, string? claim, string? id)
    {
        using var service = Service();

        Assert.True(await Accepts(service, Token(claim is null ? Valid(role) : Valid(role, (claim, id!)))));
    }

    [Fact]
    public async Task A_token_living_just_under_the_maximum_is_accepted()
    {
        using var service = Service();

        Assert.True(await Accepts(service, Token(With(Valid(), "exp", Now + (24 * 3600) - 60))));
    }

    [Fact]
    public async Task The_maximum_lifetime_is_configurable()
    {
        using var service = Service(settings: ("Auth:MaxTokenLifetime", "01:00:00"));

        Assert.True(await Accepts(service, Token(With(Valid(), "exp", Now + 3000))));
        Assert.False(await Accepts(service, Token(With(Valid(), "exp", Now + 7200))));
    }

    [Fact]
    public async Task Outside_Development_a_token_signed_with_the_development_key_is_refused_under_the_services_own_key()
    {
        using var service = Service("Production", ("Auth:SigningKey", OtherKey));

        Assert.False(await Accepts(service, Token(Valid())));
        Assert.True(await Accepts(service, Token(Valid(), key: OtherKey)));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_development_key_stops_the_service_from_starting(string environment)
    {
        var named = Assert.Throws<InvalidOperationException>(() => Service(environment, ("Auth:SigningKey", ProBonoAuthentication.DevelopmentSigningKey)));
        Assert.Contains("development signing key", named.Message, StringComparison.Ordinal);
        // and with no key at all it does not fall back to the development key
        Assert.Throws<InvalidOperationException>(() => Service(environment));
    }

    [Fact]
    public void A_short_key_stops_the_service_from_starting() =>
        Assert.Throws<InvalidOperationException>(() => Service("Production", ("Auth:SigningKey", "short")));

    [Fact]
    public void A_refused_caller_is_not_told_which_check_failed()
    {
        using var service = Service();

        var options = service.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.False(options.IncludeErrorDetails);
    }
}
