using Microsoft.AspNetCore.Components.Authorization;
using ProBono.StaffConsole.Gateway;

namespace ProBono.StaffConsole.Reports;

/// <summary>
/// <c>GET /console/marathons/{mid}/reports/{key}.{format}</c>: a report document fetched from the gateway with the
/// session's token (the browser never holds it) and handed to the browser as a download. A refusal goes back to the
/// reports page, which says it in words.
/// </summary>
internal static class ReportDownloadEndpoint
{
    public static WebApplication MapReportDownloads(this WebApplication app)
    {
        app.MapGet("/marathons/{marathonId:guid}/reports/{key}.{format}", async (
            Guid marathonId, string key, string format, string? partnerId, HttpContext http, GatewayClient gateway, AuthenticationStateProvider authentication,
            CancellationToken ct) =>
        {
            if (ReportDocuments.PathOf(marathonId, key, format, partnerId) is not { } path)
            {
                return Results.NotFound();
            }
            // outside a component the session's user is handed to the gateway client by hand
            ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
            var answer = await gateway.Download(path, ct);
            if (answer.Value is not { } document)
            {
                var refused = answer.Problem!;
                return Results.LocalRedirect($"{http.Request.PathBase}/marathons/{marathonId}/reports?failed={Uri.EscapeDataString(key + "." + format)}&status={refused.Status}");
            }
            // an SVG opened by itself is a document of the console's origin: it may draw, never run anything
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
            var inline = format == "svg" && http.Request.Query.ContainsKey("inline");
            return Results.File(document.Content, document.ContentType,
                inline ? null : (document.FileName is { Length: > 0 } named && named.Contains('.') ? named : ReportDocuments.FileName(marathonId, key, format, partnerId)));
        });
        return app;
    }
}
