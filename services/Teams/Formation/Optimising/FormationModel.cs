namespace ProBono.Teams.Formation.Optimising;

// The optimiser's input and output: plain data, no ids but the platform's, so the HTTP slices can map them 1:1.

internal sealed record FormationVolunteer(Guid VolunteerId, string PartnerId, IReadOnlyList<string> Skills, bool LeadCapable, IReadOnlyList<string> Causes);

internal sealed record SkillSlots(string Skill, int Count);

internal sealed record FormationNeed(Guid NeedId, string Cause, IReadOnlyList<SkillSlots> RequiredSkills, int TeamSizeMin, int TeamSizeMax);

internal sealed record PinnedLead(Guid NeedId, Guid VolunteerId);

internal sealed record FormationInput(IReadOnlyList<FormationNeed> Needs, IReadOnlyList<FormationVolunteer> Volunteers,
    int MaxSameCompanyPerTeam, IReadOnlyList<PinnedLead> Pins);

/// <param name="SkillCoverage">Covered slots ÷ required slots of this need, 0..1; 1 when none are required.</param>
internal sealed record ProposedTeam(Guid NeedId, IReadOnlyList<Guid> Members, Guid? LeadVolunteerId, double SkillCoverage);

internal sealed record Unstaffable(Guid NeedId, string Reason);

internal sealed record BrokenPin(Guid NeedId, Guid VolunteerId, string Reason);

/// <param name="SkillCoverage">All covered ÷ all required slots (1 when none are required).</param>
/// <param name="ProvedOptimal">The exact model proved no proposal scores higher on the lexicographic objective.</param>
internal sealed record FormationMetrics(double SkillCoverage, int MinCompaniesPerTeam, int MaxSameCompany,
    int CoveredSlots, int RequiredSlots, int TeamsWithLead, int CauseMatches, bool ProvedOptimal);

internal sealed record FormationProposal(IReadOnlyList<ProposedTeam> Teams, IReadOnlyList<Guid> Unassigned,
    IReadOnlyList<Unstaffable> Unstaffable, IReadOnlyList<BrokenPin> BrokenPins, FormationMetrics Metrics);

/// <param name="TimeLimit">The solver's budget. It is spent as CP-SAT deterministic time (so the same input gives the
/// same proposal on any machine); the wall clock only stops a run that overshoots it by far.</param>
/// <param name="Workers">CP-SAT search workers. 1 (the default) is deterministic; more run CP-SAT's interleaved
/// search, deterministic as well as long as the deterministic-time limit, not the wall-clock net, ends the search.</param>
internal sealed record FormationOptions(TimeSpan TimeLimit, int Workers)
{
    public static FormationOptions Default { get; } = new(TimeSpan.FromSeconds(8), 1);
}
