using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Gateway;

/// <summary>
/// A replica that dies behind the gateway stops getting calls: the clusters' health checks (gateway/appsettings.json: an
/// active probe of <c>/alive</c> every second, and the failure rate of real calls) take a destination out, so the callers
/// see a handful of 502s, not one call in two until it is back.
/// </summary>
public sealed class GatewayFailoverTests
{
    [Fact]
    public async Task A_dead_replica_is_taken_out_of_its_cluster_after_a_few_failed_calls()
    {
        var alive = WebApplication.CreateSlimBuilder();
        alive.WebHost.UseUrls("http://127.0.0.1:0");
        await using var replica = alive.Build();
        replica.MapFallback(() => Results.Text("alive"));
        await replica.StartAsync();
        var aliveAddress = replica.Urls.Single();
        var deadAddress = $"http://127.0.0.1:{Ports.Free()}"; // nothing listens: a killed replica's port

        await using var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("Gateway:RateLimit:PermitsPerMinute", "10000")
            .UseSetting("ReverseProxy:Clusters:needs:Destinations:d1:Address", deadAddress)
            .UseSetting("ReverseProxy:Clusters:needs:Destinations:d2:Address", aliveAddress)
            .UseSetting("Logging:LogLevel:Default", "Warning"));
        var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Staff());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 80; i++)
        {
            using var response = await staff.GetAsync("/admin/needs/associations");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.BadGateway, $"{s}"));
        // both destinations were tried, the dead one failed, and once it was out every call reached the live one
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.All(statuses.Skip(40), s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
