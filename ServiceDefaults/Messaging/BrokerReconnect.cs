using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// How soon the bus notices that RabbitMQ is back: MassTransit 8.5's host policy backs off up to 30 s and no public
/// setting changes it, so it is replaced by the same exception filter retried every <see cref="Interval"/> (ADR 14).
/// </summary>
internal static class BrokerReconnect
{
    // the consumers and the relay are back at most this long after the broker; a failed attempt is one refused connection
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // ~28 h before an endpoint gives up, as long as MassTransit's own 1,000 × 30 s
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
