using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// Headers on every response of every service and the gateway: no content sniffing, no referrer carrying an address
/// (the survey page's token is in its path), and no copy in any cache of an <c>/api</c> or <c>/admin</c> answer, which
/// may hold volunteers, invitations, team members or reports. A page setting its own (the survey page's CSP) keeps it.
/// </summary>
internal static class SecurityHeaders
{
    internal static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
            {
                headers["Referrer-Policy"] = "no-referrer";
            }
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/admin"))
            {
                headers.CacheControl = "no-store";
                headers.Remove("Expires");
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
