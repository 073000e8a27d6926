using OpenQA.Selenium;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// The survey page as a person answers it: Debian's chromium (headless, through chromium-driver) against a real Feedback
/// process on the fixture's database, in English and in French, with screenshots of each page. Also the page's answers
/// to what a browser would not send.
/// </summary>
public sealed class SurveyPageTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{
    /// <summary>A completed marathon whose volunteer's team helped an association's need: both are invited.</summary>
    private async Task<(Guid MarathonId, string Token, string AssociationToken)> AVolunteerInvitation()
    {
        var marathonId = await feedback.AMarathon("edf");
        var volunteer = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        var association = Guid.NewGuid();
        var need = await feedback.ANeed(marathonId, association);
        await feedback.ATeam(marathonId, need, (volunteer, "edf"));
        await feedback.Status(marathonId, "completed", 5);
        var invitations = await Eventually.Get(async () => await feedback.Invitations(marathonId) is { Count: 3 } all ? all : null,
            TimeSpan.FromSeconds(30), "the volunteer, the association and the partner invited");
        string TokenOf(string group, object respondent) => invitations
            .Single(i => i.GetProperty("group").GetString() == group && i.GetProperty("respondentId").GetString() == respondent.ToString())
            .GetProperty("token").GetString()!;
        return (marathonId, TokenOf("volunteer", volunteer), TokenOf("association", association));
    }

