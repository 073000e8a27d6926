using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Browsing;
using ProBono.Teams.Editing;
using ProBono.Teams.Formation;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Backfilling;

/// <summary>
/// When a member of a committed team withdraws, the best-fitting reserve (a confirmed volunteer of the marathon without
/// a team) takes the place: one who covers a skill slot the team lost, keeping the company rules and the team's size;
/// a new lead is chosen if the lead left. With no fitting reserve the team keeps the gap, which its page shows.
/// </summary>
internal static class BackfillSlice
{
    /// <summary>Pure: the team's change after <paramref name="withdrawnId"/> left, with the reserve chosen from <paramref name="reserve"/> (if any).</summary>
    public static (IReadOnlyList<object> Events, Guid? Joined) Decide(
        Team team, Guid withdrawnId, IReadOnlyList<VolunteerForFormation> reserve, MarathonRules rules, DateTimeOffset now)
    {
        var leaving = team.Members.FirstOrDefault(m => m.VolunteerId == withdrawnId);
        if (leaving is null || team.Status == TeamStatus.Delivered)
        {
            return ([], null);
        }
        var remaining = team.Members.Where(m => m.VolunteerId != withdrawnId).ToList();
        var before = TeamGap.Of(team with { Members = remaining, LeadVolunteerId = TeamRules.LeadAfter(remaining, team.LeadVolunteerId) });
        var lostSkills = before.UncoveredSkills.Select(s => s.Skill).ToHashSet(StringComparer.Ordinal);
        var losingLead = team.LeadVolunteerId == withdrawnId;

        var best = reserve
            .Where(v => v.IsConfirmed && v.MarathonId == team.MarathonId && v.Id != withdrawnId)
            .Select(v => (Volunteer: v, Members: (IReadOnlyList<TeamMemberInfo>)[.. remaining, RosterEdit.Member(v)]))
            .Where(c => lostSkills.Count == 0 || c.Volunteer.Skills.Any(lostSkills.Contains))
            .Where(c => !TeamRules.Broken(team.Need, c.Members, TeamRules.LeadAfter(c.Members, team.LeadVolunteerId), rules.MaxSameCompanyPerTeam, rules.PoolHasTwoCompanies)
                .Any(b => b.Rule != Formation.Optimising.FormationRules.TeamSize || c.Members.Count > team.Need.TeamSizeMax))
            .OrderByDescending(c => c.Volunteer.Skills.Count(lostSkills.Contains))
            .ThenByDescending(c => losingLead && c.Volunteer.LeadCapable)
            .ThenByDescending(c => c.Volunteer.Causes.Contains(team.Need.Cause, StringComparer.Ordinal))
            .ThenBy(c => c.Volunteer.Id)
            .Select(c => c.Volunteer)
            .FirstOrDefault();

        var members = best is null ? remaining : [.. remaining, RosterEdit.Member(best)];
        var lead = TeamRules.LeadAfter(members, team.LeadVolunteerId == withdrawnId ? null : team.LeadVolunteerId);
        var reason = best is null
            ? $"{leaving.FirstName} ({leaving.PartnerId}) withdrew; no fitting volunteer was in reserve."
            : $"{leaving.FirstName} ({leaving.PartnerId}) withdrew; {best.FirstName} ({best.PartnerId}) took the place.";
        return ([new TeamRosterChanged(team.Id, team.MarathonId, team.Need.NeedId, members, lead, reason, "teams:backfill", now)], best?.Id);
    }

    /// <summary>Stages the backfill of the team <paramref name="volunteerId"/> sat in, if any; saved with the consumer's inbox row.</summary>
    public static async Task Stage(IDocumentSession session, Guid volunteerId, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        if (await session.LoadAsync<TeamSeat>(volunteerId, ct) is not { } seat)
        {
            return; // not in a team: nothing to backfill
        }
        var team = await session.OpenForWriting<Team>(seat.TeamId, ct);
        var marathon = await session.LoadAsync<MarathonForFormation>(seat.MarathonId, ct);
        if (team.State is not { } state || marathon is null)
        {
            return;
        }
        var reserve = await Reserve(session, seat.MarathonId, ct);
        var (events, joined) = Decide(state, volunteerId, reserve, MarathonRules.Of(marathon), clock.GetUtcNow());
        team.Append(events);
        session.Delete<TeamSeat>(volunteerId);
        if (joined is { } id)
        {
            // an insert: were the same reserve chosen by another backfill at once, one of the two fails and is retried
            session.Insert(new TeamSeat { Id = id, MarathonId = seat.MarathonId, TeamId = seat.TeamId });
        }
        logger.LogInformation("Backfill of team {TeamId} after {VolunteerId} withdrew: {Joined}", seat.TeamId, volunteerId, joined?.ToString() ?? "no fitting reserve");
    }

    /// <summary>The marathon's confirmed volunteers without a team: two indexed queries by marathon.</summary>
    private static async Task<IReadOnlyList<VolunteerForFormation>> Reserve(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var volunteers = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathonId).ToList();
        var seats = batch.Query<TeamSeat>().Where(s => s.MarathonId == marathonId).ToList();
        await batch.Execute(ct);
        var seated = (await seats).Select(s => s.Id).ToHashSet();
        return [.. (await volunteers).Where(v => v.IsConfirmed && !seated.Contains(v.Id))];
    }
}

/// <summary>A withdrawal: Teams' copy of the volunteer, then the backfill of their team, in one transaction with the inbox row.</summary>
internal sealed class VolunteerWithdrawnConsumer(IDocumentSession session, TimeProvider clock, ILogger<VolunteerWithdrawnConsumer> logger)
    : IdempotentConsumer<VolunteerWithdrawn>(session, logger)
{
    protected override async Task Apply(VolunteerWithdrawn message, IDocumentSession session, CancellationToken cancellationToken)
    {
        await EntityCopies.Stage<VolunteerWithdrawn, VolunteerForFormation>(session, message, cancellationToken);
        await BackfillSlice.Stage(session, message.VolunteerId, clock, Logger, cancellationToken);
    }
}

internal sealed class VolunteerCheckedInConsumer(IDocumentSession session, ILogger<VolunteerCheckedInConsumer> logger)
    : EntityCopyConsumer<VolunteerCheckedIn, VolunteerForFormation>(session, logger);
