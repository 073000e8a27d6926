using System.Reflection;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ProBono.ServiceDefaults.Messaging;

public static class MessagingSetup
{
    public const string ConnectionName = "messaging";

    /// <summary>
    /// MassTransit over RabbitMQ (<c>ConnectionStrings:messaging</c>, an <c>amqp://user:pass@host:port/vhost</c> URI),
    /// with the consumers (and their definitions) of <paramref name="consumersAssembly"/>.
    /// Queue names are prefixed with <c>Messaging:QueuePrefix</c> (default: the service name) so two services,
    /// or two test classes, never share a queue. <c>Messaging:TemporaryQueues</c> makes them auto-delete (tests).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, string serviceName, Assembly consumersAssembly)
    {
        var uri = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set. Run the platform through the AppHost, or set ConnectionStrings__{ConnectionName} to an amqp:// URI.");
        var broker = new Uri(uri);
        var prefix = builder.Configuration["Messaging:QueuePrefix"] ?? serviceName;
        var temporaryQueues = builder.Configuration.GetValue("Messaging:TemporaryQueues", false);
        // fault injection for tools/faults only (ADR 14): every consumer gets every message twice
        var deliverTwice = builder.Configuration.GetValue("Messaging:Faults:DeliverTwice", false);
        // messages each queue's consumer takes at once; unset keeps MassTransit's default, which a larger machine may
        // raise (more on 2 cores was slower: ADR 17)
        var prefetch = builder.Configuration.GetValue<int?>("Messaging:PrefetchCount");

        // internal consumers too: AddConsumers(assembly) registers only public ones
        var consumers = consumersAssembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IConsumer).IsAssignableFrom(t))
            .ToArray();
        builder.Services.AddSingleton(new ConsumerTypes(consumers));
        builder.Services.AddHostedService<BacklogGauges>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(InstrumentationOptions.MeterName))
            .WithTracing(tracing => tracing.AddSource(DiagnosticHeaders.DefaultListenerName, IntegrationEventRelay.ActivitySource.Name));
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            foreach (var consumer in consumers)
            {
                // the entity copies take many messages at once, saved together (EntityCopyConsumer)
                x.AddConsumer(consumer, IsEntityCopyConsumer(consumer) ? typeof(EntityCopyConsumerDefinition<>).MakeGenericType(consumer) : null);
            }
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                // the default for every consumer; a ConsumerDefinition beside a consumer may add its own
                ConsumerRetries.Configure(endpoint);
                if (temporaryQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.AutoDelete = true;
                    rabbit.Durable = false;
                }
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                // MassTransit reads host, port, user:password and the virtual host (none or "/" → "/") from the URI itself
                cfg.Host(broker, serviceName, h =>
                {
                    h.PublisherConfirmation = true;
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                BrokerReconnect.Shorten(cfg); // notice the broker's return at once, not after MassTransit's long back-off
                if (prefetch is { } messagesAtOnce)
                {
                    cfg.PrefetchCount = messagesAtOnce;
                }
                cfg.MessageTopology.SetEntityNameFormatter(new UrnEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter));
                if (deliverTwice)
                {
                    cfg.UseConsumeFilter(typeof(DeliverTwiceFilter<>), context); // before ConfigureEndpoints: every endpoint gets it
                }
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static bool IsEntityCopyConsumer(Type consumer)
    {
        for (var type = consumer.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EntityCopyConsumer<,>))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Publish the domain events <typeparamref name="TMap"/> maps, through the <see cref="IntegrationEventRelay"/>
    /// run by Marten's async daemon in HotCold mode (one relay per service across replicas).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishIntegrationEvents<TMap>(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
        where TMap : IntegrationEventMap, new()
    {
        marten.Services.AddSingleton<IntegrationEventMap>(new TMap());
        return marten
            .AddSubscriptionWithServices<IntegrationEventRelay>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.HotCold);
    }
}

/// <summary>
/// Exchanges are named after a contract's stable <see cref="MessageUrnAttribute"/> (<c>probono:recruitment:marathon-scheduled:v1</c>),
/// not its CLR name, so renaming or moving a record never reroutes messages.
/// </summary>
internal sealed class UrnEntityNameFormatter(IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        typeof(T).GetCustomAttributes(typeof(MessageUrnAttribute), false) is [MessageUrnAttribute urn, ..]
            ? urn.Urn.ToString().Replace("urn:message:", "", StringComparison.Ordinal)
            : fallback.FormatEntityName<T>();
}
