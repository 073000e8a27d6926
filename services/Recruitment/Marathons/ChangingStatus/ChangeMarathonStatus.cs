using Marten;
using ProBono.ServiceDefaults.EventStore;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>The four moves of planned → registration-open → registration-closed → in-progress → completed.</summary>
internal enum MarathonMove
{
    OpenRegistration,
    CloseRegistration,
    Start,
    Complete,
}

internal sealed record MarathonStatusResponse(Guid MarathonId, MarathonStatus Status);

internal static class ChangeMarathonStatusSlice
{
    private static readonly Dictionary<MarathonMove, (MarathonStatus From, MarathonStatus To, string Path)> Moves = new()
    {
        [MarathonMove.OpenRegistration] = (MarathonStatus.Planned, MarathonStatus.RegistrationOpen, "open-registration"),
        [MarathonMove.CloseRegistration] = (MarathonStatus.RegistrationOpen, MarathonStatus.RegistrationClosed, "close-registration"),
        [MarathonMove.Start] = (MarathonStatus.RegistrationClosed, MarathonStatus.InProgress, "start"),
        [MarathonMove.Complete] = (MarathonStatus.InProgress, MarathonStatus.Completed, "complete"),
    };

    /// <summary>Any move out of order is a 409; pure.</summary>
    public static IReadOnlyList<object> Decide(Marathon marathon, MarathonMove move, DateTimeOffset now)
    {
        var (from, to, path) = Moves[move];
        if (marathon.Status != from)
        {
            throw new StateConflict(
                $"Cannot {path.Replace('-', ' ')}: the marathon is {marathon.Status.ToApi()}, and this move needs it {from.ToApi()} (it leads to {to.ToApi()}).");
        }
        return move switch
        {
            MarathonMove.OpenRegistration => [new RegistrationOpened(marathon.Id, now)],
            MarathonMove.CloseRegistration => [new RegistrationClosed(marathon.Id, now)],
            MarathonMove.Start => [new MarathonStarted(marathon.Id, now)],
            MarathonMove.Complete => [new MarathonCompleted(marathon.Id, now)],
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };
    }

    public static RouteGroupBuilder MapChangeMarathonStatus(this RouteGroupBuilder admin)
    {
        foreach (var (move, (_, to, path)) in Moves)
        {
            admin.MapPost($"/marathons/{{marathonId:guid}}/{path}", async (
                    Guid marathonId, IDocumentSession session, TimeProvider clock, HttpRequest http, HttpResponse response, CancellationToken ct) =>
                {
                    var (marathon, version) = await session.Decide<Marathon>(
                        marathonId, http.ExpectedVersion(), m => Decide(m, move, clock.GetUtcNow()), Marathon.Evolution, ct);
                    response.SetETag(version);
                    return TypedResults.Ok(new MarathonStatusResponse(marathon.Id, marathon.Status));
                })
                .WithName(move.ToString())
                .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
                .WithSummary($"Move the marathon to {to.ToApi()} (staff).");
        }
        return admin;
    }
}
