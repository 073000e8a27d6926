using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Needs.Browsing;

namespace ProBono.Needs.Rejecting;

/// <summary>Body of <c>POST /admin/needs/{id}/reject</c>: the reason the association is given.</summary>
internal sealed record RejectNeedRequest(string? Reason);

internal sealed class RejectNeedValidator : AbstractValidator<RejectNeedRequest>
{
    public RejectNeedValidator() => RuleFor(r => r.Reason).MultiLineText(2000);
}

internal static class RejectNeedSlice
{
    /// <summary>Staff reject a need before they publish it (submitted or qualified); any other status is a 409. Pure.</summary>
    public static IReadOnlyList<object> Decide(Need need, string reason, Actor by, DateTimeOffset now) =>
        need.Status is NeedStatus.Submitted or NeedStatus.Qualified
            ? [new NeedRejected(need.Id, need.MarathonId, need.Status, need.Demand, reason.Trim(), by, now)]
            : throw new StateConflict($"Only a submitted or qualified need can be rejected; this one is {ApiSpelling.Of(need.Status)}.");

    public static RouteGroupBuilder MapRejectNeed(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{needId:guid}/reject", async (
                Guid needId, [FromBody] RejectNeedRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var need = await session.Decide<Need>(http, needId, n => Decide(n, request!.Reason!, http.User.Actor(), now), Need.Evolution, ct);
                return TypedResults.Ok(NeedDetails.From(need));
            })
            .ValidateRequest<RejectNeedRequest>()
            .WithName("RejectNeed")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Reject a submitted or qualified need, with the reason (staff).");
        return admin;
    }
}
