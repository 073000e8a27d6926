using MassTransit;
using Microsoft.Extensions.Logging;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// Fault injection for tools/faults only (<c>Messaging:Faults:DeliverTwice</c>, ADR 14): each received message is sent
/// once more to its own queue under the same message id, so the inbox must prove it applies every message once.
/// A copy carries <see cref="CopyHeader"/> and is not copied again.
/// </summary>
internal sealed class DeliverTwiceFilter<TMessage>(ILogger<DeliverTwiceFilter<TMessage>> logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public const string CopyHeader = "ProBono-Fault-Copy";

    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        // once per received message: a retry (UseMessageRetry) runs this filter again on the same receive context
        var first = false;
        context.ReceiveContext.GetOrAddPayload(() =>
        {
            first = true;
            return new CopySent();
        });
        if (first && !context.Headers.TryGetHeader(CopyHeader, out _) && context.ReceiveContext.InputAddress is { } queue)
        {
            var endpoint = await context.GetSendEndpoint(queue);
            // the envelope's identity as the first delivery had it: same message id, and a request's copy answers the same requester
            await endpoint.Send(context.Message, copy =>
            {
                copy.MessageId = context.MessageId;
                copy.CorrelationId = context.CorrelationId;
                copy.ConversationId = context.ConversationId;
                copy.RequestId = context.RequestId;
                copy.ResponseAddress = context.ResponseAddress;
                copy.FaultAddress = context.FaultAddress;
                copy.Headers.Set(CopyHeader, "1");
            }, context.CancellationToken);
            logger.LogDebug("{MessageType} {MessageId} sent once more to {Queue} (Messaging:Faults:DeliverTwice)", typeof(TMessage).Name, context.MessageId, queue);
        }
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("deliverTwice");

    private sealed class CopySent;
}
