using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Debian's chromium (headless, through chromium-driver) as the people surveyed see the page and the mail, at a phone's
/// width; keeps full-length screenshots of what it shows.
/// </summary>
public sealed class SurveyBrowser : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly ChromeDriverService service;
    private readonly int width;

    public SurveyBrowser(int width = 412, int height = 915)
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "the browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        this.width = width;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars", $"--window-size={width},{height}");
        service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // a submit navigates: the next page's elements are looked for until they appear (a loaded machine is slow), not once
        Driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(15);
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where screenshots go: <c>PROBONO_SCREENSHOTS</c> (docs/screenshots to refresh the committed ones), else a temporary folder.</summary>
    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("PROBONO_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder, Checkout.Root)
        : Path.Combine(Path.GetTempPath(), "probono-survey-screenshots");

    /// <summary>The whole page as <c>{name}.png</c>: the window is stretched to the page's height first.</summary>
    public string Screenshot(string name)
    {
        // the window's own bars take the difference between its outer and inner heights
        var height = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;"),
            System.Globalization.CultureInfo.InvariantCulture);
        var window = Driver.Manage().Window;
        var before = window.Size;
        window.Size = new System.Drawing.Size(width, Math.Max(before.Height, height + 48)); // and headless Chromium some more
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        window.Size = before;
        return path;
    }

    public static bool Gone(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        service.Dispose();
    }
}
