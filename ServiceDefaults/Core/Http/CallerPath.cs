using Microsoft.AspNetCore.Http;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// The path the caller called, for a problem's <c>instance</c> (API.md): through the gateway, the gateway's path
/// (<c>/admin/recruitment/marathons/…</c>), not the service's own (<c>/admin/marathons/…</c>).
/// </summary>
public static class CallerPath
{
    /// <summary>Set by the gateway on every proxied request to the path it was called on (escaped, without query).</summary>
    public const string Header = "X-Forwarded-Path";

    public static string Of(HttpContext http)
    {
        // The header is trusted as it comes: the gateway is the services' only ingress, it drops whatever a caller
        // sent under this name and sets its own. A caller reaching a service directly could only mislabel its own
        // problems. The gateway itself never has it on a request (it removes it first), so there it is its own path.
        var forwarded = http.Request.Headers[Header].ToString();
        return forwarded.StartsWith('/') ? forwarded : (http.Request.PathBase + http.Request.Path).ToString();
    }
}
