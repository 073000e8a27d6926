using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A save that records its batches, and holds the first one until told to go on.</summary>
    private sealed class HeldSaves
    {
        public List<int[]> Batches { get; } = [];
        public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource ReleaseFirst { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task Save(IReadOnlyList<GroupCommit<int, int>.Pending> batch)
        {
            lock (Batches)
            {
                Batches.Add([.. batch.Select(p => p.Item)]);
            }
            if (FirstEntered.TrySetResult())
            {
                await ReleaseFirst.Task;
            }
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetResult(pending.Item * 10);
            }
        }
    }

    [Fact]
    public async Task What_arrives_while_a_batch_is_saved_is_saved_together_next_each_with_its_own_outcome()
    {
        var saves = new HeldSaves();
        var commit = new GroupCommit<int, int>(saves.Save, maxBatch: 100);

        var first = commit.Submit(1, CancellationToken.None);
        await saves.FirstEntered.Task.WaitAsync(Patience);
        var waiting = Enumerable.Range(2, 5).Select(i => commit.Submit(i, CancellationToken.None)).ToArray();
        saves.ReleaseFirst.SetResult();

        Assert.Equal(10, await first.WaitAsync(Patience));
        var outcomes = await Task.WhenAll(waiting).WaitAsync(Patience);
        Assert.Equal([20, 30, 40, 50, 60], outcomes);
        Assert.Equal([[1], [2, 3, 4, 5, 6]], saves.Batches);
    }

    [Fact]
    public async Task A_batch_holds_at_most_its_maximum()
    {
        var saves = new HeldSaves();
        var commit = new GroupCommit<int, int>(saves.Save, maxBatch: 2);

        var first = commit.Submit(1, CancellationToken.None);
        await saves.FirstEntered.Task.WaitAsync(Patience);
        var waiting = Enumerable.Range(2, 5).Select(i => commit.Submit(i, CancellationToken.None)).ToArray();
        saves.ReleaseFirst.SetResult();
        await Task.WhenAll([first, .. waiting]).WaitAsync(Patience);

        Assert.Equal([[1], [2, 3], [4, 5], [6]], saves.Batches);
    }

    [Fact]
    public async Task A_failed_save_fails_its_batch_only()
    {
        var calls = 0;
        var commit = new GroupCommit<int, int>(batch =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the database went away");
            }
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetResult(pending.Item);
            }
            return Task.CompletedTask;
        }, maxBatch: 10);

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.Submit(1, CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(2, await commit.Submit(2, CancellationToken.None).WaitAsync(Patience));
    }

    [Fact]
    public async Task An_item_the_save_leaves_undecided_fails_instead_of_waiting_for_ever()
    {
        var commit = new GroupCommit<int, int>(_ => Task.CompletedTask, maxBatch: 10);

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.Submit(1, CancellationToken.None).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_caller_who_stops_waiting_does_not_stop_its_item_being_saved()
    {
        var saves = new HeldSaves();
        var commit = new GroupCommit<int, int>(saves.Save, maxBatch: 10);
        using var leaving = new CancellationTokenSource();

        var first = commit.Submit(1, leaving.Token);
        await saves.FirstEntered.Task.WaitAsync(Patience);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var second = commit.Submit(2, CancellationToken.None);
        saves.ReleaseFirst.SetResult();

        Assert.Equal(20, await second.WaitAsync(Patience));
        Assert.Equal([[1], [2]], saves.Batches);
    }
}
