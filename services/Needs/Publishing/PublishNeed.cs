using ProBono.Needs.Browsing;

namespace ProBono.Needs.Publishing;

internal static class PublishNeedSlice
{
    /// <summary>
    /// Only a qualified need is published (a submitted one is qualified first; a rejected or withdrawn one never is): 409
    /// otherwise. Publishing is what Teams and partners hear of. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Need need, Actor by, DateTimeOffset now) =>
        need.Status == NeedStatus.Qualified
            ? [new NeedPublished(need.Id, need.MarathonId, need.AssociationId, need.AssociationName, need.Cause, need.Title, need.Deliverable, need.Demand, by, now, need.ContactEmail)]
            : throw new StateConflict(need.Status == NeedStatus.Submitted
                ? "A submitted need is qualified before it is published."
                : $"Only a qualified need can be published; this one is {ApiSpelling.Of(need.Status)}.");

    public static RouteGroupBuilder MapPublishNeed(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{needId:guid}/publish", async (Guid needId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var need = await session.Decide<Need>(http, needId, n => Decide(n, http.User.Actor(), now), Need.Evolution, ct);
                return TypedResults.Ok(NeedDetails.From(need));
            })
            .WithName("PublishNeed")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Publish a qualified need: partners see it and Teams forms a team for it (staff).");
        return admin;
    }
}
