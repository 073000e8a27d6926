using System.Globalization;
using System.Xml.Linq;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The report drawn as SVG: NPS (−100…100, bars from the zero line) and satisfaction (1…5, bars from 1, the scale's
/// floor, so that 2 and 4 do not look alike) for each group, each partner (its employees' answers) and each
/// association, named as people know them, each figure labelled with the n it rests on. The label column and the
/// width grow with the longest text, so no label is clipped. Built with LINQ to XML, so every label is escaped and the
/// document is well-formed whatever a partner is called. Hand-made rather than ScottPlot: a few dozen bars do not need
/// SkiaSharp's native library on every host.
/// </summary>
internal static class ReportChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const int Margin = 12;
    private const int PanelWidth = 300;
    private const int PanelGap = 24;
    private const int RowHeight = 26;
    private const int Top = 76;
    private const int LabelSize = 13;
    private const int ValueSize = 12;
    private const int TitleSize = 16;

    private sealed record Row(string Label, bool IsHeading, decimal? Nps = null, decimal? Csat = null, int Responded = 0);

    public static string Draw(MarathonReport report, string marathonName, ReportText text)
    {
        var rows = new List<Row>
        {
            new(text.Groups, true),
            Figures(text.Volunteers, report.Groups.Volunteer),
            Figures(text.Associations, report.Groups.Association),
            Figures(text.Partners, report.Groups.Partner),
        };
        if (report.ByPartner.Count > 0)
        {
            rows.Add(new Row(text.PartnersEmployees, true));
            rows.AddRange(report.ByPartner.Select(p => new Row(p.Name ?? text.Unnamed, false, p.Nps, p.Csat, p.Responded)));
        }
        if (report.ByAssociation.Count > 0)
        {
            rows.Add(new Row(text.Associations, true));
            rows.AddRange(report.ByAssociation.Select(a => new Row(a.Name ?? text.Unnamed, false, a.Nps, a.Csat, a.Responded)));
        }

        var title = string.Format(CultureInfo.InvariantCulture, text.ChartTitle, marathonName);
        var labelWidth = (int)Math.Ceiling(rows.Max(r => TextWidth(r.Label, LabelSize, r.IsHeading)));
        // the widest value label a bar can carry: "-100,0 (n = 10000)" and the "no response" words
        var valueRoom = (int)Math.Ceiling(Math.Max(TextWidth("-100,0 (n = 10000)", ValueSize, false), TextWidth(text.NoResponse, ValueSize, false))) + 8;
        var npsLeft = Margin + labelWidth + 16;
        var npsZero = npsLeft + (PanelWidth / 2);
        var csatLeft = npsLeft + PanelWidth + valueRoom + PanelGap;
        var width = Math.Max(csatLeft + PanelWidth + valueRoom + Margin, (int)Math.Ceiling(TextWidth(title, TitleSize, true)) + (2 * Margin));
        var bottom = Top + (rows.Count * RowHeight);
        var height = bottom + 36;

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", width), new XAttribute("height", height), new XAttribute("viewBox", $"0 0 {width} {height}"),
            new XAttribute("role", "img"), new XAttribute(XNamespace.Xml + "lang", text.Lang),
            new XAttribute("font-family", "DejaVu Sans, Verdana, sans-serif"), new XAttribute("font-size", LabelSize),
            new XElement(Svg + "title", title),
            new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", height), new XAttribute("fill", "#ffffff")),
            Text(Margin, 28, title, TitleSize, "start", "bold"),
            Text(npsZero, Top - 22, text.Nps, LabelSize, "middle", "bold"),
            Text(csatLeft + (PanelWidth / 2), Top - 22, text.Satisfaction, LabelSize, "middle", "bold"));

        // the scales: NPS −100…100 around its zero line, satisfaction 1…5
        foreach (var tick in new[] { -100, -50, 0, 50, 100 })
        {
            var x = npsZero + (tick / 100.0 * (PanelWidth / 2));
            svg.Add(Line(x, Top - 6, x, bottom, tick == 0 ? "#555555" : "#dddddd"), Text(x, bottom + 18, tick.ToString(CultureInfo.InvariantCulture), ValueSize, "middle", "normal"));
        }
        for (var tick = 1; tick <= 5; tick++)
        {
            var x = csatLeft + ((tick - 1) / 4.0 * PanelWidth);
            svg.Add(Line(x, Top - 6, x, bottom, tick == 1 ? "#555555" : "#dddddd"), Text(x, bottom + 18, tick.ToString(CultureInfo.InvariantCulture), ValueSize, "middle", "normal"));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = Top + (i * RowHeight);
            if (row.IsHeading)
            {
                svg.Add(Text(Margin, y + 18, row.Label, LabelSize, "start", "bold"));
                continue;
            }
            svg.Add(Text(Margin + labelWidth, y + 17, row.Label, LabelSize, "end", "normal"));
            if (row.Nps is { } nps)
            {
                var length = (double)Math.Abs(nps) / 100 * (PanelWidth / 2);
                var x = nps >= 0 ? npsZero : npsZero - length;
                // a negative bar's label goes right of the zero line, where the row is empty: never over the names
                var labelX = nps >= 0 ? npsZero + length + 4 : npsZero + 4;
                svg.Add(Bar(x, y + 4, Math.Max(length, 1.5), nps >= 0 ? "#2e7d32" : "#c62828"),
                    Text(labelX, y + 17, WithN(text.Number(nps), row.Responded), ValueSize, "start", "normal"));
            }
            else
            {
                svg.Add(Text(npsZero + 4, y + 17, text.NoResponse, ValueSize, "start", "italic"));
            }
            if (row.Csat is { } csat)
            {
                var length = (double)(csat - 1) / 4 * PanelWidth;
                svg.Add(Bar(csatLeft, y + 4, Math.Max(length, 1.5), "#1565c0"),
                    Text(csatLeft + length + 4, y + 17, WithN(text.Number(csat), row.Responded), ValueSize, "start", "normal"));
            }
            else
            {
                svg.Add(Text(csatLeft + 4, y + 17, text.NoResponse, ValueSize, "start", "italic"));
            }
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), svg).Declaration + Environment.NewLine + svg;
    }

    /// <summary>"3,50 (n = 7)": a figure always says how many answers it rests on.</summary>
    public static string WithN(string figure, int responded) => $"{figure} (n = {responded.ToString(CultureInfo.InvariantCulture)})";

    private static Row Figures(string label, GroupFigures group) => new(label, false, group.Nps, group.Csat, group.Responded);

    /// <summary>
    /// A generous estimate of a text's width in a sans-serif face (DejaVu Sans, the widest common one): capitals and
    /// wide letters count more, narrow ones less. Over-estimating costs a little white space; under-estimating clips.
    /// </summary>
    public static double TextWidth(string text, int size, bool bold)
    {
        var ems = text.Sum(c => c switch
        {
            ' ' or 'i' or 'j' or 'l' or '.' or ',' or '\'' or '|' or '!' or ':' or ';' or '(' or ')' => 0.36,
            'm' or 'w' or 'M' or 'W' or '—' or '−' or 'Œ' or 'œ' or 'Æ' or 'æ' => 0.98,
            _ when char.IsUpper(c) => 0.76,
            _ when char.IsDigit(c) => 0.64,
            _ => 0.62,
        });
        return ems * size * (bold ? 1.1 : 1.0);
    }

    private static XElement Text(double x, double y, string text, int size, string anchor, string style) =>
        new(Svg + "text",
            new XAttribute("x", Invariant(x)), new XAttribute("y", Invariant(y)), new XAttribute("font-size", size), new XAttribute("text-anchor", anchor),
            style == "bold" ? new XAttribute("font-weight", "bold") : style == "italic" ? new XAttribute("font-style", "italic") : null,
            text);

    private static XElement Bar(double x, double y, double width, string fill) =>
        new(Svg + "rect", new XAttribute("x", Invariant(x)), new XAttribute("y", Invariant(y)), new XAttribute("width", Invariant(width)),
            new XAttribute("height", RowHeight - 8), new XAttribute("fill", fill));

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke) =>
        new(Svg + "line", new XAttribute("x1", Invariant(x1)), new XAttribute("y1", Invariant(y1)), new XAttribute("x2", Invariant(x2)),
            new XAttribute("y2", Invariant(y2)), new XAttribute("stroke", stroke));

    private static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
