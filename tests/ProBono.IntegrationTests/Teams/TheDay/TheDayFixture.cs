using Microsoft.Extensions.DependencyInjection;
using ProBono.Teams;

namespace ProBono.IntegrationTests.Teams.TheDay;

/// <summary>A committed team of a marathon on the day: its lead Ana (EDF), Ben (BNP) and Chloé (EDF); Dan (BNP) is in no team.</summary>
public sealed record DayTeam(Guid MarathonId, Guid TeamId, Guid NeedId, Guid Ana, Guid Ben, Guid Chloe, Guid Dan);

/// <summary>
/// One Teams service with its own database and queues. Recruitment's events (the marathon and its status, confirmed and
/// checked-in volunteers) are sent straight to Teams' queues; the team itself is started as a stream through the host's
/// document store (as formation's commit would append it), so these tests depend on the day only, not on the optimiser.
/// </summary>
public class TheDayFixture : IAsyncLifetime
{
    public ServiceHost<TeamsProgram> Host { get; private set; } = null!;
    public RawBroker Broker { get; private set; } = null!;
    private string queuePrefix = "";
    private string database = "";
    private TestServers servers = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.Get();
        database = Isolation.Name("teamsday");
        queuePrefix = database.Replace('_', '-'); // as MassTransit spells it
        Host = new ServiceHost<TeamsProgram>(servers, "teamsdb", database, queuePrefix, services: WithClock);
        Broker = await RawBroker.Connect(servers);
        var anonymous = Host.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Teams healthy");
    }

    /// <summary>The clock Teams reads; the system's unless a fixture moves its own.</summary>
    protected virtual TimeProvider? Clock => null;

    private void WithClock(IServiceCollection services)
    {
        if (Clock is { } clock)
        {
            services.AddSingleton(clock);
        }
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>
    /// Another replica of the same Teams: the same database, nothing in memory shared with <see cref="Host"/>. Its queues
    /// are its own (the test queues are exclusive to one connection); the board's stream needs none.
    /// </summary>
    public async Task<ServiceHost<TeamsProgram>> AnotherReplica()
    {
        var replica = new ServiceHost<TeamsProgram>(servers, "teamsdb", database, $"{queuePrefix}-b", services: WithClock);
        var anonymous = replica.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the other replica healthy");
        return replica;
    }

    /// <summary>What a Teams process needs to be one more replica of <see cref="Host"/> (with queues of its own, see <see cref="AnotherReplica"/>).</summary>
    public IDictionary<string, string> ReplicaEnvironment(string suffix) => new Dictionary<string, string>
    {
        ["ConnectionStrings__teamsdb"] = servers.Database(database),
        ["ConnectionStrings__messaging"] = servers.RabbitMq,
        ["Messaging__QueuePrefix"] = $"{queuePrefix}-{suffix}",
        ["Messaging__TemporaryQueues"] = "true",
    };

    public HttpClient Staff => Host.ClientWith(Tokens.Staff());

    public HttpClient Volunteer(Guid volunteerId) => Host.ClientWith(Tokens.Volunteer(volunteerId));

    public HttpClient Partner(string partnerId) => Host.ClientWith(Tokens.Partner(partnerId));

    /// <summary>Sends an upstream event to the queue of Teams' consumer <paramref name="consumer"/> (e.g. "volunteer-checked-in").</summary>
    public Task Deliver(string consumer, string messageUrn, object message) =>
        Broker.SendEnvelope($"{queuePrefix}-{consumer}", messageUrn, Guid.NewGuid(), message);

    /// <summary>
    /// Recruitment moved the marathon to <paramref name="status"/> (<paramref name="version"/> orders the moves) at
    /// <paramref name="at"/> (now by default); waits until Teams knows.
    /// </summary>
    public async Task MoveMarathon(Guid marathonId, string status, long version, DateTimeOffset? at = null)
    {
        await Deliver("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1",
            new { marathonId, status, version, changedAt = at ?? DateTimeOffset.UtcNow });
        await Eventually.True(async () =>
            await Staff.GetAsync($"/admin/marathons/{marathonId}") is { StatusCode: HttpStatusCode.OK } r
            && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == status, TimeSpan.FromSeconds(20), $"Teams to know marathon {marathonId} as {status}");
    }

    /// <summary>Recruitment's check-in of <paramref name="volunteerId"/> (it does not wait: the board's stream is what watches it).</summary>
    public Task CheckIn(Guid marathonId, Guid volunteerId, string partnerId) =>
        Deliver("volunteer-checked-in", "probono:recruitment:volunteer-checked-in:v1",
            new { volunteerId, marathonId, partnerId, version = 3, checkedInAt = DateTimeOffset.UtcNow });

    /// <summary>A marathon in <paramref name="status"/>, its four volunteers confirmed, Ana checked in, and the team of one need committed.</summary>
    public async Task<DayTeam> ATeam(string status = "in-progress")
    {
        var day = new DayTeam(Guid.NewGuid(), Guid.Empty, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        day = day with { TeamId = Team.IdOf(day.NeedId) };
        await Deliver("marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", new
        {
            marathonId = day.MarathonId, name = "Pro Bono Marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = 3,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 10 }, new { partnerId = "bnp", name = "BNP Paribas", quota = 10 } },
            version = 1, scheduledAt = DateTimeOffset.UtcNow,
        });
        await MoveMarathon(day.MarathonId, status, 2);

        (Guid Id, string Name, string Partner)[] volunteers = [(day.Ana, "Ana", "edf"), (day.Ben, "Ben", "bnp"), (day.Chloe, "Chloé", "edf"), (day.Dan, "Dan", "bnp")];
        foreach (var (id, firstName, partner) in volunteers)
        {
            await Deliver("volunteer-confirmed", "probono:recruitment:volunteer-confirmed:v1", new
            {
                volunteerId = id, marathonId = day.MarathonId, partnerId = partner, partnerName = partner.ToUpperInvariant(), firstName,
                skills = new[] { "marketing" }, leadCapable = true, causes = new[] { "culture" }, hourlyCostEur = (decimal?)null, version = 1,
                confirmedAt = DateTimeOffset.UtcNow,
            });
        }
        await CheckIn(day.MarathonId, day.Ana, "edf");
        await Eventually.True(async () =>
        {
            await using var session = Host.Store.QuerySession();
            var copies = await session.LoadManyAsync<ProBono.Teams.Copies.VolunteerForFormation>([day.Ana, day.Ben, day.Chloe, day.Dan]);
            return copies.Count(c => c.IsConfirmed) == 4 && copies.Single(c => c.Id == day.Ana).CheckedIn;
        }, TimeSpan.FromSeconds(20), "Teams to know the four volunteers, Ana checked in");

        TeamMemberInfo[] members =
        [
            new(day.Ana, "Ana", "edf", ["marketing"], true, ["culture"]),
            new(day.Ben, "Ben", "bnp", ["marketing"], true, ["culture"]),
            new(day.Chloe, "Chloé", "edf", ["marketing"], true, ["culture"]),
        ];
        await using (var session = Host.Store.LightweightSession())
        {
            session.Events.StartStream<Team>(day.TeamId, new TeamFormed(day.TeamId, day.MarathonId,
                new TeamNeed(day.NeedId, Guid.NewGuid(), "A sales brochure", "A brochure", "culture", [new SkillCount("marketing", 2)], 2, 5),
                members, day.Ana, Guid.NewGuid(), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        return day;
    }
}
