using System.Globalization;
using System.Text;
using CsvHelper;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The report as CSV, UTF-8 with a byte order mark (without it Excel reads the names as Windows-1252): one row per
/// group, per partner and per association, then the marathon's totals, each row naming what it is (section, id,
/// name) so a filter on the first column gives one table. By default it is RFC 4180's ',' with decimals written with a
/// dot, as API.md writes every CSV; with <c>?lang=fr</c> the separator is ';' and decimals take a comma, because French
/// Excel splits on its list separator (';') and reads "3.5" as a date or text, not a number. Text cells that a spreadsheet would run as a
/// formula (starting with = + - @, tab or carriage return) get a leading apostrophe; the numbers are ours and stay
/// numbers (an NPS of -20,0 too).
/// </summary>
internal static class ReportCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "section", "id", "name", "needTitle", "deliverable", "invited", "responded", "responseRate", "nps", "csat",
        "volunteers", "volunteersCheckedIn", "hours", "valueEur", "delivered", "teams", "deliverables",
    ];

    public static char Separator(ReportText text) => text.Lang == "fr" ? ';' : ',';

    /// <summary>The whole file, byte order mark included: a report has a few dozen rows.</summary>
    public static byte[] Write(MarathonReport report, ReportText text)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Separator = Separator(text), FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }
            csv.EndRecord();
            var rows = new Rows(csv, text);
            rows.Group("volunteer", report.Groups.Volunteer);
            rows.Group("association", report.Groups.Association);
            rows.Group("partner", report.Groups.Partner);
            foreach (var p in report.ByPartner)
            {
                rows.Write("partner", p.PartnerId, [p.Name, null, null], [null, p.Responded, null, p.Nps, p.Csat, p.Volunteers, p.VolunteersCheckedIn, p.Hours, p.ValueEur, null, null, null]);
            }
            foreach (var a in report.ByAssociation)
            {
                rows.Write("association", a.AssociationId.ToString(), [a.Name, a.NeedTitle, a.Deliverable], [null, a.Responded, null, a.Nps, a.Csat, null, null, null, null, a.Delivered, null, null]);
            }
            var i = report.Impact;
            rows.Write("impact", "total", [null, null, null], [null, null, null, null, null, i.Volunteers, i.VolunteersCheckedIn, i.Hours, i.ValueEur, null, i.Teams, i.Deliverables]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(writer.ToString())];
    }

    /// <summary>A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV injection list).</summary>
    public static string Neutralised(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private sealed class Rows(CsvWriter csv, ReportText text)
    {
        public void Group(string id, GroupFigures g) =>
            Write("group", id, [null, null, null], [g.Invited, g.Responded, g.ResponseRate, g.Nps, g.Csat, null, null, null, null, null, null, null]);

        public void Write(string section, string id, string?[] texts, decimal?[] figures)
        {
            csv.WriteField(section);
            csv.WriteField(Neutralised(id));
            foreach (var cell in texts)
            {
                csv.WriteField(cell is null ? "" : Neutralised(cell));
            }
            foreach (var figure in figures)
            {
                csv.WriteField(figure is { } value ? text.Number(value) : "");
            }
            csv.EndRecord();
        }
    }
}
