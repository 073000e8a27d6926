using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Needs.Copies;

/// <summary>
/// Needs' own copy of what it needs to know about a marathon to take associations' needs for it, kept from Recruitment's events.
/// The status keeps the upstream version it came from, so a status change that overtook the scheduling stays.
/// Public: Marten generates code against its documents.
/// </summary>
[UseOptimisticConcurrency]
public sealed class MarathonForNeeds : IEntityCopyOf<MarathonScheduled>, IEntityCopyOf<MarathonStatusChanged>
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    public string? Venue { get; set; }
    public DateOnly? RegistrationDeadline { get; set; }
    public long DetailsVersion { get; set; }
    public Latest<string> Status { get; set; } = new() { Value = MarathonStatuses.Planned };

    public static Guid CopyId(MarathonScheduled message) => message.MarathonId;

    public static Guid CopyId(MarathonStatusChanged message) => message.MarathonId;

    public void Apply(MarathonScheduled message)
    {
        Name = message.Name;
        Date = message.Date;
        Venue = message.Venue;
        RegistrationDeadline = message.RegistrationDeadline;
        DetailsVersion = message.Version;
        Status.Offer(MarathonStatuses.Planned, message.Version);
    }

    public void Apply(MarathonStatusChanged message) => Status.Offer(message.Status, message.Version);
}

internal sealed class MarathonScheduledConsumer(IDocumentSession session, ILogger<MarathonScheduledConsumer> logger)
    : EntityCopyConsumer<MarathonScheduled, MarathonForNeeds>(session, logger);

internal sealed class MarathonStatusChangedConsumer(IDocumentSession session, ILogger<MarathonStatusChangedConsumer> logger)
    : EntityCopyConsumer<MarathonStatusChanged, MarathonForNeeds>(session, logger);

/// <summary>What <c>GET /admin/needs/marathons/{mid}</c> shows of Needs' copy.</summary>
internal sealed record MarathonForNeedsResponse(
    Guid MarathonId, string Name, DateOnly? Date, string? Venue, DateOnly? RegistrationDeadline, string Status, long DetailsVersion);

internal static class MarathonForNeedsEndpoints
{
    public static RouteGroupBuilder MapMarathonForNeeds(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<MarathonForNeeds>(marathonId, ct) is { Name: { } name } marathon
                    ? TypedResults.Ok(new MarathonForNeedsResponse(
                        marathon.Id, name, marathon.Date, marathon.Venue, marathon.RegistrationDeadline, marathon.Status.Value!, marathon.DetailsVersion))
                    : throw new NotFound($"Needs has not heard of marathon {marathonId} (yet)."))
            .WithName("GetMarathonForNeeds")
            .ProducesProblems(404)
            .WithSummary("What Needs knows of a marathon, from Recruitment's events (staff).");
        return admin;
    }
}
