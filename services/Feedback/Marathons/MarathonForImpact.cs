using Marten;
using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Feedback.Marathons;

/// <summary>
/// Feedback's own copy of what it needs to know about a marathon to survey it and report its impact, kept from Recruitment's events.
/// Scheduling and status changes may arrive in any order: each part keeps the upstream version it came from,
/// and an older version never overwrites a newer one. Two deliveries racing on one marathon cannot both save
/// (optimistic concurrency); the loser is retried and re-reads.
/// </summary>
[UseOptimisticConcurrency]
public sealed class MarathonForImpact
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    public int HoursPerVolunteer { get; set; }
    public decimal HourlyValueEur { get; set; }
    public List<MarathonPartner> Partners { get; set; } = [];
    public long DetailsVersion { get; set; }
    public string Status { get; set; } = MarathonStatuses.Planned;
    public long StatusVersion { get; set; }
}

internal sealed class MarathonScheduledConsumer(IDocumentSession session, ILogger<MarathonScheduledConsumer> logger)
    : IdempotentConsumer<MarathonScheduled>(session, logger)
{
    protected override async Task Apply(MarathonScheduled message, IDocumentSession session, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonForImpact>(message.MarathonId, ct) ?? new MarathonForImpact { Id = message.MarathonId };
        if (message.Version <= marathon.DetailsVersion)
        {
            return;
        }
        marathon.Name = message.Name;
        marathon.Date = message.Date;
        marathon.HoursPerVolunteer = message.HoursPerVolunteer;
        marathon.HourlyValueEur = message.HourlyValueEur;
        // partners that joined later (and arrived first) stay
        marathon.Partners = [.. message.Partners.UnionBy(marathon.Partners, p => p.PartnerId)];
        marathon.DetailsVersion = message.Version;
        if (message.Version > marathon.StatusVersion)
        {
            marathon.Status = MarathonStatuses.Planned;
            marathon.StatusVersion = message.Version;
        }
        session.Store(marathon);
    }
}

internal sealed class MarathonStatusChangedConsumer(IDocumentSession session, ILogger<MarathonStatusChangedConsumer> logger)
    : IdempotentConsumer<MarathonStatusChanged>(session, logger)
{
    protected override async Task Apply(MarathonStatusChanged message, IDocumentSession session, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonForImpact>(message.MarathonId, ct) ?? new MarathonForImpact { Id = message.MarathonId };
        if (message.Version <= marathon.StatusVersion)
        {
            return;
        }
        marathon.Status = message.Status;
        marathon.StatusVersion = message.Version;
        session.Store(marathon);
    }
}

internal sealed class MarathonPartnerJoinedConsumer(IDocumentSession session, ILogger<MarathonPartnerJoinedConsumer> logger)
    : IdempotentConsumer<MarathonPartnerJoined>(session, logger)
{
    protected override async Task Apply(MarathonPartnerJoined message, IDocumentSession session, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonForImpact>(message.MarathonId, ct) ?? new MarathonForImpact { Id = message.MarathonId };
        if (marathon.Partners.Any(p => p.PartnerId == message.Partner.PartnerId))
        {
            return;
        }
        marathon.Partners.Add(message.Partner);
        session.Store(marathon);
    }
}

internal static class MarathonForImpactEndpoints
{
    public static RouteGroupBuilder MapMarathonForImpact(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<MarathonForImpact>(marathonId, ct) is { Name: not null } marathon
                    ? TypedResults.Ok(marathon)
                    : throw new NotFound($"Feedback has not heard of marathon {marathonId} (yet)."))
            .WithName("GetMarathonForImpact")
            .WithSummary("What Feedback knows of a marathon, from Recruitment's events (staff).");
        return admin;
    }
}
