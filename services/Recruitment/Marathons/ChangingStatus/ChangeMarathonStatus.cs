using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Marathons.ChangingStatus;

internal sealed record MarathonStatusResponse(Guid MarathonId, MarathonStatus Status);

/// <summary>
/// The four moves of planned → registration-open → registration-closed → in-progress → completed, one decider and one
/// endpoint each. Any move out of order is a 409.
/// </summary>
internal static class ChangeMarathonStatusSlice
{
    public static IReadOnlyList<object> OpenRegistration(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.Planned
            ? [new RegistrationOpened(marathon.Id, now)]
            : throw OutOfOrder("open registration", marathon, MarathonStatus.Planned, MarathonStatus.RegistrationOpen);

    public static IReadOnlyList<object> CloseRegistration(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.RegistrationOpen
            ? [new RegistrationClosed(marathon.Id, now)]
            : throw OutOfOrder("close registration", marathon, MarathonStatus.RegistrationOpen, MarathonStatus.RegistrationClosed);

    public static IReadOnlyList<object> Start(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.RegistrationClosed
            ? [new MarathonStarted(marathon.Id, now)]
            : throw OutOfOrder("start", marathon, MarathonStatus.RegistrationClosed, MarathonStatus.InProgress);

    public static IReadOnlyList<object> Complete(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.InProgress
            ? [new MarathonCompleted(marathon.Id, now)]
            : throw OutOfOrder("complete", marathon, MarathonStatus.InProgress, MarathonStatus.Completed);

    private static StateConflict OutOfOrder(string move, Marathon marathon, MarathonStatus needs, MarathonStatus leadsTo) =>
        new($"Cannot {move}: the marathon is {marathon.Status.ToApi()}, and this move needs it {needs.ToApi()} (it leads to {leadsTo.ToApi()}).");

    public static RouteGroupBuilder MapChangeMarathonStatus(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/open-registration",
                (Guid marathonId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Move(marathonId, OpenRegistration, session, clock, http, ct))
            .WithName("OpenRegistration")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Open registration: planned → registration-open (staff).");

        admin.MapPost("/marathons/{marathonId:guid}/close-registration",
                (Guid marathonId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Move(marathonId, CloseRegistration, session, clock, http, ct))
            .WithName("CloseRegistration")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Close registration: registration-open → registration-closed (staff).");

        admin.MapPost("/marathons/{marathonId:guid}/start",
                (Guid marathonId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Move(marathonId, Start, session, clock, http, ct))
            .WithName("StartMarathon")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Start the marathon: registration-closed → in-progress (staff).");

        admin.MapPost("/marathons/{marathonId:guid}/complete",
                (Guid marathonId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Move(marathonId, Complete, session, clock, http, ct))
            .WithName("CompleteMarathon")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Complete the marathon: in-progress → completed (staff).");

        return admin;
    }

    /// <summary>The shared write path of the four moves: decide on the current marathon, honour If-Match, answer with the new ETag.</summary>
    private static async Task<Ok<MarathonStatusResponse>> Move(
        Guid marathonId, Func<Marathon, DateTimeOffset, IReadOnlyList<object>> decide,
        IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var marathon = await session.Decide<Marathon>(http, marathonId, m => decide(m, now), Marathon.Evolution, ct);
        return TypedResults.Ok(new MarathonStatusResponse(marathon.Id, marathon.Status));
    }
}
