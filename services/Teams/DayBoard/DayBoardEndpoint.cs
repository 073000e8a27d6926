using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

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
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // the same 200 also comes as a stream: a second Produces for 200 would replace the JSON one
                if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
                {
                    ok.Content ??= new Dictionary<string, OpenApiMediaType>();
                    ok.Content[DayBoardStream.MediaType] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "Server-sent events: 'board' (the board as JSON) first, then 'check-in', 'milestone', 'deliverable' "
                                + "or 'team' (a new team or roster), each with an id and its change as JSON; a comment every 15 s keeps the connection open.",
                        },
                    };
                }
                return Task.CompletedTask;
            })
            .WithSummary("The day board: every team with its check-ins, milestones and deliverable (staff). With Accept: text/event-stream, "
                + "the board (event: board), then an event per change as it happens: check-in, milestone, deliverable, or team (a new team or roster).");
        return admin;
    }

    private static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(DayBoardStream.MediaType, StringComparison.OrdinalIgnoreCase));
}
