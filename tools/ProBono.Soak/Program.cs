using System.Globalization;
using System.Text.Json;
using ProBono.Marathon;
using ProBono.Soak;

// The soak (tools/faults/soak.sh boots the platform and runs this against it): a mixed load through the gateway for
// --minutes, faults drawn from --seed meanwhile, every process's VmRSS sampled; then what was acknowledged compared
// with what each service holds (Checks), the 5xx answers classified, and the RSS slopes after warm-up.
//
//   ProBono.Soak --gateway http://127.0.0.1:5280 --work DIR --platform "bash tools/faults/platform.sh" [--pg-port 9632]
//     [--pg-password probono-local] [--minutes 30] [--seed N] [--warmup-minutes 5] [--rate 8] [--reads 8]
//     [--cycle-partners 6] [--cycle-needs 8] [--cycle-volunteers 80] [--cycle-pause 10] [--first-fault-at 30] [--min-gap 40] [--max-gap 120]
//     [--converge-timeout 300] [--sample-seconds 5] [--out FILE.json] [--tamper true]
//
// Exit code 0: nothing lost or doubled, no 5xx but the expected ones, every marathon's invariants held; 1 otherwise.
// --tamper true dirties the stores after the load on purpose (Checks.Tamper), to see the checks fail.
var options = SoakOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var log = TextWriter.Synchronized(Console.Out);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

var ledger = new Ledger();
using var http = new HttpClient(new RecordingHandler(ledger)) { BaseAddress = new Uri(options.Gateway), Timeout = TimeSpan.FromSeconds(120) };
using var gateway = new Gateway(http, staffSubject: "soak");
var seconds = options.Minutes * 60;
var faults = FaultSchedule.Draw(options.Seed, seconds, options.FirstFaultAt, options.MinGap, options.MaxGap);
log.WriteLine($"soak: {options.Minutes} min, seed {options.Seed} (--seed {options.Seed} replays the faults), {faults.Count} faults:");
foreach (var fault in faults)
{
    log.WriteLine($"  {fault}");
}

var memory = new Memory(options.Work);
using var stopSampling = new CancellationTokenSource();
await using var rssCsv = new StreamWriter(Path.Combine(options.Work, "rss.csv")) { AutoFlush = true };
var sampling = memory.Run(ledger, TimeSpan.FromSeconds(options.SampleSeconds), rssCsv, stopSampling.Token);
var load = new Load(gateway, ledger, options, log);
var loadTask = load.Run(TimeSpan.FromSeconds(seconds), ct);
var faultTask = FaultSchedule.Run(faults, ledger, options.Platform, options.Work, memory.Restarted, log, ct);
var progress = Task.Run(async () =>
{
    while (!loadTask.IsCompleted)
    {
        await Task.WhenAny(loadTask, Task.Delay(TimeSpan.FromSeconds(30), ct));
        var answers = ledger.Answers;
        log.WriteLine(string.Create(culture,
            $"{ledger.Now,7:F1} s  {answers.Count} answers ({answers.Count(a => a.Status >= 500)} 5xx), {ledger.Volunteers.Values.Sum(v => v.Count)} registrations acknowledged, {load.Cycles.Count} marathons played"));
    }
}, ct);
await loadTask;
var windows = await faultTask;
await progress;
var loadEnded = ledger.Now;
log.WriteLine(string.Create(culture, $"{loadEnded,7:F1} s  load done: {load.StreamSent} stream registrations sent, {load.Cycles.Count} marathons; waiting for the services to converge"));

// convergence: the copies and inboxes catch up after the last write; the checks are repeated until nothing is missing
var checks = new Checks(options.PostgresPort, options.PostgresPassword);
List<Count> counts = [];
double? converged = null;
while (true)
{
    try
    {
        counts = await checks.Run(ledger, ct);
        if (counts.All(c => c.Lost == 0))
        {
            converged = ledger.Now - loadEnded;
            break;
        }
    }
    catch (InvalidOperationException e)
    {
        log.WriteLine($"checks failed ({e.Message.Trim()}); again in 5 s");
    }
    if (ledger.Now - loadEnded > options.ConvergeTimeout)
    {
        break;
    }
    await Task.Delay(TimeSpan.FromSeconds(5), ct);
}
if (options.Tamper)
{
    log.WriteLine("--tamper: a doubled registration, survey answer and milestone, an inbox row naming no event and a lost copy written on purpose");
    await checks.Tamper(ct);
    counts = await checks.Run(ledger, ct);
}
await stopSampling.CancelAsync();
await sampling;

