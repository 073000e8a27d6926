using ProBono.Teams.Formation;

namespace ProBono.Teams.Editing;

/// <summary>Staff remove a member from a committed team; a new lead is chosen if the lead left.</summary>
internal static class RemoveTeamMemberSlice
{
    public static IReadOnlyList<object> Decide(Team team, Guid volunteerId, MarathonRules rules, string by, DateTimeOffset now)
    {
        RosterEdit.RequireChangeable(team);
        var leaving = team.Members.FirstOrDefault(m => m.VolunteerId == volunteerId)
            ?? throw new NotFound($"Volunteer {volunteerId} is not a member of team {team.Id}.");
        var members = team.Members.Where(m => m.VolunteerId != volunteerId).ToList();
        return RosterEdit.Changed(team, members, TeamRules.LeadAfter(members, team.LeadVolunteerId), rules, $"Staff removed {leaving.FirstName} ({leaving.PartnerId}).", by, now);
    }

    public static RouteGroupBuilder MapRemoveTeamMember(this RouteGroupBuilder admin)
    {
        admin.MapDelete("/{teamId:guid}/members/{volunteerId:guid}", async (
                Guid teamId, Guid volunteerId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (team, marathon) = await RosterEdit.Open(session, teamId, ct);
                var events = Decide(team.Require(http.Request.ExpectedVersion()), volunteerId, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                session.Delete<TeamSeat>(volunteerId);
                return await RosterEdit.Saved(session, team, events, http.Response, ct);
            })
            .WithName("RemoveTeamMember")
            .ProducesEditedTeam(404, 409, 422)
            .WithSummary("Remove a member from a team; a new lead is chosen if the lead left; a removal that breaks a hard rule is a 422 (staff).");
        return admin;
    }
}
