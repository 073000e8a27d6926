using FluentValidation;
using ProBono.Contracts;
using ProBono.Teams.Browsing;
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

/// <summary>
/// What staff edits of a committed team's roster share (add or remove a member, change the lead): the team opened with its
/// marathon, the roster checked against the hard rules (an edit that breaks one is a 422 naming it), a volunteer as a member.
/// </summary>
internal static class RosterEdit
{
    public static TeamMemberInfo Member(VolunteerForFormation v) => new(v.Id, v.FirstName ?? "", v.PartnerId, v.Skills, v.LeadCapable, v.Causes);

    public static void RequireChangeable(Team team)
    {
        if (team.Status == TeamStatus.Delivered)
        {
            throw new StateConflict("The team has delivered its mission; its roster is history.");
        }
    }

    public static IReadOnlyList<object> Changed(Team team, IReadOnlyList<TeamMemberInfo> members, Guid? lead, MarathonRules rules, string reason, string by, DateTimeOffset now)
    {
        if (TeamRules.Broken(team.Need, members, lead, rules.MaxSameCompanyPerTeam, rules.PoolHasTwoCompanies) is [var (rule, message), ..])
        {
            throw new RuleViolated($"[{rule}] {message}");
        }
        return [new TeamRosterChanged(team.Id, team.MarathonId, team.Need.NeedId, members, lead, reason, by, now)];
    }

    /// <summary>The team opened for writing and its marathon (404 when either is unknown; 409 once the marathon is completed).</summary>
    public static async Task<(StreamWrite<Team> Team, MarathonForFormation Marathon)> Open(IDocumentSession session, Guid teamId, CancellationToken ct)
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

    /// <summary>The edit saved: the new ETag set, the team answered as it now is.</summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<TeamView>> Saved(IDocumentSession session, StreamWrite<Team> team, IReadOnlyList<object> events, HttpResponse response, CancellationToken ct)
    {
        await session.SaveAndSetETag(response, team, ct);
        return TypedResults.Ok(TeamView.After(team.State!, events));
    }

    /// <summary>What an edit answers: the team as it now is with its ETag, or one of <paramref name="problems"/>; it honours If-Match.</summary>
    public static RouteHandlerBuilder ProducesEditedTeam(this RouteHandlerBuilder endpoint, params int[] problems) =>
        endpoint.Produces<TeamView>().ProducesProblems(problems).AcceptsIfMatch().ReturnsETag();
}
