using Marten;
using ProBono.Contracts;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Copies;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// The inbox and the copy helper under concurrency, made deterministic: two deliveries both stage their changes
/// before either saves, as two consumer instances on two connections would when the timing is unlucky.
/// </summary>
public sealed class InboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServiceHost<TeamsProgram> teams = null!;

    /// <summary>Teams' own store: its documents as Teams maps them, in a database Teams created.</summary>
    private IDocumentStore store = null!;

    public async Task InitializeAsync()
    {
        var run = Isolation.Name("inbox");
        teams = new ServiceHost<TeamsProgram>(await TestServers.Get(), "teamsdb", $"{run}_teams", $"{run}-teams");
        store = teams.Store;
        await using var session = store.QuerySession();
        await session.Query<ProcessedMessage>().AnyAsync(); // the schema exists before the races begin
    }

    public async Task DisposeAsync() => await teams.DisposeAsync();

    /// <summary>Runs <paramref name="deliveries"/> on their own sessions; each stages, then waits for all to have staged, then saves.</summary>
    private async Task<Outcome[]> Race(params (string Key, Func<IDocumentSession, Task> Stage)[] deliveries)
    {
        var staged = deliveries.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var all = Task.WhenAll(staged.Select(s => s.Task));
        return await Task.WhenAll(deliveries.Select(async (delivery, i) =>
        {
            await using var session = store.LightweightSession();
            try
            {
                return await Inbox.ApplyOnce(session, delivery.Key, "test", async () =>
                {
                    await delivery.Stage(session);
                    staged[i].SetResult();
                    await all;
                }, CancellationToken.None) ? Outcome.Applied : Outcome.Dropped;
            }
            catch (Exception e) when (staged[i].Task.IsCompleted)
            {
                output.WriteLine($"delivery {i} failed: {e}");
                return Outcome.Failed; // what MassTransit retries
            }
        }));
    }

    private async Task<bool> Deliver(string key, Func<IDocumentSession, Task> stage)
    {
        await using var session = store.LightweightSession();
        return await Inbox.ApplyOnce(session, key, "test", () => stage(session), CancellationToken.None);
    }

    private enum Outcome { Applied, Dropped, Failed }

    private static MarathonScheduled Scheduled(Guid id) =>
        new(id, "Raced", "Somewhere", new DateOnly(2030, 6, 1), new DateOnly(2030, 5, 15), 7, 60m, 3,
            [new MarathonPartner("edf", "EDF", 4)], 1, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Of_two_concurrent_deliveries_of_one_message_one_commits_and_the_other_changes_nothing()
    {
        var id = Guid.NewGuid();
        var key = $"MarathonScheduledConsumer:{Guid.NewGuid():N}";
        Task Stage(IDocumentSession s) => EntityCopies.Stage<MarathonScheduled, MarathonForFormation>(s, Scheduled(id), CancellationToken.None);

        var outcomes = await Race((key, Stage), (key, Stage));

        Assert.Equal(1, outcomes.Count(o => o == Outcome.Applied));
        // the other one rolled back as a whole; delivered again (MassTransit's retry), the inbox drops it
        Assert.False(await Deliver(key, Stage));
        await using var query = store.QuerySession();
        Assert.Equal(1, await query.Query<ProcessedMessage>().CountAsync(p => p.Id == key));
        Assert.Equal("Raced", (await query.LoadAsync<MarathonForFormation>(id))!.Name);
    }

    /// <summary>
    /// A message and its repeat consumed at the same instant: the repeat must be told "already applied"
    /// (<c>Inbox.Decided</c> false), not fail on the copy's own row and be retried. Both stage before either saves, so both
    /// write the copy: an insert when it does not exist yet, an update when it does.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_and_its_repeat_racing_end_as_one_applied_and_one_repeat_without_a_retry(bool copyExists)
    {
        var id = Guid.NewGuid();
        if (copyExists)
        {
            Assert.True(await Deliver($"MarathonScheduledConsumer:{Guid.NewGuid():N}", s =>
                EntityCopies.Stage<MarathonScheduled, MarathonForFormation>(s, Scheduled(id), CancellationToken.None)));
        }
        var key = $"MarathonStatusChangedConsumer:{Guid.NewGuid():N}";
        Task Open(IDocumentSession s) => EntityCopies.Stage<MarathonStatusChanged, MarathonForFormation>(
            s, new MarathonStatusChanged(id, MarathonStatuses.RegistrationOpen, 2, DateTimeOffset.UtcNow), CancellationToken.None);

        var outcomes = await Race((key, Open), (key, Open));

        // Failed would be a thrown exception: MassTransit's retry and its warning
        Assert.Equal([Outcome.Applied, Outcome.Dropped], outcomes.Order());
        await using var query = store.QuerySession();
        Assert.Equal(1, await query.Query<ProcessedMessage>().CountAsync(p => p.Id == key));
        Assert.Equal(MarathonStatuses.RegistrationOpen, (await query.LoadAsync<MarathonForFormation>(id))!.Status.Value);
    }

    /// <summary>A stand-in event of this test only (Teams maps no integration event from it).</summary>
    private sealed record InboxRaceProbe(Guid Id);

    /// <summary>
    /// The same race for a consumer that appends events (Needs' FollowTeams, Teams' Backfill): Marten writes event
    /// appends before every document, so the repeat fails on the stream before it reaches the inbox row.
    /// </summary>
    [Fact]
    public async Task A_message_and_its_repeat_racing_on_an_event_stream_end_as_one_applied_and_one_repeat_without_a_retry()
    {
        var streamId = Guid.NewGuid();
        var key = $"InboxRaceProbeConsumer:{Guid.NewGuid():N}";
        Task Start(IDocumentSession s)
        {
            s.Events.StartStream(streamId, new InboxRaceProbe(streamId));
            return Task.CompletedTask;
        }

        var outcomes = await Race((key, Start), (key, Start));

        Assert.Equal([Outcome.Applied, Outcome.Dropped], outcomes.Order());
        await using var query = store.QuerySession();
        Assert.Single(await query.Events.FetchStreamAsync(streamId));
    }

    [Fact]
    public async Task Two_different_messages_racing_on_one_copy_both_end_in_it()
    {
        var id = Guid.NewGuid();
        Task Schedule(IDocumentSession s) => EntityCopies.Stage<MarathonScheduled, MarathonForFormation>(s, Scheduled(id), CancellationToken.None);
        Task Open(IDocumentSession s) => EntityCopies.Stage<MarathonStatusChanged, MarathonForFormation>(
            s, new MarathonStatusChanged(id, MarathonStatuses.RegistrationOpen, 2, DateTimeOffset.UtcNow), CancellationToken.None);
        var scheduledKey = $"MarathonScheduledConsumer:{Guid.NewGuid():N}";
        var openedKey = $"MarathonStatusChangedConsumer:{Guid.NewGuid():N}";

        var outcomes = await Race((scheduledKey, Schedule), (openedKey, Open));

        // one committed; the other was not dropped as a repeat (that would lose it) but failed, to be retried
        Assert.Equal([Outcome.Applied, Outcome.Failed], outcomes.Order());
        Assert.True(outcomes[0] == Outcome.Applied ? await Deliver(openedKey, Open) : await Deliver(scheduledKey, Schedule));
        await using var query = store.QuerySession();
        var marathon = await query.LoadAsync<MarathonForFormation>(id);
        Assert.Equal("Raced", marathon!.Name);
        Assert.Equal(MarathonStatuses.RegistrationOpen, marathon.Status.Value);
    }

    [Fact]
    public async Task A_status_change_that_overtook_the_scheduling_stays()
    {
        var id = Guid.NewGuid();
        Assert.True(await Deliver($"a:{Guid.NewGuid():N}", s => EntityCopies.Stage<MarathonStatusChanged, MarathonForFormation>(
            s, new MarathonStatusChanged(id, MarathonStatuses.RegistrationClosed, 3, DateTimeOffset.UtcNow), CancellationToken.None)));
        Assert.True(await Deliver($"b:{Guid.NewGuid():N}", s => EntityCopies.Stage<MarathonStatusChanged, MarathonForFormation>(
            s, new MarathonStatusChanged(id, MarathonStatuses.RegistrationOpen, 2, DateTimeOffset.UtcNow), CancellationToken.None)));
        Assert.True(await Deliver($"c:{Guid.NewGuid():N}", s => EntityCopies.Stage<MarathonScheduled, MarathonForFormation>(
            s, Scheduled(id), CancellationToken.None)));

        await using var query = store.QuerySession();
        var marathon = await query.LoadAsync<MarathonForFormation>(id);
        Assert.Equal(("Raced", MarathonStatuses.RegistrationClosed, 3L, 1L), (marathon!.Name, marathon.Status.Value, marathon.Status.Version, marathon.DetailsVersion));
    }
}
