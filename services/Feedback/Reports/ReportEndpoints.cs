using System.Text;
using Microsoft.OpenApi;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

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
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/report", async (Guid marathonId, string? format, IQuerySession session, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "csv"))
                {
                    throw new ValidationFailed(new Dictionary<string, string[]> { ["format"] = ["'format' must be one of: json, csv."] });
                }
                var report = (await ReportLoading.Load(session, marathonId, ct)).Report();
                return format == "csv"
                    ? Results.Text(ReportCsv.Write(report), "text/csv", Encoding.UTF8)
                    : Results.Ok(report);
            })
            .WithName("GetFeedbackReport")
            .WithQuery("format", "json (the default) or csv: one row per group, partner and association.", "json", "csv")
            .Produces<MarathonReport>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // the same 200 as CSV (with ?format=csv): text, not the JSON schema
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content["text/csv"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = $"CSV (RFC 4180) with a header row: {string.Join(", ", ReportCsv.Columns)}.",
                        },
                    };
                }
                return Task.CompletedTask;
            })
            .ProducesProblems(400, 404)
            .WithSummary("The marathon's survey and impact report (staff).");

        admin.MapGet("/marathons/{marathonId:guid}/report/chart.svg", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                var sources = await ReportLoading.Load(session, marathonId, ct);
                var svg = ReportChart.Draw(sources.Report(), $"{sources.Marathon.Name ?? "Marathon"}: NPS and satisfaction");
                return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
            })
            .WithName("GetFeedbackReportChart")
            .Produces<string>(200, "image/svg+xml")
            .ProducesProblems(404)
            .WithSummary("The report's NPS and satisfaction per group and per partner, as SVG (staff).");
        return admin;
    }
}
