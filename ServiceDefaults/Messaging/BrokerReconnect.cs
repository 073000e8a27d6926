using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// How soon the bus notices that RabbitMQ is back. MassTransit 8.5 reconnects its receive endpoints and retries its
/// sends (the relay's publishes) with one host policy, exponential from 3 s up to 30 s, that no public setting
/// changes: after a 30 s outage every attempt is ~30 s apart, so consumers and the relay stayed idle up to ~30 s
/// (~60 s measured, issue 13) after the broker's return. The same policy, same exception filter, retried every
/// <see cref="Interval"/> instead: a failed attempt costs one refused TCP connection.
/// </summary>
internal static class BrokerReconnect
{
    // a quarter of a second: after an outage the consumers and the relay are back at most this long after the broker
    // (1 s cost ~0.5 s of the 5 s convergence target on average, issue 13)
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // ~28 h of attempts before an endpoint gives up, as long as MassTransit's own 1,000 × 30 s would have tried
    private const int Attempts = 400_000;

    private const string BackingField = "<ReceiveTransportRetryPolicy>k__BackingField";

    /// <summary>Replaces the reconnect policy of the host <paramref name="bus"/> configures. Throws if MassTransit changed shape.</summary>
    public static void Shorten(IRabbitMqBusFactoryConfigurator bus)
    {
        var host = HostOf(bus);
        var field = typeof(RabbitMqHostConfiguration).GetField(BackingField, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw Changed($"RabbitMqHostConfiguration has no {BackingField}");
        var original = (IRetryPolicy?)field.GetValue(host) ?? throw Changed("the reconnect policy is not set yet");
        field.SetValue(host, Policy(original));
    }

    /// <summary>Retries what <paramref name="original"/> would retry, every <see cref="Interval"/>.</summary>
    public static IRetryPolicy Policy(IRetryPolicy original) => Retry.CreatePolicy(x =>
    {
        x.Handle<Exception>(original.IsHandled);
        x.Interval(Attempts, Interval);
    });

    /// <summary>The policy in force on the host <paramref name="bus"/> configures (for tests).</summary>
    public static IRetryPolicy Current(IRabbitMqBusFactoryConfigurator bus) => HostOf(bus).ReceiveTransportRetryPolicy;

    private static RabbitMqHostConfiguration HostOf(IRabbitMqBusFactoryConfigurator bus)
    {
        for (var type = bus.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (typeof(IRabbitMqHostConfiguration).IsAssignableFrom(f.FieldType) && f.GetValue(bus) is RabbitMqHostConfiguration host)
                {
                    return host;
                }
            }
        }
        throw Changed($"{bus.GetType().Name} holds no RabbitMqHostConfiguration");
    }

    private static InvalidOperationException Changed(string what) =>
        new($"MassTransit changed ({what}): the broker reconnect interval could not be shortened. Check BrokerReconnect against this MassTransit version.");
}
