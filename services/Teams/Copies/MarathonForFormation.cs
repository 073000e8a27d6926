using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Teams.Copies;

/// <summary>
/// Teams' own copy of what it needs to know about a marathon to form its teams, kept from Recruitment's events.
/// The status keeps the upstream version it came from, so a status change that overtook the scheduling stays;
/// partners are a set, so one that joined later and arrived first stays too. Completion is final, so the first
/// completion heard of gives the instant the correction window starts from.
/// Public: Marten generates code against its documents.
/// </summary>
[UseOptimisticConcurrency]
public sealed class MarathonForFormation
    : IEntityCopyOf<MarathonScheduled>, IEntityCopyOf<MarathonStatusChanged>, IEntityCopyOf<MarathonPartnerJoined>
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    public int MaxSameCompanyPerTeam { get; set; }
    public List<MarathonPartner> Partners { get; set; } = [];
    public long DetailsVersion { get; set; }
    public Latest<string> Status { get; set; } = new() { Value = MarathonStatuses.Planned };

    /// <summary>Days after completion during which a deliverable may still be recorded or replaced, as a correction.</summary>
    public int CorrectionDays { get; set; } = MarathonDefaults.CorrectionDays;

    /// <summary>When the marathon completed (Recruitment's clock), once Teams has heard.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public static Guid CopyId(MarathonScheduled message) => message.MarathonId;

    public static Guid CopyId(MarathonStatusChanged message) => message.MarathonId;

    public static Guid CopyId(MarathonPartnerJoined message) => message.MarathonId;

    public void Apply(MarathonScheduled message)
    {
        Name = message.Name;
        Date = message.Date;
        MaxSameCompanyPerTeam = message.MaxSameCompanyPerTeam;
        Partners = [.. message.Partners.UnionBy(Partners, p => p.PartnerId)];
        DetailsVersion = message.Version;
        CorrectionDays = message.CorrectionDays;
        Status.Offer(MarathonStatuses.Planned, message.Version);
    }

    public void Apply(MarathonStatusChanged message)
    {
        Status.Offer(message.Status, message.Version);
        if (message.Status == MarathonStatuses.Completed)
        {
            CompletedAt ??= message.ChangedAt;
        }
    }

    public void Apply(MarathonPartnerJoined message) => Partners = [.. Partners.UnionBy([message.Partner], p => p.PartnerId)];
}

internal sealed class MarathonScheduledConsumer(IDocumentSession session, ILogger<MarathonScheduledConsumer> logger)
    : EntityCopyConsumer<MarathonScheduled, MarathonForFormation>(session, logger);

internal sealed class MarathonStatusChangedConsumer(IDocumentSession session, ILogger<MarathonStatusChangedConsumer> logger)
    : EntityCopyConsumer<MarathonStatusChanged, MarathonForFormation>(session, logger);

internal sealed class MarathonPartnerJoinedConsumer(IDocumentSession session, ILogger<MarathonPartnerJoinedConsumer> logger)
    : EntityCopyConsumer<MarathonPartnerJoined, MarathonForFormation>(session, logger);

/// <summary>What <c>GET /admin/teams/marathons/{mid}</c> shows of Teams' copy.</summary>
internal sealed record MarathonForFormationResponse(
    Guid MarathonId, string Name, DateOnly? Date, int MaxSameCompanyPerTeam, IReadOnlyList<MarathonPartner> Partners, string Status, long DetailsVersion,
    int CorrectionDays, DateTimeOffset? CompletedAt);

internal static class MarathonForFormationEndpoints
{
    public static RouteGroupBuilder MapMarathonForFormation(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<MarathonForFormation>(marathonId, ct) is { Name: { } name } marathon
                    ? TypedResults.Ok(new MarathonForFormationResponse(
                        marathon.Id, name, marathon.Date, marathon.MaxSameCompanyPerTeam, marathon.Partners, marathon.Status.Value!, marathon.DetailsVersion,
                        marathon.CorrectionDays, marathon.CompletedAt))
                    : throw new NotFound($"Teams has not heard of marathon {marathonId} (yet)."))
            .WithName("GetMarathonForFormation")
            .WithSummary("What Teams knows of a marathon, from Recruitment's events (staff).");
        return admin;
    }
}
