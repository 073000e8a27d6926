using Marten;
using Marten.Services;
using ProBono.Contracts;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Copies;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// Entity copies saved in batches, so a backlog drains in one transaction per batch (ADR 17): each message decided as the
/// one-at-a-time inbox would, a batch whose save fails ending as if its messages came one by one, a poison message failing alone.
/// </summary>
public sealed class EntityCopyBatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServers servers = null!;
    private ServiceHost<TeamsProgram> teams = null!;
    private IDocumentStore store = null!;

    /// <summary>Stands for the consumer whose inbox keys the batches write (only its name is used).</summary>
    private sealed class PartnerJoinedProbeConsumer;

    public async Task InitializeAsync()
    {
        var run = Isolation.Name("copybatch");
        servers = await TestServers.Get();
        teams = new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{run}_teams", $"{run}-teams");
        store = teams.Store;
        await using var session = store.QuerySession();
        await session.Query<ProcessedMessage>().AnyAsync();
    }

    public async Task DisposeAsync() => await teams.DisposeAsync();

    private static MarathonPartnerJoined Joined(Guid marathon, string partner) =>
        new(marathon, new MarathonPartner(partner, partner.ToUpperInvariant(), 2), 2, DateTimeOffset.UtcNow);

    /// <summary>A message MarathonForFormation cannot take: no partner.</summary>
    private static MarathonPartnerJoined Poison(Guid marathon) => new(marathon, null!, 2, DateTimeOffset.UtcNow);

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

    private Task<CopyBatchOutcome> ApplyBatch((Guid, MarathonPartnerJoined)[] batch, Func<IDocumentSession>? openSession = null) =>
        EntityCopies.ApplyBatch<MarathonPartnerJoined, MarathonForFormation>(openSession ?? (() => store.LightweightSession()),
            typeof(PartnerJoinedProbeConsumer), batch, CancellationToken.None);

    [Fact]
    public async Task A_batch_with_a_repeat_an_earlier_message_and_two_messages_on_one_copy_applies_each_distinct_message_once()
    {
        var (earlier, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var marathon = await CopyWithOneEarlierMessage(earlier);

        var outcome = await ApplyBatch(
        [
            (first, Joined(marathon, "p1")),
            (first, Joined(marathon, "p1-repeat")), // the same message id: a repeat, whatever it carries
            (second, Joined(marathon, "p2")),       // another message about the same copy
            (earlier, Joined(marathon, "p0-again")), // applied before this batch
        ]);

        Assert.False(outcome.OneByOne); // one transaction
        Assert.All(outcome.Failures, Assert.Null);
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
        var sessions = 0;

        var outcome = await ApplyBatch([(first, Joined(marathon, "p1")), (first, Joined(marathon, "p1")), (second, Joined(marathon, "p2")), (earlier, Joined(marathon, "p0"))],
            () =>
            {
                // the batch's session (the first) is changed under; the fallback's own sessions are not
                var options = new SessionOptions();
                if (sessions++ == 0)
                {
                    options.Listeners.Add(meanwhile);
                }
                return store.LightweightSession(options);
            });

        Assert.Equal(1, meanwhile.Changes);
        Assert.True(outcome.OneByOne);
        Assert.All(outcome.Failures, Assert.Null);
        Assert.Equal([true, false, true, false], outcome.Decisions);
        // p9, committed between the batch's load and save, kept: the batch's save was refused, not written over it
        Assert.Equal(("edf,p0,p1,p2,p9", 3), await Read(marathon, earlier, first, second));
    }

    [Fact]
    public async Task A_poison_message_in_a_batch_fails_alone_and_the_others_are_applied()
    {
        var (earlier, first, poison, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var marathon = await CopyWithOneEarlierMessage(earlier);

        var outcome = await ApplyBatch([(first, Joined(marathon, "p1")), (poison, Poison(marathon)), (second, Joined(marathon, "p2"))]);

        Assert.True(outcome.OneByOne);
        Assert.Null(outcome.Failures[0]);
        Assert.NotNull(outcome.Failures[1]); // its own failure: MassTransit retries it, then sends it to the error queue
        Assert.Null(outcome.Failures[2]);
        Assert.True(outcome.Decisions[0]);
        Assert.True(outcome.Decisions[2]);
        // no inbox row for the poison message: its retry (or a replay from the error queue) is applied, not taken as a repeat
        Assert.Equal(("edf,p0,p1,p2", 3), await Read(marathon, earlier, first, poison, second));
    }

    [Fact]
    public async Task A_backlog_in_a_copy_queue_is_saved_in_fewer_transactions_than_messages_each_applied_once_and_a_poison_one_fails_alone()
    {
        await using var broker = await RawBroker.Connect(servers);
        using var inbox = new InboxWatch(teams.QueuePrefix);
        var queue = $"{teams.QueuePrefix.Replace('_', '-')}-volunteer-confirmed";
        var marathon = Guid.NewGuid();
        var volunteers = Enumerable.Range(0, 300).Select(_ => (MessageId: Guid.NewGuid(), VolunteerId: Guid.NewGuid())).ToArray();
        var poison = Guid.NewGuid();
        await Eventually.True(async () => (await teams.CreateClient().GetAsync("/health")).IsSuccessStatusCode, what: "Teams healthy");

        for (var i = 0; i < volunteers.Length; i++)
        {
            if (i == 150)
            {
                // no skills: VolunteerForFormation cannot take it; it shares its batch with good messages
                await broker.SendEnvelope(queue, "probono:recruitment:volunteer-confirmed:v1", poison, Confirmed(Guid.NewGuid(), marathon, skills: null));
            }
            await broker.SendEnvelope(queue, "probono:recruitment:volunteer-confirmed:v1", volunteers[i].MessageId, Confirmed(volunteers[i].VolunteerId, marathon, ["design"]));
        }

        foreach (var (messageId, _) in volunteers)
        {
            await inbox.Decided(messageId, 1, TimeSpan.FromSeconds(60));
        }
        Assert.All(volunteers, v => Assert.Equal((1, 0), (inbox.Applied(v.MessageId), inbox.Repeats(v.MessageId))));
        Assert.Equal(0, inbox.Applied(poison) + inbox.Repeats(poison)); // never decided: it failed every attempt

        await using var query = store.QuerySession();
        var copies = await query.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathon).ToListAsync();
        Assert.Equal(volunteers.Select(v => v.VolunteerId).Order(), copies.Select(c => c.Id).Order());
        var transactions = await InboxTransactions.Count(store, typeof(VolunteerConfirmedConsumer), volunteers.Select(v => v.MessageId));
        output.WriteLine($"{volunteers.Length} messages saved in {transactions} transactions");
        // one at a time would be 300 (each message's inbox row in its own transaction)
        Assert.InRange(transactions, 1, volunteers.Length / 2);
    }

    private static object Confirmed(Guid volunteerId, Guid marathonId, string[]? skills) => new
    {
        volunteerId,
        marathonId,
        partnerId = "edf",
        partnerName = "EDF",
        firstName = "Ada",
        skills,
        leadCapable = false,
        causes = new[] { "education" },
        hourlyCostEur = 50m,
        version = 1,
        confirmedAt = DateTimeOffset.UtcNow,
    };
}
