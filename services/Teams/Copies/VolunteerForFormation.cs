using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Teams.Copies;

/// <summary>
/// Teams' copy of a volunteer who holds (or held) a confirmed place, kept from Recruitment's volunteer events: what the
/// optimiser, the team pages and the day board need (first name, company, skills, lead capability, causes, check-in).
/// Confirmed/withdrawn keeps the upstream version it came from (a volunteer's events arrive on separate queues).
/// Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class VolunteerForFormation : IEntityCopyOf<VolunteerConfirmed>, IEntityCopyOf<VolunteerWithdrawn>, IEntityCopyOf<VolunteerCheckedIn>
{
    public const string Confirmed = "confirmed";
    public const string Withdrawn = "withdrawn";

    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public string PartnerId { get; set; } = "";
    public string? PartnerName { get; set; }
    public string? FirstName { get; set; }
    public List<string> Skills { get; set; } = [];
    public bool LeadCapable { get; set; }
    public List<string> Causes { get; set; } = [];
    public decimal? HourlyCostEur { get; set; }
    public Latest<string> Status { get; set; } = new();
    public bool CheckedIn { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Holds a confirmed place now (its confirmation has arrived and no later withdrawal).</summary>
    public bool IsConfirmed => Status.Value == Confirmed && FirstName is not null;

    public static Guid CopyId(VolunteerConfirmed message) => message.VolunteerId;

    public static Guid CopyId(VolunteerWithdrawn message) => message.VolunteerId;

    public static Guid CopyId(VolunteerCheckedIn message) => message.VolunteerId;

    public void Apply(VolunteerConfirmed message)
    {
        MarathonId = message.MarathonId;
        PartnerId = message.PartnerId;
        PartnerName = message.PartnerName;
        FirstName = message.FirstName;
        Skills = [.. message.Skills];
        LeadCapable = message.LeadCapable;
        Causes = [.. message.Causes];
        HourlyCostEur = message.HourlyCostEur;
        ConfirmedAt = message.ConfirmedAt;
        Status.Offer(Confirmed, message.Version);
    }

    public void Apply(VolunteerWithdrawn message)
    {
        MarathonId = message.MarathonId;
        PartnerId = message.PartnerId;
        Status.Offer(Withdrawn, message.Version);
    }

    public void Apply(VolunteerCheckedIn message)
    {
        MarathonId = message.MarathonId;
        PartnerId = message.PartnerId;
        CheckedIn = true; // a check-in is never undone
    }
}

internal sealed class VolunteerConfirmedConsumer(IDocumentSession session, ILogger<VolunteerConfirmedConsumer> logger)
    : EntityCopyConsumer<VolunteerConfirmed, VolunteerForFormation>(session, logger);
