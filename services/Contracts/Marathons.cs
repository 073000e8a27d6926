using MassTransit;

namespace ProBono.Contracts;

// Integration events are the only thing services share. Rules (docs/adr/0003-integration-contracts.md):
// records, a stable [MessageUrn] that never changes with the CLR name, additive changes only.
// Each carries the upstream stream Version so consumers can merge out-of-order deliveries.

/// <summary>Recruitment scheduled a marathon. Published once per marathon.</summary>
[MessageUrn("probono:recruitment:marathon-scheduled:v1")]
public sealed record MarathonScheduled(
    Guid MarathonId,
    string Name,
    string Venue,
    DateOnly Date,
    DateOnly RegistrationDeadline,
    int HoursPerVolunteer,
    decimal HourlyValueEur,
    int MaxSameCompanyPerTeam,
    IReadOnlyList<MarathonPartner> Partners,
    long Version,
    DateTimeOffset ScheduledAt,
    int CorrectionDays = MarathonDefaults.CorrectionDays,
    int SurveyDays = MarathonDefaults.SurveyDays);

public static class MarathonDefaults
{
    /// <summary>Days after completion during which late check-ins and deliverables still count, marked as corrections.</summary>
    public const int CorrectionDays = 14;

    /// <summary>Days after completion during which the surveys can be answered; then they close.</summary>
    public const int SurveyDays = 14;
}

/// <summary>
/// A partner as Recruitment knows it. <see cref="ContactEmail"/> is the company's contact address, given by staff to be
/// contacted (its survey goes there); <see cref="LegalName"/>, <see cref="Siren"/> and <see cref="Address"/> are the
/// company's legal data (an organisation's, not a person's), named on the documents it takes home (its tax pack).
/// Each is null when none was given, and in messages published before it was carried.
/// </summary>
public sealed record MarathonPartner(
    string PartnerId, string Name, int Quota, string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null);

/// <summary>A partner company joined a marathon after it was scheduled.</summary>
[MessageUrn("probono:recruitment:marathon-partner-joined:v1")]
public sealed record MarathonPartnerJoined(
    Guid MarathonId,
    MarathonPartner Partner,
    long Version,
    DateTimeOffset JoinedAt);

/// <summary>Staff changed a marathon's partner (its name, quota, contact address or legal data): the partner as it now is.</summary>
[MessageUrn("probono:recruitment:marathon-partner-changed:v1")]
public sealed record MarathonPartnerChanged(
    Guid MarathonId,
    MarathonPartner Partner,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>
/// The marathon moved along planned → registration-open → registration-closed → in-progress → completed.
/// <see cref="Status"/> is the API's lower-case kebab value.
/// </summary>
[MessageUrn("probono:recruitment:marathon-status-changed:v1")]
public sealed record MarathonStatusChanged(
    Guid MarathonId,
    string Status,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>The marathon statuses as they travel in <see cref="MarathonStatusChanged.Status"/>.</summary>
public static class MarathonStatuses
{
    public const string Planned = "planned";
    public const string RegistrationOpen = "registration-open";
    public const string RegistrationClosed = "registration-closed";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
}

/// <summary>
/// Feedback has the marathon's impact report ready: every partner may read its own figures. <see cref="Version"/> is the
/// version of the Feedback stream that made it ready (its survey campaign).
/// </summary>
[MessageUrn("probono:feedback:impact-ready:v1")]
public sealed record ImpactReady(
    Guid MarathonId,
    DateTimeOffset ReadyAt,
    long Version);
