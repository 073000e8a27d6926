using Marten;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.IntegrationTests.Webhooks;

/// <summary>
/// The subscriptions API (API.md, Webhooks): a partner's own webhooks, a secret shown once, staff naming the partner, another
/// partner's webhook a 404, and bad input refused with nothing stored.
/// </summary>
public sealed class WebhookSubscriptionTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    private static string APartner() => $"p-{Guid.NewGuid():N}"[..20];

    private async Task<int> Stored(string partnerId)
    {
        await using var session = fixture.Host.Store.QuerySession();
        return await session.Query<Webhook>().CountAsync(w => w.PartnerId == partnerId);
    }

    [Fact]
    public async Task A_partner_subscribes_sees_its_webhook_without_the_secret_rotates_it_and_deletes_it()
    {
        var partner = APartner();
        var client = fixture.Partner(partner);

        var created = await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "volunteer.confirmed", "team.formed" }, description = "HR tool" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("webhookId").GetGuid();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        Assert.Equal(["team.formed", "volunteer.confirmed"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location?.OriginalString);

        var read = await client.GetAsync($"/api/webhooks/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var shown = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.DoesNotContain("secret\"", shown, StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/webhooks");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);

        var rotated = await client.PostAsync($"/api/webhooks/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(secret, newSecret);
        await using (var session = fixture.Host.Store.QuerySession())
        {
            Assert.Equal(newSecret, (await session.LoadAsync<WebhookSecret>(id))!.Secret);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("total").GetInt32());
        await using (var session = fixture.Host.Store.QuerySession())
        {
            Assert.Null(await session.LoadAsync<WebhookSecret>(id)); // a deleted webhook's secret is gone
        }
    }

    [Fact]
    public async Task Staff_name_the_partner_and_list_one_partners_webhooks()
    {
        var partner = APartner();
        var refused = await fixture.Staff.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "team.formed" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("partnerId", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await fixture.Staff.PostAsJsonAsync("/api/webhooks", new { partnerId = partner, url = "http://127.0.0.1:9/hook", events = new[] { "team.formed" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var listed = await fixture.Staff.GetFromJsonAsync<JsonElement>($"/api/webhooks?partnerId={partner}");
        Assert.Equal(partner, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("partnerId").GetString());
        Assert.Equal(1, (await fixture.Partner(partner).GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("total").GetInt32());
        // a partner naming another partner is refused; its own name is fine
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Partner(partner).PostAsJsonAsync("/api/webhooks",
            new { partnerId = "someone-else", url = "http://127.0.0.1:9/hook", events = new[] { "team.formed" } })).StatusCode);
    }

    [Fact]
    public async Task Another_partners_webhook_is_404_for_every_operation_and_is_not_listed()
    {
        var (owner, intruder) = (APartner(), APartner());
        var (id, _) = await fixture.Subscribe(owner, "http://127.0.0.1:9/hook");
        var client = fixture.Partner(intruder);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/webhooks/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/webhooks/{id}/deliveries/{Guid.NewGuid()}/redeliver", null)).StatusCode);
        // naming another partner is refused, as for every partner's document
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/webhooks?partnerId={owner}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.ClientWith(Tokens.Association(Guid.NewGuid())).GetAsync("/api/webhooks")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Partner(owner).GetAsync($"/api/webhooks/{id}")).StatusCode);
    }

    public static TheoryData<string, string> BadSubscriptions => new()
    {
        { """{"events":["team.formed"]}""", "url" },
        { """{"url":"ftp://127.0.0.1/hook","events":["team.formed"]}""", "url" },
        { """{"url":"http://hr.example.com/hook","events":["team.formed"]}""", "url" },
        { """{"url":"not a url","events":["team.formed"]}""", "url" },
        { """{"url":"http://127.0.0.1:9/hook","events":["team.dissolved"]}""", "events[0]" },
        { """{"url":"http://127.0.0.1:9/hook","events":[]}""", "events" },
        { """{"url":"http://127.0.0.1:9/hook"}""", "events" },
        { """{"url":"http://127.0.0.1:9/hook","events":["team.formed"],"description":"a\u0001b"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task Bad_input_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var partner = APartner();

        var response = await fixture.Partner(partner).PostAsync("/api/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, await Stored(partner));
    }

    [Fact]
    public async Task An_eleventh_webhook_is_refused_with_422_and_not_stored()
    {
        var partner = APartner();
        for (var i = 0; i < 10; i++)
        {
            await fixture.Subscribe(partner, $"http://127.0.0.1:9/hook{i}");
        }

        var eleventh = await fixture.Partner(partner).PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/eleventh", events = new[] { "team.formed" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, eleventh.StatusCode);
        Assert.Equal(10, await Stored(partner));
        // a deleted one makes room again
        var first = (await fixture.Partner(partner).GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("items")[0].GetProperty("webhookId").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Partner(partner).DeleteAsync($"/api/webhooks/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Partner(partner).PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/eleventh", events = new[] { "team.formed" } })).StatusCode);
    }

    [Fact]
    public async Task Outside_development_a_local_or_internal_url_is_refused()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("webhooksprod");
        await using var production = new ServiceHost<WebhooksProgram>(servers, "webhooksdb", name, name.Replace('_', '-'),
            settings: new Dictionary<string, string> { ["Webhooks:AllowLocalUrls"] = "false" });
        var client = production.ClientWith(Tokens.Partner(APartner()));

        foreach (var url in new[]
        {
            "http://127.0.0.1:9/hook", "https://localhost/hook", "https://127.0.0.2/hook", "https://10.0.0.1/hook", "https://192.168.1.10/hook",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
        })
        {
            var response = await client.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "team.formed" } });

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            Assert.Contains("url", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
        await using var session = production.Store.QuerySession();
        Assert.Equal(0, await session.Query<Webhook>().CountAsync());
    }
}
