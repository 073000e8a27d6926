namespace ProBono.Needs.Associations;

/// <summary>Staff list the registered associations, by name, a page at a time.</summary>
internal static class ListAssociationsSlice
{
    public static RouteGroupBuilder MapListAssociations(this RouteGroupBuilder admin)
    {
        admin.MapGet("/associations", async (HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var page = await session.Query<Association>().OrderBy(a => a.Name).ThenBy(a => a.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<AssociationDetails>([.. page.Select(AssociationDetails.From)], page.TotalItemCount));
            })
            .WithName("ListAssociations")
            .WithPaging()
            .WithSummary("The registered associations, by name (staff).");
        return admin;
    }
}
