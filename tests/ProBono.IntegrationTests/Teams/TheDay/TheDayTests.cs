using System.Net.Http.Headers;

namespace ProBono.IntegrationTests.Teams.TheDay;

/// <summary>Milestones and the deliverable over HTTP, with real PostgreSQL, and MissionCompleted as it reaches RabbitMQ.</summary>
public sealed class TheDayTests(TheDayFixture teams) : IClassFixture<TheDayFixture>
{
    private const string MissionCompletedUrn = "probono:teams:mission-completed:v1";

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertProblem(HttpStatusCode expected, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A string property, or null when it is absent (the API leaves nulls out) or null.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HttpRequestMessage Post(string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }
        return request;
    }

    [Fact]
    public async Task The_lead_records_milestones_and_submits_the_deliverable_which_reaches_RabbitMQ_as_MissionCompleted()
    {
        var completed = await teams.Broker.Watch(MissionCompletedUrn);
        var day = await teams.ATeam();
        var lead = teams.Volunteer(day.Ana);

        var milestone = await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Mock-ups shown" });
        var afterMilestone = await Ok(milestone);
        Assert.Equal("\"2\"", milestone.Headers.ETag?.Tag);
        Assert.Equal(["Mock-ups shown"], afterMilestone.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal("formed", afterMilestone.GetProperty("status").GetString());

        // If-Match: a stale version is refused and nothing is written; the current one is taken
        await AssertProblem(HttpStatusCode.PreconditionFailed,
            await lead.SendAsync(Post($"/api/teams/{day.TeamId}/deliverable", new { title = "Brochure", url = "https://example.org/b.pdf" }, "\"1\"")));
        var delivered = await lead.SendAsync(Post($"/api/teams/{day.TeamId}/deliverable", new { title = "Brochure", url = "https://example.org/b.pdf" }, "\"2\""));
        var team = await Ok(delivered);
        Assert.Equal("\"3\"", delivered.Headers.ETag?.Tag);
        Assert.Equal("delivered", team.GetProperty("status").GetString());
        Assert.Equal(("Brochure", "https://example.org/b.pdf"), (team.GetProperty("deliverable").GetProperty("title").GetString(), team.GetProperty("deliverable").GetProperty("url").GetString()));

        var mission = (await completed.First(m => m.GetProperty("teamId").GetGuid() == day.TeamId, TimeSpan.FromSeconds(30))).Message;
        Assert.Equal((day.MarathonId, day.NeedId, day.Ana), (mission.GetProperty("marathonId").GetGuid(), mission.GetProperty("needId").GetGuid(), mission.GetProperty("leadVolunteerId").GetGuid()));
        Assert.Equal(("Brochure", "https://example.org/b.pdf"), (mission.GetProperty("deliverableTitle").GetString(), mission.GetProperty("deliverableUrl").GetString()));
        var members = mission.GetProperty("members").EnumerateArray()
            .ToDictionary(m => m.GetProperty("volunteerId").GetGuid(), m => (m.GetProperty("partnerId").GetString(), m.GetProperty("checkedIn").GetBoolean()));
        Assert.Equal(new Dictionary<Guid, (string?, bool)> { [day.Ana] = ("edf", true), [day.Ben] = ("bnp", false), [day.Chloe] = ("edf", false) }, members);

        // after the deliverable: no second one, no milestone
        await AssertProblem(HttpStatusCode.Conflict, await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "Again", url = "https://example.org/c.pdf" }));
        await AssertProblem(HttpStatusCode.Conflict, await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Late" }));
        Assert.Equal(1, completed.Count(m => m.GetProperty("teamId").GetGuid() == day.TeamId));
    }

