using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway routing to the services given; with none, to the addresses of its own settings, which nothing answers in a
/// test. A subclass, not <c>WithWebHostBuilder</c>: Kestrel hosting needs the factory itself, not a delegate of it.
/// </summary>
internal sealed class GatewayHost(
    IReadOnlyDictionary<string, Uri> services, int permitsPerMinute = 1_000_000, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<GatewayProgram>
{
    /// <summary>No service behind the gateway: what it decides on its own.</summary>
    public static IReadOnlyDictionary<string, Uri> Unreachable { get; } = new Dictionary<string, Uri>();

    /// <summary>An in-memory client of the gateway, with a bearer token when given; it follows redirects.</summary>
    public HttpClient Client(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Gateway:RateLimit:PermitsPerMinute", permitsPerMinute.ToString(CultureInfo.InvariantCulture));
        foreach (var (service, address) in services)
        {
            builder.UseSetting($"ReverseProxy:Clusters:{service}:Destinations:d1:Address", address.ToString());
        }
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
