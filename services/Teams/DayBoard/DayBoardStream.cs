using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using ProBono.Contracts;
using ProBono.Teams.Copies;

namespace ProBono.Teams.DayBoard;

/// <summary>
/// The board as <c>text/event-stream</c>: <c>event: board</c> first, then one event per change as it happens, until the
/// marathon completes (<c>event: completed</c>, the last), the caller's token expires, or the client leaves. Replicas
/// share nothing but the database, so each connection polls it for cheap change markers (the teams updated lately, the
/// numbers of the marathon's volunteers, confirmed ones and check-ins, the marathon's status) and diffs what it reads
/// against what it has sent.
/// </summary>
internal sealed class DayBoardStream(
    Guid marathonId, IDocumentStore store, TimeProvider clock, JsonSerializerOptions json, DateTimeOffset? tokenExpires, CancellationToken stopping)
    : IResult
{
    public const string MediaType = "text/event-stream";

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    // a team's UpdatedAt is its writer's clock, and a write commits a little after it: re-read teams updated within this
    // margin of the latest one seen (the diff drops what was already sent), so replicas' clocks may differ by as much
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(10);

    private readonly Dictionary<Guid, BoardTeam> sent = [];
    private IReadOnlyList<VolunteerForFormation> volunteers = [];
    private IReadOnlyList<BoardMember> sentReserve = [];
    private HashSet<Guid> checkedIn = [];
    private (int Volunteers, int Confirmed) counted;
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
            var completed = await SendBoard(http.Response, ct);
            while (!completed && !ct.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var wait = tokenExpires is { } expires && expires - now < PollEvery ? expires - now : PollEvery;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, ct);
                }
                if (tokenExpires is { } expiry && clock.GetUtcNow() >= expiry)
                {
                    // what the stream would send next is for a caller with a valid token: it reconnects with one
                    await Write(http.Response, ": the token expired\n\n", ct);
                    break;
                }
                completed = await SendChanges(http.Response, ct);
                if (!completed && clock.GetUtcNow() - lastWrite >= HeartbeatEvery)
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

    /// <summary>The token's <c>exp</c>, when it has one (every token the services accept does).</summary>
    public static DateTimeOffset? ExpiryOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Sends the board, and when the marathon has completed already, <c>completed</c> after it; true then.</summary>
    private async Task<bool> SendBoard(HttpResponse response, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sources = await DayBoardQueries.Read(session, marathonId, ct);
        volunteers = sources.Volunteers;
        checkedIn = sources.CheckedIn;
        counted = Count(volunteers);
        foreach (var team in sources.Teams)
        {
            Seen(team);
        }
        var board = DayBoardQueries.Board(sources, clock.GetUtcNow());
        sentReserve = board.Reserve;
        await Send(response, BoardChanges.Board, null, board, ct);
        return await SendCompletion(response, sources.Marathon, ct);
    }

    /// <summary>Sends what changed since the last poll; true when the marathon completed (then <c>completed</c> was sent last).</summary>
    private async Task<bool> SendChanges(HttpResponse response, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var batch = session.CreateBatchQuery();
        var marathon = batch.Load<MarathonForFormation>(marathonId);
        var teams = batch.Query<Team>().Where(t => t.MarathonId == marathonId);
        if (latestUpdate is { } latest)
        {
            var since = latest - ClockMargin;
            teams = teams.Where(t => t.UpdatedAt >= since);
        }
        var changedTeams = teams.ToList();
        var ofTheMarathon = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId).Count();
        var confirmed = batch.Query<VolunteerForFormation>()
            .Where(v => v.MarathonId == marathonId && v.Status.Value == VolunteerForFormation.Confirmed).Count();
        var checkInCount = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId && v.CheckedIn).Count();
        await batch.Execute(ct);

        var changes = new List<BoardEvent>();
        // a check-in is never undone and a copy never deleted: a new volunteer adds one, a withdrawal takes a confirmed one
        // away, so the three counts move exactly when there is something new
        if (await checkInCount != checkedIn.Count || (await ofTheMarathon, await confirmed) != counted)
        {
            volunteers = await session.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId).ToListAsync(ct);
            checkedIn = [.. volunteers.Where(v => v.CheckedIn).Select(v => v.Id)];
            counted = Count(volunteers);
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
        var reserve = DayBoardQueries.Reserve(sent.Values.SelectMany(t => t.Members).Select(m => m.VolunteerId), volunteers);
        changes.AddRange(BoardChanges.Between(sentReserve, reserve));
        sentReserve = reserve;
        foreach (var change in changes)
        {
            await Send(response, change.Type, change.Id, change.Data, ct);
        }
        return await SendCompletion(response, await marathon, ct);
    }

    private async Task<bool> SendCompletion(HttpResponse response, MarathonForFormation? marathon, CancellationToken ct)
    {
        if (marathon?.Status.Value != MarathonStatuses.Completed)
        {
            return false;
        }
        await Send(response, BoardChanges.Completed, $"completed:{marathonId:N}", new CompletedChange(marathonId, marathon.CompletedAt), ct);
        return true;
    }

    private static (int Volunteers, int Confirmed) Count(IReadOnlyList<VolunteerForFormation> volunteers) =>
        (volunteers.Count, volunteers.Count(v => v.Status.Value == VolunteerForFormation.Confirmed));

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
