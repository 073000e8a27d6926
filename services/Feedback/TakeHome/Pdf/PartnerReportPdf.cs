using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// What a partner's own report shows (<c>GET /api/marathons/{mid}/impact?format=pdf</c>): its figures, its employees'
/// answers (NPS and satisfaction, <see cref="Responded"/> being their n), its employees and the associations they helped.
/// </summary>
internal sealed record PartnerReportDocument(
    string PartnerId,
    string? PartnerName,
    string MarathonName,
    DateOnly Date,
    int Volunteers,
    int CheckedIn,
    int Hours,
    decimal ValueEur,
    int Teams,
    int Associations,
    int Responded,
    decimal? Nps,
    decimal? Csat,
    IReadOnlyList<EmployeeLine> Employees,
    IReadOnlyList<HelpedAssociation> HelpedAssociations);

/// <summary>
/// A partner's own report as a PDF in French or English: the figures, the chart of its employees' NPS (−100 to 100,
/// from the zero line) and satisfaction (1 to 5, from 1, the scale's floor) each with its n, then its employees and the
/// associations they helped.
/// </summary>
internal static class PartnerReportPdf
{
    private sealed record Text(
        string Title, string Figures, string Registered, string CheckedIn, string Hours, string Value, string Teams, string Associations,
        string Responded, string Nps, string Satisfaction, string Chart, string NpsAxis, string SatisfactionAxis, string NoResponse,
        string Employees, string Name, string Came, string Association, string Yes, string No, string Need, string Deliverable,
        string None, string Missing, string Page, string Continued);

    private static readonly Text French = new(
        "Rapport d'impact", "Chiffres clés", "Salariés inscrits", "Salariés venus (pointés)", "Heures données", "Valeur des heures",
        "Équipes", "Associations aidées", "Répondants (n)", "NPS", "Satisfaction moyenne", "Ce qu'en disent vos salariés",
        "NPS (−100 à 100)", "Satisfaction (1 à 5)", "pas de réponse", "Vos salariés", "Nom", "Présent", "Association", "oui", "non",
        "Besoin", "Livrable", "aucun", "non renseigné", "Page", "suite");

    private static readonly Text English = new(
        "Impact report", "Key figures", "Employees registered", "Employees who came (checked in)", "Hours given", "Value of the hours",
        "Teams", "Associations helped", "Responded (n)", "NPS", "Mean satisfaction", "What your employees say",
        "NPS (−100 to 100)", "Satisfaction (1 to 5)", "no response", "Your employees", "Name", "Came", "Association", "yes", "no",
        "Need", "Deliverable", "none", "not provided", "Page", "continued");

    public static void Write(PartnerReportDocument report, string lang, Stream output)
    {
        EmbeddedFonts.Install();
        lang = Words.Language(lang);
        var text = lang == Words.English ? English : French;
        string Or(string? value) => string.IsNullOrWhiteSpace(value) ? text.Missing : value.Trim();
        var partner = Or(report.PartnerName);
        var marathon = $"Pro Bono Marathon {report.MarathonName}, {Words.LongDate(report.Date, lang)}";

        using var document = new PdfDocument();
        document.Info.Title = $"{text.Title} — {partner} — Pro Bono Marathon {report.MarathonName}";
        document.Info.Author = "ProBono Platform";
        document.Language = lang == Words.English ? "en" : "fr-FR";
        using var flow = new PageFlow(document, $"{text.Title} — {partner} — {marathon}", text.Page);
        flow.NewPage();
        flow.Heading($"{text.Title} — {partner}", 17, 200);
        flow.Paragraph(marathon, new XFont(EmbeddedFonts.Family, 11), color: PageFlow.Muted);
        flow.Gap(12);

        flow.Heading(text.Figures, 12, 160);
        Tiles(flow,
        [
            (Words.Count(report.Volunteers, lang), text.Registered),
            (Words.Count(report.CheckedIn, lang), text.CheckedIn),
            (Words.Count(report.Hours, lang), text.Hours),
            (Words.Money(report.ValueEur, lang), text.Value),
            (Words.Count(report.Teams, lang), text.Teams),
            (Words.Count(report.Associations, lang), text.Associations),
            (Words.Count(report.Responded, lang), text.Responded),
            (report.Nps is { } nps ? Words.Figure(nps, lang) : "—", text.Nps),
            (report.Csat is { } csat ? Words.Figure(csat, lang) : "—", text.Satisfaction),
        ]);
        flow.Gap(10);

        flow.Heading(text.Chart, 12, 120);
        Chart(flow, report, lang, text);
        flow.Gap(14);

        flow.Heading(text.Employees, 12);
        flow.Table(
            [new(text.Name, 3.2), new(text.Came, 1), new(text.Hours, 1.1, true), new(text.Value, 1.8, true), new(text.Association, 3.2)],
            report.Employees.Select(e => new[]
            {
                Or(e.Name), e.CheckedIn ? text.Yes : text.No, Words.Count(e.Hours, lang), Words.Money(e.ValueEur, lang),
                e.AssociationName is { Length: > 0 } a ? a : "—",
            }),
            continued: $"{text.Employees} ({text.Continued})");
        flow.Gap(6);

        flow.Heading(text.Associations, 12);
        flow.Table(
            [new(text.Association, 3), new(text.Need, 3), new(text.Deliverable, 4)],
            report.HelpedAssociations.Select(a => new[] { Or(a.Name), Or(a.NeedTitle), a.Deliverable is { Length: > 0 } d ? d : text.None }),
            continued: $"{text.Associations} ({text.Continued})");
        flow.Finish();
        PdfOutput.Save(document, output);
    }

