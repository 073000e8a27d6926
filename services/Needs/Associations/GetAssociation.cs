namespace ProBono.Needs.Associations;

/// <summary>Staff read one association, with its ETag.</summary>
internal static class GetAssociationSlice
{
    public static RouteGroupBuilder MapGetAssociation(this RouteGroupBuilder admin)
    {
        admin.MapGet("/associations/{associationId:guid}", async (Guid associationId, HttpResponse response, IQuerySession session, CancellationToken ct) =>
            {
                var association = await session.LoadAsync<Association>(associationId, ct)
                    ?? throw new ServiceDefaults.Problems.NotFound($"No association with id {associationId}.");
                response.SetETag(association.Version);
                return TypedResults.Ok(AssociationDetails.From(association));
            })
            .WithName("GetAssociation")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One association (staff).");
        return admin;
    }
}
