using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using ProBono.Marathon;

namespace ProBono.Soak;

/// <summary>What one played marathon came to: how many tries it took and what its invariants found.</summary>
internal sealed record Cycle(int Number, Guid MarathonId, string Name, int Tries, double Seconds, int Volunteers, int Teams, int CheckedIn, int Answers,
    IReadOnlyList<string> Failures);

/// <summary>
/// The soak's mixed load through the gateway, three strands at once until the time is up:
/// <list type="bullet">
/// <item>a stream of single registrations into one open marathon, paced, each sent again until acknowledged
/// (registration is idempotent on the partner and the employee's reference);</item>
/// <item>whole marathons played one after the other by <see cref="MarathonPlayer"/>: associations and needs,
/// bulk registrations, pinned leads, formation, the day's check-ins, milestones and deliverables, survey answers and
/// the report. A marathon a fault broke off is played again: the player sends only what is missing;</item>
/// <item>reads of lists and reports as partners and staff use them.</item>
/// </list>
/// </summary>
internal sealed class Load(Gateway gateway, Ledger ledger, SoakOptions options, TextWriter log)
{
    private readonly ConcurrentBag<Cycle> cycles = [];
    private readonly ConcurrentDictionary<string, int> unacknowledged = new(StringComparer.Ordinal);
    private Guid streamMarathon;
    private volatile Cycle? lastCycle;
    private int streamSent;

    public IReadOnlyCollection<Cycle> Cycles => cycles;

    public Guid StreamMarathon => streamMarathon;

    public int StreamSent => streamSent;

    /// <summary>Registrations given up on (not acknowledged by the end), by their last answer.</summary>
    public IReadOnlyDictionary<string, int> Unacknowledged => unacknowledged;

