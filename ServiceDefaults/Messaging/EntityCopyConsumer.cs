using System.Reflection;
using System.Runtime.ExceptionServices;
using Marten;
using Marten.Schema;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProBono.ServiceDefaults.Messaging;

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
/// Keeps <typeparamref name="TCopy"/> from <typeparamref name="TMessage"/>, in batches (issue 13 Faults 1: after a broker
/// outage the backlog is thousands of copies, and on 2 cores the cost is the session and round trips per message): one
/// Marten session and one transaction per batch, the inbox rows of its fresh messages and the copies they change saved
/// together (<see cref="EntityCopies.TryApplyBatch{TMessage, TCopy}"/>). When that save fails for any reason, each message
/// is applied on its own, as an <see cref="IdempotentConsumer{TMessage}"/> does, so that conflicts, racing repeats and
/// retries are decided as they always were. A subclass only names the pair; its name is the inbox key and the queue
/// name, so it must not change.
/// </summary>
public abstract class EntityCopyConsumer<TMessage, TCopy>(IDocumentSession session, ILogger logger) : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TCopy : class, IEntityCopyOf<TMessage>, new()
{
    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        // a delivery decided by an earlier attempt of a batch that then failed (another message's save) is not decided twice
        var deliveries = context.Message.Where(d => !d.ReceiveContext.TryGetPayload<CopyDecision>(out _)).ToArray();
        if (deliveries.Length == 0)
        {
            return;
        }
        var messages = deliveries.Select(d => (Id(d), d.Message)).ToArray();
        var outcome = await EntityCopies.ApplyBatch<TMessage, TCopy>(session, GetType(), messages, context.CancellationToken);
        if (outcome.OneByOne)
        {
            logger.LogInformation("A batch of {Count} {MessageType} could not be saved at once; its messages were applied one by one",
                deliveries.Length, typeof(TMessage).Name);
        }
        for (var i = 0; i < deliveries.Length; i++)
        {
            if (outcome.Decisions[i] is { } applied)
            {
                Decide(deliveries[i], applied);
            }
        }
        // MassTransit retries every message of the batch (its retry policy, then the error queue); the decided ones skip it
        outcome.Failure?.Throw();
    }

    private static Guid Id(ConsumeContext<TMessage> delivery) => delivery.MessageId
        ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");

    private void Decide(ConsumeContext<TMessage> delivery, bool applied)
    {
        delivery.ReceiveContext.GetOrAddPayload(() => new CopyDecision());
        Inbox.Report(Id(delivery), applied, delivery.ReceiveContext.InputAddress);
        if (!applied)
        {
            logger.LogInformation("{MessageType} {MessageId} was already applied; ignoring the repeat", typeof(TMessage).Name, delivery.MessageId);
        }
    }
}

/// <summary>Marks a delivery (its receive context) an <see cref="EntityCopyConsumer{TMessage, TCopy}"/> has decided.</summary>
internal sealed class CopyDecision;

/// <summary>
/// Batch options of every <see cref="EntityCopyConsumer{TMessage, TCopy}"/>. MassTransit raises the endpoint's prefetch
/// and concurrent message limit to MessageLimit × ConcurrencyLimit itself (BatchOptions' default endpoint callback).
/// </summary>
internal sealed class EntityCopyConsumerDefinition<TConsumer, TMessage> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<Batch<TMessage>>
    where TMessage : class
{
    /// <summary>
    /// Up to 100 messages in one transaction; a batch waits at most 15 ms for more (a lone message is not held up noticeably);
    /// two batches at once per queue, so one is read while the other is written, on 2 cores.
    /// </summary>
    public const int MessageLimit = 100;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(15))
            .SetConcurrencyLimit(2));
        var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger<InBatchRepeatFilter<TMessage>>();
        endpointConfigurator.AddPipeSpecification(new MassTransit.Configuration.FilterPipeSpecification<ConsumeContext<TMessage>>(
            new InBatchRepeatFilter<TMessage>(logger)));
    }
}

/// <summary>
/// MassTransit's batch collector keeps one delivery per message id in a batch: a second delivery of the same id that
/// joins the open batch never reaches the consumer, and is acknowledged when the batch completes. It is a repeat, and is
/// reported as one (<see cref="Inbox.Decided"/> false, logged), as when the consumer drops it.
/// </summary>
internal sealed class InBatchRepeatFilter<TMessage>(ILogger logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        await next.Send(context);
        if (!context.ReceiveContext.TryGetPayload<CopyDecision>(out _) && context.MessageId is { } messageId)
        {
            context.ReceiveContext.GetOrAddPayload(() => new CopyDecision());
            Inbox.Report(messageId, false, context.ReceiveContext.InputAddress);
            logger.LogInformation("{MessageType} {MessageId} was already applied; ignoring the repeat", typeof(TMessage).Name, messageId);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inBatchRepeats");
}

/// <summary>
/// What became of a batch: a decision per message (true: applied; false: a repeat; null: its save failed, to be retried),
/// whether it was applied one message at a time, and the first failure.
/// </summary>
public sealed record CopyBatchOutcome(IReadOnlyList<bool?> Decisions, bool OneByOne, ExceptionDispatchInfo? Failure);

public static class EntityCopies
{
    /// <summary>
    /// Apply <paramref name="messages"/> in one transaction (<see cref="TryApplyBatch{TMessage, TCopy}"/>), or, when that
    /// save fails, each on its own (<see cref="Inbox.ApplyOnce"/> in a fresh session), so that conflicts and racing repeats
    /// are decided as for a single message. A message whose own save fails too is left undecided, with the first failure.
    /// </summary>
    public static async Task<CopyBatchOutcome> ApplyBatch<TMessage, TCopy>(
        IDocumentSession session, Type consumer, IReadOnlyList<(Guid MessageId, TMessage Message)> messages, CancellationToken cancellationToken)
        where TCopy : class, IEntityCopyOf<TMessage>, new()
    {
        if (await TryApplyBatch<TMessage, TCopy>(session, consumer, messages, cancellationToken) is { } together)
        {
            return new CopyBatchOutcome([.. together.Select(applied => (bool?)applied)], false, null);
        }
        var decisions = new bool?[messages.Count];
        ExceptionDispatchInfo? failure = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i].Message;
            try
            {
                // a session of its own per message: the batch's session still holds the operations that failed
                await using var own = session.DocumentStore.LightweightSession(session.TenantId);
                decisions[i] = await Inbox.ApplyOnce(own, Inbox.Key(consumer, messages[i].MessageId), typeof(TMessage).Name,
                    () => Stage<TMessage, TCopy>(own, message, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }
        return new CopyBatchOutcome(decisions, true, failure);
    }

    /// <summary>
    /// Apply <paramref name="messages"/> (in arrival order) to their copies and save them, with the inbox rows of
    /// <paramref name="consumer"/>, in one transaction: a decision per message (true: applied; false: a repeat, applied
    /// before or earlier in this batch), or null when the save failed (nothing was written; decide each on its own).
    /// </summary>
    /// <remarks>
    /// The fresh inbox rows are staged first (Marten checks operations in staging order, see <see cref="Inbox.ApplyOnce"/>).
    /// Several messages about one copy are applied one after the other to the same object, saved once. The copies are
    /// saved with optimistic concurrency, so a copy changed by anyone else since it was loaded fails the whole save.
    /// </remarks>
    public static async Task<bool[]?> TryApplyBatch<TMessage, TCopy>(
        IDocumentSession session, Type consumer, IReadOnlyList<(Guid MessageId, TMessage Message)> messages, CancellationToken cancellationToken)
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
