using System.Reflection;
using Marten;
using Marten.Schema;
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
/// Keeps <typeparamref name="TCopy"/> from <typeparamref name="TMessage"/>: load the copy by the upstream id (or start
/// it), apply the message, and save it together with the inbox row in one transaction (<see cref="IdempotentConsumer{TMessage}"/>).
/// A subclass only names the pair; its name is the inbox key and the queue name, so it must not change.
/// </summary>
public abstract class EntityCopyConsumer<TMessage, TCopy>(IDocumentSession session, ILogger logger)
    : IdempotentConsumer<TMessage>(session, logger)
    where TMessage : class
    where TCopy : class, IEntityCopyOf<TMessage>, new()
{
    protected sealed override Task Apply(TMessage message, IDocumentSession session, CancellationToken cancellationToken) =>
        EntityCopies.Stage<TMessage, TCopy>(session, message, cancellationToken);
}

public static class EntityCopies
{
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
