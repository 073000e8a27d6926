using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Schema;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// A document holding this service's copy of another service's entity, kept from that service's events
/// (Needs' <c>MarathonForNeeds</c> from Recruitment's marathon events, for example). Its id is the upstream id.
/// </summary>
public interface IEntityCopy
{
    Guid Id { get; set; }
}

/// <summary>How a copy takes in one kind of upstream message: which copy it is about, and what it changes.</summary>
public interface IEntityCopyOf<TMessage> : IEntityCopy
{
    /// <summary>The upstream entity's id in <paramref name="message"/>: the id of the copy to change.</summary>
    static abstract Guid CopyId(TMessage message);

    /// <summary>
    /// Change the copy. Messages about one entity may arrive in any order (they travel on separate queues),
    /// so the copy merges rather than replaces: a value that changes over time keeps the upstream stream version
    /// it came from, and an older one never overwrites a newer one. Repeats never reach this method (the inbox).
    /// </summary>
    void Apply(TMessage message);
}

/// <summary>
/// What else the messages a copy consumer applied cause, staged in the same session after their copies and saved with them
/// (Feedback tops up a survey campaign when a copy it depends on arrives late). <paramref name="applied"/> holds the
/// messages that were not repeats, in arrival order: one call per batch, so several messages about one thing change it once.
/// </summary>
public delegate Task CopyFollowUp<TMessage>(IDocumentSession session, IReadOnlyList<TMessage> applied, CancellationToken cancellationToken);

/// <summary>
/// The group commit of one copy consumer's messages (<see cref="GroupCommit{TItem, TOutcome}"/>), so that an outage's
/// backlog costs a transaction per batch, not per message (ADR 17). One per document store and consumer (the inbox key).
/// </summary>
public sealed class CopyGroupCommit<TMessage, TCopy>
    where TCopy : class, IEntityCopyOf<TMessage>, new()
{
    /// <summary>At most this many messages in one transaction.</summary>
    public const int MaxBatch = 100;

    private static readonly ConditionalWeakTable<IDocumentStore, ConcurrentDictionary<Type, CopyGroupCommit<TMessage, TCopy>>> Commits = new();

    private readonly GroupCommit<(Guid MessageId, TMessage Message, string TenantId), bool> commit;

    private CopyGroupCommit(IDocumentStore store, Type consumer, CopyFollowUp<TMessage>? followUp) =>
        commit = new(batch => Save(store, consumer, followUp, batch), MaxBatch);

    /// <param name="followUp">The consumer's follow-up; the first one given for a store and consumer is kept.</param>
    public static CopyGroupCommit<TMessage, TCopy> Of(IDocumentStore store, Type consumer, CopyFollowUp<TMessage>? followUp = null) =>
        Commits.GetValue(store, _ => new()).GetOrAdd(consumer, c => new CopyGroupCommit<TMessage, TCopy>(store, c, followUp));

    /// <summary>Applies <paramref name="message"/> once (false: a repeat), saved with the others waiting at the same time.</summary>
    public Task<bool> Apply(Guid messageId, TMessage message, string tenantId, CancellationToken cancellationToken) =>
        commit.Submit((messageId, message, tenantId), cancellationToken);

    private static async Task Save(IDocumentStore store, Type consumer, CopyFollowUp<TMessage>? followUp,
        IReadOnlyList<GroupCommit<(Guid MessageId, TMessage Message, string TenantId), bool>.Pending> batch)
    {
        foreach (var tenant in batch.GroupBy(p => p.Item.TenantId))
        {
            var items = tenant.ToArray();
            var outcome = await EntityCopies.ApplyBatch<TMessage, TCopy>(() => store.LightweightSession(tenant.Key), consumer,
                [.. items.Select(p => (p.Item.MessageId, p.Item.Message))], CancellationToken.None, followUp);
            for (var i = 0; i < items.Length; i++)
            {
                if (outcome.Failures[i] is { } failure)
                {
                    items[i].Outcome.TrySetException(failure);
                }
                else
                {
                    items[i].Outcome.TrySetResult(outcome.Decisions[i]);
                }
            }
        }
    }
}

/// <summary>What became of a batch: per message, applied (true) or a repeat (false), or its own failure; and whether it was saved one message at a time.</summary>
public sealed record CopyBatchOutcome(IReadOnlyList<bool> Decisions, IReadOnlyList<Exception?> Failures, bool OneByOne);

public static class EntityCopies
{
    /// <summary>
    /// Apply <paramref name="messages"/> in one transaction (<see cref="TryApplyBatch{TMessage, TCopy}"/>), or, when that
    /// fails (a message the copy cannot take, a conflicting save), each on its own (<see cref="Inbox.ApplyOnce"/> in a
    /// session of its own), so that conflicts, racing repeats and a poison message are decided as for a single message:
    /// only the failing message fails.
    /// </summary>
    /// <param name="openSession">Opens a session on the copies' store (one for the batch, then one per message).</param>
    /// <param name="followUp">Staged after the copies, in the batch's session or in each message's own.</param>
    public static async Task<CopyBatchOutcome> ApplyBatch<TMessage, TCopy>(Func<IDocumentSession> openSession, Type consumer,
        IReadOnlyList<(Guid MessageId, TMessage Message)> messages, CancellationToken cancellationToken, CopyFollowUp<TMessage>? followUp = null)
        where TCopy : class, IEntityCopyOf<TMessage>, new()
    {
        var failures = new Exception?[messages.Count];
        await using (var session = openSession())
        {
            if (await TryApplyBatch<TMessage, TCopy>(session, consumer, messages, cancellationToken, followUp) is { } together)
            {
                return new CopyBatchOutcome(together, failures, false);
            }
        }
        var decisions = new bool[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i].Message;
            try
            {
                await using var own = openSession(); // the batch's session still holds the operations that failed
                decisions[i] = await Inbox.ApplyOnce(own, Inbox.Key(consumer, messages[i].MessageId), typeof(TMessage).Name, async () =>
                {
                    await Stage<TMessage, TCopy>(own, message, cancellationToken);
                    if (followUp is not null)
                    {
                        await followUp(own, [message], cancellationToken);
                    }
                }, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[i] = e;
            }
        }
        return new CopyBatchOutcome(decisions, failures, true);
    }

