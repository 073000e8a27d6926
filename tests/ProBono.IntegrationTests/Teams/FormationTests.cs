namespace ProBono.IntegrationTests.Teams;

/// <summary>
/// Formation, commit, pinned leads, team reads by role, staff edits and backfill, over HTTP against real servers. Every
/// team the API gives (proposed, listed, read, or answered to an edit) is checked against API.md's company rules.
/// </summary>
public sealed class FormationTests(TeamsFixture teams) : IClassFixture<TeamsFixture>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await Json(response);
    }

    /// <summary>
    /// API.md's company rules on one team: at most <paramref name="maxSameCompany"/> members of one company, and at least
    /// two companies (every pool here has two; a team of one cannot mix, and after a withdrawal shows its gap instead).
    /// </summary>
    private static void AssertCompanyRules(string team, IReadOnlyCollection<string> companyOfEachMember, int maxSameCompany)
    {
        var companies = companyOfEachMember.GroupBy(c => c, StringComparer.Ordinal).ToList();
        Assert.True(companies.All(c => c.Count() <= maxSameCompany),
            $"{team}: {string.Join(", ", companies.Select(c => $"{c.Count()} from {c.Key}"))}; at most {maxSameCompany} from one company");
        Assert.True(companyOfEachMember.Count < 2 || companies.Count >= 2, $"{team}: all {companyOfEachMember.Count} members from one company");
    }

    /// <summary>A team as the API shows it (a read, a list item, an edit's answer), checked against the company rules.</summary>
    private static JsonElement WithinCompanyRules(JsonElement team, int maxSameCompany = TeamsFixture.DefaultMaxSameCompany)
    {
        AssertCompanyRules($"team {team.GetProperty("teamId")}",
            [.. team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("partnerId").GetString()!)], maxSameCompany);
        return team;
    }

    /// <summary>The marathon's teams as <paramref name="client"/> may see them, each checked against the company rules.</summary>
    private async Task<IReadOnlyList<JsonElement>> Teams(HttpClient client, Guid marathon, int maxSameCompany = TeamsFixture.DefaultMaxSameCompany) =>
        [.. (await teams.Teams(client, marathon)).Select(t => WithinCompanyRules(t, maxSameCompany))];

    /// <summary>A proposal, each of its teams checked against the company rules (a proposal names members by id only).</summary>
    private async Task<JsonElement> Propose(Guid marathon, IReadOnlyDictionary<Guid, string> companyOf, int maxSameCompany = TeamsFixture.DefaultMaxSameCompany)
    {
        var proposal = await teams.Propose(marathon);
        foreach (var team in proposal.GetProperty("teams").EnumerateArray())
        {
            AssertCompanyRules($"proposed team for need {team.GetProperty("needId")}",
                [.. team.GetProperty("members").EnumerateArray().Select(m => companyOf[m.GetGuid()])], maxSameCompany);
        }
        return proposal;
    }

    /// <summary>A closed marathon with two needs (marketing×2+design, 3..4; finance+legal, 2..3) and nine volunteers of three companies.</summary>
    private async Task<(Guid Marathon, Guid Brochure, Guid Budget, Dictionary<Guid, string> Volunteers)> AMarathonToForm()
    {
        var marathon = await teams.AMarathon();
        var brochure = await teams.ANeed(marathon, [("marketing", 2), ("design", 1)], 3, 4);
        var budget = await teams.ANeed(marathon, [("finance", 1), ("legal", 1)], 2, 3);
        var volunteers = new Dictionary<Guid, string>();
        foreach (var (partner, skills, lead) in new[]
        {
            ("edf", new[] { "marketing" }, true), ("ey", new[] { "marketing", "sales" }, false), ("thales", new[] { "design" }, true),
            ("edf", new[] { "finance" }, false), ("ey", new[] { "legal" }, true), ("thales", new[] { "it" }, false),
            ("edf", new[] { "hr" }, false), ("ey", new[] { "data" }, false), ("thales", new[] { "finance", "legal" }, false),
        })
        {
            volunteers[await teams.AVolunteer(marathon, partner, skills, lead)] = partner;
        }
        return (marathon, brochure, budget, volunteers);
    }

    [Fact]
    public async Task A_proposal_forms_one_team_per_need_within_the_rules_the_same_input_gives_the_same_proposal_and_commit_forms_the_teams()
    {
        var (marathon, brochure, budget, volunteers) = await AMarathonToForm();
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var formed = await broker.Watch("probono:teams:team-formed:v1");

        var proposal = await Propose(marathon, volunteers);
        var again = await Propose(marathon, volunteers);

        Assert.Equal(proposal.GetProperty("proposalId").GetGuid(), again.GetProperty("proposalId").GetGuid());
        Assert.Equal(proposal.GetProperty("teams").GetRawText(), again.GetProperty("teams").GetRawText());
        var proposed = proposal.GetProperty("teams").EnumerateArray().ToList();
        Assert.Equal(new[] { brochure, budget }.Order(), proposed.Select(t => t.GetProperty("needId").GetGuid()).Order());
        foreach (var team in proposed)
        {
            Assert.Contains(team.GetProperty("leadVolunteerId").GetGuid(), team.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()));
        }
        Assert.Equal(1.0, proposal.GetProperty("metrics").GetProperty("skillCoverage").GetDouble()); // every slot can be covered here

        var committed = await teams.Commit(marathon, proposal);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        var formedTeams = await Teams(teams.Staff, marathon);
        Assert.Equal(2, formedTeams.Count);
        var onTheWire = await formed.First(m => m.GetProperty("marathonId").GetGuid() == marathon && m.GetProperty("needId").GetGuid() == brochure);
        var brochureTeam = formedTeams.Single(t => t.GetProperty("needId").GetGuid() == brochure);
        Assert.Equal(brochureTeam.GetProperty("teamId").GetGuid(), onTheWire.Message.GetProperty("teamId").GetGuid());
        Assert.Equal(brochureTeam.GetProperty("title").GetString(), onTheWire.Message.GetProperty("title").GetString()); // the need's title
        // committed again: its inputs changed (the teams exist now), so it is outdated
        await Problem(await teams.Commit(marathon, proposal), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Committing_a_proposal_made_before_a_volunteer_was_confirmed_is_a_409_and_forms_nothing()
    {
        var (marathon, _, _, volunteers) = await AMarathonToForm();
        var proposal = await Propose(marathon, volunteers);
        volunteers[await teams.AVolunteer(marathon, "edf", ["design"])] = "edf";

        var refused = await Problem(await teams.Commit(marathon, proposal), HttpStatusCode.Conflict);
        Assert.Contains("outdated", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Teams(teams.Staff, marathon));

        var fresh = await Propose(marathon, volunteers);
        Assert.NotEqual(proposal.GetProperty("proposalId").GetGuid(), fresh.GetProperty("proposalId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, fresh)).StatusCode);
    }

    [Fact]
    public async Task A_pinned_lead_is_kept_and_a_pin_that_cannot_be_kept_is_reported()
    {
        var (marathon, brochure, budget, volunteers) = await AMarathonToForm();
        var notLeadCapable = volunteers.Keys.First(v => volunteers[v] == "ey"); // the marketing + sales one: a pin overrides leadCapable
        var leaving = volunteers.Keys.Last(v => volunteers[v] == "thales");

        Assert.Equal(HttpStatusCode.OK, (await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{brochure}/lead", new { volunteerId = notLeadCapable })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{budget}/lead", new { volunteerId = leaving })).StatusCode);
        await Problem(await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{budget}/lead", new { volunteerId = Guid.NewGuid() }), HttpStatusCode.UnprocessableEntity);
        await Problem(await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{Guid.NewGuid()}/lead", new { volunteerId = leaving }), HttpStatusCode.NotFound);
        await Problem(await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{budget}/lead", new { }), HttpStatusCode.BadRequest);
        await teams.Withdraw(marathon, leaving, "thales");

        var leads = (await teams.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathon}/leads")).GetProperty("items").EnumerateArray().ToList();
        var kept = leads.Single(l => l.GetProperty("needId").GetGuid() == brochure);
        var broken = leads.Single(l => l.GetProperty("needId").GetGuid() == budget);
        Assert.True(kept.GetProperty("kept").GetBoolean());
        Assert.False(broken.GetProperty("kept").GetBoolean());
        Assert.Equal("The volunteer withdrew.", broken.GetProperty("problem").GetString());

        var proposal = await Propose(marathon, volunteers);
        var brochureTeam = proposal.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("needId").GetGuid() == brochure);
        Assert.Equal(notLeadCapable, brochureTeam.GetProperty("leadVolunteerId").GetGuid());
        Assert.Contains(proposal.GetProperty("brokenPins").EnumerateArray(), p => p.GetProperty("volunteerId").GetGuid() == leaving);

        Assert.Equal(HttpStatusCode.OK, (await teams.Staff.DeleteAsync($"/admin/marathons/{marathon}/needs/{budget}/lead")).StatusCode);
        await Problem(await teams.Staff.DeleteAsync($"/admin/marathons/{marathon}/needs/{budget}/lead"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_role_sees_the_teams_API_md_gives_it_and_no_other()
    {
        var marathon = await teams.AMarathon();
        var association = Guid.NewGuid();
        var need = await teams.ANeed(marathon, [("design", 1)], 2, 2, association);
        var edf = await teams.AVolunteer(marathon, "edf", ["design"], leadCapable: true);
        var ey = await teams.AVolunteer(marathon, "ey", ["it"]);
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, await Propose(marathon, new Dictionary<Guid, string> { [edf] = "edf", [ey] = "ey" }))).StatusCode);
        var teamId = Assert.Single(await Teams(teams.Staff, marathon)).GetProperty("teamId").GetGuid();

        foreach (var token in new[] { Tokens.Partner("edf"), Tokens.Association(association), Tokens.Volunteer(ey) })
        {
            var client = teams.Host.ClientWith(token);
            Assert.Equal(teamId, Assert.Single(await Teams(client, marathon)).GetProperty("teamId").GetGuid());
            var team = await client.GetAsync($"/api/teams/{teamId}");
            Assert.Equal(HttpStatusCode.OK, team.StatusCode);
            Assert.NotNull(team.Headers.ETag);
            WithinCompanyRules(await Json(team));
        }
        foreach (var token in new[] { Tokens.Partner("thales"), Tokens.Association(Guid.NewGuid()), Tokens.Volunteer(Guid.NewGuid()) })
        {
            var client = teams.Host.ClientWith(token);
            Assert.Empty(await Teams(client, marathon));
            await Problem(await client.GetAsync($"/api/teams/{teamId}"), HttpStatusCode.NotFound);
        }
        var view = WithinCompanyRules(await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{teamId}"));
        Assert.Equal((need, edf), (view.GetProperty("needId").GetGuid(), view.GetProperty("leadVolunteerId").GetGuid()));
        Assert.Equal(["edf", "ey"], view.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("partnerId").GetString()).Order());
        await Problem(await teams.Host.ClientWith(Tokens.Partner("edf")).PostAsync($"/admin/marathons/{marathon}/formation", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_edits_that_break_a_hard_rule_are_422_naming_it_and_change_nothing()
    {
        var marathon = await teams.AMarathon(maxSameCompany: 2);
        await teams.ANeed(marathon, [("design", 1)], 2, 4);
        var first = await teams.AVolunteer(marathon, "edf", ["design"], leadCapable: true);
        var second = await teams.AVolunteer(marathon, "ey", ["it"]);
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, await Propose(marathon, new Dictionary<Guid, string> { [first] = "edf", [second] = "ey" }, maxSameCompany: 2))).StatusCode);
        var teamId = Assert.Single(await Teams(teams.Staff, marathon, maxSameCompany: 2)).GetProperty("teamId").GetGuid();
        var edf2 = await teams.AVolunteer(marathon, "edf", ["hr"], leadCapable: true);
        var edf3 = await teams.AVolunteer(marathon, "edf", ["data"]);
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var changed = await broker.Watch("probono:teams:team-changed:v1");

        var added = await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/members", new { volunteerId = edf2 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("\"2\"", added.Headers.ETag?.Tag);
        WithinCompanyRules(await Json(added), maxSameCompany: 2);
        var tooMany = await Problem(await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/members", new { volunteerId = edf3 }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("[max-same-company]", tooMany.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem(await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/members", new { volunteerId = edf2 }), HttpStatusCode.Conflict);
        var notMember = await Problem(await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/lead", new { volunteerId = edf3 }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("[one-lead]", notMember.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notCapable = await Problem(await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/lead", new { volunteerId = second }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("[one-lead]", notCapable.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // removing ey leaves only edf: the team would no longer mix companies
        var mixing = await Problem(await teams.Staff.DeleteAsync($"/admin/{teamId}/members/{second}"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("[two-companies]", mixing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/admin/{teamId}/lead") { Content = JsonContent.Create(new { volunteerId = edf2 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Problem(await teams.Staff.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var team = await teams.Staff.GetAsync($"/api/teams/{teamId}");
        Assert.Equal("\"2\"", team.Headers.ETag?.Tag);
        var view = WithinCompanyRules(await Json(team), maxSameCompany: 2);
        Assert.Equal(new[] { first, second, edf2 }.Order(), view.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("volunteerId").GetGuid()).Order());
        Assert.Equal(first, view.GetProperty("leadVolunteerId").GetGuid());
        var message = await changed.First(m => m.GetProperty("teamId").GetGuid() == teamId);
        Assert.Equal(3, message.Message.GetProperty("members").GetArrayLength());

        // edits within the rules: edf2 leads, then the first lead leaves the team and their seat is free again
        var led = await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/lead", new { volunteerId = edf2 });
        Assert.Equal(HttpStatusCode.OK, led.StatusCode);
        Assert.Equal(edf2, WithinCompanyRules(await Json(led), maxSameCompany: 2).GetProperty("leadVolunteerId").GetGuid());
        var removed = await teams.Staff.DeleteAsync($"/admin/{teamId}/members/{first}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("\"4\"", removed.Headers.ETag?.Tag);
        Assert.Equal(new[] { second, edf2 }.Order(), WithinCompanyRules(await Json(removed), maxSameCompany: 2).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("volunteerId").GetGuid()).Order());
        var readded = await teams.Staff.PostAsJsonAsync($"/admin/{teamId}/members", new { volunteerId = first });
        Assert.Equal(HttpStatusCode.OK, readded.StatusCode);
        WithinCompanyRules(await Json(readded), maxSameCompany: 2);
    }

    [Fact]
    public async Task A_member_who_withdraws_is_replaced_by_a_reserve_who_covers_the_lost_skill_and_a_new_lead_is_chosen()
    {
        var marathon = await teams.AMarathon();
        await teams.ANeed(marathon, [("finance", 1), ("design", 1)], 2, 2);
        var lead = await teams.AVolunteer(marathon, "edf", ["finance"], leadCapable: true, firstName: "Lea");
        var designer = await teams.AVolunteer(marathon, "ey", ["design"], firstName: "Dan");
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, await Propose(marathon, new Dictionary<Guid, string> { [lead] = "edf", [designer] = "ey" }))).StatusCode);
        var teamId = Assert.Single(await Teams(teams.Staff, marathon)).GetProperty("teamId").GetGuid();
        var notFitting = await teams.AVolunteer(marathon, "thales", ["hr"], leadCapable: true, firstName: "Hugo");
        var fitting = await teams.AVolunteer(marathon, "thales", ["finance"], leadCapable: true, firstName: "Fanny");

        await teams.Withdraw(marathon, lead, "edf");

        var team = WithinCompanyRules(await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{teamId}"));
        Assert.Equal(new[] { designer, fitting }.Order(), team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("volunteerId").GetGuid()).Order());
        Assert.Equal(fitting, team.GetProperty("leadVolunteerId").GetGuid());
        Assert.False(team.TryGetProperty("gap", out var gap) && gap.ValueKind != JsonValueKind.Null);
        _ = notFitting;

        // the designer withdraws and no reserve designs: the team shows the gap
        await teams.Withdraw(marathon, designer, "ey");
        var short1 = WithinCompanyRules(await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{teamId}"));
        Assert.Equal(1, short1.GetProperty("members").GetArrayLength());
        var shown = short1.GetProperty("gap");
        Assert.Equal(1, shown.GetProperty("missingMembers").GetInt32());
        Assert.Equal("design", Assert.Single(shown.GetProperty("uncoveredSkills").EnumerateArray()).GetProperty("skill").GetString());
    }

    [Fact]
    public async Task The_company_cap_holds_where_one_more_member_from_a_company_would_cover_one_more_slot()
    {
        // only edf covers the three slots, and at most two may come from edf: the rule, not the pool, leaves a slot open
        var marathon = await teams.AMarathon(maxSameCompany: 2, partners: ["edf", "ey"]);
        await teams.ANeed(marathon, [("marketing", 3)], 3, 4);
        var volunteers = new Dictionary<Guid, string>();
        foreach (var leadCapable in new[] { true, false, false })
        {
            volunteers[await teams.AVolunteer(marathon, "edf", ["marketing"], leadCapable)] = "edf";
        }
        volunteers[await teams.AVolunteer(marathon, "ey", ["it"])] = "ey";

        var proposal = await Propose(marathon, volunteers, maxSameCompany: 2);
        var proposed = Assert.Single(proposal.GetProperty("teams").EnumerateArray());
        Assert.Equal(2.0 / 3, proposed.GetProperty("skillCoverage").GetDouble(), precision: 3); // the most the cap allows
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, proposal)).StatusCode);
        Assert.Equal(3, Assert.Single(await Teams(teams.Staff, marathon, maxSameCompany: 2)).GetProperty("members").GetArrayLength());
    }
}
