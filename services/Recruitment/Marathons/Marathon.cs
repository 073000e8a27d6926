using ProBono.Recruitment.Marathons.ChangingPartners;

namespace ProBono.Recruitment.Marathons;

public enum MarathonStatus
{
    Planned,
    RegistrationOpen,
    RegistrationClosed,
    InProgress,
    Completed,
}

/// <summary>A partner as the marathon knows it: its quota, and its contact and legal data when staff gave them (all optional).</summary>
public sealed record PartnerQuota(
    string PartnerId, string Name, int Quota,
    string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null);

// The marathon's private domain events. What leaves the service is mapped in RecruitmentIntegrationEvents.
public sealed record MarathonScheduled(
    Guid MarathonId,
    string Name,
    string Venue,
    DateOnly Date,
    DateOnly RegistrationDeadline,
    int HoursPerVolunteer,
    decimal HourlyValueEur,
    int MaxSameCompanyPerTeam,
    IReadOnlyList<PartnerQuota> Partners,
    DateTimeOffset ScheduledAt,
    int CorrectionDays = Contracts.MarathonDefaults.CorrectionDays,
    int SurveyDays = Contracts.MarathonDefaults.SurveyDays);

public sealed record PartnerJoined(Guid MarathonId, PartnerQuota Partner, DateTimeOffset JoinedAt);

public sealed record RegistrationOpened(Guid MarathonId, DateTimeOffset OpenedAt);

public sealed record RegistrationClosed(Guid MarathonId, DateTimeOffset ClosedAt);

public sealed record MarathonStarted(Guid MarathonId, DateTimeOffset StartedAt);

/// <summary>The marathon completed; <see cref="Reason"/> is staff's reason when they completed it although it was not ready.</summary>
public sealed record MarathonCompleted(Guid MarathonId, DateTimeOffset CompletedAt, bool Forced = false, string? Reason = null, string? By = null);

/// <summary>
/// The marathon as its deciders need it: status and partners. Built from its events by <see cref="Evolution"/>;
/// Marten uses <see cref="Create"/> and the <c>Apply</c> methods, which delegate to it.
/// </summary>
public sealed record Marathon(
    Guid Id,
    MarathonStatus Status,
    DateOnly Date,
    IReadOnlyDictionary<string, PartnerQuota> Partners)
{
    public static Marathon Create(MarathonScheduled e) =>
        new(e.MarathonId, MarathonStatus.Planned, e.Date, e.Partners.ToDictionary(p => p.PartnerId));

    public static Marathon Evolution(Marathon state, object @event) => @event switch
    {
        PartnerJoined e => state with { Partners = new Dictionary<string, PartnerQuota>(state.Partners) { [e.Partner.PartnerId] = e.Partner } },
        PartnerChanged e => state with { Partners = new Dictionary<string, PartnerQuota>(state.Partners) { [e.Partner.PartnerId] = e.Partner } },
        RegistrationOpened => state with { Status = MarathonStatus.RegistrationOpen },
        RegistrationClosed => state with { Status = MarathonStatus.RegistrationClosed },
        MarathonStarted => state with { Status = MarathonStatus.InProgress },
        MarathonCompleted => state with { Status = MarathonStatus.Completed },
        _ => state,
    };

    public Marathon Apply(PartnerJoined e) => Evolution(this, e);
    public Marathon Apply(PartnerChanged e) => Evolution(this, e);
    public Marathon Apply(RegistrationOpened e) => Evolution(this, e);
    public Marathon Apply(RegistrationClosed e) => Evolution(this, e);
    public Marathon Apply(MarathonStarted e) => Evolution(this, e);
    public Marathon Apply(MarathonCompleted e) => Evolution(this, e);
}
