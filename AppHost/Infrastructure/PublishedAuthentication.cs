using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// A manifest carries the token settings as parameters the deployment fills in, never a key, since the services refuse
/// the development key outside Development (ADR 15): an OIDC provider when <c>Auth:Authority</c> is set at publish time
/// (any value: it only picks the shape), else an HS256 key of the deployment's own as a secret parameter.
/// </summary>
internal static class PublishedAuthentication
{
    public const string DefaultAudience = "probono-api";

    public static void Apply(IDistributedApplicationBuilder builder, IEnumerable<IResourceBuilder<ProjectResource>> projects)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        var audience = builder.AddParameter("auth-audience", DefaultAudience, publishValueAsDefault: true)
            .WithDescription("The `aud` every token must carry (Auth:Audience).");
        var settings = new List<(string Variable, IResourceBuilder<ParameterResource> Parameter)> { ("Auth__Audience", audience) };
        if (!string.IsNullOrEmpty(builder.Configuration["Auth:Authority"]))
        {
            // the issuer is the authority's own unless the deployment sets Auth__Issuer
            settings.Add(("Auth__Authority", builder.AddParameter("auth-authority")
                .WithDescription("The OIDC provider's URL (Auth:Authority); its discovery document gives the signing keys and the issuer.")));
        }
        else
        {
            settings.Add(("Auth__SigningKey", builder.AddParameter("auth-signing-key", secret: true)
                .WithDescription("The HS256 key tokens are signed with (Auth:SigningKey), at least 32 bytes, from the deployment's secret store.")));
            settings.Add(("Auth__Issuer", builder.AddParameter("auth-issuer")
                .WithDescription("The `iss` every token must carry (Auth:Issuer).")));
        }
        foreach (var project in projects)
        {
            foreach (var (variable, parameter) in settings)
            {
                project.WithEnvironment(variable, parameter);
            }
        }
    }

    /// <summary>
    /// The staff console signs staff in through the OIDC provider (its client id and secret), and forwards the access
    /// token it gets to the gateway; it checks no token itself, so it needs no signing key.
    /// </summary>
    public static void ApplyToConsole(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> console)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        console.WithEnvironment("Auth__Authority", builder.AddParameter("console-auth-authority")
            .WithDescription("The OIDC provider staff sign in with (Auth:Authority); its access tokens must carry role=staff for the gateway."));
        console.WithEnvironment("Auth__ClientId", builder.AddParameter("console-auth-client-id")
            .WithDescription("The console's client id at the OIDC provider (Auth:ClientId)."));
        console.WithEnvironment("Auth__ClientSecret", builder.AddParameter("console-auth-client-secret", secret: true)
            .WithDescription("The console's client secret at the OIDC provider (Auth:ClientSecret)."));
    }
}
