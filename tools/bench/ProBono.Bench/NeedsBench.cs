using System.Diagnostics;

namespace ProBono.Bench;

/// <summary>Reads of one marathon's needs at one moment: the board, the two lists and one need.</summary>
internal sealed record NeedsReads(string Marathon, int NeedsInMarathon, int NeedsInDatabase, List<Cell> Cells);

/// <summary>The write cell (submit+qualify+publish cycles) repeated; the median rate is the figure.</summary>
internal sealed record NeedsWrites(int NeedsInDatabase, List<Cell> Repeats)
{
    public double MedianRate => Repeats.Select(c => c.Rate).Order().ElementAt(Repeats.Count / 2);
}

/// <summary>What the needs benchmark measured in one boot.</summary>
internal sealed class NeedsResults
{
    public bool Quick { get; set; }
    public int Clients { get; set; }
    public double CellSeconds { get; set; }
    public NeedsWrites? WritesAtFew { get; set; }
    public NeedsWrites? WritesAtMany { get; set; }
    public int LoadTarget { get; set; }
    public int Loaded { get; set; }
    public int LoadFailed { get; set; }
    public string? LoadFirstFailure { get; set; }
    public double LoadSeconds { get; set; }
    public bool LoadStoppedByBudget { get; set; }
    public double BoardCatchUpSeconds { get; set; }
    public List<NeedsReads> Reads { get; set; } = [];
    public Propagation? Propagation { get; set; }
    public double Seconds { get; set; }
}

internal static class NeedsBench
{
    private const int LoadClients = 32;

