namespace ProBono.IntegrationTests.Gateway;

/// <summary>
/// What the gateway decides on its own, before any service is asked: authentication, the staff-only admin routes,
/// the rate limit. The services behind it are deliberately unreachable here.
/// </summary>
public sealed class GatewayTests : IDisposable
{
    private readonly GatewayHost gateway = new(GatewayHost.Unreachable, permitsPerMinute: 5);

    public void Dispose() => gateway.Dispose();

    [Theory]
    [InlineData("/api/marathons")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/volunteers")]
    [InlineData("/api/needs")]
    [InlineData("/api/teams/x")]
    [InlineData("/api/marathons/x/impact")]
    [InlineData("/api/marathons/x/attendance")]
    [InlineData("/api/marathons/x/tax-pack")]
    [InlineData("/api/marathons/x/volunteers/y/certificate.pdf")]
    [InlineData("/admin/recruitment/marathons")]
    [InlineData("/admin/feedback/marathons/x/report")]
    public async Task Without_a_token_every_api_and_admin_route_answers_401_problem_details(string path)
    {
        var response = await gateway.Client(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("association")]
    [InlineData("volunteer")]
    public async Task Only_staff_pass_the_admin_routes(string role)
    {
        var token = role switch
        {
            "partner" => Tokens.Partner("edf"),
            "association" => Tokens.Association(Guid.NewGuid()),
            _ => Tokens.Volunteer(Guid.NewGuid()),
        };

        var response = await gateway.Client(token).GetAsync("/admin/teams/marathons/00000000-0000-0000-0000-000000000001");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_expired_token_answers_401()
    {
        var expired = Tokens.Mint("staff", lifetime: TimeSpan.FromMinutes(-10));

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client(expired).GetAsync("/api/marathons")).StatusCode);
    }

    [Fact]
    public async Task Beyond_the_rate_limit_a_caller_gets_429_with_Retry_After_and_others_are_not_affected()
    {
        var busy = gateway.Client(Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = "busy" }, subject: "busy-caller"));
        for (var i = 0; i < 5; i++)
        {
            // passes the gateway; the service behind it is unreachable in this test
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await busy.GetAsync("/api/marathons")).StatusCode);
        }

        var limited = await busy.GetAsync("/api/marathons");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should say when to come back");
        Assert.Equal(429, JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        var other = gateway.Client(Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = "calm" }, subject: "calm-caller"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.GetAsync("/api/marathons")).StatusCode);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_problem_response_not_an_empty_one()
    {
        var response = await gateway.Client(Tokens.Staff()).GetAsync("/api/marathons");

        Assert.True((int)response.StatusCode >= 500, $"expected a 5xx, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/attendance")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/impact")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/tax-pack")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/volunteers/00000000-0000-0000-0000-000000000002/certificate.pdf")]
    public async Task A_path_of_the_route_table_is_proxied_to_its_service_not_answered_404(string path)
    {
        // the services are unreachable here: a routed path answers 5xx, a path without a route 404
        var response = await gateway.Client(Tokens.Staff()).GetAsync(path);

        Assert.True((int)response.StatusCode >= 500, $"expected {path} to be proxied (a 5xx here), got {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/attendance/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/attendance/answers/0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task The_attendance_pages_are_proxied_to_Recruitment_without_a_token(string path)
    {
        // no bearer: the token in the address is the page's key; here the service is unreachable, so a routed path is a 5xx
        var response = await gateway.Client(null).GetAsync(path);

        Assert.True((int)response.StatusCode >= 500, $"expected {path} to be proxied without a token (a 5xx here), got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Health_and_the_API_reference_need_no_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(null).GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(null).GetAsync("/docs")).StatusCode);
    }
}
