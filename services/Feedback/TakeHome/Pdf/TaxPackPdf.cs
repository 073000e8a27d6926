using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// The tax pack as a French PDF (it serves a French tax return): for each association helped, the attendance sheet to
/// sign, the valuation statement and what the association needs for its receipt (Cerfa n° 16216); then a summary with
/// the estimated reduction and every warning. A missing value reads "non renseigné", so a blank never passes for a
/// value left out on purpose.
/// </summary>
internal static class TaxPackPdf
{
    private const string Lang = Words.French;
    private const string Missing = "non renseigné";
    private const string GiftNature = "don en nature — mécénat de compétences";

    public static void Write(TaxPack pack, Stream output)
    {
        EmbeddedFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Mécénat de compétences — {Or(pack.LegalName)} — Pro Bono Marathon {pack.MarathonName}";
        document.Info.Author = "ProBono Platform";
        document.Language = "fr-FR";
        using var flow = new PageFlow(document, $"Mécénat de compétences — Pro Bono Marathon {pack.MarathonName}, {Words.LongDate(pack.Date, Lang)}", "Page");
        foreach (var line in pack.Lines)
        {
            AttendanceSheet(flow, pack, line);
            Valuation(flow, pack, line);
            Receipt(flow, pack, line);
        }
        Summary(flow, pack);
        flow.Finish();
        PdfOutput.Save(document, output);
    }

    private static void AttendanceSheet(PageFlow flow, TaxPack pack, TaxPackLine line)
    {
        flow.NewPage();
        flow.Heading("Feuille d'émargement", 15, 120);
        flow.Pairs(
        [
            ("Association", Or(line.AssociationName)),
            ("Besoin traité", Or(line.NeedTitle)),
            ("Entreprise", Or(pack.LegalName)),
            ("Événement", $"Pro Bono Marathon {pack.MarathonName}, {Words.LongDate(pack.Date, Lang)}"),
        ], 110);
        flow.Paragraph("Salariés mis à disposition de l'association, pointés à leur arrivée (heure de Paris).", flow.Small, color: PageFlow.Muted);
        flow.Gap(4);
        flow.Table(
            [new("N°", 0.65, true), new("Nom et prénom", 3.45), new("Heure d'arrivée", 1.8), new("Heures", 0.9, true), new("Émargement", 2.6)],
            line.Volunteers.Select((v, i) => new[]
            {
                (i + 1).ToString(CultureInfo.InvariantCulture), Or(v.Name), Words.ParisTime(v.CheckedInAt, pack.Date), Words.Count(v.Hours, Lang), "",
            }),
            minRowHeight: 20,
            continued: $"Feuille d'émargement — {Or(line.AssociationName)} (suite)");
        flow.Paragraph($"{Words.Count(line.Volunteers.Count, Lang)} salarié(s), {Words.Count(line.Hours, Lang)} heure(s) au total.", flow.BodyBold);
        flow.Gap(10);
        SignatureBoxes(flow, ("Pour l'entreprise", Or(pack.LegalName)), ("Pour l'association", Or(line.AssociationName)));
    }

    private static void SignatureBoxes(PageFlow flow, params (string Side, string Name)[] sides)
    {
        const double height = 110;
        const double gap = 16;
        flow.Ensure(height);
        var width = (flow.Width - gap) / sides.Length;
        var pen = new XPen(PageFlow.Rule, 0.8);
        for (var i = 0; i < sides.Length; i++)
        {
            var x = flow.Left + (i * (width + gap));
            flow.Graphics.DrawRectangle(pen, x, flow.Y, width, height);
            var lines = new List<string> { sides[i].Side };
            lines.AddRange(flow.Wrap(sides[i].Name, flow.Body, width - 12));
            flow.DrawLines(lines.Take(1).ToList(), flow.BodyBold, x + 6, flow.Y + 6, width - 12, false);
            flow.DrawLines(lines.Skip(1).Take(2).ToList(), flow.Body, x + 6, flow.Y + 6 + PageFlow.LineHeight(flow.BodyBold), width - 12, false);
            flow.DrawLines(["Nom et qualité du signataire, date et signature :"], flow.Small, x + 6, flow.Y + 48, width - 12, false, PageFlow.Muted);
        }
        flow.Y += height + 8;
    }

    private static void Valuation(PageFlow flow, TaxPack pack, TaxPackLine line)
    {
        flow.NewPage();
        flow.Heading("État de valorisation", 15, 120);
        flow.Pairs(
        [
            ("Association", Or(line.AssociationName)),
            ("Entreprise", Or(pack.LegalName)),
            ("Plafond horaire", $"{Words.Money(pack.HourlyCapEur, Lang)} (rémunération et charges limitées à 3 PASS par an, PASS {pack.Year}{(pack.Provisional ? " provisoire" : "")})"),
        ], 110);
        flow.Paragraph(
            "Chaque heure est valorisée au prix de revient (rémunération et charges sociales), dans la limite du plafond horaire ; " +
            "la valeur d'une ligne est arrondie au centime et le total est la somme des lignes.", flow.Small, color: PageFlow.Muted);
        flow.Gap(4);
        var rows = line.Volunteers.Select(v => new[]
        {
            Or(v.Name), BasisWords(v.Basis), Words.Count(v.Hours, Lang), Words.Money(v.HourlyCostEur, Lang),
            Words.Money(pack.HourlyCapEur, Lang), v.Capped ? "oui" : "non", Words.Money(v.ValueEur, Lang),
        });
        flow.Table(
            [new("Nom et prénom", 3), new("Base du coût", 2.4), new("Heures", 1.1, true), new("Coût horaire", 1.5, true),
                new("Plafond horaire", 1.5, true), new("Plafonné", 1.3), new("Valeur", 1.7, true)],
            rows,
            total: ["Total", "", Words.Count(line.Hours, Lang), "", "", "", Words.Money(line.ValueEur, Lang)],
            continued: $"État de valorisation — {Or(line.AssociationName)} (suite)");
        flow.Paragraph($"Valeur du don à {Or(line.AssociationName)} : {Words.Money(line.ValueEur, Lang)}", flow.BodyBold);
    }