    /// <summary>
    /// Apply <paramref name="messages"/> (in arrival order) to their copies and save them, with the inbox rows of
    /// <paramref name="consumer"/>, in one transaction: a decision per message (true: applied; false: a repeat, applied
    /// before or earlier in this batch), or null when a message could not be applied or the save failed (nothing was
    /// written; decide each on its own).
    /// </summary>
    /// <remarks>
    /// The fresh inbox rows are staged first (Marten checks operations in staging order, see <see cref="Inbox.ApplyOnce"/>).
    /// Several messages about one copy are applied one after the other to the same object, saved once. The copies are
    /// saved with optimistic concurrency, so a copy changed by anyone else since it was loaded fails the whole save.
    /// <paramref name="followUp"/> sees the staged copies; should it fail, so does the batch.
    /// </remarks>
    public static async Task<bool[]?> TryApplyBatch<TMessage, TCopy>(
        IDocumentSession session, Type consumer, IReadOnlyList<(Guid MessageId, TMessage Message)> messages, CancellationToken cancellationToken,
        CopyFollowUp<TMessage>? followUp = null)
        where TCopy : class, IEntityCopyOf<TMessage>, new()
    {
        _ = OptimisticConcurrency<TCopy>.Checked;
        var keys = messages.Select(m => Inbox.Key(consumer, m.MessageId)).ToArray();
        var appliedBefore = (await session.LoadManyAsync<ProcessedMessage>(cancellationToken, keys.Distinct().ToArray()))
            .Select(p => p.Id).ToHashSet();
        var fresh = new HashSet<string>();
        var decisions = keys.Select(key => !appliedBefore.Contains(key) && fresh.Add(key)).ToArray();
        if (fresh.Count == 0)
        {
            return decisions;
        }

        var now = DateTimeOffset.UtcNow;
        session.Insert(fresh.Select(key => new ProcessedMessage { Id = key, MessageType = typeof(TMessage).Name, ProcessedAt = now }).ToArray());
        var changed = messages.Where((_, i) => decisions[i]).Select(m => m.Message).ToArray();
        var copies = (await session.LoadManyAsync<TCopy>(cancellationToken, changed.Select(TCopy.CopyId).Distinct().ToArray()))
            .ToDictionary(c => c.Id);
        var started = new List<TCopy>();
        try
        {
            foreach (var message in changed)
            {
                var id = TCopy.CopyId(message);
                if (!copies.TryGetValue(id, out var copy))
                {
                    copies[id] = copy = new TCopy { Id = id };
                    started.Add(copy);
                }
                copy.Apply(message);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // a message its copy cannot take (a poison message): one at a time, so that only it fails
        }
        if (started.Count > 0)
        {
            session.Insert(started.ToArray());
        }
        var updated = copies.Values.Except(started).ToArray();
        if (updated.Length > 0)
        {
            session.Update(updated);
        }

        try
        {
            if (followUp is not null)
            {
                await followUp(session, changed, cancellationToken);
            }
            await session.SaveChangesAsync(cancellationToken);
            return decisions;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Load the copy <paramref name="message"/> is about (or start it), apply the message and stage the save; do not save.
    /// </summary>
    /// <remarks>
    /// Two different messages about one entity may be consumed at the same time. The copy is saved with optimistic
    /// concurrency (a copy type must carry <see cref="UseOptimisticConcurrencyAttribute"/>): the second save fails,
    /// MassTransit retries it, and the retry reads the first one's result. Starting a copy is an insert, so two
    /// first messages racing fail the same way instead of one overwriting the other.
    /// </remarks>
    public static async Task Stage<TMessage, TCopy>(IDocumentSession session, TMessage message, CancellationToken cancellationToken)
        where TCopy : class, IEntityCopyOf<TMessage>, new()
    {
        _ = OptimisticConcurrency<TCopy>.Checked;
        var id = TCopy.CopyId(message);
        if (await session.LoadAsync<TCopy>(id, cancellationToken) is { } copy)
        {
            copy.Apply(message);
            session.Update(copy);
        }
        else
        {
            copy = new TCopy { Id = id };
            copy.Apply(message);
            session.Insert(copy);
        }
    }

    private static class OptimisticConcurrency<TCopy>
    {
        public static readonly bool Checked = typeof(TCopy).GetCustomAttribute<UseOptimisticConcurrencyAttribute>() is not null
            ? true
            : throw new InvalidOperationException(
                $"{typeof(TCopy).Name} needs [UseOptimisticConcurrency]: without it two messages about one {typeof(TCopy).Name} consumed at once lose an update.");
    }
}
