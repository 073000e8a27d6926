using Npgsql;
using ProBono.IntegrationTests.Recruitment;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// A relay whose checkpoint row was set back to 0 while the service was stopped (tools/backup/restore.sh on a store
/// younger than its replay window, or an operator replaying everything) publishes the whole history again and reaches
/// the head. Marten keeps "from the start" as no row at all: its first page from 0 inserts the row, and a row already
/// there failed that insert after the page was published, which paused the relay at 0 for good.
/// </summary>
public sealed class RelayFromTheStartTests
{
    private const string Exchange = "probono:recruitment:marathon-scheduled:v1";

    [Fact]
    public async Task A_relay_set_back_to_0_publishes_the_history_again_and_reaches_the_head()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("relayfromstart");
        await using var broker = await RawBroker.Connect(servers);
        var watch = await broker.Watch(Exchange);

        var marathons = new List<Guid>();
        await using (var first = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", run, run))
        {
            var staff = first.ClientWith(Tokens.Staff());
            for (var i = 0; i < 3; i++)
            {
                marathons.Add(await Schedule(staff, $"Before the restore {i}"));
            }
            var head = await Head(servers.Database(run));
            await Eventually.True(async () => await Checkpoint(servers.Database(run)) >= head, TimeSpan.FromSeconds(60),
                "the relay to publish the marathons before the restore");
        }
        Assert.All(marathons, id => Assert.Equal(1, watch.Count(m => m.GetProperty("marathonId").GetGuid() == id)));

        await SetBackToTheStart(servers.Database(run));
        await using var restored = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", run, run);
        _ = restored.Server;

        var history = await Head(servers.Database(run));
        await Eventually.True(async () => await Checkpoint(servers.Database(run)) >= history, TimeSpan.FromSeconds(60),
            $"the relay set back to 0 to publish the {history} events of the history again and checkpoint them");
        // once again each, under the same message id (the inboxes drop it where it had been applied)
        await Eventually.True(() => Task.FromResult(marathons.All(id => watch.Count(m => m.GetProperty("marathonId").GetGuid() == id) >= 2)),
            TimeSpan.FromSeconds(20), "every marathon published a second time");

        // and it goes on: a new event leaves too
        var after = await Schedule(restored.ClientWith(Tokens.Staff()), "After the restore");
        await watch.First(m => m.GetProperty("marathonId").GetGuid() == after, TimeSpan.FromSeconds(30));
    }

    private static async Task<Guid> Schedule(HttpClient staff, string name)
    {
        var response = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
    }

    /// <summary>What restore.sh wrote for a relay whose whole history lies in the replay window.</summary>
    private static Task SetBackToTheStart(string database) => Scalar(database,
        "update recruitment.mt_event_progression set last_seq_id = 0 where name like @relay returning last_seq_id");

    private static Task<long> Checkpoint(string database) => Scalar(database,
        "select coalesce(max(last_seq_id), 0) from recruitment.mt_event_progression where name like @relay");

    private static Task<long> Head(string database) => Scalar(database, "select coalesce(max(seq_id), 0) from recruitment.mt_events");

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("relay", $"{IntegrationEventRelay.SubscriptionName}%");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
