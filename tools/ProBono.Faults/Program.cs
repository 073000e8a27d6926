using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProBono.Faults;
using ProBono.Marathon;

// One fault run against a running platform (tools/faults/run.sh boots it and says what the fault is):
// registrations through the gateway at a steady pace, the fault command at --fault-at seconds, the recover command
// --outage seconds later, then Teams' and Feedback's volunteer copies compared, by id, with what the gateway accepted.
//
//   ProBono.Faults --gateway http://127.0.0.1:5280 --pg-port 9632 [--pg-password probono-local] [--registrations 5000]
//     [--partners 10] [--rate 80] [--concurrency 24] [--fault-at 15 --outage 30 --fault CMD --recover CMD]
//     [--scenario NAME] [--out FILE.json] [--converge-timeout 180]
//
// Exit code 0: nothing lost, nothing doubled, converged in time; 1 otherwise.
var options = Options.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;
var culture = CultureInfo.InvariantCulture;

using var gateway = new Gateway(new Uri(options.Gateway));
var tag = DateTime.UtcNow.ToString("HHmmss", culture);
var partners = Enumerable.Range(1, options.Partners).Select(i => $"faults-{tag}-{i:D2}").ToArray();
var quota = options.Registrations / options.Partners + 100; // everyone confirmed: only confirmed volunteers reach Teams and Feedback
var created = await gateway.Expect(HttpMethod.Post, "/admin/recruitment/marathons", gateway.Staff(), new
{
    name = $"Fault run {options.Scenario} {tag}",
    venue = "Fault harness",
    date = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(6)),
    registrationDeadline = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(5)),
    hourlyValueEur = 50,
    partners = partners.Select(p => new { partnerId = p, name = p, quota }).ToArray(),
}, ct: ct);
var marathonId = created["marathonId"]!.GetValue<Guid>();
await gateway.Expect(HttpMethod.Post, $"/admin/recruitment/marathons/{marathonId}/open-registration", gateway.Staff(), ct: ct);
var employees = Enumerable.Range(0, options.Registrations)
    .Select(i => new Employee(partners[i % partners.Length], $"e{i}", $"Fault{i % 97}"))
    .ToList();
Console.WriteLine($"marathon {marathonId}: {options.Registrations} registrations over {partners.Length} partners at {options.Rate}/s, scenario {options.Scenario}");

var load = new Registrations(gateway, marathonId, employees, options.Rate, options.Concurrency);
var readModels = new ReadModels(options.PostgresPort, options.PostgresPassword);
double? faultAt = null, recoveredAt = null;
var loadTask = load.Run(ct);
var faultTask = options.Fault is null ? Task.CompletedTask : Task.Run(async () =>
{
    await Task.Delay(TimeSpan.FromSeconds(options.FaultAt), ct);
    Console.WriteLine($"{load.Clock.Elapsed.TotalSeconds,6:F1} s  fault: {options.Fault}");
    await Shell(options.Fault, ct);
    faultAt = load.Clock.Elapsed.TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(options.Outage), ct);
    Console.WriteLine($"{load.Clock.Elapsed.TotalSeconds,6:F1} s  recover: {options.Recover}");
    if (options.Recover is not null)
    {
        await Shell(options.Recover, ct);
    }
    recoveredAt = load.Clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{recoveredAt,6:F1} s  recovered ({load.Accepted.Count} accepted so far)");
}, ct);
var progress = Task.Run(async () =>
{
    while (!loadTask.IsCompleted)
    {
        await Task.WhenAny(loadTask, Task.Delay(TimeSpan.FromSeconds(5), ct));
        Console.WriteLine($"{load.Clock.Elapsed.TotalSeconds,6:F1} s  {load.Accepted.Count} accepted");
    }
}, ct);

// convergence: from the recovery (or the end of the load) on, poll both read models until they hold what was accepted
await faultTask;
if (options.Fault is null)
{
    await loadTask;
}
double? backlogConverged = null, converged = null;
var watchFrom = recoveredAt ?? load.Clock.Elapsed.TotalSeconds;
var backlog = load.Accepted.Where(a => a.At <= watchFrom).Select(a => a.VolunteerId).ToHashSet();
var deadline = load.Clock.Elapsed + TimeSpan.FromSeconds(options.ConvergeTimeout);
Dictionary<string, List<VolunteerCopy>> copies = [];
while (load.Clock.Elapsed < deadline || !loadTask.IsCompleted)
{
    copies = await ReadAll();
    var now = load.Clock.Elapsed.TotalSeconds;
    var held = copies.Values.Select(c => c.Where(v => v.Status == "confirmed").Select(v => v.VolunteerId).ToHashSet()).ToList();
    if (backlogConverged is null && held.All(h => backlog.IsSubsetOf(h)))
    {
        backlogConverged = now - watchFrom;
        Console.WriteLine($"{now,6:F1} s  the {backlog.Count} registrations accepted before {watchFrom:F1} s are in Teams and Feedback ({backlogConverged:F2} s)");
    }
    if (loadTask.IsCompleted)
    {
        var all = load.Accepted.Select(a => a.VolunteerId).ToHashSet();
        if (held.All(h => all.IsSubsetOf(h)))
        {
            converged = now - load.Accepted.Max(a => a.At);
            break;
        }
    }
    await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
}
await loadTask;
await progress;
copies = await ReadAll();

