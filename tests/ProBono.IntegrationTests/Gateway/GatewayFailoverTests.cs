using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Gateway;

/// <summary>
/// A replica that dies behind the gateway stops getting calls: the clusters' health checks (gateway/appsettings.json: an
/// active probe of <c>/alive</c> every second, and the failure rate of real calls) take a destination out, so the callers
/// see a handful of 503s (the call never reached a service: safe to send again), not one call in two until it is back.
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

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{s}"));
        // both destinations were tried, the dead one failed, and once it was out every call reached the live one
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses.Skip(40), s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_answers_503_with_retry_after_and_one_that_fails_mid_call_502()
    {
        var crashing = WebApplication.CreateSlimBuilder();
        crashing.WebHost.UseUrls("http://127.0.0.1:0");
        await using var replica = crashing.Build();
        replica.MapFallback((HttpContext http) => http.Abort()); // reached, then gone before answering: the call may have done something
        await replica.StartAsync();

        await using var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("Gateway:RateLimit:PermitsPerMinute", "10000")
            .UseSetting("ReverseProxy:Clusters:needs:Destinations:d1:Address", $"http://127.0.0.1:{Ports.Free()}") // nothing listens
            .UseSetting("ReverseProxy:Clusters:teams:Destinations:d1:Address", replica.Urls.Single())
            .UseSetting("Logging:LogLevel:Default", "Warning"));
        var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Staff());

        // every call, before and after the health checks mark the only destination down
        for (var i = 0; i < 10; i++)
        {
            using var refused = await staff.GetAsync("/admin/needs/associations");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Contains("did not reach it", problem.GetProperty("detail").GetString());
        }

        using var broken = await staff.GetAsync("/api/marathons/" + Guid.NewGuid() + "/teams");
        Assert.Equal(HttpStatusCode.BadGateway, broken.StatusCode);
        Assert.Null(broken.Headers.RetryAfter);
    }
}
