using System.Security.Claims;
using ProBono.Feedback.Reports;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Feedback.Impact;

internal static class PartnerImpactEndpoint
{
    public static RouteGroupBuilder MapPartnerImpact(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/impact", async (
                Guid marathonId, string? partnerId, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                var partner = PartnerOf(http.User, partnerId);
                var sources = await ReportLoading.Load(session, marathonId, ct);
                if (!sources.PartnerIds().Contains(partner, StringComparer.Ordinal))
                {
                    throw new NotFound($"{partner} is not a partner of marathon {marathonId}.");
                }
                return TypedResults.Ok(sources.ImpactOf(partner));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetPartnerImpact")
            .WithQuery("partnerId", "Staff: the partner whose figures to show (required). A partner sees its own only.")
            .ProducesProblems(400, 403, 404)
            .WithSummary("A partner's own impact figures for a marathon (partner: its own; staff name partnerId).");
        return api;
    }

    /// <summary>A partner sees its own figures (naming another is 403); staff must name one (400 otherwise).</summary>
    private static string PartnerOf(ClaimsPrincipal user, string? named)
    {
        if (user.PartnerId() is { } own)
        {
            return string.IsNullOrEmpty(named) || named == own ? own : throw new Forbidden("A partner sees its own impact figures only.");
        }
        return string.IsNullOrWhiteSpace(named)
            ? throw new ValidationFailed(new Dictionary<string, string[]> { ["partnerId"] = ["'partnerId' is required when staff ask for a partner's impact."] })
            : named.Trim();
    }
}
