using ProBono.Contracts;
using ProBono.ServiceDefaults.Telemetry;
using ProBono.Teams.Formation.Optimising;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Formation.Proposing;

public sealed record ProposedTeamView(Guid NeedId, List<Guid> Members, Guid? LeadVolunteerId, double SkillCoverage);

public sealed record UnstaffableNeed(Guid NeedId, string Reason);

public sealed record BrokenPinView(Guid NeedId, Guid VolunteerId, string Reason);

public sealed record ProposalMetrics(
    double SkillCoverage, int MinCompaniesPerTeam, int MaxSameCompany, int CoveredSlots, int RequiredSlots, int TeamsWithLead, int CauseMatches, bool ProvedOptimal);

/// <summary>
/// A formation proposal as stored and answered: its id is derived from the inputs it was computed from, so the same
/// input gives the same proposal, id included. <see cref="Inputs"/> is their fingerprint, checked again at commit.
/// </summary>
public sealed class StoredProposal
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public string Inputs { get; set; } = "";
    public DateTimeOffset ProposedAt { get; set; }
    public List<ProposedTeamView> Teams { get; set; } = [];
    public List<Guid> Unassigned { get; set; } = [];
    public List<UnstaffableNeed> Unstaffable { get; set; } = [];
    public List<BrokenPinView> BrokenPins { get; set; } = [];
    public ProposalMetrics Metrics { get; set; } = new(1, 0, 0, 0, 0, 0, 0, true);
}

/// <summary>What <c>POST /admin/teams/marathons/{mid}/formation</c> answers (API.md's proposal, with more fields).</summary>
internal sealed record ProposalResponse(
    Guid ProposalId, Guid MarathonId, IReadOnlyList<ProposedTeamView> Teams, IReadOnlyList<Guid> Unassigned, IReadOnlyList<UnstaffableNeed> Unstaffable,
    IReadOnlyList<BrokenPinView> BrokenPins, ProposalMetrics Metrics, DateTimeOffset ProposedAt)
{
    public static ProposalResponse From(StoredProposal p) => new(p.Id, p.MarathonId, p.Teams, p.Unassigned, p.Unstaffable, p.BrokenPins, p.Metrics, p.ProposedAt);
}

internal static class ProposeFormationSlice
{
    private static readonly Guid ProposalNamespace = new("b8d1f3a5-7c9e-4b2d-8f6a-1c3e5a7b9d0f");

    /// <summary>The optimiser's proposal for <paramref name="inputs"/>, ready to store. Pure (the optimiser is deterministic).</summary>
    public static StoredProposal Propose(FormationInputs inputs, DateTimeOffset now, FormationOptions? options = null, FormationMeters? meters = null)
    {
        var fingerprint = inputs.Fingerprint();
        var proposal = FormationOptimiser.Propose(inputs.ToOptimiserInput(), options, meters);
        var m = proposal.Metrics;
        return new StoredProposal
        {
            Id = StableIds.NameBased(ProposalNamespace, $"{inputs.Marathon.Id:N}/{fingerprint}"),
            MarathonId = inputs.Marathon.Id,
            Inputs = fingerprint,
            ProposedAt = now,
            Teams = [.. proposal.Teams.Select(t => new ProposedTeamView(t.NeedId, [.. t.Members], t.LeadVolunteerId, t.SkillCoverage))],
            Unassigned = [.. proposal.Unassigned],
            Unstaffable = [.. proposal.Unstaffable.Select(u => new UnstaffableNeed(u.NeedId, u.Reason))],
            BrokenPins = [.. proposal.BrokenPins.Select(b => new BrokenPinView(b.NeedId, b.VolunteerId, b.Reason))],
            Metrics = new ProposalMetrics(m.SkillCoverage, m.MinCompaniesPerTeam, m.MaxSameCompany, m.CoveredSlots, m.RequiredSlots, m.TeamsWithLead, m.CauseMatches, m.ProvedOptimal),
        };
    }

    /// <summary>The marathon as Teams knows it, unless it is unknown (404) or completed (409: its teams are history).</summary>
    public static MarathonForFormation RequireFormable(MarathonForFormation? marathon, Guid marathonId) =>
        marathon is null ? throw new NotFound($"Teams has not heard of marathon {marathonId} (yet).")
        : marathon.Status.Value == MarathonStatuses.Completed ? throw new StateConflict("The marathon is completed: its teams can no longer change.")
        : marathon;

    public static RouteGroupBuilder MapProposeFormation(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/formation", async (Guid marathonId, IDocumentSession session, TimeProvider clock, FormationMeters meters, CancellationToken ct) =>
            {
                var batch = session.CreateBatchQuery();
                var marathon = batch.Load<MarathonForFormation>(marathonId);
                var formation = batch.Load<Formation>(marathonId);
                await batch.Execute(ct);
                var inputs = await FormationInputs.Load(session, RequireFormable(await marathon, marathonId), await formation, ct);

                var proposal = Propose(inputs, clock.GetUtcNow(), meters: meters);
                session.Store(proposal);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(ProposalResponse.From(proposal));
            })
            .WithName("ProposeFormation")
            .ProducesProblems(404, 409)
            .WithSummary("Propose the marathon's teams (one per published need without a team) from its confirmed volunteers without a team; stored until committed (staff).");

        admin.MapGet("/marathons/{marathonId:guid}/formation/{proposalId:guid}", async (Guid marathonId, Guid proposalId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<StoredProposal>(proposalId, ct) is { } proposal && proposal.MarathonId == marathonId
                    ? TypedResults.Ok(ProposalResponse.From(proposal))
                    : throw new NotFound($"No proposal {proposalId} for marathon {marathonId}."))
            .WithName("GetFormationProposal")
            .ProducesProblems(404)
            .WithSummary("A stored formation proposal (staff).");
        return admin;
    }
}
