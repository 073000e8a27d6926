using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;
using ProBono.Needs.Associations;
using ProBono.Needs.Browsing;
using ProBono.Needs.Copies;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Needs.Submitting;

/// <summary>Body of <c>POST /api/needs</c>; checked by <see cref="SubmitNeedValidator"/>.</summary>
internal sealed record SubmitNeedRequest(
    Guid? AssociationId,
    Guid? MarathonId,
    string? Title,
    string? Description,
    string? Deliverable,
    IReadOnlyList<SkillSlotsRequest?>? RequiredSkills,
    TeamSizeRequest? TeamSize);

internal sealed class SubmitNeedValidator : AbstractValidator<SubmitNeedRequest>
{
    public SubmitNeedValidator()
    {
        RuleFor(r => r.AssociationId).NotNull().WithMessage("'associationId' is required when staff submit a need.")
            .When((_, context) => context.Caller()?.IsStaff() == true);
        RuleFor(r => r.AssociationId).NotEqual(Guid.Empty).WithMessage("'associationId' must not be the empty UUID.");
        RuleFor(r => r.MarathonId).Required().NotEqual(Guid.Empty).WithMessage("'marathonId' must not be the empty UUID.");
        RuleFor(r => r.Title).SingleLineText(200);
        RuleFor(r => r.Description).MultiLineText(4000);
        RuleFor(r => r.Deliverable).SingleLineText(300);
        RuleFor(r => r.RequiredSkills).Cascade(CascadeMode.Stop).Required()
            .Must(s => s!.Count > 0).WithMessage("'requiredSkills' must name at least one skill with its count.");
        RuleForEach(r => r.RequiredSkills).NotNull().WithMessage("A required skill entry cannot be null.").SetValidator(new SkillSlotsValidator()!);
        RuleFor(r => r.RequiredSkills).Custom(DemandRules.SkillsListedOnce);
        RuleFor(r => r.TeamSize).Required().SetValidator(new TeamSizeValidator()!);
        RuleFor(r => r.RequiredSkills)
            .Must((r, skills) => DemandRules.TooManySlots([.. skills!.Select(s => s!.ToSlots())], r.TeamSize!.ToTeamSize()) is null)
            .WithMessage(r => DemandRules.TooManySlots([.. r.RequiredSkills!.Select(s => s!.ToSlots())], r.TeamSize!.ToTeamSize()))
            .When(r => DemandRules.IsComplete(r.RequiredSkills) && DemandRules.IsComplete(r.TeamSize));
    }
}

/// <summary>A valid submission for <see cref="AssociationId"/>.</summary>
internal sealed record SubmitNeed(
    Guid NeedId, Guid AssociationId, Guid MarathonId, string Title, string Description, string Deliverable, NeedDemand Demand, Actor By, DateTimeOffset Now)
{
    public static SubmitNeed From(SubmitNeedRequest r, Guid needId, Guid associationId, Actor by, DateTimeOffset now) => new(
        needId, associationId, r.MarathonId!.Value, r.Title!.Trim(), r.Description!.Trim(), r.Deliverable!.Trim(),
        new NeedDemand([.. r.RequiredSkills!.Select(s => s!.ToSlots())], r.TeamSize!.ToTeamSize()), by, now);
}

internal static class SubmitNeedSlice
{
    /// <summary>
    /// A need is taken for a marathon Needs has heard of (else 422) while it still takes needs: planned or registration
    /// open (else 409), from a registered association (else 422). Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(MarathonForNeeds? marathon, Association? association, SubmitNeed command)
    {
        if (marathon is null)
        {
            throw new RuleViolated($"Needs has not heard of marathon {command.MarathonId}: a need belongs to a scheduled marathon.");
        }
        if (marathon.Status.Value is not (MarathonStatuses.Planned or MarathonStatuses.RegistrationOpen))
        {
            throw new StateConflict($"The marathon no longer takes needs: it is {marathon.Status.Value} (needs are taken until registration closes).");
        }
        if (association is null)
        {
            throw new RuleViolated($"No association with id {command.AssociationId} is registered: staff register an association before it submits needs.");
        }
        return
        [
            new NeedSubmitted(command.NeedId, command.MarathonId, association.Id, association.Name, association.CauseArea,
                command.Title, command.Description, command.Deliverable, command.Demand, command.By, command.Now, association.ContactEmail),
        ];
    }

    public static RouteGroupBuilder MapSubmitNeed(this RouteGroupBuilder api)
    {
        api.MapPost("/needs", async (
                [FromBody] SubmitNeedRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var associationId = AssociationOf(http.User, request!.AssociationId);
                var command = SubmitNeed.From(request, Guid.CreateVersion7(), associationId, http.User.Actor(), clock.GetUtcNow());

                // what the submission decides on, in one round trip
                var batch = session.CreateBatchQuery();
                var marathon = batch.Load<MarathonForNeeds>(command.MarathonId);
                var association = batch.Load<Association>(associationId);
                await batch.Execute(ct);

                var events = Decide(await marathon, await association, command);
                await session.SaveAndSetETag(http.Response, session.StartStream<Need>(command.NeedId, events), ct);
                return TypedResults.Created($"/api/needs/{command.NeedId}", NeedDetails.From(Need.Create((NeedSubmitted)events[0])));
            })
            .ValidateRequest<SubmitNeedRequest>()
            .RequireAuthorization(Policies.StaffOrAssociation)
            .WithIdempotency()
            .WithName("SubmitNeed")
            .ProducesProblems(400, 403, 409, 422).ReturnsETag()
            .WithSummary("Submit a need for a marathon (an association: its own; staff name associationId).");
        return api;
    }

    /// <summary>An association submits its own needs only (another's id in the body is 403); staff name one (the validator requires it).</summary>
    private static Guid AssociationOf(System.Security.Claims.ClaimsPrincipal user, Guid? named)
    {
        if (user.AssociationId() is { } own)
        {
            return named is null || named == own ? own : throw new Forbidden("An association submits its own needs only.");
        }
        return named!.Value;
    }
}