    private static void Receipt(PageFlow flow, TaxPack pack, TaxPackLine line)
    {
        flow.NewPage();
        flow.Heading("Éléments pour le reçu fiscal (Cerfa n° 16216)", 15, 120);
        flow.Paragraph(
            "À l'usage de l'association : ce qu'il lui faut pour établir le reçu des dons et versements effectués par les " +
            "entreprises au titre de l'article 238 bis du code général des impôts.", flow.Small, color: PageFlow.Muted);
        flow.Gap(8);
        flow.Heading("Donateur (entreprise)", 11.5, 50);
        flow.Pairs([("Raison sociale", Or(pack.LegalName)), ("SIREN", Or(pack.Siren)), ("Adresse", Or(pack.Address))], 150);
        flow.Gap(6);
        flow.Heading("Bénéficiaire (association)", 11.5, 50);
        flow.Pairs([("Nom", Or(line.AssociationName)), ("RNA ou SIREN", Identifier(line)), ("Adresse", Or(line.Address))], 150);
        flow.Gap(6);
        flow.Heading("Don", 11.5, 50);
        flow.Pairs(
        [
            ("Date du don", Words.LongDate(pack.Date, Lang)),
            ("Nature du don", GiftNature),
            ("Objet", $"{Words.Count(line.Hours, Lang)} heure(s) de travail de {Words.Count(line.Volunteers.Count, Lang)} salarié(s) pour le besoin « {Or(line.NeedTitle)} », lors du Pro Bono Marathon {pack.MarathonName}"),
            ("Mode de valorisation", "prix de revient (rémunération et charges sociales), plafonné à 3 PASS par an et par salarié"),
            ("Valeur du don", Words.Money(line.ValueEur, Lang)),
        ], 150);
    }

    private static void Summary(PageFlow flow, TaxPack pack)
    {
        flow.NewPage();
        flow.Heading("Récapitulatif", 15, 120);
        var volunteers = pack.Lines.Sum(l => l.Volunteers.Count);
        var hours = pack.Lines.Sum(l => l.Hours);
        flow.Pairs(
        [
            ("Entreprise", Or(pack.LegalName)),
            ("SIREN", Or(pack.Siren)),
            ("Adresse", Or(pack.Address)),
            ("Événement", $"Pro Bono Marathon {pack.MarathonName}, {Words.LongDate(pack.Date, Lang)}"),
            ("Salariés, heures", $"{Words.Count(volunteers, Lang)} salarié(s), {Words.Count(hours, Lang)} heure(s), {Words.Count(pack.Lines.Count, Lang)} association(s)"),
            ("Valeur totale des dons", Words.Money(pack.TotalValueEur, Lang)),
            ("Réduction d'impôt estimée", $"{Words.Money(pack.Reduction.EstimatedEur, Lang)} (taux de {Words.Percent(pack.Reduction.Rate, Lang)})"),
            ($"PASS {pack.Year}", $"{Words.Money(pack.Pass, Lang)}{(pack.Provisional ? " (provisoire : la valeur de cette année n'est pas encore connue)" : "")}"),
            ("Plafond horaire", Words.Money(pack.HourlyCapEur, Lang)),
        ], 170);
        flow.Gap(6);
        flow.Table(
            [new("Association", 5), new("Heures", 1.2, true), new("Valeur", 2, true)],
            pack.Lines.Select(l => new[] { Or(l.AssociationName), Words.Count(l.Hours, Lang), Words.Money(l.ValueEur, Lang) }),
            total: ["Total", Words.Count(hours, Lang), Words.Money(pack.TotalValueEur, Lang)],
            continued: "Récapitulatif (suite)");
        flow.Gap(4);
        flow.Heading("Avertissements", 11.5, 30);
        if (pack.Warnings.Count == 0)
        {
            flow.Paragraph("Aucun avertissement.");
        }
        foreach (var warning in pack.Warnings)
        {
            flow.Bullet(warning);
        }
    }

    private static string Identifier(TaxPackLine line) => (line.Rna, line.Siren) switch
    {
        ({ Length: > 0 } rna, { Length: > 0 } siren) => $"RNA {rna} — SIREN {siren}",
        ({ Length: > 0 } rna, _) => $"RNA {rna}",
        (_, { Length: > 0 } siren) => $"SIREN {siren}",
        _ => Missing,
    };

    private static string BasisWords(string basis) => basis switch
    {
        CostBases.AnnualCost => "coût annuel chargé",
        CostBases.HourlyCost => "coût horaire",
        CostBases.MarathonDefault => "forfait du marathon (pas un prix de revient)",
        _ => Or(basis),
    };

    private static string Or(string? value) => string.IsNullOrWhiteSpace(value) ? Missing : value.Trim();
}
