using Marten;
using Marten.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Marten keeps "from the first event" as no progression row: a subscription's page from 0 inserts its row. A row
/// already there at 0 (a restore whose replay window covers the whole history, an operator replaying everything) fails
/// that insert after the page was processed, and the daemon pauses the subscription, restarts it and fails again for
/// ever: the relay republishes its first page every few seconds and never moves. Such rows are removed when the
/// service starts, before the daemon does (Marten runs initial data right after its schema changes).
/// </summary>
internal sealed class SubscriptionsFromTheStart(ILogger<SubscriptionsFromTheStart> logger) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var options = (StoreOptions)store.Options;
        var shards = options.Projections.AllShards().Select(shard => shard.Name.Identity).ToArray();
        if (shards.Length == 0)
        {
            return;
        }
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"delete from {options.Events.DatabaseSchemaName}.mt_event_progression where name = any(@shards) and last_seq_id = 0 returning name",
            connection);
        command.Parameters.AddWithValue("shards", shards);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            logger.LogWarning("The checkpoint of {Subscription} was set to 0: removed, so that it starts again from the first event", reader.GetString(0));
        }
    }
}
