using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ProBono.ServiceDefaults.Auth;
using ProBono.StaffConsole.Language;

namespace ProBono.StaffConsole.Session;

/// <summary>
/// A signed-in person is a cookie session holding the token the gateway accepts: with an OIDC provider
/// (<c>Auth:Authority</c>) its access token, in Development one minted by the local sign-in page. Only a staff token
/// opens the console; the session ends when its token does.
/// </summary>
internal static class StaffSession
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "probono-console";

    /// <summary>The claim holding the bearer token, read only by <see cref="Gateway.GatewayClient"/>; it stays on the server.</summary>
    public const string TokenClaim = "gateway_token";
    public const string LanguageClaim = "lang";

    public static WebApplicationBuilder AddStaffSession(this WebApplicationBuilder builder)
    {
        var authority = builder.Configuration["Auth:Authority"];
        var development = builder.Environment.IsDevelopment();
        if (string.IsNullOrEmpty(authority) && !development)
        {
            throw new InvalidOperationException(
                "Auth:Authority is not set: outside Development staff sign in through an OIDC provider (Auth:Authority, Auth:ClientId, Auth:ClientSecret).");
        }

        var authentication = builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = Scheme;
            o.DefaultChallengeScheme = string.IsNullOrEmpty(authority) ? Scheme : OpenIdConnectDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = ConsoleHost.PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/signin";
            o.AccessDeniedPath = "/denied";
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = context =>
            {
                // the gateway would refuse an expired token on the next call: end the session now, so the person signs in again
                if (ExpiresAt(context.Principal) is { } expires && expires <= DateTimeOffset.UtcNow)
                {
                    context.RejectPrincipal();
                }
                return Task.CompletedTask;
            };
        });
        if (!string.IsNullOrEmpty(authority))
        {
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = authority;
                o.ClientId = builder.Configuration["Auth:ClientId"] ?? "probono-console";
                o.ClientSecret = builder.Configuration["Auth:ClientSecret"];
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.SaveTokens = false;
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = !development;
                o.CallbackPath = "/signin-oidc";
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.Scope.Clear();
                foreach (var scope in (builder.Configuration["Auth:Scopes"] ?? "openid profile").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    o.Scope.Add(scope);
                }
                o.Events.OnTokenValidated = context =>
                {
                    // the session is the access token the gateway checks, not the identity token
                    var accessToken = context.TokenEndpointResponse?.AccessToken;
                    if (string.IsNullOrEmpty(accessToken) || PrincipalFor(accessToken, Languages.Of(context.HttpContext)) is not { } principal)
                    {
                        context.Fail("The provider gave no readable access token.");
                        return Task.CompletedTask;
                    }
                    context.Principal = principal;
                    context.Properties!.ExpiresUtc = ExpiresAt(principal);
                    context.Properties.IsPersistent = false;
                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ProBonoClaims.Role, Roles.Staff)
                .Build());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>
    /// The session's principal for a bearer token: who it names, its role and expiry, and the token itself. Null for a token
    /// that does not read as a JWT. Its signature is the gateway's to check, on every call.
    /// </summary>
    public static ClaimsPrincipal? PrincipalFor(string token, string language)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
        string? Claim(string type) => jwt.TryGetPayloadValue<string>(type, out var value) ? value : null;
        var subject = Claim("sub");
        if (string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }
        var claims = new List<Claim>
        {
            new("sub", subject),
            new("name", Claim("name") ?? Claim("preferred_username") ?? subject),
            new(TokenClaim, token),
            new(LanguageClaim, language),
        };
        if (Claim(ProBonoClaims.Role) is { } role)
        {
            claims.Add(new Claim(ProBonoClaims.Role, role));
        }
        if (jwt.ValidTo != DateTime.MinValue)
        {
            claims.Add(new Claim("exp", new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "name", ProBonoClaims.Role));
    }

    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirstValue("exp"), System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static bool IsStaff(ClaimsPrincipal user) => user.HasClaim(ProBonoClaims.Role, Roles.Staff);

    /// <summary>Signs the person in with <paramref name="token"/>; the cookie lives as long as the token.</summary>
    public static async Task SignIn(HttpContext http, ClaimsPrincipal principal)
    {
        await http.SignInAsync(Scheme, principal, new AuthenticationProperties
        {
            ExpiresUtc = ExpiresAt(principal),
            IsPersistent = false,
            AllowRefresh = false,
        });
    }
}
