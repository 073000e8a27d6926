using System.Diagnostics;
using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// Recruitment's PostgreSQL (a private server) stops under it: calls answer 503 problem+json with Retry-After, not a
/// 500 and not a hang; nothing half-written stays; once the database is back the service, its relay and its writes
/// recover by themselves.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Calls_answer_503_while_the_database_is_down_and_everything_recovers_when_it_returns()
    {
        Skip.IfNot(PrivatePostgres.Installed, "needs the machine's PostgreSQL binaries for a server of its own");
        await using var postgres = new PrivatePostgres();
        await postgres.Start();
        var servers = await TestServers.Get();
        var name = Isolation.Name("dboutage");
        await using var recruitment = new FaultHost<RecruitmentProgram>("recruitmentdb", postgres.Database(name), servers.RabbitMq, name);
        await using var broker = await RawBroker.Connect(servers);
        var published = await broker.Watch("probono:recruitment:marathon-scheduled:v1");
        var staff = recruitment.ClientWith(Tokens.Staff());
        staff.Timeout = TimeSpan.FromSeconds(30); // a hang fails the test instead of waiting 100 s
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Before"))).StatusCode);

        await postgres.Stop();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var during = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon($"During {i}"));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            await DatabaseOutage.AssertUnavailable(during);
            var read = await staff.GetAsync("/api/marathons");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        }
        output.WriteLine($"slowest 503 while the database was down: {slowest.TotalMilliseconds:F0} ms");

        await postgres.Start();
        var after = await Eventually.Get(async () =>
            await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("After")) is { StatusCode: HttpStatusCode.Created } r ? r : null,
            TimeSpan.FromSeconds(30), "Recruitment to take writes again");
        var afterId = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetString();

        // nothing half-written: none of the refused marathons exists; the relay publishes what came after
        var marathons = await staff.GetFromJsonAsync<JsonElement>("/api/marathons?pageSize=500");
        var names = marathons.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Equal(["After", "Before"], names.Order());
        await published.First(m => m.GetProperty("marathonId").GetString() == afterId, TimeSpan.FromSeconds(30));
    }
}

/// <summary>What a call gets while a service's database is down for every database outage test.</summary>
internal static class DatabaseOutage
{
    /// <summary>503 problem+json with a Retry-After, its status in the body too.</summary>
    public static async Task AssertUnavailable(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells the caller when to come back");
        Assert.Equal(503, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }
}
