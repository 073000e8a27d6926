using JasperFx;

namespace ProBono.Recruitment.Volunteers;

public enum VolunteerStatus
{
    Confirmed,
    Waitlisted,
    Withdrawn,
}

/// <summary>
/// What of a volunteer may leave Recruitment (first name only: no last name, e-mail or employee reference).
/// <see cref="Language"/> is the one its mails and pages are in; <see cref="AnnualCostEur"/> (pay plus employer
/// charges) values its hours at cost price for the partner's tax pack.
/// </summary>
public sealed record VolunteerProfile(
    string FirstName,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur,
    string Language = VolunteerProfile.DefaultLanguage,
    decimal? AnnualCostEur = null)
{
    public const string DefaultLanguage = "fr";

    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(StringComparer.Ordinal) { "fr", "en" };
}

// A volunteer's private domain events: one stream per volunteer, its id derived from (marathon, partner, employeeRef).
// Each carries the marathon and the partner, so the roster's figures and the campaign sources are projected from them
// alone. What leaves the service is mapped in RecruitmentIntegrationEvents.

/// <summary>
/// An employee registered; <see cref="Arrival"/> is its place in the partner's arrival order (0-based). The last name
/// and e-mail live in <see cref="VolunteerPersonalData"/>, written in the same transaction, so they can be erased; the
/// two optional properties are only read from events recorded before that (docs/adr/0016-personal-data-outside-events.md).
/// </summary>
public sealed record VolunteerRegistered(
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    Guid VolunteerId,
    string EmployeeRef,
    VolunteerProfile Profile,
    VolunteerStatus Status,
    int Arrival,
    string Source,
    DateTimeOffset RegisteredAt,
    string? LastName = null,
    string? Email = null,
    string? BadgeCode = null);

/// <summary>The volunteer's last name and e-mail were erased on request; carries no personal data itself.</summary>
public sealed record VolunteerPersonalDataErased(Guid MarathonId, string PartnerId, Guid VolunteerId, DateTimeOffset ErasedAt);

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

/// <summary>The volunteer came; a <see cref="Correction"/> is recorded after the marathon completed, within its correction window, by <see cref="By"/>.</summary>
public sealed record VolunteerCheckedIn(Guid MarathonId, string PartnerId, Guid VolunteerId, DateTimeOffset CheckedInAt, bool Correction = false, string? By = null);

/// <summary>The volunteer said, on the page the day-before mail links to, that they will come.</summary>
public sealed record VolunteerAttendanceConfirmed(Guid MarathonId, string PartnerId, Guid VolunteerId, DateTimeOffset ConfirmedAt);

/// <summary>
/// One volunteer: the aggregate its slices decide on, and (as its inline snapshot) the document the API lists and
/// shows, so a command loads it by id in constant time and its <see cref="Version"/> is the stream version behind the
/// <c>ETag</c>. It holds no last name or e-mail except those of a registration recorded before
/// <see cref="VolunteerPersonalData"/> existed (until erased); reads prefer the document. Built by <see cref="Evolution"/>; Marten uses <see cref="Create"/> and the <c>Apply</c> methods.
/// </summary>
public sealed record Volunteer(
    Guid Id,
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    string EmployeeRef,
    VolunteerProfile Profile,
    VolunteerStatus Status,
    bool CheckedIn,
    int Arrival,
    string Source,
    DateTimeOffset RegisteredAt,
    string? LastName = null,
    string? Email = null,
    bool PersonalDataErased = false,
    string? BadgeCode = null,
    VolunteerCheckIn? CheckIn = null,
    string SearchKey = "",
    DateTimeOffset? AttendanceConfirmedAt = null) : IRevisioned
{
    /// <summary>Where no campaign is named: the registration came directly.</summary>
    public const string DirectSource = "direct";

    public int Version { get; set; }

    public static Volunteer Create(VolunteerRegistered e) => new(
        e.VolunteerId, e.MarathonId, e.PartnerId, e.PartnerName, e.EmployeeRef, e.Profile, e.Status,
        CheckedIn: false, e.Arrival, e.Source, e.RegisteredAt, e.LastName, e.Email, BadgeCode: e.BadgeCode,
        SearchKey: Search.Key(e.Profile.FirstName, e.EmployeeRef));

    public static Volunteer Evolution(Volunteer state, object @event) => @event switch
    {
        VolunteerWithdrawn => state with { Status = VolunteerStatus.Withdrawn },
        WaitlistedVolunteerConfirmed => state with { Status = VolunteerStatus.Confirmed },
        VolunteerCheckedIn e => state with { CheckedIn = true, CheckIn = new VolunteerCheckIn(e.CheckedInAt, e.Correction, e.By) },
        VolunteerPersonalDataErased => state with { LastName = null, Email = null, PersonalDataErased = true },
        VolunteerAttendanceConfirmed e => state with { AttendanceConfirmedAt = e.ConfirmedAt },
        _ => state,
    };

    public Volunteer Apply(VolunteerWithdrawn e) => Evolution(this, e);
    public Volunteer Apply(WaitlistedVolunteerConfirmed e) => Evolution(this, e);
    public Volunteer Apply(VolunteerCheckedIn e) => Evolution(this, e);
    public Volunteer Apply(VolunteerPersonalDataErased e) => Evolution(this, e);
    public Volunteer Apply(VolunteerAttendanceConfirmed e) => Evolution(this, e);
}

/// <summary>
/// A volunteer's last name and e-mail, kept out of the event stream (which is immutable) so that they can be erased on
/// request: a document whose id is the volunteer's, stored in the transaction that registers it and deleted on erasure.
/// The employee reference stays in the events: the volunteer's id is derived from it (see RosterIds.Volunteer).
/// <see cref="SearchKey"/> holds them folded for search (<see cref="Search"/>), so it is erased with them.
/// </summary>
public sealed record VolunteerPersonalData(Guid Id, string LastName, string Email, Guid MarathonId = default, string SearchKey = "")
{
    public static VolunteerPersonalData Of(Guid volunteerId, Guid marathonId, string lastName, string email) =>
        new(volunteerId, lastName, email, marathonId, Search.Key(lastName, email));
}

/// <summary>When a volunteer checked in; a correction was recorded after the marathon completed, by whom.</summary>
public sealed record VolunteerCheckIn(DateTimeOffset At, bool Correction, string? By);
