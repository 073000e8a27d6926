using ProBono.IntegrationTests.Security;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// The one-message endpoints reach each of the four services through the gateway (its <c>/admin/{service}/**</c>
/// routes): the answer for an unknown message id is the service's own 404, naming the id, not the gateway's.
/// </summary>
[Collection(SecurePlatformCollection.Name)]
public sealed class FailedMessageGatewayTests(SecurePlatformFixture platform)
{
    [Theory]
    [InlineData("recruitment")]
    [InlineData("needs")]
    [InlineData("teams")]
    [InlineData("feedback")]
    public async Task Staff_reach_each_services_error_queue_endpoints_through_the_gateway_and_nobody_else_does(string service)
    {
        var staff = SecurePlatformFixture.Client(platform.Gateway, Tokens.Staff());
        var unknown = Guid.NewGuid();

        foreach (var response in new[]
                 {
                     await staff.DeleteAsync($"/admin/{service}/messaging/errors/{unknown}"),
                     await staff.PostAsync($"/admin/{service}/messaging/errors/{unknown}/redeliver", null),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(unknown.ToString(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        var badId = await staff.DeleteAsync($"/admin/{service}/messaging/errors/not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.True((await badId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("messageId", out _));

        var partner = SecurePlatformFixture.Client(platform.Gateway, Tokens.Partner("edf"));
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.DeleteAsync($"/admin/{service}/messaging/errors/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecurePlatformFixture.Client(platform.Gateway).PostAsync($"/admin/{service}/messaging/errors/{unknown}/redeliver", null)).StatusCode);
    }
}
