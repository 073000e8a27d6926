using ProBono.IntegrationTests.Messaging;
using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// Recruitment's relay publishes an event and dies (SIGKILL) before its checkpoint is saved. Restarted, it publishes
/// the event again under the same message id (at-least-once), and Teams' inbox applies it once.
/// </summary>
public sealed class RelayCrashTests
{
    private const string Exchange = "probono:recruitment:marathon-scheduled:v1";

    [Fact]
    public async Task A_relay_killed_between_publish_and_checkpoint_republishes_and_the_consumer_applies_once()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("relaycrash");
        // only this test's Teams: other classes' Teams hosts hear the same published event on their own queues
        using var inbox = new InboxWatch(queuePrefix: $"{run}-teams".Replace('_', '-'));
        await using var broker = await RawBroker.Connect(servers);
        var wire = await broker.Watch(Exchange);
        await using var teams = new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{run}_teams", $"{run}-teams");
        _ = teams.Server; // its queues are bound before anything is published
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__recruitmentdb"] = servers.Database($"{run}_recruitment"),
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = $"{run}-recruitment",
            ["Messaging__TemporaryQueues"] = "true",
        };

        string marathonId;
        await using (var stalling = new ServiceProcess("Recruitment", new Dictionary<string, string>(environment) { ["Messaging__Faults__StallAfterPublishing"] = "true" }))
        {
            await stalling.Start();
            var scheduled = await stalling.Client(Tokens.Staff()).PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Crash before checkpoint"));
            Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
            marathonId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetString()!;
            await wire.First(m => m.GetProperty("marathonId").GetString() == marathonId, TimeSpan.FromSeconds(30)); // published; checkpoint withheld
            await stalling.Kill();
        }
        var messageId = Guid.Parse(wire.All(m => m.GetProperty("marathonId").GetString() == marathonId).Single().Envelope.GetProperty("messageId").GetString()!);
        await inbox.Decided(messageId, deliveries: 1);

        await using var restarted = new ServiceProcess("Recruitment", environment);
        await restarted.Start();

        // the restarted relay resumes from the last saved checkpoint: the same event again, under the same id
        await Eventually.True(() => Task.FromResult(wire.Count(m => m.GetProperty("marathonId").GetString() == marathonId) >= 2),
            TimeSpan.FromSeconds(60), "the event published again after the restart");
        Assert.Single(wire.All(m => m.GetProperty("marathonId").GetString() == marathonId)
            .Select(d => d.Envelope.GetProperty("messageId").GetString()).Distinct());
        await inbox.Decided(messageId, deliveries: 2);
        Assert.Equal((1, 1), (inbox.Applied(messageId), inbox.Repeats(messageId)));
    }
}
