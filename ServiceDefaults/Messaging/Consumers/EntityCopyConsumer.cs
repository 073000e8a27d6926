using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// Keeps <typeparamref name="TCopy"/> from <typeparamref name="TMessage"/>, with the inbox row in the same transaction.
/// Messages delivered at once are saved together (<see cref="CopyGroupCommit{TMessage, TCopy}"/>, ADR 17), each keeping
/// its own outcome. A subclass names the pair, and may name a <see cref="FollowUp"/>; its name is the inbox key and the
/// queue name, so it must not change.
/// </summary>
public abstract class EntityCopyConsumer<TMessage, TCopy>(IDocumentSession session, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TCopy : class, IEntityCopyOf<TMessage>, new()
{
    /// <summary>What else the applied messages cause, saved with their copies (none by default). It must not depend on the consumer's instance: the group commit keeps the first.</summary>
    protected virtual CopyFollowUp<TMessage>? FollowUp => null;

    public Task Consume(ConsumeContext<TMessage> context) =>
        InboxConsumption.Consume(context, logger, messageId => CopyGroupCommit<TMessage, TCopy>.Of(session.DocumentStore, GetType(), FollowUp)
            .Apply(messageId, context.Message, session.TenantId, context.CancellationToken));
}

/// <summary>
/// Each copy queue takes <c>Messaging:Copies:Concurrency</c> messages at once (default <see cref="DefaultConcurrency"/>:
/// the endpoint's prefetch and concurrent message limit), so that a backlog reaches
/// <see cref="CopyGroupCommit{TMessage, TCopy}"/> in batches; other consumers keep MassTransit's default
/// (<c>Messaging:PrefetchCount</c>).
/// </summary>
internal sealed class EntityCopyConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int DefaultConcurrency = 32;

    private readonly int concurrency;

    public EntityCopyConsumerDefinition(IConfiguration configuration)
    {
        concurrency = Math.Max(1, configuration.GetValue("Messaging:Copies:Concurrency", DefaultConcurrency));
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, concurrency);
        }
    }
}
