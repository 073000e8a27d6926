using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ProBono.Token;

// Does the live board keep up? The staff console's board page is open in a real browser (Debian's chromium, signed in
// on the Development sign-in page) while the volunteers it shows as not yet come are checked in one by one at a steady
// rate through the gateway. The page's "checked in" figure is read every 50 ms; the k-th check-in's lag is the time
// from its answer to the first reading that counts k more. Falling behind shows as a lag that grows over the run.
// The check-ins come from several desks, each a staff member of its own at most 10 a second, as at a real door (one
// caller alone is held to the gateway's per-caller limit).
//
//   probono-board-bench GATEWAY MARATHON-ID RATE OUT.tsv     (tokens signed with $PROBONO_SIGNING_KEY or the development key)
//
// OUT.tsv: one line per check-in (its index, the second it was answered, its lag in ms); a summary on stdout.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: probono-board-bench GATEWAY MARATHON-ID RATE OUT.tsv");
    return 2;
}
var (gateway, marathonId, rate, outPath) = (args[0].TrimEnd('/'), Guid.Parse(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
var key = Environment.GetEnvironmentVariable("PROBONO_SIGNING_KEY") ?? Tokens.DevelopmentKey;
var desks = Enumerable.Range(1, (int)Math.Ceiling(rate / 10)).Select(d => new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) })
    .Select((http, d) =>
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Mint("staff", key: key, lifetime: TimeSpan.FromHours(1), subject: $"desk-{d + 1}"));
        return http;
    })
    .ToList();

var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1920,1080");
using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
service.HideCommandPromptWindow = true;
using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(30);
try
{
    driver.Navigate().GoToUrl($"{gateway}/console/signin/local?returnUrl=%2Fconsole%2F");
    driver.FindElement(By.Id("signin")).Click();
    Until(() => !driver.Url.Contains("/signin", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => $"the local sign-in did not sign in: {driver.Url}");
    driver.Navigate().GoToUrl($"{gateway}/console/marathons/{marathonId}/board");
    Until(() => driver.FindElement(By.Id("board-live")).GetAttribute("data-state") == "live", TimeSpan.FromSeconds(90),
        () => $"the board never went live: it says '{driver.FindElement(By.Id("board-live")).Text}' at {driver.Url}; problems shown: " +
            string.Join(" | ", driver.FindElements(By.CssSelector("[data-problem], [role=alert]")).Select(e => e.Text)));

    var waiting = driver.FindElements(By.CssSelector("li[data-member][data-checked-in=false]"))
        .Select(li => Guid.Parse(li.GetAttribute("data-member")!)).Distinct().ToList();
    var start = CheckedIn();
    Console.WriteLine($"the board shows {start} checked in and {waiting.Count} to come; checking them in at {rate}/s from {desks.Count} desks");

    var clock = Stopwatch.StartNew();
    var answered = new double[waiting.Count];
    var readings = new List<(double At, int Count)>();
    using var done = new CancellationTokenSource();

    // the page is read on this thread (a WebDriver session takes one command at a time); check-ins go out beside it
    var sending = Task.Run(async () =>
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        var calls = new List<Task>();
        for (var i = 0; i < waiting.Count; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var index = i;
            calls.Add(Task.Run(async () =>
            {
                using var response = await desks[index % desks.Count].PostAsync($"/admin/recruitment/marathons/{marathonId}/volunteers/{waiting[index]}/check-in", null);
                response.EnsureSuccessStatusCode();
                answered[index] = clock.Elapsed.TotalSeconds;
            }));
        }
        await Task.WhenAll(calls);
    });
    var deadline = TimeSpan.FromSeconds(waiting.Count / rate + 120);
    while (clock.Elapsed < deadline)
    {
        var count = CheckedIn();
        readings.Add((clock.Elapsed.TotalSeconds, count));
        if (sending.IsCompleted && count >= start + waiting.Count)
        {
            break;
        }
        Thread.Sleep(50);
    }
    await sending;
    var sendSeconds = answered.Max();

    // the k-th check-in (by answer time) is shown once a reading counts k of them
    var order = answered.Select((at, i) => (at, i)).OrderBy(x => x.at).ToList();
    var lines = new List<(int Index, double At, double? LagMs)>();
    for (var k = 0; k < order.Count; k++)
    {
        var shown = readings.FirstOrDefault(r => r.Count - start >= k + 1 && r.At >= order[k].at);
        lines.Add((k + 1, order[k].at, shown == default ? null : (shown.At - order[k].at) * 1000));
    }
    await File.WriteAllLinesAsync(outPath, ["index\tansweredAtS\tlagMs",
        .. lines.Select(l => $"{l.Index}\t{l.At.ToString("F3", CultureInfo.InvariantCulture)}\t{l.LagMs?.ToString("F0", CultureInfo.InvariantCulture) ?? "never"}")]);

    var lags = lines.Where(l => l.LagMs is not null).Select(l => l.LagMs!.Value).Order().ToList();
    var missing = lines.Count - lags.Count;
    double P(IReadOnlyList<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    var firstTen = lines.Where(l => l.At <= 10 && l.LagMs is not null).Select(l => l.LagMs!.Value).Order().ToList();
    var lastTen = lines.Where(l => l.At >= sendSeconds - 10 && l.LagMs is not null).Select(l => l.LagMs!.Value).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"sent\t{waiting.Count}\nsendSeconds\t{sendSeconds:F1}\nachievedRate\t{waiting.Count / sendSeconds:F1}\nshownAtEnd\t{readings[^1].Count - start}\nnever\t{missing}\n" +
        $"lagP50Ms\t{P(lags, 0.5):F0}\nlagP95Ms\t{P(lags, 0.95):F0}\nlagMaxMs\t{(lags.Count > 0 ? lags[^1] : double.NaN):F0}\n" +
        $"firstTenP50Ms\t{P(firstTen, 0.5):F0}\nlastTenP50Ms\t{P(lastTen, 0.5):F0}\nreadings\t{readings.Count}"));
    return missing == 0 ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
    File.WriteAllText(outPath + ".html", driver.PageSource);
    return 1;
}

int CheckedIn()
{
    // "512 / 1000" (the figure the wall shows)
    var text = driver.FindElement(By.Id("board-checkedin")).Text;
    return int.Parse(Regex.Match(text, @"\d+").Value, CultureInfo.InvariantCulture);
}

static void Until(Func<bool> condition, TimeSpan within, Func<string> failure)
{
    var clock = Stopwatch.StartNew();
    while (!condition())
    {
        if (clock.Elapsed > within)
        {
            throw new TimeoutException(failure());
        }
        Thread.Sleep(100);
    }
}
