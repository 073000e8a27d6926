using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;
using ProBono.StaffConsole.Session;

namespace ProBono.StaffConsole.Gateway;

/// <summary>
/// The console's only way out: the gateway's <c>/api</c> and <c>/admin</c> paths, with the signed-in person's token.
/// A path that would leave the gateway is refused before anything is sent, and the token is attached only to a request
/// for the gateway's own address (<see cref="GatewayOnlyHandler"/> checks again on the wire).
/// </summary>
internal sealed class GatewayClient(HttpClient http, AuthenticationStateProvider authentication, ILogger<GatewayClient> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>How long one call may take before the page says the platform did not answer.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public Task<GatewayResult<T>> Get<T>(string path, CancellationToken ct = default) => Send<T>(HttpMethod.Get, path, null, ct);

    public Task<GatewayResult<T>> Post<T>(string path, object? body, CancellationToken ct = default) => Send<T>(HttpMethod.Post, path, body ?? new { }, ct);

    public Task<GatewayResult<T>> Put<T>(string path, object? body, CancellationToken ct = default) => Send<T>(HttpMethod.Put, path, body ?? new { }, ct);

    public Task<GatewayResult<T>> Delete<T>(string path, CancellationToken ct = default) => Send<T>(HttpMethod.Delete, path, null, ct);

    public async Task<GatewayResult<T>> Send<T>(HttpMethod method, string path, object? body, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            using var request = await Request(method, path, body);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                var value = response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token);
                return GatewayResult<T>.Ok(value!);
            }
            return GatewayResult<T>.Failed(await Problem.Read(response, timeout.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return GatewayResult<T>.Failed(Problem.Unreachable($"No answer within {CallTimeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "The gateway did not answer {Method} {Path}", method, path);
            return GatewayResult<T>.Failed(Problem.Unreachable(e.Message));
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "The gateway's answer to {Method} {Path} did not read", method, path);
            return GatewayResult<T>.Failed(Problem.Unreachable("The answer could not be read."));
        }
    }

    /// <summary>A download (a report, a document): its bytes, type and file name, or the problem.</summary>
    public async Task<GatewayResult<Download>> Download(string path, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            using var request = await Request(HttpMethod.Get, path, null);
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("*/*");
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return GatewayResult<Download>.Failed(await Problem.Read(response, timeout.Token));
            }
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            return GatewayResult<Download>.Ok(new Download(
                await response.Content.ReadAsByteArrayAsync(timeout.Token),
                response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                name ?? Path.GetFileName(path.Split('?')[0])));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return GatewayResult<Download>.Failed(Problem.Unreachable($"No answer within {CallTimeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "The gateway did not answer the download of {Path}", path);
            return GatewayResult<Download>.Failed(Problem.Unreachable(e.Message));
        }
    }

    /// <summary>An open response for a server-sent event stream (the day board); the caller reads and disposes it.</summary>
    public async Task<HttpResponseMessage> OpenStream(string path, CancellationToken ct)
    {
        var request = await Request(HttpMethod.Get, path, null);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private async Task<HttpRequestMessage> Request(HttpMethod method, string path, object? body)
    {
        var target = Target(http.BaseAddress!, path);
        var request = new HttpRequestMessage(method, target);
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.FindFirst(StaffSession.TokenClaim)?.Value is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        return request;
    }

    /// <summary>
    /// The absolute address of <paramref name="path"/> on the gateway: only its <c>/api/</c> and <c>/admin/</c> paths,
    /// never an absolute URL or a path that climbs out (<c>..</c>), whose request could carry the token elsewhere.
    /// </summary>
    public static Uri Target(Uri gateway, string path)
    {
        if (!(path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/admin/", StringComparison.Ordinal))
            || path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The console calls only the gateway's /api/ and /admin/ paths, not '{path}'.", nameof(path));
        }
        var target = new Uri(gateway, path);
        if (!SameOrigin(target, gateway))
        {
            throw new ArgumentException($"'{path}' leaves the gateway.", nameof(path));
        }
        return target;
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}

public sealed record Download(byte[] Content, string ContentType, string FileName);

/// <summary>What a call gave: its value, or the problem the gateway (or the way to it) answered.</summary>
public sealed record GatewayResult<T>(T? Value, Problem? Problem)
{
    public bool Succeeded => Problem is null;

    public static GatewayResult<T> Ok(T value) => new(value, null);

    public static GatewayResult<T> Failed(Problem problem) => new(default, problem);
}

/// <summary>
/// Defence in depth under <see cref="GatewayClient"/>: a request for any other address leaves without its
/// <c>Authorization</c> header, and the gateway's redirects are not followed (the handler follows none).
/// </summary>
internal sealed class GatewayOnlyHandler(Uri gateway) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !GatewayClient.SameOrigin(request.RequestUri, gateway))
        {
            request.Headers.Authorization = null;
        }
        return base.SendAsync(request, cancellationToken);
    }
}

internal static class GatewayClientSetup
{
    public static IServiceCollection AddGatewayClient(this IServiceCollection services, IConfiguration configuration)
    {
        var address = configuration["Console:GatewayUrl"] is { Length: > 0 } configured
            ? new Uri(configured.TrimEnd('/') + "/")
            : new Uri("http://localhost:5080/");
        services.AddHttpClient<GatewayClient>(client =>
            {
                client.BaseAddress = address;
                // each call has its own deadline (CallTimeout); the board's event stream has none
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddHttpMessageHandler(() => new GatewayOnlyHandler(address));
        return services;
    }
}
