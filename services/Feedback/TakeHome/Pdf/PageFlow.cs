using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>A table column: its heading, its share of the text width, and whether its figures align right.</summary>
internal sealed record Column(string Heading, double Share, bool AlignRight = false);

/// <summary>
/// Text flowing down A4 pages: each page carries a running title, a new page starts when the next block does not fit,
/// tables repeat their heading on every page they reach, and every page is numbered "n / total" once all exist.
/// </summary>
internal sealed class PageFlow : IDisposable
{
    public const double Margin = 40;
    private const double HeaderRoom = 26;
    private const double FooterRoom = 22;
    private const double CellPad = 3;

    public static readonly XColor Ink = XColor.FromArgb(33, 33, 33);
    public static readonly XColor Muted = XColor.FromArgb(97, 97, 97);
    public static readonly XColor Rule = XColor.FromArgb(189, 189, 189);
    public static readonly XColor Shade = XColor.FromArgb(238, 238, 238);

    private readonly PdfDocument document;
    private readonly string runningTitle;
    private readonly string pageWord;
    private readonly PageOrientation orientation;
    private PdfPage? page;
    private XGraphics? graphics;

    public XFont Body { get; } = new(EmbeddedFonts.Family, 9.5);
    public XFont BodyBold { get; } = new(EmbeddedFonts.Family, 9.5, XFontStyleEx.Bold);
    public XFont Small { get; } = new(EmbeddedFonts.Family, 8);
    public XFont SmallBold { get; } = new(EmbeddedFonts.Family, 8, XFontStyleEx.Bold);

    public PageFlow(PdfDocument document, string runningTitle, string pageWord, PageOrientation orientation = PageOrientation.Portrait)
    {
        this.document = document;
        this.runningTitle = runningTitle;
        this.pageWord = pageWord;
        this.orientation = orientation;
    }

    /// <summary>Where the next block goes, in points from the page's top.</summary>
    public double Y { get; set; }

    public XGraphics Graphics => graphics ?? throw new InvalidOperationException("No page yet: call NewPage first.");
    public double Left => Margin;
    public double Width => PageWidth - (2 * Margin);
    public double PageWidth => page?.Width.Point ?? 0;
    public double PageHeight => page?.Height.Point ?? 0;
    public double Bottom => PageHeight - Margin - FooterRoom;
    public int PageCount => document.PageCount;

    public void NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = orientation;
        graphics = XGraphics.FromPdfPage(page);
        graphics.DrawString(runningTitle, Small, new XSolidBrush(Muted), new XRect(Left, Margin - 14, Width, 12), XStringFormats.TopLeft);
        graphics.DrawLine(new XPen(Rule, 0.5), Left, Margin + 2, Left + Width, Margin + 2);
        Y = Margin + HeaderRoom - 12;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Ensure(double height)
    {
        if (page is null || Y + height > Bottom)
        {
            NewPage();
        }
    }

    public static double LineHeight(XFont font) => font.Size * 1.3;

    public void Gap(double points) => Y += points;

    /// <summary>A heading: kept with at least <paramref name="keepWith"/> points of what follows it.</summary>
    public void Heading(string text, double size, double keepWith = 60)
    {
        var font = new XFont(EmbeddedFonts.Family, size, XFontStyleEx.Bold);
        var lines = Wrap(text, font, Width);
        Ensure((lines.Count * LineHeight(font)) + keepWith);
        foreach (var line in lines)
        {
            Graphics.DrawString(line, font, new XSolidBrush(Ink), new XRect(Left, Y, Width, LineHeight(font)), XStringFormats.TopLeft);
            Y += LineHeight(font);
        }
        Y += size * 0.4;
    }

