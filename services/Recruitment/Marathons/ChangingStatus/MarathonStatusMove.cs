using Microsoft.AspNetCore.Http.HttpResults;

namespace ProBono.Recruitment.Marathons.ChangingStatus;

internal sealed record MarathonStatusResponse(Guid MarathonId, MarathonStatus Status);

/// <summary>
/// What the four moves of planned → registration-open → registration-closed → in-progress → completed share: the 409
/// of a move out of order, and the staff POST that decides on the current marathon.
/// </summary>
internal static class MarathonStatusMove
{
    public static StateConflict OutOfOrder(string move, Marathon marathon, MarathonStatus needs, MarathonStatus leadsTo) =>
        new($"Cannot {move}: the marathon is {marathon.Status.ToApi()}, and this move needs it {needs.ToApi()} (it leads to {leadsTo.ToApi()}).");

    /// <summary>The move's POST: decide on the current marathon, honour If-Match, answer with the new ETag.</summary>
    public static RouteHandlerBuilder MapMove(this RouteGroupBuilder admin, string route, Func<Marathon, DateTimeOffset, IReadOnlyList<object>> decide) =>
        admin.MapPost(route,
                (Guid marathonId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Move(marathonId, decide, session, clock, http, ct))
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag();

    private static async Task<Ok<MarathonStatusResponse>> Move(
        Guid marathonId, Func<Marathon, DateTimeOffset, IReadOnlyList<object>> decide,
        IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var marathon = await session.Decide<Marathon>(http, marathonId, m => decide(m, now), Marathon.Evolution, ct);
        return TypedResults.Ok(new MarathonStatusResponse(marathon.Id, marathon.Status));
    }
}
