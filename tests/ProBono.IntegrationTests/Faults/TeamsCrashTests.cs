using System.Text.Json.Nodes;
using MassTransit;
using Npgsql;
using ProBono.IntegrationTests.Recruitment;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// Teams killed (SIGKILL) while it consumes, then restarted: every marathon arrives, each message applied once, and a
/// repeat under the same id changes nothing. A trigger counts the copy's committed writes, since a key or a copied
/// version could not show a message applied twice, and Teams' own process hides its inbox from <c>InboxWatch</c>.
/// </summary>
public sealed class TeamsCrashTests
{
    private const int Marathons = 30;
    private const string Scheduled = "probono:recruitment:marathon-scheduled:v1";

    // every exchange whose messages write Teams' marathon copy
    private static readonly string[] CopyExchanges = [Scheduled, "probono:recruitment:marathon-status-changed:v1", "probono:recruitment:marathon-partner-joined:v1"];

    [Fact]
    public async Task Killing_Teams_while_it_consumes_loses_nothing_and_applies_each_message_once_and_a_repeat_not_at_all()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("crash");
        var teamsPrefix = $"{run}-teams".Replace('_', '-'); // as MassTransit will spell it
        var teamsDatabase = servers.Database($"{run}_teams");
        var queues = TeamsQueues(teamsPrefix);
        await using var broker = await RawBroker.Connect(servers);
        var wire = new Dictionary<string, ExchangeWatch>();
        foreach (var exchange in CopyExchanges)
        {
            wire[exchange] = await broker.Watch(exchange);
        }
        await using var recruitment = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{run}_recruitment", $"{run}-recruitment");
        // durable queues: what Teams has not acknowledged waits for it at the broker
        await using var teams = new ServiceProcess("Teams", new Dictionary<string, string>
        {
            // a fresh process on a loaded machine can take over Npgsql's default 15 s to connect (docs/adr/0005): the
            // crash under test is the kill, not that
            ["ConnectionStrings__teamsdb"] = $"{teamsDatabase};Timeout=60",
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = teamsPrefix,
        });
        try
        {
            await teams.Start();
            // Marten creates the copy's table on its first write: one marathon of no interest makes it, then it is counted
            await broker.SendEnvelope($"{teamsPrefix}-marathon-scheduled", Scheduled, Guid.NewGuid(), new
            {
                marathonId = Guid.NewGuid(), name = "Warm-up", venue = "Paris", date = "2030-11-16", registrationDeadline = "2030-11-01",
                hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = 3, partners = Array.Empty<object>(), version = 1, scheduledAt = DateTimeOffset.UtcNow,
            });
            await Eventually.True(async () => await Count(teamsDatabase, "select count(*) from pg_tables where schemaname = 'teams' and tablename = 'mt_doc_marathonforformation'") == 1,
                TimeSpan.FromSeconds(30), "Teams' marathon copies to have a table");
            await CountCopyWrites(teamsDatabase);
            var staff = recruitment.ClientWith(Tokens.Staff());
            var ids = new List<Guid>();
            var scheduled = 0;

            // Recruitment schedules marathons one after the other; Teams is killed once it is consuming them
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < Marathons; i++)
                {
                    var response = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon($"Crash {i}"));
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
                    lock (ids)
                    {
                        ids.Add(id);
                    }
                    Interlocked.Increment(ref scheduled);
                }
            });
            await Eventually.True(async () => writer.IsCompleted || await Count(teamsDatabase, "select count(*) from public.copy_writes") >= Marathons / 4,
                TimeSpan.FromSeconds(60), "Teams to be consuming");
            await teams.Kill();
            await Eventually.True(() => Task.FromResult(writer.IsCompleted || Volatile.Read(ref scheduled) >= 2 * Marathons / 3), TimeSpan.FromSeconds(60), "more marathons scheduled while Teams is down");
            await teams.Start();
            await writer;

            // nothing missing: Teams knows every marathon (its queues also hear other test classes' marathons: only ours count)
            await Eventually.True(async () => (await Writes(teamsDatabase)).Keys.Count(ids.Contains) == Marathons,
                TimeSpan.FromSeconds(60), "Teams to know every marathon");

            // every scheduling again, under its own id, with another name: each must be dropped as a repeat
            var messages = ids.ToDictionary(id => id, id => MessageIdsAbout(wire, id));
            foreach (var delivery in wire[Scheduled].All(m => ids.Contains(m.GetProperty("marathonId").GetGuid())))
            {
                var changed = JsonNode.Parse(delivery.Message.GetRawText())!;
                changed["name"] = $"{changed["name"]} (repeat)";
                await broker.SendEnvelope($"{teamsPrefix}-marathon-scheduled", Scheduled, Guid.Parse(delivery.Envelope.GetProperty("messageId").GetString()!), changed);
            }
            await Drained(teams, servers, [.. CopyExchanges.Select(e => $"{teamsPrefix}-{e.Split(':')[2]}")], ids);

            // nothing doubled: one committed write of the copy per distinct message on the wire, whatever was redelivered
            var writes = await Writes(teamsDatabase);
            Assert.All(ids, id => Assert.True(writes.GetValueOrDefault(id) == messages[id].Count,
                $"marathon {id}: {writes.GetValueOrDefault(id)} write(s) of Teams' copy for {messages[id].Count} distinct message(s)"));
            // and the repeats changed nothing: each copy keeps the name of the message first applied
            Assert.All(await Names(teamsDatabase, ids), name => Assert.DoesNotContain("(repeat)", name, StringComparison.Ordinal));
        }
        finally
        {
            await teams.Kill();
            foreach (var queue in queues)
            {
                await broker.DeleteQueue(queue);
                await broker.DeleteQueue($"{queue}_error");
                await broker.DeleteQueue($"{queue}_skipped");
            }
        }
    }

    /// <summary>The distinct message ids on the wire about one marathon (a relay's republication keeps its id).</summary>
    private static HashSet<Guid> MessageIdsAbout(Dictionary<string, ExchangeWatch> wire, Guid marathonId) =>
        [.. wire.Values.SelectMany(w => w.All(m => m.GetProperty("marathonId").GetGuid() == marathonId))
            .Select(d => Guid.Parse(d.Envelope.GetProperty("messageId").GetString()!))];

    /// <summary>Teams' queues, named as its bus names them: one per consumer.</summary>
    private static IReadOnlyList<string> TeamsQueues(string prefix)
    {
        var formatter = new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false);
        var name = typeof(KebabCaseEndpointNameFormatter).GetMethod(nameof(KebabCaseEndpointNameFormatter.Consumer))!;
        return [.. typeof(TeamsProgram).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IConsumer).IsAssignableFrom(t))
            .Select(t => (string)name.MakeGenericMethod(t).Invoke(formatter, null)!)];
    }

    /// <summary>
    /// Waits until Teams has decided every message about <paramref name="marathons"/>, none in its error queues either. The
    /// broker does not tell a client what a consumer holds unacknowledged, so Teams is killed and its queues are read
    /// without acknowledging: none of ours left means all were decided, else Teams is started again and the wait goes on.
    /// </summary>
    private static async Task Drained(ServiceProcess teams, TestServers servers, IReadOnlyList<string> queues, IReadOnlyCollection<Guid> marathons)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Eventually.True(async () => (await Depths(servers, queues)).Ready == 0, TimeSpan.FromSeconds(60), "Teams' queues to be empty");
            await teams.Kill();
            await Eventually.True(async () => (await Depths(servers, queues)).Consumers == 0, TimeSpan.FromSeconds(30), "the broker to drop the killed consumers");
            var pending = await Waiting(servers, queues, marathons);
            if (pending == 0)
            {
                Assert.Equal(0, await Waiting(servers, [.. queues.Select(q => $"{q}_error")], marathons));
                return;
            }
            Assert.True(attempt < 5, $"{pending} message(s) still unacknowledged after {attempt} kills");
            await teams.Start();
        }
    }

    /// <summary>Messages ready and consumers, summed over <paramref name="queues"/> (a queue that does not exist counts 0).</summary>
    private static async Task<(long Ready, long Consumers)> Depths(TestServers servers, IReadOnlyList<string> queues)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        var (ready, consumers) = (0L, 0L);
        foreach (var queue in queues)
        {
            // a passive declare of a missing queue closes its channel: one channel per queue
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue);
                (ready, consumers) = (ready + ok.MessageCount, consumers + ok.ConsumerCount);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
            }
        }
        return (ready, consumers);
    }

    /// <summary>
    /// How many messages about <paramref name="marathons"/> wait in <paramref name="queues"/> (nobody consuming them):
    /// each is fetched without acknowledging and goes back to its queue when the channel closes.
    /// </summary>
    private static async Task<int> Waiting(TestServers servers, IReadOnlyList<string> queues, IReadOnlyCollection<Guid> marathons)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        var ours = 0;
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
                {
                    var envelope = JsonDocument.Parse(message.Body).RootElement;
                    if (envelope.TryGetProperty("message", out var body) && body.TryGetProperty("marathonId", out var id) && marathons.Contains(id.GetGuid()))
                    {
                        ours++;
                    }
                }
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
            }
        }
        return ours;
    }

    /// <summary>A row per committed insert or update of Teams' marathon copy: its own change counter, kept by PostgreSQL.</summary>
    private static async Task CountCopyWrites(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            create table public.copy_writes (copy_id uuid not null, operation text not null, written_at timestamptz not null default clock_timestamp());
            create function public.count_copy_write() returns trigger language plpgsql as $$
            begin
                insert into public.copy_writes (copy_id, operation) values (new.id, tg_op);
                return new;
            end $$;
            create trigger count_copy_write after insert or update on teams.mt_doc_marathonforformation
                for each row execute function public.count_copy_write();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<Guid, long>> Writes(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select copy_id, count(*) from public.copy_writes group by copy_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var writes = new Dictionary<Guid, long>();
        while (await reader.ReadAsync())
        {
            writes[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        return writes;
    }

    /// <summary>The names Teams' copies hold (Marten's JSON, in whichever casing it writes).</summary>
    private static async Task<List<string>> Names(string database, IReadOnlyList<Guid> marathons)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select coalesce(data->>'name', data->>'Name') from teams.mt_doc_marathonforformation where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", marathons.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        Assert.Equal(marathons.Count, names.Count);
        return names;
    }

    private static async Task<long> Count(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
