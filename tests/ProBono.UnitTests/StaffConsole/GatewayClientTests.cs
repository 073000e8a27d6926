using System.Net.Http.Headers;
using ProBono.StaffConsole.Gateway;

namespace ProBono.UnitTests.StaffConsole;

/// <summary>The console forwards the signed-in person's token to the gateway and to nothing else.</summary>
public sealed class GatewayClientTests
{
    private static readonly Uri Gateway = new("http://gateway.internal:5080/");

    [Theory]
    [InlineData("/api/marathons", "http://gateway.internal:5080/api/marathons")]
    [InlineData("/admin/needs/2b3c/qualify", "http://gateway.internal:5080/admin/needs/2b3c/qualify")]
    [InlineData("/api/marathons/1/volunteers?q=aur%C3%A9lie", "http://gateway.internal:5080/api/marathons/1/volunteers?q=aur%C3%A9lie")]
    public void The_gateways_api_and_admin_paths_are_reached(string path, string expected) =>
        Assert.Equal(new Uri(expected), GatewayClient.Target(Gateway, path));

    [Theory]
    [InlineData("https://elsewhere.example/api/marathons")]
    [InlineData("//elsewhere.example/api/marathons")]
    [InlineData("/api/../console/signin")]
    [InlineData("/api//elsewhere.example/x")]
    [InlineData("/api/\\elsewhere.example")]
    [InlineData("/console/")]
    [InlineData("/health")]
    [InlineData("api/marathons")]
    public void A_path_that_would_leave_the_gateways_api_is_refused_before_anything_is_sent(string path) =>
        Assert.Throws<ArgumentException>(() => GatewayClient.Target(Gateway, path));

    [Fact]
    public async Task On_the_wire_a_request_for_another_address_loses_its_token()
    {
        var seen = new List<(Uri Uri, AuthenticationHeaderValue? Authorization)>();
        using var invoker = new HttpMessageInvoker(new GatewayOnlyHandler(Gateway) { InnerHandler = new Recorder(seen) });

        foreach (var target in new[] { "http://gateway.internal:5080/api/marathons", "http://elsewhere.example/api/marathons", "http://gateway.internal:6000/api/x", "https://gateway.internal:5080/api/x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "the-token");
            (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        }

        Assert.Equal(["the-token", null, null, null], seen.Select(s => s.Authorization?.Parameter));
    }

    private sealed class Recorder(List<(Uri, AuthenticationHeaderValue?)> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add((request.RequestUri!, request.Headers.Authorization));
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
