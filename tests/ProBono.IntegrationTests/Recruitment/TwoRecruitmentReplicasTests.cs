using Npgsql;
using ProBono.IntegrationTests.Recruitment.Volunteers;

namespace ProBono.IntegrationTests.Recruitment;

/// <summary>
/// Recruitment run as two OS processes on one database and one broker (what <c>Recruitment:Replicas=2</c> in the AppHost
/// does): the quota holds across them, only one of them relays the events, and when that one is killed the other takes
/// over without losing an event.
/// </summary>
public sealed class TwoRecruitmentReplicasTests : IAsyncLifetime
{
    private TestServers servers = null!;
    private string database = null!;
    private ServiceProcess first = null!;
    private ServiceProcess second = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.Get();
        var run = Isolation.Name("replicas");
        database = $"{run}_recruitment";
        first = Replica("replica-a", run);
        second = Replica("replica-b", run);
        await first.Start(); // the first creates the schema; then both run
        await second.Start();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    private ServiceProcess Replica(string name, string run) => new("Recruitment", new Dictionary<string, string>
    {
        // the application name tells which replica holds the relay's lock (pg_stat_activity)
        ["ConnectionStrings__recruitmentdb"] = $"{servers.Database(database)};Application Name={name}",
        ["ConnectionStrings__messaging"] = servers.RabbitMq,
        ["Messaging__QueuePrefix"] = $"{run}-recruitment".Replace('_', '-'),
        // durable like production: both replicas consume from the same queues (MassTransit makes transient queues exclusive)
        ["Messaging__TemporaryQueues"] = "false",
    });

    private async Task<Guid> OpenMarathon(int quota)
    {
        var staff = first.Client(Tokens.Staff());
        var response = await staff.PostAsJsonAsync("/admin/marathons",
            MarathonSchedulingTests.AMarathon("Replicas", new { partnerId = "acme", name = "Acme", quota }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    private static async Task<(HttpStatusCode Status, string? VolunteerStatus, Guid VolunteerId)> Register(ServiceProcess replica, Guid marathonId, string employeeRef)
    {
        var response = await replica.Client(Tokens.Partner("acme"))
            .PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", VolunteerRegistrationTests.AVolunteer(employeeRef));
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null, Guid.Empty);
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.GetProperty("status").GetString(), body.GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task Sixty_parallel_registrations_over_two_replicas_confirm_exactly_the_quota_of_ten()
    {
        var id = await OpenMarathon(quota: 10);

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Register(i % 2 == 0 ? first : second, id, $"E-{i}")));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(10, results.Count(r => r.VolunteerStatus == "confirmed"));
        Assert.Equal(50, results.Count(r => r.VolunteerStatus == "waitlisted"));
        var stats = await second.Client(Tokens.Staff()).GetFromJsonAsync<JsonElement>($"/admin/marathons/{id}/stats");
        var acme = stats.GetProperty("items").EnumerateArray().Single();
        Assert.Equal((10, 50), (acme.GetProperty("confirmed").GetInt32(), acme.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task One_replica_relays_and_when_it_is_killed_the_other_publishes_every_remaining_event()
    {
        await using var broker = await RawBroker.Connect(servers);
        var confirmed = await broker.Watch("probono:recruitment:volunteer-confirmed:v1");
        var id = await OpenMarathon(quota: 1_000);
        bool OfThisMarathon(JsonElement m) => m.GetProperty("marathonId").GetGuid() == id;

        var before = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            before.Add((await Register(i % 2 == 0 ? first : second, id, $"B-{i}")).VolunteerId);
        }
        await Eventually.True(() => Task.FromResult(before.All(v => confirmed.Count(m => m.GetProperty("volunteerId").GetGuid() == v) > 0)),
            TimeSpan.FromSeconds(30), "the first twenty VolunteerConfirmed on the wire");

        // one relay: one replica holds the daemon's lock, and every message so far came from that replica's bus
        var relaying = Assert.Single(await RelayLockHolders());
        var sources = confirmed.All(OfThisMarathon).Select(d => d.Envelope.GetProperty("sourceAddress").GetString()).Distinct().ToList();
        Assert.Single(sources);
        Assert.Equal(20, confirmed.All(OfThisMarathon).Select(d => d.Envelope.GetProperty("messageId").GetString()).Distinct().Count());

        // kill the relaying replica, as a crash would, while registrations go on through the other one
        var (dead, survivor) = relaying == "replica-a" ? (first, second) : (second, first);
        var writing = Task.Run(async () =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 40; i++)
            {
                ids.Add((await Register(survivor, id, $"A-{i}")).VolunteerId);
            }
            return ids;
        });
        await dead.Kill();
        var after = await writing;

        // nothing lost: every volunteer's confirmation reaches the broker, now from the survivor
        await Eventually.True(() => Task.FromResult(after.All(v => confirmed.Count(m => m.GetProperty("volunteerId").GetGuid() == v) > 0)),
            TimeSpan.FromSeconds(60), "every VolunteerConfirmed after the kill on the wire");
        Assert.Equal(["replica-a" == relaying ? "replica-b" : "replica-a"], await RelayLockHolders());
        // nothing doubled into two messages: each event travels under one message id (its event id), whatever the
        // number of deliveries a republished page may add (consumers drop repeats by that id)
        var deliveries = confirmed.All(OfThisMarathon);
        Assert.Equal(60, deliveries.Select(d => d.Envelope.GetProperty("messageId").GetString()).Distinct().Count());
        Assert.Equal(60, deliveries.Select(d => d.Message.GetProperty("volunteerId").GetGuid()).Distinct().Count());
    }

    /// <summary>The replicas (by application name) that hold an advisory lock in the database: the async daemon's leadership.</summary>
    private async Task<List<string>> RelayLockHolders()
    {
        await using var connection = new NpgsqlConnection(servers.Database(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select distinct a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.datname = current_database()
              and a.application_name in ('replica-a', 'replica-b')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
