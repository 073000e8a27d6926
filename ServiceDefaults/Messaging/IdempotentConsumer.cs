using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>A message this service has already applied (its inbox). Id: consumer name and message id.</summary>
public sealed class ProcessedMessage
{
    public required string Id { get; init; }
    public required string MessageType { get; init; }
    public required DateTimeOffset ProcessedAt { get; init; }
}

/// <summary>
/// Applies each message once: the consumer's changes and the inbox record are saved in one Marten transaction,
/// so a redelivery (broker retry, relay republishing after a crash) finds the record and changes nothing,
/// and two concurrent deliveries cannot both commit (the inbox insert of the second one fails).
/// This inbox is the only thing that drops repeats; any other failed save (a concurrent change to the same document)
/// propagates, so that MassTransit retries the message.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentSession session, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");
        var key = $"{GetType().Name}:{messageId:N}";
        if (await session.LoadAsync<ProcessedMessage>(key, context.CancellationToken) is not null)
        {
            logger.LogInformation("{MessageType} {MessageId} was already applied; ignoring the repeat", typeof(TMessage).Name, messageId);
            return;
        }

        await Apply(context.Message, session, context.CancellationToken);
        session.Insert(new ProcessedMessage { Id = key, MessageType = typeof(TMessage).Name, ProcessedAt = DateTimeOffset.UtcNow });
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException e) when (e.DocumentType == typeof(ProcessedMessage))
        {
            // a concurrent delivery of the same message committed first; ours rolled back as a whole
            logger.LogInformation("{MessageType} {MessageId} was applied concurrently; ignoring the repeat", typeof(TMessage).Name, messageId);
        }
    }

    /// <summary>Stage the changes this message causes in <paramref name="session"/>; do not save.</summary>
    protected abstract Task Apply(TMessage message, IDocumentSession session, CancellationToken cancellationToken);
}
