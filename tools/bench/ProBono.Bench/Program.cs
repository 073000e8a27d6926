using System.Diagnostics;
using ProBono.Bench;

// The load generator behind tools/bench/registrations.sh (which boots the platform, runs pgbench and finds the
// services' own ports). Two commands:
//   run    --gateway URL --direct URL [--direct-found TEXT] [--phase main|sampling] [--sampling R] [--quick] --out FILE.json
//   report --main FILE.json [--sampling FILE.json] --pgbench-tps N [--pgbench TEXT] [--command TEXT] [--commit TEXT] --out FILE.md
// and for tools/bench/needs.sh:
//   needs  --gateway URL [--target N] [--load-budget SECONDS] [--quick] --out FILE.json
//   needs-report --results FILE.json --pgbench-tps N [--pgbench TEXT] [--command TEXT] [--commit TEXT] --out FILE.md

var options = new Dictionary<string, string>();
var flags = new HashSet<string>();
for (var i = 1; i < args.Length; i++)
{
    if (args[i] == "--quick")
    {
        flags.Add("quick");
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
}
string Option(string name) => options.TryGetValue(name, out var value) ? value
    : throw new ArgumentException($"--{name} is required");

switch (args.FirstOrDefault())
{
    case "run":
        var results = await Bench.Run(
            new Uri(Option("gateway")), new Uri(Option("direct")), options.GetValueOrDefault("direct-found", "given on the command line"),
            options.GetValueOrDefault("phase", "main"),
            double.Parse(options.GetValueOrDefault("sampling", "1"), System.Globalization.CultureInfo.InvariantCulture),
            flags.Contains("quick"));
        await File.WriteAllTextAsync(Option("out"), JsonSerializer.Serialize(results, Json.Options));
        return 0;
    case "report":
        var main = JsonSerializer.Deserialize<Results>(await File.ReadAllTextAsync(Option("main")), Json.Options)!;
        var other = options.TryGetValue("sampling", out var path) && File.Exists(path)
            ? JsonSerializer.Deserialize<Results>(await File.ReadAllTextAsync(path), Json.Options)
            : null;
        var markdown = Report.Write(main, other,
            double.Parse(Option("pgbench-tps"), System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("pgbench", ""), options.GetValueOrDefault("command", ""), options.GetValueOrDefault("commit", ""),
            Option("out"));
        Console.WriteLine(markdown);
        return 0;
    case "needs":
        var needsResults = await NeedsBench.Run(new Uri(Option("gateway")), flags.Contains("quick"),
            int.Parse(options.GetValueOrDefault("target", flags.Contains("quick") ? "5000" : "100000"), System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("load-budget", "900"), System.Globalization.CultureInfo.InvariantCulture)));
        await File.WriteAllTextAsync(Option("out"), JsonSerializer.Serialize(needsResults, Json.Options));
        return 0;
    case "needs-report":
        var needsMarkdown = NeedsReport.Write(
            JsonSerializer.Deserialize<NeedsResults>(await File.ReadAllTextAsync(Option("results")), Json.Options)!,
            double.Parse(Option("pgbench-tps"), System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("pgbench", ""), options.GetValueOrDefault("command", ""), options.GetValueOrDefault("commit", ""),
            Option("out"));
        Console.WriteLine(needsMarkdown);
        return 0;
    default:
        Console.Error.WriteLine("usage: ProBono.Bench run --gateway URL --direct URL --out FILE.json [--phase main|sampling] [--sampling R] [--quick]");
        Console.Error.WriteLine("       ProBono.Bench report --main FILE.json [--sampling FILE.json] --pgbench-tps N --out FILE.md");
        return 2;
}

internal static class Bench
{
    private static readonly int[] ClientCounts = [16, 64];
    private static readonly string[] Routes = ["gateway", "direct"];

    public static async Task<Results> Run(Uri gateway, Uri direct, string directFoundBy, string phase, double sampling, bool quick)
    {
        var clock = Stopwatch.StartNew();
        using var http = Load.Client();
        var key = Platform.SigningKey;
        var platform = new Platform(http, gateway, direct, key);
        var results = new Results { Phase = phase, Quick = quick, SamplingRatio = sampling, DirectFoundBy = directFoundBy };
        var cellTime = TimeSpan.FromSeconds(quick ? 2 : 8);
        var readTime = TimeSpan.FromSeconds(quick ? 2 : 5);
        var volunteers = 0;
        var spreads = new (string Name, string[] Partners)[] { ("50 partners", Platform.Partners("p", 50)), ("1 partner", Platform.Partners("solo", 1)) };

        // JIT, connection pools and the services' caches, on a marathon of its own
        Console.WriteLine($"[{phase}] warming up (gateway {gateway}, directly {direct}, sampling {sampling})");
        var warm = await platform.OpenMarathon("warm-up", spreads[0].Partners);
        foreach (var route in Routes)
        {
            var cell = await Load.Run(http, "warm-up", route, "50 partners", 16, TimeSpan.FromSeconds(quick ? 1 : 3),
                n => platform.Register(route, warm, spreads[0].Partners[n % 50], $"w{route[0]}{n}"));
            volunteers += cell.Succeeded;
            await Load.Run(http, "warm-up read", route, "50 partners", 16, TimeSpan.FromSeconds(1),
                n => platform.ReadMarathon(route, warm, spreads[0].Partners[n % 50]));
        }

        if (phase == "sampling")
        {
            // the write test only, at this boot's sampling ratio
            foreach (var clients in ClientCounts)
            {
                var marathon = await platform.OpenMarathon($"sampling-{clients}", spreads[0].Partners);
                results.Cells.Add(await Load.Run(http, "register", "gateway", "50 partners", clients, cellTime,
                    n => platform.Register("gateway", marathon, spreads[0].Partners[n % 50], $"s{n}")));
            }
            results.Seconds = clock.Elapsed.TotalSeconds;
            return results;
        }

        // reads first, while the database holds few volunteers: the marathon read holds 100 of them, 2 per partner
        var readMarathon = await platform.OpenMarathon("reads", spreads[0].Partners.Concat(spreads[1].Partners).ToArray());
        results.ReadMarathonVolunteers = await platform.BulkJson("direct", readMarathon, spreads[0].Partners, 100, "r");
        volunteers += results.ReadMarathonVolunteers;
        results.VolunteersBeforeReads = volunteers;
        Console.WriteLine($"[{phase}] GET /api/marathons/{{mid}} of a marathon with {results.ReadMarathonVolunteers} volunteers, {volunteers} in the database");
        foreach (var (spread, partners) in spreads)
        {
            foreach (var clients in ClientCounts)
            {
                foreach (var route in Routes)
                {
                    results.Cells.Add(await Load.Run(http, "read", route, spread, clients, readTime,
                        n => platform.ReadMarathon(route, readMarathon, partners[n % partners.Length])));
                }
            }
        }

        // registrations: a fresh marathon per cell, so that no cell inherits the rosters of the one before
        Console.WriteLine($"[{phase}] POST /api/marathons/{{mid}}/volunteers, a fresh marathon per cell");
        foreach (var (spread, partners) in spreads)
        {
            foreach (var clients in ClientCounts)
            {
                foreach (var route in Routes)
                {
                    var marathon = await platform.OpenMarathon($"register-{route}-{clients}-{partners.Length}", partners);
                    var cell = await Load.Run(http, "register", route, spread, clients, cellTime,
                        n => platform.Register(route, marathon, partners[n % partners.Length], $"e{n}"));
                    results.Cells.Add(cell);
                    volunteers += cell.Succeeded;
                }
            }
        }

        // propagation: Recruitment's answer to scheduling a marathon → Teams' read model has it
        var samples = quick ? 3 : 25;
        Console.WriteLine($"[{phase}] propagation, {samples} samples: POST /admin/recruitment/marathons answered → GET /admin/teams/marathons/{{mid}} is 200 (polled every 5 ms)");
        results.Propagation = await Propagation.Measure(samples,
            i => platform.Send<Platform.Created>(HttpMethod.Post, new Uri(gateway, "/admin/recruitment/marathons"), platform.StaffToken,
                JsonContent.Create(new
                {
                    name = $"Bench propagation {i} {Guid.NewGuid().ToString()[..8]}",
                    venue = "Benchmark",
                    date = DateTime.UtcNow.AddDays(300).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    registrationDeadline = DateTime.UtcNow.AddDays(280).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    hourlyValueEur = 95,
                    partners = new[] { new { partnerId = "solo-01", name = "solo-01", quota = 10 } },
                })),
            (_, scheduled) => platform.TeamsKnows(scheduled.MarathonId));

        // one partner's rate with 100 on its roster, then a 10,000-row CSV import timed, then the rate past its 10,000th
        var csvRows = quick ? 1_000 : 10_000;
        var windowTime = TimeSpan.FromSeconds(quick ? 3 : 12);
        var windowSize = quick ? 50 : 200;
        var rosters = await platform.OpenMarathon("roster-growth", ["first", "last"]);
        volunteers += await platform.BulkJson("gateway", rosters, ["first"], 100, "f");
        results.AtFirst = new Window(100, await Load.Run(http, "register@100", "gateway", "1 partner", 16, windowTime,
            n => platform.Register("gateway", rosters, "first", $"g{n}"), windowSize));
        volunteers += results.AtFirst.Cell.Succeeded;
        Console.WriteLine($"[{phase}] CSV import of {csvRows} rows by one partner through the gateway");
        var import = Stopwatch.StartNew();
        results.CsvKept = await platform.BulkCsv("gateway", rosters, "last", csvRows, "c");
        results.CsvSeconds = import.Elapsed.TotalSeconds;
        results.CsvRows = csvRows;
        volunteers += results.CsvKept;
        Console.WriteLine($"  {results.CsvKept} of {csvRows} rows kept in {results.CsvSeconds:F2} s");
        results.AtLast = new Window(results.CsvKept, await Load.Run(http, $"register@{csvRows}", "gateway", "1 partner", 16, windowTime,
            n => platform.Register("gateway", rosters, "last", $"h{n}"), windowSize));
        volunteers += results.AtLast.Cell.Succeeded;

        // the database grows to 100,000 volunteers (bulk calls of 10,000 rows, 20,000 per marathon), then the same reads again
        var target = quick ? 20_000 : 100_000;
        Console.WriteLine($"[{phase}] loading the database up to {target} volunteers (it holds {volunteers})");
        var load = Stopwatch.StartNew();
        Guid? big = null;
        while (volunteers < target)
        {
            var marathon = await platform.OpenMarathon("bulk", spreads[0].Partners);
            var inMarathon = 0;
            for (var call = 0; call < 2 && volunteers < target; call++)
            {
                var kept = await platform.BulkJson("direct", marathon, spreads[0].Partners, Math.Min(10_000, target - volunteers), $"b{call}-");
                volunteers += kept;
                inMarathon += kept;
            }
            if (big is null)
            {
                big = marathon;
                results.BigMarathonVolunteers = inMarathon;
            }
            Console.WriteLine($"  {volunteers} volunteers, {load.Elapsed.TotalSeconds:F0} s");
        }
        results.LoadSeconds = load.Elapsed.TotalSeconds;
        results.VolunteersAfterLoad = volunteers;
        Console.WriteLine($"[{phase}] GET /api/marathons/{{mid}} of the same marathon ({results.ReadMarathonVolunteers} volunteers), {volunteers} in the database");
        foreach (var route in Routes)
        {
            results.ReadsAfterLoad.Add(await Load.Run(http, "read", route, "50 partners", 16, readTime,
                n => platform.ReadMarathon(route, readMarathon, spreads[0].Partners[n % 50])));
        }
        if (big is { } bigMarathon)
        {
            Console.WriteLine($"[{phase}] GET /api/marathons/{{mid}} of a marathon holding {results.BigMarathonVolunteers} volunteers");
            results.BigMarathonRead = await Load.Run(http, "read (big)", "gateway", "50 partners", 16, readTime,
                n => platform.ReadMarathon("gateway", bigMarathon, spreads[0].Partners[n % 50]));
        }
        results.Seconds = clock.Elapsed.TotalSeconds;
        return results;
    }
}
