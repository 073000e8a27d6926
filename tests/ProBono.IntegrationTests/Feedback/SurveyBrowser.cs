using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Debian's chromium (headless, through chromium-driver) as the people surveyed see the page and the mail, at a phone's
/// width; keeps full-length screenshots of what it shows.
/// </summary>
public sealed class SurveyBrowser : IDisposable
{
    private readonly HeadlessChromium chromium;
    private readonly int width;

    public SurveyBrowser(int width = 412, int height = 915)
    {
        this.width = width;
        chromium = new HeadlessChromium(width, height, options => options.AddArgument("--hide-scrollbars"));
    }

    public ChromeDriver Driver => chromium.Driver;

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

    public static bool Gone(IWebElement element) => HeadlessChromium.Gone(element);

    public void Dispose() => chromium.Dispose();
}
