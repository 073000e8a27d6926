using System.Security.Claims;
using ProBono.Teams.Formation.Proposing;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Formation.Committing;

internal sealed record CommittedTeam(Guid TeamId, Guid NeedId, IReadOnlyList<Guid> Members, Guid? LeadVolunteerId);

internal sealed record CommitResponse(Guid ProposalId, Guid MarathonId, IReadOnlyList<CommittedTeam> Teams);

internal static class CommitFormationSlice
{
    /// <summary>
    /// A proposal is committed only while what it was computed from is still what Teams knows (no need published or
    /// withdrawn, no volunteer confirmed or withdrawn, no pin changed, no team formed since): else 409, and the caller
    /// asks for a new proposal. Each proposed team becomes a team stream. Pure.
    /// </summary>
    public static IReadOnlyList<(Guid TeamId, TeamFormed Formed)> Decide(StoredProposal proposal, FormationInputs current, string by, DateTimeOffset now)
    {
        if (current.Fingerprint() != proposal.Inputs)
        {
            throw new StateConflict("The proposal is outdated: needs, volunteers, pins or teams changed since it was made. Ask for a new proposal.");
        }
        var needs = current.Needs.ToDictionary(n => n.Id);
        var volunteers = current.Volunteers.ToDictionary(v => v.Id);
        return [.. proposal.Teams.Select(t =>
        {
            var need = needs[t.NeedId];
            var teamId = Team.IdOf(need.Id);
            var members = t.Members.Select(id => volunteers[id]).Select(v =>
                new TeamMemberInfo(v.Id, v.FirstName ?? "", v.PartnerId, v.Skills, v.LeadCapable, v.Causes)).ToList();
            var teamNeed = new TeamNeed(need.Id, need.AssociationId, need.Title ?? "", need.Deliverable ?? "", need.Cause ?? "",
                [.. need.RequiredSkills.Select(s => new SkillCount(s.Skill, s.Count))], need.TeamSizeMin, need.TeamSizeMax);
            return (teamId, new TeamFormed(teamId, current.Marathon.Id, teamNeed, members, t.LeadVolunteerId, proposal.Id, now));
        })];
    }

    public static RouteGroupBuilder MapCommitFormation(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/formation/{proposalId:guid}/commit", async (
                Guid marathonId, Guid proposalId, IDocumentSession session, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
            {
                // the formation's lock first: pins and commits of one marathon are decided one after the other
                await session.SerialiseOn(marathonId, ct); // the first pin or commit has no stream row to lock yet
                var batch = session.CreateBatchQuery();
                var formation = batch.OpenForWriting<Formation>(marathonId, exclusive: true);
                var proposal = batch.Load<StoredProposal>(proposalId);
                var marathon = batch.Load<MarathonForFormation>(marathonId);
                await batch.Execute(ct);
                var stored = await proposal is { } p && p.MarathonId == marathonId ? p : throw new NotFound($"No proposal {proposalId} for marathon {marathonId}.");
                var write = await formation;
                var current = await FormationInputs.Load(session, ProposeFormationSlice.RequireFormable(await marathon, marathonId), write.State, ct);

                var by = user.Actor();
                var now = clock.GetUtcNow();
                var teams = Decide(stored, current, by, now);
                foreach (var (teamId, formed) in teams)
                {
                    session.StartStream<Team>(teamId, formed);
                    foreach (var member in formed.Members)
                    {
                        session.Insert(new TeamSeat { Id = member.VolunteerId, MarathonId = marathonId, TeamId = teamId });
                    }
                }
                write.Append([new FormationCommitted(marathonId, proposalId, [.. teams.Select(t => t.TeamId)], by, now)]);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new CommitResponse(proposalId, marathonId,
                    [.. teams.Select(t => new CommittedTeam(t.TeamId, t.Formed.Need.NeedId, [.. t.Formed.Members.Select(m => m.VolunteerId)], t.Formed.LeadVolunteerId))]));
            })
            .WithName("CommitFormation")
            .ProducesProblems(404, 409)
            .WithSummary("Commit a proposal: its teams exist from now on (TeamFormed); an outdated proposal is a 409 (staff).");
        return admin;
    }
}
