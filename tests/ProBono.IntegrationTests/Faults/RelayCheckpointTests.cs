using Npgsql;
using ProBono.IntegrationTests.Recruitment;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// The relay checkpoints a page only after RabbitMQ confirmed it (ADR 2): an event committed while the broker is down
/// keeps the checkpoint below it, so after a SIGKILL and the broker's return it still arrives, once. A relay that
/// checkpointed before the confirm would lose it with the process (in-process: IntegrationEventRelayTests).
/// </summary>
public sealed class RelayCheckpointTests
{
    private const string Exchange = "probono:recruitment:marathon-scheduled:v1";

    private sealed record Appended(Guid MarathonId, long Sequence, Guid Id);

    [SkippableFact]
    public async Task A_relay_killed_while_the_broker_is_down_has_not_checkpointed_the_event_and_publishes_it_once_after_the_restart()
    {
        Skip.IfNot(PrivateBroker.Installed, $"needs the machine's rabbitmq-server ({PrivateBroker.Server}) for a broker of its own");
        var servers = await TestServers.Get();
        var run = Isolation.Name("relaycheckpoint");
        var database = servers.Database($"{run}_recruitment");
        await using var broker = new PrivateBroker();
        await broker.Start();
        // durable, declared before anything is published: it keeps every copy the broker confirms, across its restart
        var watch = $"{run}-watch".Replace('_', '-');
        await broker.DeclareDurableWatch(Exchange, watch);
        var environment = new Dictionary<string, string>
        {
            // a fresh process on a loaded machine can take over Npgsql's default 15 s to connect (docs/adr/0005)
            ["ConnectionStrings__recruitmentdb"] = $"{database};Timeout=60",
            ["ConnectionStrings__messaging"] = broker.Uri,
            ["Messaging__QueuePrefix"] = $"{run}-recruitment".Replace('_', '-'),
            ["Messaging__TemporaryQueues"] = "true",
        };

        Appended during;
        await using (var recruitment = new ServiceProcess("Recruitment", environment))
        {
            await recruitment.Start();
            var staff = recruitment.Client(Tokens.Staff());
            // with the broker up the checkpoint passes a confirmed event: the row read below is the relay's, and it moves
            var before = await MarathonScheduled(database, await Schedule(staff, "Before the outage"));
            await Eventually.True(async () => await Checkpoint(database) >= before.Sequence, TimeSpan.FromSeconds(60),
                "the relay's checkpoint to pass an event the broker confirmed");

            await broker.Kill();
            during = await MarathonScheduled(database, await Schedule(staff, "While the broker is down")); // writes need only PostgreSQL
            // the relay's own word that it has the page: its publish of this very event failed (IntegrationEventRelay's warning)
            await recruitment.Logged(line => line.Contains($"for event {during.Sequence} failed", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), $"the relay to try event {during.Sequence} and fail");
            var checkpoint = await Checkpoint(database);
            Assert.True(checkpoint < during.Sequence,
                $"the relay checkpointed {checkpoint} while event {during.Sequence} was unconfirmed: a crash now loses it");

            await recruitment.Kill();
        }
        await broker.Start();
        await using var restarted = new ServiceProcess("Recruitment", environment);
        await restarted.Start();

        // once the checkpoint passes the event, every publish of it has been confirmed, so every copy is in the queue
        await Eventually.True(async () => await Checkpoint(database) >= during.Sequence, TimeSpan.FromSeconds(60),
            $"the restarted relay to publish event {during.Sequence} and checkpoint it");
        var copies = (await broker.Take(watch)).Where(m => m.GetProperty("messageId").GetGuid() == during.Id).ToList();
        // not lost with the killed process: a relay that checkpointed before the confirm shows none
        Assert.True(copies.Count > 0, $"event {during.Sequence} was never published: it was lost with the killed process");
        Assert.All(copies, c => Assert.Equal(during.MarathonId, c.GetProperty("message").GetProperty("marathonId").GetGuid()));
        // and once: a second copy only as the relay's own logged retry (a confirm later than its 3 s deadline is given up
        // and published again: at-least-once by design, docs/faults.md)
        if (copies.Count > 1)
        {
            await restarted.Logged(line => line.Contains($"for event {during.Sequence} failed (attempt {copies.Count - 1})", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), $"the relay to report {copies.Count - 1} failed publish(es) of event {during.Sequence}, which it delivered {copies.Count} times");
        }
    }

    private static async Task<Guid> Schedule(HttpClient staff, string name)
    {
        var response = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
    }

    /// <summary>The marathon's <c>MarathonScheduled</c> event as committed: its sequence, and its id (the message id it travels under).</summary>
    private static async Task<Appended> MarathonScheduled(string database, Guid marathonId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select seq_id, id from recruitment.mt_events where stream_id = @stream and type = 'marathon_scheduled'", connection);
        command.Parameters.AddWithValue("stream", marathonId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no MarathonScheduled event for marathon {marathonId}");
        return new Appended(marathonId, reader.GetInt64(0), reader.GetGuid(1));
    }

    /// <summary>The relay's saved progress: the last sequence the daemon checkpointed for it (0 before its first).</summary>
    private static async Task<long> Checkpoint(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select coalesce(max(last_seq_id), 0) from recruitment.mt_event_progression where name like @relay", connection);
        command.Parameters.AddWithValue("relay", $"{IntegrationEventRelay.SubscriptionName}%");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
