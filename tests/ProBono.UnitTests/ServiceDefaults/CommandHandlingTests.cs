using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.ServiceDefaults;

/// <summary>
/// The write path's own pieces, without a database: a session only stages what it would write, and a stand-in stream
/// (Marten's <see cref="StubEventStream{T}"/>) plays one fetched for writing.
/// </summary>
public sealed class CommandHandlingTests : IDisposable
{
    // a socket that does not exist: building the store and staging need no server, and a save fails at once
    private readonly DocumentStore store = DocumentStore.For(options =>
    {
        options.Connection("Host=/nonexistent/probono;Database=none;Username=none;Timeout=1");
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.AutoCreateSchemaObjects = AutoCreate.None;
    });

    public void Dispose() => store.Dispose();

    public sealed class Ledger : IRevisioned
    {
        public int Version { get; set; }
    }

    public sealed record Opened(Guid LedgerId);

    public sealed record Noted(string Text);

    private static List<object> Staged(IDocumentSession session, Guid streamId) =>
        [.. session.PendingChanges.Streams().Single(s => s.Id == streamId).Events.Select(e => e.Data)];

    [Fact]
    public void A_started_stream_stages_its_events_and_its_version_counts_them()
    {
        using var session = store.LightweightSession();
        var id = Guid.NewGuid();
        object[] events = [new Opened(id), new Noted("first")];

        var write = session.StartStream<Ledger>(id, events);

        var started = Assert.Single(session.PendingChanges.Streams());
        Assert.Equal(StreamActionType.Start, started.ActionType);
        Assert.Equal(events, Staged(session, id));
        Assert.Equal(id, write.Id);
        Assert.Equal(2, write.Version);
        Assert.Null(write.State);
    }

    [Fact]
    public void What_is_appended_to_a_started_stream_joins_its_start()
    {
        using var session = store.LightweightSession();
        var id = Guid.NewGuid();
        var write = session.StartStream<Ledger>(id, new Opened(id));

        write.Append([new Noted("more")]);
        write.Append([]);

        Assert.Equal(StreamActionType.Start, Assert.Single(session.PendingChanges.Streams()).ActionType);
        Assert.Equal([new Opened(id), new Noted("more")], Staged(session, id));
        Assert.Equal(2, write.Version);
    }

    [Fact]
    public void A_stream_does_not_start_empty()
    {
        using var session = store.LightweightSession();

        Assert.Throws<ArgumentException>(() => session.StartStream<Ledger>(Guid.NewGuid(), Array.Empty<object>()));
        Assert.Empty(session.PendingChanges.Streams());
    }

    [Fact]
    public void A_started_stream_has_no_state_to_require()
    {
        using var session = store.LightweightSession();
        var id = Guid.NewGuid();

        var write = session.StartStream<Ledger>(id, new Opened(id));

        Assert.Throws<NotFound>(() => write.Require());
    }

    [Fact]
    public void An_opened_stream_counts_its_appends_from_the_version_it_was_read_at()
    {
        var stream = new StubEventStream<Ledger>(new Ledger { Version = 4 }) { CurrentVersion = 4 };
        var write = new StreamWrite<Ledger>(Guid.NewGuid(), stream);

        write.Append([new Noted("a"), new Noted("b")]);

        Assert.Equal(6, write.Version);
        Assert.Equal([new Noted("a"), new Noted("b")], stream.EventsAppended);
        Assert.Equal(4, write.State!.Version); // the state before the command's events
    }

    [Fact]
    public void If_match_is_checked_against_the_snapshot_when_the_stream_version_was_read_before_a_commit()
    {
        // the stream's row said 3, the snapshot read a moment later is at 4: the command decides on version 4
        var write = new StreamWrite<Ledger>(Guid.NewGuid(), new StubEventStream<Ledger>(new Ledger { Version = 4 }) { CurrentVersion = 3 });

        Assert.Throws<PreconditionFailed>(() => write.Require(3));
        Assert.Equal(4, write.Require(4).Version);
        Assert.Equal(4, write.Version);
    }

    [Fact]
    public async Task Saving_answers_with_the_new_version_as_the_ETag()
    {
        await using var session = store.LightweightSession();
        var write = new StreamWrite<Ledger>(Guid.NewGuid(), new StubEventStream<Ledger>(new Ledger { Version = 2 }) { CurrentVersion = 2 });
        write.Append([new Noted("c")]); // staged in the stand-in stream: the session itself has nothing to send
        var http = new DefaultHttpContext();

        await session.SaveAndSetETag(http.Response, write, CancellationToken.None);

        Assert.Equal("\"3\"", http.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task A_save_that_fails_answers_with_no_ETag()
    {
        await using var session = store.LightweightSession();
        var id = Guid.NewGuid();
        var write = session.StartStream<Ledger>(id, new Opened(id));
        var http = new DefaultHttpContext();

        await Assert.ThrowsAnyAsync<Exception>(() => session.SaveAndSetETag(http.Response, write, CancellationToken.None));

        Assert.False(http.Response.Headers.ContainsKey("ETag"));
    }
}
