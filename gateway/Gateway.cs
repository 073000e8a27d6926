using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OpenTelemetry.Trace;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Transforms;

namespace ProBono.Gateway;

/// <summary>
/// The one public entrance: checks the bearer token before proxying (401 without one, 403 for non-staff on
/// <c>/admin</c>), limits each caller's rate, routes by API.md's table to the services found by Aspire
/// service discovery, and shows the services' OpenAPI documents at <c>/docs</c>.
/// </summary>
public static class Gateway
{
    public const string RateLimitPolicy = "per-caller";

    internal static readonly (string Name, string Title)[] Services =
    [
        ("recruitment", "Recruitment"),
        ("needs", "Needs"),
        ("teams", "Teams"),
        ("feedback", "Feedback"),
        ("webhooks", "Webhooks"),
    ];

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddKestrelRefusalProblems();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Yarp.ReverseProxy"));
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            // Kestrel reads a header's non-ASCII bytes as UTF-8 (a browser's cookie holding "é"), and HttpClient refuses
            // to write them without an encoding (a 502): they go on to the service as the same UTF-8 bytes
            .ConfigureHttpClient((_, handler) => handler.RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8)
            // the services name the gateway's path, not their own, as a problem's `instance` (CallerPath)
            .AddTransforms(transforms => transforms.AddRequestTransform(context =>
            {
                context.ProxyRequest.Headers.Remove(CallerPath.Header);
                context.ProxyRequest.Headers.TryAddWithoutValidation(CallerPath.Header, (context.HttpContext.Request.PathBase + context.HttpContext.Request.Path).ToString());
                return ValueTask.CompletedTask;
            }));

        var permitsPerMinute = builder.Configuration.GetValue("Gateway:RateLimit:PermitsPerMinute", 1200);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetSlidingWindowLimiter(
                CallerKey(http),
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = permitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                await GatewayProblems.Write(http, StatusCodes.Status429TooManyRequests, seconds, "Too many requests",
                    $"At most {permitsPerMinute} requests a minute per tenant; retry after {seconds} s.");
            };
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // only the gateway says which path a caller called: a caller's own header of that name is dropped before
        // anything (problem details here, the proxied request there) could believe it
        app.Use((http, next) =>
        {
            http.Request.Headers.Remove(CallerPath.Header);
            return next(http);
        });
        app.UseServiceDefaults();
        app.UseRateLimiter();
        app.UseUnreachableServiceProblems();

        app.MapGet("/", () => Results.Redirect("/docs")).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("ProBono Platform API");
            foreach (var (name, title) in Services)
            {
                options.AddDocument(name, title, $"/openapi/{name}.json");
            }
        }).AllowAnonymous();

        app.MapReverseProxy();
        return app;
    }

    /// <summary>
    /// Authenticated callers are limited per tenant (a partner, an association, a volunteer; staff by <c>sub</c>), so
    /// fresh tokens for the same tenant share its budget; anonymous ones (surveys) by address.
    /// </summary>
    private static string CallerKey(HttpContext http) =>
        http.User.Tenant() is { } tenant
            ? tenant
            : $"ip:{http.Connection.RemoteIpAddress}";
}