    /// <summary>A Feedback process of its own on the fixture's database, for the browser to reach over a real port.</summary>
    private async Task<ServiceProcess> APageProcess(string name)
    {
        var servers = await TestServers.Get();
        var process = new ServiceProcess("Feedback", new Dictionary<string, string>
        {
            ["ConnectionStrings__feedbackdb"] = servers.Database(feedback.Host.DatabaseName),
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = $"{feedback.Host.QueuePrefix}-{name}",
            ["Messaging__TemporaryQueues"] = "true",
        });
        try
        {
            await process.Start();
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task A_volunteer_answers_the_survey_in_English_in_a_real_browser_lands_on_the_thanks_page_and_the_report_counts_the_answer_once()
    {
        var (marathonId, token, _) = await AVolunteerInvitation();
        await using var page = await APageProcess("page");
        using var chromium = new SurveyBrowser();
        var browser = chromium.Driver;

        browser.Navigate().GoToUrl($"http://127.0.0.1:{page.Port}/surveys/{token}?lang=en");
        Assert.Equal("en", browser.FindElement(By.TagName("html")).GetAttribute("lang"));
        Assert.Contains("Your view of the Pro Bono Marathon", browser.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        // what the survey is about: the marathon and its date, the association and need the team helped, until when
        Assert.Equal("Feedback marathon, 16 November 2030", browser.FindElement(By.CssSelector(".marathon")).Text);
        Assert.Equal("Your team helped 1000 VISAGES: “A brochure”.", browser.FindElement(By.CssSelector(".about")).Text);
        Assert.Matches(@"^You can answer until \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(Paris time\)\.$", browser.FindElement(By.CssSelector(".closes")).Text);
        // every scale is a fieldset with its legend, every choice a labelled radio a keyboard reaches
        Assert.Contains("How likely are you to recommend", browser.FindElement(By.CssSelector("fieldset legend")).Text, StringComparison.Ordinal);
        var satisfaction = browser.FindElements(By.CssSelector("fieldset"))[1];
        Assert.Equal(["1: very dissatisfied", "5: very satisfied"], satisfaction.FindElements(By.CssSelector(".ends span")).Select(e => e.Text));
        chromium.Screenshot("survey-page-en");
        browser.FindElement(By.CssSelector("label[for='nps-9']")).Click();
        browser.FindElement(By.CssSelector("label[for='satisfaction-4']")).Click();
        var timeReasonable = browser.FindElement(By.Id("answers-time-reasonable-5"));
        timeReasonable.SendKeys(Keys.Space); // chosen with the keyboard
        browser.FindElement(By.Id("comment")).SendKeys("Une belle journée — a great day.");
        var form = browser.FindElement(By.TagName("form"));
        browser.FindElement(By.CssSelector("button[type='submit']")).Click();

        // the click returns before the next page is there: until the form's page is gone, the h1 found is still its own
        await Eventually.True(() => Task.FromResult(SurveyBrowser.Gone(form)), TimeSpan.FromSeconds(30), "the form's page replaced by the answer's");
        Assert.Equal("Thank you!", browser.FindElement(By.TagName("h1")).Text);
        // POST/redirect/GET: the browser is on the thanks page's own address, in the form's language
        Assert.Equal($"http://127.0.0.1:{page.Port}/surveys/{token}/thanks?lang=en", browser.Url);
        Assert.Equal("en", browser.FindElement(By.TagName("html")).GetAttribute("lang"));
        chromium.Screenshot("survey-thanks-en");
        browser.Navigate().Refresh(); // a GET: nothing is sent again
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

    [Fact]
    public async Task An_association_answers_in_French_from_an_English_speaking_browser_and_is_thanked_in_French()
    {
        var (_, _, token) = await AVolunteerInvitation();
        await using var page = await APageProcess("page-fr");
        using var chromium = new SurveyBrowser(); // headless chromium asks for en-US
        var driver = chromium.Driver;

        driver.Navigate().GoToUrl($"http://127.0.0.1:{page.Port}/surveys/{token}?lang=fr");
        Assert.Equal("fr", driver.FindElement(By.TagName("html")).GetAttribute("lang"));
        Assert.Equal("Feedback marathon, le 16 novembre 2030", driver.FindElement(By.CssSelector(".marathon")).Text);
        Assert.Equal("Votre besoin : « A brochure ».", driver.FindElement(By.CssSelector(".about")).Text);
        Assert.StartsWith("Vous pouvez répondre jusqu'au ", driver.FindElement(By.CssSelector(".closes")).Text, StringComparison.Ordinal);
        var satisfaction = driver.FindElements(By.CssSelector("fieldset"))[1];
        Assert.Equal(["1 : très insatisfait(e)", "5 : très satisfait(e)"], satisfaction.FindElements(By.CssSelector(".ends span")).Select(e => e.Text));
        chromium.Screenshot("survey-page-fr");

        // sent without the satisfaction (the browser's `required` lifted, as an old browser would): the problem in French
        driver.ExecuteScript("document.querySelectorAll('input[required]').forEach(i => i.removeAttribute('required'));");
        driver.FindElement(By.CssSelector("label[for='nps-10']")).Click();
        var form = driver.FindElement(By.TagName("form"));
        driver.FindElement(By.CssSelector("button[type='submit']")).Click();
        await Eventually.True(() => Task.FromResult(SurveyBrowser.Gone(form)), TimeSpan.FromSeconds(30), "the form back with its problems");
        Assert.Equal("Choisissez une note de 1 à 5.", driver.FindElement(By.Id("satisfaction-error")).Text);
        Assert.Equal("fr", driver.FindElement(By.TagName("html")).GetAttribute("lang"));

        driver.FindElement(By.CssSelector("label[for='satisfaction-5']")).Click();
        form = driver.FindElement(By.TagName("form"));
        driver.FindElement(By.CssSelector("button[type='submit']")).Click();
        await Eventually.True(() => Task.FromResult(SurveyBrowser.Gone(form)), TimeSpan.FromSeconds(30), "the thanks page");
        Assert.Equal("Merci !", driver.FindElement(By.TagName("h1")).Text);
        Assert.Equal($"http://127.0.0.1:{page.Port}/surveys/{token}/thanks?lang=fr", driver.Url);
        Assert.Equal("fr", driver.FindElement(By.TagName("html")).GetAttribute("lang"));
        chromium.Screenshot("survey-thanks-fr");
    }

    [Fact]
    public async Task The_page_speaks_French_by_default_and_refuses_an_unknown_token_a_used_one_and_a_form_without_its_required_answers()
    {
        var (_, token, _) = await AVolunteerInvitation();
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
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/surveys/{new string('A', 32)}/thanks")).StatusCode);
        // the thanks page of a survey not answered yet leads to the survey
        var early = await client.GetAsync($"/surveys/{token}/thanks?lang=en");
        Assert.Equal(HttpStatusCode.SeeOther, early.StatusCode);
        Assert.Equal($"/surveys/{token}?lang=en", early.Headers.Location?.OriginalString);

        // what a browser's `required` stops, a hand-made post is told, beside the question, in the form's language
        var missing = await Post(client, token, ("lang", "en"), ("answers.time-reasonable", "9"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var refused = await missing.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"error\" id=\"nps-error\">Choose a score from 0 to 10.</p>", refused, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\" id=\"answers-time-reasonable-error\">Choose a score from 1 to 5.</p>", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"9\"", refused, StringComparison.Ordinal);
        var enMissing = await Post(client, token, acceptLanguage: "en", ("lang", "fr"), ("nps", "11"));
        var frRefused = await enMissing.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fr\">", frRefused, StringComparison.Ordinal);
        Assert.Contains("id=\"nps-error\">Choisissez une note de 0 à 10.</p>", frRefused, StringComparison.Ordinal);
        Assert.Contains("id=\"satisfaction-error\">Choisissez une note de 1 à 5.</p>", frRefused, StringComparison.Ordinal);
        Assert.DoesNotContain("must", frRefused, StringComparison.Ordinal);

        // accepted: 303 to the thanks page in the form's language, whatever the browser prefers
        var sent = await Post(client, token, acceptLanguage: "en-GB,en;q=0.9", ("lang", "fr"), ("nps", "3"), ("satisfaction", "2"));
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal($"/surveys/{token}/thanks?lang=fr", sent.Headers.Location?.OriginalString);
        using (var thanks = new HttpRequestMessage(HttpMethod.Get, sent.Headers.Location))
        {
            thanks.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
            var page = await client.SendAsync(thanks);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<h1>Merci !</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var again = await Post(client, token, ("nps", "10"), ("satisfaction", "5"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/surveys/{token}")).StatusCode);
    }

    [Fact]
    public async Task A_NUL_or_a_body_that_is_no_form_gets_a_400_page_never_a_500_whatever_the_token()
    {
        var (marathonId, token, _) = await AVolunteerInvitation();
        var client = feedback.Anonymous;
        var unknown = new string('A', 32);

        // a NUL in the comment: the form back, with the problem beside the comment, in the page's language
        var nul = await Post(client, token, ("lang", "en"), ("nps", "9"), ("satisfaction", "4"), ("comment", "hello\0world"));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var page = await nul.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"comment-error\">This text holds an invisible character", page, StringComparison.Ordinal);
        var nulInAnswer = await Post(client, token, ("nps", "9"), ("satisfaction", "4"), ("answers.improvement", "\0"));
        Assert.Equal(HttpStatusCode.BadRequest, nulInAnswer.StatusCode);
        Assert.Contains("id=\"answers-improvement-error\">Ce texte contient un caractère invisible", await nulInAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var target in new[] { token, unknown, "short" })
        {
            foreach (var (body, type) in new[]
            {
                ("comment=%00", "application/x-www-form-urlencoded"),
                ("nps=%00&satisfaction=%00&comment=%00&lang=%00", "application/x-www-form-urlencoded"),
                ("--x\r\nContent-Disposition: form-data; name=\"nps\"\r\n\r\n9", "multipart/form-data; boundary=x"), // cut short
                ("nps=9", "multipart/form-data"), // no boundary
                ("{\"nps\": 9}", "application/json"),
                ("nps=9&satisfaction=4", "text/plain"),
            })
            {
                using var content = new StringContent(body);
                content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
                var response = await client.PostAsync($"/surveys/{target}", content);
                var text = await response.Content.ReadAsStringAsync();
                // a form that can be read, for a survey that is not there: the page that reveals nothing; anything else unreadable: 400
                var expected = target != token && type.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)
                    ? HttpStatusCode.NotFound
                    : HttpStatusCode.BadRequest;
                Assert.True(expected == response.StatusCode, $"{target[..5]} {type} {body}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                if (target == token)
                {
                    Assert.Contains("<form method=\"post\"", text, StringComparison.Ordinal);
                }
            }
        }
        // and nothing was recorded
        Assert.Equal(0, (await feedback.Report(marathonId)).GetProperty("groups").GetProperty("volunteer").GetProperty("responded").GetInt32());
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, params (string Name, string Value)[] fields) =>
        await Post(client, token, acceptLanguage: null, fields);

    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, string? acceptLanguage, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/surveys/{token}")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        return await client.SendAsync(request);
    }
}
