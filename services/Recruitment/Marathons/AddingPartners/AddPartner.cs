using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Marathons.Scheduling;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Browsing;

namespace ProBono.Recruitment.Marathons.AddingPartners;

internal static class AddPartnerSlice
{
    /// <summary>A partner joins before registration closes; the same partner again with the same terms changes nothing.</summary>
    public static IReadOnlyList<object> Decide(Marathon marathon, PartnerQuota partner, DateTimeOffset now)
    {
        if (marathon.Status is not (MarathonStatus.Planned or MarathonStatus.RegistrationOpen))
        {
            throw new StateConflict($"Partners can join only while the marathon is planned or open for registration; it is {marathon.Status.ToApi()}.");
        }
        if (marathon.Partners.TryGetValue(partner.PartnerId, out var existing))
        {
            return existing == partner
                ? []
                : throw new StateConflict($"Partner '{partner.PartnerId}' already takes part, as '{existing.Name}' with a quota of {existing.Quota}.");
        }
        return [new PartnerJoined(marathon.Id, partner, now)];
    }

    public static RouteGroupBuilder MapAddPartner(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/partners", async (
                Guid marathonId, [FromBody] PartnerRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                // nullable so that a missing body reaches ValidateRequest, which refuses it with a 400 naming the body
                var partner = request!.ToPartner();
                var now = clock.GetUtcNow();
                await session.Decide<Marathon>(
                    http, marathonId, m =>
                    {
                        var events = Decide(m, partner, now);
                        foreach (var joined in events.OfType<PartnerJoined>())
                        {
                            // the partner's roster starts in the same transaction as its joining
                            PartnerRosters.Open(session, marathonId, joined.Partner, now);
                        }
                        return events;
                    }, Marathon.Evolution, ct);
                var summary = await session.LoadAsync<MarathonSummary>(marathonId, ct);
                return TypedResults.Ok(MarathonDetails.From(summary!, await PartnerFigures.Of(session, marathonId, ct), http.User));
            })
            .ValidateRequest<PartnerRequest>()
            .WithName("AddPartner")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Add a partner company and its quota to a marathon (staff).");
        return admin;
    }
}
