using Marten.Events.Projections;

namespace ProBono.Recruitment.Volunteers.Browsing;

/// <summary>One volunteer as the API lists and shows it; updated in the same transaction as its roster's events.</summary>
public sealed class Volunteer
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public string PartnerId { get; set; } = "";
    public string EmployeeRef { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Email { get; set; } = "";
    public string[] Skills { get; set; } = [];
    public bool LeadCapable { get; set; }
    public string[] CausePreferences { get; set; } = [];
    public decimal? HourlyCostEur { get; set; }
    public VolunteerStatus Status { get; set; }
    public bool CheckedIn { get; set; }
    public int Arrival { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
}

internal sealed class VolunteerProjection : MultiStreamProjection<Volunteer, Guid>
{
    public VolunteerProjection()
    {
        Identity<VolunteerRegistered>(e => e.VolunteerId);
        Identity<VolunteerWithdrawn>(e => e.VolunteerId);
        Identity<WaitlistedVolunteerConfirmed>(e => e.VolunteerId);
        Identity<VolunteerCheckedIn>(e => e.VolunteerId);
    }

    public static Volunteer Create(VolunteerRegistered e) => new()
    {
        Id = e.VolunteerId,
        MarathonId = e.MarathonId,
        PartnerId = e.PartnerId,
        EmployeeRef = e.EmployeeRef,
        FirstName = e.Profile.FirstName,
        LastName = e.LastName,
        Email = e.Email,
        Skills = [.. e.Profile.Skills],
        LeadCapable = e.Profile.LeadCapable,
        CausePreferences = [.. e.Profile.CausePreferences],
        HourlyCostEur = e.Profile.HourlyCostEur,
        Status = e.Status,
        Arrival = e.Arrival,
        RegisteredAt = e.RegisteredAt,
    };

    public static void Apply(VolunteerWithdrawn _, Volunteer v) => v.Status = VolunteerStatus.Withdrawn;
    public static void Apply(WaitlistedVolunteerConfirmed _, Volunteer v) => v.Status = VolunteerStatus.Confirmed;
    public static void Apply(VolunteerCheckedIn _, Volunteer v) => v.CheckedIn = true;
}

internal sealed record VolunteerDetails(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    string EmployeeRef,
    string FirstName,
    string LastName,
    string Email,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur,
    VolunteerStatus Status,
    bool CheckedIn,
    DateTimeOffset RegisteredAt)
{
    public static VolunteerDetails From(Volunteer v) => new(
        v.Id, v.MarathonId, v.PartnerId, v.EmployeeRef, v.FirstName, v.LastName, v.Email, v.Skills, v.LeadCapable,
        v.CausePreferences, v.HourlyCostEur, v.Status, v.CheckedIn, v.RegisteredAt);
}
