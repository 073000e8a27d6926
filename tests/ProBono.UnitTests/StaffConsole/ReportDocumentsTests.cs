using ProBono.StaffConsole.Reports;

namespace ProBono.UnitTests.StaffConsole;

/// <summary>The report's downloads: what the API serves, each fetched by name from the catalogue, never by a path a browser gives.</summary>
public sealed class ReportDocumentsTests
{
    private static readonly Guid Marathon = Guid.Parse("0b7a3c1e-5f2d-4e8a-9c6b-1d2e3f4a5b6c");

    [Fact]
    public void The_marathons_documents_come_first_then_each_partners()
    {
        var documents = ReportDocuments.For(["edf", "ey"]);

        Assert.Equal(
            ["report.json", "report.csv", "report.xlsx", "chart.svg",
                "impact.json edf", "impact.xlsx edf", "impact.pdf edf", "tax-pack.json edf", "tax-pack.pdf edf", "attendance.json edf",
                "impact.json ey", "impact.xlsx ey", "impact.pdf ey", "tax-pack.json ey", "tax-pack.pdf ey", "attendance.json ey"],
            documents.Select(d => $"{d.Key}.{d.Format}{(d.PartnerId is null ? "" : " " + d.PartnerId)}"));
        Assert.Equal($"marathons/{Marathon}/reports/impact.json?partnerId=edf", documents[4].Href(Marathon));
    }

    [Theory]
    [InlineData("report", "json", null, "/admin/feedback/marathons/{0}/report")]
    [InlineData("report", "csv", null, "/admin/feedback/marathons/{0}/report?format=csv")]
    [InlineData("report", "xlsx", null, "/admin/feedback/marathons/{0}/report?format=xlsx")]
    [InlineData("chart", "svg", null, "/admin/feedback/marathons/{0}/report/chart.svg")]
    [InlineData("impact", "json", "edf", "/api/marathons/{0}/impact?partnerId=edf")]
    [InlineData("impact", "pdf", "edf", "/api/marathons/{0}/impact?format=pdf&partnerId=edf")]
    [InlineData("tax-pack", "pdf", "edf", "/api/marathons/{0}/tax-pack?format=pdf&partnerId=edf")]
    [InlineData("attendance", "json", "a&b", "/api/marathons/{0}/attendance?pageSize=500&partnerId=a%26b")]
    public void Each_document_has_its_gateway_path(string key, string format, string? partner, string expected) =>
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, Marathon), ReportDocuments.PathOf(Marathon, key, format, partner));

    [Theory]
    [InlineData("report", "pdf", null)] // not served today
    [InlineData("report", "json", "edf")] // the marathon's report names no partner
    [InlineData("impact", "json", null)] // a partner's document needs its partner
    [InlineData("impact", "json", " ")]
    [InlineData("../../admin/recruitment", "json", null)]
    [InlineData("tax-pack", "pdf", null)]
    [InlineData("tax-pack", "docx", "edf")]
    public void Anything_else_is_no_document(string key, string format, string? partner) =>
        Assert.Null(ReportDocuments.PathOf(Marathon, key, format, partner));
}
