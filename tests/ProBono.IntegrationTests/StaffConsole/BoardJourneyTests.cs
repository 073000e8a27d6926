namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>The live day board on a 1920×1080 wall screen, following the Teams event stream through the gateway.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BoardJourneyTests(ConsoleFixture platform)
{
    [Fact]
    public async Task The_board_shows_each_check_in_as_it_happens_the_reserve_and_the_end_of_the_day()
    {
        var (marathonId, _) = await platform.AMarathonWithANeed($"Marathon du tableau {Guid.NewGuid():N}"[..30], "Site vitrine", teamMax: 4);
        var proposal = await platform.Propose(marathonId)();
        var committed = await platform.Staff.PostAsync($"/admin/teams/marathons/{marathonId}/formation/{proposal.GetProperty("proposalId").GetGuid()}/commit", null);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.PostAsync($"/admin/recruitment/marathons/{marathonId}/start", null)).StatusCode);
        var team = proposal.GetProperty("teams")[0];
        var member = team.GetProperty("members")[0].GetGuid();
        var reserved = proposal.GetProperty("unassigned")[0].GetGuid();
        var teamSize = team.GetProperty("members").GetArrayLength();

        using var browser = new ConsoleBrowser(platform.Gateway, 1920, 1080);
        browser.Viewport(1920, 1080);
        browser.SignIn(then: $"marathons/{marathonId}/board");
        browser.Interactive();
        browser.WaitFor("#board-live[data-state='live']", "En direct");
        var card = browser.WaitFor($"[data-team]", "Site vitrine");
        Assert.Equal("0", card.GetAttribute("data-checked-in"));
        Assert.Equal("false", browser.Find($"#reserve [data-member='{reserved}']").GetAttribute("data-checked-in"));

        // someone is checked in at the desk: the board follows without a reload
        await CheckIn(marathonId, member);
        browser.WaitFor($"[data-team] [data-member='{member}'][data-checked-in='true']", "✓");
        browser.WaitFor("[data-team] [data-count]", $"1 / {teamSize} accueilli(s)");
        browser.WaitFor("#board-news", "vient d’arriver (Site vitrine).");
        await CheckIn(marathonId, reserved);
        browser.WaitFor($"#reserve [data-member='{reserved}'][data-checked-in='true']", "✓");
        browser.WaitFor("#reserve-heading", $"Réserve : 1 / {5 - teamSize} accueilli(s)");
        browser.WaitFor("#board-checkedin", "2 / 5");

        var teamId = (await platform.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/teams")).GetProperty("items")[0].GetProperty("teamId").GetGuid();
        Assert.True((await platform.Staff.PostAsJsonAsync($"/api/teams/{teamId}/milestones", new { name = "Maquette validée" })).IsSuccessStatusCode);
        browser.WaitFor("[data-team] [data-milestones]", "Maquette validée");
        browser.Check("board");

        // the marathon completes: the stream says so, last, and the wall shows it
        var completed = await platform.Staff.PostAsJsonAsync($"/admin/recruitment/marathons/{marathonId}/complete", new { force = true, reason = "Fin de la journée." });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        browser.WaitFor("#board-completed", "Le marathon est terminé", seconds: 30);
        browser.WaitFor("#board-live[data-state='ended']", "Flux arrêté");
        browser.Check("board-completed");
    }

    private async Task CheckIn(Guid marathonId, Guid volunteerId)
    {
        var desk = await platform.Staff.PostAsJsonAsync($"/admin/recruitment/marathons/{marathonId}/check-ins", new { volunteerIds = new[] { volunteerId } });
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        Assert.True((await desk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("checkedIn").GetBoolean());
    }
}
