using Marten;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// In how many transactions a consumer's inbox rows for these messages were written (distinct <c>xmin</c>): one per
/// message when nothing is batched, so a group commit shows as fewer.
/// </summary>
public static class InboxTransactions
{
    public static async Task<long> Count(IDocumentStore store, Type consumer, IEnumerable<Guid> messageIds)
    {
        await using var session = store.QuerySession();
        var keys = messageIds.Select(m => Inbox.Key(consumer, m)).ToArray();
        return (await session.QueryAsync<long>(
            $"select count(distinct xmin::text::bigint) from {store.Options.DatabaseSchemaName}.mt_doc_processedmessage where id = any(?)",
            [keys])).Single();
    }
}