    /// <summary>A paragraph wrapped to the width, split across pages line by line if it must.</summary>
    public void Paragraph(string text, XFont? font = null, double indent = 0, XColor? color = null)
    {
        font ??= Body;
        var brush = new XSolidBrush(color ?? Ink);
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Ensure(LineHeight(font));
            Graphics.DrawString(line, font, brush, new XRect(Left + indent, Y, Width - indent, LineHeight(font)), XStringFormats.TopLeft);
            Y += LineHeight(font);
        }
    }

    /// <summary>A bulleted paragraph: the text hangs past the bullet.</summary>
    public void Bullet(string text, XFont? font = null)
    {
        font ??= Body;
        var lines = Wrap(text, font, Width - 12);
        Ensure(LineHeight(font));
        Graphics.DrawString("•", font, new XSolidBrush(Ink), new XRect(Left + 2, Y, 10, LineHeight(font)), XStringFormats.TopLeft);
        foreach (var line in lines)
        {
            Ensure(LineHeight(font));
            Graphics.DrawString(line, font, new XSolidBrush(Ink), new XRect(Left + 12, Y, Width - 12, LineHeight(font)), XStringFormats.TopLeft);
            Y += LineHeight(font);
        }
    }

    /// <summary>Label and value pairs, the labels in a column of their own, each pair kept on one page.</summary>
    public void Pairs(IEnumerable<(string Label, string Value)> pairs, double labelWidth)
    {
        foreach (var (label, value) in pairs)
        {
            var labels = Wrap(label, BodyBold, labelWidth - 8);
            var values = Wrap(value, Body, Width - labelWidth);
            var height = (Math.Max(labels.Count, values.Count) * LineHeight(Body)) + 4;
            Ensure(height);
            DrawLines(labels, BodyBold, Left, Y, labelWidth - 8, false);
            DrawLines(values, Body, Left + labelWidth, Y, Width - labelWidth, false);
            Y += height;
        }
    }

    /// <summary>
    /// A table with a shaded heading row, repeated at the top of every page it continues on; a row never splits.
    /// <paramref name="total"/> is a last row set in bold; <paramref name="minRowHeight"/> leaves room to sign.
    /// </summary>
    public void Table(IReadOnlyList<Column> columns, IEnumerable<string[]> rows, string[]? total = null, double minRowHeight = 0, string? continued = null)
    {
        var shares = columns.Sum(c => c.Share);
        var widths = columns.Select(c => c.Share / shares * Width).ToArray();
        var headings = columns.Select((c, i) => Wrap(c.Heading, SmallBold, widths[i] - (2 * CellPad))).ToArray();
        var headingHeight = (headings.Max(h => h.Count) * LineHeight(SmallBold)) + (2 * CellPad);
        var pen = new XPen(Rule, 0.5);
        var started = false;

        void DrawHeading(bool continuing)
        {
            if (continuing && continued is not null)
            {
                Graphics.DrawString(continued, Small, new XSolidBrush(Muted), new XRect(Left, Y, Width, LineHeight(Small)), XStringFormats.TopLeft);
                Y += LineHeight(Small) + 2;
            }
            Graphics.DrawRectangle(pen, new XSolidBrush(Shade), Left, Y, Width, headingHeight);
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                DrawLines(headings[i], SmallBold, x + CellPad, Y + CellPad, widths[i] - (2 * CellPad), columns[i].AlignRight);
                x += widths[i];
                Graphics.DrawLine(pen, x, Y, x, Y + headingHeight);
            }
            Y += headingHeight;
        }

        var all = rows.Select(r => (Cells: r, Bold: false));
        if (total is not null)
        {
            all = all.Append((total, true));
        }
        foreach (var (row, bold) in all)
        {
            var font = bold ? BodyBold : Body;
            var cells = row.Select((text, i) => Wrap(text, font, widths[i] - (2 * CellPad))).ToArray();
            var height = Math.Max(minRowHeight, (cells.Max(c => c.Count) * LineHeight(font)) + (2 * CellPad));
            if (!started || Y + height > Bottom)
            {
                var continuing = started;
                // a table's first row stays with its heading; a row that does not fit opens a page headed anew
                Ensure(headingHeight + height + (continuing && continued is not null ? LineHeight(Small) + 2 : 0));
                DrawHeading(continuing);
                started = true;
            }
            var x = Left;
            Graphics.DrawLine(pen, x, Y, x, Y + height);
            for (var i = 0; i < columns.Count; i++)
            {
                DrawLines(cells[i], font, x + CellPad, Y + CellPad, widths[i] - (2 * CellPad), columns[i].AlignRight);
                x += widths[i];
                // a grid, so each signature has its own box
                Graphics.DrawLine(pen, x, Y, x, Y + height);
            }
            Graphics.DrawLine(pen, Left, Y + height, Left + Width, Y + height);
            Y += height;
        }
        if (!started)
        {
            Ensure(headingHeight);
            DrawHeading(false);
        }
        Y += 8;
    }

    public void DrawLines(IReadOnlyList<string> lines, XFont font, double x, double y, double width, bool alignRight, XColor? color = null)
    {
        var brush = new XSolidBrush(color ?? Ink);
        foreach (var line in lines)
        {
            Graphics.DrawString(line, font, brush, new XRect(x, y, width, LineHeight(font)), alignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);
            y += LineHeight(font);
        }
    }

    public List<string> Wrap(string text, XFont font, double width) => Wrap(Graphics, text, font, width);

    /// <summary>Words wrapped to <paramref name="width"/>; a word longer than the width is cut where it must be.</summary>
    public static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        double Measure(string s) => graphics.MeasureString(s, font).Width;
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Measure(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                while (Measure(line) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut]) > width)
                    {
                        cut--;
                    }
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Numbers every page ("Page 3 / 12") and releases the last page's drawing surface.</summary>
    public void Finish()
    {
        graphics?.Dispose();
        graphics = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var each = document.Pages[i];
            using var g = XGraphics.FromPdfPage(each, XGraphicsPdfPageOptions.Append);
            var width = each.Width.Point;
            var height = each.Height.Point;
            g.DrawString($"{pageWord} {i + 1} / {count}", Small, new XSolidBrush(Muted),
                new XRect(Margin, height - Margin - 10, width - (2 * Margin), 12), XStringFormats.TopRight);
        }
    }

    public void Dispose() => graphics?.Dispose();
}
