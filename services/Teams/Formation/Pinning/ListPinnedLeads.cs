using ProBono.Teams.Copies;

namespace ProBono.Teams.Formation.Pinning;

/// <summary>Staff list a marathon's pinned leads, each kept or broken with the reason.</summary>
internal static class ListPinnedLeadsSlice
{
    /// <summary>Each pin, kept or broken: a pin is never silently dropped.</summary>
    public static IReadOnlyList<PinnedLeadView> Views(Formation? formation, IReadOnlyDictionary<Guid, NeedForFormation> needs, IReadOnlyDictionary<Guid, VolunteerForFormation> volunteers) =>
        [.. (formation?.Pins ?? new Dictionary<Guid, Guid>()).OrderBy(p => p.Key).Select(p =>
        {
            var need = needs.GetValueOrDefault(p.Key);
            var volunteer = volunteers.GetValueOrDefault(p.Value);
            var problem = need is null || !need.IsOpen ? "The need was withdrawn."
                : volunteer is null || !volunteer.IsConfirmed ? "The volunteer withdrew."
                : null;
            return new PinnedLeadView(p.Key, need?.Title, p.Value, volunteer?.FirstName, volunteer?.PartnerId, problem is null, problem);
        })];

    public static RouteGroupBuilder MapListPinnedLeads(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/leads", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                var formation = await session.LoadAsync<Formation>(marathonId, ct);
                var pins = formation?.Pins ?? new Dictionary<Guid, Guid>();
                var needs = await session.LoadManyAsync<NeedForFormation>(ct, pins.Keys);
                var volunteers = await session.LoadManyAsync<VolunteerForFormation>(ct, pins.Values);
                var views = Views(formation, needs.ToDictionary(n => n.Id), volunteers.ToDictionary(v => v.Id));
                return TypedResults.Ok(new Page<PinnedLeadView>(views, views.Count));
            })
            .WithName("ListPinnedLeads")
            .WithSummary("The pinned project leads of a marathon, each kept or broken with the reason (staff).");
        return admin;
    }
}
