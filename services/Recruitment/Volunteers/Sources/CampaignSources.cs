using JasperFx.Events;
using Marten.Events.Projections;
using ProBono.Recruitment.Marathons.Browsing;

namespace ProBono.Recruitment.Volunteers.Sources;

/// <summary>
/// What one campaign message (<c>visual-12</c>, <c>newsletter-march</c>, or <c>direct</c>) brought one partner in one
/// marathon: everyone who registered through it, and how many of them hold a confirmed place now. Kept per partner so
/// it changes only under that partner's roster lock, like <see cref="RosterFigures"/>.
/// </summary>
public sealed record SourceFigures(Guid Id, Guid MarathonId, string Source, string PartnerId, int Registered, int Confirmed)
{
    public static Guid IdOf(Guid marathonId, string source, string partnerId) =>
        RosterIds.NameBased(RosterIds.Roster(marathonId, partnerId), source);
}

internal sealed class SourceFiguresProjection : MultiStreamProjection<SourceFigures, Guid>
{
    public SourceFiguresProjection()
    {
        Identity<VolunteerRegistered>(e => SourceFigures.IdOf(e.MarathonId, e.Source, e.PartnerId));
        Identity<WaitlistedVolunteerConfirmed>(e => SourceFigures.IdOf(e.MarathonId, e.Source, e.PartnerId));
        Identity<VolunteerWithdrawn>(e => SourceFigures.IdOf(e.MarathonId, e.Source, e.PartnerId));
    }

    public override SourceFigures? Evolve(SourceFigures? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, VolunteerRegistered r) => new SourceFigures(id, r.MarathonId, r.Source, r.PartnerId, 1, r.Status == VolunteerStatus.Confirmed ? 1 : 0),
        ({ } f, VolunteerRegistered r) => f with { Registered = f.Registered + 1, Confirmed = f.Confirmed + (r.Status == VolunteerStatus.Confirmed ? 1 : 0) },
        ({ } f, WaitlistedVolunteerConfirmed) => f with { Confirmed = f.Confirmed + 1 },
        ({ } f, VolunteerWithdrawn { WasConfirmed: true }) => f with { Confirmed = f.Confirmed - 1 },
        (var f, _) => f,
    };
}

internal sealed record SourcePartner(string PartnerId, int Registered, int Confirmed);

internal sealed record SourceReport(string Source, int Registered, int Confirmed, IReadOnlyList<SourcePartner> Partners);

internal sealed record SourcesResponse(IReadOnlyList<SourceReport> Items);

internal static class CampaignSourcesSlice
{
    public static RouteGroupBuilder MapCampaignSources(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/sources", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                await session.Require(marathonId, null, ct);
                var figures = await session.Query<SourceFigures>().Where(f => f.MarathonId == marathonId).ToListAsync(ct);
                var items = figures
                    .GroupBy(f => f.Source)
                    .Select(g => new SourceReport(
                        g.Key, g.Sum(f => f.Registered), g.Sum(f => f.Confirmed),
                        [.. g.OrderBy(f => f.PartnerId, StringComparer.Ordinal).Select(f => new SourcePartner(f.PartnerId, f.Registered, f.Confirmed))]))
                    .OrderByDescending(s => s.Registered).ThenBy(s => s.Source, StringComparer.Ordinal)
                    .ToList();
                return TypedResults.Ok(new SourcesResponse(items));
            })
            .WithName("CampaignSources")
            .ProducesProblems(404)
            .WithSummary("Which campaign message brought whom: registrations and confirmed places per source, and per partner (staff).");
        return admin;
    }
}
