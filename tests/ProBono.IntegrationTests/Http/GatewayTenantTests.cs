namespace ProBono.IntegrationTests.Http;

/// <summary>
/// At the gateway: malformed tokens stop there, and the rate limit is per tenant.
/// The services behind it are deliberately unreachable here.
/// </summary>
public sealed class GatewayTenantTests : IDisposable
{
    private readonly GatewayHost gateway = new(GatewayHost.Unreachable, permitsPerMinute: 5);

    public void Dispose() => gateway.Dispose();

    [Theory]
    [MemberData(nameof(RawTokens.Malformed), MemberType = typeof(RawTokens))]
    public async Task The_gateway_answers_401_to_a_malformed_token_before_proxying(string token)
    {
        var response = await gateway.Client(token).GetAsync("/api/marathons");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("partner", "partner_id", "shared-partner")]
    [InlineData("association", "association_id", "6f1c2c1e-8d0b-4b47-9a55-2f7f0f1a1b01")]
    [InlineData("volunteer", "volunteer_id", "6f1c2c1e-8d0b-4b47-9a55-2f7f0f1a1b02")]
    public async Task New_tokens_for_the_same_tenant_share_its_budget(string role, string idClaim, string tenant)
    {
        var claims = new Dictionary<string, string> { [idClaim] = tenant };
        var first = gateway.Client(Tokens.Mint(role, claims, subject: "first-token"));
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await first.GetAsync("/api/marathons")).StatusCode);
        }

        var fresh = gateway.Client(Tokens.Mint(role, claims, subject: "fresh-token"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await fresh.GetAsync("/api/marathons")).StatusCode);
        var otherTenant = gateway.Client(Tokens.Mint(role, new Dictionary<string, string> { [idClaim] = role == "partner" ? "other" : Guid.NewGuid().ToString() }, subject: "first-token"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await otherTenant.GetAsync("/api/marathons")).StatusCode);
    }

    [Fact]
    public async Task One_tenants_flood_gets_429_with_Retry_After_and_leaves_every_other_tenant_alone()
    {
        var flooding = gateway.Client(Tokens.Partner("flooding"));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await flooding.GetAsync("/api/marathons"));
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(3, refused.Count);
        foreach (var answer in refused)
        {
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.True(answer.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {answer.Headers.RetryAfter}");
        }
        foreach (var other in new[]
        {
            Tokens.Partner("patient"), Tokens.Association(Guid.NewGuid()), Tokens.Volunteer(Guid.NewGuid()), Tokens.Mint("staff", subject: "alice"),
        })
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await gateway.Client(other).GetAsync("/api/marathons")).StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_by_address_apart_from_the_tenants()
    {
        var anonymous = gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync($"/api/surveys/{Guid.NewGuid():N}")).StatusCode);
        }

        var refused = await anonymous.GetAsync($"/api/surveys/{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await gateway.Client(Tokens.Partner("from-the-same-address")).GetAsync("/api/marathons")).StatusCode);
    }
}
