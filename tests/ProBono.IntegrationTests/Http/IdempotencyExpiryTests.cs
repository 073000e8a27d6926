using System.Net.Http.Headers;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ProBono.IntegrationTests.Recruitment;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;

namespace ProBono.IntegrationTests.Http;

/// <summary>A clock the test moves by hand, so "after 60 s" needs no 60 s wait.</summary>
internal sealed class HandClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>Recruitment on a hand-moved clock.</summary>
public sealed class ClockedRecruitmentFixture : IAsyncLifetime
{
    private ServiceHost<RecruitmentProgram> host = null!;

    internal HandClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public WebApplicationFactory<RecruitmentProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var name = Isolation.Name("idempotencyexpiry");
        host = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name);
        Host = host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        _ = Host.Server;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await host.DisposeAsync();
    }
}

/// <summary>A claim left by a request that died does not block its key for ever.</summary>
public sealed class IdempotencyExpiryTests(ClockedRecruitmentFixture fixture) : IClassFixture<ClockedRecruitmentFixture>
{
    private HttpClient StaffWithKey(string key)
    {
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Staff());
        client.DefaultRequestHeaders.Add("Idempotency-Key", key);
        return client;
    }

    [Fact]
    public async Task A_claim_left_by_a_request_that_died_answers_409_until_60_seconds_then_the_key_works_again()
    {
        var key = Guid.NewGuid().ToString();
        var body = MarathonSchedulingTests.AMarathon("Died mid-request");
        Assert.Equal(HttpStatusCode.Created, (await StaffWithKey(key).PostAsJsonAsync("/admin/marathons", body)).StatusCode);
        // turn the stored response back into the unfinished claim a request that died would have left behind
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var claim = (await session.Query<IdempotentResponse>().ToListAsync()).Single(c => c.Id.EndsWith("|" + key, StringComparison.Ordinal));
            session.Store(new IdempotentResponse { Id = claim.Id, RequestHash = claim.RequestHash, Completed = false, CreatedAt = fixture.Clock.GetUtcNow() });
            await session.SaveChangesAsync();
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(50));
        var held = await StaffWithKey(key).PostAsJsonAsync("/admin/marathons", body);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        // a client is told to come back shortly, and when a dead claim frees the key
        Assert.Equal(TimeSpan.FromSeconds(2), held.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", held.Content.Headers.ContentType?.MediaType);
        Assert.Contains("can be used again in 10 s", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        fixture.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(HttpStatusCode.Conflict, (await StaffWithKey(key).PostAsJsonAsync("/admin/marathons", body)).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var retry = await StaffWithKey(key).PostAsJsonAsync("/admin/marathons", body);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        // and from then on the key replays that retry's response
        var replay = await StaffWithKey(key).PostAsJsonAsync("/admin/marathons", body);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(retry.Headers.Location, replay.Headers.Location);
    }
}
