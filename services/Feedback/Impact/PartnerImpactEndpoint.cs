using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using ProBono.Feedback.Reports;
using ProBono.Feedback.Surveys;
using ProBono.Feedback.TakeHome;
using ProBono.Feedback.TakeHome.Pdf;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Feedback.Impact;

internal static class PartnerImpactEndpoint
{
    /// <summary>The formats served; the first is the default.</summary>
    public static readonly string[] Formats = ["json", "xlsx", "pdf"];

    /// <summary>The partner's own report, or the problem that stops it (400, 403, 404; 503 when Recruitment does not give the names in time).</summary>
    public static async Task<PartnerReport> Load(
        IQuerySession session, RecruitmentNames names, HttpContext http, Guid marathonId, string? partnerId, CancellationToken ct)
    {
        var partner = PartnerAccess.PartnerOf(http.User, partnerId, "impact figures");
        var sources = await TakeHomeLoading.Load(session, marathonId, ct);
        sources.RequirePartner(partner);
        _ = sources.Named; // 404 until the scheduling has reached Feedback: a report names the marathon
        var named = await names.Of(marathonId, PartnerReports.Named(sources, partner), ct);
        return PartnerReports.Of(sources, partner, named);
    }

    public static RouteGroupBuilder MapPartnerImpact(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/impact", async (
                Guid marathonId, string? partnerId, IQuerySession session, RecruitmentNames names, HttpContext http, CancellationToken ct) =>
            {
                var format = PartnerAccess.FormatOf(http.Request, Formats);
                var lang = SurveyLanguage.Of(http.Request, "fr");
                var report = await Load(session, names, http, marathonId, partnerId, ct);
                if (format == "pdf")
                {
                    return PdfOutput.Result(FileName(report, "pdf"), output => PartnerReportPdf.Write(Document(report), lang, output));
                }
                if (format != "xlsx")
                {
                    return Results.Ok(report);
                }
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(report, "xlsx")}\"";
                return Results.Stream(async body =>
                {
                    // the zip's closing directory is written synchronously, which Kestrel refuses: through a buffer that spills to
                    // a temporary file past 32 KB, so memory stays flat whatever the number of employees
                    await using var buffer = new FileBufferingWriteStream();
                    await PartnerWorkbook.Write(buffer, report, lang, ct);
                    await buffer.DrainBufferAsync(body, ct);
                }, ReportWorkbook.ContentType);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetPartnerImpact")
            .WithQuery("partnerId", "Staff: the partner whose figures to show (required). A partner sees its own only.")
            .WithQuery("format", $"json (the default); xlsx: a workbook with the sheets {string.Join(", ", PartnerWorkbook.Sheets)}; pdf: the report with the chart of the employees' NPS and satisfaction.", Formats)
            .WithQuery("lang", "fr (the default, else Accept-Language) or en: the workbook's and the PDF's language.", "fr", "en")
            .Produces<PartnerReport>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // the same 200 as a workbook: a file, not the JSON schema
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content[ReportWorkbook.ContentType] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The partner's report as an Excel workbook." },
                    };
                    response.Content["application/pdf"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The partner's report as a PDF." },
                    };
                }
                return Task.CompletedTask;
            })
            .ProducesProblems(400, 403, 404, 503)
            .WithSummary("A partner's own report for a marathon: figures, employees and associations helped (partner: its own; staff name partnerId).")
            .WithDescription(
                "Its confirmed volunteers, those who came, their hours and value, its teams, its employees' NPS and CSAT with n (responded), a " +
                "line per employee who held a place or came (full name, hours, value, team, association) and the associations helped (need, " +
                "deliverable). xlsx and pdf give the same as a workbook and as a document. 503 with Retry-After when Recruitment does not give the names in time.");
        return api;
    }

    /// <summary>What the PDF draws: the report as it is, its associations as the document names them.</summary>
    private static PartnerReportDocument Document(PartnerReport r) =>
        new(r.PartnerId, r.PartnerName, r.MarathonName, r.Date, r.Volunteers, r.CheckedIn, r.Hours, r.ValueEur, r.Teams, r.Associations.Count,
            r.Responded, r.Nps, r.Csat, r.Employees, r.Associations);

    /// <summary><c>impact-{partner}-{marathon}-{date}.xlsx</c>, in ASCII as the staff report's.</summary>
    public static string FileName(PartnerReport report, string extension) =>
        ReportEndpoints.PartnerFileName("impact", report.PartnerId, report.MarathonName, report.Date, extension);
}