// 5xx: the documented 503s while the database is down (problem+json with Retry-After), the gateway's answers for a
// service that was killed (503 with Retry-After when the call never reached it, 502 when it died mid-call), and
// anything else (unexpected)
const double Grace = 10;
string Classify(Answer a)
{
    if (a.Status == 503 && a.Problem && a.RetryAfter && windows.Any(w => w.Fault.Kind == "database-restart" && a.At >= w.Start && a.At <= w.Recovered + Grace))
    {
        return "database down (documented 503)";
    }
    if (windows.Any(w => w.Fault.Kind == "kill" && w.Fault.Target == a.Service && a.At >= w.Start && a.At <= w.Recovered + Grace))
    {
        return $"{a.Service} killed (the gateway could not reach it)";
    }
    return "unexpected";
}
var answers = ledger.Answers.ToList();
var serverErrors = answers.Where(a => a.Status >= 500).Select(a => (Answer: a, Class: Classify(a))).ToList();
var byStatus = answers.GroupBy(a => a.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key == 0 ? "no answer" : g.Key.ToString(culture), g => g.Count());
var fiveXx = serverErrors.GroupBy(e => (e.Class, e.Answer.Status, e.Answer.Method, e.Answer.Route, e.Answer.Problem))
    .OrderBy(g => g.Key.Class, StringComparer.Ordinal).ThenByDescending(g => g.Count())
    .Select(g => new { @class = g.Key.Class, status = g.Key.Status, route = $"{g.Key.Method} {g.Key.Route}", problemJson = g.Key.Problem, count = g.Count() }).ToList();
var unexpected = serverErrors.Count(e => e.Class == "unexpected");
var databaseWindows = windows.Where(w => w.Fault.Kind == "database-restart").Select(w => new
{
    at = Math.Round(w.Start, 1),
    mode = w.Fault.Target,
    down = Math.Round(w.Recovered - w.Start, 1),
    documented503 = serverErrors.Count(e => e.Class.StartsWith("database", StringComparison.Ordinal) && e.Answer.At >= w.Start && e.Answer.At <= w.Recovered + Grace),
    last503AfterRecovery = serverErrors.Where(e => e.Answer.Status == 503 && e.Answer.At >= w.Start && e.Answer.At <= w.Recovered + Grace)
        .Select(e => Math.Round(e.Answer.At - w.Recovered, 2)).DefaultIfEmpty().Max(),
}).ToList();

var trends = memory.Trends(options.WarmupMinutes * 60, loadEnded, Math.Min(options.WarmupMinutes, 2) * 60);
var cycles = load.Cycles.OrderBy(c => c.Number).ToList();
var ok = counts.Count > 0 && counts.All(c => c.Holds) && unexpected == 0 && cycles.All(c => c.Failures.Count == 0)
    && load.Unacknowledged.Count == 0 && windows.All(w => w.Error is null);

