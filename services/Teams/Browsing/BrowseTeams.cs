using ProBono.ServiceDefaults.Auth;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Browsing;

internal sealed record TeamMemberView(Guid VolunteerId, string FirstName, string PartnerId, IReadOnlyList<string> Skills, bool LeadCapable);

/// <summary>What the team still lacks: members under its minimum size, required skill slots no member covers, a lead.</summary>
internal sealed record TeamGap(int MissingMembers, IReadOnlyList<SkillCount> UncoveredSkills, bool NoLead)
{
    public bool IsEmpty => MissingMembers == 0 && UncoveredSkills.Count == 0 && !NoLead;

    /// <summary>
    /// Pure. A member covers one required slot of one of its skills; the covered slots are a maximum matching of members
    /// to slots (augmenting paths: a team has at most 20 members), so the gap is never overstated.
    /// </summary>
    public static TeamGap Of(Team team)
    {
        var slots = team.Need.RequiredSkills.SelectMany(s => Enumerable.Repeat(s.Skill, s.Count)).ToList();
        var slotHolder = new int[slots.Count];
        Array.Fill(slotHolder, -1);
        for (var member = 0; member < team.Members.Count; member++)
        {
            Augment(member, new bool[slots.Count]);
        }
        var uncovered = slots.Where((_, i) => slotHolder[i] < 0).GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => new SkillCount(g.Key, g.Count())).OrderBy(s => s.Skill, StringComparer.Ordinal).ToList();
        return new TeamGap(Math.Max(0, team.Need.TeamSizeMin - team.Members.Count), uncovered, team.LeadVolunteerId is null);

        bool Augment(int member, bool[] seen)
        {
            for (var slot = 0; slot < slots.Count; slot++)
            {
                if (seen[slot] || !team.Members[member].Skills.Contains(slots[slot], StringComparer.Ordinal))
                {
                    continue;
                }
                seen[slot] = true;
                if (slotHolder[slot] < 0 || Augment(slotHolder[slot], seen))
                {
                    slotHolder[slot] = member;
                    return true;
                }
            }
            return false;
        }
    }
}

/// <summary>
/// One team as API.md shows it: <c>{teamId, marathonId, needId, members, leadVolunteerId, status, milestones, deliverable,
/// deliverableHistory}</c> (the replaced deliverables, oldest first), and more.
/// </summary>
internal sealed record TeamView(
    Guid TeamId,
    Guid MarathonId,
    Guid NeedId,
    Guid AssociationId,
    string Title,
    string ExpectedDeliverable,
    IReadOnlyList<TeamMemberView> Members,
    Guid? LeadVolunteerId,
    TeamStatus Status,
    IReadOnlyList<Milestone> Milestones,
    SubmittedDeliverable? Deliverable,
    IReadOnlyList<SubmittedDeliverable> DeliverableHistory,
    IReadOnlyList<SkillCount> RequiredSkills,
    int TeamSizeMin,
    int TeamSizeMax,
    TeamGap? Gap,
    DateTimeOffset FormedAt,
    DateTimeOffset UpdatedAt)
{
    public static TeamView From(Team t) => new(
        t.Id, t.MarathonId, t.Need.NeedId, t.Need.AssociationId, t.Need.Title, t.Need.Deliverable,
        [.. t.Members.Select(m => new TeamMemberView(m.VolunteerId, m.FirstName, m.PartnerId, m.Skills, m.LeadCapable))],
        t.LeadVolunteerId, t.Status, t.Milestones, t.Delivered, t.DeliverableHistory, t.Need.RequiredSkills, t.Need.TeamSizeMin, t.Need.TeamSizeMax,
        TeamGap.Of(t) is { IsEmpty: false } gap ? gap : null, t.FormedAt, t.UpdatedAt);

    /// <summary>The team as <paramref name="events"/> (a command's, just saved) leave it.</summary>
    public static TeamView After(Team team, IReadOnlyList<object> events) => From(events.Aggregate(team, Team.Evolution));
}

internal static class BrowseTeamsSlice
{
    public static RouteGroupBuilder MapBrowseTeams(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/teams", async (Guid marathonId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http.Request);
                _ = await session.LoadAsync<MarathonForFormation>(marathonId, ct) ?? throw new NotFound($"Teams has not heard of marathon {marathonId}.");
                var user = http.User;
                var query = session.Query<Team>().Where(t => t.MarathonId == marathonId);
                if (user.PartnerId() is { } partnerId)
                {
                    query = query.Where(t => t.PartnerIds.Contains(partnerId));
                }
                else if (user.AssociationId() is { } associationId)
                {
                    query = query.Where(t => t.Need.AssociationId == associationId);
                }
                else if (user.VolunteerId() is { } volunteerId)
                {
                    query = query.Where(t => t.MemberIds.Contains(volunteerId));
                }
                var page = await query.OrderBy(t => t.FormedAt).ThenBy(t => t.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<TeamView>([.. page.Select(TeamView.From)], page.TotalItemCount));
            })
            .WithName("ListTeams")
            .WithPaging()
            .ProducesProblems(404)
            .WithSummary("A marathon's teams (staff: all; a partner: those with its employees; an association: the one on its need; a volunteer: its own).");

        api.MapGet("/teams/{teamId:guid}", async (Guid teamId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var team = http.User.Visible(await session.LoadAsync<Team>(teamId, ct), teamId);
                http.Response.SetETag(team.Version);
                return TypedResults.Ok(TeamView.From(team));
            })
            .WithName("GetTeam")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One team with its members, lead, milestones and deliverable (as ListTeams scopes it), with its ETag.");
        return api;
    }
}
