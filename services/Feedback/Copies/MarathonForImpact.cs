using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// Feedback's own copy of what it needs to know about a marathon to survey it and report its impact, kept from Recruitment's events.
/// The status keeps the upstream version it came from, so a status change that overtook the scheduling stays;
/// partners are a set, each entry with the upstream version it came from (<see cref="PartnerVersions"/>), so one that
/// joined later and arrived first stays, and a change (a contact address) that overtook the scheduling is not undone by it.
/// Public: Marten generates code against its documents.
/// </summary>
[UseOptimisticConcurrency]
public sealed class MarathonForImpact
    : IEntityCopyOf<MarathonScheduled>, IEntityCopyOf<MarathonStatusChanged>, IEntityCopyOf<MarathonPartnerJoined>,
        IEntityCopyOf<MarathonPartnerChanged>
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    /// <summary>Where it takes place, named on a volunteer's certificate (copies kept before it was taken hold none).</summary>
    public string? Venue { get; set; }
    public int HoursPerVolunteer { get; set; }
    public decimal HourlyValueEur { get; set; }

    /// <summary>How many days after the completion its surveys can be answered.</summary>
    public int SurveyDays { get; set; } = MarathonDefaults.SurveyDays;

    public List<MarathonPartner> Partners { get; set; } = [];

    /// <summary>The upstream version each partner entry came from (a copy saved before they were kept has none: 0).</summary>
    public List<PartnerVersion> PartnerVersions { get; set; } = [];

    public long DetailsVersion { get; set; }
    public Latest<string> Status { get; set; } = new() { Value = MarathonStatuses.Planned };

    public static Guid CopyId(MarathonScheduled message) => message.MarathonId;

    public static Guid CopyId(MarathonStatusChanged message) => message.MarathonId;

    public static Guid CopyId(MarathonPartnerJoined message) => message.MarathonId;

    public static Guid CopyId(MarathonPartnerChanged message) => message.MarathonId;

    public void Apply(MarathonScheduled message)
    {
        Name = message.Name;
        Date = message.Date;
        Venue = message.Venue;
        HoursPerVolunteer = message.HoursPerVolunteer;
        HourlyValueEur = message.HourlyValueEur;
        SurveyDays = message.SurveyDays;
        foreach (var partner in message.Partners)
        {
            Offer(partner, message.Version);
        }
        DetailsVersion = message.Version;
        Status.Offer(MarathonStatuses.Planned, message.Version);
    }

    public void Apply(MarathonStatusChanged message) => Status.Offer(message.Status, message.Version);

    public void Apply(MarathonPartnerJoined message) => Offer(message.Partner, message.Version);

    public void Apply(MarathonPartnerChanged message) => Offer(message.Partner, message.Version);

    /// <summary>Takes the partner as <paramref name="version"/> of the marathon tells it, unless a newer version was taken.</summary>
    private void Offer(MarathonPartner partner, long version)
    {
        var held = PartnerVersions.FirstOrDefault(v => v.PartnerId == partner.PartnerId)?.Version ?? 0;
        if (Partners.Any(p => p.PartnerId == partner.PartnerId) && version <= held)
        {
            return;
        }
        Partners = Partners.Any(p => p.PartnerId == partner.PartnerId)
            ? [.. Partners.Select(p => p.PartnerId == partner.PartnerId ? partner : p)]
            : [.. Partners, partner];
        PartnerVersions = [.. PartnerVersions.Where(v => v.PartnerId != partner.PartnerId), new PartnerVersion(partner.PartnerId, version)];
    }
}

/// <summary>The upstream marathon version a partner entry of the copy came from. Public: Marten generates code against it.</summary>
public sealed record PartnerVersion(string PartnerId, long Version);

/// <summary>The scheduling: the copy, then (should it arrive after the completion) the partners' late invitations.</summary>
internal sealed class MarathonScheduledConsumer(IDocumentSession session, TimeProvider clock, ILogger<MarathonScheduledConsumer> logger)
    : CampaignTopUpConsumer<MarathonScheduled, MarathonForImpact>(session, clock, logger, m => m.MarathonId);

/// <summary>
/// A status change: the copy, then, when the marathon completed, the opening of its survey campaign in the same transaction
/// (with the inbox row), so the campaign opens exactly once. "completed" is final, so it needs no ordering against other changes.
/// </summary>
internal sealed class MarathonStatusChangedConsumer(IDocumentSession session, TimeProvider clock, ILogger<MarathonStatusChangedConsumer> logger)
    : EntityCopyConsumer<MarathonStatusChanged, MarathonForImpact>(session, logger)
{
    protected override CopyFollowUp<MarathonStatusChanged> FollowUp =>
        (session, applied, ct) => CampaignOpening.Open(
            session, applied.Where(m => m.Status == MarathonStatuses.Completed).Select(m => m.MarathonId), clock.GetUtcNow(), ct);
}

/// <summary>A partner joined: the copy, then (should it arrive after the completion) the partner's late invitation.</summary>
internal sealed class MarathonPartnerJoinedConsumer(IDocumentSession session, TimeProvider clock, ILogger<MarathonPartnerJoinedConsumer> logger)
    : CampaignTopUpConsumer<MarathonPartnerJoined, MarathonForImpact>(session, clock, logger, m => m.MarathonId);

/// <summary>
/// A partner changed (its name, quota, contact address or legal data): the copy, then (should it arrive after the completion) the
/// partner's late invitation if it has none; an invitation already issued keeps the address it was issued with.
/// </summary>
internal sealed class MarathonPartnerChangedConsumer(IDocumentSession session, TimeProvider clock, ILogger<MarathonPartnerChangedConsumer> logger)
    : CampaignTopUpConsumer<MarathonPartnerChanged, MarathonForImpact>(session, clock, logger, m => m.MarathonId);

/// <summary>What <c>GET /admin/feedback/marathons/{mid}</c> shows of Feedback's copy.</summary>
internal sealed record MarathonForImpactResponse(
    Guid MarathonId, string Name, DateOnly? Date, int HoursPerVolunteer, decimal HourlyValueEur, IReadOnlyList<MarathonPartner> Partners,
    string Status, long DetailsVersion, string? Venue);

internal static class MarathonForImpactEndpoints
{
    public static RouteGroupBuilder MapMarathonForImpact(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<MarathonForImpact>(marathonId, ct) is { Name: { } name } marathon
                    ? TypedResults.Ok(new MarathonForImpactResponse(
                        marathon.Id, name, marathon.Date, marathon.HoursPerVolunteer, marathon.HourlyValueEur, marathon.Partners,
                        marathon.Status.Value!, marathon.DetailsVersion, marathon.Venue))
                    : throw new NotFound($"Feedback has not heard of marathon {marathonId} (yet)."))
            .WithName("GetMarathonForImpact")
            .WithSummary("What Feedback knows of a marathon, from Recruitment's events (staff).");
        return admin;
    }
}
