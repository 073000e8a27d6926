using System.Globalization;
using System.Xml.Linq;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The report drawn as SVG: NPS (−100…100, bars from the zero line) and satisfaction (0…5) for each group and each
/// partner, each bar labelled with its value ("no response" when there is none). Built with LINQ to XML, so every
/// label is escaped and the document is well-formed whatever a partner is called. Hand-made rather than ScottPlot: a
/// dozen bars do not need SkiaSharp's native library on every host.
/// </summary>
internal static class ReportChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const int Width = 900;
    private const int LabelWidth = 220;
    private const int PanelWidth = 300;
    private const int RowHeight = 26;
    private const int Top = 70;

    public static string Draw(MarathonReport report, string title)
    {
        var rows = new List<(string Label, decimal? Nps, decimal? Csat)>
        {
            ("Volunteers", report.Groups.Volunteer.Nps, report.Groups.Volunteer.Csat),
            ("Associations", report.Groups.Association.Nps, report.Groups.Association.Csat),
            ("Partners", report.Groups.Partner.Nps, report.Groups.Partner.Csat),
        };
        rows.AddRange(report.ByPartner.Select(p => ($"Partner {p.PartnerId} (employees)", p.Nps, p.Csat)));
        var height = Top + (rows.Count * RowHeight) + 30;
        var npsLeft = LabelWidth + 20;
        var npsZero = npsLeft + (PanelWidth / 2);
        var csatLeft = npsLeft + PanelWidth + 40;

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", height), new XAttribute("viewBox", $"0 0 {Width} {height}"),
            new XAttribute("role", "img"), new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 13),
            new XElement(Svg + "title", title),
            new XElement(Svg + "rect", new XAttribute("width", Width), new XAttribute("height", height), new XAttribute("fill", "#ffffff")),
            Text(12, 24, title, 16, "start", "bold"),
            Text(npsZero, Top - 16, "NPS (−100 to 100)", 13, "middle", "bold"),
            Text(csatLeft + (PanelWidth / 2), Top - 16, "Satisfaction (1 to 5)", 13, "middle", "bold"),
            Line(npsZero, Top - 6, npsZero, Top + (rows.Count * RowHeight)));

        for (var i = 0; i < rows.Count; i++)
        {
            var (label, nps, csat) = rows[i];
            var y = Top + (i * RowHeight);
            svg.Add(Text(LabelWidth, y + 17, label, 13, "end", "normal"));
            if (nps is { } n)
            {
                var length = (double)Math.Abs(n) / 100 * (PanelWidth / 2);
                var x = n >= 0 ? npsZero : npsZero - length;
                svg.Add(Bar(x, y + 4, length, n >= 0 ? "#2e7d32" : "#c62828"),
                    Text(n >= 0 ? npsZero + length + 4 : npsZero - length - 4, y + 17, Number(n), 12, n >= 0 ? "start" : "end", "normal"));
            }
            else
            {
                svg.Add(Text(npsZero + 4, y + 17, "no response", 12, "start", "italic"));
            }
            if (csat is { } c)
            {
                var length = (double)c / 5 * PanelWidth;
                svg.Add(Bar(csatLeft, y + 4, length, "#1565c0"), Text(csatLeft + length + 4, y + 17, Number(c), 12, "start", "normal"));
            }
            else
            {
                svg.Add(Text(csatLeft + 4, y + 17, "no response", 12, "start", "italic"));
            }
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), svg).Declaration + Environment.NewLine + svg;
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static XElement Text(double x, double y, string text, int size, string anchor, string style) =>
        new(Svg + "text",
            new XAttribute("x", Invariant(x)), new XAttribute("y", Invariant(y)), new XAttribute("font-size", size), new XAttribute("text-anchor", anchor),
            style == "bold" ? new XAttribute("font-weight", "bold") : style == "italic" ? new XAttribute("font-style", "italic") : null,
            text);

    private static XElement Bar(double x, double y, double width, string fill) =>
        new(Svg + "rect", new XAttribute("x", Invariant(x)), new XAttribute("y", Invariant(y)), new XAttribute("width", Invariant(width)),
            new XAttribute("height", RowHeight - 8), new XAttribute("fill", fill));

    private static XElement Line(double x1, double y1, double x2, double y2) =>
        new(Svg + "line", new XAttribute("x1", Invariant(x1)), new XAttribute("y1", Invariant(y1)), new XAttribute("x2", Invariant(x2)),
            new XAttribute("y2", Invariant(y2)), new XAttribute("stroke", "#555555"));

    private static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