    [Fact]
    public async Task Staff_record_a_milestone_and_submit_the_deliverable()
    {
        var day = await teams.ATeam();
        await Ok(await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Kick-off" }));
        var team = await Ok(await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "Site", url = "http://example.org/site" }));
        Assert.Equal("delivered", team.GetProperty("status").GetString());
        var read = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Equal(["Kick-off"], read.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.StartsWith("staff:", read.GetProperty("deliverable").GetProperty("by").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_lead_or_staff_may_and_a_team_the_caller_may_not_see_is_not_found()
    {
        var day = await teams.ATeam();
        // a member who is not the lead, and a partner with employees in the team, see the team but may not act for it
        await AssertProblem(HttpStatusCode.Forbidden, await teams.Volunteer(day.Ben).PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Mine" }));
        await AssertProblem(HttpStatusCode.Forbidden, await teams.Partner("edf").PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "B", url = "https://example.org" }));
        // a volunteer of another team, a partner without employees in it: not revealed
        await AssertProblem(HttpStatusCode.NotFound, await teams.Volunteer(day.Dan).PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Mine" }));
        await AssertProblem(HttpStatusCode.NotFound, await teams.Partner("orange").PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Mine" }));
        await AssertProblem(HttpStatusCode.NotFound, await teams.Staff.PostAsJsonAsync($"/api/teams/{Guid.NewGuid()}/milestones", new { name = "Mine" }));

        var team = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Empty(team.GetProperty("milestones").EnumerateArray());
        Assert.Equal("formed", team.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Before_the_day_both_are_conflicts_on_the_day_both_are_taken_and_after_it_a_deliverable_is_a_correction()
    {
        var day = await teams.ATeam(status: "registration-closed");
        var lead = teams.Volunteer(day.Ana);
        await AssertProblem(HttpStatusCode.Conflict, await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Early" }));
        await AssertProblem(HttpStatusCode.Conflict, await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "B", url = "https://example.org" }));
        await AssertProblem(HttpStatusCode.Conflict, await teams.Staff.PutAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "B", url = "https://example.org" }));

        await teams.MoveMarathon(day.MarathonId, "in-progress", 3);
        await Ok(await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "On the day" }));

        await teams.MoveMarathon(day.MarathonId, "completed", 4);
        await AssertProblem(HttpStatusCode.Conflict, await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Late" }));
        var late = await Ok(await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "B", url = "https://example.org" }));
        Assert.Equal(("delivered", true), (late.GetProperty("status").GetString(), late.GetProperty("deliverable").GetProperty("correction").GetBoolean()));
    }

    [Fact]
    public async Task Put_replaces_the_deliverable_the_earlier_one_goes_to_the_history_and_a_newer_MissionCompleted_leaves()
    {
        var completed = await teams.Broker.Watch(MissionCompletedUrn);
        var day = await teams.ATeam();
        var lead = teams.Volunteer(day.Ana);
        await Ok(await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "Brochure", url = "https://example.org/b.pdf" }));

        // a paper handed over: a description, no url
        var paper = new { title = "Flyers", description = "500 printed flyers,\nhanded to the association" };
        var replaced = await lead.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/teams/{day.TeamId}/deliverable")
        {
            Content = JsonContent.Create(paper), Headers = { IfMatch = { new EntityTagHeaderValue("\"2\"") } },
        });
        var team = await Ok(replaced);
        Assert.Equal("\"3\"", replaced.Headers.ETag?.Tag);
        var deliverable = team.GetProperty("deliverable");
        Assert.Equal(("Flyers", null, "500 printed flyers,\nhanded to the association", false, $"volunteer:{day.Ana}"),
            (Text(deliverable, "title"), Text(deliverable, "url"), Text(deliverable, "description"), deliverable.GetProperty("correction").GetBoolean(), Text(deliverable, "by")));
        var earlier = Assert.Single(team.GetProperty("deliverableHistory").EnumerateArray());
        Assert.Equal(("Brochure", "https://example.org/b.pdf"), (Text(earlier, "title"), Text(earlier, "url")));
        Assert.Equal("delivered", team.GetProperty("status").GetString());

        // the same deliverable again changes nothing; a stale If-Match is still a 412
        var same = await lead.PutAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", paper);
        await Ok(same);
        Assert.Equal("\"3\"", same.Headers.ETag?.Tag);
        await AssertProblem(HttpStatusCode.PreconditionFailed, await lead.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/teams/{day.TeamId}/deliverable")
        {
            Content = JsonContent.Create(new { title = "Stale", url = "https://example.org/s" }), Headers = { IfMatch = { new EntityTagHeaderValue("\"2\"") } },
        }));
        var read = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Equal("Flyers", Text(read.GetProperty("deliverable"), "title"));
        Assert.Equal(["Brochure"], read.GetProperty("deliverableHistory").EnumerateArray().Select(d => Text(d, "title")));

        bool OfTheTeam(JsonElement m) => m.GetProperty("teamId").GetGuid() == day.TeamId;
        await Eventually.True(() => Task.FromResult(completed.Count(OfTheTeam) >= 2), TimeSpan.FromSeconds(30), "two MissionCompleted of the team");
        var missions = completed.All(OfTheTeam).Select(d => d.Message).ToList();
        var latest = missions.MaxBy(m => m.GetProperty("version").GetInt64());
        Assert.Equal([2L, 3L], missions.Select(m => m.GetProperty("version").GetInt64()).Order());
        Assert.Equal(("Flyers", null, "500 printed flyers,\nhanded to the association", false),
            (Text(latest, "deliverableTitle"), Text(latest, "deliverableUrl"), Text(latest, "deliverableDescription"), latest.GetProperty("correction").GetBoolean()));
    }

    [Fact]
    public async Task Twenty_parallel_milestones_under_one_Idempotency_Key_record_one()
    {
        var day = await teams.ATeam();
        var lead = teams.Volunteer(day.Ana);
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = Post($"/api/teams/{day.TeamId}/milestones", new { name = "Kick-off" });
            request.Headers.Add("Idempotency-Key", key);
            using var response = await lead.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        // the first answer, replayed; a repeat that comes while the first is still running is told so (409)
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode} {a.Body}"));
        Assert.Single(answers.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Body).Distinct());
        var first = answers.First(a => a.StatusCode == HttpStatusCode.OK).Body;

        // once the first has answered, the same key again is its answer again, and still one milestone
        using var repeat = Post($"/api/teams/{day.TeamId}/milestones", new { name = "Kick-off" });
        repeat.Headers.Add("Idempotency-Key", key);
        using var repeated = await lead.SendAsync(repeat);
        Assert.Equal((HttpStatusCode.OK, first), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
        var team = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Equal(["Kick-off"], team.GetProperty("milestones").EnumerateArray().Select(m => Text(m, "name")));

        // another key is another milestone
        using var another = Post($"/api/teams/{day.TeamId}/milestones", new { name = "Kick-off" });
        another.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(2, (await Ok(await lead.SendAsync(another))).GetProperty("milestones").GetArrayLength());
    }

    [Fact]
    public async Task The_teams_of_a_marathon_Teams_has_not_heard_of_are_not_found()
    {
        await AssertProblem(HttpStatusCode.NotFound, await teams.Staff.GetAsync($"/api/marathons/{Guid.NewGuid()}/teams"));
        var day = await teams.ATeam();
        Assert.Single((await Ok(await teams.Staff.GetAsync($"/api/marathons/{day.MarathonId}/teams"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field()
    {
        var day = await teams.ATeam();
        var milestone = await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "two\nlines" });
        await AssertProblem(HttpStatusCode.BadRequest, milestone);
        Assert.Equal(["name"], (await milestone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var deliverable = await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = new string('t', 201), url = "ftp://example.org/b" });
        await AssertProblem(HttpStatusCode.BadRequest, deliverable);
        Assert.Equal(["title", "url"], (await deliverable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        // neither a url nor a description: no deliverable
        var nothing = await teams.Staff.PutAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "Something" });
        await AssertProblem(HttpStatusCode.BadRequest, nothing);
        Assert.Equal(["url"], (await nothing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal("formed", (await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}")).GetProperty("status").GetString());
    }
}
