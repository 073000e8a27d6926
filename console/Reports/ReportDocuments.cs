namespace ProBono.StaffConsole.Reports;

/// <summary>One document the API serves about a marathon's report; <see cref="PartnerId"/> for a partner's own.</summary>
public sealed record ReportDocument(string Key, string Format, string? PartnerId)
{
    /// <summary>The console's own address for it (relative to the console), which fetches it from the gateway.</summary>
    public string Href(Guid marathonId) =>
        $"marathons/{marathonId}/reports/{Key}.{Format}" + (PartnerId is null ? "" : $"?partnerId={Uri.EscapeDataString(PartnerId)}");
}

/// <summary>
/// The documents of a marathon's report, as API.md names them and the API serves them today: the report as JSON, CSV and
/// a workbook, its chart as SVG, and for each partner its own report (JSON, workbook, PDF), its tax pack (JSON, PDF) and
/// its attendance list. A format the API adds is one more line here. A download names a line of this catalogue, never a path, so the
/// console fetches nothing else on a browser's say-so.
/// </summary>
internal static class ReportDocuments
{
    private static readonly (string Key, string Format, bool PerPartner, Func<Guid, string?, string> Path)[] Catalogue =
    [
        ("report", "json", false, (m, _) => $"/admin/feedback/marathons/{m}/report"),
        ("report", "csv", false, (m, _) => $"/admin/feedback/marathons/{m}/report?format=csv"),
        ("report", "xlsx", false, (m, _) => $"/admin/feedback/marathons/{m}/report?format=xlsx"),
        ("chart", "svg", false, (m, _) => $"/admin/feedback/marathons/{m}/report/chart.svg"),
        ("impact", "json", true, (m, p) => $"/api/marathons/{m}/impact?partnerId={Uri.EscapeDataString(p!)}"),
        ("impact", "xlsx", true, (m, p) => $"/api/marathons/{m}/impact?format=xlsx&partnerId={Uri.EscapeDataString(p!)}"),
        ("impact", "pdf", true, (m, p) => $"/api/marathons/{m}/impact?format=pdf&partnerId={Uri.EscapeDataString(p!)}"),
        ("tax-pack", "json", true, (m, p) => $"/api/marathons/{m}/tax-pack?partnerId={Uri.EscapeDataString(p!)}"),
        ("tax-pack", "pdf", true, (m, p) => $"/api/marathons/{m}/tax-pack?format=pdf&partnerId={Uri.EscapeDataString(p!)}"),
        ("attendance", "json", true, (m, p) => $"/api/marathons/{m}/attendance?pageSize=500&partnerId={Uri.EscapeDataString(p!)}"),
    ];

    /// <summary>The marathon's own documents, then each partner's.</summary>
    public static IReadOnlyList<ReportDocument> For(IEnumerable<string> partnerIds) =>
    [
        .. Catalogue.Where(c => !c.PerPartner).Select(c => new ReportDocument(c.Key, c.Format, null)),
        .. partnerIds.SelectMany(p => Catalogue.Where(c => c.PerPartner).Select(c => new ReportDocument(c.Key, c.Format, p))),
    ];

    /// <summary>The gateway path of a document, or null when the catalogue has no such document (or it lacks its partner).</summary>
    public static string? PathOf(Guid marathonId, string key, string format, string? partnerId)
    {
        var line = Catalogue.FirstOrDefault(c => c.Key == key && c.Format == format);
        if (line.Key is null || line.PerPartner != !string.IsNullOrWhiteSpace(partnerId))
        {
            return null;
        }
        return line.Path(marathonId, partnerId?.Trim());
    }

    /// <summary>The file name a download is saved under when the API names none.</summary>
    public static string FileName(Guid marathonId, string key, string format, string? partnerId) =>
        $"marathon-{marathonId:N}-{key}{(partnerId is null ? "" : "-" + partnerId)}.{format}";
}
