using System.Net.Http.Headers;

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
    public async Task The_board_shows_the_reserve_confirmed_volunteers_on_no_team_and_their_check_ins()
    {
        var day = await teams.ATeam();
        var board = await teams.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{day.MarathonId}/board");
        Assert.Equal([(day.Dan, "Dan", "bnp", false)], Reserve(board));

        await teams.CheckIn(day.MarathonId, day.Dan, "bnp");
        await Eventually.True(async () => Reserve(await teams.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{day.MarathonId}/board"))
            .SequenceEqual([(day.Dan, "Dan", "bnp", true)]), TimeSpan.FromSeconds(20), "Dan checked in, in the reserve");
    }

    [Fact]
    public async Task The_event_stream_sends_the_reserve_when_it_changes_and_completed_when_the_marathon_completes_then_ends()
    {
        var day = await teams.ATeam();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure guard, not a proof
        var (response, events) = await Stream(teams.Staff, day.MarathonId, guard.Token);
        using var _ = response;
        var board = await events.NextOf("board", guard.Token);
        Assert.Equal([(day.Dan, "Dan", "bnp", false)], Reserve(board.Data));

        await teams.CheckIn(day.MarathonId, day.Dan, "bnp");
        var reserve = await events.NextOf("reserve", guard.Token);
        Assert.Equal([(day.Dan, "Dan", "bnp", true)], Reserve(reserve.Data));

        await teams.MoveMarathon(day.MarathonId, "completed", 3);
        var completed = await events.NextOf("completed", guard.Token);
        Assert.Equal(day.MarathonId, completed.Data.GetProperty("marathonId").GetGuid());
        await Assert.ThrowsAsync<EndOfStreamException>(() => events.Next(guard.Token));

        // a completed marathon's stream sends the board, then completed, and ends at once
        var (again, afterwards) = await Stream(teams.Staff, day.MarathonId, guard.Token);
        using var __ = again;
        Assert.Equal(["board", "completed"], [(await afterwards.Next(guard.Token)).Type, (await afterwards.Next(guard.Token)).Type]);
        await Assert.ThrowsAsync<EndOfStreamException>(() => afterwards.Next(guard.Token));
    }

    [Fact]
    public async Task The_event_stream_ends_when_the_caller_s_token_expires()
    {
        var day = await teams.ATeam();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure guard, not a proof
        var lifetime = TimeSpan.FromSeconds(3);
        var shortLived = teams.Host.ClientWith(Tokens.Mint("staff", lifetime: lifetime));
        var started = DateTimeOffset.UtcNow;
        var (response, events) = await Stream(shortLived, day.MarathonId, guard.Token);
        using var _ = response;
        Assert.Equal("board", (await events.Next(guard.Token)).Type);

        await Assert.ThrowsAsync<EndOfStreamException>(() => events.Next(guard.Token));
        Assert.True(DateTimeOffset.UtcNow - started >= lifetime - TimeSpan.FromSeconds(1), "the stream ended before the token expired");
    }

    [Fact]
    public async Task The_board_of_a_marathon_Teams_has_not_heard_of_is_not_found_as_JSON_and_as_a_stream()
    {
        var unknown = Guid.NewGuid();
        var json = await teams.Staff.GetAsync($"/admin/marathons/{unknown}/board");
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (json.StatusCode, json.Content.Headers.ContentType?.MediaType));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/marathons/{unknown}/board");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var stream = await teams.Staff.SendAsync(request);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (stream.StatusCode, stream.Content.Headers.ContentType?.MediaType));
    }

    private static List<(Guid, string?, string?, bool)> Reserve(JsonElement board) =>
        [.. board.GetProperty("reserve").EnumerateArray().Select(m =>
            (m.GetProperty("volunteerId").GetGuid(), m.GetProperty("firstName").GetString(), m.GetProperty("partnerId").GetString(), m.GetProperty("checkedIn").GetBoolean()))];

    private static async Task<(HttpResponseMessage Response, ServerSentEvents Events)> Stream(HttpClient client, Guid marathonId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/marathons/{marathonId}/board");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        client.Timeout = Timeout.InfiniteTimeSpan;
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}");
        return (response, new ServerSentEvents(await response.Content.ReadAsStreamAsync(ct)));
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
