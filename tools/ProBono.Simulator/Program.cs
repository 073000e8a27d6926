using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProBono.Marathon;
using ProBono.Simulator;
using ProBono.Token;
using Spectre.Console;

// probono-simulator: plays a whole marathon of any size through the gateway, from scheduling to the final report, then
// checks the invariants (every published need staffed or explained, the company rules in every team, the report's
// figures equal to what it sent). Exit code 1 when one fails, 2 on bad options.
//   dotnet run --project tools/ProBono.Simulator -- --volunteers 10000 --needs 1000 --partners 50
//   dotnet run --project tools/ProBono.Simulator -- --preset 2016        # the demo's marathon, played through
// Options: --url (http://localhost:5080), --partners N (8), --needs N (10), --volunteers N (100), --seed N (2016),
// --check-in-rate R (0.92), --volunteer-answers R (0.7), --association-answers R (0.9), --partner-answers R (0.75),
// --parallelism N (16), --desks N (staff members at work at once, 4), --patience S (180), --name NAME (fresh by default),
// --json FILE (the phases' timings and the failures), --plain (one line per phase instead of progress bars), --key K.

Options options;
try
{
    options = Options.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var today = DateOnly.FromDateTime(DateTime.UtcNow);
var surveys = new SurveyPlan(options.VolunteerAnswers, options.AssociationAnswers, options.PartnerAnswers, options.Seed);
var plan = options.Preset == "2016"
    ? Plans.LaDefense2016(today, options.CheckInRate, surveys) with { Name = options.Name ?? $"La Défense 2016 replayed {DateTime.UtcNow:yyyyMMdd-HHmmss}" }
    : Plans.Synthetic(
        options.Name ?? $"Simulated marathon {options.Partners}x{options.Needs}x{options.Volunteers} seed {options.Seed} {DateTime.UtcNow:yyyyMMdd-HHmmss}",
        options.Partners, options.Needs, options.Volunteers, options.Seed,
        new DayPlan(options.CheckInRate, Plans.DayMilestones, options.Seed), surveys, today);

AnsiConsole.MarkupLine($"[bold]{Markup.Escape(plan.Name)}[/]: {plan.Partners.Count} partners, {plan.Needs.Count()} needs from {plan.Associations.Count} associations, {plan.Volunteers.Count} volunteers → {Markup.Escape(options.Url)}");
using var gateway = new Gateway(new Uri(options.Url), options.Key, staffSubject: "simulator");
var playerOptions = new PlayerOptions(options.Parallelism, options.Desks, TimeSpan.FromSeconds(options.Patience));
MarathonPlayer? player = null;
var watch = Stopwatch.StartNew();
string? crash = null;
try
{
    if (options.Plain || Console.IsOutputRedirected)
    {
        player = new MarathonPlayer(gateway, plan, new LineProgress(Console.WriteLine), playerOptions);
        await player.PlayAll(CancellationToken.None);
    }
    else
    {
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                player = new MarathonPlayer(gateway, plan, new SpectreProgress(context), playerOptions);
                await player.PlayAll(CancellationToken.None);
            });
    }
}
catch (Exception e) when (e is GatewayException or TimeoutException or InvalidOperationException or HttpRequestException)
{
    crash = e.Message;
}
watch.Stop();

var record = player?.Record ?? new MarathonRecord();
var phases = new Table().AddColumns("phase", "seconds", "calls", "items");
foreach (var phase in record.Phases)
{
    phases.AddRow(phase.Phase, phase.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), phase.Calls.ToString(CultureInfo.InvariantCulture), phase.Items.ToString(CultureInfo.InvariantCulture));
}
phases.AddRow("[bold]total[/]", watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), gateway.Calls.ToString(CultureInfo.InvariantCulture), "");
AnsiConsole.Write(phases);

var failures = crash is null ? Invariants.All(plan, record).ToList() : [$"the marathon stopped: {crash}"];
if (crash is null && record.Report is null)
{
    failures.Add("no final report was read");
}
var staffed = record.Teams.Count;
var explained = record.Proposal?["unstaffable"]?.AsArray().Count ?? 0;
AnsiConsole.MarkupLine($"marathon {record.MarathonId}: {record.Confirmed.Count()} confirmed, {staffed} teams, {explained} needs explained unstaffable, {record.CheckedIn.Count} checked in, {record.Answers.Count}/{record.Invitations.Count} invitations answered; {gateway.Retries} calls retried after 429/503");
if (failures.Count == 0)
{
    AnsiConsole.MarkupLine("[green]every invariant holds[/]: needs staffed or explained, company rules in every team, the report's figures equal to what was sent");
}
foreach (var failure in failures.Take(50))
{
    AnsiConsole.MarkupLine($"[red]FAIL[/] {Markup.Escape(failure)}");
}
if (failures.Count > 50)
{
    AnsiConsole.MarkupLine($"[red]… and {failures.Count - 50} more[/]");
}

if (options.Json is { } json)
{
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
    {
        plan = new { plan.Name, partners = plan.Partners.Count, needs = plan.Needs.Count(), volunteers = plan.Volunteers.Count, options.Seed },
        marathonId = record.MarathonId,
        seconds = watch.Elapsed.TotalSeconds,
        calls = gateway.Calls,
        retries = gateway.Retries,
        phases = record.Phases.Select(p => new { p.Phase, seconds = p.Elapsed.TotalSeconds, p.Calls, p.Items }),
        teams = staffed,
        unstaffable = explained,
        checkedIn = record.CheckedIn.Count,
        invitations = record.Invitations.Count,
        answers = record.Answers.Count,
        failures,
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}
return failures.Count == 0 ? 0 : 1;
