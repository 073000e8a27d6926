using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Operators;

/// <summary>
/// Recruitment and Teams, each with its own database and queues, exchanging real events over RabbitMQ, their backlog
/// gauges polled every 200 ms so a test sees a change within a second.
/// </summary>
public sealed class OperatorsFixture : IAsyncLifetime
{
    public const string FastPoll = "0.2";

    public TestServers Servers { get; private set; } = null!;
    public WebApplicationFactory<RecruitmentProgram> Recruitment { get; private set; } = null!;
    public WebApplicationFactory<TeamsProgram> Teams { get; private set; } = null!;
    public string TeamsQueuePrefix { get; private set; } = "";

    private ServiceHost<RecruitmentProgram> recruitmentHost = null!;
    private ServiceHost<TeamsProgram> teamsHost = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.Get();
        var run = Isolation.Name("operators");
        TeamsQueuePrefix = $"{run}-teams".Replace('_', '-'); // as MassTransit spells the queues
        recruitmentHost = new ServiceHost<RecruitmentProgram>(Servers, "recruitmentdb", $"{run}_recruitment", $"{run}-recruitment");
        teamsHost = new ServiceHost<TeamsProgram>(Servers, "teamsdb", $"{run}_teams", TeamsQueuePrefix);
        Recruitment = recruitmentHost.WithWebHostBuilder(b => b.UseSetting("Telemetry:BacklogPollSeconds", FastPoll));
        Teams = teamsHost.WithWebHostBuilder(b => b.UseSetting("Telemetry:BacklogPollSeconds", FastPoll));
        // Teams' queues are bound before the first event is published
        foreach (var client in new[] { Teams.CreateClient(), Recruitment.CreateClient() })
        {
            await Eventually.True(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Recruitment and Teams healthy");
        }
    }

    public async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await Teams.DisposeAsync();
        await recruitmentHost.DisposeAsync();
        await teamsHost.DisposeAsync();
    }
}
