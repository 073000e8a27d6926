using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;
using ProBono.Teams.Browsing;
using ProBono.Teams.Formation;
using ProBono.Teams.Formation.Optimising;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Editing;

/// <summary>Body of <c>POST /admin/teams/{tid}/members</c> and <c>POST /admin/teams/{tid}/lead</c>.</summary>
internal sealed record VolunteerRequest(Guid? VolunteerId);

internal sealed class VolunteerRequestValidator : AbstractValidator<VolunteerRequest>
{
    public VolunteerRequestValidator() => RuleFor(r => r.VolunteerId).Required().NotEqual(Guid.Empty).WithMessage("'volunteerId' must not be the empty UUID.");
}

/// <summary>The marathon's rules an edit is held to: its company limit, and whether its pool mixes companies.</summary>
internal sealed record MarathonRules(int MaxSameCompanyPerTeam, bool PoolHasTwoCompanies)
{
    public static MarathonRules Of(MarathonForFormation marathon) => new(marathon.MaxSameCompanyPerTeam, marathon.Partners.Count >= 2);
}

/// <summary>Staff edits of a committed team: add or remove a member, change the lead. An edit that breaks a hard rule is a 422 naming it.</summary>
internal static class EditTeamSlice
{
    public static IReadOnlyList<object> AddMember(Team team, VolunteerForFormation? volunteer, TeamSeat? seat, MarathonRules rules, string by, DateTimeOffset now)
    {
        RequireChangeable(team);
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
        var members = team.Members.Append(Member(volunteer)).ToList();
        var lead = team.LeadVolunteerId ?? TeamRules.LeadAfter(members, null);
        return Changed(team, members, lead, rules, $"Staff added {volunteer.FirstName} ({volunteer.PartnerId}).", by, now);
    }

    public static IReadOnlyList<object> RemoveMember(Team team, Guid volunteerId, MarathonRules rules, string by, DateTimeOffset now)
    {
        RequireChangeable(team);
        var leaving = team.Members.FirstOrDefault(m => m.VolunteerId == volunteerId)
            ?? throw new NotFound($"Volunteer {volunteerId} is not a member of team {team.Id}.");
        var members = team.Members.Where(m => m.VolunteerId != volunteerId).ToList();
        return Changed(team, members, TeamRules.LeadAfter(members, team.LeadVolunteerId), rules, $"Staff removed {leaving.FirstName} ({leaving.PartnerId}).", by, now);
    }

    public static IReadOnlyList<object> ChangeLead(Team team, Guid volunteerId, MarathonRules rules, string by, DateTimeOffset now)
    {
        RequireChangeable(team);
        var lead = team.Members.FirstOrDefault(m => m.VolunteerId == volunteerId)
            ?? throw new RuleViolated($"[{FormationRules.Lead}] Volunteer {volunteerId} is not a member of the team; only a member can lead it.");
        return team.LeadVolunteerId == volunteerId
            ? []
            : Changed(team, team.Members, volunteerId, rules, $"Staff made {lead.FirstName} the lead.", by, now);
    }

    public static TeamMemberInfo Member(VolunteerForFormation v) => new(v.Id, v.FirstName ?? "", v.PartnerId, v.Skills, v.LeadCapable, v.Causes);

    private static void RequireChangeable(Team team)
    {
        if (team.Status == TeamStatus.Delivered)
        {
            throw new StateConflict("The team has delivered its mission; its roster is history.");
        }
    }

    private static IReadOnlyList<object> Changed(Team team, IReadOnlyList<TeamMemberInfo> members, Guid? lead, MarathonRules rules, string reason, string by, DateTimeOffset now)
    {
        if (TeamRules.Broken(team.Need, members, lead, rules.MaxSameCompanyPerTeam, rules.PoolHasTwoCompanies) is [var (rule, message), ..])
        {
            throw new RuleViolated($"[{rule}] {message}");
        }
        return [new TeamRosterChanged(team.Id, team.MarathonId, team.Need.NeedId, members, lead, reason, by, now)];
    }

    public static RouteGroupBuilder MapEditTeam(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{teamId:guid}/members", async (
                Guid teamId, [FromBody] VolunteerRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var volunteerId = request!.VolunteerId!.Value;
                var (team, marathon) = await Open(session, teamId, ct);
                var batch = session.CreateBatchQuery();
                var volunteer = batch.Load<VolunteerForFormation>(volunteerId);
                var seat = batch.Load<TeamSeat>(volunteerId);
                await batch.Execute(ct);
                var events = AddMember(team.Require(http.Request.ExpectedVersion()), await volunteer, await seat, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                session.Insert(new TeamSeat { Id = volunteerId, MarathonId = marathon.Id, TeamId = teamId });
                await session.SaveAndSetETag(http.Response, team, ct);
                return TypedResults.Ok(TeamView.After(team.State!, events));
            })
            .ValidateRequest<VolunteerRequest>()
            .Produces<TeamView>()
            .WithName("AddTeamMember")
            .ProducesProblems(400, 404, 409, 422).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Add a confirmed volunteer without a team to a team; an edit that breaks a hard rule is a 422 naming it (staff).");

        admin.MapDelete("/{teamId:guid}/members/{volunteerId:guid}", async (
                Guid teamId, Guid volunteerId, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (team, marathon) = await Open(session, teamId, ct);
                var events = RemoveMember(team.Require(http.Request.ExpectedVersion()), volunteerId, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                session.Delete<TeamSeat>(volunteerId);
                await session.SaveAndSetETag(http.Response, team, ct);
                return TypedResults.Ok(TeamView.After(team.State!, events));
            })
            .Produces<TeamView>()
            .WithName("RemoveTeamMember")
            .ProducesProblems(404, 409, 422).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Remove a member from a team; a new lead is chosen if the lead left; a removal that breaks a hard rule is a 422 (staff).");

        admin.MapPost("/{teamId:guid}/lead", async (
                Guid teamId, [FromBody] VolunteerRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (team, marathon) = await Open(session, teamId, ct);
                var events = ChangeLead(team.Require(http.Request.ExpectedVersion()), request!.VolunteerId!.Value, MarathonRules.Of(marathon), http.User.Actor(), clock.GetUtcNow());
                team.Append(events);
                await session.SaveAndSetETag(http.Response, team, ct);
                return TypedResults.Ok(TeamView.After(team.State!, events));
            })
            .ValidateRequest<VolunteerRequest>()
            .Produces<TeamView>()
            .WithName("ChangeTeamLead")
            .ProducesProblems(400, 404, 409, 422).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Make a lead-capable member the team's lead (staff).");
        return admin;
    }

    /// <summary>The team opened for writing and its marathon (404 when either is unknown; 409 once the marathon is completed).</summary>
    private static async Task<(StreamWrite<Team> Team, MarathonForFormation Marathon)> Open(IDocumentSession session, Guid teamId, CancellationToken ct)
    {
        var team = await session.OpenForWriting<Team>(teamId, ct);
        var state = team.Require();
        var marathon = await session.LoadAsync<MarathonForFormation>(state.MarathonId, ct)
            ?? throw new NotFound($"Teams has not heard of marathon {state.MarathonId}.");
        if (marathon.Status.Value == MarathonStatuses.Completed)
        {
            throw new StateConflict("The marathon is completed: its teams can no longer change.");
        }
        return (team, marathon);
    }
}
