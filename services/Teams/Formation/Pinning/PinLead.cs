using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Teams.Formation.Proposing;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Formation.Pinning;

/// <summary>Body of <c>PUT /admin/teams/marathons/{mid}/needs/{needId}/lead</c>.</summary>
internal sealed record PinLeadRequest(Guid? VolunteerId);

internal sealed class PinLeadValidator : AbstractValidator<PinLeadRequest>
{
    public PinLeadValidator() => RuleFor(r => r.VolunteerId).Required().NotEqual(Guid.Empty).WithMessage("'volunteerId' must not be the empty UUID.");
}

internal static class PinLeadSlice
{
    /// <summary>
    /// Staff pin a confirmed volunteer of the marathon as the lead of a published need's team before it is formed. The
    /// need unknown here → 404; already with a team → 409; the volunteer not confirmed in this marathon → 422. Pinning the
    /// same volunteer again changes nothing. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Formation formation, Guid marathonId, NeedForFormation? need, bool needHasTeam, VolunteerForFormation? volunteer, Guid needId, Guid volunteerId, string by, DateTimeOffset now)
    {
        if (need is null || need.MarathonId != marathonId || !need.IsOpen)
        {
            throw new NotFound($"No published need {needId} in marathon {marathonId}.");
        }
        if (needHasTeam)
        {
            throw new StateConflict("The need's team is already formed: change its lead on the team instead.");
        }
        if (volunteer is null || volunteer.MarathonId != marathonId || !volunteer.IsConfirmed)
        {
            throw new RuleViolated($"Volunteer {volunteerId} holds no confirmed place in this marathon: only a confirmed volunteer can be pinned as a lead.");
        }
        var other = formation.Pins.FirstOrDefault(p => p.Value == volunteerId && p.Key != needId);
        if (other.Key != Guid.Empty)
        {
            throw new RuleViolated($"Volunteer {volunteerId} is already pinned as the lead of need {other.Key}: a volunteer leads one team.");
        }
        return formation.Pins.TryGetValue(needId, out var pinned) && pinned == volunteerId
            ? []
            : [new LeadPinned(marathonId, needId, volunteerId, by, now)];
    }

    public static RouteGroupBuilder MapPinLead(this RouteGroupBuilder admin)
    {
        admin.MapPut("/marathons/{marathonId:guid}/needs/{needId:guid}/lead", async (
                Guid marathonId, Guid needId, [FromBody] PinLeadRequest? request, IDocumentSession session, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var volunteerId = request!.VolunteerId!.Value;
                await session.SerialiseOn(marathonId, ct); // the first pin or commit has no stream row to lock yet
                var batch = session.CreateBatchQuery();
                var formation = batch.OpenForWriting<Formation>(marathonId, exclusive: true);
                var marathon = batch.Load<MarathonForFormation>(marathonId);
                var need = batch.Load<NeedForFormation>(needId);
                var team = batch.Load<Team>(Team.IdOf(needId));
                var volunteer = batch.Load<VolunteerForFormation>(volunteerId);
                await batch.Execute(ct);
                ProposeFormationSlice.RequireFormable(await marathon, marathonId);

                var write = await formation;
                var events = Decide(write.State ?? Formation.Empty(marathonId), marathonId, await need, await team is not null, await volunteer, needId, volunteerId, user.Actor(), clock.GetUtcNow());
                write.Append(events);
                await session.SaveChangesAsync(ct);
                var v = await volunteer;
                return TypedResults.Ok(new PinnedLeadView(needId, (await need)!.Title, volunteerId, v!.FirstName, v.PartnerId, true, null));
            })
            .ValidateRequest<PinLeadRequest>()
            .WithName("PinLead")
            .ProducesProblems(400, 404, 409, 422)
            .WithSummary("Pin a confirmed volunteer as the project lead of a published need's team, before formation (staff).");
        return admin;
    }
}
