namespace ProBono.StaffConsole.Gateway;
// public: Blazor components take them as parameters and persist them between prerendering and the circuit

// The parts of API.md's answers the console shows; a field added to the API is ignored here until a page needs it.

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record MarathonItem(Guid MarathonId, string Name, string Venue, DateOnly Date, string Status);

public sealed record PartnerFigures(string PartnerId, string Name, int Quota, int Confirmed, int Waitlisted);

public sealed record MarathonView(
    Guid MarathonId, string Name, string Venue, DateOnly Date, DateOnly RegistrationDeadline, string Status, int HoursPerVolunteer,
    decimal HourlyValueEur, IReadOnlyList<PartnerFigures>? Partners, int MaxSameCompanyPerTeam = 3)
{
    /// <summary>A partner's name as people read it, its slug when the marathon does not name it.</summary>
    public string PartnerName(string partnerId) => Partners?.FirstOrDefault(p => p.PartnerId == partnerId)?.Name ?? partnerId;
}

public sealed record TeamWithoutDeliverable(Guid TeamId, string Title);

public sealed record CompletionCheck(bool Ready, IReadOnlyList<TeamWithoutDeliverable> TeamsWithoutDeliverable, int ConfirmedNotCheckedIn);

public sealed record StatusAnswer(string Status);

public sealed record SkillSlots(string Skill, int Count);

public sealed record TeamSize(int Min, int Max);

public sealed record StaffNote(string Text, DateTimeOffset At);

public sealed record NeedView(
    Guid NeedId, Guid MarathonId, Guid AssociationId, string AssociationName, string Cause, string Title, string Description, string Deliverable,
    IReadOnlyList<SkillSlots> RequiredSkills, TeamSize TeamSize, string Status, DateTimeOffset SubmittedAt, IReadOnlyList<StaffNote>? Notes,
    string? RejectionReason);

public sealed record VolunteerView(
    Guid VolunteerId, string PartnerId, string EmployeeRef, string FirstName, string? LastName, string? Email, IReadOnlyList<string> Skills,
    bool LeadCapable, string Status, bool CheckedIn, string? BadgeCode);

public sealed record DeskResult(Guid? VolunteerId, string? BadgeCode, bool CheckedIn, string? Error);

public sealed record DeskAnswer(IReadOnlyList<DeskResult> Results);
