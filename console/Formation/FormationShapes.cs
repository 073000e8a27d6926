namespace ProBono.StaffConsole.Formation;

// The Teams service's formation answers (API.md, "Teams — formation and the day itself"), as far as the page shows them.

public sealed record PinnedLead(Guid NeedId, string? NeedTitle, Guid VolunteerId, string? FirstName, string? PartnerId, bool Kept, string? Problem);

public sealed record ProposedTeam(Guid NeedId, IReadOnlyList<Guid> Members, Guid? LeadVolunteerId, double SkillCoverage);

public sealed record UnstaffableNeed(Guid NeedId, string Reason);

public sealed record BrokenPin(Guid NeedId, Guid VolunteerId, string Reason);

public sealed record ProposalMetrics(double SkillCoverage, int MinCompaniesPerTeam, int MaxSameCompany, int CoveredSlots, int RequiredSlots);

public sealed record Proposal(
    Guid ProposalId, IReadOnlyList<ProposedTeam> Teams, IReadOnlyList<Guid> Unassigned, IReadOnlyList<UnstaffableNeed> Unstaffable,
    IReadOnlyList<BrokenPin>? BrokenPins, ProposalMetrics Metrics);

public sealed record CommittedTeam(Guid TeamId, Guid NeedId, IReadOnlyList<Guid> Members, Guid? LeadVolunteerId);

public sealed record CommitAnswer(Guid ProposalId, IReadOnlyList<CommittedTeam> Teams);

public sealed record FormedMember(Guid VolunteerId, string FirstName, string PartnerId, IReadOnlyList<string> Skills);

public sealed record FormedTeam(Guid TeamId, Guid NeedId, string? Title, IReadOnlyList<FormedMember> Members, Guid? LeadVolunteerId, string Status);
