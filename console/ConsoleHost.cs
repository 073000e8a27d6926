using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using ProBono.StaffConsole.Components;
using ProBono.StaffConsole.Gateway;
using ProBono.StaffConsole.Language;
using ProBono.StaffConsole.Reports;
using ProBono.StaffConsole.Session;

namespace ProBono.StaffConsole;

/// <summary>
/// The console's services and pipeline. It lives under <c>/console</c> (the gateway forwards that path as it is), holds no
/// data of its own and reaches nothing but the gateway, with the signed-in person's token.
/// </summary>
internal static class ConsoleHost
{
    public const string PathBase = "/console";

    public static WebApplicationBuilder AddStaffConsole(this WebApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Texts>();
        builder.AddStaffSession();
        builder.Services.AddGatewayClient(builder.Configuration);

        // the console answers only through the gateway, which sets these headers itself (a caller's own are replaced):
        // sign-in redirects and the OIDC callback then name the address the browser used
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        return builder;
    }

    public static WebApplication MapStaffConsole(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UsePathBase(PathBase);
        // routing after the path base is taken off, or the endpoints (mapped without it) match nothing
        app.UseRouting();
        app.UseConsoleHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapSessionEndpoints();
        app.MapLocalSignIn();
        app.MapLanguageEndpoint();
        app.MapReportDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>No sniffing, no referrer carrying a console address, no page in a shared cache, no framing.</summary>
    private static IApplicationBuilder UseConsoleHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
