using JasperFx;
using Marten;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>A message this service has already applied (its inbox). Id: consumer name and message id.</summary>
public sealed class ProcessedMessage
{
    public required string Id { get; init; }
    public required string MessageType { get; init; }
    public required DateTimeOffset ProcessedAt { get; init; }
}

/// <summary>
/// The inbox, the one mechanism that drops repeated messages: a consumer's changes and the inbox row of the message
/// are saved in one Marten transaction, so a redelivery (broker retry, relay republishing after a crash) finds the
/// row and changes nothing, and of two concurrent deliveries only one commits (the second inbox insert fails and
/// its whole transaction rolls back) and the other is told "already applied", not retried.
/// </summary>
public static class Inbox
{
    /// <summary>
    /// Stage the changes with <paramref name="stage"/> and save them with the inbox row <paramref name="key"/>,
    /// unless that row exists. False when the message had already been applied, before or concurrently.
    /// Any other failed save (a concurrent change to the same document by another message) propagates, so that the
    /// message is retried.
    /// </summary>
    /// <remarks>
    /// A concurrent repeat also fails on the copy or stream both write, and Marten throws the conflicts together (an
    /// <see cref="AggregateException"/>): the inbox row is staged first, and its conflict among them means a repeat. An
    /// event append is written before every document and may be all a failed save reports, so any failed save is also a
    /// repeat when the inbox row has been committed meanwhile (the other delivery applied it).
    /// </remarks>
    public static async Task<bool> ApplyOnce(
        IDocumentSession session, string key, string messageType, Func<Task> stage, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ProcessedMessage>(key, cancellationToken) is not null)
        {
            return false;
        }
        session.Insert(new ProcessedMessage { Id = key, MessageType = messageType, ProcessedAt = DateTimeOffset.UtcNow });
        await stage();
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (InboxRowConflict(e))
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await CommittedMeanwhile(session, key, cancellationToken))
            {
                return false;
            }
            throw;
        }
    }

    /// <summary>Whether the inbox row <paramref name="key"/> is there now; false when that cannot be told (the save's own failure stands).</summary>
    private static async Task<bool> CommittedMeanwhile(IDocumentSession session, string key, CancellationToken cancellationToken)
    {
        try
        {
            // on a session of its own: this one's unit of work still holds the operations that failed
            await using var check = session.DocumentStore.QuerySession(session.TenantId);
            return await check.LoadAsync<ProcessedMessage>(key, cancellationToken) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false; // the database is away too: the message is retried and the retry decides
        }
    }

    private static bool InboxRowConflict(Exception e) => e switch
    {
        DocumentAlreadyExistsException conflict => conflict.DocumentType == typeof(ProcessedMessage),
        AggregateException several => several.InnerExceptions.Any(InboxRowConflict),
        _ => false,
    };

    /// <summary>
    /// Each decision of an in-process consumer: the message id, whether it was applied (false: dropped as a repeat), and
    /// the queue it came from (several services of one test process hear the same published event on their own queues).
    /// For tests, which count applications: a broken inbox shows up as two "applied", not as a row that can only be one.
    /// </summary>
    internal static event Action<Guid, bool, Uri?>? Decided;

    internal static void Report(Guid messageId, bool applied, Uri? queue) => Decided?.Invoke(messageId, applied, queue);

    /// <summary>The inbox key of <paramref name="messageId"/> for the consumer <paramref name="consumer"/>.</summary>
    public static string Key(Type consumer, Guid messageId) => $"{consumer.Name}:{messageId:N}";
}
