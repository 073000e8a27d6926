using System.Net;

namespace ProBono.Soak;

/// <summary>
/// Between the load and the gateway: records every answer in the <see cref="Ledger"/> and what each success
/// acknowledged. A 502/504 (a service killed in the middle of the call) is sent again here, as a client would, for up
/// to two minutes; 503 (the database down, or a service the gateway could not reach) and 429 are left to
/// <see cref="ProBono.Marathon.Gateway"/>, which honours <c>Retry-After</c>.
/// </summary>
internal sealed class RecordingHandler(Ledger ledger) : DelegatingHandler(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 64,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
})
{
    private static readonly TimeSpan UpstreamPatience = TimeSpan.FromMinutes(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        var route = Ledger.Route(path);
        var service = Ledger.ServiceOf(route);
        var started = ledger.Now;
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException)
            {
                ledger.Add(new Answer(ledger.Now, request.Method.Method, route, service, 0, false, false));
                throw;
            }
            var status = (int)response.StatusCode;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            ledger.Add(new Answer(ledger.Now, request.Method.Method, route, service, status, problem, response.Headers.RetryAfter is not null));
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout && ledger.Now - started < UpstreamPatience.TotalSeconds)
            {
                response.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }
            if (response.IsSuccessStatusCode && request.Method == HttpMethod.Post)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                ledger.Acknowledge(request.Method.Method, path, await response.Content.ReadAsStringAsync(cancellationToken),
                    response.Headers.Contains("Idempotent-Replayed"));
            }
            return response;
        }
    }
}
