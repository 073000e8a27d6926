namespace ProBono.Webhooks.Sending;

/// <summary>
/// Rung when new deliveries are committed in this process, so the sender looks at once instead of at its next poll.
/// <see cref="Generation"/> lets a worker that found nothing tell whether something came meanwhile.
/// </summary>
internal sealed class DeliveryBell
{
    private TaskCompletionSource rung = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Completes at the next <see cref="Ring"/>.</summary>
    public Task Rung => Volatile.Read(ref rung).Task;

    public void Ring()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Exchange(ref rung, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
