using System.Reflection;
using System.Threading.Channels;
using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.ServiceDefaults.Messaging;

/// <summary>
/// The daemon checkpoints as soon as <c>ProcessEventsAsync</c> returns, so the relay's handler must not return before the
/// broker confirmed the page: a bus here confirms only when the test says (over real servers: RelayCheckpointTests).
/// </summary>
public sealed class IntegrationEventRelayTests
{
    // a deadline for a test that would otherwise hang when the guarantee breaks, not a measured time
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private sealed record Scheduled(Guid Id);
    private sealed record Published(Guid Id);

    private sealed class Map : IntegrationEventMap
    {
        public Map() => On<Scheduled>(e => new Published(e.Data.Id));
    }

    [Fact]
    public async Task The_page_handler_the_daemon_calls_does_not_return_before_the_broker_confirms_the_page()
    {
        var bus = UnconfirmedBus.Create();
        var relay = new IntegrationEventRelay(bus, new Map(), NullLogger<IntegrationEventRelay>.Instance, new ConfigurationBuilder().Build());
        var id = Guid.NewGuid();
        var page = new EventRange(new ShardName(IntegrationEventRelay.SubscriptionName), ceiling: 1)
        {
            Events = [new JasperFx.Events.Event<Scheduled>(new Scheduled(id)) { Id = Guid.NewGuid(), StreamId = id, Version = 1, Sequence = 1 }],
        };

        // the relay uses neither the controller nor the operations: it only publishes
        var handling = relay.ProcessEventsAsync(page, null!, null!, CancellationToken.None);

        // the publish has demonstrably begun, so a handler that did not wait for it would be done by now
        Assert.Equal(new Published(id), await UnconfirmedBus.Of(bus).NextPublish());
        Assert.False(handling.IsCompleted, "the handler returned while its publish was unconfirmed: the daemon would checkpoint the page");
        // the relay gives up a publish at its deadline (3 s) and publishes again: still without returning
        Assert.Equal(new Published(id), await UnconfirmedBus.Of(bus).NextPublish());
        Assert.False(handling.IsCompleted, "the handler returned after giving up an unconfirmed publish");

        UnconfirmedBus.Of(bus).Confirm();
        await handling.WaitAsync(Deadline); // and once confirmed, it returns (a handler that never did would stall the relay)
    }

    /// <summary>
    /// An <see cref="IBus"/> whose every publish waits until <see cref="Confirm"/>, as RabbitMQ's publisher confirm would;
    /// each publish is reported as it begins. Not sealed: <see cref="DispatchProxy"/> derives the proxy from it.
    /// </summary>
    public class UnconfirmedBus : DispatchProxy
    {
        private readonly TaskCompletionSource confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<object> publishes = Channel.CreateUnbounded<object>();

        public static IBus Create() => DispatchProxy.Create<IBus, UnconfirmedBus>();

        public static UnconfirmedBus Of(IBus bus) => (UnconfirmedBus)(object)bus;

        /// <summary>The message of the next publish to begin.</summary>
        public async Task<object> NextPublish() => await publishes.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

        public void Confirm() => confirmed.TrySetResult();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IBus.Publish) when publishes.Writer.TryWrite(args![0]!) => confirmed.Task,
            // the relay listens for the broker's return; it never comes here
            nameof(IBus.ConnectReceiveEndpointObserver) => null,
            _ => throw new NotSupportedException($"The relay is not expected to call IBus.{targetMethod?.Name}."),
        };
    }
}