    public static async Task<NeedsResults> Run(Uri gateway, bool quick, int loadTarget, TimeSpan loadBudget)
    {
        var clock = Stopwatch.StartNew();
        using var http = Load.Client();
        var key = Platform.SigningKey;
        var needs = new NeedsPlatform(http, new Platform(http, gateway, gateway, key), key);
        var clients = 16;
        var cellTime = TimeSpan.FromSeconds(quick ? 2 : 6);
        var readTime = TimeSpan.FromSeconds(quick ? 2 : 5);
        var repeats = quick ? 1 : 3;
        var results = new NeedsResults { Quick = quick, Clients = clients, CellSeconds = cellTime.TotalSeconds, LoadTarget = loadTarget };
        var inDatabase = 0;
        long sequence = 0;

        var associations = await needs.RegisterAssociations(20);
        string Association(long n) => associations[(int)(n % associations.Count)].Token;

        // JIT (tiered, then PGO), pools and caches, on a marathon of its own: a few seconds of each call, so that the first
        // cells do not pay for it; it costs a few hundred needs, which the report counts in "needs in the database"
        Console.WriteLine($"[needs] warming up through {gateway}");
        var warm = await needs.MarathonForNeeds("needs warm-up");
        var warmed = await Cycles(needs, "warm-up", warm, clients, TimeSpan.FromSeconds(quick ? 2 : 5), Association, () => Interlocked.Increment(ref sequence));
        inDatabase += warmed.Succeeded;
        var warmNeed = (await needs.SubmitAndQualify(warm, Association(0), Interlocked.Increment(ref sequence))).NeedId;
        inDatabase++;
        await Reads(http, needs, "warm-up", warm, [warmNeed], inDatabase, clients, TimeSpan.FromSeconds(quick ? 1 : 2));

        // the 10-need marathon, every need published (partners list published needs only)
        var few = await needs.MarathonForNeeds("needs ten");
        var fewNeeds = await Fill(needs, few, 10, Association, () => Interlocked.Increment(ref sequence));
        inDatabase += fewNeeds.Count;
        await WaitForBoard(needs, few, fewNeeds.Count, TimeSpan.FromSeconds(60));

        // 1. writes with few needs in the database: a fresh marathon per repeat
        results.WritesAtFew = new NeedsWrites(inDatabase, []);
        Console.WriteLine($"[needs] submit+qualify+publish, {clients} clients, {inDatabase} needs in the database");
        for (var r = 0; r < repeats; r++)
        {
            var marathon = await needs.MarathonForNeeds($"needs writes-few-{r}");
            var cell = await Cycles(needs, "cycle@few", marathon, clients, cellTime, Association, () => Interlocked.Increment(ref sequence));
            results.WritesAtFew.Repeats.Add(cell);
            inDatabase += cell.Succeeded;
        }

        // the 1,000-need marathon, every need published
        var thousandCount = quick ? 200 : 1_000;
        Console.WriteLine($"[needs] a marathon with {thousandCount} needs, each submitted, qualified and published");
        var thousand = await needs.MarathonForNeeds("needs thousand");
        var thousandNeeds = await Fill(needs, thousand, thousandCount, Association, () => Interlocked.Increment(ref sequence));
        inDatabase += thousandNeeds.Count;
        await WaitForBoard(needs, thousand, thousandNeeds.Count, TimeSpan.FromSeconds(120));

        // 2. reads of the 10-need and the 1,000-need marathons, back to back at the same database size
        results.Reads.Add(await Reads(http, needs, "10 needs", few, fewNeeds, inDatabase, clients, readTime));
        results.Reads.Add(await Reads(http, needs, $"{thousandNeeds.Count} needs", thousand, thousandNeeds, inDatabase, clients, readTime));

        // 3. propagation: publish answered → the board counts it
        results.Propagation = await Propagate(needs, Association(0), quick ? 3 : 25, () => Interlocked.Increment(ref sequence));

        // the database grows: submissions only (the write the service has no bulk call for), many clients, spread over marathons
        Console.WriteLine($"[needs] loading up to {loadTarget} needs ({inDatabase} now), {LoadClients} clients, budget {loadBudget.TotalSeconds:F0} s");
        var loadClock = Stopwatch.StartNew();
        var bulkMarathons = new List<Guid>();
        var loadedBy = new Dictionary<Guid, int>();
        while (inDatabase < loadTarget && loadClock.Elapsed < loadBudget)
        {
            var marathon = await needs.MarathonForNeeds($"needs bulk-{bulkMarathons.Count}");
            bulkMarathons.Add(marathon);
            var chunk = Math.Min(20_000, loadTarget - inDatabase);
            var cell = await Load.Run(http, "submit (load)", "gateway", "20 assoc.", LoadClients, loadBudget - loadClock.Elapsed,
                n => needs.Submit(marathon, Association(n), Interlocked.Increment(ref sequence)), chunk);
            loadedBy[marathon] = cell.Succeeded;
            inDatabase += cell.Succeeded;
            results.Loaded += cell.Succeeded;
            results.LoadFailed += cell.Failed;
            results.LoadFirstFailure ??= cell.FirstFailure;
            Console.WriteLine($"  {inDatabase} needs in the database, {loadClock.Elapsed.TotalSeconds:F0} s");
        }
        results.LoadSeconds = loadClock.Elapsed.TotalSeconds;
        results.LoadStoppedByBudget = inDatabase < loadTarget;

        // the board is asynchronous: measure once the daemon has caught up, so that the cells don't share the cores with it
        var catchUp = Stopwatch.StartNew();
        foreach (var (marathon, count) in loadedBy)
        {
            await WaitForBoard(needs, marathon, count, TimeSpan.FromMinutes(10), countPublished: false);
        }
        results.BoardCatchUpSeconds = catchUp.Elapsed.TotalSeconds;
        Console.WriteLine($"  the board caught up {results.BoardCatchUpSeconds:F1} s after the load");

        // 1. the same writes with the database grown
        results.WritesAtMany = new NeedsWrites(inDatabase, []);
        Console.WriteLine($"[needs] submit+qualify+publish, {clients} clients, {inDatabase} needs in the database");
        for (var r = 0; r < repeats; r++)
        {
            var marathon = await needs.MarathonForNeeds($"needs writes-many-{r}");
            var cell = await Cycles(needs, "cycle@many", marathon, clients, cellTime, Association, () => Interlocked.Increment(ref sequence));
            results.WritesAtMany.Repeats.Add(cell);
            inDatabase += cell.Succeeded;
        }

        // 2. the same reads with the database grown
        results.Reads.Add(await Reads(http, needs, "10 needs", few, fewNeeds, inDatabase, clients, readTime));
        results.Reads.Add(await Reads(http, needs, $"{thousandNeeds.Count} needs", thousand, thousandNeeds, inDatabase, clients, readTime));

        results.Seconds = clock.Elapsed.TotalSeconds;
        return results;
    }

