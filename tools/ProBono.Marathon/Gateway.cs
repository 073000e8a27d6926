using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProBono.Token;

namespace ProBono.Marathon;

/// <summary>A call the gateway refused: what was asked and what it answered (the problem+json body).</summary>
public sealed class GatewayException(HttpMethod method, string path, HttpStatusCode status, string body)
    : Exception($"{method} {path} → {(int)status} {(body.Length > 600 ? body[..600] + "…" : body)}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;
}

/// <summary>One answer of the gateway, read whole.</summary>
public sealed record GatewayAnswer(HttpStatusCode Status, string Body, bool Replayed)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");
}

/// <summary>
/// The platform as a partner's, an association's, a volunteer's or staff's tool sees it: the gateway only, with
/// tokens minted like tools/ProBono.Token does. 429, 503 and a keyed request's 409 "key in use" are waited out
/// (Retry-After) and sent again, since the gateway's rate limit, a service's start-up and a second sender of the same
/// keyed request are part of the platform, not failures of the marathon.
/// </summary>
public sealed class Gateway : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http;
    private readonly bool ownsClient;
    private readonly string signingKey;
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private long calls;
    private long retries;

    public Gateway(Uri baseAddress, string signingKey = Tokens.DevelopmentKey, string staffSubject = "marathon-staff")
        : this(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        }, signingKey, staffSubject) => ownsClient = true;

    /// <summary>Over a client someone else made (Aspire.Hosting.Testing's); its BaseAddress is the gateway.</summary>
    public Gateway(HttpClient http, string signingKey = Tokens.DevelopmentKey, string staffSubject = "marathon-staff")
    {
        this.http = http;
        this.signingKey = signingKey;
        StaffSubject = staffSubject;
    }

    public string StaffSubject { get; }

    /// <summary>Calls sent, retries included.</summary>
    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Requests waited out on 429/503 and sent again.</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>
    /// A staff member's token. Staff's rate limit is per <c>sub</c>: on the day several staff members work at once
    /// (the check-in desks), so <paramref name="desk"/> picks one of them.
    /// </summary>
    public string Staff(int desk = 0) => tokens.GetOrAdd($"staff:{desk}", _ =>
        Tokens.Mint("staff", key: signingKey, lifetime: TimeSpan.FromHours(12), subject: desk == 0 ? StaffSubject : $"{StaffSubject}-desk-{desk}"));

    public string Partner(string partnerId) => tokens.GetOrAdd($"partner:{partnerId}", _ =>
        Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = partnerId }, signingKey, TimeSpan.FromHours(12), $"hr-{partnerId}"));

    public string Association(Guid associationId) => tokens.GetOrAdd($"association:{associationId}", _ =>
        Tokens.Mint("association", new Dictionary<string, string> { ["association_id"] = associationId.ToString() }, signingKey, TimeSpan.FromHours(12), $"association-{associationId}"));

    public string Volunteer(Guid volunteerId) => tokens.GetOrAdd($"volunteer:{volunteerId}", _ =>
        Tokens.Mint("volunteer", new Dictionary<string, string> { ["volunteer_id"] = volunteerId.ToString() }, signingKey, TimeSpan.FromHours(12), $"volunteer-{volunteerId}"));

    public Task<GatewayAnswer> Get(string path, string? token, CancellationToken ct) => Send(HttpMethod.Get, path, token, null, null, ct);

    public Task<GatewayAnswer> Post(string path, string? token, object? body, string? idempotencyKey, CancellationToken ct) =>
        Send(HttpMethod.Post, path, token, body is null ? null : () => JsonContent.Create(body, options: JsonOptions), idempotencyKey, ct);

    public Task<GatewayAnswer> Put(string path, string? token, object body, CancellationToken ct) =>
        Send(HttpMethod.Put, path, token, () => JsonContent.Create(body, options: JsonOptions), null, ct);

    /// <summary>A form as a browser posts it (application/x-www-form-urlencoded).</summary>
    public Task<GatewayAnswer> PostForm(string path, IReadOnlyDictionary<string, string> fields, CancellationToken ct) =>
        Send(HttpMethod.Post, path, null, () => new FormUrlEncodedContent(fields), null, ct, accept: "text/html");

    /// <summary>As <see cref="Send"/>, but anything but 2xx throws <see cref="GatewayException"/>.</summary>
    public async Task<JsonNode> Expect(HttpMethod method, string path, string? token, object? body = null, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var answer = await Send(method, path, token, body is null ? null : () => JsonContent.Create(body, options: JsonOptions), idempotencyKey, ct);
        return answer.IsSuccess ? (answer.Body.Length == 0 ? new JsonObject() : answer.Json) : throw new GatewayException(method, path, answer.Status, answer.Body);
    }

    /// <summary>Every item of a list endpoint, page by page (pageSize 500, API.md's largest).</summary>
    public async Task<List<JsonNode>> All(string path, string? token, CancellationToken ct)
    {
        var items = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var json = await Expect(HttpMethod.Get, $"{path}{separator}page={page}&pageSize=500", token, ct: ct);
            var pageItems = json["items"]!.AsArray();
            items.AddRange(pageItems.Select(i => i!));
            if (pageItems.Count < 500 || items.Count >= json["total"]!.GetValue<int>())
            {
                return items;
            }
        }
    }

    public async Task<GatewayAnswer> Send(
        HttpMethod method, string path, string? token, Func<HttpContent>? content, string? idempotencyKey, CancellationToken ct, string accept = "application/json")
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            request.Headers.Accept.ParseAdd(accept);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            Interlocked.Increment(ref calls);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                // a connection refused or reset while a service restarts: the same request again, a little later
                Interlocked.Increment(ref retries);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
                continue;
            }
            using (response)
            {
                // 429 and 503 are waited out; so is a 409 with Retry-After on a keyed request: the same key is still being
                // processed by another sender (two loaders at once), and its answer is replayed once it is done
                var keyInUse = response.StatusCode == HttpStatusCode.Conflict && idempotencyKey is not null && response.Headers.RetryAfter is not null;
                if ((response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable || keyInUse) && attempt < 60)
                {
                    Interlocked.Increment(ref retries);
                    await Task.Delay(RetryAfter(response, attempt), ct);
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync(ct);
                return new GatewayAnswer(response.StatusCode, body, response.Headers.Contains("Idempotent-Replayed"));
            }
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response, int attempt)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } at ? at - DateTimeOffset.UtcNow : TimeSpan.FromMilliseconds(250 * attempt));
        // jitter, so that the clients a limit stopped together do not all come back in the same millisecond
        return TimeSpan.FromMilliseconds(Math.Clamp(wait.TotalMilliseconds, 50, 30_000) + Random.Shared.Next(0, 200));
    }

    public void Dispose()
    {
        if (ownsClient)
        {
            http.Dispose();
        }
    }
}
