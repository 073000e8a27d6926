using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ProBono.Teams.Copies;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;

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
                    if (await session.LoadAsync<MarathonForFormation>(marathonId, ct) is null)
                    {
                        // the problem writer follows Accept, which names only the stream here: this result writes the
                        // problem JSON whatever the Accept header says
                        return TypedResults.Problem(new ProblemDetails
                        {
                            Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = $"Teams has not heard of marathon {marathonId}.",
                            Instance = CallerPath.Of(http), Extensions = { ["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier },
                        });
                    }
                    return new DayBoardStream(
                        marathonId, store, clock, json.Value.SerializerOptions, DayBoardStream.ExpiryOf(http.User), lifetime.ApplicationStopping);
                }
                var sources = await DayBoardQueries.Read(session, marathonId, ct);
                return TypedResults.Ok(DayBoardQueries.Board(sources, clock.GetUtcNow()));
            })
            .WithName("GetDayBoard")
            .Produces<DayBoardView>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(404)
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
                            Description = "Server-sent events: 'board' (the board as JSON) first, then 'check-in', 'milestone', 'deliverable', "
                                + "'team' (a new team or roster) or 'reserve' (the reserve as it now is), each with an id and its change as JSON; "
                                + "a comment every 15 s keeps the connection open. 'completed' is sent when the marathon completes, and the "
                                + "stream ends; it also ends when the caller's token expires.",
                        },
                    };
                }
                return Task.CompletedTask;
            })
            .WithSummary("The day board: every team with its check-ins, milestones and deliverable, and the reserve (staff).")
            .WithDescription("The reserve is the marathon's confirmed volunteers on no team. With Accept: text/event-stream, the board "
                + "(event: board), then an event per change as it happens: check-in, milestone, deliverable, team (a new team or roster) or "
                + "reserve; event: completed when the marathon completes, and the stream ends; it also ends when the caller's token expires. "
                + "A marathon Teams has not heard of: 404.");
        return admin;
    }

    private static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(DayBoardStream.MediaType, StringComparison.OrdinalIgnoreCase));
}
