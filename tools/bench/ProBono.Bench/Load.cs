using System.Diagnostics;

namespace ProBono.Bench;

/// <summary>One measured cell: how many requests succeeded per second, and their latency.</summary>
internal sealed record Cell(
    string Operation, string Route, int Clients, string Spread,
    int Succeeded, int Failed, double Seconds, double Rate, double P50, double P99, string? FirstFailure);

/// <summary>Closed-loop load: <c>clients</c> callers, each sending its next request as soon as the last one answered.</summary>
internal static class Load
{
    /// <summary>
    /// The client every caller of a run shares: connections enough for the most clients a cell has, kept for the run,
    /// bodies as sent (no decompression), and patience for the slowest call. It owns its handler.
    /// </summary>
    public static HttpClient Client() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
    }) { Timeout = TimeSpan.FromSeconds(120) };

    public static async Task<Cell> Run(
        HttpClient http, string operation, string route, string spread, int clients, TimeSpan duration,
        Func<long, HttpRequestMessage> next, long? maxRequests = null)
    {
        var (cell, failed, firstFailure) = await Steps(operation, route, spread, clients, duration, async n =>
        {
            using var request = next(n);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}";
        }, maxRequests);
        Console.WriteLine($"  {operation,-13} {route,-8} {clients,3} clients {spread,-11} {cell.Rate,9:F1}/s  p50 {cell.P50,8:F1} ms  p99 {cell.P99,8:F1} ms" +
            (failed > 0 ? $"  {failed} failed, first: {firstFailure}" : ""));
        return cell;
    }

    /// <summary>
    /// The closed loop itself, for any step (one request, or several that make one use case): <paramref name="step"/>
    /// answers null when it succeeded, else why it failed; a transport failure counts as failed too.
    /// </summary>
    public static async Task<(Cell Cell, int Failed, string? FirstFailure)> Steps(
        string operation, string route, string spread, int clients, TimeSpan duration, Func<long, Task<string?>> step, long? maxSteps = null)
    {
        long issued = -1;
        var failed = 0;
        string? firstFailure = null;
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();

        async Task Client(int index)
        {
            var mine = latencies[index] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (maxSteps is { } max && n >= max)
                {
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await step(n) is { } failure)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstFailure, failure, null);
                    }
                    else
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i))));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (new Cell(operation, route, clients, spread, all.Length, failed, seconds, all.Length / seconds,
            Percentile(all, 0.50), Percentile(all, 0.99), firstFailure), failed, firstFailure);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
