using OpenQA.Selenium;

namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>Staff pin a lead, propose the teams, read the proposal team by team and commit it, in Chromium through the gateway.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FormationJourneyTests(ConsoleFixture platform)
{
    [Fact]
    public async Task Staff_pin_a_lead_propose_read_the_proposal_and_commit_it_after_an_outdated_one_is_refused()
    {
        var (marathonId, needId) = await platform.AMarathonWithANeed($"Marathon des équipes {Guid.NewGuid():N}"[..30], "Site vitrine", teamMax: 4);
        var chloe = (await platform.Volunteer(marathonId, "chloe")).GetProperty("volunteerId").GetGuid();
        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn(then: $"marathons/{marathonId}/formation");
        browser.Interactive();
        browser.WaitFor("#formation-open", "1 besoin(s) publié(s) sans équipe.");

        // pin Aurélie, think again, unpin her, and pin Chloé
        PinFound(browser, "aurelie", "Aurélie Bonnet");
        browser.WaitFor("#pins tr", "Aurélie");
        browser.Find("#pins [data-action='unpin']").Click();
        browser.WaitFor("#formation-notice", "Aurélie n’est plus épinglé(e) sur « Site vitrine ».");
        Assert.NotNull(browser.Find("#pins-none"));
        PinFound(browser, "chloe", "Chloé Martin");
        var pin = browser.WaitFor("#pins tr", "Chloé");
        Assert.Contains("EY", pin.Text, StringComparison.Ordinal); // the company by its name
        Assert.Contains("Tenu", pin.Text, StringComparison.Ordinal);
        browser.Check("formation-pins");

        // the proposal, team by team: the pinned lead, the skill slots covered and the company mix
        browser.Find("#propose").Click();
        var team = browser.WaitFor($"[data-team-need='{needId}']", "Site vitrine");
        var members = team.FindElements(By.CssSelector("[data-member]")).Count;
        Assert.InRange(members, 3, 4);
        Assert.Contains("Chloé Martin", team.FindElement(By.CssSelector("[data-lead='true']")).FindElement(By.XPath("./ancestor::tr")).Text, StringComparison.Ordinal);
        Assert.Contains("2 / 2 postes", team.FindElement(By.CssSelector("[data-coverage]")).Text, StringComparison.Ordinal);
        Assert.NotEmpty(team.FindElements(By.CssSelector("[data-company='edf']")));
        Assert.NotEmpty(team.FindElements(By.CssSelector("[data-company='ey']")));
        Assert.Equal(5 - members, browser.Find("#unassigned").Text.Split(", ").Length); // the others in the reserve, by name
        browser.ScrollTo("#proposal-heading");
        browser.Check("formation-proposal");

        // someone unpins the lead meanwhile: the proposal is outdated and the refusal says so on the page
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.DeleteAsync($"/admin/teams/marathons/{marathonId}/needs/{needId}/lead")).StatusCode);
        browser.Find("#commit").Click();
        var refusal = browser.WaitFor("[data-problem='409']", "Impossible dans l’état actuel.");
        Assert.Contains("outdated", refusal.Text, StringComparison.Ordinal);
        Assert.Equal(0, await Teams(marathonId));
        browser.Check("formation-commit-refused");

        browser.Find("#propose").Click();
        browser.WaitFor($"[data-team-need='{needId}']", "Site vitrine");
        browser.Find("#commit").Click();
        browser.WaitFor("#formation-notice", "1 équipe(s) formée(s).");
        browser.WaitFor("#formed tr[data-team]", "Site vitrine");
        Assert.Equal(1, await Teams(marathonId));
        Assert.NotNull(browser.Find("#formation-open"));
        browser.Check("formation");
        Assert.DoesNotContain(chloe.ToString(), browser.Body(), StringComparison.Ordinal); // people by name, never by id
    }

    private static void PinFound(ConsoleBrowser browser, string query, string name)
    {
        var search = browser.Find("#pin-search");
        search.SendKeys(Keys.Control + "a");
        search.SendKeys(query);
        browser.WaitFor("#pin-results tbody tr", name).FindElement(By.CssSelector("[data-action='pin']")).Click();
        browser.WaitFor("#formation-notice", $"{name.Split(' ')[0]} est épinglé(e) comme responsable de « Site vitrine ».");
    }

    private async Task<int> Teams(Guid marathonId) =>
        (await platform.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/teams")).GetProperty("total").GetInt32();
}
