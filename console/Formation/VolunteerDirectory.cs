using ProBono.StaffConsole.Gateway;

namespace ProBono.StaffConsole.Formation;

/// <summary>The marathon's confirmed volunteers by id, read page by page (a marathon has up to a few thousand).</summary>
internal static class VolunteerDirectory
{
    private const int PageSize = 500;

    public static async Task<GatewayResult<Dictionary<Guid, VolunteerView>>> Confirmed(GatewayClient gateway, Guid marathonId, CancellationToken ct = default)
    {
        var first = await gateway.Get<Page<VolunteerView>>(Path(marathonId, 1), ct);
        if (first.Problem is { } problem)
        {
            return GatewayResult<Dictionary<Guid, VolunteerView>>.Failed(problem);
        }
        var pages = (first.Value!.Total + PageSize - 1) / PageSize;
        // the other pages at once: one after the other, 2,000 volunteers would take four round trips
        var rest = await Task.WhenAll(Enumerable.Range(2, Math.Max(0, pages - 1)).Select(p => gateway.Get<Page<VolunteerView>>(Path(marathonId, p), ct)));
        if (rest.FirstOrDefault(r => r.Problem is not null) is { Problem: { } later })
        {
            return GatewayResult<Dictionary<Guid, VolunteerView>>.Failed(later);
        }
        var all = first.Value.Items.Concat(rest.SelectMany(r => r.Value!.Items)).ToDictionary(v => v.VolunteerId);
        return GatewayResult<Dictionary<Guid, VolunteerView>>.Ok(all);
    }

    private static string Path(Guid marathonId, int page) => $"/api/marathons/{marathonId}/volunteers?status=confirmed&pageSize={PageSize}&page={page}";
}
