using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Marathons.Browsing;

internal static class BrowseMarathonsSlice
{
    public static RouteGroupBuilder MapBrowseMarathons(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons", async (HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var partnerId = http.HttpContext.User.PartnerId();
                IQueryable<MarathonSummary> query = session.Query<MarathonSummary>();
                if (partnerId is not null)
                {
                    // a partner sees the marathons it takes part in
                    query = query.Where(m => m.PartnerIds.Contains(partnerId));
                }
                var page = await query.OrderBy(m => m.Date).ThenBy(m => m.Name)
                    .ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<MarathonListItem>(
                    page.Select(m => new MarathonListItem(m.Id, m.Name, m.Venue, m.Date, m.Status)).ToList(), page.TotalItemCount));
            })
            .WithName("ListMarathons")
            .WithPaging()
            .WithSummary("List marathons (a partner: those it takes part in).");

        api.MapGet("/marathons/{marathonId:guid}", async (Guid marathonId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var marathon = await session.Require(marathonId, http.User.PartnerId(), ct);
                http.Response.SetETag(marathon.Version);
                return TypedResults.Ok(MarathonDetails.From(marathon, await PartnerFigures.Of(session, marathonId, ct), http.User));
            })
            .WithName("GetMarathon")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("A marathon with its partners' quotas, confirmed and waitlisted volunteers.");
        return api;
    }
}
