using Microsoft.AspNetCore.Mvc;
using ProBono.Teams.Formation;
using ProBono.Teams.Formation.Optimising;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Editing;

/// <summary>Staff add a confirmed volunteer without a team to a committed team; an edit that breaks a hard rule is a 422 naming it.</summary>
internal static class AddTeamMemberSlice
{
    public static IReadOnlyList<object> Decide(Team team, VolunteerForFormation? volunteer, TeamSeat? seat, MarathonRules rules, string by, DateTimeOffset now)
    {
        RosterEdit.RequireChangeable(team);
        if (volunteer is null || volunteer.MarathonId != team.MarathonId || !volunteer.IsConfirmed)
        {
            throw new RuleViolated("Only a confirmed volunteer of this marathon can join a team.");
        }
        if (seat is not null)
        {
            throw seat.TeamId == team.Id
                ? new StateConflict($"Volunteer {volunteer.Id} is already a member of this team.")
                : new RuleViolated($"[{FormationRules.OneTeamPerVolunteer}] Volunteer {volunteer.Id} is already in team {seat.TeamId}; remove them there first.");
        }
        var members = team.Members.Append(RosterEdit.Member(volunteer)).ToList();
        var lead = team.LeadVolunteerId ?? TeamRules.LeadAfter(members, null);
        return RosterEdit.Changed(team, members, lead, rules, $"Staff added {volunteer.FirstName} ({volunteer.PartnerId}).", by, now);
    }

    public static RouteGroupBuilder MapAddTeamMember(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{teamId:guid}/members", async (
                Guid teamId, [FromBody] VolunteerRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var volunteerId = request!.VolunteerId!.Value;
                var (team, marathon) = await RosterEdit.Open(session, teamId, ct);
                var batch = session.CreateBatchQuery();
                var volunteer = batch.Load<VolunteerForFormation>(volunteerId);
                var seat = batch.Load<TeamSeat>(volunteerId);
                await batch.Execute(ct);
                var events = Decide(team.Require(http.Request.ExpectedVersion()), await volunteer, await seat, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                session.Insert(new TeamSeat { Id = volunteerId, MarathonId = marathon.Id, TeamId = teamId });
                return await RosterEdit.Saved(session, team, events, http.Response, ct);
            })
            .ValidateRequest<VolunteerRequest>()
            .WithName("AddTeamMember")
            .ProducesEditedTeam(400, 404, 409, 422)
            .WithSummary("Add a confirmed volunteer without a team to a team; an edit that breaks a hard rule is a 422 naming it (staff).");
        return admin;
    }
}
