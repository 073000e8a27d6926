using ProBono.IntegrationTests.Operators;
using RabbitMQ.Client;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// Staff act on one message of an <c>_error</c> queue, by its message id: send it back to its consumer or discard it
/// for good, while every other message of the queue stays there, in its order. Teams' real consumer and durable
/// queues of this class, deleted afterwards.
/// </summary>
public sealed class FailedMessageReplayTests
{
    private const string Scheduled = "probono:recruitment:marathon-scheduled:v1";

    private static object Poison() => new { marathonId = Guid.NewGuid(), name = "Poison", version = 1, partners = (object?)null };

    [Fact]
    public async Task Staff_replay_or_discard_one_failed_message_and_the_others_stay_in_place_in_order()
    {
        await using var run = await DurableTeams.Start("replay");
        var (servers, broker, teams, staff, _) = run;
        var (queue, errors) = (run.Queue, run.Errors);
        using var meters = new MeterRecorder(teams.Services);

        // two poison messages fail their retries for real; a good message behind them is applied all the same
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await broker.SendEnvelope(queue, Scheduled, first, Poison());
        await broker.SendEnvelope(queue, Scheduled, second, Poison());
        var goodMarathon = Guid.NewGuid();
        await broker.SendEnvelope(queue, Scheduled, Guid.NewGuid(), MarathonEventFlowTests.ScheduledMessage(goodMarathon, "Healthy", 1));
        await Eventually.True(async () => (await Listed(staff, errors)).Count == 2, TimeSpan.FromSeconds(60), "both poison messages in the error queue");
        await Eventually.True(async () => (await staff.GetAsync($"/admin/marathons/{goodMarathon}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the good message applied");
        // a good message that failed while its cause lasted (put there directly: MassTransit's error queue exists now)
        var (cured, curedMarathon) = (Guid.NewGuid(), Guid.NewGuid());
        await broker.SendEnvelope(errors, Scheduled, cured, MarathonEventFlowTests.ScheduledMessage(curedMarathon, "Cured", 1));
        var last = Guid.NewGuid(); // and one more behind it, so the messages held while looking for one sit on both sides
        await broker.SendEnvelope(errors, Scheduled, last, Poison());
        var before = await Listed(staff, errors);
        Assert.Equal(4, before.Count);
        Assert.Equal(new[] { cured, last }, before.Skip(2));
        Assert.Equal(new HashSet<Guid> { first, second }, before.Take(2).ToHashSet());
        var (older, newer) = (before[0], before[1]);

        // replay the cured one: consumed again, applied this time; the poison ones stay, in their order
        using (var watch = ConsumeWatch.On(teams.Services))
        {
            var replay = await staff.PostAsync($"/admin/messaging/errors/{cured}/redeliver?queue={errors}", null);
            Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
            await watch.Consumed(cured, times: 1, TimeSpan.FromSeconds(20));
            await Eventually.True(async () => (await staff.GetAsync($"/admin/marathons/{curedMarathon}")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(20), "the replayed message applied");
            Assert.Equal(new[] { older, newer, last }, await Listed(staff, errors));
        }

        // replay the older poison one: the consumer sees it again, it fails again and lands behind the other one
        using (var watch = ConsumeWatch.On(teams.Services))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/admin/messaging/errors/{older}/redeliver", null)).StatusCode);
            await watch.Consumed(older, times: 1, TimeSpan.FromSeconds(20));
            Assert.Contains(newer, await Listed(staff, errors));
            await Eventually.True(async () => (await Listed(staff, errors)).SequenceEqual([newer, last, older]), TimeSpan.FromSeconds(40),
                "the still-poison message back in the error queue, behind the others");
            Assert.Equal(0, watch.Times(newer));
        }

        // discard the other: gone from the list and from the queue, counted; the replayed one untouched
        using (var watch = ConsumeWatch.On(teams.Services))
        {
            Assert.Equal(3u, await Depth(servers, errors));
            Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/messaging/errors/{newer}")).StatusCode);
            Assert.Equal(new[] { last, older }, await Listed(staff, errors));
            Assert.Equal(2u, await Depth(servers, errors));
            var discarded = Assert.Single(meters.Of("probono.failed_messages.discarded"));
            Assert.Equal((1d, errors), (discarded.Value, discarded.Tag("queue")));
            Assert.Equal(0, watch.Times(newer)); // discarded, not sent back
            await AssertProblem(await staff.DeleteAsync($"/admin/messaging/errors/{newer}"), HttpStatusCode.NotFound);
        }

        // the rest of the contract: unknown id, bad id, a queue that is not one of the service's error queues, roles
        var unknown = Guid.NewGuid();
        await AssertProblem(await staff.DeleteAsync($"/admin/messaging/errors/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblem(await staff.PostAsync($"/admin/messaging/errors/{unknown}/redeliver", null), HttpStatusCode.NotFound);
        var badId = await AssertProblem(await staff.DeleteAsync("/admin/messaging/errors/not-a-uuid"), HttpStatusCode.BadRequest);
        Assert.True(badId.GetProperty("errors").TryGetProperty("messageId", out _));
        var badQueue = await AssertProblem(await staff.PostAsync($"/admin/messaging/errors/{older}/redeliver?queue={queue}", null), HttpStatusCode.BadRequest);
        Assert.True(badQueue.GetProperty("errors").TryGetProperty("queue", out _));
        foreach (var caller in new[] { teams.ClientWith(Tokens.Partner("edf")), teams.ClientWith(Tokens.Volunteer(Guid.NewGuid())) })
        {
            await AssertProblem(await caller.DeleteAsync($"/admin/messaging/errors/{older}"), HttpStatusCode.Forbidden);
            await AssertProblem(await caller.PostAsync($"/admin/messaging/errors/{older}/redeliver", null), HttpStatusCode.Forbidden);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.ClientWith(null).DeleteAsync($"/admin/messaging/errors/{older}")).StatusCode);
        Assert.Equal(new[] { last, older }, await Listed(staff, errors)); // nothing moved by the refused and unanswered calls
        Assert.Single(meters.Of("probono.failed_messages.discarded"));
    }

    [Fact]
    public async Task Concurrent_staff_calls_each_find_their_message()
    {
        await using var run = await DurableTeams.Start("replayrace");
        var (servers, broker, _, staff, _) = run;
        var errors = run.Errors;
        await DeclareDurable(servers, errors); // as MassTransit declares it

        // while one call holds the queue's messages, the others must wait for them, not miss them (404)
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            await broker.SendEnvelope(errors, Scheduled, id, Poison());
        }
        var keep = ids[^2..];
        var answers = await Task.WhenAll(ids[..^2].Select(id => staff.DeleteAsync($"/admin/messaging/errors/{id}"))
            .Append(staff.GetAsync("/admin/messaging/errors")));
        Assert.All(answers[..^1], a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal(HttpStatusCode.OK, answers[^1].StatusCode);
        Assert.Equal(keep, await Listed(staff, errors));
        Assert.Equal(2u, await Depth(servers, errors));
    }

    /// <summary>
    /// Teams' real consumers of Recruitment's marathon events on durable queues of the test's own, Teams healthy; disposed,
    /// it stops Teams and deletes those queues and their error queues.
    /// </summary>
    private sealed record DurableTeams(TestServers Servers, RawBroker Broker, ServiceHost<TeamsProgram> Teams, HttpClient Staff, string Prefix)
        : IAsyncDisposable
    {
        public string Queue => $"{Prefix}-marathon-scheduled";

        public string Errors => $"{Queue}_error";

        public static async Task<DurableTeams> Start(string name)
        {
            var servers = await TestServers.Get();
            var run = Isolation.Name(name);
            var prefix = $"{run}-teams".Replace('_', '-'); // as MassTransit spells it
            var teams = new ServiceHost<TeamsProgram>(servers, "teamsdb", run, prefix, temporaryQueues: false);
            var started = new DurableTeams(servers, await RawBroker.Connect(servers), teams, teams.ClientWith(Tokens.Staff()), prefix);
            try
            {
                await Eventually.True(async () => (await started.Staff.GetAsync("/health")).StatusCode == HttpStatusCode.OK, what: "Teams healthy");
                return started;
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Teams.DisposeAsync();
            foreach (var consumer in new[] { "marathon-scheduled", "marathon-status-changed", "marathon-partner-joined" })
            {
                await Broker.DeleteQueue($"{Prefix}-{consumer}");
                await Broker.DeleteQueue($"{Prefix}-{consumer}_error");
            }
            await Broker.DisposeAsync();
        }
    }

    /// <summary>The message ids staff see in <paramref name="errorQueue"/>, in the queue's order.</summary>
    private static async Task<List<Guid>> Listed(HttpClient staff, string errorQueue) =>
        [.. (await staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("queue").GetString() == errorQueue)
            .Select(m => Guid.Parse(m.GetProperty("messageId").GetString()!))];

    /// <summary>How many messages RabbitMQ itself holds in <paramref name="queueName"/> (ready, none held by anyone).</summary>
    private static async Task<uint> Depth(TestServers servers, string queueName)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queueName)).MessageCount;
    }

    private static async Task DeclareDurable(TestServers servers, string queueName)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queueName, durable: true, exclusive: false, autoDelete: false);
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
