using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>Where a MassTransit consumer meets the <see cref="Inbox"/>.</summary>
public static class InboxConsumption
{
    /// <summary>
    /// Consume <paramref name="context"/> once: <paramref name="applyOnce"/> applies it under its message id (false: a
    /// repeat), and the decision is reported and a repeat logged. Every inbox consumer goes through here.
    /// </summary>
    public static async Task Consume<TMessage>(ConsumeContext<TMessage> context, ILogger logger, Func<Guid, Task<bool>> applyOnce)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");
        var applied = await applyOnce(messageId);
        Inbox.Report(messageId, applied, context.ReceiveContext.InputAddress);
        if (!applied)
        {
            logger.LogInformation("{MessageType} {MessageId} was already applied; ignoring the repeat", typeof(TMessage).Name, messageId);
        }
    }
}

/// <summary>Applies each message once, through the <see cref="Inbox"/>.</summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentSession session, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    protected ILogger Logger => logger;

    public Task Consume(ConsumeContext<TMessage> context) =>
        InboxConsumption.Consume(context, logger, messageId => Inbox.ApplyOnce(session, Inbox.Key(GetType(), messageId), typeof(TMessage).Name,
            () => Apply(context.Message, session, context.CancellationToken), context.CancellationToken));

    /// <summary>Stage the changes this message causes in <paramref name="session"/>; do not save.</summary>
    protected abstract Task Apply(TMessage message, IDocumentSession session, CancellationToken cancellationToken);
}