var figures = new Dictionary<string, object?>
{
    ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", culture),
    ["seed"] = options.Seed,
    ["minutes"] = options.Minutes,
    ["warmupMinutes"] = options.WarmupMinutes,
    ["loadAverage"] = new { mean = Math.Round(memory.LoadAverages.DefaultIfEmpty().Average(), 1), max = memory.LoadAverages.DefaultIfEmpty().Max() },
    ["answers"] = answers.Count,
    ["answersByStatus"] = byStatus,
    ["streamRegistrationsSent"] = load.StreamSent,
    ["unacknowledged"] = load.Unacknowledged,
    ["acknowledged"] = new
    {
        registrations = ledger.Volunteers.Values.Sum(v => v.Count),
        needs = ledger.Needs.Count,
        formations = ledger.Formations.Count,
        checkIns = ledger.CheckIns.Count,
        surveyAnswers = ledger.SurveyAnswers.Count,
    },
    ["marathons"] = cycles.Select(c => new { c.Number, c.MarathonId, c.Tries, seconds = Math.Round(c.Seconds, 1), c.Volunteers, c.Teams, c.CheckedIn, c.Answers, c.Failures }),
    ["faults"] = windows.Select(w => new { kind = w.Fault.Kind, target = w.Fault.Target, at = Math.Round(w.Start, 1), outage = Math.Round(w.Recovered - w.Start, 1), error = w.Error }),
    ["databaseOutages"] = databaseWindows,
    ["convergedAfterLoadSeconds"] = converged is null ? null : Math.Round(converged.Value, 1),
    ["counts"] = counts,
    ["serverErrors"] = fiveXx,
    ["unexpected5xx"] = unexpected,
    ["rss"] = trends.Select(t => new
    {
        process = t.Name,
        slopeMbPerMinute = double.IsNaN(t.SlopeMbPerMinute) ? (double?)null : Math.Round(t.SlopeMbPerMinute, 3),
        firstMb = Math.Round(t.FirstMb, 1),
        lastMb = Math.Round(t.LastMb, 1),
        maxMb = Math.Round(t.MaxMb, 1),
        t.Samples,
        t.Lives,
    }),
    ["ok"] = ok,
};
var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
if (options.Out is not null)
{
    await File.WriteAllTextAsync(options.Out, json, ct);
}

// the summary a person reads
log.WriteLine();
log.WriteLine($"== soak, seed {options.Seed}, {options.Minutes} min, {windows.Count} faults ({string.Join(", ", windows.GroupBy(w => w.Fault.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
log.WriteLine($"answers: {answers.Count} ({string.Join(", ", byStatus.Select(s => $"{s.Key}: {s.Value}"))})");
log.WriteLine(string.Create(culture, $"load average (1 min) meanwhile: mean {memory.LoadAverages.DefaultIfEmpty().Average():F1}, max {memory.LoadAverages.DefaultIfEmpty().Max():F1}"));
log.WriteLine(converged is null ? $"NOT converged {options.ConvergeTimeout} s after the load" : string.Create(culture, $"converged {converged:F1} s after the load"));
log.WriteLine($"{"what",-62} {"expected",9} {"held",8} {"lost",5} {"doubled",7} {"unexpected",10}");
foreach (var c in counts)
{
    log.WriteLine($"{c.What,-62} {c.Expected,9} {c.Held,8} {c.Lost,5} {c.Doubled,7} {c.Unexpected,10}");
}
log.WriteLine($"marathons: {cycles.Count} played, {cycles.Count(c => c.Tries > 1)} needed more than one try, {cycles.Count(c => c.Failures.Count > 0)} with failures");
foreach (var c in cycles.Where(c => c.Failures.Count > 0))
{
    log.WriteLine($"  marathon {c.Number} ({c.MarathonId}): {string.Join(" | ", c.Failures)}");
}
if (load.Unacknowledged.Count > 0)
{
    log.WriteLine($"registrations never acknowledged: {string.Join(", ", load.Unacknowledged.Select(u => $"{u.Value} (last answer {u.Key})"))}");
}
log.WriteLine($"5xx: {serverErrors.Count}, unexpected {unexpected}");
foreach (var e in fiveXx)
{
    log.WriteLine($"  {e.count,6} × {e.status} {e.route}{(e.problemJson ? " (problem+json)" : "")}: {e.@class}");
}
foreach (var d in databaseWindows)
{
    log.WriteLine(string.Create(culture, $"  database {d.mode} restart at {d.at} s, down {d.down} s: {d.documented503} documented 503s, the last {d.last503AfterRecovery:+0.00;-0.00} s from its return"));
}
log.WriteLine(string.Create(culture, $"RSS after {options.WarmupMinutes:0.#} min of warm-up, and {Math.Min(options.WarmupMinutes, 2):0.#} min after each restart, until the load's end (least-squares slope, pooled over each process's lives):"));
foreach (var t in trends)
{
    log.WriteLine(string.Create(culture, $"  {t.Name,-33} {t.SlopeMbPerMinute,8:+0.000;-0.000} MB/min  ({t.FirstMb:F0} → {t.LastMb:F0} MB, max {t.MaxMb:F0}, {t.Samples} samples, {t.Lives} lives)"));
}
log.WriteLine(ok ? "SOAK PASSED" : "SOAK FAILED");
return ok ? 0 : 1;
