using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using ProBono.Teams.Copies;

namespace ProBono.Teams.DayBoard;

/// <summary>
/// The board as <c>text/event-stream</c>: <c>event: board</c> first, then one event per change as it happens, until the
/// client leaves. Replicas share nothing but the database, so each connection polls it for a cheap change marker
/// (the teams updated lately, the number of check-ins) and diffs what it reads against what it has sent.
/// </summary>
internal sealed class DayBoardStream(Guid marathonId, IDocumentStore store, TimeProvider clock, JsonSerializerOptions json, CancellationToken stopping)
    : IResult
{
    public const string MediaType = "text/event-stream";

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    // a team's UpdatedAt is its writer's clock, and a write commits a little after it: re-read teams updated within this
    // margin of the latest one seen (the diff drops what was already sent), so replicas' clocks may differ by as much
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(10);

    private readonly Dictionary<Guid, BoardTeam> sent = [];
    private HashSet<Guid> checkedIn = [];
    private DateTimeOffset? latestUpdate;
    private DateTimeOffset lastWrite;

    public async Task ExecuteAsync(HttpContext http)
    {
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var ct = leaving.Token;
        http.Response.ContentType = MediaType;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // a proxy must pass each event on as it comes
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await SendBoard(http.Response, ct);
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(PollEvery, clock, ct);
                await SendChanges(http.Response, ct);
                if (clock.GetUtcNow() - lastWrite >= HeartbeatEvery)
                {
                    await Write(http.Response, ": heartbeat\n\n", ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client left, or the service is stopping: the stream simply ends
        }
    }

    private async Task SendBoard(HttpResponse response, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var (teams, marathonCheckedIn) = await DayBoardQueries.Read(session, marathonId, ct);
        checkedIn = marathonCheckedIn;
        foreach (var team in teams)
        {
            Seen(team);
        }
        var board = DayBoardQueries.Board(teams, checkedIn, clock.GetUtcNow());
        await Send(response, BoardChanges.Board, null, board, ct);
    }

    private async Task SendChanges(HttpResponse response, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var batch = session.CreateBatchQuery();
        var teams = batch.Query<Team>().Where(t => t.MarathonId == marathonId);
        if (latestUpdate is { } latest)
        {
            var since = latest - ClockMargin;
            teams = teams.Where(t => t.UpdatedAt >= since);
        }
        var changedTeams = teams.ToList();
        var checkInCount = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId && v.CheckedIn).Count();
        await batch.Execute(ct);

        var changes = new List<BoardEvent>();
        // a check-in is never undone, so the count moves exactly when there is a new one
        if (await checkInCount != checkedIn.Count)
        {
            checkedIn = [.. await session.Query<VolunteerForFormation>()
                .Where(v => v.MarathonId == marathonId && v.CheckedIn).Select(v => v.Id).ToListAsync(ct)];
            foreach (var before in sent.Values.ToList())
            {
                var members = before.Members.Select(m => m with { CheckedIn = checkedIn.Contains(m.VolunteerId) }).ToList();
                changes.AddRange(Record(before with { Members = members, CheckedIn = members.Count(m => m.CheckedIn) }));
            }
        }
        foreach (var team in await changedTeams)
        {
            changes.AddRange(Record(BoardTeam.Of(team, checkedIn)));
            Seen(team);
        }
        foreach (var change in changes)
        {
            await Send(response, change.Type, change.Id, change.Data, ct);
        }
    }

    private IReadOnlyList<BoardEvent> Record(BoardTeam after)
    {
        var changes = BoardChanges.Between(sent.GetValueOrDefault(after.TeamId), after);
        sent[after.TeamId] = after;
        return changes;
    }

    private void Seen(Team team)
    {
        sent.TryAdd(team.Id, BoardTeam.Of(team, checkedIn));
        if (latestUpdate is null || team.UpdatedAt > latestUpdate)
        {
            latestUpdate = team.UpdatedAt;
        }
    }

    private Task Send(HttpResponse response, string type, string? id, object data, CancellationToken ct)
    {
        var text = new StringBuilder().Append("event: ").Append(type).Append('\n');
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }
        // compact JSON holds no line break, so the data is one line
        text.Append("data: ").Append(JsonSerializer.Serialize(data, data.GetType(), json)).Append("\n\n");
        return Write(response, text.ToString(), ct);
    }

    private async Task Write(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
        lastWrite = clock.GetUtcNow();
    }
}
