using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The report as an Excel workbook (MiniExcel): Summary, Partners, Associations, Volunteers. Numbers are written as
/// numbers and yes/no as booleans, so a CSR manager sums and filters them as they come; headers are the report's
/// field names (the Summary also gives each figure a label in the reader's language). Text cells are typed text, which
/// Excel never runs as a formula. MiniExcel writes row by row from the enumerations, so the Volunteers sheet of a large
/// marathon is streamed, not built whole first.
/// </summary>
internal static class ReportWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<string> Sheets = ["Summary", "Partners", "Associations", "Volunteers"];

    public static Task Write(Stream stream, ReportSources sources, MarathonReport report, ReportText text, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            ["Summary"] = Summary(sources, report, text),
            ["Partners"] = Table(report.ByPartner.Select(p => Row(
                ("partnerId", p.PartnerId), ("name", p.Name), ("volunteers", p.Volunteers), ("volunteersCheckedIn", p.VolunteersCheckedIn),
                ("hours", p.Hours), ("valueEur", p.ValueEur), ("responded", p.Responded), ("nps", p.Nps), ("csat", p.Csat))),
                "partnerId", "name", "volunteers", "volunteersCheckedIn", "hours", "valueEur", "responded", "nps", "csat"),
            ["Associations"] = Table(report.ByAssociation.Select(a => Row(
                ("associationId", a.AssociationId.ToString()), ("name", a.Name), ("needTitle", a.NeedTitle), ("deliverable", a.Deliverable),
                ("delivered", a.Delivered), ("responded", a.Responded), ("nps", a.Nps), ("csat", a.Csat))),
                "associationId", "name", "needTitle", "deliverable", "delivered", "responded", "nps", "csat"),
            ["Volunteers"] = Table(sources.VolunteerLines().Select(v => Row(
                ("volunteerId", v.VolunteerId.ToString()), ("firstName", v.FirstName), ("partnerId", v.PartnerId), ("partnerName", v.PartnerName),
                ("checkedIn", v.CheckedIn), ("hours", v.Hours), ("valueEur", v.ValueEur), ("teamId", v.TeamId?.ToString()),
                ("associationName", v.AssociationName), ("needTitle", v.NeedTitle))),
                "volunteerId", "firstName", "partnerId", "partnerName", "checkedIn", "hours", "valueEur", "teamId", "associationName", "needTitle"),
        };
        var configuration = new OpenXmlConfiguration
        {
            AutoFilter = true, FreezeRowCount = 1, TableStyles = TableStyles.None,
            // widths set, not measured: MiniExcel measures only when it may seek back, which a streamed answer cannot
            DynamicColumns = [.. Widths(text).Select(w => new DynamicExcelColumn(w.Key) { Width = w.Value })],
        };
        return stream.SaveAsAsync(sheets, printHeader: true, configuration: configuration, cancellationToken: ct);
    }

    /// <summary>One figure a row: its field name as in the JSON report, a label for people, and its value.</summary>
    private static IEnumerable<Dictionary<string, object?>> Summary(ReportSources sources, MarathonReport report, ReportText text)
    {
        Dictionary<string, object?> Figure(string key, object? value) =>
            Row((text.SummaryFigure, key), (text.SummaryLabel, Label(key)), (text.SummaryValue, value));
        string Label(string key) => key.Split('.') is ["groups", var group, var figure] ? text.Of(text.Label(group), text.Label(figure)) : text.Label(key);

        yield return Figure("marathon", sources.Marathon.Name);
        yield return Figure("date", sources.Marathon.Date?.ToDateTime(TimeOnly.MinValue));
        var i = report.Impact;
        yield return Figure("impact.volunteers", i.Volunteers);
        yield return Figure("impact.volunteersCheckedIn", i.VolunteersCheckedIn);
        yield return Figure("impact.hours", i.Hours);
        yield return Figure("impact.valueEur", i.ValueEur);
        yield return Figure("impact.teams", i.Teams);
        yield return Figure("impact.deliverables", i.Deliverables);
        foreach (var (group, figures) in new[] { ("volunteer", report.Groups.Volunteer), ("association", report.Groups.Association), ("partner", report.Groups.Partner) })
        {
            yield return Figure($"groups.{group}.invited", figures.Invited);
            yield return Figure($"groups.{group}.responded", figures.Responded);
            yield return Figure($"groups.{group}.responseRate", figures.ResponseRate);
            yield return Figure($"groups.{group}.nps", figures.Nps);
            yield return Figure($"groups.{group}.csat", figures.Csat);
        }
        var f = report.FollowUp;
        yield return Figure("followUp.invited", f.Invited);
        yield return Figure("followUp.responded", f.Responded);
        yield return Figure("followUp.inUse", f.InUse);
        yield return Figure("followUp.partlyInUse", f.PartlyInUse);
        yield return Figure("followUp.notInUse", f.NotInUse);
        yield return Figure("followUp.nps", f.Nps);
    }

    private static Dictionary<string, double> Widths(ReportText text) => new()
    {
        [text.SummaryFigure] = 34, [text.SummaryLabel] = 44, [text.SummaryValue] = 34,
        ["partnerId"] = 20, ["name"] = 40, ["associationId"] = 38, ["needTitle"] = 40, ["deliverable"] = 40, ["volunteerId"] = 38, ["firstName"] = 20,
        ["partnerName"] = 30, ["teamId"] = 38, ["associationName"] = 40, ["volunteersCheckedIn"] = 20,
    };

    private static Dictionary<string, object?> Row(params (string Column, object? Value)[] cells) => cells.ToDictionary(c => c.Column, c => c.Value);

    /// <summary>The rows, or (for a marathon without any) the header alone, so every sheet says what it would hold.</summary>
    private static IEnumerable<Dictionary<string, object?>> Table(IEnumerable<Dictionary<string, object?>> rows, params string[] columns)
    {
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            yield return row;
        }
        if (!any)
        {
            yield return columns.ToDictionary(c => c, _ => (object?)null);
        }
    }
}
