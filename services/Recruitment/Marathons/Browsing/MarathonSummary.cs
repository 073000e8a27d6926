using System.Security.Claims;
using JasperFx;
using Marten.Events.Aggregation;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Marathons.Browsing;

public sealed class PartnerSummary
{
    public required string PartnerId { get; init; }
    public required string Name { get; init; }
    public int Quota { get; set; }
    public string? ContactEmail { get; set; }
    public string? LegalName { get; set; }
    public string? Siren { get; set; }
    public string? Address { get; set; }
}

/// <summary>What <c>GET /api/marathons[/{id}]</c> shows; updated in the same transaction as the marathon's events.</summary>
public sealed class MarathonSummary : IRevisioned
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Venue { get; set; } = "";
    public DateOnly Date { get; set; }
    public DateOnly RegistrationDeadline { get; set; }
    public int HoursPerVolunteer { get; set; }
    public decimal HourlyValueEur { get; set; }
    public int MaxSameCompanyPerTeam { get; set; }
    public MarathonStatus Status { get; set; }
    public List<PartnerSummary> Partners { get; set; } = [];
    public string[] PartnerIds { get; set; } = [];
    public int CorrectionDays { get; set; } = Contracts.MarathonDefaults.CorrectionDays;
    public int SurveyDays { get; set; } = Contracts.MarathonDefaults.SurveyDays;
    public MarathonCompletion? Completion { get; set; }

    /// <summary>Until when late check-ins and deliverables count (as corrections); null before completion.</summary>
    public DateTimeOffset? CorrectionsUntil => Completion?.At.AddDays(CorrectionDays);
}

/// <summary>When the marathon completed, and, when staff completed it although it was not ready, their reason.</summary>
public sealed record MarathonCompletion(DateTimeOffset At, bool Forced, string? Reason, string? By);

internal sealed class MarathonSummaryProjection : SingleStreamProjection<MarathonSummary, Guid>
{
    public static MarathonSummary Create(MarathonScheduled e) => new()
    {
        Id = e.MarathonId,
        Name = e.Name,
        Venue = e.Venue,
        Date = e.Date,
        RegistrationDeadline = e.RegistrationDeadline,
        HoursPerVolunteer = e.HoursPerVolunteer,
        HourlyValueEur = e.HourlyValueEur,
        MaxSameCompanyPerTeam = e.MaxSameCompanyPerTeam,
        CorrectionDays = e.CorrectionDays,
        SurveyDays = e.SurveyDays,
        Status = MarathonStatus.Planned,
        Partners = e.Partners.Select(Summary).ToList(),
        PartnerIds = e.Partners.Select(p => p.PartnerId).ToArray(),
    };

    public static void Apply(PartnerJoined e, MarathonSummary m)
    {
        m.Partners.Add(Summary(e.Partner));
        m.PartnerIds = [.. m.PartnerIds, e.Partner.PartnerId];
    }

    public static void Apply(PartnerChanged e, MarathonSummary m) =>
        m.Partners = [.. m.Partners.Select(p => p.PartnerId == e.Partner.PartnerId ? Summary(e.Partner) : p)];

    public static void Apply(RegistrationOpened _, MarathonSummary m) => m.Status = MarathonStatus.RegistrationOpen;
    public static void Apply(RegistrationClosed _, MarathonSummary m) => m.Status = MarathonStatus.RegistrationClosed;
    public static void Apply(MarathonStarted _, MarathonSummary m) => m.Status = MarathonStatus.InProgress;
    public static void Apply(MarathonCompleted e, MarathonSummary m)
    {
        m.Status = MarathonStatus.Completed;
        m.Completion = new MarathonCompletion(e.CompletedAt, e.Forced, e.Reason, e.By);
    }

    private static PartnerSummary Summary(PartnerQuota p) => new()
    {
        PartnerId = p.PartnerId, Name = p.Name, Quota = p.Quota,
        ContactEmail = p.ContactEmail, LegalName = p.LegalName, Siren = p.Siren, Address = p.Address,
    };
}

internal sealed record MarathonListItem(Guid MarathonId, string Name, string Venue, DateOnly Date, MarathonStatus Status);

/// <summary>A partner's line in a marathon: its quota and volunteers' figures, its contact and legal data when given.</summary>
internal sealed record PartnerQuotaFigures(
    string PartnerId, string Name, int Quota, int Confirmed, int Waitlisted,
    string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null);

internal sealed record MarathonDetails(
    Guid MarathonId,
    string Name,
    string Venue,
    DateOnly Date,
    DateOnly RegistrationDeadline,
    MarathonStatus Status,
    int HoursPerVolunteer,
    decimal HourlyValueEur,
    int MaxSameCompanyPerTeam,
    IReadOnlyList<PartnerQuotaFigures> Partners,
    int CorrectionDays,
    int SurveyDays,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    MarathonCompletion? Completion)
{
    /// <summary>Staff see every partner's figures, a partner only its own, associations and volunteers none (API.md).</summary>
    public static MarathonDetails From(MarathonSummary m, IReadOnlyDictionary<string, VolunteerCounts> counts, ClaimsPrincipal user)
    {
        var staff = user.IsStaff();
        var partnerId = user.PartnerId();
        var partners = m.Partners
            .Where(p => staff || (partnerId is not null && p.PartnerId == partnerId))
            .Select(p => (Partner: p, Counts: counts.GetValueOrDefault(p.PartnerId, VolunteerCounts.None)))
            .Select(x => new PartnerQuotaFigures(x.Partner.PartnerId, x.Partner.Name, x.Partner.Quota, x.Counts.Confirmed, x.Counts.Waitlisted,
                x.Partner.ContactEmail, x.Partner.LegalName, x.Partner.Siren, x.Partner.Address))
            .ToList();
        return new MarathonDetails(m.Id, m.Name, m.Venue, m.Date, m.RegistrationDeadline, m.Status,
            m.HoursPerVolunteer, m.HourlyValueEur, m.MaxSameCompanyPerTeam, partners, m.CorrectionDays, m.SurveyDays,
            // the reason of a forced completion is staff's note, not the partners'
            staff ? m.Completion : m.Completion is { } c ? c with { Reason = null, By = null } : null);
    }
}
