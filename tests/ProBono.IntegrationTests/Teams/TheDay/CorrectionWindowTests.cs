using Microsoft.Extensions.Time.Testing;

namespace ProBono.IntegrationTests.Teams.TheDay;

/// <summary>The day's Teams with a clock the tests move: the correction window's days pass in an instant.</summary>
public sealed class CorrectionWindowFixture : TheDayFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Clock => Time;
}

/// <summary>
/// After the marathon completed, for its correctionDays, the lead or staff may still record or replace the deliverable,
/// marked as a correction with who and when; after the window, 409. Real PostgreSQL and RabbitMQ; Teams' clock is a fake.
/// </summary>
public sealed class CorrectionWindowTests(CorrectionWindowFixture teams) : IClassFixture<CorrectionWindowFixture>
{
    private const string MissionCompletedUrn = "probono:teams:mission-completed:v1";

    private static string Path(DayTeam day) => $"/api/teams/{day.TeamId}/deliverable";

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task Conflict(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"expected 409, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A team that delivered on the day, of a marathon that then completed at Teams' current (fake) time; returns that time.</summary>
    private async Task<(DayTeam Day, DateTimeOffset CompletedAt)> ADeliveredTeamOfACompletedMarathon()
    {
        var day = await teams.ATeam();
        await Ok(await teams.Volunteer(day.Ana).PostAsJsonAsync(Path(day), new { title = "Brochure", url = "https://example.org/b.pdf" }));
        var completedAt = teams.Time.GetUtcNow();
        await teams.MoveMarathon(day.MarathonId, "completed", 3, completedAt);
        return (day, completedAt);
    }

    [Fact]
    public async Task Within_the_window_the_lead_replaces_the_deliverable_as_a_correction_and_after_it_nothing_changes()
    {
        var completed = await teams.Broker.Watch(MissionCompletedUrn);
        var (day, completedAt) = await ADeliveredTeamOfACompletedMarathon();

        teams.Time.Advance(TimeSpan.FromDays(3));
        var correction = await Ok(await teams.Volunteer(day.Ana).PutAsJsonAsync(Path(day), new { title = "Final report", url = "https://example.org/final.pdf" }));
        var deliverable = correction.GetProperty("deliverable");
        Assert.Equal(("Final report", true, $"volunteer:{day.Ana}", completedAt.AddDays(3)),
            (deliverable.GetProperty("title").GetString(), deliverable.GetProperty("correction").GetBoolean(), deliverable.GetProperty("by").GetString(),
                deliverable.GetProperty("at").GetDateTimeOffset()));
        var onTheDay = Assert.Single(correction.GetProperty("deliverableHistory").EnumerateArray());
        Assert.Equal(("Brochure", false), (onTheDay.GetProperty("title").GetString(), onTheDay.GetProperty("correction").GetBoolean()));

        var mission = (await completed.First(m => m.GetProperty("teamId").GetGuid() == day.TeamId && m.GetProperty("version").GetInt64() == 3, TimeSpan.FromSeconds(30))).Message;
        Assert.Equal(("Final report", true), (mission.GetProperty("deliverableTitle").GetString(), mission.GetProperty("correction").GetBoolean()));

        // 14 days after the completion (the default correctionDays) the window is closed, to the lead and to staff alike
        teams.Time.Advance(TimeSpan.FromDays(11));
        await Conflict(await teams.Volunteer(day.Ana).PutAsJsonAsync(Path(day), new { title = "Too late", url = "https://example.org/late.pdf" }));
        await Conflict(await teams.Staff.PutAsJsonAsync(Path(day), new { title = "Too late", description = "On paper" }));
        var team = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Equal(("Final report", 1), (team.GetProperty("deliverable").GetProperty("title").GetString(), team.GetProperty("deliverableHistory").GetArrayLength()));
    }

    [Fact]
    public async Task A_team_that_never_delivered_records_its_deliverable_late_as_a_correction_that_completes_its_mission()
    {
        var completed = await teams.Broker.Watch(MissionCompletedUrn);
        var day = await teams.ATeam();
        await teams.MoveMarathon(day.MarathonId, "completed", 3, teams.Time.GetUtcNow());
        teams.Time.Advance(TimeSpan.FromDays(13));

        var team = await Ok(await teams.Staff.PostAsJsonAsync(Path(day), new { title = "Flyers", description = "500 flyers, handed over on paper" }));
        Assert.Equal(("delivered", true), (team.GetProperty("status").GetString(), team.GetProperty("deliverable").GetProperty("correction").GetBoolean()));
        var mission = (await completed.First(m => m.GetProperty("teamId").GetGuid() == day.TeamId, TimeSpan.FromSeconds(30))).Message;
        Assert.Equal(("Flyers", true), (mission.GetProperty("deliverableTitle").GetString(), mission.GetProperty("correction").GetBoolean()));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task A_correction_racing_the_window_s_end_is_in_or_refused_as_a_whole(int minutesBefore)
    {
        var (day, completedAt) = await ADeliveredTeamOfACompletedMarathon();
        var closes = completedAt.AddDays(14);
        var lead = teams.Volunteer(day.Ana);

        // every reading of Teams' clock moves it a minute on, so the corrections below cross the window's end while they
        // are decided; a request reads the clock more than once (authentication too), and the starts 10 to 13 minutes
        // before the end put the end after each of a request's readings in turn
        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();
        teams.Time.SetUtcNow(closes.AddMinutes(-minutesBefore));
        teams.Time.AutoAdvanceAmount = TimeSpan.FromMinutes(1);
        try
        {
            for (var i = 0; i < 14; i++)
            {
                using var response = await lead.PutAsJsonAsync(Path(day), new { title = $"Version {i}", url = $"https://example.org/v{i}.pdf" });
                answers.Add((response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>()));
            }
        }
        finally
        {
            teams.Time.AutoAdvanceAmount = TimeSpan.Zero;
        }
        // some in, then only refusals; each one in was stamped inside the window, as a correction
        var statuses = answers.Select(a => a.Status).ToList();
        var accepted = statuses.TakeWhile(s => s == HttpStatusCode.OK).Count();
        Assert.True(accepted > 0 && accepted < statuses.Count, $"expected corrections in, then refusals: {string.Join(", ", statuses)}");
        Assert.All(statuses.Skip(accepted), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var stamped = answers.Take(accepted).Select(a => a.Body.GetProperty("deliverable")).ToList();
        Assert.All(stamped, d => Assert.True(d.GetProperty("correction").GetBoolean() && d.GetProperty("at").GetDateTimeOffset() < closes,
            $"a correction stamped {d.GetProperty("at")}, the window closing at {closes:O}"));

        // what was answered is what is stored: no refused change half-applied, no accepted one lost
        var team = await teams.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{day.TeamId}");
        Assert.Equal($"Version {accepted - 1}", team.GetProperty("deliverable").GetProperty("title").GetString());
        Assert.Equal(["Brochure", .. Enumerable.Range(0, accepted - 1).Select(i => $"Version {i}")],
            team.GetProperty("deliverableHistory").EnumerateArray().Select(d => d.GetProperty("title").GetString()));
        Assert.True(team.GetProperty("deliverable").GetProperty("at").GetDateTimeOffset() < closes);
    }
}
