using MassTransit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Marten.Events;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.IntegrationTests.Rebuild;

/// <summary>
/// Every document of a service's schema, table by table (<c>mt_doc_*</c>: projections and what handlers write alike), as
/// PostgreSQL's normalised <c>jsonb</c> text by id. Marten's own columns (<c>mt_version</c>, <c>mt_last_modified</c>) are
/// left out: a rebuild writes them anew (docs/adr/0021-events-are-a-contract-with-the-past.md).
/// </summary>
internal static class ReadModels
{
    public static async Task<SortedDictionary<string, string>> Snapshot(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var schema = store.Options.DatabaseSchemaName;
        var tables = await session.AdvancedSql.QueryAsync<string>(
            "select table_name::text from information_schema.tables where table_schema = ? and table_name like 'mt_doc_%' order by 1", CancellationToken.None, schema);
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = await session.AdvancedSql.QueryAsync<string>(
                $"select coalesce(jsonb_object_agg(id::text, data), '{{}}'::jsonb)::text from {schema}.{table}", CancellationToken.None);
            snapshot[table] = rows.Single();
        }
        return snapshot;
    }

    /// <summary>The tables of the service's projections: what a rebuild derives from the event store.</summary>
    public static IReadOnlySet<string> Derived(IDocumentStore store) =>
        ProjectionRebuild.Projections(store).Select(p => store.Options.FindOrResolveDocumentType(p.Document).TableName.Name).ToHashSet();

    /// <summary>
    /// The service's whole read side before and after a rebuild whose projections were emptied first: equal, so every
    /// projection document is derived from the events alone, and nothing a handler wrote was touched.
    /// </summary>
    public static async Task AssertRebuildRestoresEverything(IServiceProvider services, HttpClient staff, params string[] projectionsWithDocuments)
    {
        // the broker is shared with other test classes, whose events would reach this service's copies meanwhile
        await services.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(30));
        var store = services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var before = await Snapshot(store);
        var derived = Derived(store);
        foreach (var table in projectionsWithDocuments)
        {
            Assert.Contains(table, derived);
            Assert.True(before.TryGetValue(table, out var docs) && docs != "{}", $"the history left no document in {table}");
        }

        await using (var session = store.LightweightSession())
        {
            foreach (var table in derived)
            {
                session.QueueSqlCommand($"delete from {store.Options.DatabaseSchemaName}.{table}");
            }
            await session.SaveChangesAsync();
        }
        var emptied = await Snapshot(store);
        Assert.All(derived, t => Assert.Equal("{}", emptied[t]));

        var response = await staff.PostAsync("/admin/rebuild", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"rebuild: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var after = await Snapshot(store);

        // a table Marten creates on first use meanwhile (an inbox's) reads as one without documents
        foreach (var table in before.Keys.Union(after.Keys))
        {
            var documents = before.GetValueOrDefault(table, "{}");
            Assert.True(documents == after.GetValueOrDefault(table, "{}"), $"{table} ({(derived.Contains(table) ? "derived" : "not derived")}) differs after the rebuild:\nbefore {documents}\nafter  {after.GetValueOrDefault(table)}");
        }
    }
}