    /// <summary>Closed loop of submit → qualify → publish: each client starts its next need when the last was published.</summary>
    private static async Task<Cell> Cycles(
        NeedsPlatform needs, string operation, Guid marathon, int clients, TimeSpan duration, Func<long, string> association, Func<long> next,
        int? maxCycles = null)
    {
        var (cell, failed, firstFailure) = await Load.Steps(operation, "gateway", "20 assoc.", clients, duration, async n =>
        {
            var (needId, failure) = await needs.SubmitQualifyPublish(marathon, association(n), next());
            return needId is not null ? null : failure ?? "the cycle gave no need id";
        }, maxCycles);
        Console.WriteLine($"  {operation,-13} {clients,3} clients {cell.Rate,9:F1} needs/s  p50 {cell.P50,8:F1} ms  p99 {cell.P99,8:F1} ms (3 requests each)" +
            (failed > 0 ? $"  {failed} failed, first: {firstFailure}" : ""));
        return cell;
    }

    /// <summary>A marathon holding <paramref name="count"/> published needs, written 16 at a time.</summary>
    private static async Task<List<Guid>> Fill(NeedsPlatform needs, Guid marathon, int count, Func<long, string> association, Func<long> next)
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        long issued = -1;
        string? firstFailure = null;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref issued); n < count; n = Interlocked.Increment(ref issued))
            {
                var (needId, failure) = await needs.SubmitQualifyPublish(marathon, association(n), next());
                if (needId is { } id)
                {
                    ids.Add(id);
                }
                else
                {
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            }
        })));
        if (ids.Count < count)
        {
            throw new InvalidOperationException($"only {ids.Count} of {count} needs were published; first failure: {firstFailure}");
        }
        return [.. ids];
    }

    /// <summary>Polls the board until it counts <paramref name="count"/> needs (published ones, or all), so that reads see the final figures.</summary>
    private static async Task WaitForBoard(NeedsPlatform needs, Guid marathon, int count, TimeSpan timeout, bool countPublished = true)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (total, published) = await needs.BoardFigures(marathon);
            if ((countPublished ? published : total) >= count)
            {
                return;
            }
            if (waited.Elapsed > timeout)
            {
                throw new InvalidOperationException($"the board of {marathon} counts {total} needs ({published} published) after {timeout.TotalSeconds:F0} s, expected {count}");
            }
            await Task.Delay(50);
        }
    }

    private static async Task<NeedsReads> Reads(
        HttpClient http, NeedsPlatform needs, string name, Guid marathon, List<Guid> ids, int inDatabase, int clients, TimeSpan readTime)
    {
        Console.WriteLine($"[needs] reads of the marathon with {name}, {inDatabase} needs in the database");
        var reads = new NeedsReads(name, ids.Count, inDatabase, []);
        reads.Cells.Add(await Load.Run(http, "board", "gateway", name, clients, readTime, _ => needs.Board(marathon)));
        reads.Cells.Add(await Load.Run(http, "list staff", "gateway", name, clients, readTime, _ => needs.List(marathon, needs.StaffToken)));
        reads.Cells.Add(await Load.Run(http, "list partner", "gateway", name, clients, readTime, _ => needs.List(marathon, needs.PartnerToken)));
        reads.Cells.Add(await Load.Run(http, "need", "gateway", name, clients, readTime, n => needs.Need(ids[(int)(n % ids.Count)], needs.StaffToken)));
        // the lists again with pages of 10: what the page's size costs (serialising 50 needs) apart from what the query costs
        reads.Cells.Add(await Load.Run(http, "list staff 10", "gateway", name, clients, readTime, _ => needs.List(marathon, needs.StaffToken, 10)));
        reads.Cells.Add(await Load.Run(http, "list partner 10", "gateway", name, clients, readTime, _ => needs.List(marathon, needs.PartnerToken, 10)));
        return reads;
    }

    /// <summary>From the publish's answer to the board counting the need, polled every 5 ms, one sample at a time.</summary>
    private static async Task<Propagation> Propagate(NeedsPlatform needs, string association, int samples, Func<long> next)
    {
        Console.WriteLine($"[needs] propagation, {samples} samples: POST /admin/needs/{{id}}/publish answered → the board counts it (polled every 5 ms)");
        var marathon = await needs.MarathonForNeeds("needs propagation");
        return await Propagation.Measure(samples,
            async i =>
            {
                var (needId, etag) = await needs.SubmitAndQualify(marathon, association, next());
                await WaitForBoard(needs, marathon, i, TimeSpan.FromSeconds(30)); // the earlier samples are all counted
                var (_, _, failure) = await needs.Write(needs.Publish(needId, etag), read: false);
                return failure is null ? needId : throw new InvalidOperationException(failure);
            },
            async (i, _) => (await needs.BoardFigures(marathon)).Published >= i + 1);
    }
}
