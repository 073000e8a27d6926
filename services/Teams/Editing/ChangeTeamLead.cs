using Microsoft.AspNetCore.Mvc;
using ProBono.Teams.Formation.Optimising;

namespace ProBono.Teams.Editing;

/// <summary>Staff make a member the lead of a committed team.</summary>
internal static class ChangeTeamLeadSlice
{
    public static IReadOnlyList<object> Decide(Team team, Guid volunteerId, MarathonRules rules, string by, DateTimeOffset now)
    {
        RosterEdit.RequireChangeable(team);
        var lead = team.Members.FirstOrDefault(m => m.VolunteerId == volunteerId)
            ?? throw new RuleViolated($"[{FormationRules.Lead}] Volunteer {volunteerId} is not a member of the team; only a member can lead it.");
        return team.LeadVolunteerId == volunteerId
            ? []
            : RosterEdit.Changed(team, team.Members, volunteerId, rules, $"Staff made {lead.FirstName} the lead.", by, now);
    }

    public static RouteGroupBuilder MapChangeTeamLead(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{teamId:guid}/lead", async (
                Guid teamId, [FromBody] VolunteerRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (team, marathon) = await RosterEdit.Open(session, teamId, ct);
                var events = Decide(team.Require(http.Request.ExpectedVersion()), request!.VolunteerId!.Value, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                return await RosterEdit.Saved(session, team, events, http.Response, ct);
            })
            .ValidateRequest<VolunteerRequest>()
            .WithName("ChangeTeamLead")
            .ProducesEditedTeam(400, 404, 409, 422)
            .WithSummary("Make a lead-capable member the team's lead (staff).");
        return admin;
    }
}
