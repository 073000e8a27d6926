using ProBono.Marathon;
using ProBono.Token;

// The demo: the 2016 La Défense marathon (Plans.LaDefense2016) loaded through the gateway as its people would, up to
// the teams formed; with --Demo:PlayThrough=true also the day, the surveys and the final report. Loading twice creates
// nothing twice: the player sends only what is missing.
// Usage: ProBono.Demo [gateway] [--Demo:PlayThrough=true]; the AppHost runs it once the gateway is healthy (Demo:Load=false skips it).

var gateway = Environment.GetEnvironmentVariable("services__gateway__http__0")
    ?? args.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal)) ?? "http://localhost:5080";
var key = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Tokens.DevelopmentKey;
var playThrough = string.Equals(
    args.Select(a => a.Split('=', 2)).Where(a => a.Length == 2 && a[0].TrimStart('-') is "Demo:PlayThrough" or "Demo__PlayThrough").Select(a => a[1]).LastOrDefault()
        ?? Environment.GetEnvironmentVariable("Demo__PlayThrough"),
    "true", StringComparison.OrdinalIgnoreCase);

// everyone comes and every team delivers: the demo completes ready, nothing missing
var plan = Plans.LaDefense2016(DateOnly.FromDateTime(DateTime.UtcNow), checkInRate: 1.0);
using var client = new Gateway(new Uri(gateway), key, staffSubject: "demo-loader");
var player = new MarathonPlayer(client, plan, new LineProgress(Console.WriteLine));
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
try
{
    await player.PlayUntilTeams(stop.Token);
    if (playThrough)
    {
        await player.PlayThrough(stop.Token);
    }
}
catch (Exception e) when (e is GatewayException or TimeoutException or InvalidOperationException)
{
    Console.Error.WriteLine($"Loading the demo failed: {e.Message}");
    return 1;
}

var record = player.Record;
Console.WriteLine(record.Scheduled
    ? $"Loaded {plan.Name} ({record.MarathonId}): {record.Needs.Count} needs, {record.Confirmed.Count()} confirmed volunteers, {record.Teams.Count} teams, {record.Pins.Count} leads pinned."
    : $"{plan.Name} was already loaded ({record.MarathonId}); only what was missing was sent. It is {record.Status}, with {record.Teams.Count} teams.");
var failures = Invariants.All(plan, record);
foreach (var failure in failures)
{
    Console.Error.WriteLine($"invariant: {failure}");
}
Console.WriteLine($"Try: curl -H \"Authorization: Bearer $(dotnet run --project tools/ProBono.Token -- staff)\" {gateway}/api/marathons/{record.MarathonId}/teams");
if (record.Report is not null)
{
    Console.WriteLine($"The final report: {gateway}/admin/feedback/marathons/{record.MarathonId}/report (chart: …/report/chart.svg)");
}
return failures.Count == 0 ? 0 : 1;
