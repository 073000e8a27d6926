using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace ProBono.Client;

/// <summary>
/// The ProBono Platform's API through its gateway: one property per service (<c>Recruitment</c>, <c>Needs</c>,
/// <c>Teams</c>, <c>Feedback</c>...), each Kiota's client of that service's OpenAPI document. Every call carries the
/// bearer token <c>Create</c> was given; a problem response (RFC 9457) is thrown as the typed
/// <c>ProblemDetails</c> or <c>HttpValidationProblemDetails</c> of the service's <c>Models</c> namespace.
/// </summary>
public sealed partial class ProBonoClient
{
    private readonly IRequestAdapter adapter;

    private ProBonoClient(IRequestAdapter adapter) => this.adapter = adapter;

    /// <summary>The request adapter the service clients share, for requests the documents do not describe.</summary>
    public IRequestAdapter RequestAdapter => adapter;

    /// <summary>
    /// A client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the gateway's address
    /// (e.g. <c>https://probono.example/</c>). <paramref name="token"/> is asked for the bearer token before each call,
    /// so it may renew it; the token is sent to the gateway's host only.
    /// </summary>
    public static ProBonoClient Create(HttpClient http, Func<CancellationToken, Task<string>> token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(token);
        var gateway = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs the gateway's address as its BaseAddress.", nameof(http));
        var authentication = new BaseBearerTokenAuthenticationProvider(new BearerToken(token, gateway.Host));
        var adapter = new HttpClientRequestAdapter(authentication, httpClient: http)
        {
            BaseUrl = gateway.GetLeftPart(UriPartial.Path).TrimEnd('/'),
        };
        return new ProBonoClient(adapter);
    }

    /// <summary>
    /// A client of the gateway at <paramref name="gateway"/> over Kiota's own handlers (retries after 429 and 503 as
    /// <c>Retry-After</c> says, redirects, response headers on request through <c>HeadersInspectionHandlerOption</c>).
    /// </summary>
    public static ProBonoClient Create(Uri gateway, Func<CancellationToken, Task<string>> token)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var http = KiotaClientFactory.Create();
        http.BaseAddress = gateway;
        return Create(http, token);
    }

    /// <summary>The caller's token for the gateway's host, none for any other.</summary>
    private sealed class BearerToken(Func<CancellationToken, Task<string>> token, string gatewayHost) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([gatewayHost]);

        public async Task<string> GetAuthorizationTokenAsync(
            Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            AllowedHostsValidator.IsUrlHostValid(uri) ? await token(cancellationToken).ConfigureAwait(false) : string.Empty;
    }
}
