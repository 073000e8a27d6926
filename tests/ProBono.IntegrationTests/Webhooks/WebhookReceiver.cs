using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProBono.IntegrationTests.Webhooks;

/// <summary>One request a receiver took: its path, the Standard Webhooks headers, the body, and when it arrived.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, IHeaderDictionary Headers, long ArrivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A partner's server: a real Kestrel listener on a loopback port, answering each path as the test says (200 by default),
/// and keeping every request it took.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<int, CancellationToken, Task<int>>> answers = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentDictionary<string, int> mostInFlight = new();
    private WebApplication? app;

    public int Port { get; } = Ports.Free();

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public IReadOnlyList<ReceivedWebhook> Received(string path) => [.. received.Where(r => r.Path == "/" + path)];

    /// <summary>The most requests <paramref name="path"/> ever had in progress at once.</summary>
    public int MostAtOnce(string path) => mostInFlight.GetValueOrDefault("/" + path);

    /// <summary>How <paramref name="path"/> answers its n-th request (1-based): a status code, possibly after a while.</summary>
    public void Answer(string path, Func<int, CancellationToken, Task<int>> answer) => answers["/" + path] = answer;

    public void Answer(string path, Func<int, int> status) => Answer(path, (n, _) => Task.FromResult(status(n)));

    /// <summary>A dead endpoint: it takes the request and never answers (until the caller gives up).</summary>
    public void Hang(string path) => Answer(path, async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        return 200;
    });

    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value ?? "/";
            var headers = new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
            received.Enqueue(new ReceivedWebhook(path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), body, headers, Stopwatch.GetTimestamp()));
            var n = counts.AddOrUpdate(path, 1, (_, c) => c + 1);
            var now = inFlight.AddOrUpdate(path, 1, (_, c) => c + 1);
            mostInFlight.AddOrUpdate(path, now, (_, most) => Math.Max(most, now));
            try
            {
                http.Response.StatusCode = answers.TryGetValue(path, out var answer) ? await answer(n, http.RequestAborted) : 200;
            }
            catch (OperationCanceledException)
            {
                // the sender gave up
            }
            finally
            {
                inFlight.AddOrUpdate(path, 0, (_, c) => c - 1);
            }
        });
        await app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(soon.Token);
            await app.DisposeAsync();
        }
    }
}
