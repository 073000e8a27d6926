using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace ProBono.Gateway;

/// <summary>The answers the gateway writes itself: the rate limit's 429 and an unreachable service's 503.</summary>
internal static class GatewayProblems
{
    /// <summary>A problem the gateway answers itself (not a service's), with the <c>Retry-After</c> that tells the caller when to come back.</summary>
    internal static Task Write(HttpContext http, int status, int retryAfterSeconds, string title, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
