using Marten;
using Marten.Services;
using ProBono.Contracts;
using ProBono.IntegrationTests.Infrastructure;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Marathons;
using TeamsProgram = ProBono.Teams.Program;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// Entity copies consumed in batches (issue 13 Faults 1): one transaction per batch must decide each message as the
/// one-at-a-time inbox did, and a batch whose save fails must end as if its messages had come one by one.
/// </summary>
public sealed class EntityCopyBatchTests : IAsyncLifetime
{
    private ServiceHost<TeamsProgram> teams = null!;
    private IDocumentStore store = null!;

    /// <summary>Stands for the consumer whose inbox keys the batches write (only its name is used).</summary>
    private sealed class PartnerJoinedProbeConsumer;

    public async Task InitializeAsync()
    {
        var run = Isolation.Name("copybatch");
        teams = new ServiceHost<TeamsProgram>(await TestServers.Get(), "teamsdb", $"{run}_teams", $"{run}-teams");
        store = teams.Store;
        await using var session = store.QuerySession();
        await session.Query<ProcessedMessage>().AnyAsync();
    }

    public async Task DisposeAsync() => await teams.DisposeAsync();

    private static MarathonPartnerJoined Joined(Guid marathon, string partner) =>
        new(marathon, new MarathonPartner(partner, partner.ToUpperInvariant(), 2), 2, DateTimeOffset.UtcNow);

    /// <summary>A marathon copy with partner "edf", and the inbox row of an earlier message <paramref name="earlier"/> (partner "p0").</summary>
    private async Task<Guid> CopyWithOneEarlierMessage(Guid earlier)
    {
        var marathon = Guid.NewGuid();
        await using var session = store.LightweightSession();
        Assert.True(await Inbox.ApplyOnce(session, $"setup:{Guid.NewGuid():N}", "test", () => EntityCopies.Stage<MarathonScheduled, MarathonForFormation>(
            session, new MarathonScheduled(marathon, "Batched", "Somewhere", new DateOnly(2030, 6, 1), new DateOnly(2030, 5, 15), 7, 60m, 3,
                [new MarathonPartner("edf", "EDF", 4)], 1, DateTimeOffset.UtcNow), CancellationToken.None), CancellationToken.None));
        await using var again = store.LightweightSession();
        Assert.True(await Inbox.ApplyOnce(again, Inbox.Key(typeof(PartnerJoinedProbeConsumer), earlier), "test",
            () => EntityCopies.Stage<MarathonPartnerJoined, MarathonForFormation>(again, Joined(marathon, "p0"), CancellationToken.None), CancellationToken.None));
        return marathon;
    }

    private async Task<(string Partners, int InboxRows)> Read(Guid marathon, params Guid[] messages)
    {
        await using var query = store.QuerySession();
        var copy = await query.LoadAsync<MarathonForFormation>(marathon);
        var keys = messages.Select(m => Inbox.Key(typeof(PartnerJoinedProbeConsumer), m)).ToArray();
        var rows = await query.Query<ProcessedMessage>().CountAsync(p => keys.Contains(p.Id));
        return (string.Join(",", copy!.Partners.Select(p => p.PartnerId).Order()), rows);
    }

    [Fact]
    public async Task A_batch_with_a_repeat_an_earlier_message_and_two_messages_on_one_copy_applies_each_distinct_message_once()
    {
        var (earlier, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var marathon = await CopyWithOneEarlierMessage(earlier);
        (Guid, MarathonPartnerJoined)[] batch =
        [
            (first, Joined(marathon, "p1")),
            (first, Joined(marathon, "p1-repeat")), // the same message id: a repeat, whatever it carries
            (second, Joined(marathon, "p2")),       // another message about the same copy
            (earlier, Joined(marathon, "p0-again")), // applied before this batch
        ];

        await using var session = store.LightweightSession();
        var outcome = await EntityCopies.ApplyBatch<MarathonPartnerJoined, MarathonForFormation>(
            session, typeof(PartnerJoinedProbeConsumer), batch, CancellationToken.None);

        Assert.False(outcome.OneByOne); // one transaction
        Assert.Null(outcome.Failure);
        Assert.Equal([true, false, true, false], outcome.Decisions);
        // p1 and p2 both in the copy: applied one after the other to the same object, not each to its own load
        Assert.Equal(("edf,p0,p1,p2", 3), await Read(marathon, earlier, first, second));
    }

    /// <summary>Changes the copy through another session, committed, just before the batch's save: that save conflicts.</summary>
    private sealed class ConcurrentChange(IDocumentStore store, Guid marathon) : DocumentSessionListenerBase
    {
        public int Changes { get; private set; }

        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            Changes++;
            await using var other = store.LightweightSession();
            Assert.True(await Inbox.ApplyOnce(other, $"meanwhile:{Guid.NewGuid():N}", "test",
                () => EntityCopies.Stage<MarathonPartnerJoined, MarathonForFormation>(other, Joined(marathon, "p9"), token), token));
        }
    }

    [Fact]
    public async Task A_batch_whose_copy_changed_before_its_save_falls_back_to_one_message_at_a_time_and_loses_nothing()
    {
        var (earlier, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var marathon = await CopyWithOneEarlierMessage(earlier);
        var meanwhile = new ConcurrentChange(store, marathon);
        var options = new SessionOptions();
        options.Listeners.Add(meanwhile);
        (Guid, MarathonPartnerJoined)[] batch = [(first, Joined(marathon, "p1")), (first, Joined(marathon, "p1")), (second, Joined(marathon, "p2")), (earlier, Joined(marathon, "p0"))];

        await using var session = store.LightweightSession(options);
        var outcome = await EntityCopies.ApplyBatch<MarathonPartnerJoined, MarathonForFormation>(
            session, typeof(PartnerJoinedProbeConsumer), batch, CancellationToken.None);

        Assert.Equal(1, meanwhile.Changes);
        Assert.True(outcome.OneByOne);
        Assert.Null(outcome.Failure);
        Assert.Equal([true, false, true, false], outcome.Decisions);
        // p9, committed between the batch's load and save, kept: the batch's save was refused, not written over it
        Assert.Equal(("edf,p0,p1,p2,p9", 3), await Read(marathon, earlier, first, second));
    }
}
