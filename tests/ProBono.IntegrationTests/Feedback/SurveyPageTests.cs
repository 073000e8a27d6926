using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// The survey page as a person answers it: Debian's chromium (headless, through chromium-driver) against a real Feedback
/// process on the fixture's database. Also the page's answers to what a browser would not send.
/// </summary>
public sealed class SurveyPageTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    private async Task<(Guid MarathonId, string Token)> AVolunteerInvitation()
    {
        var marathonId = await feedback.AMarathon("edf");
        var volunteer = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        await feedback.Status(marathonId, "completed", 5);
        var invitation = (await feedback.Invitations(marathonId))
            .Single(i => i.GetProperty("group").GetString() == "volunteer" && i.GetProperty("respondentId").GetString() == volunteer.ToString());
        return (marathonId, invitation.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task A_volunteer_answers_the_survey_in_a_real_browser_and_the_report_counts_the_answer()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "the browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        var (marathonId, token) = await AVolunteerInvitation();
        var servers = await TestServers.Get();
        await using var page = new ServiceProcess("Feedback", new Dictionary<string, string>
        {
            ["ConnectionStrings__feedbackdb"] = servers.Database(feedback.Host.DatabaseName),
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = $"{feedback.Host.QueuePrefix}-page",
            ["Messaging__TemporaryQueues"] = "true",
        });
        await page.Start();

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915"); // a phone's width
        using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        using var browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // a submit navigates: the next page's elements are looked for until they appear (a loaded machine is slow), not once
        browser.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(15);

        browser.Navigate().GoToUrl($"http://127.0.0.1:{page.Port}/surveys/{token}?lang=en");
        Assert.Equal("en", browser.FindElement(By.TagName("html")).GetAttribute("lang"));
        Assert.Contains("Your view of the Pro Bono Marathon", browser.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        // every scale is a fieldset with its legend, every choice a labelled radio a keyboard reaches
        Assert.Contains("How likely are you to recommend", browser.FindElement(By.CssSelector("fieldset legend")).Text, StringComparison.Ordinal);
        browser.FindElement(By.CssSelector("label[for='nps-9']")).Click();
        browser.FindElement(By.CssSelector("label[for='satisfaction-4']")).Click();
        var timeReasonable = browser.FindElement(By.Id("answers-time-reasonable-5"));
        timeReasonable.SendKeys(Keys.Space); // chosen with the keyboard
        browser.FindElement(By.Id("comment")).SendKeys("Une belle journée — a great day.");
        var form = browser.FindElement(By.TagName("form"));
        browser.FindElement(By.CssSelector("button[type='submit']")).Click();

        // the click returns before the next page is there: until the form's page is gone, the h1 found is still its own
        await Eventually.True(() => Task.FromResult(Gone(form)), TimeSpan.FromSeconds(30), "the form's page replaced by the answer's");
        Assert.Equal("Thank you!", browser.FindElement(By.TagName("h1")).Text);
        var report = await feedback.Report(marathonId);
        var volunteers = report.GetProperty("groups").GetProperty("volunteer");
        Assert.Equal(1, volunteers.GetProperty("responded").GetInt32());
        Assert.Equal(100.0, volunteers.GetProperty("nps").GetDouble()); // one promoter (9)
        Assert.Equal(4.0, volunteers.GetProperty("csat").GetDouble());

        // the same link again: a clear page, 409 to a program
        browser.Navigate().GoToUrl($"http://127.0.0.1:{page.Port}/surveys/{token}?lang=en");
        Assert.Equal("Survey already answered", browser.FindElement(By.TagName("h1")).Text);
    }

    private static bool Gone(IWebElement element)
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

    [Fact]
    public async Task The_page_speaks_French_by_default_and_refuses_an_unknown_token_a_used_one_and_a_form_without_its_required_answers()
    {
        var (_, token) = await AVolunteerInvitation();
        var client = feedback.Anonymous;

        var french = await client.GetAsync($"/surveys/{token}");
        Assert.Equal(HttpStatusCode.OK, french.StatusCode);
        Assert.Equal("text/html", french.Content.Headers.ContentType?.MediaType);
        var html = await french.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", french.Headers.GetValues("Referrer-Policy").Single());
        using (var english = new HttpRequestMessage(HttpMethod.Get, $"/surveys/{token}"))
        {
            english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
            Assert.Contains("<html lang=\"en\">", await (await client.SendAsync(english)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var unknown = await client.GetAsync($"/surveys/{new string('A', 22)}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Questionnaire introuvable", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // what a browser's `required` stops, a hand-made post is told, beside the question, and nothing is stored
        var missing = await client.PostAsync($"/surveys/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "en", ["answers.time-reasonable"] = "9" }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var refused = await missing.Content.ReadAsStringAsync();
        Assert.Contains("id=\"nps-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"answers-time-reasonable-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"9\"", refused, StringComparison.Ordinal);

        var sent = await client.PostAsync($"/surveys/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["nps"] = "3", ["satisfaction"] = "2" }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Merci", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await client.PostAsync($"/surveys/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["nps"] = "10", ["satisfaction"] = "5" }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/surveys/{token}")).StatusCode);
    }
}
