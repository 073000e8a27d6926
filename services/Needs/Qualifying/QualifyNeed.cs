using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Needs.Browsing;

namespace ProBono.Needs.Qualifying;

/// <summary>Body of <c>POST /admin/needs/{id}/qualify</c>: what staff change of the demand (absent: kept), and a note.</summary>
internal sealed record QualifyNeedRequest(IReadOnlyList<SkillSlotsRequest?>? RequiredSkills, TeamSizeRequest? TeamSize, string? Notes);

internal sealed class QualifyNeedValidator : AbstractValidator<QualifyNeedRequest>
{
    public QualifyNeedValidator()
    {
        RuleFor(r => r.RequiredSkills).Must(s => s!.Count > 0).WithMessage("'requiredSkills' must name at least one skill with its count (leave it out to keep the submitted ones).")
            .When(r => r.RequiredSkills is not null);
        RuleForEach(r => r.RequiredSkills).NotNull().WithMessage("A required skill entry cannot be null.").SetValidator(new SkillSlotsValidator()!);
        RuleFor(r => r.RequiredSkills).Custom(DemandRules.SkillsListedOnce);
        RuleFor(r => r.TeamSize).SetValidator(new TeamSizeValidator()!).When(r => r.TeamSize is not null);
        RuleFor(r => r.Notes).MultiLineText(4000).When(r => r.Notes is not null);
    }
}

internal static class QualifyNeedSlice
{
    /// <summary>
    /// Only a submitted need is qualified (API.md: submitted → qualified; other moves are a 409, qualifying again
    /// included). The demand as changed must still fit its team (400 naming the field). Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Need need, QualifyNeedRequest request, Actor by, DateTimeOffset now)
    {
        if (need.Status is not NeedStatus.Submitted)
        {
            throw new StateConflict($"Only a submitted need can be qualified; this one is {ApiSpelling.Of(need.Status)}.");
        }
        var demand = new NeedDemand(
            request.RequiredSkills is { } skills ? [.. skills.Select(s => s!.ToSlots())] : need.Demand.RequiredSkills,
            request.TeamSize?.ToTeamSize() ?? need.Demand.TeamSize);
        if (DemandRules.TooManySlots(demand.RequiredSkills, demand.TeamSize) is { } tooMany)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { [request.RequiredSkills is null ? "teamSize.max" : "requiredSkills"] = [tooMany] });
        }
        var notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
        return [new NeedQualified(need.Id, need.MarathonId, need.Status, need.Demand, demand, notes, by, now)];
    }

    public static RouteGroupBuilder MapQualifyNeed(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{needId:guid}/qualify", async (
                Guid needId, [FromBody] QualifyNeedRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var need = await session.Decide<Need>(http, needId, n => Decide(n, request!, http.User.Actor(), now), Need.Evolution, ct);
                return TypedResults.Ok(NeedDetails.From(need));
            })
            .ValidateRequest<QualifyNeedRequest>()
            .WithName("QualifyNeed")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Qualify a need: staff may change its required skills and team size, and add a note (staff).");
        return admin;
    }
}
