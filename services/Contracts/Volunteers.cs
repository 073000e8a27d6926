using MassTransit;

namespace ProBono.Contracts;

// Volunteers as other services hear of them. Personal data beyond the first name (last name, e-mail, the employer's
// employee reference) never leaves Recruitment. Version is the version of the volunteer's own stream in Recruitment
// (one stream per volunteer), so it orders the events of one volunteer.

/// <summary>
/// A volunteer holds a confirmed place: registered within the partner's quota, or promoted from the waitlist
/// (<see cref="Promoted"/>; false in messages published before it was carried).
/// Decimals travel as strings; skills and causes as API.md spells them; the language its mails are in (fr, en).
/// </summary>
[MessageUrn("probono:recruitment:volunteer-confirmed:v1")]
public sealed record VolunteerConfirmed(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    string FirstName,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> Causes,
    decimal? HourlyCostEur,
    long Version,
    DateTimeOffset ConfirmedAt,
    string Language = "fr",
    decimal? AnnualCostEur = null,
    bool Promoted = false);

/// <summary>A volunteer registered beyond the partner's quota: on the waitlist, without a place (yet).</summary>
[MessageUrn("probono:recruitment:volunteer-waitlisted:v1")]
public sealed record VolunteerWaitlisted(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    long Version,
    DateTimeOffset WaitlistedAt);

/// <summary>A volunteer withdrew; <see cref="WasConfirmed"/> tells whether it held a place (a waitlisted one did not).</summary>
[MessageUrn("probono:recruitment:volunteer-withdrawn:v1")]
public sealed record VolunteerWithdrawn(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    bool WasConfirmed,
    long Version,
    DateTimeOffset WithdrawnAt);

/// <summary>A confirmed volunteer checked in on the day.</summary>
[MessageUrn("probono:recruitment:volunteer-checked-in:v1")]
public sealed record VolunteerCheckedIn(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    long Version,
    DateTimeOffset CheckedInAt,
    bool Correction = false);
