using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ProBono.Teams.DayBoard;

internal static class DayBoardSlice
{
    public static RouteGroupBuilder MapDayBoard(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/board", async Task<IResult> (
                Guid marathonId, HttpContext http, IDocumentStore store, IQuerySession session, TimeProvider clock, IOptions<JsonOptions> json,
                IHostApplicationLifetime lifetime, CancellationToken ct) =>
            {
                if (WantsEventStream(http.Request))
                {
                    return new DayBoardStream(marathonId, store, clock, json.Value.SerializerOptions, lifetime.ApplicationStopping);
                }
                var (teams, checkedIn) = await DayBoardQueries.Read(session, marathonId, ct);
                return TypedResults.Ok(DayBoardQueries.Board(teams, checkedIn, clock.GetUtcNow()));
            })
            .WithName("GetDayBoard")
            .Produces<DayBoardView>(StatusCodes.Status200OK, "application/json")
            .Produces<string>(StatusCodes.Status200OK, DayBoardStream.MediaType)
            .WithSummary("The day board: every team with its check-ins, milestones and deliverable (staff). With Accept: text/event-stream, "
                + "the board (event: board), then an event per change as it happens: check-in, milestone, deliverable, or team (a new team or roster).");
        return admin;
    }

    private static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(DayBoardStream.MediaType, StringComparison.OrdinalIgnoreCase));
}