// the figures
var accepted = load.Accepted.ToList();
var sent = accepted.GroupBy(a => a.Employee).ToDictionary(g => g.Key, g => g.Select(a => a.VolunteerId).Distinct().ToList());
var acceptedIds = accepted.Select(a => a.VolunteerId).ToHashSet();
var byId = accepted.GroupBy(a => a.VolunteerId).ToDictionary(g => g.Key, g => g.First().Employee);
var recruitment = await gateway.All($"/api/marathons/{marathonId}/volunteers", gateway.Staff(), ct);
var recruitmentIds = recruitment.Select(v => v["volunteerId"]!.GetValue<Guid>()).ToList();
var figures = new Dictionary<string, object?>
{
    ["scenario"] = options.Scenario,
    ["marathonId"] = marathonId,
    ["registrations"] = options.Registrations,
    ["partners"] = options.Partners,
    ["rate"] = options.Rate,
    ["accepted"] = acceptedIds.Count,
    ["employeesWithTwoVolunteerIds"] = sent.Count(s => s.Value.Count > 1),
    ["notAccepted"] = employees.Count - sent.Count,
    ["failedCallsRetried"] = load.Failures,
    ["recruitment"] = new { volunteers = recruitmentIds.Count, distinct = recruitmentIds.Distinct().Count(), notAccepted = recruitmentIds.Except(acceptedIds).Count() },
    ["faultAt"] = faultAt,
    ["recoveredAt"] = recoveredAt,
    ["loadSeconds"] = accepted.Count == 0 ? 0 : accepted.Max(a => a.At),
    ["ratePerSecond"] = Rates(),
    ["convergedAfterRecovery"] = backlogConverged,
    ["convergedAfterLastWrite"] = converged,
};
var ok = converged is not null && sent.Count == employees.Count && sent.All(s => s.Value.Count == 1)
    && recruitmentIds.Count == acceptedIds.Count && recruitmentIds.ToHashSet().SetEquals(acceptedIds);
foreach (var (service, list) in copies)
{
    var ids = list.Select(c => c.VolunteerId).ToList();
    var lost = acceptedIds.Except(ids).Count();
    var extra = ids.Except(acceptedIds).Count();
    var doubled = ids.Count - ids.Distinct().Count();
    // each copy holds what was sent for that volunteer: its company, its first name, confirmed
    var wrong = list.Count(c => !byId.TryGetValue(c.VolunteerId, out var e) || e.PartnerId != c.PartnerId || e.FirstName != c.FirstName || c.Status != "confirmed");
    figures[service] = new { copies = ids.Count, lost, doubled, notRegistered = extra, differFromSent = wrong };
    ok &= lost == 0 && extra == 0 && doubled == 0 && wrong == 0;
}
figures["ok"] = ok;
var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (options.Out is not null)
{
    await File.WriteAllTextAsync(options.Out, json, ct);
}
return ok ? 0 : 1;

async Task<Dictionary<string, List<VolunteerCopy>>> ReadAll()
{
    var result = new Dictionary<string, List<VolunteerCopy>>(StringComparer.Ordinal);
    foreach (var (service, table) in ReadModels.Consumers)
    {
        result[service] = await readModels.Copies(service, table, marathonId, ct);
    }
    return result;
}

// accepted registrations a second before the fault, during it, and after the recovery
object Rates()
{
    var times = load.Accepted.Select(a => a.At).ToList();
    double Rate(double from, double to) => to <= from ? 0 : Math.Round(times.Count(t => t > from && t <= to) / (to - from), 1);
    var end = times.Count == 0 ? 0 : times.Max();
    // the slowest whole second between the first and the last acceptance (the load's own ramp-up left out)
    var first = times.Count == 0 ? 0 : (int)Math.Ceiling(times.Min());
    var slowest = (int)end - first < 1 ? 0 : Enumerable.Range(first, (int)end - first).Min(s => times.Count(t => t > s && t <= s + 1));
    return faultAt is { } f && recoveredAt is { } r
        ? new { before = Rate(0, f), during = Rate(f, r), after = Rate(r, end), slowestSecond = slowest }
        : new { before = Rate(0, end), during = 0.0, after = 0.0, slowestSecond = slowest };
}

static async Task Shell(string command, CancellationToken ct)
{
    using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { UseShellExecute = false })
        ?? throw new InvalidOperationException($"could not run {command}");
    await process.WaitForExitAsync(ct);
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"`{command}` exited with {process.ExitCode}");
    }
}

namespace ProBono.Faults
{
    internal sealed record Options(
        string Gateway, int PostgresPort, string PostgresPassword, int Registrations, int Partners, double Rate, int Concurrency,
        double FaultAt, double Outage, string? Fault, string? Recover, string Scenario, string? Out, double ConvergeTimeout)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"expected --name value, not '{args[i]}' (see the comment at the top of Program.cs)");
                }
                values[args[i][2..]] = args[++i];
            }
            string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
            double Number(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Options(
                Get("gateway") ?? throw new ArgumentException("--gateway URL is required"),
                (int)Number("pg-port", 9632), Get("pg-password") ?? "probono-local",
                (int)Number("registrations", 5000), (int)Number("partners", 10), Number("rate", 80), (int)Number("concurrency", 24),
                Number("fault-at", 15), Number("outage", 30), Get("fault"), Get("recover"), Get("scenario") ?? "no fault", Get("out"),
                Number("converge-timeout", 180));
        }
    }
}
