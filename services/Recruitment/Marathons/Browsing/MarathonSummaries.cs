using Marten;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Marathons.Browsing;

internal static class MarathonSummaries
{
    /// <summary>The marathon by id; 404 when there is none, or when <paramref name="partnerId"/> (a partner caller) takes no part in it.</summary>
    public static async Task<MarathonSummary> Require(this IQuerySession session, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var marathon = await session.LoadAsync<MarathonSummary>(marathonId, ct);
        if (marathon is null || (partnerId is not null && !marathon.PartnerIds.Contains(partnerId)))
        {
            throw new NotFound($"No marathon with id {marathonId}.");
        }
        return marathon;
    }
}
