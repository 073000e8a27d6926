using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Needs.Browsing;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Needs.Withdrawing;

/// <summary>Optional body of <c>POST /api/needs/{id}/withdraw</c>.</summary>
internal sealed record WithdrawNeedRequest(string? Reason);

internal sealed class WithdrawNeedValidator : AbstractValidator<WithdrawNeedRequest>
{
    public WithdrawNeedValidator() => RuleFor(r => r.Reason).MultiLineText(2000).When(r => r.Reason is not null);
}

internal static class WithdrawNeedSlice
{
    /// <summary>
    /// A need is withdrawn until a team is formed for it (submitted, qualified or published); once staffed the team's
    /// members have been told, and a delivered, rejected or withdrawn one is settled: 409. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Need need, string? reason, Actor by, DateTimeOffset now) =>
        need.Status is NeedStatus.Submitted or NeedStatus.Qualified or NeedStatus.Published
            ? [new NeedWithdrawn(need.Id, need.MarathonId, need.AssociationId, need.Status, need.Demand, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), by, now)]
            : throw new StateConflict($"A need is withdrawn only before a team is formed for it; this one is {ApiSpelling.Of(need.Status)}.");

    public static RouteGroupBuilder MapWithdrawNeed(this RouteGroupBuilder api)
    {
        api.MapPost("/needs/{needId:guid}/withdraw", async (
                Guid needId, [FromBody] WithdrawNeedRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var need = await session.Decide<Need>(
                    http, needId, n => Decide(http.User.Withdrawable(n, needId), request?.Reason, http.User.Actor(), now), Need.Evolution, ct);
                return TypedResults.Ok(NeedDetails.From(need));
            })
            .ValidateRequest<WithdrawNeedRequest>(bodyOptional: true)
            .RequireAuthorization(Policies.StaffOrAssociation)
            .WithName("WithdrawNeed")
            .ProducesProblems(400, 403, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Withdraw a need (its association, or staff); a published one is withdrawn from Teams too.");
        return api;
    }
}
