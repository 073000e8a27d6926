namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Group commit: what arrives while a batch is being saved waits, and is saved together in the next batch, so that many
/// writers contending for one lock or one commit pay for it once per batch instead of once each. Each item keeps its own
/// outcome. The batches are saved one after the other by a loop that runs only while there is work: nothing to start or
/// stop. A quiet writer sees batches of one, saved at once.
/// </summary>
/// <param name="save">
/// Saves one batch and completes each item's outcome. An exception fails every item it left without an outcome.
/// It runs to its end even when the caller who started the loop stops waiting.
/// </param>
public sealed class GroupCommit<TItem, TOutcome>(Func<IReadOnlyList<GroupCommit<TItem, TOutcome>.Pending>, Task> save, int maxBatch)
{
    private readonly Lock gate = new();
    private readonly List<Pending> waiting = [];
    private bool saving;

    /// <summary>One item waiting for its batch, and its outcome.</summary>
    public sealed class Pending(TItem item)
    {
        public TItem Item => item;

        public TaskCompletionSource<TOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The outcome of <paramref name="item"/> once its batch is saved. <paramref name="cancellationToken"/> ends the wait,
    /// not the save: an item already queued is saved all the same.
    /// </summary>
    public Task<TOutcome> Submit(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item);
        bool first;
        lock (gate)
        {
            waiting.Add(pending);
            first = !saving;
            saving = true;
        }
        if (first)
        {
            _ = Task.Run(SaveWhileWaiting, CancellationToken.None);
        }
        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    private async Task SaveWhileWaiting()
    {
        while (true)
        {
            Pending[] batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    saving = false;
                    return;
                }
                batch = [.. waiting.Take(maxBatch)];
                waiting.RemoveRange(0, batch.Length);
            }
            try
            {
                await save(batch);
            }
            catch (Exception failure)
            {
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(failure);
                }
            }
            foreach (var pending in batch.Where(p => !p.Outcome.Task.IsCompleted))
            {
                pending.Outcome.TrySetException(new InvalidOperationException("The batch was saved without deciding this item."));
            }
        }
    }
}
