using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Surveys;

namespace ProBono.Feedback.Reports;

internal static class ReportLoading
{
    /// <summary>
    /// A marathon's report sources in one round trip: the campaign's snapshot by id and the marathon's copies through their
    /// marathon indexes (a marathon has hundreds of volunteers, not millions); 404 when Feedback has not heard of it.
    /// </summary>
    public static async Task<ReportSources> Load(IQuerySession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var marathon = batch.Load<MarathonForImpact>(marathonId);
        var campaign = batch.Load<SurveyCampaign>(marathonId);
        var volunteers = batch.Query<VolunteerForImpact>().Where(v => v.MarathonId == marathonId).ToList();
        var teams = batch.Query<TeamForImpact>().Where(t => t.MarathonId == marathonId).ToList();
        var needs = batch.Query<NeedForImpact>().Where(n => n.MarathonId == marathonId).ToList();
        await batch.Execute(ct);
        return new ReportSources(
            await marathon ?? throw new NotFound($"Feedback has not heard of marathon {marathonId} (yet)."),
            await campaign, await volunteers, await teams, await needs);
    }
}

internal static class ReportEndpoints
{
    private static readonly string[] Formats = ["json", "csv", "xlsx"];

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/report", async (Guid marathonId, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                // read here rather than bound, so the document describes it from WithQuery, with its values
                var format = http.Request.Query.TryGetValue("format", out var asked) ? asked.ToString() : null;
                if (format is not null && !Formats.Contains(format, StringComparer.Ordinal))
                {
                    throw new ValidationFailed(new Dictionary<string, string[]> { ["format"] = [$"'format' must be one of: {string.Join(", ", Formats)}."] });
                }
                var text = ReportText.Of(SurveyLanguage.Of(http.Request, "fr"));
                var sources = await ReportLoading.Load(session, marathonId, ct);
                var report = sources.Report();
                switch (format)
                {
                    case "csv":
                        Attachment(http.Response, sources, "csv");
                        // API.md's convention (decimals with a dot) unless French Excel's dialect is asked for by name
                        var dialect = http.Request.Query["lang"] == "fr" ? text : ReportText.Of("en");
                        return Results.Bytes(ReportCsv.Write(report, dialect), "text/csv; charset=utf-8");
                    case "xlsx":
                        Attachment(http.Response, sources, "xlsx");
                        return Results.Stream(async body =>
                        {
                            // the zip's closing directory is written synchronously, which Kestrel refuses: through a buffer
                            // that spills to a temporary file past 32 KB, so memory stays flat whatever the marathon's size
                            await using var buffer = new FileBufferingWriteStream();
                            await ReportWorkbook.Write(buffer, sources, report, text, ct);
                            await buffer.DrainBufferAsync(body, ct);
                        }, ReportWorkbook.ContentType);
                    default:
                        return Results.Ok(report);
                }
            })
            .WithName("GetFeedbackReport")
            .WithQuery("format", "json (the default); csv: one row per group, partner and association, UTF-8 with a BOM; xlsx: a workbook "
                + $"with the sheets {string.Join(", ", ReportWorkbook.Sheets)}.", Formats)
            .WithQuery("lang", "fr (the default, else Accept-Language) or en: the workbook's labels. The CSV is comma-separated with decimals "
                + "written with a dot, unless lang=fr is given: then ';' and decimal commas, as French Excel reads them.", "fr", "en")
            .Produces<MarathonReport>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // the same 200 as CSV or as a workbook: a file, not the JSON schema
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content["text/csv"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = $"CSV (UTF-8 with a BOM) with a header row: {string.Join(", ", ReportCsv.Columns)}.",
                        },
                    };
                    response.Content[ReportWorkbook.ContentType] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The report as an Excel workbook." },
                    };
                }
                return Task.CompletedTask;
            })
            .ProducesProblems(400, 404)
            .WithSummary("The marathon's survey and impact report (staff).");

        admin.MapGet("/marathons/{marathonId:guid}/report/chart.svg", async (Guid marathonId, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                var text = ReportText.Of(SurveyLanguage.Of(http.Request, "fr"));
                var sources = await ReportLoading.Load(session, marathonId, ct);
                var svg = ReportChart.Draw(sources.Report(), sources.Marathon.Name ?? "Marathon", text);
                return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
            })
            .WithName("GetFeedbackReportChart")
            .WithQuery("lang", "fr (the default, else Accept-Language) or en.", "fr", "en")
            .Produces<string>(200, "image/svg+xml")
            .ProducesProblems(400, 404)
            .WithSummary("The report's NPS and satisfaction per group, partner and association, each with its n, as SVG (staff).");
        return admin;
    }

    /// <summary>
    /// <c>attachment; filename="report-…"</c>: the marathon's name and date in ASCII (quoted, as API.md writes it), so
    /// every browser saves it under the same name.
    /// </summary>
    private static void Attachment(HttpResponse response, ReportSources sources, string extension) =>
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(sources.Marathon.Name, sources.Marathon.Date, extension)}\"";

    /// <summary><c>{kind}-{partner}-{marathon}-{date}.{extension}</c>: a partner's own document.</summary>
    public static string PartnerFileName(string kind, string partnerId, string? marathonName, DateOnly? date, string extension)
    {
        var partner = new string([.. partnerId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return FileName(marathonName, date, extension, partner.Length > 0 ? $"{kind}-{partner}" : kind);
    }

    /// <param name="prefix">What the document is (<c>report</c>; a partner's own report: <c>impact-{partnerId}</c>).</param>
    public static string FileName(string? marathonName, DateOnly? date, string extension, string prefix = "report")
    {
        var slug = new StringBuilder();
        foreach (var c in (marathonName ?? "marathon").ToLowerInvariant())
        {
            var ascii = c switch
            {
                'à' or 'â' or 'ä' or 'á' or 'ã' or 'å' => "a",
                'ç' => "c",
                'é' or 'è' or 'ê' or 'ë' => "e",
                'î' or 'ï' or 'í' or 'ì' => "i",
                'ô' or 'ö' or 'ó' or 'ò' or 'õ' => "o",
                'ù' or 'û' or 'ü' or 'ú' => "u",
                'ÿ' => "y",
                'œ' => "oe",
                'æ' => "ae",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "-",
            };
            if (ascii != "-" || (slug.Length > 0 && slug[^1] != '-'))
            {
                slug.Append(ascii);
            }
        }
        var name = slug.ToString().Trim('-');
        name = name.Length > 60 ? name[..60].TrimEnd('-') : name;
        var day = date is { } d ? "-" + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";
        return $"{prefix}-{(name.Length > 0 ? name : "marathon")}{day}.{extension}";
    }
}
