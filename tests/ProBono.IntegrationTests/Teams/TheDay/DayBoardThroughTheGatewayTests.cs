using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Teams.TheDay;

/// <summary>
/// The board's stream as the marathon project lead gets it: through the gateway (YARP), from a Teams process, each event
/// passed on as it happens (not held back until the response ends).
/// </summary>
public sealed class DayBoardThroughTheGatewayTests(TheDayFixture teams) : IClassFixture<TheDayFixture>
{
    [Fact]
    public async Task The_gateway_passes_the_board_and_a_later_milestone_on_as_they_come()
    {
        var day = await teams.ATeam();
        await using var process = new ServiceProcess("Teams", teams.ReplicaEnvironment("gw"));
        await process.Start();
        await using var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("ReverseProxy:Clusters:teams:Destinations:d1:Address", $"http://127.0.0.1:{process.Port}")
            .UseSetting("Logging:LogLevel:Default", "Warning"));
        var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Staff());
        staff.Timeout = Timeout.InfiniteTimeSpan;

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure guard, not a proof
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/teams/marathons/{day.MarathonId}/board");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await staff.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync(guard.Token))}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(guard.Token);
        var events = new ServerSentEvents(body);
        var board = await events.Next(guard.Token);
        Assert.Equal(day.TeamId, Assert.Single(board.Data.GetProperty("teams").EnumerateArray()).GetProperty("teamId").GetGuid());

        var lead = gateway.CreateClient();
        lead.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Volunteer(day.Ana));
        var recorded = await lead.PostAsJsonAsync($"/api/teams/{day.TeamId}/milestones", new { name = "Through the gateway" });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);

        var milestone = await events.NextOf("milestone", guard.Token);
        Assert.Equal("Through the gateway", milestone.Data.GetProperty("name").GetString());
    }
}
