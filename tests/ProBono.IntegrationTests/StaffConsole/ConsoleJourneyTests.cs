using OpenQA.Selenium;

namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>
/// Staff journeys in the console, in Chromium, against the real services behind the gateway: each walks one journey,
/// checks every page it shows with axe-core and keeps its screenshot.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleJourneyTests(ConsoleFixture platform)
{
    [Fact]
    public async Task Staff_sign_in_see_the_marathons_and_a_marathon_and_switch_to_English()
    {
        var name = $"Marathon des listes {Guid.NewGuid():N}"[..30];
        var marathonId = await platform.AMarathon(name, "registration-open");
        using var browser = new ConsoleBrowser(platform.Gateway);

        browser.SignIn("Camille Staff");
        Assert.Equal("fr", browser.Find("html").GetAttribute("lang"));
        Assert.Equal("Marathons", browser.Find("h1").Text);
        var row = browser.WaitFor("#marathons tbody tr", name);
        Assert.Contains("Inscriptions ouvertes", row.Text, StringComparison.Ordinal);
        Assert.Contains("16 novembre 2030", row.Text, StringComparison.Ordinal);
        Assert.Contains("Camille Staff", browser.Body(), StringComparison.Ordinal);
        browser.Check("marathons");

        row.FindElement(By.LinkText(name)).Click();
        browser.Interactive();
        Assert.Equal(name, browser.Find("h1").Text);
        var edf = browser.Find("#partners tr[data-partner='edf']");
        Assert.Contains("EDF", edf.Text, StringComparison.Ordinal);
        Assert.Contains("10", edf.Text, StringComparison.Ordinal); // the quota
        Assert.NotNull(browser.Find("#close-registration"));

        // the person's language, kept by the session for the interactive pages too
        browser.Find("button[name='lang'][value='en']").Click();
        browser.WaitFor("h2", "Marathon steps");
        Assert.Equal("en", browser.Find("html").GetAttribute("lang"));
        browser.Interactive();
        Assert.Contains("Close registration", browser.Find("#close-registration").Text, StringComparison.OrdinalIgnoreCase); // shown in capitals
        browser.Check("marathon-registration-open");
        browser.Find("button[name='lang'][value='fr']").Click();
        browser.WaitFor("h2", "Étapes du marathon");
    }

    [Fact]
    public async Task Staff_qualify_and_publish_a_need_and_see_what_the_api_refuses_on_the_form()
    {
        var marathonId = await platform.AMarathon($"Marathon des besoins {Guid.NewGuid():N}"[..30], "registration-open");
        var needs = await platform.Needs(marathonId, "Brochure commerciale", "Plan financier");
        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn(then: $"marathons/{marathonId}/needs");
        browser.Interactive();
        browser.WaitFor("[data-need]", "Brochure commerciale");
        browser.Check("needs");

        var brochure = browser.Find($"[data-need='{needs["Brochure commerciale"]}']");
        brochure.FindElement(By.CssSelector("[data-action='qualify']")).Click();
        var max = browser.Find("#team-max");
        max.SendKeys(Keys.Control + "a");
        max.SendKeys("2"); // below the minimum (3): the Needs service refuses it
        browser.Find("[data-action='confirm-qualify']").Click();
        var refusal = browser.WaitFor("[data-form='qualify']", "must be at least 'teamSize.min'");
        Assert.Contains("valeurs invalides", refusal.Text, StringComparison.Ordinal); // the problem in words, on the form
        Assert.Equal("submitted", await platform.NeedStatus(needs["Brochure commerciale"]));
        browser.Check("needs-qualify-refused");

        max = browser.Find("#team-max");
        max.SendKeys(Keys.Control + "a");
        max.SendKeys("5");
        browser.Find("#qualify-notes").SendKeys("Revu avec l’association le 3 octobre.");
        browser.Find("[data-action='confirm-qualify']").Click();
        browser.WaitFor("#needs-notice", "« Brochure commerciale » est qualifié.");
        Assert.Equal("qualified", await platform.NeedStatus(needs["Brochure commerciale"]));

        browser.Find("#needs-filter [data-status='qualified']").Click();
        browser.WaitFor("[data-need]", "Brochure commerciale").FindElement(By.CssSelector("[data-action='publish']")).Click();
        browser.WaitFor("#needs-notice", "« Brochure commerciale » est publié.");
        Assert.Equal("published", await platform.NeedStatus(needs["Brochure commerciale"]));

        // a rejection without its reason: the service's message beside the reason field, and nothing changes
        browser.Find("#needs-filter [data-status='submitted']").Click();
        browser.WaitFor("[data-need]", "Plan financier").FindElement(By.CssSelector("[data-action='reject']")).Click();
        browser.Find("[data-action='confirm-reject']").Click();
        browser.WaitFor(".mud-input-helper-text, .mud-input-error", "reason");
        Assert.Equal("submitted", await platform.NeedStatus(needs["Plan financier"]));
        browser.Find("#reject-reason").SendKeys("Hors du champ du marathon cette année.");
        browser.Find("[data-action='confirm-reject']").Click();
        browser.WaitFor("#needs-notice", "« Plan financier » est refusé.");
        Assert.Equal("rejected", await platform.NeedStatus(needs["Plan financier"]));
    }

    [Fact]
    public async Task Staff_check_volunteers_in_by_search_by_badge_and_by_list()
    {
        var marathonId = await platform.AMarathon($"Marathon de l’accueil {Guid.NewGuid():N}"[..30], "in-progress");
        var badge = (await platform.Volunteer(marathonId, "dupont")).GetProperty("badgeCode").GetString()!;
        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn(then: $"marathons/{marathonId}/check-in");
        browser.Interactive();

        // search as you type, accents ignored
        browser.Find("#search").SendKeys("aurelie");
        var aurelie = browser.WaitFor("#search-results tbody tr", "Aurélie Bonnet");
        browser.Check("checkin-search");
        aurelie.FindElement(By.CssSelector("[data-action='check-in']")).Click();
        browser.WaitFor("#desk-log li[data-ok='true']", "Aurélie Bonnet (edf)");

        // a scanner types the badge code and Enter
        browser.Find("#badge").SendKeys(badge + Keys.Enter);
        browser.WaitFor("#desk-log li[data-ok='true']", "Jean Dupont (edf)");
        Assert.Equal("", browser.Find("#badge").GetAttribute("value"));

        // a list: the two EY volunteers found by their e-mail domain, checked in at once
        var search = browser.Find("#search");
        search.SendKeys(Keys.Control + "a");
        search.SendKeys("ey.example");
        browser.WaitFor("#search-count", "2");
        foreach (var box in browser.All("#search-results input[type='checkbox']"))
        {
            box.Click();
        }
        browser.WaitFor("[data-action='check-in-selected']", "(2)").Click();
        browser.WaitFor("#desk-log li[data-ok='true']", "Chloé Martin (ey)");
        browser.WaitFor("#desk-log li[data-ok='true']", "Marc Petit (ey)");

        // an unknown badge fails alone, in words
        browser.Find("#badge").SendKeys("NOTABADGE000" + Keys.Enter);
        browser.WaitFor("#desk-log li[data-ok='false']", "NOTABADGE000");
        browser.Check("checkin");

        var stats = await platform.Staff.GetFromJsonAsync<JsonElement>($"/admin/recruitment/marathons/{marathonId}/stats");
        var checkedIn = stats.GetProperty("items").EnumerateArray().Sum(p => p.GetProperty("checkedIn").GetInt32());
        Assert.Equal(4, checkedIn);
    }

    [Fact]
    public async Task Staff_complete_a_marathon_after_the_completion_check_and_give_a_reason_to_force_it()
    {
        var name = $"Marathon de clôture {Guid.NewGuid():N}"[..30];
        var marathonId = await platform.AMarathon(name, "in-progress");
        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn(then: $"marathons/{marathonId}");
        browser.Interactive();

        // the check comes first: five confirmed volunteers are not checked in
        var check = browser.Find("#completion-check");
        Assert.Equal("false", check.GetAttribute("data-ready"));
        Assert.Contains("5 bénévole(s) confirmé(s) non accueilli(s)", check.Text, StringComparison.Ordinal);
        Assert.Empty(browser.All("#complete"));

        // forcing without a reason: the service's refusal, on the page, beside the field
        browser.Find("#complete-forced").Click();
        browser.WaitFor("[data-problem]", "valeurs invalides");
        Assert.Equal("in-progress", await Status(marathonId));
        browser.Check("marathon-completion-check");

        browser.Find("#force-reason").SendKeys("Cinq absents prévenus la veille.");
        browser.Find("#complete-forced").Click();
        browser.WaitFor(".mud-alert", "Ce marathon est terminé.");
        Assert.Equal("completed", await Status(marathonId));
        browser.Check("marathon-completed");
    }

    [Fact]
    public async Task A_partner_token_signs_in_only_to_be_refused_and_the_session_cookie_is_guarded()
    {
        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn("Un partenaire", token: Tokens.Partner("edf"));
        browser.WaitFor("h1", "Réservé à l’équipe");
        Assert.Contains("/console/denied", browser.Driver.Url, StringComparison.Ordinal);
        browser.Check("denied");

        var cookie = browser.Driver.Manage().Cookies.GetCookieNamed("probono-console");
        Assert.NotNull(cookie);
        Assert.True(cookie.IsHttpOnly);
        Assert.Equal("Lax", cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        // the partner's session opens no page: the marathons list sends it back to the refusal
        browser.GoTo("");
        browser.WaitFor("h1", "Réservé à l’équipe");

        // and without any session, a page is a redirect to the sign-in page (what contract-check.py asks of /console)
        using var anonymous = platform.Client();
        var page = await anonymous.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Contains("/console/signin", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> Status(Guid marathonId) =>
        (await platform.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("status").GetString()!;
}
