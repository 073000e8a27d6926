using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// The broker dies (SIGKILL) under four writers, with publishes in flight: the events wait in the event store, and
/// the relay publishes every one of them once the broker is back — none lost, repeats only under the same message id.
/// The time from the broker's return to the last publish is printed (a figure, not an assertion: docs/reliability.md).
/// </summary>
public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    private const string Exchange = "probono:recruitment:marathon-scheduled:v1";

    [SkippableFact]
    public async Task Events_committed_while_the_broker_is_down_are_published_when_it_returns()
    {
        Skip.IfNot(PrivateBroker.Installed, $"needs the machine's rabbitmq-server ({PrivateBroker.Server}) for a broker of its own");
        await using var broker = new PrivateBroker();
        await broker.Start();
        var watchQueue = $"outage-watch-{Guid.NewGuid():N}";
        await broker.DeclareDurableWatch(Exchange, watchQueue);

        var name = Isolation.Name("outage");
        await using var recruitment = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name, messaging: broker.Uri);
        var staff = recruitment.ClientWith(Tokens.Staff());
        var before = await Schedule(staff, "Before the outage");
        await Received(broker, watchQueue, [before], TimeSpan.FromSeconds(30));

        // writers keep going while the broker dies under them: some publishes are in flight at the kill
        var scheduled = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                scheduled.Add(await Schedule(staff, $"Writer {w} #{i}")); // writes need only PostgreSQL
            }
        })).ToArray();
        await Eventually.True(() => Task.FromResult(scheduled.Count >= 10), TimeSpan.FromSeconds(30), "writes before the kill");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill");
        await broker.Kill();
        var atKill = scheduled.Count;
        await Eventually.True(() => Task.FromResult(scheduled.Count >= atKill + 10), TimeSpan.FromSeconds(30), "writes while the broker is down");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await broker.Start();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} listening");
        var back = System.Diagnostics.Stopwatch.StartNew();
        var messages = await Received(broker, watchQueue, [.. scheduled], TimeSpan.FromSeconds(120));
        output.WriteLine($"{scheduled.Count} marathons, {scheduled.Count - atKill} written during the outage; all published {back.Elapsed.TotalSeconds:F1} s after the broker listened again");
        foreach (var id in scheduled)
        {
            var copies = messages.Where(m => m.MarathonId == id).ToList();
            Assert.NotEmpty(copies);
            Assert.Single(copies.Select(c => c.MessageId).Distinct()); // at-least-once, but a repeat is the same message
        }
    }

    private static async Task<string> Schedule(HttpClient staff, string name)
    {
        var response = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetString()!;
    }

    private sealed record Seen(string MarathonId, string MessageId);

    /// <summary>Reads the watch queue until every expected marathon has been seen; returns all that was read.</summary>
    private static async Task<List<Seen>> Received(PrivateBroker broker, string queue, IReadOnlyCollection<string> expected, TimeSpan within)
    {
        var seen = new List<Seen>();
        await Eventually.True(async () =>
        {
            try
            {
                seen.AddRange((await broker.Take(queue)).Select(envelope => new Seen(
                    envelope.GetProperty("message").GetProperty("marathonId").GetString()!,
                    envelope.GetProperty("messageId").GetString()!)));
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                // the broker is still starting
            }
            return expected.All(id => seen.Any(s => s.MarathonId == id));
        }, within, $"{expected.Count} marathon(s) to be published");
        return seen;
    }
}
