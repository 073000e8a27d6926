using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// The four services and the gateway, each on a real Kestrel port (Kestrel's own refusals, 414 and 431, exist only
/// there), talking over the shared broker under queue prefixes of their own, as the AppHost runs them.
/// </summary>
public sealed class SecurePlatformFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> hosts = [];

    /// <summary>Each service's name (as the gateway's clusters and OpenAPI documents name it) and base address.</summary>
    public Dictionary<string, Uri> Services { get; } = [];

    public Uri Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("security");
        var prefix = name.Replace('_', '-');
        Services["recruitment"] = Start(new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{name}_r", $"{prefix}-recruitment"));
        Services["needs"] = Start(new ServiceHost<NeedsProgram>(servers, "needsdb", $"{name}_n", $"{prefix}-needs"));
        Services["teams"] = Start(new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{name}_t", $"{prefix}-teams"));
        Services["feedback"] = Start(new ServiceHost<FeedbackProgram>(servers, "feedbackdb", $"{name}_f", $"{prefix}-feedback"));

        var gatewayPort = Ports.Free();
        var gateway = new GatewayHost(Services);
        gateway.UseKestrel(gatewayPort);
        gateway.StartServer();
        hosts.Add(gateway);
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort}");

        foreach (var address in Services.Values)
        {
            using var client = new HttpClient { BaseAddress = address };
            await Eventually.True(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), $"{address} healthy");
        }
    }

    private Uri Start<TProgram>(ServiceHost<TProgram> host) where TProgram : class
    {
        var port = Ports.Free();
        host.UseKestrel(port);
        host.StartServer();
        hosts.Add(host);
        return new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A real HTTP client to <paramref name="address"/>, with a bearer token when given.</summary>
    public static HttpClient Client(Uri address, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}

/// <summary>The gateway routing to the services given (a subclass: Kestrel hosting needs the factory itself, not a delegate of it).</summary>
internal sealed class GatewayHost(IReadOnlyDictionary<string, Uri> services, int permitsPerMinute = 1_000_000) : WebApplicationFactory<GatewayProgram>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Gateway:RateLimit:PermitsPerMinute", permitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (service, address) in services)
        {
            builder.UseSetting($"ReverseProxy:Clusters:{service}:Destinations:d1:Address", address.ToString());
        }
    }
}

/// <summary>The security tests share one platform (five hosts are costly on two cores); each prepares its own data.</summary>
[CollectionDefinition(Name)]
public sealed class SecurePlatformCollection : ICollectionFixture<SecurePlatformFixture>
{
    public const string Name = "secure-platform";
}
