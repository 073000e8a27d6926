using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ProBono.Feedback.Impact;

/// <summary>
/// A partner's own report as an Excel workbook (MiniExcel), as the staff report's: sheets Summary, Employees and
/// Associations; numbers written as numbers and yes/no as booleans, headers the JSON report's field names (the Summary
/// also labels each figure in the reader's language), text cells typed text. MiniExcel writes each sheet row by row
/// from its enumeration, so the rows are never gathered a second time.
/// </summary>
internal static class PartnerWorkbook
{
    public static readonly IReadOnlyList<string> Sheets = ["Summary", "Employees", "Associations"];

    private static readonly string[] EmployeeColumns = ["volunteerId", "name", "checkedIn", "hours", "valueEur", "teamId", "associationName"];

    private static readonly string[] AssociationColumns = ["associationId", "name", "needTitle", "deliverable"];

    public static Task Write(Stream stream, PartnerReport report, string lang, CancellationToken ct)
    {
        var words = lang == "en" ? English : French;
        var sheets = new Dictionary<string, object>
        {
            ["Summary"] = Summary(report, words),
            ["Employees"] = Table(report.Employees.Select(e => Row(
                ("volunteerId", e.VolunteerId.ToString()), ("name", e.Name), ("checkedIn", e.CheckedIn), ("hours", e.Hours), ("valueEur", e.ValueEur),
                ("teamId", e.TeamId?.ToString()), ("associationName", e.AssociationName))), EmployeeColumns),
            ["Associations"] = Table(report.Associations.Select(a => Row(
                ("associationId", a.AssociationId.ToString()), ("name", a.Name), ("needTitle", a.NeedTitle), ("deliverable", a.Deliverable))),
                AssociationColumns),
        };
        var configuration = new OpenXmlConfiguration
        {
            AutoFilter = true, FreezeRowCount = 1, TableStyles = TableStyles.None,
            // widths set, not measured: MiniExcel measures only when it may seek back, which a streamed answer cannot
            DynamicColumns =
            [
                .. new Dictionary<string, double>
                {
                    [words.Figure] = 24, [words.Label] = 44, [words.Value] = 40, ["volunteerId"] = 38, ["name"] = 40, ["teamId"] = 38,
                    ["associationName"] = 40, ["associationId"] = 38, ["needTitle"] = 40, ["deliverable"] = 40,
                }.Select(w => new DynamicExcelColumn(w.Key) { Width = w.Value }),
            ],
        };
        return stream.SaveAsAsync(sheets, printHeader: true, configuration: configuration, cancellationToken: ct);
    }

    private static IEnumerable<Dictionary<string, object?>> Summary(PartnerReport report, Words words)
    {
        Dictionary<string, object?> Figure(string key, object? value) =>
            Row((words.Figure, key), (words.Label, words.Labels.GetValueOrDefault(key, key)), (words.Value, value));

        yield return Figure("marathon", report.MarathonName);
        yield return Figure("date", report.Date.ToDateTime(TimeOnly.MinValue));
        yield return Figure("partnerId", report.PartnerId);
        yield return Figure("partnerName", report.PartnerName);
        yield return Figure("volunteers", report.Volunteers);
        yield return Figure("checkedIn", report.CheckedIn);
        yield return Figure("hours", report.Hours);
        yield return Figure("valueEur", report.ValueEur);
        yield return Figure("teams", report.Teams);
        yield return Figure("associations", report.Associations.Count);
        yield return Figure("responded", report.Responded);
        yield return Figure("nps", report.Nps);
        yield return Figure("csat", report.Csat);
    }

    private static Dictionary<string, object?> Row(params (string Column, object? Value)[] cells) => cells.ToDictionary(c => c.Column, c => c.Value);

    /// <summary>The rows, or (without any) the header alone, so every sheet says what it would hold.</summary>
    private static IEnumerable<Dictionary<string, object?>> Table(IEnumerable<Dictionary<string, object?>> rows, string[] columns)
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

    private sealed record Words(string Figure, string Label, string Value, IReadOnlyDictionary<string, string> Labels);

    private static readonly Words French = new("indicateur", "libellé", "valeur", new Dictionary<string, string>
    {
        ["marathon"] = "Marathon", ["date"] = "Date", ["partnerId"] = "Identifiant de l'entreprise", ["partnerName"] = "Entreprise",
        ["volunteers"] = "Salariés inscrits (places confirmées)", ["checkedIn"] = "Salariés venus (pointés)", ["hours"] = "Heures données",
        ["valueEur"] = "Valeur des heures (EUR)", ["teams"] = "Équipes", ["associations"] = "Associations aidées",
        ["responded"] = "Salariés ayant répondu (n)", ["nps"] = "NPS de ses salariés", ["csat"] = "Satisfaction moyenne de ses salariés (1 à 5)",
    });

    private static readonly Words English = new("figure", "label", "value", new Dictionary<string, string>
    {
        ["marathon"] = "Marathon", ["date"] = "Date", ["partnerId"] = "Company id", ["partnerName"] = "Company",
        ["volunteers"] = "Employees registered (confirmed places)", ["checkedIn"] = "Employees who came (checked in)", ["hours"] = "Hours given",
        ["valueEur"] = "Value of the hours (EUR)", ["teams"] = "Teams", ["associations"] = "Associations helped",
        ["responded"] = "Employees who answered (n)", ["nps"] = "Its employees' NPS", ["csat"] = "Its employees' mean satisfaction (1 to 5)",
    });
}
