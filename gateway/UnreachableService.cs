using Yarp.ReverseProxy.Forwarder;

namespace ProBono.Gateway;

/// <summary>
/// A call the gateway could not hand to its service (the process is restarting, or no destination is healthy) answers
/// 503 problem+json with <c>Retry-After</c>, as a database outage does, instead of YARP's bare 502: nothing reached
/// the service, so the same call is safe to send again. A call that reached it and then failed stays a 502.
/// </summary>
internal static class UnreachableService
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseUnreachableServiceProblems(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response.HasStarted || http.Features.Get<IForwarderErrorFeature>() is not { } error || !NeverReached(error))
        {
            return;
        }
        await GatewayProblems.Write(http, StatusCodes.Status503ServiceUnavailable, RetryAfterSeconds, "Service unavailable",
            $"The service behind this path cannot be reached right now (it may be restarting); the call did not reach it and nothing was changed. Try again in {RetryAfterSeconds} s.");
    });

    internal static bool NeverReached(IForwarderErrorFeature error) => error.Error switch
    {
        ForwarderError.NoAvailableDestinations => true,
        // a refused or failed connection: the request was never written to the service
        ForwarderError.Request => Refused(error.Exception),
        _ => false,
    };

    private static bool Refused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }
        return false;
    }
}
