using System.Diagnostics;
using ProBono.IntegrationTests.Messaging;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// A message reaches a consumer while its service's PostgreSQL is down for longer than the quick retries last (as when
/// the server crash-restarts): the message waits for the database and is applied once it returns; it does not end in
/// the error queue, where nobody would apply it.
/// </summary>
public sealed class ConsumerDatabaseOutageTests(ITestOutputHelper output)
{
    // longer than the quick retries (8.6 s), shorter than a test should take
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task A_message_that_arrives_while_the_database_is_down_waits_for_it_and_is_applied_once_it_returns()
    {
        Skip.IfNot(PrivatePostgres.Installed, "needs the machine's PostgreSQL binaries for a server of its own");
        await using var postgres = new PrivatePostgres();
        await postgres.Start();
        var servers = await TestServers.Get();
        var name = Isolation.Name("consumerdboutage");
        var prefix = name.Replace('_', '-');
        await using var teams = new FaultHost<TeamsProgram>("teamsdb", postgres.Database(name), servers.RabbitMq, prefix);
        var staff = teams.ClientWith(Tokens.Staff());
        staff.Timeout = TimeSpan.FromSeconds(30);
        await Eventually.True(async () => (await staff.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Teams healthy");
        await using var broker = await RawBroker.Connect(servers);
        using var watch = ConsumeWatch.On(teams.Services);

        await postgres.Stop();
        var down = Stopwatch.StartNew();
        var messageId = Guid.NewGuid();
        var marathonId = Guid.NewGuid();
        await broker.SendEnvelope($"{prefix}-marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", messageId,
            MarathonEventFlowTests.ScheduledMessage(marathonId, "Outlived the outage", 1));
        await Task.Delay(Outage); // the outage's length, not a proof: the proof is where the message is afterwards
        output.WriteLine($"PostgreSQL down for {down.Elapsed.TotalSeconds:F1} s with the message delivered");
        await postgres.Start();

        await Eventually.True(async () => (await staff.GetAsync($"/admin/marathons/{marathonId}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the message applied once the database is back");
        var errors = await staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors");
        Assert.DoesNotContain(errors.GetProperty("items").EnumerateArray(), m => m.GetProperty("messageId").GetString() == messageId.ToString());
        output.WriteLine($"applied {down.Elapsed.TotalSeconds:F1} s after the database stopped; consumed {watch.Times(messageId)} time(s)");
    }
}
