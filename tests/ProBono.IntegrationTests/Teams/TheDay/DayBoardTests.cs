using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ProBono.IntegrationTests.Teams.TheDay;

/// <summary>The day board as JSON, and as an event stream that receives what happens after the client connected.</summary>
public sealed class DayBoardTests(TheDayFixture teams) : IClassFixture<TheDayFixture>
{
    [Fact]
    public async Task The_board_shows_every_team_with_its_check_ins_milestones_and_status()
    {
        var day = await teams.ATeam();
        Assert.Equal(HttpStatusCode.OK, (await teams.Volunteer(day.Ana).PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Kick-off" })).StatusCode);

        var board = await teams.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{day.MarathonId}/board");

        var team = Assert.Single(board.GetProperty("teams").EnumerateArray());
        Assert.Equal((day.TeamId, day.NeedId, day.Ana), (team.GetProperty("teamId").GetGuid(), team.GetProperty("needId").GetGuid(), team.GetProperty("leadVolunteerId").GetGuid()));
        Assert.Equal(("A sales brochure", "formed", 1), (team.GetProperty("title").GetString(), team.GetProperty("status").GetString(), team.GetProperty("checkedIn").GetInt32()));
        Assert.Equal([(day.Ana, "Ana", "edf", true), (day.Ben, "Ben", "bnp", false), (day.Chloe, "Chloé", "edf", false)],
            team.GetProperty("members").EnumerateArray().Select(m =>
                (m.GetProperty("volunteerId").GetGuid(), m.GetProperty("firstName").GetString(), m.GetProperty("partnerId").GetString(), m.GetProperty("checkedIn").GetBoolean())));
        var milestone = Assert.Single(team.GetProperty("milestones").EnumerateArray());
        Assert.Equal("Kick-off", milestone.GetProperty("name").GetString());
        Assert.True(milestone.TryGetProperty("at", out _));
        Assert.True(board.TryGetProperty("updatedAt", out _));

        // staff only
        Assert.Equal(HttpStatusCode.Forbidden, (await teams.Volunteer(day.Ana).GetAsync($"/admin/marathons/{day.MarathonId}/board")).StatusCode);
    }

    [Fact]
    public async Task The_event_stream_sends_the_board_then_a_check_in_a_milestone_and_the_deliverable_as_they_happen()
    {
        var day = await teams.ATeam();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure guard, not a proof
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/marathons/{day.MarathonId}/board");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var staff = teams.Staff;
        staff.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await staff.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(guard.Token);
        var events = new ServerSentEvents(body);

        var board = await events.Next(guard.Token);
        Assert.Equal("board", board.Type);
        var team = Assert.Single(board.Data.GetProperty("teams").EnumerateArray());
        Assert.Equal((day.TeamId, 1), (team.GetProperty("teamId").GetGuid(), team.GetProperty("checkedIn").GetInt32()));
        Assert.Empty(team.GetProperty("milestones").EnumerateArray());

        // what happens after the client connected: Ben checks in (from Recruitment), the lead records a milestone
        await teams.CheckIn(day.MarathonId, day.Ben, "bnp");
        var checkIn = await events.NextOf("check-in", guard.Token);
        Assert.Equal((day.TeamId, day.Ben, 2), (checkIn.Data.GetProperty("teamId").GetGuid(), checkIn.Data.GetProperty("volunteerId").GetGuid(), checkIn.Data.GetProperty("checkedIn").GetInt32()));
        Assert.Equal($"check-in:{day.Ben:N}", checkIn.Id);

        Assert.Equal(HttpStatusCode.OK, (await teams.Volunteer(day.Ana).PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Mock-ups shown" })).StatusCode);
        var milestone = await events.NextOf("milestone", guard.Token);
        Assert.Equal((day.TeamId, "Mock-ups shown"), (milestone.Data.GetProperty("teamId").GetGuid(), milestone.Data.GetProperty("name").GetString()));
        Assert.Equal($"milestone:{day.TeamId:N}:0", milestone.Id);

        Assert.Equal(HttpStatusCode.OK, (await teams.Staff.PostAsJsonAsync($"/api/teams/{day.TeamId}/deliverable", new { title = "Brochure", url = "https://example.org/b.pdf" })).StatusCode);
        var deliverable = await events.NextOf("deliverable", guard.Token);
        Assert.Equal((day.TeamId, "Brochure", "delivered"),
            (deliverable.Data.GetProperty("teamId").GetGuid(), deliverable.Data.GetProperty("title").GetString(), deliverable.Data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_client_of_one_replica_receives_a_milestone_recorded_through_another()
    {
        var day = await teams.ATeam();
        await using var otherReplica = await teams.AnotherReplica();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure guard, not a proof
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/marathons/{day.MarathonId}/board");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var staff = otherReplica.ClientWith(ProBono.Token.Tokens.Staff());
        staff.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await staff.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        await using var body = await response.Content.ReadAsStreamAsync(guard.Token);
        var events = new ServerSentEvents(body);
        Assert.Equal("board", (await events.Next(guard.Token)).Type);

        Assert.Equal(HttpStatusCode.OK, (await teams.Volunteer(day.Ana).PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Seen everywhere" })).StatusCode);

        var milestone = await events.NextOf("milestone", guard.Token);
        Assert.Equal((day.TeamId, "Seen everywhere"), (milestone.Data.GetProperty("teamId").GetGuid(), milestone.Data.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_board_as_JSON_and_as_an_event_stream()
    {
        var document = await teams.Host.ClientWith(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var ok = document.GetProperty("paths").GetProperty("/admin/teams/marathons/{marathonId}/board").GetProperty("get").GetProperty("responses").GetProperty("200");
        var types = ok.GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains("application/json", types);
        Assert.Contains("text/event-stream", types);
    }
}

/// <summary>One event of a <c>text/event-stream</c> response.</summary>
internal sealed record ServerSentEvent(string Type, string? Id, JsonElement Data);

/// <summary>Reads a <c>text/event-stream</c> body event by event (comments, such as heartbeats, are skipped).</summary>
internal sealed class ServerSentEvents(Stream body)
{
    private readonly StreamReader reader = new(body);

    public async Task<ServerSentEvent> Next(CancellationToken ct)
    {
        string? type = null, id = null;
        var data = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new ServerSentEvent(type ?? "message", id, JsonDocument.Parse(string.Join('\n', data)).RootElement);
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data.Add(value); break;
            }
        }
    }

    /// <summary>The next event of <paramref name="type"/>; an event of another type in between fails the test (nothing else happened).</summary>
    public async Task<ServerSentEvent> NextOf(string type, CancellationToken ct)
    {
        var next = await Next(ct);
        Assert.True(next.Type == type, $"expected event '{type}', got '{next.Type}': {next.Data}");
        return next;
    }
}
