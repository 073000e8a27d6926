using Marten;
using ProBono.IntegrationTests.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers;

namespace ProBono.IntegrationTests.Recruitment;

/// <summary>
/// 50 employees of one partner register at once for a quota of 10: exactly 10 confirmed and 40 waitlisted, checked by
/// id in the answers, the lists, each volunteer's page, the events (first come, first confirmed) and the roster's figures.
/// </summary>
public sealed class QuotaRaceTests(QuotaRaceTests.Fixture fixture) : IClassFixture<QuotaRaceTests.Fixture>
{
    /// <summary>
    /// Recruitment with longer database timeouts than its fail-fast defaults: the 50 queue on the roster's lock, and on a
    /// loaded machine the last would be told 503 after 10 s (docs/adr/0005); the race, not that, is under test.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public ServiceHost<RecruitmentProgram> Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var servers = await TestServers.Get();
            var name = Isolation.Name("quotarace");
            Host = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", name, name, settings: new Dictionary<string, string>
            {
                ["ConnectionStrings:recruitmentdb"] = $"{servers.Database(name)};Timeout=30;Command Timeout=120",
            });
            _ = Host.Server;
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private const int Registrations = 50;
    private const int Quota = 10;

    private HttpClient Staff => fixture.Host.ClientWith(Tokens.Staff());

    [Fact]
    public async Task Fifty_parallel_registrations_for_a_quota_of_ten_confirm_exactly_ten_and_waitlist_forty_by_id()
    {
        var scheduled = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Quota race",
            new { partnerId = "acme", name = "Acme", quota = Quota }, new { partnerId = "globex", name = "Globex", quota = Quota }));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var marathon = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{marathon}/open-registration", null)).StatusCode);
        var acme = fixture.Host.ClientWith(Tokens.Partner("acme"));

        using var gate = new SemaphoreSlim(0, Registrations);
        var calls = Enumerable.Range(0, Registrations).Select(async i =>
        {
            await gate.WaitAsync();
            using var response = await acme.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", VolunteerRegistrationTests.AVolunteer($"Q-{i:00}"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"a registration answered {(int)response.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            return (Id: json.GetProperty("volunteerId").GetGuid(), Status: json.GetProperty("status").GetString());
        }).ToList();
        gate.Release(Registrations);
        var told = await Task.WhenAll(calls);

        var toldConfirmed = told.Where(t => t.Status == "confirmed").Select(t => t.Id).Order().ToList();
        var toldWaitlisted = told.Where(t => t.Status == "waitlisted").Select(t => t.Id).Order().ToList();
        Assert.Equal(Quota, toldConfirmed.Count);
        Assert.Equal(Registrations - Quota, toldWaitlisted.Count);
        Assert.Equal(Registrations, told.Select(t => t.Id).Distinct().Count());

        // the partner's volunteers listed by status are the very ones each caller was told
        Assert.Equal(toldConfirmed, await Listed(acme, marathon, "confirmed"));
        Assert.Equal(toldWaitlisted, await Listed(acme, marathon, "waitlisted"));
        Assert.Equal(told.Select(t => t.Id).Order(), await Listed(Staff, marathon, null));
        foreach (var (id, status) in told)
        {
            Assert.Equal(status, (await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers/{id}")).GetProperty("status").GetString());
        }

        // the events: one registration per volunteer, each with its own place in the arrival order, the first ten confirmed
        await using (var session = fixture.Host.Store.QuerySession())
        {
            var registered = await session.Events.QueryRawEventDataOnly<VolunteerRegistered>().Where(e => e.MarathonId == marathon).ToListAsync();
            Assert.Equal(told.Select(t => t.Id).Order(), registered.Select(e => e.VolunteerId).Order());
            Assert.Equal(Enumerable.Range(0, Registrations), registered.Select(e => e.Arrival).Order());
            Assert.Equal(toldConfirmed, registered.Where(e => e.Arrival < Quota).Select(e => e.VolunteerId).Order());
            Assert.All(registered, e => Assert.Equal(e.Arrival < Quota ? VolunteerStatus.Confirmed : VolunteerStatus.Waitlisted, e.Status));
        }

        // the roster's figures, as the marathon and the staff's stats show them; the other partner untouched
        var partners = (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}")).GetProperty("partners").EnumerateArray()
            .ToDictionary(p => p.GetProperty("partnerId").GetString()!, p => (p.GetProperty("confirmed").GetInt32(), p.GetProperty("waitlisted").GetInt32()));
        Assert.Equal((Quota, Registrations - Quota), partners["acme"]);
        Assert.Equal((0, 0), partners["globex"]);
        var stats = (await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathon}/stats")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("partnerId").GetString() == "acme");
        Assert.Equal((Quota, Registrations - Quota), (stats.GetProperty("confirmed").GetInt32(), stats.GetProperty("waitlisted").GetInt32()));
    }

    private static async Task<List<Guid>> Listed(HttpClient client, Guid marathon, string? status)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers?pageSize=500{(status is null ? "" : $"&status={status}")}");
        var ids = page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("volunteerId").GetGuid()).Order().ToList();
        Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
        return ids;
    }
}
