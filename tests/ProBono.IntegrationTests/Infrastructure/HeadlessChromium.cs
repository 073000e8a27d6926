using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>Debian's chromium, headless, through chromium-driver: what every browser test drives.</summary>
public sealed class HeadlessChromium : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly ChromeDriverService service;

    /// <param name="configure">More options (arguments, preferences) over the headless defaults and the window size.</param>
    public HeadlessChromium(int width, int height, Action<ChromeOptions>? configure = null)
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver),
            "the browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", $"--window-size={width},{height}");
        configure?.Invoke(options);
        service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // a click that navigates: the next page's elements are looked for until they appear (a loaded machine is slow), not once
        Driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(15);
    }

    public ChromeDriver Driver { get; }

    /// <summary>True once <paramref name="element"/> has left the page (a navigation replaced it).</summary>
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
