using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ProBono.ServiceDefaults.Http;

/// <summary>The service a process's OpenAPI document describes, for names that must be unique across the four documents.</summary>
public sealed record OpenApiService(string GatewaySegment)
{
    /// <summary>"recruitment" → "Recruitment": the prefix of operation ids shared by every service (e.g. the messaging admin).</summary>
    public string OperationIdPrefix => string.Concat(char.ToUpperInvariant(GatewaySegment[0]).ToString(), GatewaySegment[1..]);
}

public static class OpenApiSetup
{
    /// <summary>The API's version: every document's info.version and the ProBono.Client package's (its csproj reads this line).</summary>
    public const string ApiVersion = "1.1.0";

    /// <summary>
    /// The service's OpenAPI document at <c>/openapi/v1.json</c>, written as partners see it through the gateway:
    /// the service's <c>/admin/...</c> paths appear as <c>/admin/{gatewaySegment}/...</c>, and a bearer scheme; with the
    /// problem responses, parameters and headers of <see cref="OpenApiContractTransformer"/>.
    /// </summary>
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services, string title, string gatewaySegment) =>
        services.AddSingleton(new OpenApiService(gatewaySegment)).AddOpenApi(options => options
        .AddOperationTransformer<OpenApiContractTransformer>()
        .AddDocumentTransformer<OpenApiContractTransformer>()
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Version = ApiVersion;
            document.Info.Description ??= $"{title}: the {gatewaySegment} service as the gateway serves it. Errors are RFC 9457 problem details; see API.md.";
            document.Servers = [new OpenApiServer { Url = "/" }];
            var paths = new OpenApiPaths();
            foreach (var (path, item) in document.Paths)
            {
                paths[path.StartsWith("/admin/", StringComparison.Ordinal) ? $"/admin/{gatewaySegment}{path["/admin".Length..]}" : path] = item;
            }
            document.Paths = paths;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with a 'role' claim (staff, partner, association, volunteer); see the README for a local token.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));

    public static WebApplication MapGatewayOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
