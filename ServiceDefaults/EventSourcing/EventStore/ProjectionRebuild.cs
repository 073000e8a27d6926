using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>What one rebuild did: each projection replayed, its documents afterwards and the time it took.</summary>
public sealed record ProjectionRebuilt(string Projection, string Document, long Documents, double Seconds);

/// <summary>
/// Read models are derived data (docs/adr/0021-events-are-a-contract-with-the-past.md): every projection the service
/// registers with Marten (inline snapshots and projections, async projections) is torn down and replayed from the event
/// store by the projection daemon. Subscriptions (the relay, the mailers) are not projections and are not replayed, and
/// documents written by handlers (inbox rows, entity copies, personal data, idempotency records, mail states) live in
/// tables of their own that no projection owns, so a rebuild never touches them.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>Bounds one projection's replay; a store that needs longer is rebuilt with the daemon's own tooling.</summary>
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The projections a rebuild replays: every registered projection but the live ones, by name.</summary>
    public static IReadOnlyList<(string Name, Type Document)> Projections(IDocumentStore store) =>
        [
            .. ((StoreOptions)store.Options).Projections.All
                .Where(p => p.Lifecycle != ProjectionLifecycle.Live && p.PublishedTypes().Any())
                .Select(p => (p.Name, p.PublishedTypes().First())),
        ];

    /// <summary>
    /// <c>POST /admin/rebuild</c> (staff; the gateway's <c>/admin/{service}/rebuild</c>, tools/rebuild/rebuild.sh):
    /// rebuilds every projection of the service and answers what each holds afterwards. An operator's tool, not part of
    /// API.md, so left out of the OpenAPI document.
    /// </summary>
    public static RouteGroupBuilder MapRebuildProjections(this RouteGroupBuilder admin)
    {
        admin.MapPost("/rebuild", async (HttpContext http, IHostApplicationLifetime lifetime) =>
            {
                // not the request's token: a caller that gives up (the gateway's 100 s) must not leave a projection torn down
                var clock = Stopwatch.StartNew();
                var projections = await RebuildAll(http.RequestServices, lifetime.ApplicationStopping);
                return TypedResults.Ok(new { Projections = projections, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
            })
            .ExcludeFromDescription();
        return admin;
    }

    /// <summary>
    /// Rebuilds every projection of the service, one after the other, on the service's running daemon (so an async
    /// projection's shard is paused for the time of its rebuild, not raced), or on a daemon of its own when none runs.
    /// Writes should be stopped meanwhile: an event appended during the replay of an inline projection may be missed by it.
    /// </summary>
    public static async Task<IReadOnlyList<ProjectionRebuilt>> RebuildAll(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var running = services.GetService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>()?.DaemonForMainDatabase();
        using var own = running is null ? await store.BuildProjectionDaemonAsync() : null;
        var daemon = running ?? own!;
        var rebuilt = new List<ProjectionRebuilt>();
        foreach (var (name, document) in Projections(store))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await daemon.RebuildProjectionAsync(name, ShardTimeout, ct);
            }
            catch (ProjectionAlreadyRebuildingException)
            {
                throw new StateConflict($"The projection {name} is being rebuilt already; wait for that rebuild to end.");
            }
            await using var session = store.QuerySession();
            var count = await session.AdvancedSql.QueryAsync<long>(
                $"select count(*) from {store.Options.FindOrResolveDocumentType(document).TableName.QualifiedName}", ct);
            rebuilt.Add(new ProjectionRebuilt(name, document.Name, count.Single(), Math.Round(clock.Elapsed.TotalSeconds, 3)));
        }
        return rebuilt;
    }
}
