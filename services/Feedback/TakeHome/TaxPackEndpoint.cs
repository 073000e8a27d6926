using ProBono.Feedback.Impact;
using ProBono.Feedback.TakeHome.Pdf;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// <c>GET /api/marathons/{mid}/tax-pack</c>: a partner's valuation of the skills its employees donated, per association
/// helped (<see cref="TaxPackValuation"/>), from Feedback's copies and the names Recruitment gives for it.
/// </summary>
internal static class TaxPackEndpoint
{
    /// <summary>The formats served; the first is the default.</summary>
    public static readonly string[] Formats = ["json", "pdf"];

    /// <summary>The partner's tax pack, or the problem that stops it (400, 403, 404; 503 when Recruitment does not give the names in time).</summary>
    public static async Task<TaxPack> Load(
        IQuerySession session, RecruitmentNames names, TaxSettings settings, HttpContext http, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var partner = PartnerAccess.PartnerOf(http.User, partnerId, "tax pack");
        var sources = await TakeHomeLoading.Load(session, marathonId, ct);
        _ = sources.Named;
        sources.RequirePartner(partner);
        var named = await names.Of(marathonId, TaxPackValuation.Named(sources, partner), ct);
        return TaxPackValuation.Value(sources, partner, named, settings);
    }

    public static RouteGroupBuilder MapTaxPack(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/tax-pack", async (
                Guid marathonId, string? partnerId, IQuerySession session, RecruitmentNames names, TaxSettings settings, HttpContext http,
                CancellationToken ct) =>
            {
                var format = PartnerAccess.FormatOf(http.Request, Formats);
                var pack = await Load(session, names, settings, http, marathonId, partnerId, ct);
                return format == "pdf"
                    ? PdfOutput.Result(FileName(pack), output => TaxPackPdf.Write(pack, output))
                    : Results.Ok(pack);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetTaxPack")
            .WithQuery("partnerId", "Staff: the partner whose tax pack to make (required). A partner gets its own only.")
            .WithQuery("format", "json (the default); pdf: per association the attendance sheet to sign, the valuation statement and the receipt's data, in French.", Formats)
            .Produces<TaxPack>()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(400, 403, 404, 503)
            .WithSummary("A partner's tax pack for a marathon: its donation of skills valued at cost price (partner: its own; staff name partnerId).")
            .WithDescription(
                "France, mécénat de compétences (CGI art. 238 bis): per association helped, its checked-in employees on a team with their " +
                "check-in time, hours and cost price per hour (annual cost ÷ Tax:AnnualHours, else the declared hourly cost, else the marathon's " +
                "hourly value), capped at 3 × PASS a year, and what the association's receipt (Cerfa n° 16216) needs. Warnings name what is " +
                "missing or provisional. 503 with Retry-After when Recruitment does not give the names in time.");
        return api;
    }

    /// <summary><c>tax-pack-{partner}-{marathon}-{date}.pdf</c>, in ASCII as the other documents'.</summary>
    private static string FileName(TaxPack pack) => Reports.ReportEndpoints.PartnerFileName("tax-pack", pack.PartnerId, pack.MarathonName, pack.Date, "pdf");
}
