using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ProBono.IntegrationTests.Infrastructure;
using ProBono.IntegrationTests.Recruitment;
using ProBono.Token;
using RabbitMQ.Client;
using RecruitmentProgram = ProBono.Recruitment.Program;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// Teams is killed (SIGKILL) while Recruitment keeps publishing, then restarted: every marathon arrives,
/// each event is applied exactly once.
/// </summary>
public sealed class TeamsCrashTests
{
    private const int Marathons = 30;

    [Fact]
    public async Task Killing_Teams_while_events_are_published_loses_nothing_and_doubles_nothing()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("crash");
        var teamsQueues = $"{run}-teams".Replace('_', '-'); // as MassTransit will spell them
        await using var recruitment = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{run}_recruitment", $"{run}-recruitment");
        // durable queues: what Teams has not acknowledged waits for it at the broker
        await using var teams = new ServiceProcess("Teams", new Dictionary<string, string>
        {
            ["ConnectionStrings__teamsdb"] = servers.Database($"{run}_teams"),
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = teamsQueues,
        });
        try
        {
            await teams.Start();
            var staff = recruitment.ClientWith(Tokens.Staff());
            var ids = new List<Guid>();

            for (var i = 0; i < Marathons; i++)
            {
                if (i == Marathons / 3)
                {
                    await teams.Kill();
                }
                if (i == 2 * Marathons / 3)
                {
                    await teams.Start();
                }
                var response = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon($"Crash {i}"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid());
            }

            // nothing missing: Teams knows every marathon
            var teamsStaff = teams.Client(Tokens.Staff());
            await Eventually.True(async () =>
            {
                foreach (var id in ids)
                {
                    if ((await teamsStaff.GetAsync($"/admin/marathons/{id}")).StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }
                }
                return true;
            }, TimeSpan.FromSeconds(60), "Teams to know every marathon");

            // nothing doubled: each of Recruitment's events was applied by Teams once, under its own message id
            var eventIds = await Scalars<Guid>(servers.Database($"{run}_recruitment"),
                "select id from recruitment.mt_events where type = 'marathon_scheduled'");
            var applied = await Scalars<string>(servers.Database($"{run}_teams"),
                "select id from teams.mt_doc_processedmessage where id like 'MarathonScheduledConsumer:%'");
            Assert.Equal(Marathons, eventIds.Count);
            Assert.All(eventIds, e => Assert.Single(applied, a => a == $"MarathonScheduledConsumer:{e:N}"));
            foreach (var id in ids)
            {
                var marathon = await teamsStaff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{id}");
                Assert.Equal(1, marathon.GetProperty("detailsVersion").GetInt64());
            }
        }
        finally
        {
            await DeleteQueues(servers, teamsQueues);
        }
    }

    private static async Task<List<T>> Scalars<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }
        return values;
    }

    private static async Task DeleteQueues(TestServers servers, string prefix)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { "marathon-scheduled", "marathon-status-changed" })
        {
            await channel.QueueDeleteAsync($"{prefix}-{queue}");
        }
    }
}
