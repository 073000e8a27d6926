using System.Diagnostics.Metrics;
using System.Reflection;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProBono.ServiceDefaults.Telemetry;
using RabbitMQ.Client;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// What is waiting, as observable gauges: the relay's lag and the messages ready in each of the service's own queues.
/// A background poll (<c>Telemetry:BacklogPollSeconds</c>, default 5; 0: off) caches them, so that a metrics collection
/// never waits on the database or the broker.
/// </summary>
internal sealed class BacklogGauges : BackgroundService
{
    private readonly IServiceProvider services;
    private readonly ILogger<BacklogGauges> logger;
    private readonly TimeSpan interval;
    private readonly KeyValuePair<string, object?> service;
    private volatile Measurement<long>[] relayLag = [];
    private volatile Measurement<long>[] queueReady = [];
    private IConnection? broker;

    public BacklogGauges(IServiceProvider services, IMeterFactory factory, IConfiguration configuration, IHostEnvironment environment, ILogger<BacklogGauges> logger)
    {
        this.services = services;
        this.logger = logger;
        interval = TimeSpan.FromSeconds(configuration.GetValue("Telemetry:BacklogPollSeconds", 5.0));
        service = new("service", environment.ApplicationName);
        var meter = ProBonoMeters.Create(factory);
        meter.CreateObservableGauge("probono.relay.lag", () => relayLag, "{event}",
            "Events appended but not yet published by the integration-event relay (last event sequence − relayed sequence).");
        meter.CreateObservableGauge("probono.messaging.queue.ready", () => queueReady, "{message}",
            "Messages ready in each of the service's own queues, waiting for its consumers.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval);
        do
        {
            relayLag = await Measure("relay lag", ReadRelayLag, stoppingToken) ?? relayLag;
            queueReady = await Measure("queue depths", ReadQueueDepths, stoppingToken) ?? queueReady;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>A failed read keeps the last figures (the server may be down; its own health check says so).</summary>
    private async Task<Measurement<long>[]?> Measure(string what, Func<CancellationToken, Task<Measurement<long>[]>> read, CancellationToken ct)
    {
        try
        {
            return await read(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogDebug(e, "Reading {What} for the operators' gauges failed", what);
            return null;
        }
    }

    private async Task<Measurement<long>[]> ReadRelayLag(CancellationToken ct)
    {
        if (services.GetService<IntegrationEventMap>() is null || services.GetService<IDocumentStore>() is not { } store)
        {
            return [];
        }
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var relayed = progress.Where(p => p.ShardName.StartsWith(IntegrationEventRelay.SubscriptionName, StringComparison.Ordinal))
            .Select(p => p.Sequence).DefaultIfEmpty(0).Max();
        // the sequence itself: cheap at any size, unlike counting the events table
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select case when is_called then last_value else 0 end from \"{store.Options.Events.DatabaseSchemaName}\".mt_events_sequence", connection);
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L);
        return [new Measurement<long>(Math.Max(0, last - relayed), service)];
    }

    private async Task<Measurement<long>[]> ReadQueueDepths(CancellationToken ct)
    {
        if (services.GetService<ConsumerTypes>() is not { } consumers)
        {
            return [];
        }
        if (broker is not { IsOpen: true })
        {
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }
            var uri = services.GetRequiredService<IConfiguration>().GetConnectionString(MessagingSetup.ConnectionName)!;
            broker = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "probono-backlog-gauges" }.CreateConnectionAsync(ct);
        }
        var measurements = new List<Measurement<long>>();
        foreach (var queue in Queues(consumers))
        {
            // one channel per queue: a passive declare of a queue not declared yet closes its channel
            await using var channel = await broker.CreateChannelAsync(cancellationToken: ct);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue, ct);
                measurements.Add(new Measurement<long>(ok.MessageCount, service, new("queue", queue)));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // not declared yet (the bus is starting)
            }
        }
        return [.. measurements];
    }

    /// <summary>The queue of every consumer endpoint of this service, named as MassTransit names them.</summary>
    private IEnumerable<string> Queues(ConsumerTypes consumers)
    {
        var formatter = services.GetRequiredService<IEndpointNameFormatter>();
        var format = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer), BindingFlags.Public | BindingFlags.Instance)!;
        return consumers.Types.Select(t => (string)format.MakeGenericMethod(t).Invoke(formatter, null)!).Distinct();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (broker is not null)
        {
            await broker.DisposeAsync();
        }
    }
}
