using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProBono.Feedback.TakeHome.Pdf;
using Xunit.Abstractions;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>
/// The take-home PDFs rendered from hand-built records and read back with poppler: what a reader sees (names, figures
/// in the language's format, headings, warnings), that the first page renders as a picture, and that the fonts travel
/// inside the file. PROBONO_TAKEHOME_PDF_DIR, when set, keeps the files there (to refresh docs/screenshots).
/// </summary>
public sealed class TakeHomePdfTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Environment.GetEnvironmentVariable("PROBONO_TAKEHOME_PDF_DIR") is { Length: > 0 } kept
        ? Directory.CreateDirectory(kept).FullName
        : Directory.CreateTempSubdirectory("probono-takehome-pdf-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PROBONO_TAKEHOME_PDF_DIR") is not { Length: > 0 })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Render(string name, Action<Stream> write)
    {
        var path = Path.Combine(folder, name);
        using (var file = File.Create(path))
        {
            write(file);
        }
        return path;
    }

    private static void AssertRendersAPage(string pdf)
    {
        var png = Poppler.FirstPage(pdf);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        // a blank A4 page at 60 dpi compresses to well under 2 KB; text, rules and bars make it several times that
        Assert.True(png.Length > 6_000, $"the first page's PNG is only {png.Length} bytes");
    }

    [Fact]
    public void The_tax_pack_holds_per_association_the_attendance_sheet_the_valuation_and_the_receipt_data_then_a_summary()
    {
        var pdf = Render("taxpack.pdf", s => TaxPackPdf.Write(TakeHomeSamples.TaxPack(), s));
        var text = Poppler.Text(pdf);

        // three pages per association, then the summary
        Assert.Equal(7, Poppler.Pages(pdf));
        Assert.Equal(2, Count(text, "Feuille d'émargement"));
        Assert.Equal(2, Count(text, "État de valorisation"));
        Assert.Equal(2, Count(text, "Éléments pour le reçu fiscal (Cerfa n° 16216)"));
        Assert.Contains("Récapitulatif", text);

        // the attendance sheet: names, Paris check-in times (08:12 UTC is 09:12 in November), hours, both sides sign
        Assert.Contains("Aurélie Dupont", text);
        Assert.Contains("Jean-Baptiste Lefèvre", text);
        Assert.Contains("Zoé Martin", text);
        Assert.Contains("09:12", text);
        Assert.Contains("09:47", text);
        Assert.Contains("08:58", text);
        Assert.Equal(2, Count(text, "Pour l'entreprise"));
        Assert.Equal(2, Count(text, "Pour l'association"));

        // the valuation: basis, cost, cap, capped, value, the line total
        Assert.Contains("coût annuel chargé", text);
        Assert.Contains("coût horaire", text);
        Assert.Contains("forfait du marathon", text);
        Assert.Contains("62,23 €", text);
        Assert.Contains("120,00 €", text);
        Assert.Contains("89,72 €", text);
        Assert.Contains("628,04 €", text);
        Assert.Contains("1 063,65 €", text);

        // the receipt: donor, beneficiary, date, nature, value; a missing identifier or address reads "non renseigné"
        Assert.Contains("Électricité de France SA", text);
        // the donor on each receipt and in the summary
        Assert.Equal(3, Count(text, "552081317"));
        Assert.Equal(3, Count(text, "22-30 avenue de Wagram, 75008 Paris"));
        Assert.Contains("RNA W751234567", text);
        Assert.Contains("42 rue de Clichy, 75009 Paris", text);
        Assert.Contains("16 novembre 2030", text);
        Assert.Equal(2, Count(text, "don en nature — mécénat de compétences"));
        Assert.Contains("non renseigné", text);

        // the summary: total, reduction, PASS and year said to be provisional, every warning
        Assert.Contains("1 623,65 €", text);
        Assert.Contains("974,19 € (taux de 60 %)", text);
        Assert.Contains("PASS 2030", text);
        Assert.Contains("48 060,00 € (provisoire", text);
        Assert.Contains("PASS 2030 inconnu (Tax:Pass:2030)", text);
        Assert.Contains("Association Tremplin : RNA ou SIREN manquant.", text);
        Assert.Contains("Zoé Martin : valorisée au forfait du marathon", text);
        Assert.Contains("20 000 € ou 5 ‰", text);
        Assert.Contains("Page 7 / 7", text);

        AssertRendersAPage(pdf);
    }

    [Fact]
    public void A_tax_pack_without_legal_data_or_associations_says_so_rather_than_leaving_blanks()
    {
        var pack = TakeHomeSamples.TaxPack() with
        {
            LegalName = null, Siren = " ", Address = null, Lines = [], TotalValueEur = 0m, Reduction = new(0.60m, 0m), Provisional = false,
            Warnings = ["Raison sociale de l'entreprise manquante.", "SIREN de l'entreprise manquant."],
        };
        var pdf = Render("taxpack-empty.pdf", s => TaxPackPdf.Write(pack, s));
        var text = Poppler.Text(pdf);

        Assert.Equal(1, Poppler.Pages(pdf));
        Assert.Contains("Récapitulatif", text);
        // company, SIREN and address
        Assert.Equal(3, Count(text, "non renseigné"));
        Assert.Contains("0,00 € (taux de 60 %)", text);
        Assert.DoesNotContain("provisoire", text);
        Assert.Contains("Raison sociale de l'entreprise manquante.", text);
        Assert.Contains("SIREN de l'entreprise manquant.", text);
    }

    [Fact]
    public void A_tax_pack_of_a_thousand_volunteers_breaks_its_tables_across_pages_with_their_headings_repeated()
    {
        var pack = TakeHomeSamples.LargeTaxPack(1_000);
        var clock = Stopwatch.StartNew();
        var pdf = Render("taxpack-1000.pdf", s => TaxPackPdf.Write(pack, s));
        clock.Stop();
        output.WriteLine($"1,000-volunteer tax pack: {clock.ElapsedMilliseconds} ms, {new FileInfo(pdf).Length / 1024} KiB");

        var text = Poppler.Text(pdf);
        var pages = Poppler.Pages(pdf);
        output.WriteLine($"{pages} pages");
        Assert.Contains("Zacharie Millième-Dernier", text);
        Assert.Contains("Salarié Numéro 0999", text);
        // every page of each table starts with its heading row: one sheet and one statement, many pages each
        var sheetPages = Count(text, "Heure d'arrivée");
        var statementPages = Count(text, "Base du coût");
        Assert.True(sheetPages >= 20, $"the attendance sheet's heading appears {sheetPages} times");
        Assert.True(statementPages >= 20, $"the valuation's heading appears {statementPages} times");
        Assert.Equal(sheetPages - 1, Count(text, "Feuille d'émargement — Grande Association (suite)"));
        Assert.Contains("350 000,00 €", text);
        Assert.Contains($"Page {pages} / {pages}", text);
        AssertRendersAPage(pdf);
    }

    [Theory]
    [InlineData("fr", "Attestation de participation", "a participé au Pro Bono Marathon Paris 2030", "16 novembre 2030", "7 heures", "Livrable remis")]
    [InlineData("en", "Certificate of participation", "took part in the Pro Bono Marathon Paris 2030", "16 November 2030", "7 hours", "Deliverable")]
    public void A_certificate_is_one_page_in_the_language_asked(string lang, string title, string tookPart, string date, string hours, string deliverable)
    {
        var pdf = Render($"certificate-{lang}.pdf", s => CertificatePdf.Write(TakeHomeSamples.Certificate(), lang, s));
        var text = Poppler.Text(pdf);

        Assert.Equal(1, Poppler.Pages(pdf));
        Assert.Contains(title.ToUpperInvariant(), text);
        Assert.Contains("Aurélie Dupont", text);
        Assert.Contains(tookPart, text);
        Assert.Contains(date, text);
        Assert.Contains("Station F, Paris", text);
        Assert.Contains("Les Restos du Cœur", text);
        Assert.Contains("Refonte du site des bénévoles", text);
        Assert.Contains(hours, text);
        Assert.Contains(deliverable, text);
        Assert.Contains("Un site refait, en ligne depuis le soir même", text);
        AssertRendersAPage(pdf);
    }

    [Fact]
    public void A_certificate_without_a_deliverable_leaves_the_line_out_and_says_what_is_missing()
    {
        var certificate = TakeHomeSamples.Certificate(deliverable: null) with { Venue = null };
        var pdf = Render("certificate-bare.pdf", s => CertificatePdf.Write(certificate, "en", s));
        var text = Poppler.Text(pdf);

        Assert.DoesNotContain("Deliverable", text);
        Assert.Contains("Venue", text);
        Assert.Contains("not provided", text);
    }

    [Theory]
    [InlineData("fr", "Rapport d'impact — Électricité de France", "7 234,56 €", "435,61 €", "−11,1 (n = 9)", "4,25 (n = 9)", "NPS (−100 à 100)", "Satisfaction (1 à 5)", "Vos salariés")]
    [InlineData("en", "Impact report — Électricité de France", "€7,234.56", "€435.61", "−11.1 (n = 9)", "4.25 (n = 9)", "NPS (−100 to 100)", "Satisfaction (1 to 5)", "Your employees")]
    public void The_partner_report_shows_its_figures_the_chart_with_n_its_employees_and_associations(
        string lang, string title, string value, string employeeValue, string nps, string csat, string npsAxis, string csatAxis, string employees)
    {
        var pdf = Render($"partner-report-{lang}.pdf", s => PartnerReportPdf.Write(TakeHomeSamples.PartnerReport(), lang, s));
        var text = Poppler.Text(pdf);

        Assert.Contains(title, text);
        Assert.Contains(value, text);
        Assert.Contains(employeeValue, text);
        Assert.Contains(nps, text);
        Assert.Contains(csat, text);
        Assert.Contains(npsAxis, text);
        Assert.Contains(csatAxis, text);
        Assert.Contains(employees, text);
        Assert.Contains("Jean-Baptiste Lefèvre", text);
        Assert.Contains("Noémie Garnier", text);
        Assert.Contains("Association Tremplin", text);
        Assert.Contains("Plan de financement 2031", text);
        Assert.Contains("Un site refait, en ligne", text);
        AssertRendersAPage(pdf);
    }

    [Fact]
    public void The_fonts_travel_inside_the_file()
    {
        var pdf = Render("fonts.pdf", s => TaxPackPdf.Write(TakeHomeSamples.TaxPack(), s));
        var fonts = Poppler.Fonts(pdf);

        Assert.Contains("DejaVu Sans", fonts);
        Assert.Contains("DejaVu Sans,Bold", fonts);
        // pdffonts' "emb" column: every font listed is embedded
        var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains(" yes ", row));
    }

    [Fact]
    public void A_document_goes_straight_to_a_stream_that_cannot_seek()
    {
        using var sink = new MemoryStream();
        using (var forwardOnly = new ForwardOnlyStream(sink))
        {
            CertificatePdf.Write(TakeHomeSamples.Certificate(), "fr", forwardOnly);
        }
        var path = Path.Combine(folder, "forward-only.pdf");
        File.WriteAllBytes(path, sink.ToArray());

        Assert.Contains("a participé au Pro Bono Marathon Paris 2030", Poppler.Text(path));
    }

    [Fact]
    public async Task The_http_answer_is_written_without_synchronous_writes_to_the_body()
    {
        var body = new ForwardOnlyStream(new MemoryStream(), refuseSynchronousWrites: true);
        var http = new DefaultHttpContext();
        http.Response.Body = body;

        await PdfOutput.Result("attestation-Aurélie.pdf", s => CertificatePdf.Write(TakeHomeSamples.Certificate(), "fr", s)).ExecuteAsync(http);

        Assert.Equal("application/pdf", http.Response.ContentType);
        Assert.StartsWith("attachment;", http.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''attestation-Aur%C3%A9lie.pdf", http.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var bytes = body.Written.ToArray();
        Assert.Equal("%PDF-"u8.ToArray(), bytes.Take(5));
        File.WriteAllBytes(Path.Combine(folder, "http.pdf"), bytes);
        Assert.Contains("Aurélie Dupont", Poppler.Text(Path.Combine(folder, "http.pdf")));
    }

    [Fact]
    public void Documents_render_side_by_side_from_the_first_one_on()
    {
        // the font resolver is set once for the process; concurrent first documents must neither race nor throw
        var lengths = new long[8];
        Parallel.For(0, lengths.Length, i =>
        {
            using var stream = new MemoryStream();
            PartnerReportPdf.Write(TakeHomeSamples.PartnerReport(), i % 2 == 0 ? "fr" : "en", stream);
            lengths[i] = stream.Length;
        });

        Assert.All(lengths, length => Assert.True(length > 10_000));
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    /// <summary>A stream that only goes forward, as an HTTP body does; optionally refusing synchronous writes, as Kestrel's does.</summary>
    private sealed class ForwardOnlyStream(MemoryStream inner, bool refuseSynchronousWrites = false) : Stream
    {
        public MemoryStream Written => inner;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (refuseSynchronousWrites)
            {
                throw new InvalidOperationException("Synchronous operations are disallowed.");
            }
            inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
