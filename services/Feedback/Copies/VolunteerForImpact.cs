using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// Feedback's copy of a volunteer, kept from Recruitment's volunteer events: the company it counts for, whether it holds a
/// confirmed place (with the upstream version, as events arrive on separate queues), whether it came on the day and when,
/// the hourly and annual costs its company declared (the value of its hours, and their cost price for the tax pack), and
/// the language of its documents. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class VolunteerForImpact
    : IEntityCopyOf<VolunteerConfirmed>, IEntityCopyOf<VolunteerWithdrawn>, IEntityCopyOf<VolunteerCheckedIn>
{
    public const string Confirmed = "confirmed";
    public const string Withdrawn = "withdrawn";

    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public string PartnerId { get; set; } = "";
    /// <summary>The company's name as the confirmation gave it (copies kept before it was taken hold none).</summary>
    public string? PartnerName { get; set; }
    public string? FirstName { get; set; }
    public decimal? HourlyCostEur { get; set; }
    /// <summary>Gross annual pay plus employer charges, when the company declared it (copies kept before it was taken hold none).</summary>
    public decimal? AnnualCostEur { get; set; }
    /// <summary>fr or en, as the confirmation gave it (copies kept before it was taken hold none: French).</summary>
    public string? Language { get; set; }
    public Latest<string> Status { get; set; } = new();
    public bool CheckedIn { get; set; }
    /// <summary>The first check-in's time (null before it, and in copies of check-ins kept before it was taken).</summary>
    public DateTimeOffset? CheckedInAt { get; set; }

    /// <summary>Holds a confirmed place now: its confirmation has arrived and no later withdrawal.</summary>
    public bool IsConfirmed => Status.Value == Confirmed;

    public static Guid CopyId(VolunteerConfirmed message) => message.VolunteerId;

    public static Guid CopyId(VolunteerWithdrawn message) => message.VolunteerId;

    public static Guid CopyId(VolunteerCheckedIn message) => message.VolunteerId;

    public void Apply(VolunteerConfirmed message)
    {
        MarathonId = message.MarathonId;
        PartnerId = message.PartnerId;
        PartnerName = message.PartnerName;
        FirstName = message.FirstName;
        HourlyCostEur = message.HourlyCostEur;
        AnnualCostEur = message.AnnualCostEur;
        Language = message.Language;
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
        // the first one is the time the volunteer came, whichever order a repeated check-in's messages arrive in
        CheckedInAt = CheckedInAt is { } earlier && earlier <= message.CheckedInAt ? earlier : message.CheckedInAt;
    }
}

internal sealed class VolunteerConfirmedConsumer(IDocumentSession session, ILogger<VolunteerConfirmedConsumer> logger)
    : EntityCopyConsumer<VolunteerConfirmed, VolunteerForImpact>(session, logger);

internal sealed class VolunteerWithdrawnConsumer(IDocumentSession session, ILogger<VolunteerWithdrawnConsumer> logger)
    : EntityCopyConsumer<VolunteerWithdrawn, VolunteerForImpact>(session, logger);

/// <summary>A check-in: the copy, then (when the marathon's surveys are already open) the volunteer's late invitation.</summary>
internal sealed class VolunteerCheckedInConsumer(IDocumentSession session, TimeProvider clock, ILogger<VolunteerCheckedInConsumer> logger)
    : CampaignTopUpConsumer<VolunteerCheckedIn, VolunteerForImpact>(session, clock, logger, m => m.MarathonId);
