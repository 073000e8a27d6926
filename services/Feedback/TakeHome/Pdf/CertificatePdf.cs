using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// A volunteer's certificate of participation, one landscape page in French or English: who, which marathon, when and
/// where, for which association and need, how many hours, and the deliverable when the team handed one over.
/// </summary>
internal static class CertificatePdf
{
    private sealed record Text(
        string Title, string Certifies, string TookPart, string Date, string Venue, string Association, string Need,
        string Hours, string Deliverable, string Missing, Func<int, string> HoursWord);

    private static readonly Text French = new(
        "Attestation de participation", "Nous attestons que", "a participé au Pro Bono Marathon", "Date", "Lieu", "Association aidée",
        "Besoin traité", "Heures données", "Livrable remis", "non renseigné", h => h == 1 ? "1 heure" : $"{Words.Count(h, Words.French)} heures");

    private static readonly Text English = new(
        "Certificate of participation", "This is to certify that", "took part in the Pro Bono Marathon", "Date", "Venue", "Association helped",
        "Need addressed", "Hours given", "Deliverable", "not provided", h => h == 1 ? "1 hour" : $"{Words.Count(h, Words.English)} hours");

    // one page, whatever a deliverable's description or a need's title says: what would not fit is cut, visibly
    private const int MaxLines = 2;
    private const int MaxDeliverableLines = 4;

    public static void Write(Certificate certificate, string lang, Stream output)
    {
        EmbeddedFonts.Install();
        lang = Words.Language(lang);
        var text = lang == Words.English ? English : French;

        using var document = new PdfDocument();
        document.Info.Title = $"{text.Title} — {certificate.Name} — Pro Bono Marathon {certificate.MarathonName}";
        document.Info.Author = "ProBono Platform";
        document.Language = lang == Words.English ? "en" : "fr-FR";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var g = XGraphics.FromPdfPage(page))
        {
            Draw(g, page, certificate, lang, text);
        }
        PdfOutput.Save(document, output);
    }

    private static void Draw(XGraphics g, PdfPage page, Certificate certificate, string lang, Text text)
    {
        string Or(string? value) => string.IsNullOrWhiteSpace(value) ? text.Missing : value.Trim();
        var width = page.Width.Point;
        var height = page.Height.Point;
        var ink = new XSolidBrush(PageFlow.Ink);
        var muted = new XSolidBrush(PageFlow.Muted);
        var accent = XColor.FromArgb(21, 101, 192);

        // a double frame, as certificates have
        g.DrawRectangle(new XPen(accent, 2.5), 28, 28, width - 56, height - 56);
        g.DrawRectangle(new XPen(accent, 0.7), 36, 36, width - 72, height - 72);

        var inner = width - 160;
        var y = 70.0;
        void Centered(string line, XFont font, XBrush brush)
        {
            foreach (var part in PageFlow.Wrap(g, line, font, inner))
            {
                g.DrawString(part, font, brush, new XRect(80, y, inner, font.Size * 1.3), XStringFormats.TopCenter);
                y += font.Size * 1.3;
            }
        }

        Centered(text.Title.ToUpperInvariant(), new XFont(EmbeddedFonts.Family, 24, XFontStyleEx.Bold), new XSolidBrush(accent));
        y += 22;
        Centered(text.Certifies, new XFont(EmbeddedFonts.Family, 13), muted);
        y += 6;
        Centered(Or(certificate.Name), new XFont(EmbeddedFonts.Family, 26, XFontStyleEx.Bold), ink);
        if (!string.IsNullOrWhiteSpace(certificate.PartnerName))
        {
            Centered(certificate.PartnerName.Trim(), new XFont(EmbeddedFonts.Family, 12), muted);
        }
        y += 8;
        Centered($"{text.TookPart} {certificate.MarathonName}", new XFont(EmbeddedFonts.Family, 15), ink);
        y += 20;

        var pairs = new List<(string Label, string Value)>
        {
            (text.Date, Words.LongDate(certificate.Date, lang)),
            (text.Venue, Or(certificate.Venue)),
            (text.Association, Or(certificate.AssociationName)),
            (text.Need, Or(certificate.NeedTitle)),
            (text.Hours, text.HoursWord(certificate.Hours)),
        };
        if (!string.IsNullOrWhiteSpace(certificate.Deliverable))
        {
            pairs.Add((text.Deliverable, certificate.Deliverable.Trim()));
        }

        var label = new XFont(EmbeddedFonts.Family, 11, XFontStyleEx.Bold);
        var value = new XFont(EmbeddedFonts.Family, 11);
        const double labelWidth = 150;
        const double blockWidth = 520;
        var left = (width - blockWidth) / 2;
        foreach (var (name, content) in pairs)
        {
            var lines = PageFlow.Wrap(g, content, value, blockWidth - labelWidth);
            var max = name == text.Deliverable ? MaxDeliverableLines : MaxLines;
            if (lines.Count > max)
            {
                lines = [.. lines.Take(max - 1), lines[max - 1] + " …"];
            }
            g.DrawString(name, label, muted, new XRect(left, y, labelWidth - 10, 15), XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                g.DrawString(line, value, ink, new XRect(left + labelWidth, y, blockWidth - labelWidth, 15), XStringFormats.TopLeft);
                y += 14.5;
            }
            y += 5;
        }

        g.DrawString("ProBono Platform", new XFont(EmbeddedFonts.Family, 9), muted, new XRect(80, height - 62, inner, 12), XStringFormats.TopCenter);
    }
}
