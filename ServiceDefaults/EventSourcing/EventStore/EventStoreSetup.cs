using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProBono.ServiceDefaults.Problems;
using Weasel.Core;

namespace ProBono.ServiceDefaults.EventSourcing;

public static class EventStoreSetup
{
    /// <summary>Header in which each event keeps the W3C trace context of the request that appended it.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>
    /// The service's own Marten event store in its own database (<c>ConnectionStrings:{connectionName}</c>),
    /// created when missing. System.Text.Json with the API's enum and casing rules, event metadata
    /// (correlation, causation, headers) on, lightweight sessions that stamp each event with the current trace.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder, string connectionName, Action<StoreOptions> configure)
    {
        var connectionString = DatabaseUnavailable.FailFast(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the platform through the AppHost, or set ConnectionStrings__{connectionName}."));

        builder.Services.AddHealthChecks().AddCheck("postgres", new PostgresHealthCheck(connectionString), tags: ["ready"]);
        builder.Services.AddSingleton<IExceptionProblems, StoreProblems>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter("Marten", "Npgsql"))
            .WithTracing(tracing => tracing.AddSource("Marten", "Npgsql"));
        if (!BackgroundSpans.Kept(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(new BackgroundSpans()));
        }

        var marten = builder.Services
            .AddMarten(_ =>
            {
                var options = new StoreOptions();
                options.Connection(connectionString);
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                // the relay is woken by PostgreSQL's NOTIFY on every append, so an event leaves within milliseconds of its
                // commit; polling stays as the fallback when a notification is lost (docs/adr/0007)
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(500);
                options.Projections.LeadershipPollingTime = 1000;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // a missing database is created through the maintenance database, without waiting for the server: the
                // AppHost starts a service once PostgreSQL is healthy, and elsewhere a service that finds no server (or
                // loses the first-start race against a replica) fails at startup and is restarted by whatever runs it
                options.CreateDatabasesForTenants(databases => databases
                    .MaintenanceDatabase(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString)
                    .ForTenant()
                    .CheckAgainstPgDatabase());
                configure(options);
                return options;
            })
            .BuildSessionsWith<TracingSessionFactory>()
            .ApplyAllDatabaseChangesOnStartup()
            // a subscription's checkpoint set back to 0 by hand or by a restore would stall it
            .InitializeWith<SubscriptionsFromTheStart>();

        return marten;
    }

    /// <summary>Sessions that carry the caller's trace into every event they append.</summary>
    private sealed class TracingSessionFactory(IDocumentStore store) : ISessionFactory
    {
        public IQuerySession QuerySession() => store.QuerySession();

        public IDocumentSession OpenSession()
        {
            var session = store.LightweightSession();
            if (Activity.Current is { } activity)
            {
                session.CorrelationId = activity.TraceId.ToString();
                session.CausationId = activity.SpanId.ToString();
                session.SetHeader(TraceParentHeader, activity.Id!);
            }
            return session;
        }
    }

    private sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer.", e);
            }
        }
    }
}
