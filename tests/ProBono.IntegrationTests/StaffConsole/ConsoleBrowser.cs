using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>
/// Debian's chromium (headless, through chromium-driver) on the console through the gateway, as staff use it: signs in
/// on the Development page, waits for interactive pages to come alive, checks each page with axe-core (0 serious or
/// critical violations) and keeps a screenshot of it.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    private static readonly string AxeScript = Path.Combine(Checkout.Root, "tests", "ProBono.IntegrationTests", "node_modules", "axe-core", "axe.min.js");

    private readonly HeadlessChromium chromium;
    private readonly Uri gateway;

    public ConsoleBrowser(Uri gateway, int width = 1440, int height = 1000)
    {
        Assert.True(File.Exists(AxeScript), $"the browser tests inject axe-core: {AxeScript} is missing (npm ci in tests/ProBono.IntegrationTests; the build runs it)");
        this.gateway = gateway;
        chromium = new HeadlessChromium(width, height, options =>
        {
            options.AddArgument("--lang=fr-FR");
            // a French-speaking member of staff: the console's first language comes from Accept-Language
            options.AddUserProfilePreference("intl.accept_languages", "fr-FR,fr");
            options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        });
    }

    public ChromeDriver Driver => chromium.Driver;

    /// <summary>Where screenshots go: <c>PROBONO_CONSOLE_SCREENSHOTS</c> (docs/screenshots to refresh the committed ones), else a temporary folder.</summary>
    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("PROBONO_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder, Checkout.Root)
        : Path.Combine(Path.GetTempPath(), "probono-console-screenshots");

    public void GoTo(string consolePath) => Driver.Navigate().GoToUrl(new Uri(gateway, "/console/" + consolePath.TrimStart('/')));

    /// <summary>Signs in on the Development page as <paramref name="name"/>, or with <paramref name="token"/> when given.</summary>
    public void SignIn(string name = "Camille Staff", string? token = null, string then = "")
    {
        GoTo(then);
        Assert.Contains("/console/signin/local", Driver.Url, StringComparison.Ordinal);
        var field = Driver.FindElement(By.Id("name"));
        field.Clear();
        field.SendKeys(name);
        if (token is not null)
        {
            Driver.FindElement(By.CssSelector("details summary")).Click();
            Driver.FindElement(By.Id("token")).SendKeys(token);
        }
        var form = Driver.FindElement(By.TagName("form"));
        Driver.FindElement(By.Id("signin")).Click();
        Eventually.True(() => Task.FromResult(Gone(form)), TimeSpan.FromSeconds(30), "the sign-in page replaced").GetAwaiter().GetResult();
    }

    /// <summary>Waits until the page's interactive part is live (its circuit is up), so a click is not lost.</summary>
    public void Interactive()
    {
        try
        {
            Eventually.True(() => Task.FromResult(Driver.FindElements(By.CssSelector("[data-interactive='true']")).Count > 0),
                TimeSpan.FromSeconds(30), "the page to become interactive").GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The browser's console: {BrowserLog()}", e);
        }
    }

    /// <summary>What the page wrote to the browser's console (Blazor's connection errors land there).</summary>
    public string BrowserLog()
    {
        Screenshot($"failure-{DateTime.UtcNow:HHmmssfff}");
        return string.Join(" | ", Driver.Manage().Logs.GetLog(LogType.Browser).Select(l => $"{l.Level}: {l.Message}"));
    }

    /// <summary>The page's own area exactly <paramref name="width"/>×<paramref name="height"/> (a wall screen), whatever the window's frame takes.</summary>
    public void Viewport(int width, int height) => Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride",
        new Dictionary<string, object?> { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });

    /// <summary>Scrolls the page so that <paramref name="css"/> starts at the top of the window (for the screenshot that follows).</summary>
    public void ScrollTo(string css) => Driver.ExecuteScript("arguments[0].scrollIntoView({ block: 'start' });", Find(css));

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> All(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Waits until <paramref name="css"/> matches an element whose text contains <paramref name="text"/>.</summary>
    public IWebElement WaitFor(string css, string text, int seconds = 20)
    {
        try
        {
            return Eventually.Get(() => Task.FromResult(All(css).FirstOrDefault(e => Text(e).Contains(text, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(seconds), $"'{text}' in {css}").GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The page says: {Body()} The browser's console: {BrowserLog()}", e);
        }
    }

    public string Body() => Driver.FindElement(By.TagName("body")).Text;

    private static string Text(IWebElement element)
    {
        try
        {
            return element.Text;
        }
        catch (StaleElementReferenceException)
        {
            return "";
        }
    }

    /// <summary>axe-core on the page as it is: the serious and critical violations, each with the elements it found.</summary>
    public IReadOnlyList<string> AccessibilityViolations()
    {
        Driver.ExecuteScript(File.ReadAllText(AxeScript));
        var json = (string?)Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1];" +
            "axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }])));");
        return [.. JsonDocument.Parse(json ?? "[]").RootElement.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at " +
                string.Join(", ", v.GetProperty("nodes").EnumerateArray().Take(5).Select(n => n.GetProperty("target").ToString())))];
    }

    /// <summary>Checks the page with axe-core and keeps its screenshot as <c>console-{name}.png</c>.</summary>
    public void Check(string name)
    {
        var violations = AccessibilityViolations();
        Screenshot(name);
        Assert.True(violations.Count == 0, $"axe-core on {Driver.Url}: {string.Join("; ", violations)}");
    }

    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, $"console-{name}.png"));
    }

    public static bool Gone(IWebElement element) => HeadlessChromium.Gone(element);

    public void Dispose() => chromium.Dispose();
}
