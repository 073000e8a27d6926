using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ProBono.ServiceDefaults.Http;

public static class OpenApiSetup
{
    /// <summary>
    /// The service's OpenAPI document at <c>/openapi/v1.json</c>, written as partners see it through the gateway:
    /// the service's <c>/admin/...</c> paths appear as <c>/admin/{gatewaySegment}/...</c>, and a bearer scheme.
    /// </summary>
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services, string title, string gatewaySegment) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
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
