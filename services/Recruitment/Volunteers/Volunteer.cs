using JasperFx;

namespace ProBono.Recruitment.Volunteers;

public enum VolunteerStatus
{
    Confirmed,
    Waitlisted,
    Withdrawn,
}

/// <summary>What of a volunteer may leave Recruitment (first name only: no last name, e-mail or employee reference).</summary>
public sealed record VolunteerProfile(
    string FirstName,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur);

// A volunteer's private domain events: one stream per volunteer, its id derived from (marathon, partner, employeeRef).
// Each carries the marathon and the partner, so the roster's figures and the campaign sources are projected from them
// alone. What leaves the service is mapped in RecruitmentIntegrationEvents.

/// <summary>An employee registered; <see cref="Arrival"/> is its place in the partner's arrival order (0-based).</summary>
public sealed record VolunteerRegistered(
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    Guid VolunteerId,
    string EmployeeRef,
    VolunteerProfile Profile,
    string LastName,
    string Email,
    VolunteerStatus Status,
    int Arrival,
    string Source,
    DateTimeOffset RegisteredAt);

public sealed record VolunteerWithdrawn(Guid MarathonId, string PartnerId, Guid VolunteerId, bool WasConfirmed, string Source, DateTimeOffset WithdrawnAt);

/// <summary>A waitlisted volunteer took a freed place; carries the profile so the promotion can be published on its own.</summary>
public sealed record WaitlistedVolunteerConfirmed(
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    Guid VolunteerId,
    VolunteerProfile Profile,
    string Source,
    DateTimeOffset ConfirmedAt);

/// <summary>A confirmed volunteer checked in; carries who to survey afterwards (first name and e-mail, for Feedback only).</summary>
public sealed record VolunteerCheckedIn(Guid MarathonId, string PartnerId, Guid VolunteerId, DateTimeOffset CheckedInAt, string? FirstName = null, string? Email = null);

/// <summary>
/// One volunteer: the aggregate its slices decide on, and (as its inline snapshot) the document the API lists and
/// shows, so a command loads it by id in constant time and its <see cref="Version"/> is the stream version behind the
/// <c>ETag</c>. Built by <see cref="Evolution"/>; Marten uses <see cref="Create"/> and the <c>Apply</c> methods.
/// </summary>
public sealed record Volunteer(
    Guid Id,
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    string EmployeeRef,
    VolunteerProfile Profile,
    string LastName,
    string Email,
    VolunteerStatus Status,
    bool CheckedIn,
    int Arrival,
    string Source,
    DateTimeOffset RegisteredAt) : IRevisioned
{
    /// <summary>Where no campaign is named: the registration came directly.</summary>
    public const string DirectSource = "direct";

    public int Version { get; set; }

    public static Volunteer Create(VolunteerRegistered e) => new(
        e.VolunteerId, e.MarathonId, e.PartnerId, e.PartnerName, e.EmployeeRef, e.Profile, e.LastName, e.Email, e.Status,
        CheckedIn: false, e.Arrival, e.Source, e.RegisteredAt);

    public static Volunteer Evolution(Volunteer state, object @event) => @event switch
    {
        VolunteerWithdrawn => state with { Status = VolunteerStatus.Withdrawn },
        WaitlistedVolunteerConfirmed => state with { Status = VolunteerStatus.Confirmed },
        VolunteerCheckedIn => state with { CheckedIn = true },
        _ => state,
    };

    public Volunteer Apply(VolunteerWithdrawn e) => Evolution(this, e);
    public Volunteer Apply(WaitlistedVolunteerConfirmed e) => Evolution(this, e);
    public Volunteer Apply(VolunteerCheckedIn e) => Evolution(this, e);
}
