using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// Hosts on real Kestrel ports, as the AppHost runs them (some refusals exist only there), stopped in the reverse order
/// of their start.
/// </summary>
public sealed class KestrelHosts : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> hosts = [];

    /// <summary>Starts <paramref name="host"/> on a free loopback port and gives its base address.</summary>
    public Uri Start<TProgram>(WebApplicationFactory<TProgram> host) where TProgram : class => Start(host, Ports.Free());

    /// <summary>Starts <paramref name="host"/> on <paramref name="port"/>, chosen first because another host must know it.</summary>
    public Uri Start<TProgram>(WebApplicationFactory<TProgram> host, int port) where TProgram : class
    {
        host.UseKestrel(port);
        host.StartServer();
        hosts.Add(host);
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Waits until each of <paramref name="addresses"/> answers its health check.</summary>
    public static async Task Healthy(IEnumerable<Uri> addresses)
    {
        foreach (var address in addresses)
        {
            using var client = new HttpClient { BaseAddress = address };
            await Eventually.True(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), $"{address} healthy");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }
    }
}