    public async Task Run(TimeSpan duration, CancellationToken ct)
    {
        var partners = Enumerable.Range(1, 10).Select(i => $"soak-{options.Seed}-{i:D2}").ToArray();
        var created = await gateway.Expect(HttpMethod.Post, "/admin/recruitment/marathons", gateway.Staff(), new
        {
            name = $"Soak stream seed {options.Seed} {DateTime.UtcNow:yyyyMMdd-HHmmss}",
            venue = "Soak",
            date = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(6)),
            registrationDeadline = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(5)),
            hourlyValueEur = 50,
            partners = partners.Select(p => new { partnerId = p, name = p, quota = 10_000 }).ToArray(),
        }, ct: ct);
        streamMarathon = created["marathonId"]!.GetValue<Guid>();
        await gateway.Expect(HttpMethod.Post, $"/admin/recruitment/marathons/{streamMarathon}/open-registration", gateway.Staff(), ct: ct);
        log.WriteLine($"registration stream: marathon {streamMarathon}, {options.Rate}/s over {partners.Length} partners");

        var end = ledger.Now + duration.TotalSeconds;
        await Task.WhenAll(Registrations(partners, end, ct), Marathons(end, ct), Reads(end, ct));
    }

    private async Task Registrations(string[] partners, double end, CancellationToken ct)
    {
        var start = ledger.Now;
        var pending = new List<Task>();
        using var slots = new SemaphoreSlim(64);
        for (var i = 0; ; i++)
        {
            var due = start + i / options.Rate;
            if (due >= end)
            {
                break;
            }
            if (due > ledger.Now)
            {
                await Task.Delay(TimeSpan.FromSeconds(due - ledger.Now), ct);
            }
            await slots.WaitAsync(ct);
            var n = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await Register(partners[n % partners.Length], $"s{n}", ct);
                }
                finally
                {
                    slots.Release();
                }
            }, ct));
            Interlocked.Increment(ref streamSent);
        }
        await Task.WhenAll(pending);
    }

    /// <summary>Until acknowledged, for at most ten minutes: after that the platform did not come back, and it shows as lost.</summary>
    private async Task Register(string partner, string employeeRef, CancellationToken ct)
    {
        var giveUp = ledger.Now + 600;
        var last = "";
        while (ledger.Now < giveUp)
        {
            try
            {
                var answer = await gateway.Post($"/api/marathons/{streamMarathon}/volunteers", gateway.Partner(partner), new
                {
                    employeeRef,
                    firstName = $"Soak{employeeRef.Length}",
                    lastName = $"Soak {employeeRef}",
                    email = $"{employeeRef}.{partner}@soak.example",
                    skills = new[] { Vocabulary.Skills[employeeRef.GetHashCode(StringComparison.Ordinal) & 7] },
                    leadCapable = false,
                    causePreferences = new[] { "education" },
                }, null, ct);
                if (answer.Status is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    return;
                }
                last = ((int)answer.Status).ToString(CultureInfo.InvariantCulture);
                if ((int)answer.Status is >= 400 and < 500)
                {
                    break; // refused: sending it again changes nothing
                }
            }
            catch (HttpRequestException e)
            {
                last = e.HttpRequestError.ToString();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        unacknowledged.AddOrUpdate(last, 1, (_, n) => n + 1);
    }

    private async Task Marathons(double end, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var number = 1; ledger.Now < end; number++)
        {
            var seed = options.Seed + number;
            var plan = Plans.Synthetic($"Soak seed {options.Seed} marathon {number} {DateTime.UtcNow:yyyyMMdd-HHmmss}",
                options.CyclePartners, options.CycleNeeds, options.CycleVolunteers, seed,
                new DayPlan(0.9, Plans.DayMilestones, seed), new SurveyPlan(0.7, 0.9, 0.75, seed), today);
            var started = ledger.Now;
            MarathonPlayer? player = null;
            var tries = 0;
            var failures = new List<string>();
            // a fault may break a phase off (an answer the player did not expect); the next try sends only what is missing
            while (tries < 6)
            {
                tries++;
                player = new MarathonPlayer(gateway, plan, new LineProgress(_ => { }), new PlayerOptions(Parallelism: 8, StaffDesks: 4, Patience: TimeSpan.FromMinutes(5)));
                try
                {
                    await player.PlayAll(ct);
                    failures.Clear();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var message = e.Message.Length > 300 ? e.Message[..300] : e.Message;
                    failures.Add($"try {tries}: {e.GetType().Name}: {message}");
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ledger.Now,7:F1} s  marathon {number}, try {tries}: {e.GetType().Name}: {message}"));
                    // a call that died with its service keeps its Idempotency-Key claimed for 60 s (409 "already being
                    // processed"): the tries span more than that
                    await Task.Delay(TimeSpan.FromSeconds(15), ct);
                }
            }
            var record = player!.Record;
            if (failures.Count == 0)
            {
                failures.AddRange(Invariants.All(plan, record));
            }
            var cycle = new Cycle(number, record.MarathonId, plan.Name, tries, ledger.Now - started, record.Volunteers.Count, record.Teams.Count,
                record.CheckedIn.Count, record.Answers.Count, failures);
            cycles.Add(cycle);
            lastCycle = cycle;
            await Task.Delay(TimeSpan.FromSeconds(options.CyclePause), ct);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ledger.Now,7:F1} s  marathon {number} played in {cycle.Seconds:F0} s ({tries} tries): {cycle.Volunteers} volunteers, {cycle.Teams} teams, {cycle.CheckedIn} checked in, {cycle.Answers} answers{(failures.Count == 0 ? "" : $", {failures.Count} failures")}"));
        }
    }

    /// <summary>What staff and partners read meanwhile: lists, a team board, a report. Their answers are recorded, nothing more.</summary>
    private async Task Reads(double end, CancellationToken ct)
    {
        var start = ledger.Now;
        var random = new Random(options.Seed);
        var pending = new List<Task>();
        for (var i = 0; ; i++)
        {
            var due = start + i / options.Reads;
            if (due >= end)
            {
                break;
            }
            if (due > ledger.Now)
            {
                await Task.Delay(TimeSpan.FromSeconds(due - ledger.Now), ct);
            }
            var played = lastCycle;
            var stream = streamMarathon;
            var (path, token) = (random.Next(7), played) switch
            {
                (0, _) => ("/api/marathons", gateway.Staff(1)),
                (1, _) => ($"/api/marathons/{stream}/volunteers?pageSize=50&page={1 + random.Next(5)}", gateway.Staff(2)),
                (2, _) => ($"/api/marathons/{stream}/volunteers?pageSize=20", gateway.Partner($"soak-{options.Seed}-{1 + random.Next(10):D2}")),
                (3, { } c) => ($"/api/needs?marathonId={c.MarathonId}", gateway.Staff(3)),
                (4, { } c) => ($"/api/marathons/{c.MarathonId}/teams", gateway.Staff(3)),
                (5, { } c) => ($"/admin/feedback/marathons/{c.MarathonId}/report", gateway.Staff(1)),
                (_, { } c) => ($"/api/marathons/{c.MarathonId}", gateway.Staff(2)),
                _ => ($"/api/marathons/{stream}", gateway.Staff(2)),
            };
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await gateway.Get(path, token, ct);
                }
                catch (HttpRequestException)
                {
                    // recorded by the handler; a read is not sent again
                }
            }, ct));
            pending.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(pending);
    }
}
