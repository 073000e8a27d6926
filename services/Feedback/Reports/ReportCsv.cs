using System.Globalization;
using CsvHelper;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The report as CSV: one row per group, per partner and per association, then the marathon's totals; empty cells where a
/// figure does not apply or has no response. Text cells that a spreadsheet would run as a formula (starting with
/// = + - @, tab or carriage return) get a leading apostrophe. Only text cells: the numbers are ours (an NPS of -20.0 is a
/// number, and CsvHelper's own injection option would prefix it too).
/// </summary>
internal static class ReportCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["section", "id", "invited", "responded", "responseRate", "nps", "csat", "volunteers", "hours", "valueEur", "delivered", "teams", "deliverables"];

    public static string Write(MarathonReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }
            csv.EndRecord();
            Row(csv, "group", "volunteer", report.Groups.Volunteer);
            Row(csv, "group", "association", report.Groups.Association);
            Row(csv, "group", "partner", report.Groups.Partner);
            foreach (var p in report.ByPartner)
            {
                Row(csv, "partner", p.PartnerId, null, null, null, p.Nps, p.Csat, p.Volunteers, p.Hours, p.ValueEur, null, null, null);
            }
            foreach (var a in report.ByAssociation)
            {
                Row(csv, "association", a.AssociationId.ToString(), null, null, null, a.Nps, a.Csat, null, null, null, a.Delivered, null, null);
            }
            var i = report.Impact;
            Row(csv, "impact", "total", null, null, null, null, null, i.Volunteers, i.Hours, i.ValueEur, null, i.Teams, i.Deliverables);
        }
        return text.ToString();
    }

    /// <summary>A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV injection list).</summary>
    public static string Neutralised(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static void Row(CsvWriter csv, string section, string id, GroupFigures g) =>
        Row(csv, section, id, g.Invited, g.Responded, g.ResponseRate, g.Nps, g.Csat, null, null, null, null, null, null);

    private static void Row(CsvWriter csv, string section, string id, params decimal?[] figures)
    {
        csv.WriteField(section);
        csv.WriteField(Neutralised(id));
        foreach (var figure in figures)
        {
            csv.WriteField(figure?.ToString(CultureInfo.InvariantCulture) ?? "");
        }
        csv.EndRecord();
    }
}