    private static void Tiles(PageFlow flow, IReadOnlyList<(string Figure, string Label)> tiles)
    {
        const int perRow = 3;
        const double height = 50;
        const double gap = 8;
        var width = (flow.Width - ((perRow - 1) * gap)) / perRow;
        var figure = new XFont(EmbeddedFonts.Family, 15, XFontStyleEx.Bold);
        for (var i = 0; i < tiles.Count; i += perRow)
        {
            flow.Ensure(height);
            for (var j = 0; j < perRow && i + j < tiles.Count; j++)
            {
                var x = flow.Left + (j * (width + gap));
                flow.Graphics.DrawRectangle(new XPen(PageFlow.Rule, 0.5), new XSolidBrush(XColor.FromArgb(248, 248, 248)), x, flow.Y, width, height);
                flow.DrawLines([tiles[i + j].Figure], figure, x + 8, flow.Y + 7, width - 16, false);
                flow.DrawLines(PageFlow.Wrap(flow.Graphics, tiles[i + j].Label, flow.Small, width - 16).Take(1).ToList(), flow.Small, x + 8, flow.Y + 30, width - 16, false, PageFlow.Muted);
            }
            flow.Y += height + gap;
        }
    }

    /// <summary>Two scales, one above the other, each with one bar labelled with its figure and n: NPS from its zero line, satisfaction from 1.</summary>
    private static void Chart(PageFlow flow, PartnerReportDocument report, string lang, Text text)
    {
        const double panelHeight = 62;
        flow.Ensure(2 * panelHeight);
        var n = $"(n = {Words.Count(report.Responded, lang)})";
        // room right of the scale for the widest label a full bar can carry, so it is never clipped
        var labelRoom = Math.Max(flow.Graphics.MeasureString("−100 (n = 10 000)", flow.Body).Width, flow.Graphics.MeasureString($"{text.NoResponse} {n}", flow.Body).Width) + 12;
        var left = flow.Left + 14;
        var width = flow.Width - 14 - labelRoom;

        Scale(flow, text.NpsAxis, left, width, [-100, -50, 0, 50, 100], -100, 100, 0, report.Nps, n, lang, text.NoResponse);
        Scale(flow, text.SatisfactionAxis, left, width, [1, 2, 3, 4, 5], 1, 5, 1, report.Csat, n, lang, text.NoResponse);
    }

    private static void Scale(
        PageFlow flow, string title, double left, double width, int[] ticks, int min, int max, int origin, decimal? value, string n, string lang, string noResponse)
    {
        const double barHeight = 18;
        var g = flow.Graphics;
        var top = flow.Y;
        g.DrawString(title, flow.SmallBold, new XSolidBrush(PageFlow.Ink), new XRect(flow.Left, top, flow.Width, 12), XStringFormats.TopLeft);
        var barY = top + 18;
        var axisBottom = barY + barHeight + 4;
        double At(double v) => left + ((v - min) / (max - min) * width);

        var grid = new XPen(XColor.FromArgb(221, 221, 221), 0.6);
        var baseline = new XPen(XColor.FromArgb(85, 85, 85), 0.9);
        foreach (var tick in ticks)
        {
            var x = At(tick);
            g.DrawLine(tick == origin ? baseline : grid, x, barY - 4, x, axisBottom);
            g.DrawString(Words.Figure(tick, lang), flow.Small, new XSolidBrush(PageFlow.Muted), new XRect(x - 20, axisBottom + 2, 40, 10), XStringFormats.TopCenter);
        }

        var zero = At(origin);
        if (value is { } figure)
        {
            var end = At((double)Math.Clamp(figure, min, max));
            var x = Math.Min(zero, end);
            var length = Math.Max(Math.Abs(end - zero), 1.5);
            var color = origin == 0 && figure < 0 ? XColor.FromArgb(198, 40, 40) : origin == 0 ? XColor.FromArgb(46, 125, 50) : XColor.FromArgb(21, 101, 192);
            g.DrawRectangle(new XSolidBrush(color), x, barY, length, barHeight);
            // a negative bar's label goes right of the zero line, where the row is empty
            var labelX = Math.Max(zero, end) + 4;
            g.DrawString($"{Words.Figure(figure, lang)} {n}", flow.Body, new XSolidBrush(PageFlow.Ink), new XRect(labelX, barY, flow.Left + flow.Width - labelX, barHeight), XStringFormats.CenterLeft);
        }
        else
        {
            g.DrawString($"{noResponse} {n}", new XFont(EmbeddedFonts.Family, 9.5, XFontStyleEx.Italic), new XSolidBrush(PageFlow.Muted),
                new XRect(zero + 4, barY, flow.Left + flow.Width - zero - 4, barHeight), XStringFormats.CenterLeft);
        }
        flow.Y = axisBottom + 20;
    }
}
