using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ProBono.ServiceDefaults.Auth;

/// <summary>The roles and claims of API.md's "Authentication and roles" table.</summary>
public static class Roles
{
    public const string Staff = "staff";
    public const string Partner = "partner";
    public const string Association = "association";
    public const string Volunteer = "volunteer";
}

public static class ProBonoClaims
{
    public const string Role = "role";
    public const string PartnerId = "partner_id";
    public const string AssociationId = "association_id";
    public const string VolunteerId = "volunteer_id";
}

/// <summary>Named authorization policies, one per role; endpoints use <c>RequireAuthorization(Policies.Staff)</c>.</summary>
public static class Policies
{
    public const string Staff = "staff";
    public const string Partner = "partner";
    public const string Association = "association";
    public const string Volunteer = "volunteer";
    public const string StaffOrPartner = "staff-or-partner";
    public const string StaffOrAssociation = "staff-or-association";
}

public static class ProBonoAuthentication
{
    public const string DevelopmentSigningKey = "probono-local-development-signing-key-0123456789";
    public const string DefaultIssuer = "probono-local";
    public const string DefaultAudience = "probono-api";

    /// <summary>The longest a token minted with the shared symmetric key may live (<c>Auth:MaxTokenLifetime</c>).</summary>
    public static readonly TimeSpan DefaultMaxTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// JWT bearer as API.md says: HS256 with <c>Auth:SigningKey</c> (the development key only in Development),
    /// or a real OIDC provider when <c>Auth:Authority</c> is set. Every endpoint needs an authenticated caller
    /// unless it opts out with <c>AllowAnonymous</c>.
    /// </summary>
    public static IHostApplicationBuilder AddProBonoAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var issuer = auth["Issuer"] ?? DefaultIssuer;
        var audience = auth["Audience"] ?? DefaultAudience;
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        var maxLifetime = auth.GetValue("MaxTokenLifetime", DefaultMaxTokenLifetime);

