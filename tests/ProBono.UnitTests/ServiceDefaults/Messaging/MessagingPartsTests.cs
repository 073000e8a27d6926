using MassTransit;
using MassTransit.Middleware;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;
using RabbitMQ.Client.Exceptions;

namespace ProBono.UnitTests.ServiceDefaults.Messaging;

/// <summary>The pure parts of the messaging defaults: back-off, reconnect policy, event map, latest value, stable ids.</summary>
public sealed class MessagingPartsTests
{
    [Fact]
    public void The_relay_doubles_its_wait_after_each_failed_publish_and_never_waits_more_than_two_seconds()
    {
        var waits = new List<TimeSpan>();
        var wait = PublishRetryPolicy.FirstBackoff;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            waits.Add(wait);
            wait = PublishRetryPolicy.NextBackoff(wait);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(250), waits[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), waits[1]);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[2]);
        Assert.All(waits.Skip(3), w => Assert.Equal(TimeSpan.FromSeconds(2), w));
    }

    [Fact]
    public async Task A_publish_that_goes_through_after_a_failure_wakes_the_publishers_waiting_out_their_back_off()
    {
        var gate = new PublishRetryGate();
        var before = gate.BrokerBack;
        gate.Failed();
        var waiting = PublishRetryGate.Wait(TimeSpan.FromMinutes(10), before, CancellationToken.None);
        var alsoWaiting = PublishRetryGate.Wait(TimeSpan.FromMinutes(10), before, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        gate.Succeeded();

        // woken, not timed out: a wait of ten minutes ends at once, and says it was woken
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await alsoWaiting.WaitAsync(TimeSpan.FromSeconds(30)));
        // a new wait is not woken by that success; only by the next success after a failure
        var next = gate.BrokerBack;
        gate.Succeeded();
        Assert.False(next.IsCancellationRequested);
        gate.Failed();
        gate.Succeeded();
        Assert.True(next.IsCancellationRequested);
        // a success after a failure ends the back-offs, not the publishes in flight
        var publishing = gate.Reconnected;
        gate.Failed();
        gate.Succeeded();
        Assert.False(publishing.IsCancellationRequested);
        // the bus reconnected: every back-off and every publish in flight ends, failure or not
        var beforeReconnect = gate.BrokerBack;
        var untilReconnect = PublishRetryGate.Wait(TimeSpan.FromMinutes(10), beforeReconnect, CancellationToken.None);
        gate.BrokerReturned();
        Assert.True(await untilReconnect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(publishing.IsCancellationRequested);
        Assert.False(gate.BrokerBack.IsCancellationRequested);
        Assert.False(gate.Reconnected.IsCancellationRequested);
        // a wait ends by itself too, and then says it was not woken; stopping ends it with the cancellation
        Assert.False(await PublishRetryGate.Wait(TimeSpan.FromMilliseconds(1), gate.BrokerBack, CancellationToken.None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PublishRetryGate.Wait(TimeSpan.FromMinutes(10), gate.BrokerBack, new CancellationToken(true)));
    }

    [Fact]
    public async Task A_publish_that_never_ends_and_ignores_its_cancellation_is_given_up_at_the_deadline()
    {
        var stuck = new TaskCompletionSource(); // never completed: a publish MassTransit does not give up

        var waiting = PublishDeadline.Await(stuck.Task, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        // without the deadline this would wait for ever: the bound here only stops a broken test, the deadline is 200 ms
        await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        stuck.SetException(new InvalidOperationException("landed late, failed")); // observed, not left unobserved
        await Assert.ThrowsAsync<TimeoutException>(() => PublishDeadline.Await(new TaskCompletionSource().Task, TimeSpan.Zero, CancellationToken.None));
        await PublishDeadline.Await(Task.CompletedTask, TimeSpan.FromSeconds(1), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishDeadline.Await(Task.FromException(new InvalidOperationException()), TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public void The_bus_retries_a_lost_broker_every_quarter_second_on_every_attempt()
    {
        IRetryPolicy? policy = null;
        // building the bus connects to nothing; only starting it would
        _ = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri("amqp://guest:guest@127.0.0.1:1/"));
            BrokerReconnect.Shorten(cfg);
            policy = BrokerReconnect.Current(cfg);
        });

        Assert.NotNull(policy);
        using var context = policy.CreatePolicyContext(new Probe());
        var unreachable = new ConnectionException("broker unreachable");
        Assert.True(context.CanRetry(unreachable, out var retry));
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250), retry.Delay);
            Assert.True(retry.CanRetry(unreachable, out retry));
        }
    }

    [Fact]
    public void BrokerReconnect_is_pinned_to_the_MassTransit_version_it_was_checked_against()
    {
        // BrokerReconnect writes a private field: another MassTransit must be checked by hand first (ADR 14)
        var version = typeof(IBus).Assembly.GetName().Version!;

        Assert.True(version is { Major: 8, Minor: 5 }, $"MassTransit {version}: re-check BrokerReconnect (ADR 14), then move this pin.");
    }

    [Fact]
    public void The_shortened_policy_retries_only_what_MassTransit_would_retry()
    {
        var original = Retry.CreatePolicy(x =>
        {
            x.Handle<ConnectionException>();
            x.Ignore<AuthenticationFailureException>();
            x.Exponential(1000, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));
        });
        var shortened = BrokerReconnect.Policy(original);

        Assert.True(shortened.IsHandled(new ConnectionException("down")));
        Assert.False(shortened.IsHandled(new AuthenticationFailureException("wrong password")));
        Assert.False(shortened.IsHandled(new InvalidOperationException("a bug, not an outage")));
    }

    private sealed record Published(Guid Id, string Name);
    private sealed record Scheduled(Guid Id, string Name);
    private sealed record Internal(Guid Id);
    private sealed record Skipped(bool Publish);

    private sealed class Map : IntegrationEventMap
    {
        public Map()
        {
            On<Scheduled>(e => new Published(e.Data.Id, e.Data.Name));
            On<Skipped>(e => e.Data.Publish ? new Published(Guid.Empty, "published after all") : null);
        }
    }

    [Fact]
    public void The_map_publishes_what_it_lists_and_nothing_else()
    {
        var map = new Map();
        var id = Guid.NewGuid();

        Assert.Equal(new Published(id, "Paris"), map.Map(new JasperFx.Events.Event<Scheduled>(new Scheduled(id, "Paris"))));
        Assert.Null(map.Map(new JasperFx.Events.Event<Internal>(new Internal(id))));
        Assert.Null(map.Map(new JasperFx.Events.Event<Skipped>(new Skipped(false))));
        Assert.NotNull(map.Map(new JasperFx.Events.Event<Skipped>(new Skipped(true))));
        Assert.Equal([typeof(Scheduled), typeof(Skipped)], map.DomainEventTypes.Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
    }

    [Fact]
    public void A_latest_value_keeps_the_newest_version_whatever_the_order_of_arrival()
    {
        var status = new Latest<string>();
        status.Offer("registration-closed", 3);
        status.Offer("registration-open", 2);
        status.Offer("scheduled", 1);
        status.Offer("registration-closed again", 3); // a repeat of the same version changes nothing

        Assert.Equal(("registration-closed", 3L), (status.Value, status.Version));
        status.Offer("completed", 4);
        Assert.Equal(("completed", 4L), (status.Value, status.Version));
    }

    [Fact]
    public void A_stable_id_is_the_same_for_the_same_name_and_a_version_8_uuid()
    {
        var ns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        var roster = StableIds.NameBased(ns, "marathon-1/edf");

        Assert.Equal(roster, StableIds.NameBased(ns, "marathon-1/edf"));
        Assert.NotEqual(roster, StableIds.NameBased(ns, "marathon-1/ey"));
        Assert.NotEqual(roster, StableIds.NameBased(Guid.NewGuid(), "marathon-1/edf"));
        var text = roster.ToString();
        Assert.Equal('8', text[14]); // version nibble
        Assert.Contains(text[19], "89ab"); // RFC 9562 variant
    }

    private sealed class Probe() : BasePipeContext(CancellationToken.None);
}
