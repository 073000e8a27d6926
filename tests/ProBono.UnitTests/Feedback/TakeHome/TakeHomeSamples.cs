using ProBono.Feedback.TakeHome;
using ProBono.Feedback.TakeHome.Pdf;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>Hand-built records of one marathon's take-home documents, as the loaders would fill them.</summary>
internal static class TakeHomeSamples
{
    public static readonly Guid MarathonId = new("5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    public static readonly DateOnly Day = new(2030, 11, 16);

    // 08:12 UTC is 09:12 in Paris in November (UTC+1)
    private static DateTimeOffset At(int hour, int minute) => new(2030, 11, 16, hour, minute, 0, TimeSpan.Zero);

    public static TaxPack TaxPack() => new(
        "edf", "Électricité de France SA", "552081317", "22-30 avenue de Wagram, 75008 Paris",
        MarathonId, "Paris 2030", Day, 2030, 48_060m, Provisional: true, HourlyCapEur: 89.72m,
        [
            new TaxPackLine(
                new Guid("a1a1a1a1-0000-4000-8000-000000000001"), "Les Restos du Cœur", "W751234567", null, "42 rue de Clichy, 75009 Paris",
                "Refonte du site des bénévoles", 14, 1_063.65m,
                [
                    new TaxPackVolunteer(Guid.NewGuid(), "Aurélie Dupont", At(8, 12), 7, 62.23m, CostBases.AnnualCost, false, 435.61m),
                    new TaxPackVolunteer(Guid.NewGuid(), "Jean-Baptiste Lefèvre", At(8, 47), 7, 120.00m, CostBases.HourlyCost, true, 628.04m),
                ]),
            new TaxPackLine(
                new Guid("a1a1a1a1-0000-4000-8000-000000000002"), "Association Tremplin", null, null, null, "Plan de financement 2031", 7, 560.00m,
                [new TaxPackVolunteer(Guid.NewGuid(), "Zoé Martin", At(7, 58), 7, 80.00m, CostBases.MarathonDefault, false, 560.00m)]),
        ],
        1_623.65m,
        new TaxReduction(0.60m, 974.19m),
        [
            "PASS 2030 inconnu (Tax:Pass:2030) : celui de 2026 est appliqué, à titre provisoire.",
            "Association Tremplin : RNA ou SIREN manquant.",
            "Zoé Martin : valorisée au forfait du marathon, qui n'est pas un prix de revient.",
            "La réduction est limitée à 20 000 € ou 5 ‰ du chiffre d'affaires, et tombe à 40 % au-delà de 2 M€ : l'entreprise les applique.",
        ]);

    /// <summary>One association helped by <paramref name="count"/> volunteers; the last one is named so a test can find it.</summary>
    public static TaxPack LargeTaxPack(int count)
    {
        var volunteers = Enumerable.Range(1, count)
            .Select(i => new TaxPackVolunteer(Guid.NewGuid(), i == count ? "Zacharie Millième-Dernier" : $"Salarié Numéro {i:0000}",
                At(7, 0).AddSeconds(i * 7), 7, 50m, CostBases.HourlyCost, false, 350m))
            .ToList();
        var value = 350m * count;
        return TaxPack() with
        {
            Lines = [new TaxPackLine(Guid.NewGuid(), "Grande Association", "W123456789", null, "1 place de la République, 75003 Paris", "Tout refaire", 7 * count, value, volunteers)],
            TotalValueEur = value,
            Reduction = new TaxReduction(0.60m, value * 0.6m),
        };
    }

    public static Certificate Certificate(string? deliverable = "Un site refait, en ligne depuis le soir même") => new(
        MarathonId, Guid.NewGuid(), "Aurélie Dupont", "Électricité de France", "Paris 2030", Day, "Station F, Paris",
        "Les Restos du Cœur", "Refonte du site des bénévoles", 7, deliverable);

    public static PartnerReportDocument PartnerReport() => new(
        "edf", "Électricité de France", "Paris 2030", Day,
        Volunteers: 14, CheckedIn: 12, Hours: 84, ValueEur: 7_234.56m, Teams: 3, Associations: 2, Responded: 9, Nps: -11.1m, Csat: 4.25m,
        [
            new EmployeeLine(Guid.NewGuid(), "Aurélie Dupont", true, 7, 435.61m, Guid.NewGuid(), "Les Restos du Cœur"),
            new EmployeeLine(Guid.NewGuid(), "Jean-Baptiste Lefèvre", true, 7, 628.04m, Guid.NewGuid(), "Les Restos du Cœur"),
            new EmployeeLine(Guid.NewGuid(), "Noémie Garnier", false, 0, 0m, null, null),
        ],
        [
            new HelpedAssociation(Guid.NewGuid(), "Les Restos du Cœur", "Refonte du site des bénévoles", "Un site refait, en ligne"),
            new HelpedAssociation(Guid.NewGuid(), "Association Tremplin", "Plan de financement 2031", null),
        ]);
}