        if (string.IsNullOrEmpty(authority))
        {
            if (string.IsNullOrEmpty(signingKey))
            {
                signingKey = builder.Environment.IsDevelopment()
                    ? DevelopmentSigningKey
                    : throw new InvalidOperationException(
                        "Auth:SigningKey is not set. Set Auth:SigningKey (at least 32 bytes) or Auth:Authority (an OIDC provider).");
            }
            if (!builder.Environment.IsDevelopment() && signingKey == DevelopmentSigningKey)
            {
                throw new InvalidOperationException(
                    $"Refusing to start in the '{builder.Environment.EnvironmentName}' environment with the public development signing key. " +
                    "Set Auth:SigningKey to a secret of your own, or Auth:Authority to an OIDC provider.");
            }
            if (Encoding.UTF8.GetByteCount(signingKey) < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes for HS256.");
            }
        }

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                // a refused caller learns only that a bearer token is needed, never which check its token failed
                options.IncludeErrorDetails = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudience = audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    NameClaimType = "sub",
                    RoleClaimType = ProBonoClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrEmpty(authority))
                {
                    options.Authority = authority;
                    options.Audience = audience;
                    options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                    // an OIDC provider's issuer is its authority unless told otherwise
                    options.TokenValidationParameters.ValidIssuer = auth["Issuer"] ?? authority;
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey!));
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                    options.TokenValidationParameters.RequireExpirationTime = true;
                }
                // fail closed, once for every endpoint of every service and the gateway: a signed token whose
                // claims do not say who the caller is and for which tenant it acts is no authentication at all
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (WhyRefused(context.Principal) is { } reason)
                        {
                            context.Fail(reason);
                        }
                        // a shared key can mint tokens anyone could keep for ever: with it, a token lives at most
                        // MaxTokenLifetime (an OIDC provider's own policy rules its tokens)
                        else if (string.IsNullOrEmpty(authority)
                            && context.SecurityToken is JsonWebToken jwt
                            && LivesTooLong(jwt, maxLifetime, context.Options.TimeProvider?.GetUtcNow() ?? DateTimeOffset.UtcNow))
                        {
                            context.Fail($"The token lives longer than {maxLifetime}.");
                        }
                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff))
            .AddPolicy(Policies.Partner, p => p.RequireRole(Roles.Partner).RequireClaim(ProBonoClaims.PartnerId))
            .AddPolicy(Policies.Association, p => p.RequireRole(Roles.Association).RequireClaim(ProBonoClaims.AssociationId))
            .AddPolicy(Policies.Volunteer, p => p.RequireRole(Roles.Volunteer).RequireClaim(ProBonoClaims.VolunteerId))
            .AddPolicy(Policies.StaffOrPartner, p => p.RequireAssertion(c =>
                c.User.IsInRole(Roles.Staff) || (c.User.IsInRole(Roles.Partner) && c.User.HasClaim(x => x.Type == ProBonoClaims.PartnerId))))
            .AddPolicy(Policies.StaffOrAssociation, p => p.RequireAssertion(c =>
                c.User.IsInRole(Roles.Staff) || (c.User.IsInRole(Roles.Association) && c.User.HasClaim(x => x.Type == ProBonoClaims.AssociationId))));

        return builder;
    }

    /// <summary>
    /// Whether a token lives longer than <paramref name="maxLifetime"/>: from the earlier of its <c>iat</c> and <c>nbf</c>
    /// (or, with neither, from now) to its <c>exp</c>.
    /// </summary>
    public static bool LivesTooLong(JsonWebToken token, TimeSpan maxLifetime, DateTimeOffset now)
    {
        // JsonWebToken answers DateTime.MinValue for a claim the token does not carry
        DateTime[] starts = [.. new[] { token.IssuedAt, token.ValidFrom }.Where(t => t != DateTime.MinValue)];
        var start = starts.Length > 0 ? starts.Min() : now.UtcDateTime;
        return token.ValidTo == DateTime.MinValue || token.ValidTo - start > maxLifetime;
    }

    /// <summary>
    /// Why API.md refuses this token (401), or null: every token carries <c>sub</c>, exactly one role of the table,
    /// and the id claim that role needs (<c>association_id</c> and <c>volunteer_id</c> are UUIDs).
    /// </summary>
    public static string? WhyRefused(ClaimsPrincipal? user)
    {
        if (string.IsNullOrWhiteSpace(user?.FindFirstValue("sub")))
        {
            return "The token carries no 'sub'.";
        }
        var roles = user.FindAll(ProBonoClaims.Role).Select(c => c.Value).ToList();
        if (roles.Count != 1)
        {
            return "The token must carry exactly one 'role'.";
        }
        return roles[0] switch
        {
            Roles.Staff => null,
            Roles.Partner => string.IsNullOrWhiteSpace(user.FindFirstValue(ProBonoClaims.PartnerId)) ? "A partner token needs 'partner_id'." : null,
            Roles.Association => Guid.TryParse(user.FindFirstValue(ProBonoClaims.AssociationId), out _) ? null : "An association token needs a UUID 'association_id'.",
            Roles.Volunteer => Guid.TryParse(user.FindFirstValue(ProBonoClaims.VolunteerId), out _) ? null : "A volunteer token needs a UUID 'volunteer_id'.",
            _ => $"The role '{roles[0]}' is unknown.",
        };
    }

    /// <summary>
    /// Whose data the caller acts for: its partner, association or volunteer id, or for staff its <c>sub</c>;
    /// null when anonymous. Idempotency keys and the gateway's rate limit belong to it, so every token of one
    /// partner shares them.
    /// </summary>
    public static string? Tenant(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var role = user.FindFirstValue(ProBonoClaims.Role);
        return role switch
        {
            Roles.Partner => $"partner:{user.FindFirstValue(ProBonoClaims.PartnerId)}",
            Roles.Association => $"association:{user.AssociationId()}",
            Roles.Volunteer => $"volunteer:{user.VolunteerId()}",
            _ => $"{role}:{user.FindFirstValue("sub")}",
        };
    }

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff);

    /// <summary>The caller's partner id when it is a partner, else null.</summary>
    public static string? PartnerId(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Partner) ? user.FindFirstValue(ProBonoClaims.PartnerId) : null;

    public static Guid? AssociationId(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Association) && Guid.TryParse(user.FindFirstValue(ProBonoClaims.AssociationId), out var id) ? id : null;

    public static Guid? VolunteerId(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Volunteer) && Guid.TryParse(user.FindFirstValue(ProBonoClaims.VolunteerId), out var id) ? id : null;
}
